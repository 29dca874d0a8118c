"""``huigu stats`` as text and JSON."""
from __future__ import annotations

from huigu.output.render import table, to_json


def stats_json(summary: dict) -> str:
    return to_json(summary)


def stats_table(summary: dict) -> str:
    rows = [[r["year"] or "不详", r["department"], r["documents"], r["passages"]] for r in summary["by_year_department"]]
    parts = [f"共 {summary['documents']} 篇文档，{summary['passages']} 个段落", "",
             table(["年份", "部门", "文档", "段落"], rows), "", "按主题（段落数）：",
             table(["主题", "段落"], [[k, v] for k, v in summary["by_topic"].items()]), "",
             "按章节类别：" + "  ".join(f"{k} {v}" for k, v in summary["by_kind"].items())]
    return "\n".join(parts)
