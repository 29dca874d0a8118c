"""Scored matches as sorted arrays, and the set operations and BM25 every backend that
scores in Python shares (the whoosh arrays engine; the PostgreSQL store, which fetches
postings and scores them the same way), so a ranking is computed one way only."""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional

import numpy as np

from huigu.store import query as N
from huigu.store.query import BM25_B, BM25_K1, RESTRICT_SCORE


@dataclass
class Matches:
    """Matching documents: sorted index document numbers and their scores."""

    ids: np.ndarray
    scores: np.ndarray


_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


def empty() -> Matches:
    return Matches(_EMPTY_IDS, _EMPTY_SCORES)


def idf(records: int, doc_frequency: int) -> float:
    """BM25F's idf as whoosh computes it: log(records / (documents with the term + 1)) + 1."""
    return math.log(records / (doc_frequency + 1)) + 1


def bm25(term_idf: float, freqs: np.ndarray, lengths: np.ndarray, average_length: float) -> np.ndarray:
    """A term's score in each document holding it (``freqs`` times, field ``lengths`` long)."""
    return term_idf * (freqs * (BM25_K1 + 1)) / (freqs + BM25_K1 * ((1 - BM25_B) + BM25_B * lengths / average_length))


def top(found: Matches, limit: Optional[int]) -> tuple[list[tuple[int, float]], int]:
    """The best ``limit`` (document number, score) pairs, best first, ties in document
    order (as whoosh), and how many matched in all."""
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


def intersection(parts: list[Matches]) -> Matches:
    parts = sorted(parts, key=lambda m: len(m.ids))
    result = parts[0]
    for other in parts[1:]:
        if not len(result.ids):
            return empty()
        result = _intersect(result, other)
    return result


def scaled(found: Matches, boost: float) -> Matches:
    return found if boost == 1 else Matches(found.ids, found.scores * boost)


def _intersect(small: Matches, big: Matches) -> Matches:
    """Documents in both (``small`` is the shorter list), their scores added."""
    if not len(big.ids):
        return empty()
    at = np.searchsorted(big.ids, small.ids)
    at[at >= len(big.ids)] = len(big.ids) - 1
    hit = big.ids[at] == small.ids
    return Matches(small.ids[hit], small.scores[hit] + big.scores[at[hit]])


def union(parts: list[Matches]) -> Matches:
    """Documents in any, scores of the parts that hold them added (whoosh's Or)."""
    parts = [p for p in parts if len(p.ids)]
    if not parts:
        return empty()
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([p.ids for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    # a stable sort of a few sorted runs is a merge; then equal ids are summed
    order = np.argsort(ids, kind="stable")
    ids, scores = ids[order], scores[order]
    first = np.empty(len(ids), dtype=bool)
    first[0] = True
    np.not_equal(ids[1:], ids[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return Matches(ids[starts], np.add.reduceat(scores, starts))


def without(found: Matches, excluded: np.ndarray) -> Matches:
    if not len(excluded) or not len(found.ids):
        return found
    at = np.searchsorted(excluded, found.ids)
    at[at >= len(excluded)] = len(excluded) - 1
    keep = excluded[at] != found.ids
    return Matches(found.ids[keep], found.scores[keep])


FILTER_CACHE = 64  # restrictions kept: the same filters come back query after query


class TreeEvaluator:
    """How a query tree combines, for every backend that scores in Python: a subclass
    answers the leaves (``term`` → scored matches, ``year_range`` → record ids) and this
    class does the rest — groups, exclusions, restrictions (kept in ``filters``, which a
    subclass may also use for its own leaf caches)."""

    def __init__(self) -> None:
        self.filters: OrderedDict = OrderedDict()

    def term(self, q: N.Term) -> Matches:
        raise NotImplementedError

    def year_range(self, q: N.YearRange) -> np.ndarray:
        raise NotImplementedError

    def unsupported(self, q) -> Exception:
        return TypeError(f"not a query node: {q!r}")

    def evaluate(self, q: N.Node) -> Matches:
        kind = type(q)
        if kind is N.Term:
            return self.term(q)
        if (kind is N.AllOf or kind is N.AnyOf) and len(q.parts) == 1:
            return self.evaluate(q.parts[0])  # a one-part group scores as its part
        if kind is N.AllOf:
            return scaled(intersection([self.evaluate(c) for c in q.parts]), q.boost)
        if kind is N.AnyOf:
            return scaled(union([self.evaluate(c) for c in q.parts]), q.boost)
        if kind is N.Without:
            return without(self.evaluate(q.query), self.evaluate(q.excluded).ids)
        if kind is N.Within:
            ids = self.filter_ids(q.restrict)
            return intersection([self.evaluate(q.query), Matches(ids, np.full(len(ids), RESTRICT_SCORE))])
        if kind is N.YearRange:
            ids = self.year_range(q)
            return Matches(ids, np.zeros(len(ids)))
        raise self.unsupported(q)

    def cached(self, key, compute):
        """``filters[key]``, computed once (and kept among the last FILTER_CACHE)."""
        found = self.filters.get(key)
        if found is None:
            found = self.filters[key] = compute()
            if len(self.filters) > FILTER_CACHE:
                self.filters.popitem(last=False)
        else:
            self.filters.move_to_end(key)
        return found

    def filter_ids(self, q: N.Node) -> np.ndarray:
        """A restriction's records."""
        return self.cached(q, lambda: self.evaluate(q).ids)
