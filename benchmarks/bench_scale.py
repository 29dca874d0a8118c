"""Scale: both stores at 1×, 4× and 16× the size of ../shared/corpus + ../shared/corpus-laws.

    .venv/bin/python benchmarks/bench_scale.py                    # 1×, 4×, 16× (hours at 16×)
    .venv/bin/python benchmarks/bench_scale.py --scales 1,4       # what fits
    .venv/bin/python benchmarks/bench_scale.py --stores postgres --url postgresql://me@db/postgres
    .venv/bin/python benchmarks/bench_scale.py --json

The files go through the pipeline (read, segment, jieba) once, in two worker processes;
their records are kept in benchmarks/.cache/scale/ and reused while huigu's ingest code
is unchanged (``--reuse``: whatever changed).  N× is the seeds and the corpus once plus N copies of the laws, each copy
under new file names (``laws-copy2/…``), new ids and its years moved on by 100·copy, so
every copy is a distinct file to both stores.  For each store and scale a fresh process
writes every file through ``store.writer()`` in commits of 2000 files (as ``huigu
ingest`` commits a store without segments), then runs the labelled queries of the eval
files through ``huigu.search.search`` — one pass to warm up, three timed.

Reported: store write time (the pipeline's own time is the same for both stores and is
shown once), records, disk (the index folder; ``pg_database_size``), the writing
process's peak RSS (the PostgreSQL server's own memory is not in it), warm p50/p95, and
for each the growth from 1× (search should grow well under 16× from 1× to 16×; memory
should stay flat: an ingest holds one commit's records, never the whole corpus).

Without --url a temporary server is started as the tests start theirs (Debian's
PostgreSQL 15, loopback only, stopped at the end).
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

SCALE_CACHE = C.CACHE / "scale"
RECORDS = SCALE_CACHE / "records.pickles"
STAMP = SCALE_CACHE / "records.stamp.json"
BATCH_FILES = 2000
PASSES_WARM = 3
QUERY_FILES = [C.SHARED / "eval" / "dev-search.jsonl", C.ROOT / "tests" / "data" / "search_cases.jsonl"]
LAWS_PREFIX = "corpus-laws/"
YEAR_SHIFT = 100


# ── the records, made once ───────────────────────────────────────────────────


def _process(job):
    from huigu.ingest.pipeline import file_hash
    from huigu.ingest.process import safe_process

    path, source = job
    result = safe_process(Path(path), source, file_hash(Path(path)), None, {})
    return source, (result.records if result.error is None else None)


def prepare(rebuild: bool, log, reuse: bool = False) -> dict:
    """Every file's records, stream-pickled in benchmarks/.cache/scale/ (one pickle per file)."""
    import multiprocessing

    from huigu.ingest.runner import IngestReport, find_files

    fingerprint = C.code_fingerprint()
    if not rebuild and RECORDS.is_file() and STAMP.is_file():
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
        if stamp.get("code") == fingerprint or reuse:
            return stamp
    SCALE_CACHE.mkdir(parents=True, exist_ok=True)
    files = find_files([C.SEEDS, C.CORPUS, C.LAWS], IngestReport())
    log(f"pipeline: {len(files)} files in 2 processes (once; cached in {SCALE_CACHE})")
    started = time.perf_counter()
    partial = RECORDS.with_suffix(".part")
    counts = {"files": 0, "records": 0, "skipped": 0}
    with open(partial, "wb") as out, multiprocessing.get_context("spawn").Pool(2) as pool:
        for source, records in pool.imap(_process, [(str(f.path), f.source) for f in files], chunksize=8):
            if records is None:
                counts["skipped"] += 1
                continue
            pickle.dump((source, records), out, protocol=pickle.HIGHEST_PROTOCOL)
            counts["files"] += 1
            counts["records"] += len(records)
    os.replace(partial, RECORDS)
    stamp = dict(counts, code=fingerprint, pipeline_s=time.perf_counter() - started,
                 bytes=C.total_bytes(f.path for f in files))
    STAMP.write_text(json.dumps(stamp), encoding="utf-8")
    return stamp


def base_files():
    with open(RECORDS, "rb") as stream:
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return


def _copy(source: str, records: list[dict], copy: int) -> tuple[str, list[dict]]:
    """A copy of a law under a new name, new ids and years moved on."""
    name = f"laws-copy{copy}/{source[len(LAWS_PREFIX):]}"
    suffix = f"~{copy}"
    shift = YEAR_SHIFT * copy
    out = []
    for r in records:
        r = dict(r, source=name)
        if r["rtype"] == "file":
            r["id"] = "file:" + name
            r["data"] = dict(r["data"], documents=[d + suffix for d in r["data"].get("documents", [])])
        else:
            r["doc_id"] = r["doc_id"] + suffix
            r["id"] = r["id"] + suffix
            for field in ("year", "about_year"):
                if r.get(field):
                    r[field] = r[field] + shift
            data = r["data"] = dict(r["data"], id=r["id"])
            if r["rtype"] == "passage":
                doc = dict(data["doc"], source=name, id=r["doc_id"])
                if doc.get("year"):
                    doc["year"] = doc["year"] + shift
                data["doc"] = doc
            else:
                data["source"] = name
                if data.get("year"):
                    data["year"] = data["year"] + shift
        out.append(r)
    return name, out


def scaled_files(scale: int):
    """The files of N×: everything once, the laws N times."""
    for copy in range(scale):
        for source, records in base_files():
            if copy == 0:
                yield source, records
            elif source.startswith(LAWS_PREFIX):
                yield _copy(source, records, copy)


# ── one store at one scale (a process of its own: its peak memory is its own) ──


def _queries() -> list[dict]:
    cases = []
    for path in QUERY_FILES:
        if path.is_file():
            cases.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return cases


def _filters(case: dict):
    from huigu.search import Filters

    f = case.get("filters") or {}
    first, last = f.get("year_from"), f.get("year_to")
    year = (int(first or 0), int(last or 9999)) if (first or last) else None
    return Filters(year=year, department=f.get("department") or None, kind=f.get("kind") or None)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(backend: str, scale: int, location: str) -> dict:
    from huigu.search import search
    from huigu.store import open_store

    store = open_store(location, create=True)
    started = time.perf_counter()
    files = records = 0
    batch: list = []

    def commit():
        with store.writer() as writer:
            for source, recs in batch:
                writer.replace_file(source, recs)
        batch.clear()

    for source, recs in scaled_files(scale):
        batch.append((source, recs))
        files += 1
        records += len(recs)
        if len(batch) >= BATCH_FILES:
            commit()
    if batch:
        commit()
    ingest_s = time.perf_counter() - started
    ingest_peak = _peak_mb()
    store.close()

    store = open_store(location)
    cases = _queries()
    for case in cases:  # warm-up pass, not counted
        search(store, case["query"], _filters(case), limit=10)
    samples = []
    for _ in range(PASSES_WARM):
        for case in cases:
            t = time.perf_counter()
            search(store, case["query"], _filters(case), limit=10)
            samples.append((time.perf_counter() - t) * 1000)
    documents, passages = store.counts()
    disk = _disk(backend, location, store)
    store.close()
    return {"store": backend, "scale": scale, "files": files, "records": records, "documents": documents,
            "passages": passages, "ingest_s": ingest_s, "ingest_peak_mb": ingest_peak, "disk_mb": disk / 2**20,
            "p50_ms": C.percentile(samples, 50), "p95_ms": C.percentile(samples, 95), "queries": len(cases)}


def _disk(backend: str, location: str, store) -> int:
    if backend == "whoosh":
        return sum(p.stat().st_size for p in Path(location).rglob("*") if p.is_file())
    import psycopg

    with psycopg.connect(store._url) as conn:
        return int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])


# ── the runs ─────────────────────────────────────────────────────────────────


def _server(url: str | None, log):
    """(a function making an empty database's URL, a stop function)."""
    import psycopg

    if url is None:
        sys.path.insert(0, str(C.ROOT / "tests"))
        import pg_server

        server = pg_server.start()
        log(f"PostgreSQL: a temporary server on 127.0.0.1:{server.port} ({server.bindir})")
        return (lambda: pg_server.create_database(server)), server.stop
    counter = [0]

    def new_database() -> str:
        counter[0] += 1
        name = f"huigu_bench_{os.getpid()}_{counter[0]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return url.rsplit("/", 1)[0] + "/" + name

    return new_database, (lambda: None)


def run(backend: str, scale: int, new_database, folder: Path) -> dict:
    location = str(folder / f"whoosh-{scale}x") if backend == "whoosh" else new_database()
    proc = subprocess.run([sys.executable, __file__, "--child", backend, str(scale), location],
                          capture_output=True, text=True, cwd=str(C.ROOT))
    if proc.returncode != 0:
        raise SystemExit(f"{backend} {scale}×: {proc.stderr[-3000:]}")
    if backend == "whoosh":
        shutil.rmtree(location, ignore_errors=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def growth(rows: list[dict]) -> list[dict]:
    out = []
    for backend in sorted({r["store"] for r in rows}):
        mine = sorted((r for r in rows if r["store"] == backend), key=lambda r: r["scale"])
        first = mine[0]
        for r in mine[1:]:
            out.append({"store": backend, "from": first["scale"], "to": r["scale"],
                        "size": r["records"] / first["records"],
                        **{k: r[k] / first[k] if first[k] else None
                           for k in ("ingest_s", "p50_ms", "p95_ms", "disk_mb", "ingest_peak_mb")}})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,4,16", help="comma-separated multiples (default 1,4,16)")
    parser.add_argument("--stores", default="whoosh,postgres", help="whoosh, postgres or both")
    parser.add_argument("--url", help="a PostgreSQL server to use (a user who may CREATE DATABASE)")
    parser.add_argument("--rebuild", action="store_true", help="run the pipeline again even if its records are cached")
    parser.add_argument("--reuse", action="store_true", help="use the cached records even if huigu's ingest code changed")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        backend, scale, location = args.child
        print(json.dumps(child(backend, int(scale), location)))
        return 0

    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else (lambda *a: print(*a, flush=True))
    C.require_shared([C.SEEDS, C.CORPUS, C.LAWS])
    if not args.json:
        C.header("scale: both stores at 1×, 4×, 16× of corpus + laws")
    stamp = prepare(args.rebuild, log, reuse=args.reuse)
    log(f"pipeline (read, segment, jieba; the same for both stores): {stamp['files']} files, "
        f"{stamp['bytes'] / 2**20:.0f} MB, {stamp['records']} records"
        + (f", {stamp['pipeline_s']:.0f} s in 2 processes" if stamp.get("pipeline_s") else ""))
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    backends = [b.strip() for b in args.stores.split(",") if b.strip()]
    new_database, stop = _server(args.url, log) if "postgres" in backends else (None, lambda: None)
    rows = []
    folder = Path(tempfile.mkdtemp(prefix="huigu-scale-"))
    try:
        for scale in scales:
            for backend in backends:
                log(f"… {backend} {scale}×")
                rows.append(run(backend, scale, new_database, folder))
                log("  " + json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in rows[-1].items()}))
    finally:
        stop()
        shutil.rmtree(folder, ignore_errors=True)
    grown = growth(rows)
    if args.json:
        print(json.dumps({"machine": C.machine(), "pipeline": stamp, "rows": rows, "growth": grown},
                         ensure_ascii=False, indent=2))
        return 0
    print(C.table(["store", "scale", "files", "records", "write s", "peak RSS MB", "disk MB", "warm p50 ms",
                   "warm p95 ms"],
                  [[r["store"], f"{r['scale']}×", r["files"], r["records"], f"{r['ingest_s']:.1f}",
                    f"{r['ingest_peak_mb']:.0f}", f"{r['disk_mb']:.0f}", f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}"]
                   for r in rows]))
    if grown:
        print()
        print(C.table(["store", "from → to", "records ×", "write ×", "p50 ×", "p95 ×", "disk ×", "peak RSS ×"],
                      [[g["store"], f"{g['from']}× → {g['to']}×", f"{g['size']:.1f}"]
                       + [f"{g[k]:.2f}" if g[k] is not None else "–"
                          for k in ("ingest_s", "p50_ms", "p95_ms", "disk_mb", "ingest_peak_mb")]
                       for g in grown], title="growth"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
