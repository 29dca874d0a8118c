"""How a passage is cited: the label a person pastes into a draft and the place to check it."""
from __future__ import annotations


def citation_label(document: dict, passage: dict) -> str:
    """泉州市科学技术局《2023年…工作思路》（泉科〔2024〕34号）二、（三） 第1段"""
    title = document.get("title") or document.get("source", "")
    label = f"{document.get('department') or '（部门不详）'}《{title}》"
    extras = [document.get("doc_number") or ""]
    if not document.get("doc_number") and document.get("date"):
        extras = [document["date"]]
    extras = [e for e in extras if e]
    if extras:
        label += "（" + "，".join(extras) + "）"
    path = "".join(passage.get("section_path") or [])
    where = f"第{passage['paragraph']}段"
    if passage.get("pieces", 1) > 1:
        where += f"（{passage['piece']}/{passage['pieces']}）"
    return f"{label}{path} {where}" if path else f"{label} {where}"


def source_label(document: dict, passage: dict) -> str:
    """hailaer/2012.txt:12-14 (行) or 2025年云南省政府工作报告.docx 第12-14段"""
    first, last = passage["line_start"], passage["line_end"]
    span = f"{first}" if first == last else f"{first}-{last}"
    if document.get("unit", "行") == "行":
        return f"{document['source']}:{span}"
    return f"{document['source']} 第{span}段"
