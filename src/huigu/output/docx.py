"""Word export of chosen passages (素材汇编): each passage as a paragraph followed by its
citation, grouped by year (newest first), with the query and the date at the top."""
from __future__ import annotations

import datetime
from pathlib import Path

from huigu.errors import HuiguError
UNKNOWN_YEAR = "年份不详"


def grouped_by_year(passages: list[dict]) -> list[tuple[str, list[dict]]]:
    """(heading, passages) per document year, newest first, unknown year last; a passage
    listed twice is kept once, in its first place."""
    seen, groups = set(), {}
    for data in passages:
        key = data.get("id") or (data.get("label"), data.get("text"))
        if key in seen:
            continue
        seen.add(key)
        year = (data.get("doc") or {}).get("year")
        groups.setdefault(year, []).append(data)
    years = sorted((y for y in groups if y), reverse=True) + ([None] if None in groups else [])
    return [(f"{y}年" if y else UNKNOWN_YEAR, groups[y]) for y in years]


def citation_line(data: dict) -> str:
    from huigu.ingest.pipeline import source_label

    return f"——{data.get('label', '')}，{source_label(data['doc'], data)}"


def write_docx(path, title: str, passages: list[dict], today: datetime.date | None = None) -> int:
    """Write ``passages`` (stored passage data) to a .docx at ``path``; returns how many
    passages it holds.  Raises HuiguError when the file cannot be written."""
    import docx
    from docx.shared import Pt, RGBColor

    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise HuiguError(f"输出文件应以 .docx 结尾：{path}")
    document = docx.Document()
    _chinese_font(document)
    document.add_heading("素材汇编", level=0)
    document.add_paragraph(title)
    groups = grouped_by_year(passages)
    count = sum(len(items) for _, items in groups)
    date = (today or datetime.date.today()).isoformat()
    meta = document.add_paragraph(f"生成日期：{date}    共 {count} 段")
    meta.runs[0].font.size = Pt(9)
    if not groups:
        document.add_paragraph("（没有可汇编的段落）")
    for heading, items in groups:
        document.add_heading(heading, level=1)
        for data in items:
            body = document.add_paragraph()
            lines = data["text"].split("\n")
            for number, line in enumerate(lines):
                run = body.add_run(line)
                if number < len(lines) - 1:
                    run.add_break()
            cite = document.add_paragraph()
            run = cite.add_run(citation_line(data))
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    try:
        document.save(str(path))
    except OSError as err:
        raise HuiguError(f"无法写入 {path}：{err.strerror or err}") from err
    return count


def _chinese_font(document) -> None:
    """Body text in 宋体 (East Asian font set too, or Word falls back to a Latin font)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")
