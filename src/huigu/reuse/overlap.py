"""Repeated text between reports (照搬照抄), and the n-gram index that finds it.

Everything here compares *key* text: ``match_key`` of a passage (NFKC, no whitespace or
punctuation, lower case), so two copies of a report that differ in line breaks, spaces
or punctuation compare equal.

``ReuseIndex`` is built from the whoosh index the first time it is needed (about a
second per 3,000 passages) and cached beside it (``huigu.reuse`` in the index
directory); the cache names the whoosh generation and segments it was built from and
is rebuilt when the index changes.  It holds the key text of every passage (documents
in year order, so "everything from earlier years" is one prefix of it) and, for
``similar``, the passages holding the 4-gram at every fourth key offset and counts of
character pairs in a sample of the passages.

``overlap`` takes every 8-character window of the text being checked, finds the places
of the other side (the index's key text, or a second file's) that hold the same 8
characters at offsets divisible by 4 (a run of 11 or more characters always holds one),
and extends each such seed both ways into the longest common run.  Runs never cross a
passage boundary on either side, so every run has one citation on each side.
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress
from operator import add
from pathlib import Path
from typing import Callable, Optional

from huigu.text.normalize import match_key
from huigu.errors import HuiguError
CACHE_FILE = "huigu.reuse"
CACHE_FORMAT = 2
_MAGIC = b"HUIGURX1"
SEP = "\x01"  # after every passage in the index key text
DRAFT_SEP = "\x00"  # after every passage of the text being checked: differs from SEP, so runs stop at both
SEED_CHARS = 8
GRAM_CHARS = 4
PASSAGE_BITS = 24
_PASSAGE_MASK = (1 << PASSAGE_BITS) - 1
PAIR_SAMPLE_CHARS = 300_000
_CODE_MODULUS = (1 << 40) - 87  # a prime: gram codes fold to 40 bits, 24 are left for the passage
MIN_RUN_CHARS = 12
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_KEY_CHAR_RE = re.compile(r"[^\W_]+")
_NOT_KEY_RE = re.compile(r"[\W_]+")


# ── key text ────────────────────────────────────────────────────────────────


def reuse_key(text: str) -> str:
    """``match_key`` of a normalised text, computed the fast way: drop whitespace and
    punctuation first, NFKC only when what is left needs it (stored and cleaned text is
    already NFKC apart from its Chinese punctuation)."""
    key = _NOT_KEY_RE.sub("", text).lower()
    if key.isascii() or unicodedata.is_normalized("NFKC", key):
        return key
    return match_key(key)


def key_offsets(text: str) -> tuple[str, list[int]]:
    """``reuse_key(text)`` and, for each of its characters, its offset in ``text``."""
    key = reuse_key(text)
    offsets = [i for m in _KEY_CHAR_RE.finditer(text) for i in range(m.start(), m.end())]
    if len(offsets) != len(key):  # NFKC or lower-casing changed a length: map character by character
        offsets = []
        for index, char in enumerate(text):
            offsets.extend([index] * len(reuse_key(char)))
        offsets = offsets[:len(key)] + [len(text) - 1] * (len(key) - len(offsets))
    return key, offsets


def display_span(text: str, offsets: list[int], start: int, end: int) -> str:
    """The part of ``text`` that key characters [start, end) came from."""
    if start >= end or not offsets:
        return ""
    return text[offsets[start]:offsets[end - 1] + 1]


def _utf16(key: str) -> bytes:
    if _ASTRAL_RE.search(key):
        key = _ASTRAL_RE.sub("\ufffd", key)
    return key.encode("utf-16-le")


def _matching_windows(key: str, wanted: dict, stride: int) -> list[tuple[int, int]]:
    """(offset, code) of the 8-character windows of ``key`` at every ``stride``-th offset
    (1, 2, 4 or 8) whose code is in ``wanted``."""
    low = _utf16(key)[0::2]
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
    low = _utf16(key)[0::2]
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


def gram_code(gram: str) -> int:
    """The code under which ``ReuseIndex.grams`` files a 4-gram (40 bits of its UTF-16)."""
    return int.from_bytes(_utf16(gram), sys.byteorder) % _CODE_MODULUS


# ── the index ───────────────────────────────────────────────────────────────


@dataclass
class ReuseIndex:
    fingerprint: str
    ids: list[str]  # passage ids, documents in (year, source, part) order, passages in reading order
    docnums: array  # whoosh document number of each passage (valid for ``fingerprint``)
    starts: array  # passage p's key text is key[starts[p]:starts[p + 1] - 1] (a SEP follows it)
    years: array  # document year of each passage, 0 when unknown
    doc_ids: list[str]
    doc_first: array  # passages of document d are doc_first[d] .. doc_first[d + 1] - 1
    key: str
    grams: array  # sorted (gram code << PASSAGE_BITS | passage) for the 4-grams at every 4th key offset
    pairs: array  # sorted (bigram code << PASSAGE_BITS | count) over a sample of the passages …
    pair_scale: int  # … one passage in pair_scale
    _doc_index: dict = field(default_factory=dict, repr=False)

    _ARRAYS = ("docnums", "starts", "years", "doc_first", "grams", "pairs")

    @property
    def size(self) -> int:
        return len(self.ids)

    def passage_key(self, p: int) -> str:
        return self.key[self.starts[p]:self.starts[p + 1] - 1]

    def doc_range(self, doc_id: str) -> Optional[tuple[int, int]]:
        if not self._doc_index:
            self._doc_index.update((d, i) for i, d in enumerate(self.doc_ids))
        d = self._doc_index.get(doc_id)
        return None if d is None else (self.doc_first[d], self.doc_first[d + 1])

    def before_year(self, year: int) -> int:
        """Passages [0, n) are those of documents dated before ``year``."""
        return bisect_left(self.years, year, 0, self.dated)

    @property
    def dated(self) -> int:
        """Passages [0, n) are those of documents with a year (undated ones come last)."""
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            if self.years[mid]:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def holders(self, gram: str) -> array:
        """Passages that hold ``gram`` (a 4-gram) at a sampled offset, with repeats."""
        code = gram_code(gram) << PASSAGE_BITS
        first = bisect_left(self.grams, code)
        end = bisect_left(self.grams, code + (1 << PASSAGE_BITS), first)
        return self.grams[first:end]

    def pair_frequency(self, pair: str) -> int:
        """About how many times the index holds a two-character string (an estimate from
        the sample: exact for the commonest, 0 for many rare ones)."""
        code = int.from_bytes(_utf16(pair), sys.byteorder) << PASSAGE_BITS
        i = bisect_left(self.pairs, code)
        if i < len(self.pairs) and self.pairs[i] >> PASSAGE_BITS == code >> PASSAGE_BITS:
            return (self.pairs[i] & _PASSAGE_MASK) * self.pair_scale
        return 0

    # ── persistence ──

    def save(self, path: Path) -> None:
        header = {"format": CACHE_FORMAT, "fingerprint": self.fingerprint, "ids": self.ids,
                  "doc_ids": self.doc_ids, "pair_scale": self.pair_scale, "arrays": [[n, getattr(self, n).typecode, len(getattr(self, n))]
                                                      for n in self._ARRAYS],
                  "itemsizes": _ITEMSIZES, "byteorder": sys.byteorder}
        head = json.dumps(header, ensure_ascii=False).encode("utf-8")
        key = self.key.encode("utf-8")
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as out:
                out.write(_MAGIC + len(head).to_bytes(8, "little") + len(key).to_bytes(8, "little"))
                out.write(head)
                out.write(key)
                for name in self._ARRAYS:
                    getattr(self, name).tofile(out)
            os.replace(tmp, path)
        except OSError:  # a read-only index: work from memory
            try:
                tmp.unlink()
            except OSError:
                pass

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> Optional["ReuseIndex"]:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if data[:8] != _MAGIC:
            return None
        head_len = int.from_bytes(data[8:16], "little")
        key_len = int.from_bytes(data[16:24], "little")
        position = 24
        try:
            header = json.loads(data[position:position + head_len])
        except ValueError:
            return None
        if (header.get("format") != CACHE_FORMAT or header.get("fingerprint") != fingerprint
                or header.get("byteorder") != sys.byteorder or header.get("itemsizes") != _ITEMSIZES):
            return None
        position += head_len
        key = data[position:position + key_len].decode("utf-8")
        position += key_len
        arrays = {}
        for name, typecode, count in header["arrays"]:
            values = array(typecode)
            size = values.itemsize * count
            values.frombytes(data[position:position + size])
            position += size
            arrays[name] = values
        return cls(fingerprint=fingerprint, ids=header["ids"], doc_ids=header["doc_ids"], key=key,
                   pair_scale=header["pair_scale"], **arrays)


_ITEMSIZES = {t: array(t).itemsize for t in "HIQ"}


def fingerprint_of(reader) -> str:
    """Which state of the whoosh index a cache belongs to: generation and segments."""
    try:
        segments = sorted(r.segment().segment_id() for r, _ in reader.leaf_readers())
    except Exception:
        segments = []
    return f"{reader.generation()}:{','.join(segments)}:{reader.doc_count()}"


_MEMORY: dict[tuple[str, str], ReuseIndex] = {}


def reuse_index(ix, searcher) -> ReuseIndex:
    """The n-gram index for the state of ``ix`` that ``searcher`` sees: from memory, from
    the cache file, or built now (about a second per 10,000 passages) and cached."""
    reader = searcher.reader()
    fingerprint = fingerprint_of(reader)
    folder = getattr(getattr(ix, "storage", None), "folder", None)
    memo_key = (str(folder), fingerprint)
    if memo_key in _MEMORY:
        return _MEMORY[memo_key]
    path = Path(folder) / CACHE_FILE if folder else None
    index = ReuseIndex.load(path, fingerprint) if path else None
    if index is None:
        index = build(searcher, fingerprint)
        if path:
            index.save(path)
    _MEMORY.clear()
    _MEMORY[memo_key] = index
    return index


def build(searcher, fingerprint: str) -> ReuseIndex:
    reader = searcher.reader()
    rows = []
    for docnum in searcher.document_numbers(rtype="passage"):
        data = reader.stored_fields(docnum)["data"]
        doc = data.get("doc") or {}
        year = doc.get("year") or 0
        order = (year == 0, year, doc.get("source") or "", doc.get("part") or 1, data["doc_id"], data["seq"])
        rows.append((order, docnum, data["id"], data["doc_id"], year, reuse_key(data["text"])))
    rows.sort(key=lambda row: row[0])
    if len(rows) >= 1 << PASSAGE_BITS:
        raise HuiguError(f"段落超过 {1 << PASSAGE_BITS} 个，重复检测索引放不下：请分库导入")
    keys = [row[5] for row in rows]
    starts = array("I", chain([0], accumulate(len(k) + 1 for k in keys)))
    doc_ids, doc_first = [], array("I")
    for p, row in enumerate(rows):
        if not doc_ids or doc_ids[-1] != row[3]:
            doc_ids.append(row[3])
            doc_first.append(p)
    doc_first.append(len(rows))
    key = "".join(k + SEP for k in keys)
    return ReuseIndex(fingerprint=fingerprint, ids=[row[2] for row in rows],
                      docnums=array("I", (row[1] for row in rows)), starts=starts,
                      years=array("H", (row[4] for row in rows)), doc_ids=doc_ids, doc_first=doc_first,
                      key=key, grams=_sampled_grams(key, starts), **_pair_counts(keys))


def _pair_counts(keys: list[str]) -> dict:
    """Counts of two-character strings in every n-th passage, n chosen so that about
    PAIR_SAMPLE_CHARS characters are counted (counting all would cost seconds)."""
    total = sum(map(len, keys))
    scale = max(1, -(-total // PAIR_SAMPLE_CHARS))
    sample = SEP.join(keys[::scale])
    counts = Counter(map(add, sample, sample[1:]))
    packed = sorted((int.from_bytes(_utf16(pair), sys.byteorder) << PASSAGE_BITS) | min(n, _PASSAGE_MASK)
                    for pair, n in counts.items() if len(pair) == 2 and SEP not in pair)
    return {"pairs": array("Q", packed), "pair_scale": scale}


def _sampled_grams(key: str, starts: array) -> array:
    """(code << PASSAGE_BITS | passage) of the 4-grams at key offsets 0, 4, 8 … that lie
    inside one passage, sorted.  A draft looks up all its 4-grams, so any 7 characters it
    shares with a passage find it."""
    codes = array("Q")
    data = _utf16(key)
    codes.frombytes(data[:len(data) // 8 * 8])
    entries = []
    for p in range(len(starts) - 1):
        first = (starts[p] + 3) // 4
        end = (starts[p + 1] - GRAM_CHARS) // 4  # the last window ends before the SEP
        entries.extend([((c % _CODE_MODULUS) << PASSAGE_BITS) | p for c in codes[first:end]])
    entries.sort()
    return array("Q", entries)


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


def corpus_of_ranges(description: dict, index: ReuseIndex, reader, ranges: list[tuple[int, int]],
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
        return passage_data(index, reader, globals_[i])

    return Corpus(description, key, starts, fetch, sep, [index.years[p] for p in globals_])


def passage_data(index: ReuseIndex, reader, p: int) -> dict:
    fields = reader.stored_fields(index.docnums[p])
    if not fields or fields.get("id") != index.ids[p]:
        raise HuiguError("索引刚被另一个导入更新：请重新运行这条命令")
    return fields["data"]


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


_STRAY_HEAD_RE = re.compile(r"^[^\W_][\W_]+")
_STRAY_TAIL_RE = re.compile(r"[\W_]+[^\W_]$")


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
    from huigu.output.render import hit_citation

    cited = hit_citation(data)
    if data.get("id"):
        cited["id"] = data["id"]
    return cited


# ── what A and B name: an indexed document or a file ────────────────────────

_DOC_ID_RE = re.compile(r"^[0-9a-f]{8}-\d+$")


def file_passages(path: Path) -> tuple[list[dict], list[dict]]:
    """Documents and passage data of a file that is not (necessarily) in the index, as the
    index would store them: same reading, cleaning, splitting and citation labels."""
    from huigu.ingest.pipeline import citation_label, file_hash, process_file

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
        summary = {k: doc.get(k) for k in ("id", "title", "department", "department_short", "year", "doc_type",
                                           "period", "source", "part", "doc_number", "date", "unit",
                                           "review_year", "plan_year")}
        for passage in item.passages:
            data = passage.to_dict()
            data["doc"] = summary
            data["label"] = citation_label(doc, data)
            passages.append(data)
    return documents, passages


def is_doc_id(name: str) -> bool:
    return bool(_DOC_ID_RE.match(name))


def _describe_doc(doc: dict) -> dict:
    return {"id": doc.get("id"), "title": doc.get("title"), "department": doc.get("department"),
            "year": doc.get("year"), "source": doc.get("source")}


def _file_corpus(name: str, sep: str) -> tuple[Corpus, Optional[int]]:
    documents, passages = file_passages(Path(name))
    if not passages:
        raise HuiguError(f"{name} 里没有可比较的段落")
    # the year a draft is *for*: named in its title, header or file name; a year found in
    # the body ("2018年…") says what the text talks about, not when it was written
    years = [d["year"] for d in documents if d.get("year") and (d.get("provenance") or {}).get("year") != "body"]
    year = max(years) if years else None
    title = "；".join(d.get("title") or "" for d in documents)
    description = {"file": name, "title": title, "year": year, "documents": len(documents)}
    return corpus_of_passages(description, passages, sep), year


def _doc_corpus(name: str, index: ReuseIndex, reader, sep: str) -> tuple[Corpus, dict]:
    span = index.doc_range(name)
    if span is None:
        raise HuiguError(f"索引里没有编号为 {name} 的文档：编号见 huigu docs")
    first = passage_data(index, reader, span[0])
    doc = dict(first["doc"])
    return corpus_of_ranges(_describe_doc(doc), index, reader, [span], sep), doc


def _earlier_documents(index: ReuseIndex, reader, year: Optional[int], own: Optional[tuple[int, int]]) -> Corpus:
    """Every indexed document from a year before ``year``; all of them (but A itself) without one."""
    if year:
        ranges, scope = [(0, index.before_year(year))], f"{year}年以前的文档"
    else:
        ranges = [(0, own[0]), (own[1], index.size)] if own else [(0, index.size)]
        scope = "全部已导入文档"
    documents = sum(1 for first in index.doc_first[:-1] if any(s <= first < e for s, e in ranges))
    description = {"scope": scope, "before_year": year, "documents": documents,
                   "passages": sum(e - s for s, e in ranges)}
    return corpus_of_ranges(description, index, reader, ranges)


def _needs_index(a: str, b: Optional[str]) -> bool:
    return b is None or not Path(a).is_file() or not Path(b).is_file()


def _check_name(name: str) -> None:
    path = Path(name)
    if path.is_dir():
        raise HuiguError(f"{name} 是文件夹：请给出一个文件（.docx / .txt / .md）或文档编号")
    if not path.is_file() and not is_doc_id(name):
        raise HuiguError(f"找不到文件 {name}，它也不是文档编号（如 c801791f-1，见 huigu docs）")


def overlap(a: str, b: Optional[str] = None, index_path=None, min_chars: int = MIN_RUN_CHARS) -> OverlapResult:
    """How much of ``a`` (a file or an indexed document id) repeats text of ``b`` (the same),
    or without ``b`` of every indexed document from an earlier year than ``a``'s."""
    if min_chars < SEED_CHARS:
        raise HuiguError(f"--min-chars 不能小于 {SEED_CHARS}")
    for name in filter(None, [a, b]):
        _check_name(name)
    if not _needs_index(a, b):
        a_corpus, _ = _file_corpus(a, DRAFT_SEP)
        b_corpus, _ = _file_corpus(b, SEP)
        return compare(a_corpus, b_corpus, min_chars)

    from huigu.store.whoosh import backend as store

    ix = store.open_index(store.index_dir(index_path))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        index = reuse_index(ix, searcher)
        own = None  # A's own passages, when A is an indexed document
        if Path(a).is_file():
            a_corpus, a_year = _file_corpus(a, DRAFT_SEP)
        else:
            a_corpus, a_doc = _doc_corpus(a, index, reader, DRAFT_SEP)
            a_year, own = a_doc.get("year"), index.doc_range(a)
        if b is None:
            b_corpus = _earlier_documents(index, reader, a_year, own)
        elif Path(b).is_file():
            b_corpus, _ = _file_corpus(b, SEP)
        else:
            b_corpus, _ = _doc_corpus(b, index, reader, SEP)
        return compare(a_corpus, b_corpus, min_chars)


def to_dict(result: OverlapResult) -> dict:
    """The JSON form: {"a", "b", "ratio", "runs": [{"text", "a_citation", "b_citation"}]}."""
    return {"a": result.a, "b": result.b, "ratio": round(result.ratio, 4), "a_chars": result.a_chars,
            "repeated_chars": result.repeated_chars, "min_chars": result.min_chars, "runs": result.runs}
