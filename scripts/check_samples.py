#!/usr/bin/env python3
"""Check the sample corpus against its answer key ``examples/reports/ANSWERS.json``.

Verifies that every quote in the key occurs in the text of its file (and part), that
plan quotes sit in the plan section and evidence quotes in the review section, that
"not_reported" commitments really are absent from the follow-up, that reused paragraphs
are really (nearly) identical, that every file has a documents entry, that each document
has 1,500–4,000 Chinese characters, and that the files are a fresh, byte-identical build
of ``scripts/make_samples.py``.

Text extraction, deliberately simple and independent of huigu itself:

* .txt  – UTF-8, else GBK
* .docx – python-docx paragraphs, then table cells
* .html – BeautifulSoup(...).get_text()
* .pdf  – pypdf extract_text(); all whitespace is removed from text *and* quote

Run: ``python scripts/check_samples.py``  (exit status 1 on any failure).
"""
from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
PART_MARK = re.compile(r"^第[一二三四五六七八九十]+篇\s*$", re.M)
WS = re.compile(r"\s+")

errors: list[str] = []


def fail(msg: str) -> None:
    errors.append(msg)


def extract(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("gbk")
    if suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for table in d.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(parts)
    if suffix == ".html":
        from bs4 import BeautifulSoup

        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
    if suffix == ".pdf":
        import pypdf

        return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
    raise ValueError(f"unexpected file type: {path}")


_cache: dict[tuple[str, int], str] = {}


def text_of(file: str, part: int = 1) -> str:
    """Text of one document (part) of a file; whitespace removed for PDF."""
    key = (file, part)
    if key not in _cache:
        path = REPORTS / file
        text = extract(path)
        if PART_MARK.search(text):
            chunks = [c for c in PART_MARK.split(text) if c.strip()]
            text = chunks[part - 1]
        elif part != 1:
            raise ValueError(f"{file} has only one part")
        if path.suffix.lower() == ".pdf":
            text = WS.sub("", text)
        _cache[key] = text
    return _cache[key]


def norm(file: str, quote: str) -> str:
    return WS.sub("", quote) if file.lower().endswith(".pdf") else quote


def find(file: str, part: int, quote: str, what: str) -> int:
    """Offset of quote in the document, or -1 (and a failure)."""
    if not (10 <= len(quote) <= 40) or "\n" in quote:
        fail(f"{what}: quote should be 10–40 chars on one line: {quote!r}")
    pos = text_of(file, part).find(norm(file, quote))
    if pos < 0:
        fail(f"{what}: not found in {file}#{part}: {quote!r}")
    return pos


def section_bounds(doc: dict) -> dict[str, tuple[int, int]]:
    """(start, end) offsets of the review / problem / plan sections of a document."""
    text = text_of(doc["file"], doc["part"])
    h = doc["headings"]
    marks = {}
    for kind in ("review", "problem", "plan"):
        if h.get(kind) is None:
            continue
        pos = text.find(norm(doc["file"], h[kind])) if h[kind] else 0
        if pos < 0:
            fail(f"heading {h[kind]!r} not found in {doc['file']}#{doc['part']}")
            continue
        marks[kind] = pos
    order = sorted(marks.items(), key=lambda kv: kv[1])
    bounds = {}
    for i, (kind, start) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else len(text)
        bounds[kind] = (start, end)
    return bounds


def paragraph_at(file: str, part: int, quote: str, length: int = 0) -> str:
    """The paragraph holding quote.  PDF text has no paragraph breaks left (whitespace is
    removed), so there the quote must open the paragraph and ``length`` chars are taken."""
    text = text_of(file, part)
    pos = text.find(norm(file, quote))
    if pos < 0:
        return ""
    if file.lower().endswith(".pdf"):
        return text[pos : pos + length]
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def main() -> int:
    key = json.loads((REPORTS / "ANSWERS.json").read_text(encoding="utf-8"))
    docs = {(d["file"], d["part"]): d for d in key["documents"]}

    # every file described, every description has a file
    files = {p.relative_to(REPORTS).as_posix() for p in REPORTS.rglob("*") if p.is_file()}
    files -= {"ANSWERS.json", "README.md"}
    described = {d["file"] for d in key["documents"]}
    for missing in sorted(files - described):
        fail(f"file without a documents entry: {missing}")
    for ghost in sorted(described - files):
        fail(f"documents entry without a file: {ghost}")

    # documents: title present, length, headings in order
    bounds = {}
    for (file, part), d in docs.items():
        text = text_of(file, part)
        if WS.sub("", d["title"]) not in WS.sub("", text):
            fail(f"title not found in {file}#{part}: {d['title']}")
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        if not 1500 <= han <= 4000:
            fail(f"{file}#{part}: {han} Chinese characters (want 1500–4000)")
        bounds[(file, part)] = section_bounds(d)
        d["_han"] = han

    def in_section(file, part, quote, kind, what):
        pos = find(file, part, quote, what)
        if pos < 0:
            return
        b = bounds[(file, part)].get(kind)
        if b is None or not (b[0] <= pos < b[1]):
            fail(f"{what}: {quote!r} is not in the {kind} section of {file}#{part}")

    # commitments
    for i, c in enumerate(key["commitments"], 1):
        what = f"commitment {i}"
        in_section(c["plan_file"], c["plan_part"], c["quote"], "plan", what)
        plan_doc = docs[(c["plan_file"], c["plan_part"])]
        if plan_doc["plan_year"] != c["plan_year"]:
            fail(f"{what}: plan_year {c['plan_year']} != document plan_year {plan_doc['plan_year']}")
        follow = docs[(c["followup_file"], c["followup_part"])]
        if follow["review_year"] != c["plan_year"]:
            fail(f"{what}: follow-up reviews {follow['review_year']}, plan is for {c['plan_year']}")
        if c["status"] == "not_reported":
            if c["evidence_quote"] is not None:
                fail(f"{what}: not_reported must have evidence_quote null")
            text = text_of(c["followup_file"], c["followup_part"])
            for term in c.get("absent_terms", []):
                if term in text:
                    fail(f"{what}: absent term {term!r} occurs in {c['followup_file']}")
            if not c.get("absent_terms"):
                fail(f"{what}: not_reported needs absent_terms")
        else:
            in_section(c["followup_file"], c["followup_part"], c["evidence_quote"], "review", what)
        t, r = c.get("target"), c.get("reported")
        if t and r and c["status"] in ("met", "partly") and "targets" not in c:
            ok = r["value"] >= t["value"] if t["qualifier"] != "左右" else r["value"] >= 0.95 * t["value"]
            if ok != (c["status"] == "met"):
                fail(f"{what}: status {c['status']} disagrees with {r['value']} vs {t['value']}")

    for i, u in enumerate(key.get("unanswered", []), 1):
        in_section(u["plan_file"], u["plan_part"], u["quote"], "plan", f"unanswered {i}")

    # exhortations: in some plan section
    for quote in key["exhortations"]:
        hits = 0
        for (file, part), b in bounds.items():
            if "plan" not in b:
                continue
            text = text_of(file, part)
            pos = text.find(norm(file, quote), b["plan"][0])
            if 0 <= pos < b["plan"][1]:
                hits += 1
        if not hits:
            fail(f"exhortation not found in any plan section: {quote!r}")

    # reuse
    for i, r in enumerate(key["reuse"], 1):
        what = f"reuse {i}"
        find(r["from_file"], r["from_part"], r["from_quote"], what)
        find(r["to_file"], r["to_part"], r["to_quote"], what)
        a = paragraph_at(r["from_file"], r["from_part"], r["from_quote"])
        b = paragraph_at(r["to_file"], r["to_part"], r["to_quote"], len(a) + 10)
        if r["edit"] == "verbatim":
            if WS.sub("", a) not in WS.sub("", text_of(r["to_file"], r["to_part"])):
                fail(f"{what}: paragraph is not copied verbatim")
        else:
            ratio = difflib.SequenceMatcher(None, WS.sub("", a), WS.sub("", b)).ratio()
            if not 0.8 <= ratio < 1:
                fail(f"{what}: light edit similarity {ratio:.2f} (want 0.80–0.99)")
            for old, new in r.get("changes", []):
                if old not in a or new not in b:
                    fail(f"{what}: change {old}→{new} not seen")

    # queries
    for q in key["queries"]:
        for g in q["gold"]:
            find(g["file"], g["part"], g["quote"], f"query {q['query']!r}")

    # html noise must not leak into get_text()
    for file in files:
        if file.endswith(".html"):
            raw = (REPORTS / file).read_text(encoding="utf-8")
            if "脚本文字不应被索引" not in raw:
                fail(f"{file}: script noise missing from the page")

    # byte-identical rebuild
    rebuild = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--check"], capture_output=True, text=True
    )
    if rebuild.returncode:
        fail("make_samples.py --check: " + rebuild.stdout.strip())

    # summary
    print(f"{len(files)} files, {len(docs)} documents")
    for (file, part), d in sorted(docs.items()):
        print(f"  {d['_han']:5d} 字  {file}#{part}  {d['department_short']} {d['year']} {d['period']} {d['doc_type']}")
    status = Counter(c["status"] for c in key["commitments"])
    print(f"commitments: {len(key['commitments'])} {dict(status)}; unanswered: {len(key.get('unanswered', []))}")
    print(f"exhortations: {len(key['exhortations'])}; reuse: {len(key['reuse'])}; queries: {len(key['queries'])}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  -", e)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
