"""Word export of chosen passages (素材汇编), as the bytes of a .docx.

* ``compilation_docx`` (search results): each passage as a paragraph followed by its
  citation, grouped by year (newest first), with the query and the date at the top.
* ``similar_docx`` (``similar`` results): one section per draft paragraph — the draft
  paragraph itself, then each passage found for it with its citation, its similarity
  and the draft paragraph it answers — so a writer sees what each piece of material is for.

``write_docx`` / ``write_similar_docx`` write those bytes to a file.
"""
from __future__ import annotations

import datetime
import io
from pathlib import Path

from huigu.errors import HuiguError
from huigu.text.cite import source_label

UNKNOWN_YEAR = "年份不详"
GREY = (0x59, 0x59, 0x59)


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
    return f"——{data.get('label', '')}，{source_label(data['doc'], data)}"


def input_name(result, paragraph) -> str:
    """What a group of matches answers: 草稿第1段（第3行）, 输入的文字, or 段落 04774c1a-1.6."""
    from huigu.output.reuse import paragraph_heading

    if result.kind == "file":
        return f"草稿{paragraph_heading(paragraph)}"
    if result.kind == "passage":
        return f"段落 {result.input}"
    return "输入的文字"


def answers_line(result, paragraph) -> str:
    """The draft paragraph a found passage answers, in one line."""
    from huigu.output.reuse import one_line

    return f"对应{input_name(result, paragraph)}：{one_line(paragraph.text, 40)}"


def compilation_docx(title: str, passages: list[dict], today: datetime.date | None = None) -> tuple[bytes, int]:
    """A 素材汇编 of ``passages`` (stored passage data): the .docx bytes and how many passages it holds."""
    groups = grouped_by_year(passages)
    document, count = _started(title, sum(len(items) for _, items in groups), today)
    if not groups:
        document.add_paragraph("（没有可汇编的段落）")
    for heading, items in groups:
        document.add_heading(heading, level=1)
        for data in items:
            _passage(document, data, [citation_line(data)])
    return _bytes(document), count


def similar_docx(result, today: datetime.date | None = None) -> tuple[bytes, int]:
    """A 素材汇编 of a ``similar`` result: per draft paragraph, the paragraph and the
    passages found for it (best first), each saying which draft paragraph it answers."""
    from huigu.output.reuse import nothing_close, one_line
    from huigu.reuse.similar import verdict

    count = sum(len(p.matches) for p in result.paragraphs)
    document, _ = _started(f"相似段落：{one_line(result.input, 80)}", count, today)
    for paragraph in result.paragraphs:
        document.add_heading(input_name(result, paragraph), level=1)
        draft = document.add_paragraph()
        draft.add_run("草稿：" if result.kind == "file" else "原文：").bold = True
        _lines(draft, paragraph.text, italic=True)
        if not paragraph.matches:
            _small(document.add_paragraph(), f"（{nothing_close(paragraph)}）")
        for match in paragraph.matches:
            lines = [citation_line(match.data),
                     f"相似度 {match.score:.2f}（{verdict(match.score)}），{answers_line(result, paragraph)}"]
            lines += [f"另见：{other['label']}，{source_label(other['doc'], other)}" for other in match.also]
            _passage(document, match.data, lines)
    return _bytes(document), count


def save(path, data: bytes) -> None:
    """Write .docx bytes to ``path`` (a HuiguError line when it cannot be written)."""
    path = Path(path)
    check_path(path)
    try:
        path.write_bytes(data)
    except OSError as err:
        raise HuiguError(f"无法写入 {path}：{err.strerror or err}") from err


def check_path(path) -> None:
    if Path(path).suffix.lower() != ".docx":
        raise HuiguError(f"输出文件应以 .docx 结尾：{path}")


def write_docx(path, title: str, passages: list[dict], today: datetime.date | None = None) -> int:
    """Write a 素材汇编 of ``passages`` to ``path``; returns how many passages it holds."""
    check_path(path)
    data, count = compilation_docx(title, passages, today)
    save(path, data)
    return count


def write_similar_docx(path, result, today: datetime.date | None = None) -> int:
    """Write the 素材汇编 of a ``similar`` result to ``path``; returns how many passages it holds."""
    check_path(path)
    data, count = similar_docx(result, today)
    save(path, data)
    return count


# ── building blocks ─────────────────────────────────────────────────────────


def _started(title: str, count: int, today):
    import docx
    from docx.shared import Pt

    document = docx.Document()
    _chinese_font(document)
    document.add_heading("素材汇编", level=0)
    document.add_paragraph(title)
    date = (today or datetime.date.today()).isoformat()
    meta = document.add_paragraph(f"生成日期：{date}    共 {count} 段")
    meta.runs[0].font.size = Pt(9)
    return document, count


def _lines(paragraph, text: str, italic: bool = False) -> None:
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.italic = italic or None
        if number < len(lines) - 1:
            run.add_break()


def _small(paragraph, text: str) -> None:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(*GREY)


def _passage(document, data: dict, notes: list[str]) -> None:
    _lines(document.add_paragraph(), data["text"])
    for note in notes:
        _small(document.add_paragraph(), note)


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _chinese_font(document) -> None:
    """Body text in 宋体 (East Asian font set too, or Word falls back to a Latin font)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")
