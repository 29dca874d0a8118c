"""Ingest folders of reports into the index: find files, skip unchanged ones, process the
rest in worker processes, and commit whole files in batches.

Guarantees: a file's records are committed together or not at all; an interrupted run
(Ctrl-C, kill -9) leaves the last committed batch, and the next run completes the rest;
one bad file is reported and the others go on.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import store
from .lock import IngestLock
from .manifest import manifests_under
from .pipeline import FileResult, file_hash, process_file, records_for
from .read import is_candidate
from .records import HuiguError

# HUIGU_COMMIT_EVERY (files per commit) exists for the crash tests, which need many small
# commits to kill an ingest between and during them.
_COMMIT_EVERY_ENV = os.environ.get("HUIGU_COMMIT_EVERY", "").strip()
COMMIT_EVERY_FILES = int(_COMMIT_EVERY_ENV) if _COMMIT_EVERY_ENV.isdigit() and int(_COMMIT_EVERY_ENV) > 0 else 200
COMMIT_EVERY_SECONDS = 20.0
MAX_IN_FLIGHT_PER_WORKER = 4


# files that describe a folder rather than report anything
_NOT_REPORTS = {"readme.md", "readme.txt", "readme", "license", "license.md", "license.txt",
                "huigu.csv", "manifest.csv", "huigu.toml", "manifest.toml"}


@dataclass
class FoundFile:
    path: Path
    source: str
    root: str


@dataclass
class IngestReport:
    files_seen: int = 0
    files_indexed: int = 0
    files_unchanged: int = 0
    documents: int = 0
    passages: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


Progress = Callable[[str, dict], None]


def _walk(root: Path, report: IngestReport) -> Iterable[FoundFile]:
    """Files below ``root`` worth trying, without following directory links (no loops)."""
    root_name = root.name or root.resolve().name
    if root.is_file():
        yield FoundFile(root, root.name, "")
        return
    seen_real: set[str] = set()

    def on_error(err: OSError) -> None:
        report.skipped.append((str(Path(err.filename).relative_to(root.parent)) if err.filename else str(root),
                               f"无法读取目录：{err.strerror}"))

    for folder, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(folder) / name
            if name.lower() in _NOT_REPORTS or not is_candidate(path):
                continue
            source = f"{root_name}/{path.relative_to(root).as_posix()}"
            try:
                real = str(path.resolve(strict=True))
            except (OSError, RuntimeError):
                report.skipped.append((source, "链接指向的文件不存在或形成循环"))
                continue
            if real in seen_real:
                continue
            seen_real.add(real)
            yield FoundFile(path, source, root_name)


def find_files(paths: list[Path], report: IngestReport) -> list[FoundFile]:
    found = []
    for path in paths:
        if not path.exists():
            report.skipped.append((str(path), "路径不存在"))
            continue
        found.extend(_walk(path, report))
    return found


def ingest(paths: list[str | os.PathLike], index_path: str | os.PathLike | None = None, *,
           department: Optional[str] = None, year: Optional[int] = None, prune: bool = False,
           workers: Optional[int] = None, progress: Optional[Progress] = None,
           wait_for_lock: float = 0.0) -> IngestReport:
    """Index every report under ``paths``. Returns what happened; raises HuiguError only
    when nothing can be done at all (index not writable, locked by another ingest)."""
    started = time.perf_counter()
    report = IngestReport()
    index_path = store.index_dir(index_path)
    roots = [Path(p) for p in paths]
    notify = progress or (lambda event, info: None)
    with IngestLock(index_path, wait=wait_for_lock) as lock:
        if lock.cleared_stale:
            report.notices.append(lock.cleared_stale)
        ix = store.open_index(index_path, create=True)
        known = store.catalog(ix)
        manifest, manifest_errors = manifests_under(roots)
        report.notices.extend(manifest_errors)
        options = {k: v for k, v in (("department", department), ("year", year)) if v}
        files = find_files(roots, report)
        report.files_seen = len(files)
        todo = []
        for found in files:
            try:
                digest = file_hash(found.path)
            except OSError as err:
                report.skipped.append((found.source, f"无法读取文件：{err.strerror}"))
                continue
            if known.get(found.source) == digest and not options:
                report.files_unchanged += 1
                continue
            todo.append((found, digest))
        notify("start", {"total": len(todo), "unchanged": report.files_unchanged})
        _process_and_store(ix, todo, manifest, options, report, notify, workers)
        if prune:
            _prune(ix, roots, files, known, report)
        report.documents, report.passages = _totals(ix)
    report.seconds = time.perf_counter() - started
    notify("done", {})
    return report


def _totals(ix) -> tuple[int, int]:
    with ix.searcher() as searcher:
        docs = sum(1 for _ in searcher.document_numbers(rtype="document"))
        passages = sum(1 for _ in searcher.document_numbers(rtype="passage"))
    return docs, passages


def _prune(ix, roots: list[Path], files: list[FoundFile], known: dict[str, str], report: IngestReport) -> None:
    present = {f.source for f in files}
    prefixes = tuple(f"{(r.name or r.resolve().name)}/" for r in roots if r.is_dir())
    gone = [s for s in known if s.startswith(prefixes) and s not in present]
    if not gone:
        return
    with store.open_writer(ix) as writer:
        for source in gone:
            store.delete_file(writer, source)
    report.pruned.extend(gone)


def _process_and_store(ix, todo, manifest, options, report, notify, workers) -> None:
    if not todo:
        return
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    batch: list[FileResult] = []
    last_commit = time.perf_counter()

    def commit() -> None:
        nonlocal last_commit
        if batch:
            _commit_batch(ix, batch)
            batch.clear()
        last_commit = time.perf_counter()

    def accept(result: FileResult) -> None:
        notify("file", {"source": result.source, "error": result.error})
        if result.error:
            report.skipped.append((result.source, result.error))
            return
        report.files_indexed += 1
        report.warnings.extend((result.source, w) for w in result.warnings)
        batch.append(result)
        if len(batch) >= COMMIT_EVERY_FILES or time.perf_counter() - last_commit > COMMIT_EVERY_SECONDS:
            commit()

    jobs = [(found.path, found.source, digest, manifest.get(str(found.path.resolve())), options)
            for found, digest in todo]
    try:
        if workers <= 1 or len(jobs) <= 2:
            for job in jobs:
                accept(_safe_process(*job))
        else:
            _run_pool(jobs, workers, accept)
    finally:
        commit()


def _safe_process(path, source, digest, manifest_row, options) -> FileResult:
    """Read, describe and segment one file (in a worker): the result carries its records."""
    try:
        result = process_file(path, source, digest, manifest_row, options)
        if result.error is None:
            result.records = records_for(result)
            for item in result.documents:  # the records hold everything the main process needs
                item.sections.clear()
                for passage in item.passages:
                    passage.text = ""
        return result
    except RecursionError:
        return FileResult(source, digest, str(path), error="结构嵌套过深，无法处理")
    except MemoryError:
        return FileResult(source, digest, str(path), error="文件过大，处理时内存不足")
    except Exception as err:  # a bug must not stop the ingest; say which file and what
        return FileResult(source, digest, str(path), error=f"处理出错（{type(err).__name__}: {err}）")


def _exit_with_ingest(parent: int) -> None:
    """Worker initializer: a worker whose ingest died (kill -9) exits instead of waiting forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="huigu-watch-ingest", daemon=True).start()


def _run_pool(jobs, workers, accept) -> None:
    pending = list(reversed(jobs))
    while pending:
        # spawn: workers start clean (no inherited threads or locks) and load jieba themselves
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_exit_with_ingest, initargs=(os.getpid(),)) as pool:
            in_flight = {}
            try:
                while pending or in_flight:
                    while pending and len(in_flight) < workers * MAX_IN_FLIGHT_PER_WORKER:
                        job = pending.pop()
                        in_flight[pool.submit(_safe_process, *job)] = job
                    done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        job = in_flight.pop(future)
                        accept(future.result())
            except BrokenProcessPool:
                # a worker died (out of memory, killed): name the files in flight, go on with the rest
                for future, job in in_flight.items():
                    accept(FileResult(job[1], job[2], str(job[0]), error="处理该文件的进程意外退出（可能内存不足）"))
                in_flight.clear()


def _commit_batch(ix, batch: list[FileResult]) -> None:
    try:
        with store.open_writer(ix) as writer:
            for result in batch:
                store.delete_file(writer, result.source)
                store.add_records(writer, result.records)
    except OSError as err:
        raise HuiguError(f"写入索引失败（{err.strerror or err}）：已有的索引保持不变；请检查磁盘空间和目录权限") from err
