"""Timers for bench_ingest.py, loaded only in the processes it starts.

bench_ingest puts this folder on PYTHONPATH and sets HUIGU_BENCH_TIMERS to a folder;
every Python process of the ingest (the main one and its spawned workers) then wraps
huigu's stage functions with timers and, at exit, writes ``<pid>.json`` there:
wall seconds, CPU seconds and calls per function.  Nothing happens without HUIGU_BENCH_TIMERS.
"""
import os

_OUT = os.environ.get("HUIGU_BENCH_TIMERS")

if _OUT:
    import atexit
    import json
    import time

    _seconds = {}
    _cpu = {}
    _calls = {}

    def _wrap(module, name, label=None):
        original = getattr(module, name, None)
        if original is None or getattr(original, "_bench_timed", False):
            return
        label = label or f"{module.__name__.split('.')[-1]}.{name}"

        def timed(*args, **kwargs):
            started = time.perf_counter()
            cpu = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                _seconds[label] = _seconds.get(label, 0.0) + time.perf_counter() - started
                _cpu[label] = _cpu.get(label, 0.0) + time.process_time() - cpu
                _calls[label] = _calls.get(label, 0) + 1

        timed._bench_timed = True
        timed.__name__ = getattr(original, "__name__", name)
        timed.__qualname__ = getattr(original, "__qualname__", name)
        timed.__module__ = getattr(original, "__module__", None)
        setattr(module, name, timed)

    def _install():
        # pipeline and analysis first, so that modules importing names from them
        # (``from .pipeline import process_file``) bind the timed versions
        import huigu.analysis as analysis
        import huigu.pipeline as pipeline
        import huigu.store as store

        for name in ("read_file", "clean_lines", "split_documents", "build_outline", "describe",
                     "make_passages", "topics_of", "process_file", "records_for", "file_hash"):
            _wrap(pipeline, name)
        for name in ("words", "grams", "tokenizer"):
            _wrap(analysis, name)
        for name in ("add_records", "delete_file", "catalog", "open_index", "segment_writer", "finish_segment",
                     "commit_segments", "open_writer"):
            _wrap(store, name)
        import huigu.ingest as ingest

        for name in ("_totals", "_commit_batch", "find_files", "manifests_under"):
            _wrap(ingest, name)
        try:
            import huigu.workers as workers

            _wrap(workers.WorkerPool, "__init__", "workers.WorkerPool.start")
            _wrap(workers.WorkerPool, "close", "workers.WorkerPool.close")
            _wrap(workers.WorkerPool, "finish_batch", "workers.WorkerPool.finish_batch")
        except ImportError:
            pass

    def _dump():
        try:
            with open(os.path.join(_OUT, f"{os.getpid()}.json"), "w", encoding="utf-8") as out:
                json.dump({"pid": os.getpid(), "ppid": os.getppid(), "seconds": _seconds, "cpu": _cpu,
                           "calls": _calls, "process_cpu": sum(os.times()[:2])}, out)
        except OSError:
            pass

    _started = time.perf_counter()
    try:
        _install()
    except Exception as err:  # a renamed function must not break the run being measured
        _seconds["(instrument failed: %s)" % err] = 0.0
    _seconds["(instrument install)"] = time.perf_counter() - _started
    atexit.register(_dump)
