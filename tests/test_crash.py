"""Issue #4, crashes: kill -9 at random moments of an ingest of the shared corpus, a full
disk and a read-only index directory.

After every kill the index opens, holds whole files only (each file in it has exactly
the documents and passages a clean run gives it, nothing lacks its file record), no
process of the killed ingest lives on, and the next ingest says it cleared the dead
process's lock and completes the index to exactly what a clean run produces.

The clean run is the pipeline itself (``process_file`` for every file, as ``ingest``
calls it): a clean ingest stores exactly those documents and passages, so comparing the
index with them is the same check as comparing with a clean index, at a fraction of
the time (a clean ingest of the corpus takes about a minute).
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from helpers_hostile import (
    CORPUS,
    GOOD_FILES,
    REPO,
    Snapshot,
    assert_clean_cli_output,
    index_snapshot,
    needs_corpus,
    permissions_apply,
    record_figure,
    run_huigu,
    start_huigu,
    wholeness_problems,
    write_good_files,
)

COMMIT_EVERY = 5  # files per commit during the kill test: many commits to land in
SEED = int(os.environ.get("HUIGU_CRASH_SEED") or time.time_ns() % 100_000)
EXAMPLES = REPO / "examples" / "reports"


# -- the clean-run oracle --------------------------------------------------------------------------


def clean_run(roots: list[Path]) -> dict[str, dict]:
    """source → {"hash", "documents": {doc id, …}, "passages": {passage id: text}} for a
    clean ingest of ``roots``, from the pipeline ingest runs (same manifest, no options)."""
    from huigu.ingest.runner import IngestReport, find_files
    from huigu.ingest.manifest import manifests_under
    from huigu.ingest.pipeline import file_hash, process_file

    report = IngestReport()
    manifest, _ = manifests_under(roots)
    expected = {}
    for found in find_files(roots, report):
        digest = file_hash(found.path)
        result = process_file(found.path, found.source, digest, manifest.get(str(found.path.resolve())), {})
        if result.error:
            continue
        expected[found.source] = {
            "hash": digest,
            "documents": {item.document.id for item in result.documents},
            "passages": {p.id: p.text for item in result.documents for p in item.passages},
        }
    return expected


def as_expected(snap: Snapshot) -> dict[str, dict]:
    """The snapshot in the oracle's shape."""
    out = {source: {"hash": digest, "documents": set(), "passages": {}} for source, digest in snap.files.items()}
    for doc_id, doc in snap.documents.items():
        out.setdefault(doc["source"], {"hash": None, "documents": set(), "passages": {}})["documents"].add(doc_id)
    for pid, passage in snap.passages.items():
        out.setdefault(passage["source"], {"hash": None, "documents": set(), "passages": {}})["passages"][pid] = \
            passage["text"]
    return out


@pytest.fixture(scope="module")
def corpus_oracle():
    return clean_run([CORPUS])


# -- kill -9 ---------------------------------------------------------------------------------------


def _generation(index: Path) -> int:
    """The index's commit count so far (whoosh names each table of contents by it)."""
    gens = [int(p.name.split("_")[-1].split(".")[0]) for p in index.glob("_MAIN_*.toc")]
    return max(gens, default=-1)


def _writer_open(index: Path) -> bool:
    """Is a whoosh writer holding the index's write lock right now? (Linux /proc/locks,
    read without touching the lock.)"""
    try:
        inode = (index / "MAIN_WRITELOCK").stat().st_ino
        locks = Path("/proc/locks").read_text()
    except OSError:
        return False
    return any(fields[5].endswith(f":{inode}") for fields in (line.split() for line in locks.splitlines())
               if len(fields) > 5)


def _group_gone(pgid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _kill_at_random_moment(root: Path, index: Path, log: Path, rng: random.Random, deadline: float,
                           workers: int, mode: str, commit_every: int) -> dict:
    """Start an ingest of ``root``, kill -9 it at a random moment, return what happened.

    ``delay``: after a random number (0–3) of further commits, a random delay (0.5–4 s)
    later: before the first commit, between commits, or inside one.  ``in_commit``:
    after 0–2 further commits, as soon as a writer holds the index (0–30 ms into it).
    """
    with open(log, "wb") as stderr:
        proc = start_huigu("ingest", str(root), "--index", str(index), "--workers", str(workers), "-q",
                           env={"HUIGU_COMMIT_EVERY": str(commit_every), "PYTHONDONTWRITEBYTECODE": "1"},
                           stderr=stderr)
    started = time.monotonic()
    at_start = _generation(index)
    commits = rng.randint(0, 3) if mode == "delay" else rng.randint(0, 2)
    while proc.poll() is None and _generation(index) < at_start + commits and time.monotonic() < deadline:
        time.sleep(0.01)
    if mode == "delay":
        time.sleep(rng.uniform(0.5, 4.0))
    else:
        def wait_for_writer() -> None:
            while proc.poll() is None and not _writer_open(index) and time.monotonic() < deadline:
                time.sleep(0.002)

        wait_for_writer()
        time.sleep(rng.uniform(0.0, 0.03))
        if not _writer_open(index):  # that commit was quicker: kill in the next one at once
            wait_for_writer()
    writing = _writer_open(index)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)  # the ingest itself, as the OOM killer or kill -9 would
    proc.wait()
    event = {"mode": mode, "workers": workers, "after_s": round(time.monotonic() - started, 2),
             "commits_before": _generation(index) - at_start, "finished_first": finished, "writer_open": writing,
             "pid": proc.pid}
    # its worker processes notice and exit by themselves
    event["workers_gone"] = _group_gone(proc.pid, within=15.0)
    if not event["workers_gone"]:
        os.killpg(proc.pid, signal.SIGKILL)
    return event


def kill_and_resume(root: Path, tmp_path: Path, oracle: dict, modes: list[str], commit_every: int,
                    seed: int) -> list[dict]:
    """Kill successive ingests of ``root`` (workers 2, 1, 2, …) at the moments ``modes``
    pick; after each, the index must open and hold whole files only; then an ingest to
    the end must give exactly ``oracle``. Returns the timeline."""
    rng = random.Random(seed)
    index = tmp_path / "index"
    timeline: list[dict] = []
    deadline = time.monotonic() + 400
    previous_files = 0
    for number, mode in enumerate(modes):
        event = _kill_at_random_moment(root, index, tmp_path / f"run{number}.err", rng, deadline,
                                       workers=1 if number % 2 else 2, mode=mode, commit_every=commit_every)
        timeline.append(event)
        context = f"seed {seed} (set HUIGU_CRASH_SEED to replay), kill {number + 1}: {timeline}"
        assert event["workers_gone"], f"worker processes outlived the killed ingest; {context}"
        log = (tmp_path / f"run{number}.err").read_text("utf-8", "replace")
        assert "Traceback" not in log, log
        if not index.exists() or _generation(index) < 0:
            continue  # killed before the index was created
        snap = index_snapshot(index)  # the index always opens
        assert wholeness_problems(snap) == [], context
        held = as_expected(snap)
        for source, content in held.items():
            assert source in oracle, f"{source} is not a file of {root}; {context}"
            assert content == oracle[source], f"{source} is not whole after the kill; {context}"
        assert len(held) >= previous_files, f"committed files were lost; {context}"
        previous_files = len(held)
        if event["finished_first"]:
            break

    final = run_huigu("ingest", str(root), "--index", str(index), "--workers", "2", "-q",
                      env={"HUIGU_COMMIT_EVERY": str(commit_every)}, timeout=600)
    assert final.returncode == 0, final.describe()
    assert_clean_cli_output(final)
    if timeline and not timeline[-1]["finished_first"] and previous_files:
        assert f"发现已退出的进程 {timeline[-1]['pid']} 留下的导入锁，已清除" in final.stderr, final.describe()
        assert f"未改动跳过 {previous_files} 个" in final.stdout, final.describe()
    snap = index_snapshot(index)
    assert wholeness_problems(snap) == []
    assert as_expected(snap) == oracle, f"seed {seed}: the completed index differs from a clean run"
    timeline.append({"final_run_s": round(final.seconds, 1), "final_peak_mb": round(final.peak_mb)})
    print(f"kill timeline (seed {seed}): {timeline}")
    record_figure(f"kill_9_{root.name}", final, seed=seed, kills=timeline[:-1])
    return timeline


@needs_corpus()
@pytest.mark.corpus
@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_whole_files_and_resumes(tmp_path, corpus_oracle):
    """Three kills of ingests of ../shared/corpus (5 files per commit), then completion."""
    rng = random.Random(SEED)
    modes = ["in_commit", "delay", rng.choice(["in_commit", "delay"])]
    kill_and_resume(CORPUS, tmp_path, corpus_oracle, modes, COMMIT_EVERY, SEED)


def _many_reports(folder: Path, count: int = 40) -> Path:
    """``count`` small, distinct reports: enough one-file commits that no run ends before its kill."""
    folder.mkdir(parents=True)
    for i in range(count):
        items = "".join(f"（{j + 1}）第{i}号文件第{j}项重点任务全面完成，群众满意度明显提升。\n" for j in range(25))
        (folder / f"第{i:02d}号总结.txt").write_text(
            f"云溪市第{i}局{2000 + i}年工作总结\n一、主要成效\n{items}二、下一步打算\n继续推进第{i}项改革。\n", "utf-8")
    return folder


def test_kill_9_inside_commits(tmp_path):
    """Four kills, each while a writer holds the index (one file per commit): cheap, and
    sure to hit commits in both ingest paths."""
    folder = _many_reports(tmp_path / "reports")
    timeline = kill_and_resume(folder, tmp_path, clean_run([folder]), ["in_commit"] * 4, 1, SEED)
    assert any(event.get("writer_open") for event in timeline), timeline


def test_stale_lock_of_a_killed_ingest_is_cleared_with_a_message(tmp_path):
    """The lock file of an ingest killed before it committed anything: cleared, said, done."""
    folder = tmp_path / "reports"
    write_good_files(folder)
    index = tmp_path / "index"
    proc = start_huigu("ingest", str(folder), "--index", str(index), "--workers", "1", "-q")
    lock = index / "huigu.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if lock.read_text().strip() != str(proc.pid):
        pytest.skip("the ingest finished before it could be killed")
    run = run_huigu("ingest", str(folder), "--index", str(index), "-q")
    record_figure("stale_lock_after_kill", run)
    assert run.returncode == 0, run.describe()
    assert_clean_cli_output(run)
    assert f"提示：发现已退出的进程 {proc.pid} 留下的导入锁，已清除" in run.stderr, run.describe()
    assert len(index_snapshot(index).files) == len(GOOD_FILES)


# -- full disk, read-only directory ----------------------------------------------------------------


def _base_index(tmp_path: Path) -> tuple[Path, Snapshot]:
    folder = tmp_path / "reports"
    write_good_files(folder)
    index = tmp_path / "index"
    run = run_huigu("ingest", str(folder), "--index", str(index), "-q", "--workers", "1")
    assert run.returncode == 0, run.describe()
    return index, index_snapshot(index)


def _assert_intact(index: Path, before: Snapshot) -> None:
    from huigu import store
    from huigu.search import search

    after = index_snapshot(index)
    assert as_expected(after) == as_expected(before)
    ix = store.open_store(index)
    for rel, query, text in GOOD_FILES:
        assert any(text in hit.data["text"] for hit in search(ix, query).hits), query
    search_run = run_huigu("search", GOOD_FILES[0][1], "--index", str(index), "--format", "json")
    assert search_run.returncode == 0, search_run.describe()


def _assert_one_line_error(run, *fragments: str) -> None:
    assert run.returncode == 2, run.describe()
    assert_clean_cli_output(run)
    errors = [line for line in run.stderr_lines if line.startswith("错误：")]
    assert len(errors) == 1, run.describe()
    for fragment in fragments:
        assert fragment in errors[0], run.describe()



@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/reports is missing")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_file_size_limit_during_commit_leaves_the_index_intact(tmp_path, workers):
    """Writes fail with EFBIG (RLIMIT_FSIZE, SIGXFSZ ignored), as they fail with ENOSPC on a
    full disk: one clear line, exit 2, the previous index whole and searchable."""
    index, before = _base_index(tmp_path)
    run = run_huigu("ingest", str(EXAMPLES), "--index", str(index), "-q", "--workers", workers,
                    env={"PYTHONDONTWRITEBYTECODE": "1"}, file_size_limit=32 * 1024)
    record_figure(f"file_size_limit_workers_{workers}", run, stderr=run.stderr_lines[:2])
    _assert_intact(index, before)
    _assert_one_line_error(run, f"写入索引 {index} 失败", "已有的索引保持不变", "文件大小限制")
    # once there is room again, the same ingest completes
    again = run_huigu("ingest", str(EXAMPLES), "--index", str(index), "-q", "--workers", "1")
    assert again.returncode in (0, 1), again.describe()
    assert_clean_cli_output(again)
    assert wholeness_problems(index_snapshot(index)) == []


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/reports is missing")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_really_full_disk_leaves_the_index_intact(tmp_path, workers):
    """A real ENOSPC: the index on a 16 MB tmpfs, filled up before the ingest."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "16m"):
        pytest.skip("cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN); "
                    "test_file_size_limit_during_commit_leaves_the_index_intact covers the same path")
    try:
        folder = tmp_path / "reports"
        write_good_files(folder)
        index = disk / "index"
        run = run_huigu("ingest", str(folder), "--index", str(index), "-q", "--workers", "1")
        assert run.returncode == 0, run.describe()
        before = index_snapshot(index)
        filler = disk / "filler"
        with open(filler, "wb") as handle:  # leave about 16 KB free
            free = shutil.disk_usage(disk).free - 16 * 1024
            handle.write(b"\0" * max(0, free))
        run = run_huigu("ingest", str(EXAMPLES), "--index", str(index), "-q", "--workers", workers)
        record_figure(f"disk_full_tmpfs_workers_{workers}", run, stderr=run.stderr_lines[:2])
        _assert_intact(index, before)
        _assert_one_line_error(run, f"写入索引 {index} 失败（磁盘空间不足）", "已有的索引保持不变", "请清理磁盘空间")
        filler.unlink()
        again = run_huigu("ingest", str(EXAMPLES), "--index", str(index), "-q", "--workers", "1")
        assert again.returncode in (0, 1), again.describe()
        assert wholeness_problems(index_snapshot(index)) == []
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_read_only_index_directory(tmp_path):
    """chmod 555 on the index: ingest fails with one line, the index stays intact and
    search still works."""
    why_not = permissions_apply()
    if why_not:
        pytest.skip(why_not)
    index, before = _base_index(tmp_path)
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "2024年总结.txt").write_text("云溪市科技局2024年工作总结\n一、主要成效\n新增省级创新平台5个。\n", "utf-8")
    index.chmod(0o555)
    try:
        run = run_huigu("ingest", str(extra), "--index", str(index), "-q", "--workers", "1", unprivileged=True)
        record_figure("read_only_index_directory", run, stderr=run.stderr_lines)
        _assert_one_line_error(run, str(index))
        searched = run_huigu("search", GOOD_FILES[0][1], "--index", str(index), "--format", "json", unprivileged=True)
        assert searched.returncode == 0, searched.describe()
        assert_clean_cli_output(searched)
    finally:
        index.chmod(0o755)
    _assert_intact(index, before)


def test_read_only_index_files(tmp_path):
    """Every file of the index read-only too (a copy from a read-only share)."""
    why_not = permissions_apply()
    if why_not:
        pytest.skip(why_not)
    index, before = _base_index(tmp_path)
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "2024年总结.txt").write_text("云溪市科技局2024年工作总结\n一、主要成效\n新增省级创新平台5个。\n", "utf-8")
    paths = [index, *index.iterdir()]
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        run = run_huigu("ingest", str(extra), "--index", str(index), "-q", "--workers", "1", unprivileged=True)
        record_figure("read_only_index_files", run, stderr=run.stderr_lines)
        _assert_one_line_error(run, str(index))
    finally:
        for path in paths:
            path.chmod(0o755 if path.is_dir() else 0o644)
    _assert_intact(index, before)
