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
from huigu.store.matches import (Matches, bm25, empty as _empty, intersection as _intersection, scaled as _scaled,
                                  top, union as _union, without as _without)  # noqa: F401 (top re-exported)
from huigu.store.query import RESTRICT_SCORE

TERM_CACHE = 1024
FILTER_CACHE = 64


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
                self._keep(key, found.get(key) or TermPostings(_empty().ids, None, None, 0))

    def _keep(self, key, postings: TermPostings) -> None:
        self.terms[key] = postings
        self.df[key] = postings.df
        if len(self.terms) > TERM_CACHE:
            self.terms.popitem(last=False)

    def postings(self, field: str, text: str) -> TermPostings:
        key = (field, text)
        found = self.terms.get(key)
        if found is None:
            found = self.fetch([key]).get(key) or TermPostings(_empty().ids, None, None, 0)
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
            return _empty().ids
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
        scores = bm25(P.idf(self.stats.records, found.df), f, dl, self.stats.avgfl(q.field))
        return Matches(found.ids, scores * q.boost if q.boost != 1 else scores)
