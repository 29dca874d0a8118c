"""Counts of all matching passages by document year, department and topic."""
from __future__ import annotations

from collections import Counter
from typing import Optional

from huigu.store import query as N

UNKNOWN_DEPARTMENT = "（部门不详）"


def facets(store, plan, restrict: Optional[N.Node]) -> dict:
    base = plan.any_of if plan.any_of is not None else N.PASSAGES
    query = N.without(plan.required or base, plan.excluded)
    found = store.search(N.within(query, restrict), None)
    years, departments, topics = Counter(), Counter(), Counter()
    for data, _ in found.hits:
        years[data["doc"].get("year")] += 1
        departments[data["doc"].get("department") or UNKNOWN_DEPARTMENT] += 1
        topics.update(data.get("topics") or [])
    return {
        "year": dict(sorted(((y, n) for y, n in years.items() if y), reverse=True)),
        "department": dict(departments.most_common()),
        "topic": dict(topics.most_common()),
    }
