"""Reuse of earlier wording: quality and speed of ``similar`` and ``overlap``.

    .venv/bin/python benchmarks/bench_reuse.py            # on benchmarks/.cache/index-reports
    .venv/bin/python benchmarks/bench_reuse.py --quick    # fewer test cases
    .venv/bin/python benchmarks/bench_reuse.py --json

Index: benchmarks/.cache/index-reports (../shared/seeds + ../shared/corpus), built when
missing or stale (shared with the other scripts).

* similar, precision and recall: passages of the index copied into a draft with light
  edits (numbers, two words, an opening phrase), heavy edits (half the clauses kept,
  four words swapped, a sentence added) or one sentence lifted out; the source (or a
  copy of it from another file) must come first.  Paragraphs from outside the index
  (the bundled sample reports, fictional, and laws) must be "nothing close".
  recall = sources ranked first / copies; precision = right first matches / all
  paragraphs that got a match.
* overlap, ratio accuracy: drafts of 12 paragraphs, a known number copied from the
  index (retyped: other punctuation, spaces, line breaks), the rest from laws (no source
  in the index); the truth is the copied share of the draft's characters (punctuation
  and spaces aside), the reading is what ``overlap`` reports against everything indexed.
* issue 12: the rank of the 2019 State Council report's own paragraph for the sentence
  of its employment target typed as a draft (全年城镇新增就业1100万人以上，…5.5%左右。), and
  a draft titled 2025年上半年工作总结 whose 12 paragraphs all come from the index (six
  from 2025 reports): ``overlap``'s reading in its default scope (everything, same year
  included) and with ``--before``, against a plain 13-character check.
* speed: ``similar --file`` on a 20-paragraph draft, ms per paragraph once the index is
  open (in process), and the whole command from the shell; ``overlap`` of the 2019 State
  Council report against everything earlier in ../shared/corpus, from the shell, with
  the n-gram cache built and when it has to be built first.

Targets: ≤ 20 ms per paragraph; overlap ≤ 2 s; ratio within ±0.05; recall and
precision ≥ 0.95.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

PER_PARAGRAPH_TARGET_MS = 20.0
OVERLAP_TARGET_S = 2.0
RATIO_TOLERANCE = 0.05
SUBSTITUTIONS = [("推进", "推动"), ("加强", "强化"), ("加快", "加速"), ("着力", "大力"), ("积极", "主动"),
                 ("进一步", "持续"), ("全面", "全力"), ("实施", "落实"), ("完善", "健全"), ("提高", "提升"),
                 ("促进", "带动"), ("支持", "扶持"), ("开展", "组织"), ("取得", "实现"), ("显著", "明显")]
OPENINGS = ["今年以来，", "同时，", "在此基础上，", "与此同时，"]
ADDED = ["群众满意度持续提升。", "相关工作得到上级充分肯定。", "为全年目标任务完成奠定了坚实基础。"]
REPORT_2019 = "corpus/state-council/2019年中华人民共和国国务院政府工作报告.txt"


# ── test set ─────────────────────────────────────────────────────────────────


def renumber(text: str, rng: random.Random) -> str:
    def swap(match):
        value = match.group(0)
        if "." in value:
            return f"{float(value) * rng.uniform(0.8, 1.25):.1f}"
        number = int(value)
        return str(number + 1) if 1900 <= number <= 2100 else str(max(1, int(number * rng.uniform(0.7, 1.4))))
    return re.sub(r"\d+(?:\.\d+)?", swap, text)


def substitute(text: str, rng: random.Random, count: int) -> str:
    options = [pair for pair in SUBSTITUTIONS if pair[0] in text]
    rng.shuffle(options)
    for old, new in options[:count]:
        text = text.replace(old, new, 1)
    return text


def light(text: str, rng: random.Random) -> str:
    out = substitute(renumber(text, rng), rng, 2)
    return rng.choice(OPENINGS) + out if rng.random() < 0.5 else out


def heavy(text: str, rng: random.Random) -> str:
    clauses = re.findall(r"[^，；。！？、]+[，；。！？、]?", text)
    keep = max(2, len(clauses) // 2)
    start = rng.randrange(0, max(1, len(clauses) - keep + 1))
    out = substitute(renumber("".join(clauses[start:start + keep]), rng), rng, 4)
    return rng.choice(OPENINGS) + out.rstrip("，；、") + "，" + rng.choice(ADDED)


def one_sentence(text: str, rng: random.Random):
    sentences = [s for s in re.findall(r"[^。！？；]+[。！？；]?", text) if len(s) >= 25]
    return rng.choice(sentences) if sentences else None


def outside_paragraphs(count: int, rng: random.Random) -> list[str]:
    """Paragraphs from outside the index: the sample reports (fictional) and laws."""
    from huigu.reuse.index import reuse_key
    from huigu.reuse.overlap import file_passages

    texts = []
    for path in sorted((C.ROOT / "examples" / "reports").rglob("*")):
        if path.suffix in (".txt", ".docx", ".html", ".pdf") and path.is_file():
            texts += [d["text"] for d in file_passages(path)[1] if len(reuse_key(d["text"])) >= 40]
    texts += law_paragraphs(count, rng)
    rng.shuffle(texts)
    return texts[:count]


def law_paragraphs(count: int, rng: random.Random) -> list[str]:
    files = sorted(C.LAWS.rglob("*.md"))
    rng.shuffle(files)
    found = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 80 and not line.startswith("#"):
                found.append(line)
        if len(found) >= count * 3:
            break
    rng.shuffle(found)
    return found[:count]


# ── similar ──────────────────────────────────────────────────────────────────


def similar_quality(store, sources: int, rng: random.Random) -> dict:
    from huigu.reuse.index import passage_data
    from huigu.reuse.similar import Matcher
    from huigu.search.group import near_identical, shingles

    matcher = Matcher(store)
    pool = [p for p in range(matcher.index.size) if 60 <= len(matcher.index.passage_key(p)) <= 400]
    chosen = rng.sample(pool, sources)
    rows = {}
    for p in chosen:
        text = passage_data(store, matcher.index, p)["text"]
        for kind, edit in (("light", light), ("heavy", heavy), ("sentence", one_sentence)):
            query = edit(text, rng)
            if not query:
                continue
            found = matcher.match(query, 3)
            row = rows.setdefault(kind, {"copies": 0, "returned": 0, "right": 0, "scores": []})
            row["copies"] += 1
            if found.matches:
                row["returned"] += 1
                top = found.matches[0]
                row["right"] += (top.id == matcher.index.ids[p]
                                 or near_identical(shingles(top.data["text"]), shingles(text), 0.9))
                row["scores"].append(top.score)
    strangers = outside_paragraphs(sources, rng)
    false_alarms = sum(bool(matcher.match(t, 3).matches) for t in strangers)
    right = sum(r["right"] for r in rows.values())
    copies = sum(r["copies"] for r in rows.values())
    returned = sum(r["returned"] for r in rows.values())
    return {"rows": rows, "strangers": len(strangers), "false_alarms": false_alarms,
            "recall": right / copies, "precision": right / max(1, returned + false_alarms)}


EMPLOYMENT_TARGET = "全年城镇新增就业1100万人以上，城镇调查失业率5.5%左右。"


def own_passage_rank(store) -> dict:
    """Issue 12: the sentence of the 2019 report's targets, typed as a draft: where does the
    report's own paragraph rank?"""
    from huigu.reuse.similar import similar

    [paragraph] = similar(store, text=EMPLOYMENT_TARGET, limit=20).paragraphs
    rank = next((i for i, m in enumerate(paragraph.matches, 1) if m.data["doc"]["source"] == REPORT_2019), None)
    return {"rank": rank, "top": paragraph.matches[0].data["label"] if paragraph.matches else None}


def similar_speed(store, index: Path, rng: random.Random) -> dict:
    from huigu.reuse.index import passage_data
    from huigu.reuse.similar import Matcher

    matcher = Matcher(store)  # opening: the reuse index is loaded here
    pool = [p for p in range(matcher.index.size) if 80 <= len(matcher.index.passage_key(p)) <= 400]
    texts = [passage_data(store, matcher.index, p)["text"] for p in rng.sample(pool, 20)]
    paragraphs = [light(t, rng) if i % 3 == 0 else heavy(t, rng) if i % 3 == 1 else t for i, t in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "草稿.txt"
        draft.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
        matcher = Matcher(store)
        started, cpu = time.perf_counter(), time.process_time()
        for number, paragraph in enumerate(paragraphs, 1):
            matcher.match(paragraph, 5, number)
        in_process_ms = (time.perf_counter() - started) * 1000 / len(paragraphs)
        cpu_ms = (time.process_time() - cpu) * 1000 / len(paragraphs)
        command = [str(C.ROOT / ".venv" / "bin" / "huigu"), "similar", "--file", str(draft), "--index", str(index),
                   "--format", "json"]
        walls = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            walls.append(time.perf_counter() - started)
    return {"ms_per_paragraph": in_process_ms, "cpu_ms_per_paragraph": cpu_ms, "command_s": min(walls),
            "paragraphs": len(paragraphs)}


# ── overlap ──────────────────────────────────────────────────────────────────


def retyped(text: str) -> str:
    text = text.replace("，", ", ").replace("；", "; ").replace("。", "。 ")
    return text[:len(text) // 2] + "\n" + text[len(text) // 2:]


def overlap_accuracy(store, rng: random.Random, drafts_per_share: int) -> dict:
    from huigu.reuse.index import reuse_key
    from huigu.reuse.overlap import overlap

    old = [d["text"] for d in store.passages() if len(d["text"]) >= 100]
    new = law_paragraphs(400, rng)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for share in (0.0, 0.25, 0.5, 0.75, 1.0):
            errors, readings, truths = [], [], []
            for number in range(drafts_per_share):
                copied = rng.sample(old, round(12 * share))
                mixed = [(t, True) for t in copied] + [(t, False) for t in rng.sample(new, 12 - len(copied))]
                rng.shuffle(mixed)
                truth = sum(len(reuse_key(t)) for t, c in mixed if c) / sum(len(reuse_key(t)) for t, _ in mixed)
                draft = Path(folder) / f"draft-{share}-{number}.txt"
                draft.write_text("\n\n".join(retyped(t) if c else t for t, c in mixed) + "\n", encoding="utf-8")
                reading = overlap(store, str(draft)).ratio
                readings.append(reading)
                truths.append(truth)
                errors.append(abs(reading - truth))
            rows.append({"share": share, "mean_truth": sum(truths) / len(truths),
                         "mean_reading": sum(readings) / len(readings),
                         "mean_error": sum(errors) / len(errors), "max_error": max(errors),
                         "drafts": f"{drafts_per_share} drafts"})
    return {"rows": rows}


def plain_repeated_share(text: str, keys: list[str], n: int = 13) -> float:
    """The plain check of issue 12: the share of the draft's key characters inside an
    ``n``-character window that some passage of the knowledge base holds too."""
    from huigu.reuse.index import reuse_key

    key = reuse_key(text)
    wanted = {key[i:i + n] for i in range(len(key) - n + 1)}
    found = {g for other in keys for g in (other[i:i + n] for i in range(len(other) - n + 1)) if g in wanted}
    covered = bytearray(len(key))
    for i in range(len(key) - n + 1):
        if key[i:i + n] in found:
            covered[i:i + n] = b"\x01" * n
    return covered.count(1) / max(1, len(key))


def copied_draft_reading(store, rng: random.Random) -> dict:
    """Issue 12: a draft titled 2025年上半年工作总结 whose 12 paragraphs all come from the
    knowledge base, six of them from 2025 reports: overlap's reading (default scope, and
    --before) against a plain 13-character check."""
    from huigu.reuse.index import reuse_key
    from huigu.reuse.overlap import overlap

    passages = store.passages()
    long = sorted((d for d in passages if not d.get("is_heading") and 60 <= len(reuse_key(d["text"])) <= 400),
                  key=lambda d: d["id"])
    this_year = [d for d in long if d["doc"].get("year") == 2025]
    earlier = [d for d in long if 0 < (d["doc"].get("year") or 0) < 2025]
    if len(this_year) < 6:
        return {}
    chosen = rng.sample(this_year, 6) + rng.sample(earlier, 6)
    rng.shuffle(chosen)
    text = "云溪市2025年上半年工作总结（草稿）\n\n" + "\n\n".join(d["text"].replace("\n", "") for d in chosen) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "2025年上半年工作总结（草稿）.txt"
        draft.write_text(text, encoding="utf-8")
        default = overlap(store, str(draft))
        before = overlap(store, str(draft), scope="before")
    plain = plain_repeated_share(text, [reuse_key(d["text"]) for d in passages])
    return {"default": default.ratio, "default_scope": default.b["label"], "before": before.ratio,
            "before_scope": before.b["label"], "plain": plain}


def overlap_speed(store, index: Path) -> dict:
    from huigu.reuse.index import CACHE_FILE

    doc = next(d for d in store.documents() if d["source"] == REPORT_2019)
    command = [str(C.ROOT / ".venv" / "bin" / "huigu"), "overlap", doc["id"], "--index", str(index), "--format", "json"]
    (index / CACHE_FILE).unlink(missing_ok=True)
    started = time.perf_counter()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cold = time.perf_counter() - started
    warm = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        warm.append(time.perf_counter() - started)
    payload = json.loads(output)
    return {"cold_s": cold, "warm_s": min(warm), "ratio": payload["ratio"], "runs": len(payload["runs"]),
            "against": payload["b"]}


# ── main ─────────────────────────────────────────────────────────────────────


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON as well")
    args = parser.parse_args(argv)
    C.header("reuse: similar / overlap")
    from huigu.store import open_store

    index = C.named_index("index-reports")
    store = open_store(index)
    rng = random.Random(20240601)
    quality = similar_quality(store, 60 if args.quick else 150, rng)
    own = own_passage_rank(store)
    speed = similar_speed(store, index, rng)
    accuracy = overlap_accuracy(store, rng, 2 if args.quick else 4)
    copied = copied_draft_reading(store, random.Random(12))
    timing = overlap_speed(store, index)

    rows = []
    for kind, row in quality["rows"].items():
        rows.append([f"similar: {kind} copies ranked first", f"{row['right']}/{row['copies']}",
                     f"{row['right'] / row['copies']:.3f}", "≥ 0.95"])
    rows.append(["similar: outside paragraphs said 'nothing close'",
                 f"{quality['strangers'] - quality['false_alarms']}/{quality['strangers']}",
                 f"{1 - quality['false_alarms'] / quality['strangers']:.3f}", ""])
    rows.append(["similar: recall (all copies)", "", f"{quality['recall']:.3f}", "≥ 0.95"])
    rows.append(["similar: precision (right first match / matched)", "", f"{quality['precision']:.3f}", "≥ 0.95"])
    rows.append(["similar: rank of the 2019 report's own paragraph for its employment target", "1 sentence",
                 str(own["rank"]), "1"])
    for row in accuracy["rows"]:
        rows.append([f"overlap: {row['share']:.0%} of paragraphs copied: reading (truth)",
                     row["drafts"],
                     f"{row['mean_reading']:.3f}", f"{row['mean_truth']:.3f} ± {RATIO_TOLERANCE}"])
    worst = max(r["max_error"] for r in accuracy["rows"])
    rows.append(["overlap: largest |reading − truth|", "", f"{worst:.3f}", f"≤ {RATIO_TOLERANCE}"])
    if copied:
        rows.append(["overlap: all-copied 2025 draft, default scope (plain 13-char check)", copied["default_scope"],
                     f"{copied['default']:.3f}", f"{copied['plain']:.3f} ± {RATIO_TOLERANCE}"])
        rows.append(["overlap: same draft with --before", copied["before_scope"], f"{copied['before']:.3f}", ""])
    rows.append(["similar --file: ms per paragraph (index open)", f"{speed['paragraphs']} paragraphs",
                 f"{speed['ms_per_paragraph']:.1f}", f"≤ {PER_PARAGRAPH_TARGET_MS:.0f}"])
    rows.append(["similar --file: CPU ms per paragraph (what a busy machine does not inflate)", "",
                 f"{speed['cpu_ms_per_paragraph']:.1f}", ""])
    rows.append(["similar --file: whole command, s", "", f"{speed['command_s']:.2f}", ""])
    rows.append(["overlap 2019 report vs earlier corpus, s", f"{timing['against']['passages']} passages",
                 f"{timing['warm_s']:.2f}", f"≤ {OVERLAP_TARGET_S:.0f}"])
    rows.append(["overlap, same with the n-gram cache built first, s", "", f"{timing['cold_s']:.2f}", ""])
    print(C.table(["measure", "cases", "value", "target"], rows))
    if args.json:
        print(json.dumps({"similar": quality | {"speed": speed, "own_passage": own},
                          "overlap": accuracy | {"speed": timing, "copied_draft": copied}},
                         ensure_ascii=False, indent=1, default=str))
    ok = (speed["ms_per_paragraph"] <= PER_PARAGRAPH_TARGET_MS and timing["warm_s"] <= OVERLAP_TARGET_S
          and worst <= RATIO_TOLERANCE and quality["recall"] >= 0.95 and quality["precision"] >= 0.95
          and own["rank"] == 1 and (not copied or abs(copied["default"] - copied["plain"]) <= RATIO_TOLERANCE))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
