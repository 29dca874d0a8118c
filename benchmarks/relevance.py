"""Search relevance on labelled queries: Success@10, MRR@10 and Recall@10, overall and
per query kind, and the failing queries with the rank of their first gold hit.

    .venv/bin/python benchmarks/relevance.py                     # dev set + tests/data/search_cases.jsonl + questions_unseen.jsonl
    .venv/bin/python benchmarks/relevance.py QRELS.jsonl --json
    .venv/bin/python benchmarks/relevance.py --quick             # reports only, no laws distractors

Index: ../shared/seeds + ../shared/corpus + ../shared/corpus-laws (the laws as
distractors), built into benchmarks/.cache/index-all and reused while huigu's code
is unchanged (``--rebuild`` forces a fresh build, ``--index DIR`` uses your own).

A query line: {"id", "query", "filters": {"year_from", "year_to", "department", "kind"},
"gold": [{"file", "quote"}], "kind"}.  A result hits a gold passage when its source is
the gold file (compared by path tail) and its text contains the quote after NFKC and
removing all whitespace (``huigu.text.normalize.squash``); a grouped duplicate
(``hit.also``) counts too.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

from huigu.text.normalize import squash  # noqa: E402
from huigu.search import Filters, search  # noqa: E402
from huigu.store import open_store  # noqa: E402

K = 10
DEEP = 200  # how far to look for the first gold hit of a failing query
DEFAULT_QRELS = [C.SHARED / "eval" / "dev-search.jsonl", C.ROOT / "tests" / "data" / "search_cases.jsonl",
                 C.ROOT / "tests" / "data" / "questions_unseen.jsonl"]  # questions, plan/review, latest, short forms


def load_qrels(path: Path) -> list[dict]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            case["_file"] = path.name
            case["_line"] = number
            cases.append(case)
    return cases


def filters_of(case: dict) -> Filters:
    f = case.get("filters") or {}
    first, last = f.get("year_from"), f.get("year_to")
    year = None
    if first or last:
        year = (int(first or 0), int(last or 9999))
    return Filters(year=year, department=f.get("department") or None, kind=f.get("kind") or None)


def path_tail_match(source: str, gold_file: str) -> bool:
    """``corpus/hailaer/2018.txt`` or ``hailaer/2018.txt`` is ``shared/corpus/hailaer/2018.txt``."""
    src = [p for p in source.replace("\\", "/").split("/") if p]
    gold = [p for p in gold_file.replace("\\", "/").split("/") if p]
    return bool(src) and len(src) <= len(gold) and gold[-len(src):] == src


def passage_hits(data: dict, gold: list[dict], squashed: list[str]) -> set[int]:
    source = (data.get("doc") or {}).get("source", "")
    text = squash(data.get("text", ""))
    return {i for i, g in enumerate(gold) if squashed[i] in text and path_tail_match(source, g["file"])}


def judge(result_hits, gold: list[dict]) -> tuple[list[set[int]], int | None]:
    """Per result: the gold passages it (or a grouped duplicate) holds; rank of the first."""
    squashed = [squash(g["quote"]) for g in gold]
    per_rank = []
    first = None
    for rank, hit in enumerate(result_hits, 1):
        found = passage_hits(hit.data, gold, squashed)
        for dup in hit.also:
            found |= passage_hits(dup, gold, squashed)
        per_rank.append(found)
        if found and first is None:
            first = rank
    return per_rank, first


def gold_locations(ix, cases: list[dict]) -> dict:
    """Where each gold quote is in the index: {(file, quote): [passage data, ...]}.
    An empty list means the quote is in no passage of that file (unreachable gold)."""
    catalog = ix.catalog()
    by_file = defaultdict(list)
    for case in cases:
        for g in case["gold"]:
            by_file[g["file"]].append(g["quote"])
    located = {}
    by_source = defaultdict(list)
    for data in ix.passages():
        by_source[data["doc"]["source"]].append(data)
    if True:
        for gold_file, quotes in by_file.items():
            sources = [s for s in catalog if path_tail_match(s, gold_file)]
            passages = []
            for source in sources:
                passages.extend(by_source.get(source, []))
            for quote in quotes:
                q = squash(quote)
                located[(gold_file, quote)] = [p for p in passages if q in squash(p["text"])]
            if not sources:
                for quote in quotes:
                    located[(gold_file, quote)] = None  # file not in the index at all
    return located


def evaluate(ix, cases: list[dict]) -> list[dict]:
    located = gold_locations(ix, cases)
    rows = []
    for case in cases:
        gold = case["gold"]
        started = time.perf_counter()
        error = None
        try:
            result = search(ix, case["query"], filters_of(case), limit=K)
            hits = result.hits
        except Exception as err:  # a query the engine rejects is a failure, not a crash
            hits, error = [], f"{type(err).__name__}: {err}"
        ms = (time.perf_counter() - started) * 1000
        per_rank, first = judge(hits, gold)
        found = set().union(*per_rank) if per_rank else set()
        deep_first = first
        if first is None and error is None:
            deep_first = judge(search(ix, case["query"], filters_of(case), limit=DEEP).hits, gold)[1]
        missing = []
        for i, g in enumerate(gold):
            if i in found:
                continue
            where = located.get((g["file"], g["quote"]))
            missing.append({
                "file": g["file"], "quote": g["quote"],
                "indexed_as": None if where is None else [
                    {"id": p.get("id"), "kind": p.get("kind"), "year": (p.get("doc") or {}).get("year"),
                     "about_year": p.get("about_year")} for p in where],
            })
        rows.append({
            "id": case.get("id"), "set": case["_file"], "query": case["query"], "kind": case.get("kind", "?"),
            "filters": case.get("filters") or {}, "gold": len(gold), "found": len(found),
            "success": 1.0 if first else 0.0, "rr": 1.0 / first if first else 0.0,
            "recall": len(found) / len(gold) if gold else 0.0,
            "first_rank": first, "first_rank_deep": deep_first, "ms": round(ms, 1), "error": error,
            "top": [f"{(h.data.get('doc') or {}).get('source', '?')}#{h.data.get('paragraph', '?')}" for h in hits[:3]],
            "missing": missing,
        })
    return rows


def summarize(rows: list[dict]) -> dict:
    def agg(subset):
        n = len(subset)
        return {
            "queries": n,
            "success@10": sum(r["success"] for r in subset) / n if n else 0.0,
            "mrr@10": sum(r["rr"] for r in subset) / n if n else 0.0,
            "recall@10": sum(r["recall"] for r in subset) / n if n else 0.0,
            "gold_found": f"{sum(r['found'] for r in subset)}/{sum(r['gold'] for r in subset)}",
        }

    kinds = sorted({r["kind"] for r in rows})
    return {"all": agg(rows), "by_kind": {k: agg([r for r in rows if r["kind"] == k]) for k in kinds}}


def print_report(name: str, rows: list[dict], summary: dict) -> None:
    print()
    lines = [("ALL", summary["all"])] + [(k, v) for k, v in summary["by_kind"].items()]
    print(C.table(["kind", "queries", "Success@10", "MRR@10", "Recall@10", "gold found"],
                  [(k, v["queries"], f"{v['success@10']:.3f}", f"{v['mrr@10']:.3f}", f"{v['recall@10']:.3f}",
                    v["gold_found"]) for k, v in lines],
                  title=f"{name}: {summary['all']['queries']} queries, top {K}"))
    failing = [r for r in rows if not r["success"]]
    partial = [r for r in rows if r["success"] and r["recall"] < 1]
    if failing:
        print()
        print(C.table(
            ["id", "kind", "query", "filters", "first gold rank", "top result"],
            [(r["id"], r["kind"], r["query"], _filters_text(r["filters"]),
              r["error"] or (f"{r['first_rank_deep']}" if r["first_rank_deep"] else f"> {DEEP}"),
              r["top"][0] if r["top"] else "(no results)") for r in failing],
            title=f"failing ({len(failing)}): no gold passage in the top {K}"))
    if partial:
        print()
        print(C.table(
            ["id", "kind", "query", "filters", "first rank", "found"],
            [(r["id"], r["kind"], r["query"], _filters_text(r["filters"]), r["first_rank"],
              f"{r['found']}/{r['gold']}") for r in partial],
            title=f"partial ({len(partial)}): some gold passages outside the top {K}"))
    unreachable = [(r["id"], m) for r in rows for m in r["missing"] if not m["indexed_as"]]
    if unreachable:
        print()
        print(f"gold quotes found in no indexed passage ({len(unreachable)}) — split across passages or file not indexed:")
        for case_id, m in unreachable:
            state = "file not in index" if m["indexed_as"] is None else "quote not inside one passage"
            print(f"  {case_id}: {m['file']} “{m['quote']}” ({state})")
    wrong_kind = []
    for r in rows:
        want = (r["filters"] or {}).get("kind")
        for m in r["missing"]:
            if want and m["indexed_as"] and all(p["kind"] != want for p in m["indexed_as"]):
                wrong_kind.append((r["id"], m, want))
    if wrong_kind:
        print()
        print("missed gold whose passage has another section kind than the filter asks for:")
        for case_id, m, want in wrong_kind:
            kinds = ",".join(sorted({p["kind"] or "?" for p in m["indexed_as"]}))
            print(f"  {case_id}: “{m['quote']}” is kind={kinds}, query asks kind={want}")


def text_coverage(ix, limit_sources: int = 15) -> dict:
    """How much of the source text reaches the passages search returns: every sentence
    (split at 。；！？, 8+ characters, headings alone on their line left out) of every
    indexed file must be inside the passages of that file.  Text that ends up only in
    the outline (a heading) or nowhere cannot be found or cited."""
    import re

    from huigu.ingest.read import read_file

    roots = {f.name: f for f in (C.SEEDS, C.CORPUS, C.LAWS)}
    by_source = defaultdict(list)
    for data in ix.passages():
        by_source[data["doc"]["source"]].append(data["text"])
    total = missing = 0
    worst = []
    for source in sorted(ix.catalog()):
        root, _, rel = source.partition("/")
        if root not in roots:
            continue
        try:
            lines = read_file(roots[root] / rel).lines
        except Exception:  # noqa: BLE001 - files ingest skipped are not counted
            continue
        joined = squash("".join(by_source.get(source, [])))
        lost, chars, examples = 0, 0, []
        for line in lines:
            whole = squash(line)
            for sentence in re.split(r"[。；！？]", whole):
                if len(sentence) < 8 or (len(sentence) < 60 and whole.rstrip("。") == sentence):
                    continue
                chars += len(sentence)
                if sentence not in joined:
                    lost += len(sentence)
                    examples.append(sentence[:30])
        total += chars
        missing += lost
        if lost:
            worst.append((lost / max(chars, 1), lost, source, examples[:2]))
    worst.sort(reverse=True)
    return {"chars": total, "missing": missing, "files_with_loss": len(worst),
            "worst": worst[:limit_sources]}


def print_coverage(cov: dict) -> None:
    print()
    share = cov["missing"] / max(cov["chars"], 1)
    print(f"text coverage: {cov['missing']} of {cov['chars']} sentence characters are in no passage "
          f"({share:.2%}); {cov['files_with_loss']} files lose some")
    for ratio, lost, source, examples in cov["worst"]:
        print(f"  {ratio:.1%} ({lost} chars) {source}: " + " / ".join(examples))


def _filters_text(filters: dict) -> str:
    parts = []
    if filters.get("year_from") or filters.get("year_to"):
        a, b = filters.get("year_from"), filters.get("year_to")
        parts.append(f"year {a}" if a == b else f"year {a or ''}-{b or ''}")
    for key in ("department", "kind"):
        if filters.get(key):
            parts.append(f"{key} {filters[key]}")
    return ", ".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("qrels", nargs="*", type=Path, help="query files (default: dev set and tests/data/search_cases.jsonl)")
    parser.add_argument("--index", type=Path, help="use this index as it is (default: a cached build in benchmarks/.cache)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached index from scratch")
    parser.add_argument("--reuse", action="store_true", help="reuse the cached index even if huigu's code changed")
    parser.add_argument("--quick", action="store_true", help="index without the laws corpus (benchmarks/.cache/index-reports)")
    parser.add_argument("--coverage", action="store_true",
                        help="also check that every source sentence is inside some passage (reads every file)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    args = parser.parse_args(argv)

    log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    info = C.machine()
    if not args.json:
        C.header("relevance: Success@10 / MRR@10 / Recall@10")
    if args.index:
        index = args.index
        if args.rebuild:
            C.ensure_index(index, C.INDEXES["index-all"], rebuild=True, log=log)
    else:
        index = C.named_index("index-reports" if args.quick else "index-all", rebuild=args.rebuild,
                              reuse=args.reuse, log=log)
    ix = open_store(index)
    passages = ix.counts()[1]
    log(f"index: {index} ({passages} passages)")

    out = {"machine": info, "index": str(index), "passages": passages, "k": K, "sets": {}}
    all_rows = []
    for path in (args.qrels or DEFAULT_QRELS):
        if not path.is_file():
            log(f"skipping {path}: not found")
            continue
        rows = evaluate(ix, load_qrels(path))
        all_rows.extend(rows)
        summary = summarize(rows)
        out["sets"][path.name] = {"summary": summary, "queries": rows}
        if not args.json:
            print_report(path.name, rows, summary)
    if len(out["sets"]) > 1:
        out["combined"] = summarize(all_rows)
        if not args.json:
            print()
            s = out["combined"]
            print(C.table(["set", "queries", "Success@10", "MRR@10", "Recall@10"],
                          [(name, v["summary"]["all"]["queries"], f"{v['summary']['all']['success@10']:.3f}",
                            f"{v['summary']['all']['mrr@10']:.3f}", f"{v['summary']['all']['recall@10']:.3f}")
                           for name, v in out["sets"].items()] +
                          [("combined", s["all"]["queries"], f"{s['all']['success@10']:.3f}",
                            f"{s['all']['mrr@10']:.3f}", f"{s['all']['recall@10']:.3f}")],
                          title="summary"))
    if args.coverage:
        out["coverage"] = text_coverage(ix)
        if not args.json:
            print_coverage(out["coverage"])
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
