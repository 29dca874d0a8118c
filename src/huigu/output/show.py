"""A document's outline, or a passage in its context with its citation, as text or JSON
(``huigu show`` and the page / ``/api/show/<id>`` use the same functions)."""
from __future__ import annotations

from huigu.output.render import to_json
from huigu.text.cite import source_label

KIND_NAMES = {"review": "成效", "problem": "问题", "plan": "计划", "other": ""}


def outline_text(doc: dict) -> str:
    lines = [f"《{doc.get('title')}》", f"部门：{doc.get('department') or '不详'}（{doc.get('department_short') or ''}）  "
             f"年份：{doc.get('year') or '不详'}  类型：{doc.get('doc_type') or '不详'}  时段：{doc.get('period') or ''}",
             f"文号：{doc.get('doc_number') or '无'}  日期：{doc.get('date') or '无'}  来源：{doc['source']}"
             + (f" 第{doc['part']}篇" if doc.get("part", 1) > 1 else ""),
             f"回顾年份：{doc.get('review_year') or '—'}  计划年份：{doc.get('plan_year') or '—'}  段落：{doc.get('passages')}",
             "依据：" + "，".join(f"{k}←{v}" for k, v in (doc.get("provenance") or {}).items()), "", "提纲："]
    for section in doc.get("outline", []):
        kind = KIND_NAMES.get(section["kind"], "")
        tag = f"  [{kind}{' ' + str(section['about_year']) if section.get('about_year') else ''}]" if kind else ""
        lines.append("  " * section["level"] + section["heading"] + tag)
    if not doc.get("outline"):
        lines.append("  （未识别到标题层级）")
    return "\n".join(lines)


def passage_text(data: dict, passages: list[dict], context: int) -> str:
    """``data`` among its document's ``passages``, with ``context`` passages either side."""
    seq = data["seq"]
    lines = [f"出处：{data['label']}", f"位置：{source_label(data['doc'], data)}", ""]
    for other_data in passages:
        if abs(other_data["seq"] - seq) > context:
            continue
        marker = "▶ " if other_data["seq"] == seq else "  "
        lines.append(f"{marker}[{other_data['id']}] {''.join(other_data.get('section_path') or [])}")
        lines.append("  " + other_data["text"].replace("\n", "\n  "))
        lines.append("")
    return "\n".join(lines).rstrip()


def document_json(doc: dict) -> str:
    """A document's stored record (metadata with provenance, outline) as JSON."""
    return to_json({"document": doc})


def passage_json(data: dict, passages: list[dict], context: int) -> str:
    """A passage's record with the passages ``context`` either side of it, as JSON."""
    around = [p for p in passages if abs(p["seq"] - data["seq"]) <= context]
    return to_json({"passage": data, "context": around})
