"""Issue #4, concurrency: one ingest at a time per index, a clear message for the second
one (or a wait with --wait), and searches that run while an ingest commits see the old
or the new state, whole, never an error."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers_hostile import (
    CORPUS,
    REPO,
    assert_clean_cli_output,
    huigu_command,
    index_snapshot,
    needs_corpus,
    record_figure,
    run_huigu,
    snapshot_searcher,
    start_huigu,
    wholeness_problems,
    write_good_files,
)

EXAMPLES = REPO / "examples" / "reports"

HOLD_LOCK = """
import sys, time
from pathlib import Path
from huigu.store.whoosh.lock import IngestLock
with IngestLock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_lock(index: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the ingest lock for ``seconds`` (as a running ingest does)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    with holder.stdout:
        assert holder.stdout.readline().strip() == "locked"
    return holder


def _good_index(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "reports"
    write_good_files(folder)
    index = tmp_path / "index"
    run = run_huigu("ingest", str(folder), "--index", str(index), "-q", "--workers", "1")
    assert run.returncode == 0, run.describe()
    return folder, index


def test_a_live_ingest_makes_the_second_fail_with_a_clear_message(tmp_path):
    folder, index = _good_index(tmp_path)
    (folder / "新增.txt").write_text("云溪市统计局2023年工作总结\n一、主要成效\n完成第五次全国经济普查。\n", "utf-8")
    before = index_snapshot(index)
    holder = _hold_lock(index, 30)
    try:
        run = run_huigu("ingest", str(folder), "--index", str(index), "-q")
        record_figure("second_ingest_while_locked", run, stderr=run.stderr_lines)
        assert run.returncode == 2, run.describe()
        assert_clean_cli_output(run)
        assert run.stderr_lines == [f"错误：索引 {index} 正被进程 {holder.pid} 导入，请等它结束后再试（或加 --wait 秒数 等待）"]
        assert index_snapshot(index).files == before.files  # untouched
    finally:
        holder.kill()
        holder.wait()


def test_wait_lets_the_second_ingest_run_after_the_first(tmp_path):
    folder, index = _good_index(tmp_path)
    (folder / "新增.txt").write_text("云溪市统计局2023年工作总结\n一、主要成效\n完成第五次全国经济普查。\n", "utf-8")
    holder = _hold_lock(index, 3)
    try:
        run = run_huigu("ingest", str(folder), "--index", str(index), "-q", "--wait", "60")
    finally:
        holder.wait()
    assert run.returncode == 0, run.describe()
    assert_clean_cli_output(run)
    assert run.seconds >= 2, "it did not wait for the lock"
    snap = index_snapshot(index)
    assert "reports/新增.txt" in snap.files and wholeness_problems(snap) == []


def test_a_waiting_ingest_gives_up_with_the_same_message(tmp_path):
    folder, index = _good_index(tmp_path)
    holder = _hold_lock(index, 30)
    try:
        run = run_huigu("ingest", str(folder), "--index", str(index), "-q", "--wait", "1.5")
        assert run.returncode == 2 and run.seconds >= 1.5, run.describe()
        assert_clean_cli_output(run)
        assert f"正被进程 {holder.pid} 导入" in run.stderr, run.describe()
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/reports is missing")
def test_two_ingests_started_together(tmp_path):
    """Both at once on one index: one indexes, the other says the index is busy (or waits
    with --wait); the index ends whole and complete either way."""
    for wait in ("0", "120"):
        index = tmp_path / f"index-{wait}"
        procs = [subprocess.Popen(huigu_command("ingest", str(EXAMPLES), "--index", str(index), "-q",
                                                "--workers", "1", "--wait", wait),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = []
        for proc in procs:
            _, stderr = proc.communicate(timeout=300)
            outcomes.append((proc.returncode, stderr))
        codes = sorted(code for code, _ in outcomes)
        for code, stderr in outcomes:
            assert "Traceback" not in stderr, stderr
            if code == 2:
                assert "正被进程" in stderr and "--wait" in stderr, stderr
        assert codes in ([0, 0], [0, 2]) if wait == "0" else codes == [0, 0], outcomes
        snap = index_snapshot(index)
        assert wholeness_problems(snap) == []
        again = run_huigu("ingest", str(EXAMPLES), "--index", str(index), "-q", "--workers", "1")
        assert again.returncode == 0 and "新读入 0 个" in again.stdout, again.describe()


def test_stale_lock_file_of_a_dead_process_is_cleared_with_a_message(tmp_path):
    folder, index = _good_index(tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (index / "huigu.lock").write_text(str(dead.pid))
    (folder / "新增.txt").write_text("云溪市统计局2023年工作总结\n一、主要成效\n完成第五次全国经济普查。\n", "utf-8")
    run = run_huigu("ingest", str(folder), "--index", str(index), "-q")
    assert run.returncode == 0, run.describe()
    assert_clean_cli_output(run)
    assert f"提示：发现已退出的进程 {dead.pid} 留下的导入锁，已清除；上次中断的导入将在本次补全" in run.stderr_lines
    assert (index / "huigu.lock").read_text() == ""  # released


@needs_corpus()
@pytest.mark.corpus
def test_searches_while_an_ingest_commits_see_whole_states(tmp_path):
    """An ingest of the corpus commits every 3 files; meanwhile the test opens the index
    again and again (as every huigu command does), searches, and checks that what it
    sees is made of whole files and never shrinks; a searcher opened before keeps its
    state; ``huigu search`` subprocesses succeed."""
    from huigu import store
    from huigu.search import search

    _, index = _good_index(tmp_path)
    old_searcher = store.open_store(index).ix.searcher()
    old_state = snapshot_searcher(old_searcher)

    with open(tmp_path / "ingest.err", "wb") as stderr:
        ingest = start_huigu("ingest", str(CORPUS), "--index", str(index), "--workers", "2", "-q",
                             env={"HUIGU_COMMIT_EVERY": "3"}, stderr=stderr)
    seen_files: list[int] = []
    errors: list[str] = []
    cli_runs = []
    started = time.monotonic()
    try:
        while time.monotonic() - started < 40 and len(set(seen_files)) < 4 and ingest.poll() is None:
            try:
                ix = store.open_store(index)
                with ix.ix.searcher() as searcher:
                    snap = snapshot_searcher(searcher)
                problems = wholeness_problems(snap)
                if problems:
                    errors.append(f"not whole at {len(snap.files)} files: {problems[:3]}")
                search(ix, "科技创新 OR 乡村振兴", limit=5)
                search(ix, '"政府工作报告" year:2023-2025', limit=5)
                seen_files.append(len(snap.files))
                if snapshot_searcher(old_searcher) != old_state:
                    errors.append("a searcher opened before the ingest saw its state change")
            except Exception as err:  # noqa: BLE001 — any error is what this test looks for
                errors.append(f"{type(err).__name__}: {err}")
            if len(cli_runs) < 3 and time.monotonic() - started > 4 * (len(cli_runs) + 1):
                cli_runs.append(run_huigu("search", "科技创新", "--index", str(index), "--format", "json"))
    finally:
        if ingest.poll() is None:
            os.killpg(ingest.pid, signal.SIGKILL)
        ingest.wait()
        old_searcher.close()

    assert not errors, errors[:5]
    assert seen_files == sorted(seen_files), f"a search saw fewer files than an earlier one: {seen_files}"
    assert len(set(seen_files)) >= 3, f"too few commits happened while searching: {seen_files}"
    for run in cli_runs:
        assert run.returncode in (0, 1), run.describe()
        assert_clean_cli_output(run)
        json.loads(run.stdout)
    record_figure("searches_during_commits", searches=len(seen_files), states=sorted(set(seen_files)),
                  cli_search_seconds=[round(run.seconds, 2) for run in cli_runs],
                  cli_search_peak_mb=[round(run.peak_mb, 1) for run in cli_runs])
    print(f"{len(seen_files)} searches over {len(set(seen_files))} committed states: {sorted(set(seen_files))}")


def _open_new_index(path: str) -> str:
    from huigu.errors import HuiguError
    from huigu.store.whoosh.backend import open_index

    try:
        return f"{open_index(Path(path), create=True).doc_count()}"
    except HuiguError as err:
        return str(err)


def test_processes_creating_one_new_index_together(tmp_path):
    """Six processes open a folder that has no index yet, all at once (two ingests started
    together on a new --index): each gets the one empty index, none an error (whoosh's own
    create would clear the table of contents another process had just written)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(6) as pool:
        for n in range(5):
            folder = str(tmp_path / f"index-{n}")
            assert pool.map(_open_new_index, [folder] * 6) == ["0"] * 6
