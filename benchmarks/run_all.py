"""Run every benchmark in benchmarks/ and print their tables (``make bench``).

    .venv/bin/python benchmarks/run_all.py           # everything, laws corpus included
    .venv/bin/python benchmarks/run_all.py --quick   # without the laws corpus
    .venv/bin/python benchmarks/run_all.py --only search,relevance

Runs relevance.py first (it builds the cached indexes the others reuse), then every
``bench_*.py`` present (bench_search, bench_ingest, and bench_audit / bench_reuse when
they exist), each in its own interpreter, one after the other so they do not compete
for the two cores.  ``--quick`` is passed to each script that accepts it, and
``--reuse`` to the scripts after the first, so that the whole run measures the indexes
relevance.py built even if huigu's code changes meanwhile.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

ORDER = ["relevance.py", "bench_search.py", "bench_ingest.py"]


def scripts() -> list[Path]:
    found = {p.name: p for p in C.BENCH_DIR.glob("bench_*.py")}
    relevance = C.BENCH_DIR / "relevance.py"
    if relevance.exists():
        found[relevance.name] = relevance
    first = [found.pop(name) for name in ORDER if name in found]
    return first + [found[name] for name in sorted(found)]


def accepts(path: Path, option: str) -> bool:
    return f'"{option}"' in path.read_text(encoding="utf-8")


def accepts_quick(path: Path) -> bool:
    return accepts(path, "--quick")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the laws corpus (passed on to each script)")
    parser.add_argument("--only", default="", help="comma-separated names to run, e.g. search,relevance")
    args = parser.parse_args(argv)

    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    todo = [p for p in scripts() if not wanted or any(w in p.stem for w in wanted)]
    print(f"huigu benchmarks{' (quick: no laws corpus)' if args.quick else ''}")
    print(C.machine_line())
    print("scripts: " + ", ".join(p.name for p in todo))
    summary = []
    for path in todo:
        cmd = [sys.executable, str(path)]
        if args.quick and accepts_quick(path):
            cmd.append("--quick")
        if path.name == "relevance.py":
            cmd.append("--coverage")  # guards against text that reaches no passage (it happened)
        if summary and accepts(path, "--reuse"):
            # huigu's code may change while this runs (others work in the same tree): the
            # scripts after the first use the indexes it built rather than rebuilding them
            cmd.append("--reuse")
        print(f"\n##### {path.name} {' '.join(cmd[2:])}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(cmd, cwd=str(C.ROOT))
        summary.append((path.name, code, time.perf_counter() - started))
    print()
    print(C.table(["script", "exit", "seconds"], [(n, c, f"{s:.0f}") for n, c, s in summary], title="run_all summary"))
    return 0 if all(code == 0 for _, code, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
