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
from huigu.store.matches import Matches, TreeEvaluator, bm25, empty as _empty, top  # noqa: F401 (top re-exported)

TERM_CACHE = 1024


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


class Evaluator(TreeEvaluator):
    """One generation's view: statistics, and the postings read so far.

    ``fetch(terms)`` reads the rows of several (field, term) keys at once;
    ``fetch_years(field, first, last)`` the seqs of a year range; ``fetch_column``
    the seqs of records whose column holds a value."""

    def __init__(self, stats: Stats, fetch: Callable, fetch_years: Callable, fetch_column: Callable):
        super().__init__()
        self.stats = stats
        self.fetch = fetch
        self.fetch_years = fetch_years
        self.fetch_column = fetch_column
        self.terms: OrderedDict = OrderedDict()
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
        return self.evaluate(node)

    def year_range(self, q: N.YearRange) -> np.ndarray:
        if q.field not in N.YEAR_FIELDS:
            return _empty().ids
        return self.cached(("years", q.field, q.first, q.last), lambda: self.fetch_years(q.field, q.first, q.last))

    def term(self, q: N.Term) -> Matches:
        if q.field in P.COLUMN_FIELDS:
            ids = self.cached(("column", q.field, q.text), lambda: self.fetch_column(q.field, q.text))
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
