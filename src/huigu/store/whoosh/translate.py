"""Backend-neutral query trees (``huigu.store.query``) as whoosh queries.

Used where whoosh itself answers: segments without postings arrays, restrictions
listed by ``docs_for_query``, and the tests that check the engine against whoosh.
"""
from __future__ import annotations

from whoosh import query as Q

from huigu.store import query as N


def to_whoosh(node: N.Node) -> Q.Query:
    kind = type(node)
    if kind is N.Term:
        return Q.Term(node.field, node.text, boost=node.boost)
    if kind is N.AllOf:
        return Q.And([to_whoosh(p) for p in node.parts], boost=node.boost)
    if kind is N.AnyOf:
        return Q.Or([to_whoosh(p) for p in node.parts], boost=node.boost)
    if kind is N.Without:
        return Q.AndNot(to_whoosh(node.query), to_whoosh(node.excluded))
    if kind is N.Within:
        # a filter that scores a constant inside an And (whoosh's Require breaks when the
        # collector skips low-scoring blocks); whoosh's list matcher scores it 1.0
        return Q.And([to_whoosh(node.query), Q.ConstantScoreQuery(to_whoosh(node.restrict), 0.0)])
    if kind is N.YearRange:
        return Q.NumericRange(node.field, node.first, node.last)
    raise TypeError(f"not a query node: {node!r}")
