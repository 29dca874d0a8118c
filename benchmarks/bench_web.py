"""Page and API latency of ``huigu serve`` on loopback, with 1 and 10 concurrent clients.

    .venv/bin/python benchmarks/bench_web.py            # reports + laws index (index-all)
    .venv/bin/python benchmarks/bench_web.py --quick    # reports index only
    .venv/bin/python benchmarks/bench_web.py --index DIR --json

A real ``huigu serve`` process (waitress, 4 threads sharing one store, as served by default) is started
on a free loopback port; each client is a thread with its own keep-alive HTTP
connection, sending the labelled queries of the eval files (with their filters) to each
endpoint in turn.  A warm-up pass over every path of an endpoint is not counted (a
query's first answer is measured by ``bench_search.py``'s cold figures).  Every answer must be
HTTP 200.

The search endpoints are measured twice: on a server started with ``--cache 0`` (every
request searches: the figure the target is judged on), then as served by default, where
the repeated queries of the loop are answered from the search cache.

Target: p95 ≤ 100 ms for /api/search with 10 clients on the index with the laws.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402
from bench_search import fixed_queries  # noqa: E402

SEARCH_TARGET_MS = 100.0
CLIENTS = (1, 10)
REQUESTS_PER_CLIENT = 30
THREADS = 4  # huigu serve's default


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(index: Path, port: int, cache: int | None = None, workers: int = 1) -> subprocess.Popen:
    huigu = Path(sys.executable).with_name("huigu")
    command = [str(huigu)] if huigu.exists() else [sys.executable, "-c", "from huigu.cli import main; main()"]
    extra = (["--cache", str(cache)] if cache is not None else []) + (["--workers", str(workers)] if workers > 1 else [])
    process = subprocess.Popen([*command, "serve", "--index", str(index), "--port", str(port),
                                "--threads", str(THREADS), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("huigu serve did not start:\n" + process.stderr.read())
            time.sleep(0.1)
    process.kill()
    raise SystemExit("huigu serve did not start in 60 s")


def query_args(case: dict) -> dict:
    args = {"q": case["query"]}
    filters = case.get("filters") or {}
    first, last = filters.get("year_from"), filters.get("year_to")
    if first or last:
        args["year"] = f"{first or 1949}-{last or 2100}"
    for name in ("department", "kind"):
        if filters.get(name):
            args[name] = filters[name]
    return args


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def endpoints(port: int, cases: list[dict]) -> dict[str, list[str]]:
    """Endpoint name → the paths its requests cycle through."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    searches = [urlencode(query_args(c), quote_via=quote) for c in cases]
    passages, docs = [], []
    for args in searches[:20]:
        status, body = get(connection, "/api/search?" + args + "&limit=3")
        if status == 200:
            for hit in json.loads(body)["results"]:
                passages.append(hit["id"])
                docs.append(hit["doc"]["id"])
    connection.close()
    return {
        "API 检索 /api/search": ["/api/search?" + a for a in searches],
        "检索页 /?q=（含分面）": ["/?" + a for a in searches],
        "段落页 /p/…（含原文行）": [f"/p/{p}" for p in passages] or ["/"],
        "文档页 /d/…": [f"/d/{d}" for d in dict.fromkeys(docs)] or ["/"],
        "API 段落 /api/show/…": [f"/api/show/{p}" for p in passages] or ["/"],
        "概况页 /stats": ["/stats"],
        "文档列表 /docs": ["/docs"],
    }


def measure(port: int, paths: list[str], clients: int, per_client: int) -> dict:
    latencies: list[float] = []
    failures: list[tuple[str, int]] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        own = []
        for i in range(per_client):
            path = paths[(number * 7 + i) % len(paths)]
            started = time.perf_counter()
            status, _ = get(connection, path)
            own.append((time.perf_counter() - started) * 1000)
            if status != 200:
                with lock:
                    failures.append((path, status))
        connection.close()
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"clients": clients, "requests": len(latencies), "p50_ms": round(C.percentile(latencies, 50), 1),
            "p95_ms": round(C.percentile(latencies, 95), 1), "max_ms": round(max(latencies), 1),
            "per_second": round(len(latencies) / wall, 1), "failures": failures[:5], "failed": len(failures)}


def library_baseline(index: Path, cases: list[dict], repeats: int) -> dict:
    """The same searches through the library in this process: what the page adds is the
    difference."""
    from huigu.search import search
    from huigu.store import open_store
    from huigu.web.selection import filters_from

    store = open_store(index)
    latencies = []
    for i in range(len(cases) + repeats):
        case = cases[i % len(cases)]
        filters = filters_from({k: v for k, v in query_args(case).items() if k != "q"})
        started = time.perf_counter()
        search(store, case["query"], filters, limit=10)
        if i >= len(cases):  # the first pass warms the store
            latencies.append((time.perf_counter() - started) * 1000)
    store.close()
    return {"endpoint": "库函数 huigu.search（同一进程，无网页）", "clients": 1, "requests": len(latencies),
            "p50_ms": round(C.percentile(latencies, 50), 1), "p95_ms": round(C.percentile(latencies, 95), 1),
            "max_ms": round(max(latencies), 1), "per_second": round(1000 / (sum(latencies) / len(latencies)), 1),
            "failures": [], "failed": 0}


def peak_rss_mb(pid: int) -> float:
    """The server's peak resident memory (VmHWM; 0 where /proc is not there)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return round(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024, 1)
    except (OSError, StopIteration):
        return 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the reports index (no laws)")
    parser.add_argument("--index", default=None, help="serve this index instead of a cached one")
    parser.add_argument("--reuse", action="store_true", help="reuse cached indexes even if huigu's code changed")
    parser.add_argument("--requests", type=int, default=REQUESTS_PER_CLIENT, help="requests per client")
    parser.add_argument("--workers", type=int, default=1, help="huigu serve --workers N (server processes)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    args = parser.parse_args(argv)
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else (lambda *a: print(*a, flush=True))
    if not args.json:
        C.header("huigu serve: page and API latency on loopback")
    index = Path(args.index) if args.index else C.named_index("index-reports" if args.quick else "index-all",
                                                             reuse=args.reuse, log=log)
    cases = fixed_queries()
    results = [library_baseline(index, cases, args.requests)]
    log(f"  {results[0]['endpoint']}：p50 {results[0]['p50_ms']} ms  p95 {results[0]['p95_ms']} ms")
    peak_mb = 0.0
    # first without the search cache (every search computed: the figure the target is
    # judged on), then as served by default (repeated queries answered from the cache)
    for cache, suffix, only in ((0, "（不用缓存）", ("API 检索", "检索页")), (None, "", None)):
        port = free_port()
        process = start(index, port, cache, args.workers)
        try:
            paths = endpoints(port, cases)
            for name, endpoint_paths in paths.items():
                if only and not name.startswith(only):
                    continue
                # not counted: every path once (a query's first answer fills the store's and the
                # lexicon's caches), then every server thread once
                measure(port, endpoint_paths, 1, len(endpoint_paths))
                measure(port, endpoint_paths, THREADS, 2)
                for clients in CLIENTS:
                    row = measure(port, endpoint_paths, clients, args.requests)
                    row["endpoint"] = name + suffix
                    row["cache"] = cache != 0
                    results.append(row)
                    log(f"  {row['endpoint']}  {clients} 个客户端：p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms"
                        + (f"  失败 {row['failed']}" if row["failed"] else ""))
            peak_mb = max(peak_mb, peak_rss_mb(process.pid))
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    search_p95 = next(r["p95_ms"] for r in results
                      if r["endpoint"].startswith("API 检索") and r["clients"] == 10 and not r.get("cache", True))
    cached_p95 = next(r["p95_ms"] for r in results
                      if r["endpoint"].startswith("API 检索") and r["clients"] == 10 and r.get("cache"))
    summary = {"index": str(index), "machine": C.machine(), "threads": THREADS, "queries": len(cases),
               "server_peak_rss_mb": peak_mb, "load_average": os.getloadavg(),
               "results": results, "search_p95_10_clients_ms": search_p95, "cached_search_p95_10_clients_ms": cached_p95,
               "target_ms": SEARCH_TARGET_MS,
               "meets_target": search_p95 <= SEARCH_TARGET_MS}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(C.table(["端点", "并发客户端", "请求数", "p50 ms", "p95 ms", "最大 ms", "每秒请求", "失败"],
                      [[r["endpoint"], r["clients"], r["requests"], r["p50_ms"], r["p95_ms"], r["max_ms"],
                        r["per_second"], r["failed"]] for r in results],
                      title=f"{index}（{len(cases)} 个查询，{args.workers} 个进程 × waitress {THREADS} 线程）"))
        verdict = "达到" if summary["meets_target"] else "未达到"
        print(f"\n/api/search 10 个客户端 p95 = {search_p95} ms，每次都检索（目标 ≤ {SEARCH_TARGET_MS:.0f} ms：{verdict}）；"
              f"默认缓存下重复的查询 {cached_p95} ms")
        print(f"服务进程峰值内存 {peak_mb} MB；测量结束时负载 {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(C.machine_line(summary["machine"]))
    failed = sum(r["failed"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
