"""The n-gram index that ``overlap``, ``similar`` and ``phrases`` share, over *key* text.

Key text is ``match_key`` of a passage (NFKC, no whitespace or punctuation, lower case),
so two copies of a report that differ in line breaks, spaces or punctuation compare equal.

``ReuseIndex`` is built from a store's passages (``Store.passages()``) the first time it
is needed (about a second per 10,000 passages) and keyed by the store's ``version()``:
passages are named by their ids, never by a backend's record numbers, and fetched
again with ``Store.passage(id)``.  It is kept in memory per (store location, version)
and, when the store offers a folder for caches (``Store.cache_dir()``, optional), in
the file ``huigu.reuse`` there; a cache of another version is ignored and rebuilt.

It holds the key text of every passage (documents in (year, date, source, part) order,
passages in reading order, a ``SEP`` after each), each document's year and date (for
"what came before this document"), the passages holding the 4-gram at every fourth key
offset (``similar``'s candidates) and counts of character pairs in a sample of the
passages (``similar``'s weights).
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate, chain
from operator import add
from pathlib import Path
from typing import Optional

from huigu.errors import HuiguError
from huigu.text.normalize import match_key

CACHE_FILE = "huigu.reuse"
CACHE_FORMAT = 3
_MAGIC = b"HUIGURX1"
SEP = "\x01"  # after every passage in the index key text
GRAM_CHARS = 4
PASSAGE_BITS = 24
PASSAGE_MASK = (1 << PASSAGE_BITS) - 1
PAIR_SAMPLE_CHARS = 300_000
_CODE_MODULUS = (1 << 40) - 87  # a prime: gram codes fold to 40 bits, 24 are left for the passage
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_KEY_CHAR_RE = re.compile(r"[^\W_]+")
_NOT_KEY_RE = re.compile(r"[\W_]+")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
CHANGED = "知识库刚被另一个导入更新：请重新运行这条命令"


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


def utf16(key: str) -> bytes:
    """UTF-16-LE of key text, characters outside the BMP as U+FFFD (one unit each)."""
    if _ASTRAL_RE.search(key):
        key = _ASTRAL_RE.sub("\ufffd", key)
    return key.encode("utf-16-le")


def gram_code(gram: str) -> int:
    """The code under which ``ReuseIndex.grams`` files a 4-gram (40 bits of its UTF-16)."""
    return int.from_bytes(utf16(gram), sys.byteorder) % _CODE_MODULUS


def date_number(value) -> int:
    """2024-03-29 → 20240329 (0 when there is no date)."""
    found = _DATE_RE.match(str(value or ""))
    return int("".join(found.groups())) if found else 0


# ── the index ───────────────────────────────────────────────────────────────


@dataclass
class ReuseIndex:
    version: str  # the store's version() it was built from
    ids: list[str]  # passage ids, documents in (year, date, source, part) order, passages in reading order
    starts: array  # passage p's key text is key[starts[p]:starts[p + 1] - 1] (a SEP follows it)
    years: array  # document year of each passage, 0 when unknown
    doc_ids: list[str]
    doc_first: array  # passages of document d are doc_first[d] .. doc_first[d + 1] - 1
    doc_years: array  # year of document d, 0 when unknown
    doc_dates: array  # date of document d as yyyymmdd, 0 when unknown
    key: str
    grams: array  # sorted (gram code << PASSAGE_BITS | passage) for the 4-grams at every 4th key offset
    pairs: array  # sorted (bigram code << PASSAGE_BITS | count) over a sample of the passages …
    pair_scale: int  # … one passage in pair_scale
    _doc_index: dict = field(default_factory=dict, repr=False)

    _ARRAYS = ("starts", "years", "doc_first", "doc_years", "doc_dates", "grams", "pairs")

    @property
    def size(self) -> int:
        return len(self.ids)

    def passage_key(self, p: int) -> str:
        return self.key[self.starts[p]:self.starts[p + 1] - 1]

    def document_of(self, doc_id: str) -> Optional[int]:
        if not self._doc_index:
            self._doc_index.update((d, i) for i, d in enumerate(self.doc_ids))
        return self._doc_index.get(doc_id)

    def doc_range(self, doc_id: str) -> Optional[tuple[int, int]]:
        d = self.document_of(doc_id)
        return None if d is None else (self.doc_first[d], self.doc_first[d + 1])

    def ranges(self, documents: list[int]) -> list[tuple[int, int]]:
        """The passage ranges of these documents (in index order), neighbours joined."""
        out: list[tuple[int, int]] = []
        for d in sorted(documents):
            first, end = self.doc_first[d], self.doc_first[d + 1]
            if out and out[-1][1] == first:
                out[-1] = (out[-1][0], end)
            elif end > first:
                out.append((first, end))
        return out

    def holders(self, gram: str) -> array:
        """Passages that hold ``gram`` (a 4-gram) at a sampled offset, with repeats."""
        code = gram_code(gram) << PASSAGE_BITS
        first = bisect_left(self.grams, code)
        end = bisect_left(self.grams, code + (1 << PASSAGE_BITS), first)
        return self.grams[first:end]

    def pair_frequency(self, pair: str) -> int:
        """About how many times the index holds a two-character string (an estimate from
        the sample: exact for the commonest, 0 for many rare ones)."""
        code = int.from_bytes(utf16(pair), sys.byteorder) << PASSAGE_BITS
        i = bisect_left(self.pairs, code)
        if i < len(self.pairs) and self.pairs[i] >> PASSAGE_BITS == code >> PASSAGE_BITS:
            return (self.pairs[i] & PASSAGE_MASK) * self.pair_scale
        return 0

    # ── persistence ──

    def save(self, path: Path) -> None:
        header = {"format": CACHE_FORMAT, "version": self.version, "ids": self.ids, "doc_ids": self.doc_ids,
                  "pair_scale": self.pair_scale,
                  "arrays": [[n, getattr(self, n).typecode, len(getattr(self, n))] for n in self._ARRAYS],
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
        except OSError:  # a read-only knowledge base: work from memory
            try:
                tmp.unlink()
            except OSError:
                pass

    @classmethod
    def load(cls, path: Path, version: str) -> Optional["ReuseIndex"]:
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
        if not isinstance(header, dict) or (header.get("format") != CACHE_FORMAT or header.get("version") != version
                or header.get("byteorder") != sys.byteorder or header.get("itemsizes") != _ITEMSIZES):
            return None
        position += head_len
        try:
            key = data[position:position + key_len].decode("utf-8")
            position += key_len
            arrays = {}
            for name, typecode, count in header["arrays"]:
                values = array(typecode)
                size = values.itemsize * count
                values.frombytes(data[position:position + size])
                if len(values) != count:  # a truncated file
                    return None
                position += size
                arrays[name] = values
            return cls(version=version, ids=header["ids"], doc_ids=header["doc_ids"], key=key,
                       pair_scale=header["pair_scale"], **arrays)
        except (KeyError, TypeError, ValueError):  # a damaged file (UnicodeDecodeError is a ValueError)
            return None


_ITEMSIZES = {t: array(t).itemsize for t in "HIQ"}
_MEMORY: dict[tuple[str, str], ReuseIndex] = {}


def cache_path(store) -> Optional[Path]:
    """Where the cache file of ``store`` goes: in the folder its optional ``cache_dir()``
    names, or nowhere (memory only)."""
    hook = getattr(store, "cache_dir", None)
    folder = hook() if callable(hook) else None
    return Path(folder) / CACHE_FILE if folder else None


def reuse_index(store) -> ReuseIndex:
    """The n-gram index of ``store`` as it is now: from memory, from the cache file, or
    built now and cached."""
    version = store.version()
    memo_key = (str(store.location), version)
    if memo_key in _MEMORY:
        return _MEMORY[memo_key]
    path = cache_path(store)
    index = ReuseIndex.load(path, version) if path else None
    if index is None:
        index = build(store.passages(), version)
        if path:
            index.save(path)
    _MEMORY.clear()
    _MEMORY[memo_key] = index
    return index


def passage_data(store, index: ReuseIndex, p: int) -> dict:
    """The stored data of passage ``p`` of the index (a clear line when it is gone)."""
    data = store.passage(index.ids[p])
    if data is None:
        raise HuiguError(CHANGED)
    return data


def build(passages: list[dict], version: str) -> ReuseIndex:
    """The index of these passages (stored passage data, as ``Store.passages()`` gives them)."""
    rows = []
    for data in passages:
        doc = data.get("doc") or {}
        year = doc.get("year") or 0
        date = date_number(doc.get("date"))
        order = (year == 0, year, date, doc.get("source") or "", doc.get("part") or 1, data["doc_id"], data["seq"])
        rows.append((order, data["id"], data["doc_id"], year, date, reuse_key(data["text"])))
    rows.sort(key=lambda row: row[0])
    if len(rows) >= 1 << PASSAGE_BITS:
        raise HuiguError(f"段落超过 {1 << PASSAGE_BITS} 个，重复检测索引放不下：请分库导入")
    keys = [row[5] for row in rows]
    starts = array("I", chain([0], accumulate(len(k) + 1 for k in keys)))
    doc_ids, doc_first, doc_years, doc_dates = [], array("I"), array("H"), array("I")
    for p, row in enumerate(rows):
        if not doc_ids or doc_ids[-1] != row[2]:
            doc_ids.append(row[2])
            doc_first.append(p)
            doc_years.append(row[3])
            doc_dates.append(row[4])
    doc_first.append(len(rows))
    key = "".join(k + SEP for k in keys)
    return ReuseIndex(version=version, ids=[row[1] for row in rows], starts=starts,
                      years=array("H", (row[3] for row in rows)), doc_ids=doc_ids, doc_first=doc_first,
                      doc_years=doc_years, doc_dates=doc_dates, key=key, grams=_sampled_grams(key, starts),
                      **_pair_counts(keys))


def _pair_counts(keys: list[str]) -> dict:
    """Counts of two-character strings in every n-th passage, n chosen so that about
    PAIR_SAMPLE_CHARS characters are counted (counting all would cost seconds)."""
    total = sum(map(len, keys))
    scale = max(1, -(-total // PAIR_SAMPLE_CHARS))
    sample = SEP.join(keys[::scale])
    counts = Counter(map(add, sample, sample[1:]))
    packed = sorted((int.from_bytes(utf16(pair), sys.byteorder) << PASSAGE_BITS) | min(n, PASSAGE_MASK)
                    for pair, n in counts.items() if len(pair) == 2 and SEP not in pair)
    return {"pairs": array("Q", packed), "pair_scale": scale}


def _sampled_grams(key: str, starts: array) -> array:
    """(code << PASSAGE_BITS | passage) of the 4-grams at key offsets 0, 4, 8 … that lie
    inside one passage, sorted.  A draft looks up all its 4-grams, so any 7 characters it
    shares with a passage find it."""
    codes = array("Q")
    data = utf16(key)
    codes.frombytes(data[:len(data) // 8 * 8])
    entries = []
    for p in range(len(starts) - 1):
        first = (starts[p] + 3) // 4
        end = (starts[p + 1] - GRAM_CHARS) // 4  # the last window ends before the SEP
        entries.extend([((c % _CODE_MODULUS) << PASSAGE_BITS) | p for c in codes[first:end]])
    entries.sort()
    return array("Q", entries)


# ── word statistics (no jieba at query time) ────────────────────────────────

WORD_SHARE = 0.5  # two characters are a word when jieba made them one in this share of the passages holding them


class WordTest:
    """Are two characters, where they stand side by side, mostly one word?  Told by the
    store's document frequencies: passages where jieba made the pair a word at ingest
    (the ``words`` field) against passages holding the pair but never as a word (the
    ``grams`` field leaves a passage's two-character words out)."""

    def __init__(self, store):
        self.store = store
        self.known: dict[str, bool] = {}

    def __call__(self, pair: str) -> bool:
        if pair not in self.known:
            as_word = self.store.doc_frequency("words", pair)
            otherwise = self.store.doc_frequency("grams", pair)
            self.known[pair] = as_word > 0 and as_word >= WORD_SHARE * (as_word + otherwise)
        return self.known[pair]


# ── which passages a filter selects ─────────────────────────────────────────


def filter_node(filters):
    """The filters as a store query (``huigu.search.plan.filter_query``), None for none."""
    if filters is None or not any(value not in (None, "") for value in vars(filters).values()):
        return None
    from huigu.search.plan import filter_query

    return filter_query(filters)


def selected_ids(store, filters) -> Optional[set[str]]:
    """Ids of the passages ``filters`` select, or None when they select everything."""
    node = filter_node(filters)
    return None if node is None else store.passage_ids(node)
