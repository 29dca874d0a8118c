"""Ingest throughput against the jieba segmentation floor.

    .venv/bin/python benchmarks/bench_ingest.py            # ../shared/corpus and ../shared/corpus-laws
    .venv/bin/python benchmarks/bench_ingest.py --quick    # ../shared/corpus only
    .venv/bin/python benchmarks/bench_ingest.py --json

For each corpus, in one run:

* a full ingest into a fresh temporary index (default workers), in a child process:
  wall time, MB/s, passages/s, peak RSS of the process tree (psutil polling of the
  child and its workers), CPU seconds of the main process and of the workers, and where
  the main process spent its time (huigu functions wrapped with timers);
* a no-change re-ingest of the same folder into the same index;
* the segmentation floor: a fresh interpreter reads and decodes every file with
  ``huigu.ingest.read.read_file``, then runs ``jieba.cut_for_search`` over all the text in
  one process — the time jieba alone needs for the text.  Target (issue 2): the whole
  ingest, which may use both cores, ≤ 3 × that floor.  The ratio to half the floor
  (jieba itself spread over two processes, a stricter bar) is printed beside it;
* where the time goes: every process of the ingest (main and workers) loads
  ``_instrument/sitecustomize.py``, which wraps huigu's stage functions with timers.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

TARGET_RATIO = 3.0
POLL_SECONDS = 0.05
INSTRUMENT = Path(__file__).resolve().parent / "_instrument"


# ── children: run in a fresh interpreter, print one JSON line ────────────────


def child_ingest(index: str, folders: list[str]) -> dict:
    """One ingest (default workers). Stage timers come from _instrument/sitecustomize.py."""
    import huigu.ingest.runner
    started = time.perf_counter()
    report = huigu.ingest.runner.ingest([Path(f) for f in folders], Path(index))
    wall = time.perf_counter() - started
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "pid": os.getpid(), "wall": wall, "files_seen": report.files_seen, "files_indexed": report.files_indexed,
        "files_unchanged": report.files_unchanged, "skipped": len(report.skipped),
        "skipped_examples": report.skipped[:5], "documents": report.documents, "passages": report.passages,
        "main_cpu": me.ru_utime + me.ru_stime, "workers_cpu": kids.ru_utime + kids.ru_stime,
        "main_maxrss_mb": me.ru_maxrss / 1024, "worker_maxrss_mb": kids.ru_maxrss / 1024,
    }


def child_jieba(folders: list[str]) -> dict:
    """Read+decode every file, then jieba.cut_for_search over all of it, one process."""
    from huigu.ingest.read import read_file

    started = time.perf_counter()
    texts = []
    failed = 0
    for path in C.corpus_files([Path(f) for f in folders]):
        try:
            texts.append("\n".join(read_file(path).lines))
        except Exception:  # noqa: BLE001 - unreadable files are skipped by ingest too
            failed += 1
    read_seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts)

    started = time.perf_counter()
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    init_seconds = time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    tokens = 0
    for text in texts:
        for _ in jieba.cut_for_search(text):
            tokens += 1
    cut_seconds = time.perf_counter() - started
    cut_cpu = time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:  # precise mode, HMM on: what huigu.ingest.tokenize.words runs
        for _ in jieba.cut(text):
            pass
    precise_seconds = time.perf_counter() - started
    precise_cpu = time.process_time() - cpu

    from huigu.ingest.tokenize import grams

    started = time.perf_counter()
    for text in texts:
        grams(text)
    grams_seconds = time.perf_counter() - started
    return {"files": len(texts), "failed": failed, "chars": chars, "read_seconds": read_seconds,
            "init_seconds": init_seconds, "cut_seconds": cut_seconds, "cut_cpu": cut_cpu, "tokens": tokens,
            "precise_seconds": precise_seconds, "precise_cpu": precise_cpu,
            "grams_seconds": grams_seconds}


# ── the parent: run children, measure the process tree ───────────────────────


def run_child(args: list[str], timers: bool = False) -> tuple[dict, float, float, list[dict]]:
    """Run ``bench_ingest.py --_child ...``; returns (its JSON, wall seconds, peak tree RSS MB,
    per-process timer dumps when ``timers``)."""
    import psutil

    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="huigu-bench-timers-") as timer_dir:
        if timers:
            env["HUIGU_BENCH_TIMERS"] = timer_dir
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(INSTRUMENT), env.get("PYTHONPATH", "")]))
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(C.ROOT),
                                env=env)
        peak = 0
        try:
            root = psutil.Process(proc.pid)
            while proc.poll() is None:
                try:
                    rss = 0
                    for p in [root] + root.children(recursive=True):
                        try:
                            rss += p.memory_info().rss
                        except psutil.Error:
                            pass
                    peak = max(peak, rss)
                except psutil.Error:
                    pass
                time.sleep(POLL_SECONDS)
        finally:
            out, err = proc.communicate()
        wall = time.perf_counter() - started
        dumps = [json.loads(p.read_text()) for p in Path(timer_dir).glob("*.json")] if timers else []
    if proc.returncode != 0:
        raise SystemExit(f"child {' '.join(args[:2])} failed ({proc.returncode}):\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1]), wall, peak / 1024 / 1024, dumps


def split_timers(result: dict, dumps: list[dict]) -> None:
    """Main-process timers and the workers' (summed) timers into ``result``."""
    main = next((d for d in dumps if d["pid"] == result["pid"]), {"seconds": {}, "calls": {}})
    workers = [d for d in dumps if d["pid"] != result["pid"]]
    summed, cpu, calls = {}, {}, {}
    for d in workers:
        for k, v in d["seconds"].items():
            summed[k] = summed.get(k, 0.0) + v
        for k, v in d.get("cpu", {}).items():
            cpu[k] = cpu.get(k, 0.0) + v
        for k, v in d["calls"].items():
            calls[k] = calls.get(k, 0) + v
    result["main_timers"] = main["seconds"]
    result["main_cpu_timers"] = main.get("cpu", {})
    result["main_calls"] = main["calls"]
    result["worker_timers"] = summed
    result["worker_cpu_timers"] = cpu
    result["worker_calls"] = calls
    # processes that did ingest work (the spawn context's resource tracker runs none of it)
    result["worker_processes"] = sum(1 for d in workers if d["calls"].get("pipeline.process_file"))


def _ingest_child(index: str, folders: list[Path]) -> dict:
    """One timed ``huigu`` ingest of ``folders`` into ``index`` in a child process."""
    run, wall, peak, dumps = run_child(["--_child", "ingest", index, *map(str, folders)], timers=True)
    run.update(process_wall=wall, peak_tree_rss_mb=peak)
    split_timers(run, dumps)
    return run


def bench_corpus(name: str, folders: list[Path], log) -> dict:
    files = C.corpus_files(folders)
    size = C.total_bytes(files)
    log(f"[{name}] {len(files)} files, {size / 1e6:.1f} MB")
    result = {"corpus": name, "folders": [str(f) for f in folders], "files": len(files), "bytes": size}
    with tempfile.TemporaryDirectory(prefix="huigu-bench-ingest-") as tmp:
        index = str(Path(tmp) / "index")
        log(f"[{name}] full ingest …")
        full = result["ingest"] = _ingest_child(index, folders)
        log(f"[{name}]   {full['wall']:.1f} s, {full['passages']} passages, peak {full['peak_tree_rss_mb']:.0f} MB")
        log(f"[{name}] no-change re-ingest …")
        again = result["reingest"] = _ingest_child(index, folders)
        log(f"[{name}]   {again['wall']:.2f} s")
    log(f"[{name}] jieba floor …")
    floor, wall, peak, _ = run_child(["--_child", "jieba", *map(str, folders)])
    floor.update(process_wall=wall, peak_tree_rss_mb=peak)
    result["jieba"] = floor
    log(f"[{name}]   cut_for_search {floor['cut_seconds']:.1f} s over {floor['chars'] / 1e6:.1f} M chars")
    single = floor["cut_seconds"]
    result["floor_single"] = single
    result["floor_2proc"] = single / 2
    result["ratio"] = full["wall"] / single if single else None
    result["ratio_2proc"] = full["wall"] / (single / 2) if single else None
    result["load"] = os.getloadavg()
    return result


# timer labels, in the order a file goes through them (indent = nested inside the one above)
WORKER_ROWS = [
    ("pipeline.process_file", 0), ("pipeline.read_file", 1), ("pipeline.clean_lines", 1),
    ("pipeline.split_documents", 1), ("pipeline.build_outline", 1), ("pipeline.describe", 1),
    ("pipeline.make_passages", 1), ("pipeline.topics_of", 1),
    ("pipeline.records_for", 0), ("analysis.words", 1), ("analysis.tokenizer", 2), ("analysis.grams", 1),
    ("store.segment_writer", 0), ("store.add_records", 0), ("store.finish_segment", 0),
]
MAIN_ROWS = [
    ("store.catalog", 0), ("ingest.find_files", 0), ("pipeline.file_hash", 0), ("workers.WorkerPool.start", 0),
    ("workers.WorkerPool.finish_batch", 0), ("store.commit_segments", 1), ("workers.WorkerPool.close", 0),
    ("ingest._commit_batch", 0), ("pipeline.process_file", 0), ("pipeline.records_for", 0),
    ("store.add_records", 1), ("ingest._totals", 0), ("(instrument install)", 0),
]


def print_results(results: list[dict]) -> None:
    rows = []
    for r in results:
        ing, fl = r["ingest"], r["jieba"]
        mb = r["bytes"] / 1e6
        rows.append((
            r["corpus"], r["files"], f"{mb:.1f}", f"{fl['chars'] / 1e6:.1f}", ing["passages"],
            f"{ing['wall']:.1f}", f"{mb / ing['wall']:.3f}", f"{ing['passages'] / ing['wall']:.0f}",
            f"{ing['peak_tree_rss_mb']:.0f}", f"{r['reingest']['wall']:.2f}",
        ))
    print()
    print(C.table(["corpus", "files", "MB", "M chars", "passages", "ingest s", "MB/s", "passages/s",
                   "peak RSS MB (tree)", "no-change re-ingest s"], rows, title="ingest (fresh index, default workers)"))

    rows = []
    for r in results:
        fl = r["jieba"]
        ratio = r["ratio"]
        rows.append((
            r["corpus"], f"{fl['read_seconds']:.1f}", f"{fl['init_seconds']:.2f}", f"{fl['cut_seconds']:.1f}",
            f"{fl['chars'] / fl['cut_seconds'] / 1e6:.3f}", f"{r['ingest']['wall']:.1f}",
            f"{ratio:.2f}×", "ok" if ratio <= TARGET_RATIO else f"MISSED (> {TARGET_RATIO:.0f}×)",
            f"{r['floor_2proc']:.1f}", f"{r['ratio_2proc']:.2f}×",
        ))
    print()
    print(C.table(["corpus", "read+decode s", "jieba init s", "floor: cut_for_search s (1 proc)", "M chars/s",
                   "ingest s (2 workers)", "ingest / floor", "target ≤ 3×", "floor / 2 s", "ingest / (floor / 2)"], rows,
                  title="segmentation floor (same text, same run)"))
    rows = []
    for r in results:
        fl, ing = r["jieba"], r["ingest"]
        tree_cpu = ing["main_cpu"] + ing["workers_cpu"]
        words_cpu = ing["worker_cpu_timers"].get("analysis.words", 0.0)
        rows.append((r["corpus"], f"{fl['cut_cpu']:.1f}", f"{fl['precise_seconds']:.1f}", f"{fl['precise_cpu']:.1f}",
                     f"{tree_cpu:.1f}", f"{tree_cpu / fl['cut_cpu']:.2f}×", f"{words_cpu:.1f}",
                     f"{(tree_cpu - words_cpu) / max(words_cpu, 1e-9):.2f}"))
    print(C.table(["corpus", "cut_for_search CPU s", "jieba.cut (precise) s", "jieba.cut CPU s",
                   "ingest CPU s (main + workers)", "ingest CPU / cut_for_search CPU", "analysis.words CPU s (workers)",
                   "non-jieba CPU per jieba CPU"], rows,
                  title="the same in CPU seconds (insensitive to other load on the machine)"))

    print()
    rows = []
    for r in results:
        ing = r["ingest"]
        rows.append((r["corpus"], f"{ing['wall']:.1f}", f"{ing['main_cpu']:.1f}",
                     f"{ing['main_cpu'] / ing['wall']:.0%}", ing["worker_processes"], f"{ing['workers_cpu']:.1f}",
                     f"{ing['workers_cpu'] / ing['wall'] / 2:.0%}", f"{ing['main_maxrss_mb']:.0f}",
                     f"{ing['worker_maxrss_mb']:.0f}", "%.1f %.1f %.1f" % tuple(r["load"])))
    print(C.table(["corpus", "wall s", "main CPU s", "main busy", "workers", "workers CPU s",
                   "2 cores busy (workers)", "main maxrss MB", "largest worker maxrss MB", "load avg after"], rows,
                  title="who does the work during ingest (rusage)"))

    for r in results:
        ing = r["ingest"]
        w, wc = ing["worker_timers"], ing["worker_cpu_timers"]
        wall = ing["wall"]
        rows = [("  " * depth + label, f"{w[label]:.2f}", f"{wc.get(label, 0):.2f}",
                 f"{wc.get(label, 0) / max(ing['workers_cpu'], 1e-9):.0%}", ing["worker_calls"].get(label, ""))
                for label, depth in WORKER_ROWS if label in w]
        print()
        print(C.table(["worker function (summed over workers)", "wall s", "CPU s", "of workers' CPU", "calls"], rows,
                      title=f"{r['corpus']}: inside the workers ({ing['worker_processes']} processes, "
                            f"{ing['workers_cpu']:.1f} CPU s)"))
        m = ing["main_timers"]
        rows = [("  " * depth + label, f"{m[label]:.2f}", f"{m[label] / wall:.0%}", ing["main_calls"].get(label, ""))
                for label, depth in MAIN_ROWS if label in m]
        print(C.table(["main-process function", "s", "of wall", "calls"], rows,
                      title=f"{r['corpus']}: inside the main process (wall {wall:.1f} s)"))
        again = r["reingest"]
        m = again["main_timers"]
        rows = [("  " * depth + label, f"{m[label]:.2f}", again["main_calls"].get(label, ""))
                for label, depth in MAIN_ROWS if label in m]
        print(C.table(["function", "s", "calls"], rows + [("(wall)", f"{again['wall']:.2f}", "")],
                      title=f"{r['corpus']}: no-change re-ingest ({again['files_unchanged']} unchanged, "
                            f"{again['files_indexed']} re-indexed)"))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_child"]:
        kind, rest = argv[1], argv[2:]
        if kind == "ingest":
            out = child_ingest(rest[0], rest[1:])
        elif kind == "jieba":
            out = child_jieba(rest)
        else:
            raise SystemExit(f"unknown child {kind}")
        print(json.dumps(out, ensure_ascii=False, default=str))
        return 0

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the laws corpus")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    args = parser.parse_args(argv)
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else (lambda *a: print(*a, flush=True))

    corpora = [("corpus", [C.CORPUS])]
    if not args.quick:
        corpora.append(("corpus-laws", [C.LAWS]))
    C.require_shared([f for _, folders in corpora for f in folders])
    if not args.json:
        C.header("ingest throughput vs jieba floor")
    results = [bench_corpus(name, folders, log) for name, folders in corpora]
    if args.json:
        print(json.dumps({"machine": C.machine(), "results": results}, ensure_ascii=False, indent=1, default=str))
    else:
        print_results(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
