"""PDF: the text layer, page by page, with the lines re-joined into paragraphs."""
from __future__ import annotations

import io
import logging
import re
import warnings
from pathlib import Path
from typing import Optional

from huigu.model import SourceText

from huigu.errors import ReadError
from .files import load_bytes

# pypdf logs repair notes ("EOF marker not found") to stderr; huigu reports a bad PDF itself
logging.getLogger("pypdf").setLevel(logging.CRITICAL)
from .limits import MAX_PDF_BYTES, MAX_PDF_PAGES, MIN_PDF_CHARS_ON_A_PAGE, MIN_PDF_CHARS_PER_PAGE

SCANNED = '扫描版 PDF，没有文字层，未索引：安装 OCR 扩展后即可识别（pip install "huigu[ocr]"）'
SCANNED_BLANK = "扫描版 PDF，没有文字层，OCR 也没有识别出文字（页面空白，或只有图形）"
ENCRYPTED = "PDF 已加密，无法读取：请提供未加密的文件"
NEEDS_CRYPTOGRAPHY = "PDF 使用 AES 加密，当前环境缺少 cryptography 库，无法解密：请安装 cryptography 或提供未加密的文件"
BROKEN = "不是有效的 PDF（文件损坏或被截断）"
NO_HEADER = "不是有效的 PDF（缺少 %PDF 文件头）"
BOMB = "PDF 内容解压后过大，疑似压缩炸弹，已拒绝"

# "- 3 -", "3", "—3—", "第3页", "第 3 页 共 10 页", "3/10"
_PAGE_NUMBER = re.compile(
    r"^[-－—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[-－—–\s]*$"
)
# A line starting a heading or numbered item starts a paragraph.
_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]{1,3}[)）]|\d{1,3}[、.．](?!\d)"
    r"|[一二三四五六七八九十]+是|第[一二三四五六七八九十百千\d]+[章节条部分篇]|[①-⑳]|附件|——)"
)
# A line ending a sentence (。！？；：) ends a paragraph, closing quotes/brackets allowed after.
_SENTENCE_END = re.compile(r"[。！？；：!?;:][”’」』）)】]*$")
_CLAUSE_PUNCTUATION = re.compile(r"[，。；：！？,;:!?]")
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
_ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9]")
_SHORT_LINE_SHARE = 0.7  # a line shorter than this share of a full line ends its paragraph
_MAX_HEADING_CHARS = 20  # without a known line width, a numbered line this short is a heading
_MIN_LINES_FOR_WIDTH = 5

_WORD_TITLE_PREFIX = re.compile(r"^Microsoft (?:Word|PowerPoint) - ", re.I)
_FILE_SUFFIX = re.compile(r"\.(?:docx?|wps|pdf|txt)$", re.I)
_PLACEHOLDER_TITLES = {"untitled", "无标题", "文档1", "document1"}


# -- joining lines into paragraphs --------------------------------------------------------


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


def _full_line_width(lines: list[str]) -> Optional[int]:
    """The length of a full line of body text (80th percentile), if there are enough lines."""
    lengths = sorted(len(line) for line in lines if len(line) >= 2)
    if len(lengths) < _MIN_LINES_FOR_WIDTH:
        return None
    width = lengths[int(0.8 * (len(lengths) - 1))]
    return width if width >= 10 else None


def _is_short(line: str, full_width: Optional[int]) -> bool:
    return full_width is not None and len(line) < _SHORT_LINE_SHARE * full_width


def _is_heading(line: str, full_width: Optional[int]) -> bool:
    """A numbered line without clause punctuation that does not fill the line: 一、主要成效."""
    if not _ITEM_START.match(line) or _CLAUSE_PUNCTUATION.search(line):
        return False
    return _is_short(line, full_width) or (full_width is None and len(line) <= _MAX_HEADING_CHARS)


def _ends_paragraph(line: str, full_width: Optional[int]) -> bool:
    return bool(_SENTENCE_END.search(line)) or _is_short(line, full_width) or _is_heading(line, full_width)


def _separator(before: str, line: str) -> str:
    """What goes between a wrapped line and the next: nothing in Chinese, a space between
    ASCII words."""
    return " " if _ASCII_WORD_CHAR.match(before[-1]) and _ASCII_WORD_CHAR.match(line[0]) else ""


def _starts_paragraph(raw: str, line: str, previous: str, full_width: Optional[int]) -> bool:
    if _INDENT.match(raw) or _ITEM_START.match(line):
        return True
    return _ends_paragraph(previous, full_width)


def join_paragraphs(raw_lines: list[str]) -> list[str]:
    """Re-join extracted lines into paragraphs, dropping page-number lines.

    A line continues the paragraph unless the previous line ends a sentence, is short
    (the last line of a paragraph) or is a numbered heading, or this line is indented
    or starts a heading / numbered item.  An empty line always ends a paragraph.
    """
    return [text for text, _ in join_paged_paragraphs([raw_lines])]


def join_paged_paragraphs(pages: list[list[str]]) -> list[tuple[str, tuple[int, int]]]:
    """``join_paragraphs`` over the lines of several pages: each paragraph with the
    (first, last) page it lies on (1-based), so a citation can name the page."""
    numbered = [(raw, number) for number, lines in enumerate(pages, 1) for raw in lines]
    out = []
    for group in paragraph_groups([raw for raw, _ in numbered]):
        text = _joined([numbered[i][0].strip() for i in group])
        out.append((text, (numbered[group[0]][1], numbered[group[-1]][1])))
    return out


def paragraph_groups(raw_lines: list[str]) -> list[list[int]]:
    """The indices of ``raw_lines`` that make up each paragraph, in order (page-number
    lines and empty lines belong to none)."""
    kept = [(index, raw, raw.strip()) for index, raw in enumerate(raw_lines)]
    kept = [(index, raw, line) for index, raw, line in kept if not (line and is_page_number(line))]
    full_width = _full_line_width([line for _, _, line in kept])
    groups: list[list[int]] = []
    current: list[int] = []
    previous = ""
    for index, raw, line in kept:
        if not line:
            if current:
                groups.append(current)
            current = []
            continue
        if current and _starts_paragraph(raw, line, previous, full_width):
            groups.append(current)
            current = []
        current.append(index)
        previous = line
    if current:
        groups.append(current)
    return groups


def _joined(lines: list[str]) -> str:
    pieces = [lines[0]]
    for before, line in zip(lines, lines[1:]):
        pieces.append(_separator(before, line))
        pieces.append(line)
    return "".join(pieces)


# -- pypdf ------------------------------------------------------------------------------


def _errors():
    from pypdf import errors

    return errors


def _open(data: bytes):
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise ReadError(NO_HEADER)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _unlock(reader)
        page_count = len(reader.pages)
    except ReadError:
        raise
    except _errors().DependencyError:
        raise ReadError(NEEDS_CRYPTOGRAPHY) from None
    except _errors().FileNotDecryptedError:
        raise ReadError(ENCRYPTED) from None
    except Exception:  # pypdf raises many kinds on damaged files
        raise ReadError(BROKEN) from None
    if page_count > MAX_PDF_PAGES:
        raise ReadError(f"PDF 页数过多（{page_count} 页，上限 {MAX_PDF_PAGES} 页）：请拆分后再导入")
    if page_count == 0:
        raise ReadError("PDF 没有页面")
    return reader


def _unlock(reader) -> None:
    """Open an encrypted PDF that has no user password (only permissions); refuse others."""
    if not reader.is_encrypted:
        return
    from pypdf import PasswordType

    if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise ReadError(ENCRYPTED)


def _page_text(page) -> str:
    try:
        return page.extract_text() or ""
    except _errors().LimitReachedError:
        raise ReadError(BOMB) from None
    except _errors().DependencyError:
        raise ReadError(NEEDS_CRYPTOGRAPHY) from None
    except Exception:  # one damaged page should not lose the others
        return ""


def _page_lines(reader) -> list[list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [_page_text(page).splitlines() for page in reader.pages]


def _text_chars(lines: list[str]) -> int:
    return sum(len("".join(line.split())) for line in lines if not is_page_number(line.strip()))


def _empty_pages_warning(pages: list[list[str]]) -> Optional[str]:
    empty = [number for number, lines in enumerate(pages, 1) if _text_chars(lines) < MIN_PDF_CHARS_ON_A_PAGE]
    if not empty:
        return None
    shown = _page_list(empty)
    return f'第 {shown}没有文字层（可能是扫描页或图片），其内容未读取：安装 OCR 扩展后即可识别（pip install "huigu[ocr]"）'


def _page_list(numbers: list[int]) -> str:
    """"3、5 页" or "1、2、3 … 等 12 页" """
    return "、".join(map(str, numbers[:10])) + (f" 等 {len(numbers)} 页" if len(numbers) > 10 else " 页")


# -- metadata -----------------------------------------------------------------------------


def _clean_title(raw: object) -> Optional[str]:
    title = " ".join(str(raw or "").split())
    title = _FILE_SUFFIX.sub("", _WORD_TITLE_PREFIX.sub("", title)).strip()
    if not title or title.lower() in _PLACEHOLDER_TITLES:
        return None
    return title


def _metadata_hints(reader) -> dict[str, str]:
    try:
        metadata = reader.metadata or {}
        title = _clean_title(metadata.get("/Title"))
    except Exception:  # broken metadata is no reason to lose the text
        return {}
    # no /CreationDate: the day a file was made is no date of the report (a date comes from the text)
    return {"title": title} if title else {}


# -- the reader -------------------------------------------------------------------------


def read_pdf(path: Path) -> SourceText:
    data = load_bytes(path, MAX_PDF_BYTES)
    reader = _open(data)
    pages = _page_lines(reader)
    scanned = sum(_text_chars(lines) for lines in pages) < MIN_PDF_CHARS_PER_PAGE * len(pages)
    empty = [number for number, lines in enumerate(pages, 1) if _text_chars(lines) < MIN_PDF_CHARS_ON_A_PAGE]
    if scanned or empty:
        from . import ocr

        if ocr.available():
            return _with_ocr(path, data, reader, pages, empty if not scanned else list(range(1, len(pages) + 1)))
        if scanned:
            raise ReadError(SCANNED)
    paragraphs = join_paged_paragraphs(pages)
    notes = [note for note in (_empty_pages_warning(pages),) if note]
    return SourceText(
        path=str(path),
        format="pdf",
        lines=[text for text, _ in paragraphs],
        unit="段",
        hints=_metadata_hints(reader),
        warnings=notes,
        pages=[span for _, span in paragraphs],
    )


def _with_ocr(path: Path, data: bytes, reader, pages: list[list[str]], scanned: list[int]) -> SourceText:
    """A PDF with pages that have no text layer: those pages through OCR, the others as text."""
    from . import ocr

    recognised = ocr.recognise_pdf_pages(data, scanned)
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    confidence: list[Optional[float]] = []
    text_run: list[list[str]] = []  # consecutive text-layer pages, joined together
    first_of_run = 1

    def flush_text() -> None:
        for text, (a, b) in join_paged_paragraphs(text_run):
            lines.append(text)
            spans.append((a + first_of_run - 1, b + first_of_run - 1))
            confidence.append(None)
        text_run.clear()

    for number, page_lines in enumerate(pages, 1):
        if number not in recognised:
            if not text_run:
                first_of_run = number
            text_run.append(page_lines)
            continue
        flush_text()
        for text, score in recognised[number].paragraphs:
            lines.append(text)
            spans.append((number, number))
            confidence.append(score)
    flush_text()
    if not any(line.strip() for line in lines):
        raise ReadError(SCANNED_BLANK)
    what = "全部页面没有文字层，" if len(scanned) == len(pages) else f"第 {_page_list(scanned)}没有文字层，"
    notes = [ocr.ocr_note(what, confidence)]
    return SourceText(path=str(path), format="pdf", lines=lines, unit="段", hints=_metadata_hints(reader),
                      warnings=[n for n in notes if n], pages=spans, ocr_confidence=confidence)
