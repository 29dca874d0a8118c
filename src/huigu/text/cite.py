"""How a passage is cited: the label a person pastes into a draft and the place to check it."""
from __future__ import annotations

# Below this mean recognition confidence an OCR passage is flagged: check the scan.
LOW_OCR_CONFIDENCE = 0.85


def page_span(passage: dict) -> str:
    """第4页 / 第4-5页, or "" for a passage of an unpaged format."""
    first, last = passage.get("page_start"), passage.get("page_end")
    if not first:
        return ""
    return f"第{first}页" if not last or last == first else f"第{first}-{last}页"


def ocr_mark(passage: dict) -> str:
    """OCR识别 / OCR识别，置信度低，请核对原件 / "" for text read from a text layer."""
    if not passage.get("ocr"):
        return ""
    confidence = passage.get("ocr_confidence")
    if confidence is not None and confidence < LOW_OCR_CONFIDENCE:
        return f"OCR识别，置信度低（{confidence:.0%}），请核对原件"
    return "OCR识别"


def citation_label(document: dict, passage: dict) -> str:
    """泉州市科学技术局《2023年…工作思路》（泉科〔2024〕34号）二、（三） 第1段

    A PDF, OFD or scan adds the page, and OCR text says so: … 二、（三） 第1段（第4页，OCR识别）
    """
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
    notes = []
    if passage.get("pieces", 1) > 1:
        notes.append(f"{passage['piece']}/{passage['pieces']}")
    notes += [note for note in (page_span(passage), ocr_mark(passage)) if note]
    if notes:
        where += "（" + "，".join(notes) + "）"
    return f"{label}{path} {where}" if path else f"{label} {where}"


def source_label(document: dict, passage: dict) -> str:
    """hailaer/2012.txt:12-14 (行), 2025年云南省政府工作报告.docx 第12-14段, or for a paged
    format 2024年工作总结.pdf 第4页（全文第37-38段）"""
    first, last = passage["line_start"], passage["line_end"]
    span = f"{first}" if first == last else f"{first}-{last}"
    if document.get("unit", "行") == "行":
        return f"{document['source']}:{span}"
    page = page_span(passage)
    if page:
        return f"{document['source']} {page}（全文第{span}段）"
    return f"{document['source']} 第{span}段"
