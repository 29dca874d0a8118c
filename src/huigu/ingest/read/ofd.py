"""OFD (GB/T 33190, the national format for official electronic documents).

ofdkit reads the package (OFD.xml → Document.xml → each page's Content.xml, with
templates and composite objects) and gives each page's text in reading order, lines
placed by their positions.  The lines are re-joined into paragraphs with the PDF
reader's rules, and each paragraph keeps its page.

What ofdkit cannot give: text drawn as outlines or embedded as images (that needs
OCR: such an OFD is refused as a scan), and glyph-index-only text without Unicode.
"""
from __future__ import annotations

from pathlib import Path

from huigu.errors import ReadError
from huigu.model import SourceText

from .files import load_bytes
from .limits import MAX_OFD_BYTES, MAX_PDF_PAGES, MIN_PDF_CHARS_PER_PAGE
from .pdf import _clean_title, _page_list, _text_chars, is_page_number, join_paged_paragraphs

BROKEN = "不是有效的 OFD 文件（{why}）"
TOO_BIG = "OFD 文件内容过大或结构异常（{why}），已拒绝"
NO_TEXT = "OFD 文件没有可提取的文字（文字可能是图片或轮廓）：请用 OFD 阅读器导出为 PDF 或图片后再导入"


def read_ofd(path: Path) -> SourceText:
    import ofdkit

    data = load_bytes(path, MAX_OFD_BYTES)
    try:
        with ofdkit.open(data) as document:
            if len(document.pages) > MAX_PDF_PAGES:
                raise ReadError(f"OFD 页数过多（{len(document.pages)} 页，上限 {MAX_PDF_PAGES} 页）：请拆分后再导入")
            pages = [_page_lines(page, with_template=number == 0) for number, page in enumerate(document.pages)]
            info = document.info
            problems = list(document.warnings)
    except ofdkit.OFDLimitError as err:
        raise ReadError(TOO_BIG.format(why=err)) from None
    except ofdkit.OFDError as err:
        raise ReadError(BROKEN.format(why=err)) from None
    if not pages or sum(_text_chars(lines) for lines in pages) < MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise ReadError(NO_TEXT)
    paragraphs = join_paged_paragraphs(pages)
    warnings = []
    empty = [number for number, lines in enumerate(pages, 1) if not _text_chars(lines)]
    if empty:
        warnings.append(f"OFD 第 {_page_list(empty)}没有可提取的文字（可能是图片），其内容未读取")
    if problems:
        warnings.append(f"OFD 文件有 {len(problems)} 处结构问题（如缺少页面或资源），能读的部分已读取")
    return SourceText(
        path=str(path),
        format="ofd",
        lines=[text for text, _ in paragraphs],
        unit="段",
        hints=_hints(info),
        warnings=warnings,
        pages=[span for _, span in paragraphs],
    )


_INDENT_MARK = "\ue000"  # a private-use character: survives ofdkit's joining, never in a report


def _page_lines(page, with_template: bool) -> list[str]:
    """A page's lines in reading order, an indented line starting with a full-width
    space (ofdkit drops indentation, but a first line's indent starts a paragraph).

    Template text (a running header or footer, the red 文件 head) is read on the first
    page only: repeated on every page it would cut each paragraph that crosses a page."""
    import dataclasses

    import ofdkit
    from ofdkit.layout import page_text

    try:
        runs = [run for run in page.runs if with_template or not run.from_template]
    except ofdkit.OFDError:
        return []
    body = [run for run in runs if not run.from_template and run.text.strip()]
    if body:
        margin = min(run.x for run in body)
        runs = [dataclasses.replace(run, text=_INDENT_MARK + run.text)
                if not run.from_template and run.x - margin > 1.5 * run.size else run for run in runs]
    lines = [("\u3000" if line.startswith(_INDENT_MARK) else "") + line.replace(_INDENT_MARK, "")
             for line in page_text(runs).splitlines()]
    # the blank ofdkit leaves before a page number at the foot would end a paragraph that
    # goes on over the page
    while lines and (not lines[-1].strip() or is_page_number(lines[-1].strip())):
        lines.pop()
    while lines and (not lines[0].strip() or is_page_number(lines[0].strip())):
        lines.pop(0)
    return lines


def _hints(info) -> dict[str, str]:
    hints = {}
    title = _clean_title(getattr(info, "title", None))
    if title:
        hints["title"] = title
    return hints  # no creation date: the day a file was made is no date of the report
