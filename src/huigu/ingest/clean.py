"""Source lines → cleaned paragraphs, with a map from every cleaned character back to its line.

Cleaning never rewrites words: it normalises characters (see ``normalize``), drops
blank lines, web/licence chrome and page numbers, and re-joins a paragraph that a page
break or a hard wrap split over several lines ("科技成" / "" / "果转化").
"""
from __future__ import annotations

import re

from huigu.text.normalize import normalize_line
from huigu.model import CleanText, Span
_CLOSING = set("。！？；：:;!?…")
_CLOSING_QUOTED_RE = re.compile(r"[。！？][”’」』]$")
# A title line ("关于印发…的通知", "…工作总结") is a paragraph of its own.
_TITLE_END_RE = re.compile(r"(?:通知|通报|决定|意见|报告|总结|思路|计划|要点|打算|安排|方案)$")
# A recipients line ("局机关各科室、各直属单位：") or signature stands alone.
_RECIPIENTS_RE = re.compile(r"^[^。，]{2,40}[：:]$")
# A line that starts like this opens a new paragraph (headings, list items, dashes, salutations).
_OPENING_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)"
    r"|[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+[篇章节部分条]|——|—|附件|各位代表|抄送|印发"
    r"|[①-⑳])"
)
_PAGE_NUMBER_RE = re.compile(r"^(?:[-—－]\s*\d{1,3}\s*[-—－]|第\s*\d{1,3}\s*页(?:\s*/\s*共?\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
_BARE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_CHROME_RE = re.compile(
    r"^(?:本作品在全世界都属于公有领域|Public domain|This work is in the public domain|"
    r"本作品来自|来源：维基文库|取自“https?://|取自\"https?://|分类：|此页面最后编辑于|"
    r"打印本页|关闭窗口|【打印】|【关闭】|分享到：|扫一扫在手机打开当前页)"
)
# A licence or site footer: everything from here to the end of the file is dropped.
_FOOTER_START_RE = re.compile(r"^(?:注[：:])?中文维基文库社群认为|^本作品在全世界都属于公有领域|^本作品是中华人民共和国的|^Public domain$|^版权所有")
FOOTER_SEARCH_LINES = 80
# A paragraph this short that does not close is a title or a header line, not a broken paragraph.
MIN_JOINABLE_CHARS = 40


def is_chrome(line: str) -> bool:
    return bool(_CHROME_RE.match(line)) or bool(_PAGE_NUMBER_RE.match(line))


def _is_page_number(lines: list[str], index: int) -> bool:
    """A bare number alone between blank lines is a page number; in a table it is data."""
    if not _BARE_NUMBER_RE.match(lines[index].strip()):
        return False
    before = lines[index - 1].strip() if index > 0 else ""
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return before == "" and after == ""


def _continues(previous: str, line: str) -> bool:
    """Does ``line`` continue the paragraph ``previous`` (split by a page break or a wrap)?"""
    if not previous or previous[-1] in _CLOSING or _CLOSING_QUOTED_RE.search(previous):
        return False
    if _TITLE_END_RE.search(previous) or _RECIPIENTS_RE.match(line):
        return False
    if _OPENING_RE.match(line):
        return False
    if len(previous) < MIN_JOINABLE_CHARS:
        # short unfinished line: only a fragment like "2.5" or "PM" continues it
        return False
    return True


def _footer_start(lines: list[str]) -> int:
    for index in range(max(0, len(lines) - FOOTER_SEARCH_LINES), len(lines)):
        if _FOOTER_START_RE.match(lines[index].strip()):
            return index
    return len(lines)


def clean_lines(lines: list[str], first_line: int = 1, pages: list[tuple[int, int]] | None = None,
                ocr_confidence: list | None = None) -> CleanText:
    """Clean ``lines`` (line ``first_line`` is ``lines[0]``) into paragraphs joined by "\\n".

    ``pages`` and ``ocr_confidence`` (a reader's, one entry per line) are carried along
    so that a passage can name its page and say whether its text came from OCR."""
    line_pages = {first_line + i: tuple(pair) for i, pair in enumerate(pages or [])}
    line_ocr = {first_line + i: score for i, score in enumerate(ocr_confidence or []) if score is not None}
    lines = lines[:_footer_start(lines)]
    pieces: list[str] = []
    spans: list[Span] = []
    paragraphs: list[tuple[int, int]] = []
    offset = 0
    current_start = None
    current_text = ""

    def close_paragraph() -> None:
        nonlocal current_start, current_text
        if current_start is not None:
            paragraphs.append((current_start, offset))
        current_start, current_text = None, ""

    for index, raw in enumerate(lines):
        line = normalize_line(raw)
        if not line or is_chrome(line) or _is_page_number(lines, index):
            continue
        number = first_line + index
        if current_start is not None and _continues(current_text, line):
            current_text += line
        else:
            close_paragraph()
            if pieces:
                pieces.append("\n")
                offset += 1
            current_start, current_text = offset, line
        pieces.append(line)
        spans.append(Span(offset, offset + len(line), number))
        offset += len(line)
    close_paragraph()
    return CleanText("".join(pieces), paragraphs, spans, line_pages, line_ocr)


def slice_clean(clean: CleanText, start: int, end: int) -> CleanText:
    """The part [start, end) of ``clean`` as a CleanText of its own (offsets rebased to 0)."""
    text = clean.text[start:end]
    spans = [
        Span(max(s.start, start) - start, min(s.end, end) - start, s.line)
        for s in clean.spans
        if s.end > start and s.start < end
    ]
    paragraphs = [
        (max(a, start) - start, min(b, end) - start)
        for a, b in clean.paragraphs
        if b > start and a < end and min(b, end) > max(a, start)
    ]
    # strip leading/trailing newlines the cut may leave
    while text.startswith("\n"):
        text = text[1:]
        spans = [Span(s.start - 1, s.end - 1, s.line) for s in spans]
        paragraphs = [(a - 1, b - 1) for a, b in paragraphs]
    text = text.rstrip("\n")
    paragraphs = [(max(a, 0), min(b, len(text))) for a, b in paragraphs if min(b, len(text)) > max(a, 0)]
    spans = [s for s in spans if s.end > 0 and s.start < len(text)]
    return CleanText(text, paragraphs, spans, clean.line_pages, clean.line_ocr)
