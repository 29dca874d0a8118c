"""What a record adds to ``huigu_postings``, and how the packed arrays read back.

One row per document, field and term: ``seqs`` (int64), and for the scored fields
``tfs`` (float32 term frequencies) and ``lens`` (float32 field lengths as BM25 reads
them).  Little-endian, so any client reads them the same.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

import numpy as np

from huigu.store import query as N

SEQ = np.dtype("<i8")
FLOAT = np.dtype("<f4")
EXACT_FIELDS = ("rtype", "doc_type", "period", "kind")  # one term: the whole value
LIST_FIELDS = ("dept", "topics")  # comma-separated
LOWER_FIELDS = ("dept",)
UNSCORED_TOKEN_FIELDS = ("heading",)  # space-separated, matched but not scored
COLUMN_FIELDS = ("id", "doc_id", "source", "file_hash")  # matched on huigu_records' columns
YEAR_DIGITS = 6  # years are terms of the "year" fields, zero-padded so text order is number order


def stored_length(length: int) -> float:
    """A field length as BM25 reads it: a byte of a logarithmic scale, rounded up (the
    encoding whoosh stores each document's field length in; the embedded store scores
    with these, so this store does too — rankings agree to the last digit)."""
    if length <= 0:
        return 0.0
    if length >= _LENGTHS[-1]:
        return float(_LENGTHS[-1])
    lo, hi = 0, len(_LENGTHS) - 1
    while lo < hi:  # the first scale value >= length
        mid = (lo + hi) // 2
        if _LENGTHS[mid] < length:
            lo = mid + 1
        else:
            hi = mid
    return float(_LENGTHS[lo])


_LENGTHS = [int(round((1.033 ** i - 1) * 27)) for i in range(256)]


def year_term(year: int) -> str:
    return str(int(year)).zfill(YEAR_DIGITS)


def terms_of_record(record: dict) -> tuple[dict, dict]:
    """(field → Counter of its terms for the scored fields, field → set of terms otherwise)."""
    scored: dict[str, Counter] = {}
    for field in N.SCORED_FIELDS:
        value = record.get(field)
        if value:
            scored[field] = Counter(value.split())
    plain: dict[str, set] = {}
    for field in EXACT_FIELDS:
        value = record.get(field)
        if value:
            plain[field] = {str(value)}
    for field in LIST_FIELDS:
        value = record.get(field)
        if value:
            parts = (p.strip() for p in str(value).split(","))
            found = {p.lower() if field in LOWER_FIELDS else p for p in parts if p}
            if found:
                plain[field] = found
    for field in UNSCORED_TOKEN_FIELDS:
        value = record.get(field)
        if value:
            plain[field] = set(value.split())
    for field in N.YEAR_FIELDS:
        value = record.get(field)
        if value:
            plain[field] = {year_term(value)}
    return scored, plain


class DocumentPostings:
    """The postings rows of one document (its records in index order)."""

    def __init__(self):
        self.scored: dict[tuple[str, str], tuple[list, list, list]] = {}
        self.plain: dict[tuple[str, str], list] = {}

    def add(self, seq: int, record: dict) -> tuple[int, int]:
        """Add one record; returns its (words, grams) field lengths."""
        scored, plain = terms_of_record(record)
        lengths = {}
        for field, counts in scored.items():
            length = sum(counts.values())
            lengths[field] = length
            dl = stored_length(length)
            for term, tf in counts.items():
                entry = self.scored.get((field, term))
                if entry is None:
                    entry = self.scored[field, term] = ([], [], [])
                entry[0].append(seq)
                entry[1].append(tf)
                entry[2].append(dl)
        for field, terms in plain.items():
            for term in terms:
                self.plain.setdefault((field, term), []).append(seq)
        return lengths.get("words", 0), lengths.get("grams", 0)

    def rows(self, doc_id: str, source: str) -> Iterable[tuple]:
        for (field, term), (seqs, tfs, lens) in self.scored.items():
            yield (doc_id, source, field, term, len(seqs), np.asarray(seqs, SEQ).tobytes(),
                   np.asarray(tfs, FLOAT).tobytes(), np.asarray(lens, FLOAT).tobytes())
        for (field, term), seqs in self.plain.items():
            yield doc_id, source, field, term, len(seqs), np.asarray(seqs, SEQ).tobytes(), None, None


def unpack(seqs: bytes, tfs, lens) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A term's concatenated rows, sorted by seq (rows arrive in any order)."""
    ids = np.frombuffer(seqs, SEQ).astype(np.int64)
    f = np.frombuffer(tfs, FLOAT) if tfs is not None else None
    dl = np.frombuffer(lens, FLOAT) if lens is not None else None
    if len(ids) > 1 and np.any(ids[1:] < ids[:-1]):
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        f = f[order] if f is not None else None
        dl = dl[order] if dl is not None else None
    return ids, f, dl


from huigu.store.matches import idf  # noqa: E402,F401 (the one idf every store uses)
