"""What the knowledge base holds: documents and passages per year × department and per topic."""
from __future__ import annotations

from collections import Counter, defaultdict

from .render import table, to_json


def collect(ix) -> dict:
    docs_by = Counter()
    passages_by = Counter()
    topics = Counter()
    kinds = Counter()
    with ix.searcher() as searcher:
        for fields in searcher.documents(rtype="document"):
            doc = fields["data"]
            docs_by[(doc.get("year"), doc.get("department") or "（部门不详）")] += 1
        for fields in searcher.documents(rtype="passage"):
            data = fields["data"]
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


def stats_json(summary: dict) -> str:
    return to_json(summary)


def stats_table(summary: dict) -> str:
    rows = [[r["year"] or "不详", r["department"], r["documents"], r["passages"]] for r in summary["by_year_department"]]
    parts = [f"共 {summary['documents']} 篇文档，{summary['passages']} 个段落", "",
             table(["年份", "部门", "文档", "段落"], rows), "", "按主题（段落数）：",
             table(["主题", "段落"], [[k, v] for k, v in summary["by_topic"].items()]), "",
             "按章节类别：" + "  ".join(f"{k} {v}" for k, v in summary["by_kind"].items())]
    return "\n".join(parts)
