"""Ingest folders of reports into the index: find files, skip unchanged ones, process the
rest in worker processes, and commit whole files in batches.

Guarantees: a file's records are committed together or not at all; an interrupted run
(Ctrl-C, kill -9) leaves the last committed batch, and the next run completes the rest;
one bad file is reported and the others go on.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from huigu.store import location_of, open_store
from huigu.ingest.manifest import manifests_under
from huigu.ingest.pipeline import FileResult, file_hash
from huigu.ingest.process import safe_process
from huigu.ingest.read import is_candidate
from huigu.ingest.read.legacy import missing_notice as missing_libreoffice_notice
from huigu.errors import HuiguError
# commits to kill an ingest between and during them.
_COMMIT_EVERY_ENV = os.environ.get("HUIGU_COMMIT_EVERY", "").strip()
COMMIT_EVERY_FILES = int(_COMMIT_EVERY_ENV) if _COMMIT_EVERY_ENV.isdigit() and int(_COMMIT_EVERY_ENV) > 0 else 2000
COMMIT_EVERY_SECONDS = 90.0
PARALLEL_FROM_FILES = 8  # fewer files are done in this process: starting workers costs more


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
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, the indexed file with the same content)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (new source, old source gone from its folder)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0


Progress = Callable[[str, dict], None]


def _unreadable(err: OSError, what: str, note: str = "") -> str:
    """Why a file or folder (``what``) cannot be read, and what to do, in one line."""
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"没有读取该{what}的权限{note}：请检查{what}权限（或换有权限的用户）后重新导入"
    return f"无法读取该{what}（{err.strerror or type(err).__name__}）{note}：请检查{what}是否完好、磁盘是否正常后重新导入"


def _walk(root: Path, report: IngestReport) -> Iterable[FoundFile]:
    """Files below ``root`` worth trying, without following directory links (no loops)."""
    root_name = root.name or root.resolve().name
    if root.is_file():
        yield FoundFile(root, root.name, "")
        return
    seen_real: set[str] = set()

    def on_error(err: OSError) -> None:
        report.skipped.append((str(Path(err.filename).relative_to(root.parent)) if err.filename else str(root),
                               _unreadable(err, "文件夹", "，其中的文件均未导入")))

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
                report.skipped.append((source, "链接指向的文件不存在或形成循环：请修复或删除该链接"))
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


def ingest(paths: list[str | os.PathLike], index=None, *,
           department: Optional[str] = None, year: Optional[int] = None, prune: bool = False,
           workers: Optional[int] = None, progress: Optional[Progress] = None,
           wait_for_lock: float = 0.0) -> IngestReport:
    """Index every report under ``paths`` into ``index`` (a Store, or where one is: a
    folder or a database URL; created when missing).  Returns what happened; raises
    HuiguError only when nothing can be done at all (not writable, locked by another ingest)."""
    started = time.perf_counter()
    report = IngestReport()
    own = not hasattr(index, "writer")
    store = open_store(location_of(index), create=True) if own else index
    try:
        return _ingest(store, paths, department, year, prune, workers, progress, wait_for_lock, started, report)
    finally:
        if own:
            store.close()


def _ingest(store, paths, department, year, prune, workers, progress, wait_for_lock, started, report) -> IngestReport:
    roots = [Path(p) for p in paths]
    notify = progress or (lambda event, info: None)
    with store.ingest_lock(wait_for_lock) as lock:
        if getattr(lock, "cleared_stale", None):
            report.notices.append(lock.cleared_stale)
        known = store.catalog()
        manifest, manifest_errors = manifests_under(roots)
        report.notices.extend(manifest_errors)
        options = {k: v for k, v in (("department", department), ("year", year)) if v}
        check_user_dictionary()
        files = find_files(roots, report)
        report.files_seen = len(files)
        todo = _changed_files(files, known, manifest, options, roots, report)
        notify("start", {"total": len(todo), "unchanged": report.files_unchanged})
        _process_and_store(store, todo, manifest, options, report, notify, workers)
        _copies_of_unreadable(report)
        report.notices.extend(filter(None, [missing_libreoffice_notice(report.skipped)]))
        _forget_moved(store, report)
        if prune:
            _prune(store, roots, files, known, report)
        report.documents, report.passages = store.counts()
    report.seconds = time.perf_counter() - started
    notify("done", {})
    return report


def check_user_dictionary() -> None:
    """A user dictionary named in HUIGU_USER_DICT must exist and be UTF-8 (jieba's format)."""
    from huigu.ingest.tokenize import USER_DICT_ENV

    path = os.environ.get(USER_DICT_ENV)
    if not path:
        return
    if not Path(path).is_file():
        raise HuiguError(f"用户词典 {path} 不存在（环境变量 {USER_DICT_ENV}）：请检查路径")
    try:
        Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise HuiguError(f"用户词典 {path} 不是 UTF-8 编码：请另存为 UTF-8 后重新导入") from None


def _stamp(digest: str, manifest_row: Optional[dict]) -> str:
    """What a file's index entry is built from: its content, and its manifest row if any
    (so a manifest edited later takes effect on the next run)."""
    if not manifest_row:
        return digest
    row = json.dumps(manifest_row, sort_keys=True, ensure_ascii=False).encode()
    return f"{digest}:{hashlib.sha1(row).hexdigest()[:12]}"


def _changed_files(files, known: dict[str, str], manifest, options, roots, report) -> list:
    """The files to (re)index; unchanged ones and copies of files already indexed are counted."""
    under_roots = tuple(f"{(r.name or r.resolve().name)}/" for r in roots if r.is_dir())
    present = {f.source for f in files}
    indexed_by_content = {stamp.split(":")[0]: source for source, stamp in known.items()}
    todo = []
    for found in files:
        try:
            digest = file_hash(found.path)
        except OSError as err:
            report.skipped.append((found.source, _unreadable(err, "文件")))
            continue
        stamp = _stamp(digest, manifest.get(str(found.path.resolve())))
        if known.get(found.source) == stamp and not options:
            report.files_unchanged += 1
            continue
        other = indexed_by_content.get(digest)
        moved = other is not None and other not in present and other.startswith(under_roots)
        if other is not None and other != found.source and not moved:
            report.duplicates.append((found.source, other))
            continue
        if moved:
            report.moved.append((found.source, other))
        indexed_by_content[digest] = found.source
        todo.append((found, stamp))
    return todo


def _copies_of_unreadable(report: IngestReport) -> None:
    """A copy of a file this run could not read was not imported either: say why, rather
    than call it a copy of an imported file."""
    failed = dict(report.skipped)
    for source, other in list(report.duplicates):
        if other in failed:
            report.duplicates.remove((source, other))
            report.skipped.append((source, f"与 {other} 内容相同，同样无法导入：{failed[other]}"))


def _forget_moved(store, report: IngestReport) -> None:
    """A file found under a new name with the content of a vanished one: drop the old entry
    once the new one is indexed, so the same document is not held twice."""
    indexed = {source for source, _ in report.moved} - {source for source, _ in report.skipped}
    old = [previous for source, previous in report.moved if source in indexed]
    if old:
        with store.writer() as batch:
            for source in old:
                batch.delete_file(source)


def _prune(store, roots: list[Path], files: list[FoundFile], known: dict[str, str], report: IngestReport) -> None:
    present = {f.source for f in files}
    prefixes = tuple(f"{(r.name or r.resolve().name)}/" for r in roots if r.is_dir())
    gone = [s for s in known if s.startswith(prefixes) and s not in present]
    if not gone:
        return
    with store.writer() as batch:
        for source in gone:
            batch.delete_file(source)
    report.pruned.extend(gone)


def _process_and_store(store, todo, manifest, options, report, notify, workers) -> None:
    if not todo:
        return
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)

    def accept(outcome) -> None:
        notify("file", {"source": outcome.source, "error": outcome.error})
        if outcome.error:
            report.skipped.append((outcome.source, outcome.error))
            return
        report.files_indexed += 1
        report.warnings.extend((outcome.source, w) for w in outcome.warnings)

    jobs = [(found.path, found.source, digest, manifest.get(str(found.path.resolve())), options)
            for found, digest in todo]
    if workers > 1 and len(jobs) >= PARALLEL_FROM_FILES:
        _run_workers(store, jobs, workers, accept)
        return
    batch: list[FileResult] = []
    last_commit = time.perf_counter()
    try:
        for job in jobs:
            result = safe_process(*job)
            accept(result)
            if result.error is None:
                batch.append(result)
            if len(batch) >= COMMIT_EVERY_FILES or time.perf_counter() - last_commit > COMMIT_EVERY_SECONDS:
                _commit_batch(store, [(r.source, r.records) for r in batch])
                batch.clear()
                last_commit = time.perf_counter()
    finally:
        if batch:
            _commit_batch(store, [(r.source, r.records) for r in batch])


def _run_workers(store, jobs, workers, accept_outcome) -> None:
    """Read and segment in ``workers`` processes, committing whole batches: a store that
    takes segments gets one from each worker; any other gets the workers' records."""
    from huigu.ingest.workers import WorkerPool

    last_commit = [time.perf_counter()]
    files_since = [0]

    def accept(outcome) -> None:
        files_since[0] += 1
        accept_outcome(outcome)

    def batch_due() -> bool:
        return files_since[0] >= COMMIT_EVERY_FILES or time.perf_counter() - last_commit[0] > COMMIT_EVERY_SECONDS

    def commit(segments, sources, records) -> None:
        try:
            if records:
                _commit_batch(store, records)
            else:
                store.commit_segments(segments, sources)
        except OSError as err:
            raise _write_failed(err, store) from err
        last_commit[0] = time.perf_counter()
        files_since[0] = 0

    pool = WorkerPool(store.location, workers, segments=bool(getattr(store, "supports_segments", False)))
    try:
        pool.run(jobs, accept, commit, batch_due)
    except OSError as err:  # a worker could not write its segment: nothing of the batch is committed
        raise _write_failed(err, store) from err
    finally:
        pool.close()


_WRITE_FAILURES = {
    errno.ENOSPC: ("磁盘空间不足", "请清理磁盘空间后重新导入"),
    errno.EDQUOT: ("超出磁盘配额", "请清理磁盘空间后重新导入"),
    errno.EFBIG: ("文件超过系统允许的大小", "请检查磁盘空间和文件大小限制（ulimit -f）后重新导入"),
    errno.EACCES: ("没有写权限", "请检查索引目录的写权限，或用 --index 指定可写的目录"),
    errno.EPERM: ("没有写权限", "请检查索引目录的写权限，或用 --index 指定可写的目录"),
    errno.EROFS: ("文件系统只读", "请用 --index 指定可写的目录"),
}


def _write_failed(err: OSError, store) -> HuiguError:
    """One line for a failed write to the index: where, why, that nothing was lost, what to do."""
    why, advice = _WRITE_FAILURES.get(err.errno, (err.strerror or str(err), "请检查磁盘空间和目录权限后重新导入"))
    return HuiguError(f"写入索引 {store.location} 失败（{why}）：已有的索引保持不变；{advice}")


def _commit_batch(store, files: list[tuple[str, list[dict]]]) -> None:
    """One transaction: each file's old records replaced by its new ones."""
    try:
        with store.writer() as batch:
            for source, records in files:
                batch.replace_file(source, records)
    except OSError as err:
        raise _write_failed(err, store) from err
