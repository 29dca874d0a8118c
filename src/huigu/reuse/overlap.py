"""Repeated text between reports (照搬照抄): how much of A repeats B, and where.

A and B are files or indexed documents; without B, A is compared with a *scope* of the
knowledge base: ``all`` (every indexed document but A itself — a draft's default, so text
copied from this year's reports counts) or ``before`` (the documents that came before A:
by date where both have one, else by year — an indexed document's default).

``overlap`` takes every 8-character window of A's key text (``index.reuse_key``), finds
the places of B (the n-gram index's key text, or a second file's) that hold the same 8
characters at offsets divisible by 4 (a run of 11 or more characters always holds one),
and extends each such seed both ways into the longest common run.  Runs never cross a
passage boundary on either side, so every run has one citation on each side.
"""
from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate, compress
from pathlib import Path
from typing import Callable, Optional

from huigu.errors import HuiguError
from huigu.reuse.index import (SEP, ReuseIndex, date_number, display_span, key_offsets, passage_data, reuse_index,
                               reuse_key, utf16)
from huigu.text.cite import citation_label
from huigu.text.normalize import match_key

DRAFT_SEP = "\x00"  # after every passage of the text being checked: differs from SEP, so runs stop at both
SEED_CHARS = 8
MIN_RUN_CHARS = 12
SCOPES = ("before", "all")


# ── seeds ───────────────────────────────────────────────────────────────────


def _matching_windows(key: str, wanted: dict, stride: int) -> list[tuple[int, int]]:
    """(offset, code) of the 8-character windows of ``key`` at every ``stride``-th offset
    (1, 2, 4 or 8) whose code is in ``wanted``."""
    low = utf16(key)[0::2]
    count = len(key) - SEED_CHARS + 1
    found = []
    for phase in range(0, SEED_CHARS, stride):
        part = low[phase:]
        codes = array("Q")
        codes.frombytes(part[:len(part) // SEED_CHARS * SEED_CHARS])
        offsets = compress(range(phase, count, SEED_CHARS), map(wanted.__contains__, codes))
        found.extend((offset, int.from_bytes(low[offset:offset + SEED_CHARS], sys.byteorder)) for offset in offsets)
    return found


def seed_codes(key: str) -> list[int]:
    """Codes of every 8-character window, from the low byte of each character: cheap,
    with collisions that the run extension (which compares characters) throws away.
    The windows are read eight bytes at a time, one array per starting phase."""
    low = utf16(key)[0::2]
    count = len(key) - SEED_CHARS + 1
    if count <= 0:
        return []
    out = [0] * count
    for phase in range(SEED_CHARS):
        part = low[phase:]
        codes = array("Q")
        codes.frombytes(part[:len(part) // SEED_CHARS * SEED_CHARS])
        out[phase::SEED_CHARS] = codes[:len(range(phase, count, SEED_CHARS))]
    return out


# ── the texts being compared ────────────────────────────────────────────────


@dataclass
class Corpus:
    """Passages to compare: key texts joined with ``sep`` after each, and how to cite them."""

    description: dict  # what is compared, for the output: a document, a file, or a scope
    key: str
    starts: list[int]
    fetch: Callable[[int], dict]  # passage data (text, label, doc, line_start …) of local passage i
    sep: str = SEP
    years: Optional[list[int]] = None

    @property
    def size(self) -> int:
        return len(self.starts) - 1

    @property
    def chars(self) -> int:
        return len(self.key) - self.size

    def passage_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def corpus_of_passages(description: dict, passages: list[dict], sep: str) -> Corpus:
    keys = [reuse_key(d["text"]) for d in passages]
    starts = list(accumulate((len(k) + 1 for k in keys), initial=0))
    return Corpus(description, "".join(k + sep for k in keys), starts, passages.__getitem__, sep,
                  [(d.get("doc") or {}).get("year") or 0 for d in passages])


def corpus_of_ranges(description: dict, store, index: ReuseIndex, ranges: list[tuple[int, int]],
                     sep: str = SEP) -> Corpus:
    """Passages [a, b) of the reuse index for each range, as one corpus."""
    pieces, starts, globals_ = [], [0], []
    for first, end in ranges:
        if end <= first:
            continue
        pieces.append(index.key[index.starts[first]:index.starts[end]])
        base = starts[-1] - index.starts[first]
        starts.extend(index.starts[p] + base for p in range(first + 1, end + 1))
        globals_.extend(range(first, end))
    key = "".join(pieces)
    if sep != SEP:
        key = key.replace(SEP, sep)

    def fetch(i: int) -> dict:
        return passage_data(store, index, globals_[i])

    return Corpus(description, key, starts, fetch, sep, [index.years[p] for p in globals_])


# ── finding repeated runs ───────────────────────────────────────────────────


@dataclass
class Run:
    a_passage: int  # local passage numbers and key offsets within the passage
    a_start: int
    a_end: int
    b_passage: int
    b_start: int

    @property
    def chars(self) -> int:
        return self.a_end - self.a_start


def repeated_runs(a: Corpus, b: Corpus, min_chars: int = MIN_RUN_CHARS) -> tuple[list[Run], bytearray]:
    """Every maximal run of at least ``min_chars`` key characters that ``a`` shares with
    ``b`` (one per pair of places), and a map of which key characters of ``a`` they cover."""
    if a.sep == b.sep:
        raise ValueError("the two corpora need different passage separators")
    if min_chars < SEED_CHARS:
        raise HuiguError(f"--min-chars 不能小于 {SEED_CHARS}")
    covered = bytearray(len(a.key))
    wanted: dict[int, list[int]] = defaultdict(list)
    for position, code in enumerate(seed_codes(a.key)):
        wanted[code].append(position)
    # any run of min_chars ≥ 11 holds an 8-character window at an offset of ``b`` divisible by 4
    stride = 4 if min_chars >= SEED_CHARS + 3 else 1
    seeds = sorted((ap, bp) for bp, code in _matching_windows(b.key, wanted, stride) for ap in wanted[code])
    a_key, b_key = a.key, b.key
    reach: dict[int, int] = {}  # diagonal (bp - ap) → end of the last run found on it
    runs: list[tuple[int, int, int]] = []
    for ap, bp in seeds:
        diagonal = bp - ap
        if reach.get(diagonal, -1) > ap:
            continue
        back = 0
        while back < ap and back < bp and a_key[ap - back - 1] == b_key[bp - back - 1]:
            back += 1  # stops at a passage boundary: the two sides' separators differ
        ap, bp = ap - back, bp - back
        length = _common_prefix(a_key, ap, b_key, bp)
        reach[diagonal] = ap + max(length, 1)
        if length >= min_chars:
            runs.append((ap, ap + length, bp))
            covered[ap:ap + length] = b"\x01" * length
    found = []
    for start, end, bp in runs:
        ai = a.passage_of(start)
        bi = b.passage_of(bp)
        found.append(Run(ai, start - a.starts[ai], end - a.starts[ai], bi, bp - b.starts[bi]))
    return found, covered


def _common_prefix(a: str, i: int, b: str, j: int) -> int:
    length = 0
    step = 32
    while i + length + step <= len(a) and j + length + step <= len(b) \
            and a[i + length:i + length + step] == b[j + length:j + length + step]:
        length += step
    limit = min(len(a) - i, len(b) - j)
    while length < limit and a[i + length] == b[j + length]:
        length += 1
    return length


def choose_runs(runs: list[Run], a: Corpus, b: Corpus, min_chars: int) -> list[Run]:
    """The runs worth listing: longest first (the most recent source on ties), each adding
    at least ``min_chars`` characters of ``a`` not already listed; in ``a``'s order."""
    listed = bytearray(len(a.key))
    b_years = b.years or [0] * b.size
    chosen = []
    for run in sorted(runs, key=lambda r: (-r.chars, -b_years[r.b_passage], r.a_passage, r.a_start)):
        first = a.starts[run.a_passage] + run.a_start
        end = first + run.chars
        if end - first - listed.count(1, first, end) >= min_chars:
            listed[first:end] = b"\x01" * (end - first)
            chosen.append(run)
    chosen.sort(key=lambda r: (r.a_passage, r.a_start))
    return chosen


@dataclass
class OverlapResult:
    a: dict
    b: dict
    ratio: float
    a_chars: int
    repeated_chars: int
    min_chars: int
    runs: list[dict]


def compare(a: Corpus, b: Corpus, min_chars: int = MIN_RUN_CHARS) -> OverlapResult:
    runs, covered = repeated_runs(a, b, min_chars)
    total = a.chars
    repeated = covered.count(1)
    listed = []
    a_cache: dict[int, tuple[dict, list[int]]] = {}
    b_cache: dict[int, tuple[dict, list[int]]] = {}
    for run in choose_runs(runs, a, b, min_chars):
        a_data, a_offsets = _with_offsets(a, run.a_passage, a_cache)
        b_data, b_offsets = _with_offsets(b, run.b_passage, b_cache)
        head, tail = stray_edges(display_span(a_data["text"], a_offsets, run.a_start, run.a_end))
        if run.chars - head - tail < min_chars:
            head = tail = 0
        start, end = run.a_start + head, run.a_end - tail
        b_start = run.b_start + head
        listed.append({"text": display_span(a_data["text"], a_offsets, start, end), "chars": end - start,
                       "a_citation": citation(a_data), "b_citation": citation(b_data),
                       "b_text": display_span(b_data["text"], b_offsets, b_start, b_start + end - start)})
    return OverlapResult(a=a.description, b=b.description, ratio=(repeated / total if total else 0.0),
                         a_chars=total, repeated_chars=repeated, min_chars=min_chars, runs=listed)


# one character cut off by punctuation — but not a digit after a decimal point or a
# thousands comma (失业率5.5: the 5 after the point is the number's own)
_STRAY_HEAD_RE = re.compile(r"^(?!\d[.．,，]\d)[^\W_][\W_]+")
_STRAY_TAIL_RE = re.compile(r"(?<!\d(?=[.．,，]\d$))[\W_]+[^\W_]$")


def stray_edges(text: str) -> tuple[int, int]:
    """Key characters to drop at each end of a run's text: one character cut off by
    punctuation ("年，我局将…", "…加强党风廉政建设。持") is a stray piece of other words."""
    head = 1 if _STRAY_HEAD_RE.match(text) else 0
    tail = 1 if _STRAY_TAIL_RE.search(text) else 0
    return head, tail


def _with_offsets(corpus: Corpus, i: int, cache: dict) -> tuple[dict, list[int]]:
    if i not in cache:
        data = corpus.fetch(i)
        cache[i] = (data, key_offsets(data["text"])[1])
    return cache[i]


def citation(data: dict) -> dict:
    """Where a passage is (the citation search results carry), with the passage id."""
    from huigu.output.render import hit_citation

    cited = hit_citation(data)
    if data.get("id"):
        cited["id"] = data["id"]
    return cited


# ── what A and B name: an indexed document or a file ────────────────────────

_DOC_ID_RE = re.compile(r"^[0-9a-f]{8}-\d+$")
_SUMMARY_FIELDS = ("id", "title", "department", "department_short", "year", "doc_type", "period", "source", "part",
                   "doc_number", "date", "unit", "review_year", "plan_year")


def file_passages(path: Path) -> tuple[list[dict], list[dict]]:
    """Documents and passage data of a file that is not (necessarily) in the knowledge
    base, as a store would hold them: same reading, cleaning, splitting and citation labels."""
    from huigu.ingest.pipeline import file_hash, process_file

    try:
        digest = file_hash(path)
    except OSError as err:
        raise HuiguError(f"无法读取 {path}：{err.strerror or err}") from err
    result = process_file(path, str(path), digest)
    if result.error:
        raise HuiguError(f"无法读取 {path}：{result.error}")
    documents, passages = [], []
    for item in result.documents:
        doc = item.document.to_dict()
        documents.append(doc)
        summary = {k: doc.get(k) for k in _SUMMARY_FIELDS}
        for passage in item.passages:
            data = passage.to_dict()
            data["doc"] = summary
            data["label"] = citation_label(doc, data)
            passages.append(data)
    return documents, passages


def is_doc_id(name: str) -> bool:
    return bool(_DOC_ID_RE.match(name))


def needs_store(a: str, b: Optional[str]) -> bool:
    """Does comparing ``a`` with ``b`` need the knowledge base (not two files)?"""
    return b is None or not Path(a).is_file() or not Path(b).is_file()


@dataclass
class Side:
    """One side of a comparison: its passages and what the scope needs to know of it."""

    corpus: Corpus
    year: Optional[int]
    date: int  # yyyymmdd, 0 when unknown
    doc_ids: tuple[str, ...]  # the documents it is (excluded from a scope)
    indexed: bool


def _file_side(name: str, sep: str) -> Side:
    documents, passages = file_passages(Path(name))
    # a draft's title line (云溪市科学技术局2025年上半年工作总结) is no wording taken from
    # anyone: the office and the year stand in every report of the office
    titles = {match_key(d.get("title") or "") for d in documents} - {""}
    passages = [p for p in passages if match_key(p["text"]) not in titles] or passages
    if not passages:
        raise HuiguError(f"{name} 里没有可比较的段落")
    # the year a draft is *for*: named in its title, header or file name; a year found in
    # the body ("2018年…") says what the text talks about, not when it was written
    years = [d["year"] for d in documents if d.get("year") and (d.get("provenance") or {}).get("year") != "body"]
    year = max(years) if years else None
    date = max((date_number(d.get("date")) for d in documents), default=0)
    title = "；".join(d.get("title") or "" for d in documents)
    description = {"file": name, "title": title, "year": year, "date": _iso(date) or None,
                   "documents": len(documents)}
    return Side(corpus_of_passages(description, passages, sep), year, date,
                tuple(d["id"] for d in documents), indexed=False)


def _doc_side(name: str, store, index: ReuseIndex, sep: str) -> Side:
    span = index.doc_range(name)
    if span is None:
        raise HuiguError(f"知识库里没有编号为 {name} 的文档：编号见 huigu docs")
    doc = dict(passage_data(store, index, span[0])["doc"])
    description = {"id": doc.get("id"), "title": doc.get("title"), "department": doc.get("department"),
                   "year": doc.get("year"), "date": doc.get("date") or None, "source": doc.get("source")}
    return Side(corpus_of_ranges(description, store, index, [span], sep), doc.get("year"),
                date_number(doc.get("date")), (name,), indexed=True)


def _iso(date: int) -> str:
    return f"{date // 10000:04d}-{date // 100 % 100:02d}-{date % 100:02d}" if date else ""


def came_before(index: ReuseIndex, d: int, year: Optional[int], date: int) -> bool:
    """Did document ``d`` come before a text of ``year`` / ``date``?  By date when both
    have one, else by year; a document with neither did not."""
    if date and index.doc_dates[d]:
        return index.doc_dates[d] < date
    return bool(year and index.doc_years[d] and index.doc_years[d] < year)


def scope_label(scope: str, side: Side) -> str:
    if scope == "all":
        return "全部已导入文档（含同年的）" if not side.indexed else "除 A 以外的全部已导入文档（含同年的）"
    year = side.year or (side.date // 10000 if side.date else None)
    if side.date:
        return f"早于 {_iso(side.date)} 的文档（有日期的按日期比，没有日期的按年份：{year}年以前）"
    return f"{year}年以前的文档"


def _scope_side(store, index: ReuseIndex, a: Side, scope: Optional[str]) -> Corpus:
    """The documents A is compared with when no B is given."""
    chosen_by = "option" if scope else "default"
    if scope is None:
        scope = "before" if a.indexed and (a.year or a.date) else "all"
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}: {scope!r}")
    if scope == "before" and not (a.year or a.date):
        where = "文档" if a.indexed else "草稿的标题、文头和文件名里"
        raise HuiguError(f"A 没有年份或日期（{where}都没有），无从判断哪些文档更早：请去掉 --before，与全部文档比较")
    own = {d for d in (index.document_of(i) for i in a.doc_ids) if d is not None}
    year = a.year or (a.date // 10000 if a.date else None)
    documents = [d for d in range(len(index.doc_ids))
                 if d not in own and (scope == "all" or came_before(index, d, year, a.date))]
    ranges = index.ranges(documents)
    description = {"scope": scope, "chosen_by": chosen_by, "label": scope_label(scope, a),
                   "before_year": year if scope == "before" else None,
                   "before_date": (_iso(a.date) or None) if scope == "before" else None,
                   "documents": len(documents), "passages": sum(e - s for s, e in ranges),
                   "left_out": len(own) if not a.indexed else 0}
    return corpus_of_ranges(description, store, index, ranges)


def _check_name(name: str) -> None:
    path = Path(name)
    if path.is_dir():
        raise HuiguError(f"{name} 是文件夹：请给出一个文件（.docx / .txt / .md）或文档编号")
    if not path.is_file() and not is_doc_id(name):
        raise HuiguError(f"找不到文件 {name}，它也不是文档编号（如 c801791f-1，见 huigu docs）")


def overlap(store, a: str, b: Optional[str] = None, min_chars: int = MIN_RUN_CHARS,
            scope: Optional[str] = None) -> OverlapResult:
    """How much of ``a`` (a file or an indexed document id) repeats text of ``b`` (the
    same), or without ``b`` of the knowledge base: ``scope`` "all" (every document but A
    itself; a file's default) or "before" (those that came before A, by date where known,
    else by year; an indexed document's default).  ``store`` may be None for two files."""
    if min_chars < SEED_CHARS:
        raise HuiguError(f"--min-chars 不能小于 {SEED_CHARS}")
    for name in filter(None, [a, b]):
        _check_name(name)
    if b is not None and scope is not None:
        raise HuiguError("--before / --all 只在不给 B 时使用（给了 B 就只与 B 比较）")
    if not needs_store(a, b):
        return compare(_file_side(a, DRAFT_SEP).corpus, _file_side(b, SEP).corpus, min_chars)
    if store is None:
        raise HuiguError("需要知识库：请用 --index 指定索引目录")
    index = reuse_index(store)
    side = _file_side(a, DRAFT_SEP) if Path(a).is_file() else _doc_side(a, store, index, DRAFT_SEP)
    if b is None:
        b_corpus = _scope_side(store, index, side, scope)
    elif Path(b).is_file():
        b_corpus = _file_side(b, SEP).corpus
    else:
        b_corpus = _doc_side(b, store, index, SEP).corpus
    return compare(side.corpus, b_corpus, min_chars)
