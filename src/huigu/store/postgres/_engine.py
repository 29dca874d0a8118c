"""Query trees (``huigu.store.query``) over the postings rows of ``huigu_postings``.

The database finds each term's rows through the (field, term) index and hands them
over concatenated; the scoring and the set operations are numpy over record seqs, the
same arithmetic as the embedded store's engine (BM25F, idf = log(N/(df+1)) + 1, the
stored field lengths, the average over all records), so both stores rank alike.  A
term's arrays are kept for the generation they were read in.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from huigu.store import query as N
from huigu.store.postgres import _postings as P
from huigu.store.query import BM25_B as B, BM25_K1 as K1, RESTRICT_SCORE

TERM_CACHE = 1024
FILTER_CACHE = 64


@dataclass
class Matches:
    ids: np.ndarray  # sorted record seqs
    scores: np.ndarray


_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


def _empty() -> Matches:
    return Matches(_EMPTY_IDS, _EMPTY_SCORES)


@dataclass
class Stats:
    records: int
    documents: int
    passages: int
    words: int
    grams: int

    def avgfl(self, field: str) -> float:
        total = self.words if field == "words" else self.grams
        return (float(total) / (self.records or 1)) or 1.0


@dataclass
class TermPostings:
    ids: np.ndarray
    freqs: Optional[np.ndarray]
    lengths: Optional[np.ndarray]
    df: int


class Evaluator:
    """One generation's view: statistics, and the postings read so far.

    ``fetch(terms)`` reads the rows of several (field, term) keys at once;
    ``fetch_years(field, first, last)`` the seqs of a year range; ``fetch_column``
    the seqs of records whose column holds a value."""

    def __init__(self, stats: Stats, fetch: Callable, fetch_years: Callable, fetch_column: Callable):
        self.stats = stats
        self.fetch = fetch
        self.fetch_years = fetch_years
        self.fetch_column = fetch_column
        self.terms: OrderedDict = OrderedDict()
        self.filters: OrderedDict = OrderedDict()
        self.df: dict = {}

    # ── postings ──

    def prefetch(self, node: N.Node) -> None:
        """Read every term of the tree not yet held, in one round trip."""
        wanted = []
        for term in N.terms_of(node):
            key = (term.field, term.text)
            if key not in self.terms and term.field not in P.COLUMN_FIELDS and key not in wanted:
                wanted.append(key)
        if wanted:
            found = self.fetch(wanted)
            for key in wanted:
                self._keep(key, found.get(key) or TermPostings(_EMPTY_IDS, None, None, 0))

    def _keep(self, key, postings: TermPostings) -> None:
        self.terms[key] = postings
        self.df[key] = postings.df
        if len(self.terms) > TERM_CACHE:
            self.terms.popitem(last=False)

    def postings(self, field: str, text: str) -> TermPostings:
        key = (field, text)
        found = self.terms.get(key)
        if found is None:
            found = self.fetch([key]).get(key) or TermPostings(_EMPTY_IDS, None, None, 0)
            self._keep(key, found)
        else:
            self.terms.move_to_end(key)
        return found

    # ── evaluation ──

    def run(self, node: N.Node) -> Matches:
        self.prefetch(node)
        return self._run(node)

    def _run(self, q: N.Node) -> Matches:
        kind = type(q)
        if kind is N.Term:
            return self._term(q)
        if (kind is N.AllOf or kind is N.AnyOf) and len(q.parts) == 1:
            return self._run(q.parts[0])  # a one-part group scores as its part
        if kind is N.AllOf:
            return _scaled(_intersection([self._run(c) for c in q.parts]), q.boost)
        if kind is N.AnyOf:
            return _scaled(_union([self._run(c) for c in q.parts]), q.boost)
        if kind is N.Without:
            return _without(self._run(q.query), self._run(q.excluded).ids)
        if kind is N.Within:
            ids = self._filter_ids(q.restrict)
            return _intersection([self._run(q.query), Matches(ids, np.full(len(ids), RESTRICT_SCORE))])
        if kind is N.YearRange:
            ids = self._years(q)
            return Matches(ids, np.zeros(len(ids)))
        raise TypeError(f"not a query node: {q!r}")

    def _filter_ids(self, q: N.Node) -> np.ndarray:
        found = self.filters.get(q)
        if found is None:
            found = self.filters[q] = self._run(q).ids
            if len(self.filters) > FILTER_CACHE:
                self.filters.popitem(last=False)
        else:
            self.filters.move_to_end(q)
        return found

    def _years(self, q: N.YearRange) -> np.ndarray:
        if q.field not in N.YEAR_FIELDS:
            return _EMPTY_IDS
        key = ("years", q.field, q.first, q.last)
        found = self.filters.get(key)
        if found is None:
            found = self.filters[key] = self.fetch_years(q.field, q.first, q.last)
        return found

    def _term(self, q: N.Term) -> Matches:
        if q.field in P.COLUMN_FIELDS:
            key = ("column", q.field, q.text)
            ids = self.filters.get(key)
            if ids is None:
                ids = self.filters[key] = self.fetch_column(q.field, q.text)
            return Matches(ids, np.zeros(len(ids)))
        found = self.postings(q.field, q.text)
        if not len(found.ids):
            return _empty()
        if found.freqs is None or q.field not in N.SCORED_FIELDS:
            return Matches(found.ids, np.zeros(len(found.ids)))
        # the embedded engine's arithmetic, dtype for dtype (float32 lengths, float64 frequencies)
        f = found.freqs.astype(np.float64)
        dl = found.lengths
        idf = P.idf(self.stats.records, found.df)
        scores = idf * (f * (K1 + 1)) / (f + K1 * ((1 - B) + B * dl / self.stats.avgfl(q.field)))
        return Matches(found.ids, scores * q.boost if q.boost != 1 else scores)


def top(found: Matches, limit: Optional[int]) -> tuple[list[tuple[int, float]], int]:
    """The best ``limit`` (seq, score) pairs, best first, ties in index order; and the total."""
    ids, scores = found.ids, found.scores
    total = len(ids)
    if limit is not None and total > limit:
        threshold = np.partition(scores, total - limit)[total - limit]
        keep = scores >= threshold
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))
    if limit is not None:
        order = order[:limit]
    return [(int(ids[i]), float(scores[i])) for i in order], total


def _intersection(parts: list[Matches]) -> Matches:
    parts = sorted(parts, key=lambda m: len(m.ids))
    result = parts[0]
    for other in parts[1:]:
        if not len(result.ids):
            return _empty()
        result = _intersect(result, other)
    return result


def _scaled(found: Matches, boost: float) -> Matches:
    return found if boost == 1 else Matches(found.ids, found.scores * boost)


def _intersect(small: Matches, big: Matches) -> Matches:
    if not len(big.ids):
        return _empty()
    at = np.searchsorted(big.ids, small.ids)
    at[at >= len(big.ids)] = len(big.ids) - 1
    hit = big.ids[at] == small.ids
    return Matches(small.ids[hit], small.scores[hit] + big.scores[at[hit]])


def _union(parts: list[Matches]) -> Matches:
    parts = [p for p in parts if len(p.ids)]
    if not parts:
        return _empty()
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([p.ids for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    order = np.argsort(ids, kind="stable")
    ids, scores = ids[order], scores[order]
    first = np.empty(len(ids), dtype=bool)
    first[0] = True
    np.not_equal(ids[1:], ids[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return Matches(ids[starts], np.add.reduceat(scores, starts))


def _without(found: Matches, excluded: np.ndarray) -> Matches:
    if not len(excluded) or not len(found.ids):
        return found
    at = np.searchsorted(excluded, found.ids)
    at[at >= len(excluded)] = len(excluded) - 1
    keep = excluded[at] != found.ids
    return Matches(found.ids[keep], found.scores[keep])
