"""A small backend-neutral query tree: what search, reuse and audit ask a store.

Every backend evaluates these nodes with the same scoring, so a ranking does not
depend on where the knowledge base lives:

* ``Term(field, text)`` on a scored field (``words``, ``grams``) scores BM25F with
  ``BM25_K1`` / ``BM25_B``: ``idf = log(N / (df + 1)) + 1`` over all records ``N``,
  field lengths as stored; on any other field it matches and scores 0.
* ``AllOf`` — every part matches; the parts' scores add up, times ``boost``.
* ``AnyOf`` — at least one part matches; the matching parts' scores add up, times ``boost``.
* ``Without(query, excluded)`` — ``query``'s matches that ``excluded`` does not match.
* ``Within(query, restrict)`` — ``query`` limited to what ``restrict`` matches; every
  hit gets ``RESTRICT_SCORE`` added (a constant: it never changes an order within one
  query, and it keeps rankings identical to the whoosh-only huigu they were tuned on).
* ``YearRange(field, first, last)`` — records whose year lies in the range (inclusive).

One-part ``AllOf`` / ``AnyOf`` are the part itself (their boost is dropped): ``all_of``
and ``any_of`` build them that way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

BM25_K1 = 1.2
BM25_B = 0.75
RESTRICT_SCORE = 1.0
SCORED_FIELDS = ("words", "grams")
FILTER_FIELDS = ("rtype", "dept", "doc_type", "period", "kind", "topics")
YEAR_FIELDS = ("year", "about_year")


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    parts: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    parts: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class Without:
    query: "Node"
    excluded: "Node"


@dataclass(frozen=True)
class Within:
    query: "Node"
    restrict: "Node"


@dataclass(frozen=True)
class YearRange:
    field: str
    first: Optional[int]
    last: Optional[int]


Node = Union[Term, AllOf, AnyOf, Without, Within, YearRange]

PASSAGES = Term("rtype", "passage")


def all_of(parts, boost: float = 1.0) -> Optional[Node]:
    parts = tuple(p for p in parts if p is not None)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(parts, boost)


def any_of(parts, boost: float = 1.0) -> Optional[Node]:
    parts = tuple(p for p in parts if p is not None)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AnyOf(parts, boost)


def within(query: Node, restrict: Optional[Node]) -> Node:
    return query if restrict is None else Within(query, restrict)


def without(query: Node, excluded: list) -> Node:
    for negative in excluded:
        query = Without(query, negative)
    return query


def terms_of(node: Node) -> list[Term]:
    """Every term of a tree, in order (a backend fetches their statistics at once)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, (AllOf, AnyOf)):
        return [t for part in node.parts for t in terms_of(part)]
    if isinstance(node, Without):
        return terms_of(node.query) + terms_of(node.excluded)
    if isinstance(node, Within):
        return terms_of(node.query) + terms_of(node.restrict)
    return []
