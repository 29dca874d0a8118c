"""Shared bits of the benchmark scripts: paths, the machine, tables, cached indexes.

Not a benchmark itself (run_all.py runs ``bench_*.py`` and ``relevance.py`` only).
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Optional, Sequence

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SHARED = Path(os.environ.get("HUIGU_SHARED") or ROOT.parent / "shared")
CACHE = BENCH_DIR / ".cache"
SRC = ROOT / "src" / "huigu"

SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
LAWS = SHARED / "corpus-laws"

# The cached indexes the scripts share: name → folders ingested (in this order).
INDEXES = {
    "index-reports": (SEEDS, CORPUS),
    "index-all": (SEEDS, CORPUS, LAWS),
}


# ── the machine ──────────────────────────────────────────────────────────────


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram_gb, 1) if ram_gb else None,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "huigu_rev": git_rev(),
    }


def git_rev() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True,
                               text=True, timeout=10).stdout.strip()
        return rev + ("+dirty-src" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine_line(info: Optional[dict] = None) -> str:
    m = info or machine()
    return (f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, "
            f"{m['platform']}, huigu {m['huigu_rev']}")


def header(title: str) -> None:
    print(f"\n=== {title} ===")
    print(machine_line())


# ── tables and numbers ───────────────────────────────────────────────────────


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Iterable[Sequence], title: Optional[str] = None) -> str:
    rows = [[_cell(v) for v in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(c)) for w, c in zip(widths, row)]

    def line(cells):
        out = []
        for i, (cell, width) in enumerate(zip(cells, widths)):
            pad = " " * (width - _width(cell))
            out.append(cell + pad if i == 0 or not _numeric(cell) else pad + cell)
        return "| " + " | ".join(out) + " |"

    parts = [title] if title else []
    parts.append(line(headers))
    parts.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    parts.extend(line(row) for row in rows)
    return "\n".join(parts)


def _numeric(cell: str) -> bool:
    return bool(cell) and cell.lstrip("-+").replace(".", "", 1).replace("%", "").replace("×", "").replace(",", "").isdigit()


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# ── files of a corpus ────────────────────────────────────────────────────────


def corpus_files(folders: Iterable[Path]) -> list[Path]:
    """The files an ingest of ``folders`` would try (same filter as huigu.ingest)."""
    from huigu.ingest.read import is_candidate

    try:
        from huigu.ingest.runner import _NOT_REPORTS as skip
    except ImportError:
        skip = set()
    found = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.lower() not in skip and is_candidate(path):
                    found.append(path)
    return found


def total_bytes(paths: Iterable[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def require_shared(folders: Iterable[Path]) -> None:
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        sys.exit(f"missing corpus folder(s): {', '.join(missing)} (set HUIGU_SHARED to the shared/ folder)")


# ── cached indexes ───────────────────────────────────────────────────────────


_INGEST_MODULES = r"""
import json, sys
import huigu.ingest.runner
try:
    import huigu.ingest.workers
except ImportError:
    pass
print(json.dumps(sorted(m.__file__ for n, m in list(sys.modules.items())
                        if n.split('.')[0] == 'huigu' and getattr(m, '__file__', None))))
"""


def code_fingerprint() -> str:
    """Hash of the huigu code an ingest runs (the modules ``huigu.ingest`` and its
    workers import, and huigu's data files): an index built by other code is stale.
    Query-side changes (query.py, render.py, …) do not make a cached index stale."""
    proc = subprocess.run([sys.executable, "-c", _INGEST_MODULES], capture_output=True, text=True, cwd=str(ROOT))
    try:
        files = [Path(f) for f in json.loads(proc.stdout.strip().splitlines()[-1])]
    except (ValueError, IndexError):
        files = sorted(p for p in SRC.rglob("*.py"))
    files += sorted(p for p in (SRC / "data").rglob("*") if p.is_file())
    digest = hashlib.sha1()
    for path in sorted(set(files)):
        try:
            digest.update(str(path.relative_to(SRC)).encode())
            digest.update(path.read_bytes())
        except (OSError, ValueError):
            continue
    return digest.hexdigest()[:16]


def _stamp_path(index: Path) -> Path:
    return index.with_name(index.name + ".stamp.json")


def _read_stamp(index: Path) -> dict:
    try:
        return json.loads(_stamp_path(index).read_text())
    except (OSError, ValueError):
        return {}


def ensure_index(index: Path, folders: Sequence[Path], *, rebuild: bool = False, reuse: bool = False,
                 log=print) -> dict:
    """Build ``index`` from ``folders`` unless a matching one is there.

    Reused as is when its stamp names the same folders and the same ingest code (or with
    ``reuse``); rebuilt from scratch otherwise.  Several benchmark scripts (and people)
    share these folders: a build holds ``<index>.lock``, builds into a new folder and
    swaps it in, so a reader never sees half an index and two builds never collide.
    Returns the stamp (with build seconds)."""
    import fcntl

    from huigu.ingest.runner import ingest
    from huigu.store.whoosh.backend import exists

    require_shared(folders)
    want = {"folders": [str(f.resolve()) for f in folders], "code": code_fingerprint()}
    index.parent.mkdir(parents=True, exist_ok=True)

    def usable(stamp: dict) -> bool:
        return exists(index) and stamp.get("folders") == want["folders"] and (
            reuse or stamp.get("code") == want["code"])

    stamp = _read_stamp(index)
    if not rebuild and usable(stamp):
        if stamp.get("code") != want["code"]:
            log(f"note: reusing {index} built by other huigu code ({stamp.get('code')} ≠ {want['code']})")
        return stamp
    with open(index.with_name(index.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"waiting for another build of {index} …")
            fcntl.flock(lock, fcntl.LOCK_EX)
            stamp = _read_stamp(index)
            if usable(stamp):  # the other build made what we want
                return stamp
        old_stamp = _read_stamp(index)
        why = "--rebuild" if rebuild else ("ingest code changed" if old_stamp else "no index yet")
        log(f"building {index} from {', '.join(f.name for f in folders)} ({why}) …")
        fresh = index.with_name(f"{index.name}.new-{os.getpid()}")
        if fresh.exists():
            shutil.rmtree(fresh)
        started = time.perf_counter()
        report = ingest(list(folders), fresh)
        seconds = time.perf_counter() - started
        retired = index.with_name(f"{index.name}.old-{os.getpid()}")
        if index.exists():
            index.rename(retired)
        fresh.rename(index)
        shutil.rmtree(retired, ignore_errors=True)
        stamp = dict(want, seconds=round(seconds, 1), documents=report.documents, passages=report.passages,
                     skipped=len(report.skipped), built=time.strftime("%Y-%m-%d %H:%M:%S"))
        _stamp_path(index).write_text(json.dumps(stamp, ensure_ascii=False, indent=1))
    log(f"built in {seconds:.1f} s: {report.documents} documents, {report.passages} passages, "
        f"{len(report.skipped)} files skipped")
    for source, reason in report.skipped[:10]:
        log(f"  skipped {source}: {reason}")
    return stamp


def named_index(name: str, *, rebuild: bool = False, reuse: bool = False, log=print) -> Path:
    index = CACHE / name
    ensure_index(index, INDEXES[name], rebuild=rebuild, reuse=reuse, log=log)
    return index
