"""What the knowledge base holds: documents and passages per year × department and per topic."""
from __future__ import annotations

from collections import Counter, defaultdict



def collect(store) -> dict:
    """The ``huigu stats`` summary, from any Store."""
    docs_by = Counter()
    passages_by = Counter()
    topics = Counter()
    kinds = Counter()
    for doc in store.documents():
        docs_by[(doc.get("year"), doc.get("department") or "（部门不详）")] += 1
    for data in store.passages():
        passages_by[(data["doc"].get("year"), data["doc"].get("department") or "（部门不详）")] += 1
        topics.update(data.get("topics") or [])
        kinds[data.get("kind") or "other"] += 1
    rows = defaultdict(dict)
    for (year, dept), n in docs_by.items():
        rows[(year, dept)]["documents"] = n
    for (year, dept), n in passages_by.items():
        rows[(year, dept)]["passages"] = n
    return {
        "documents": sum(docs_by.values()),
        "passages": sum(passages_by.values()),
        "by_year_department": [
            {"year": year, "department": dept, "documents": v.get("documents", 0), "passages": v.get("passages", 0)}
            for (year, dept), v in sorted(rows.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1]))
        ],
        "by_topic": dict(topics.most_common()),
        "by_kind": dict(kinds.most_common()),
    }
