"""Run backend-neutral query trees (``huigu.store.query``) over the segments' postings arrays.

whoosh's matchers score one posting per Python call, so a query over the laws corpus
took 100–500 ms; here each term's postings are scored with numpy in one step and
combined with sorted-array set operations.  The scores are whoosh's own BM25F (same
idf, same average and per-document field lengths), so the ranking is the one whoosh
would give; ``tests/test_engine.py`` checks the two against each other.

Every node of the tree is supported; a term too long for the arrays or a field they do
not hold raises ``Unsupported`` and the store asks whoosh (``translate``).
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Optional

import numpy as np
from huigu.store import query as N
from huigu.store.matches import Matches, TreeEvaluator, bm25, empty as _empty, idf as bm25_idf, top
from huigu.store.whoosh import postings as P

TERM_CACHE = 512  # terms' postings kept between the queries of one search (and the next)


class Unsupported(Exception):
    """The query holds something the arrays cannot answer: let whoosh run it."""


class Engine(TreeEvaluator):
    """The arrays of every segment of one searcher's index, with its statistics.  A query
    is evaluated once over all segments: a term's postings are gathered from each
    segment (shifted to index document numbers) and everything else is array work."""

    def __init__(self, segments: list[tuple[P.SegmentArrays, int]], deleted: list[int], doc_count_all: int):
        self.segments = segments
        self.doc_count_all = doc_count_all
        self.live: Optional[np.ndarray] = None
        if deleted:
            self.live = np.ones(doc_count_all, dtype=bool)
            self.live[np.asarray(deleted, dtype=np.int64)] = False
        self.years = {name: np.concatenate([a.values[name] for a, _ in segments]) if segments
                      else np.zeros(0, dtype=np.uint16) for name in P.YEAR_FIELDS}
        self.avgfl = {
            name: (sum(a.field_length.get(name, 0.0) for a, _ in segments) / (doc_count_all or 1)) or 1.0
            for name in P.SCORED_FIELDS
        }
        super().__init__()
        self._df: dict = {}
        self._terms: OrderedDict = OrderedDict()

    # ── the public calls ─────────────────────────────────────────────────────

    def search(self, query: N.Node, limit: Optional[int]) -> tuple[list[tuple[int, float]], int]:
        """The best ``limit`` (index document number, score) pairs, best first (ties in
        document order, as whoosh), and how many documents match in all."""
        found = self.evaluate(query)
        ids, scores = found.ids, found.scores
        if self.live is not None and len(ids):
            keep = self.live[ids]
            found = Matches(ids[keep], scores[keep])
        return top(found, limit)

    def has_long_terms(self, fieldname: str) -> bool:
        """Did some segment leave terms of this field out for their length?"""
        return any(fieldname in a.long_terms for a, _ in self.segments)

    def doc_frequency(self, fieldname: str, text: bytes) -> int:
        """Documents holding the term, deleted ones included (as whoosh counts)."""
        key = (fieldname, text)
        found = self._df.get(key)
        if found is None:
            found = 0
            for arrays, _ in self.segments:
                field = arrays.field(fieldname)
                if field is not None:
                    i = field.find(text)
                    if i >= 0:
                        found += int(field.starts[i + 1] - field.starts[i])
            self._df[key] = found
        return found

    def idf(self, fieldname: str, text: bytes) -> float:
        """whoosh's BM25F idf: log(all documents / (documents with the term + 1)) + 1."""
        return bm25_idf(self.doc_count_all, self.doc_frequency(fieldname, text))

    # ── evaluation ───────────────────────────────────────────────────────────

    def term(self, q: N.Term) -> Matches:
        found = self._terms.get(q)
        if found is None:
            found = self._terms[q] = self._term(q)
            if len(self._terms) > TERM_CACHE:
                self._terms.popitem(last=False)
        return found

    def unsupported(self, q) -> Exception:
        return Unsupported(type(q).__name__)

    def _term(self, q: N.Term) -> Matches:
        text = q.text.encode("utf-8") if isinstance(q.text, str) else q.text
        fieldname = q.field
        if fieldname not in P.SCORED_FIELDS and fieldname not in P.FILTER_FIELDS:
            raise Unsupported(f"field {fieldname}")
        if len(text) > P.MAX_TERM_BYTES and self.has_long_terms(fieldname):
            raise Unsupported("long term")  # it may be one of the few left out of the arrays
        scored = fieldname in P.SCORED_FIELDS
        ids, freqs, lengths = [], [], []
        for arrays, offset in self.segments:
            field = arrays.field(fieldname)
            if field is None:
                continue
            docs, f = field.postings(text)
            if not len(docs):
                continue
            ids.append(docs.astype(np.int64) + offset)
            if scored:
                freqs.append(f)
                lengths.append(field.lengths[docs])
        if not ids:
            return _empty()
        ids = np.concatenate(ids) if len(ids) > 1 else ids[0]
        if not scored:
            return Matches(ids, np.zeros(len(ids)))
        f = (np.concatenate(freqs) if len(freqs) > 1 else freqs[0]).astype(np.float64)
        dl = np.concatenate(lengths) if len(lengths) > 1 else lengths[0]
        scores = bm25(self.idf(fieldname, text), f, dl, self.avgfl[fieldname])
        return Matches(ids, scores * q.boost if q.boost != 1 else scores)

    def year_range(self, q: N.YearRange) -> np.ndarray:
        values = self.years.get(q.field)
        if values is None:
            raise Unsupported(f"range on {q.field}")
        mask = values > 0
        if q.first is not None:
            mask &= values >= q.first
        if q.last is not None:
            mask &= values <= q.last
        return np.flatnonzero(mask).astype(np.int64)


def for_searcher(searcher, index_path: Path) -> Optional[Engine]:
    """An engine over the searcher's segments, or None when some segment has no arrays
    (then whoosh answers every query)."""
    segments, deleted = [], []
    for leaf, offset in searcher.reader().leaf_readers():
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        if segment is None:
            return None
        arrays = P.load_segment(index_path, segment.segment_id())
        if arrays is None or arrays.doc_count != segment.doc_count_all():
            return None
        if offset != sum(a.doc_count for a, _ in segments):
            return None  # segments not laid end to end: let whoosh number the documents
        segments.append((arrays, offset))
        if segment.has_deletions():
            deleted.extend(offset + d for d in segment.deleted_docs())
    return Engine(segments, deleted, searcher.doc_count_all())
