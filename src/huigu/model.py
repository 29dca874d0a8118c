"""The plain records that flow through the pipeline.

files ─► read ─► split ─► clean ─► describe ─► outline ─► passages ─► tag ─► store

Every stage is a function over these dataclasses, so each can be tested alone.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, asdict
from typing import Optional, TypedDict

from huigu.errors import HuiguError, ReadError  # noqa: F401 (re-exported)




@dataclass
class SourceText:
    """What a reader extracts from one file.

    ``lines`` are the file's own units: for .txt/.md the lines of the file (line 1 is
    ``lines[0]``); for .docx/.html/.pdf the paragraphs of the extracted text.  ``unit``
    says which, so a citation can say "行" or "段".

    Paged formats (PDF, OFD, scanned images) also say on which pages each line lies
    (``pages[i]`` = (first, last) page of ``lines[i]``, 1-based); text recognised by OCR
    carries its recognition confidence (``ocr_confidence[i]``, 0–1; None for a line
    that came from a text layer).  Both lists are empty when they do not apply.
    """

    path: str
    format: str  # txt | md | docx | html | pdf | doc | wps | rtf | odt | ofd | image
    lines: list[str]
    unit: str = "行"  # "行" = line of the file, "段" = paragraph of the extracted text
    encoding: Optional[str] = None
    hints: dict[str, str] = field(default_factory=dict)  # title, date, site, source … found by the reader
    warnings: list[str] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)
    ocr_confidence: list[Optional[float]] = field(default_factory=list)


@dataclass
class Span:
    """A run of cleaned text that came from one source line (1-based)."""

    start: int  # offset in the cleaned text
    end: int
    line: int


@dataclass
class CleanText:
    """Cleaned text of one document plus the map back to source lines.

    ``paragraphs`` are (start, end) offsets of paragraphs in ``text`` (joined by "\\n").
    ``spans`` map every cleaned character to the source line it came from.
    ``line_pages`` and ``line_ocr`` are the reader's ``pages`` and ``ocr_confidence``
    keyed by source line number (empty for formats without pages or OCR).
    """

    text: str
    paragraphs: list[tuple[int, int]]
    spans: list[Span]
    line_pages: dict[int, tuple[int, int]] = field(default_factory=dict)
    line_ocr: dict[int, Optional[float]] = field(default_factory=dict)

    def pages_of(self, start: int, end: int) -> tuple[Optional[int], Optional[int]]:
        """Pages (first, last) covering cleaned offsets [start, end), or (None, None)."""
        if not self.line_pages:
            return None, None
        first, last = self.lines_of(start, end)
        pages = [self.line_pages[line] for line in range(first, last + 1) if line in self.line_pages]
        if not pages:
            return None, None
        return min(p[0] for p in pages), max(p[1] for p in pages)

    def ocr_of(self, start: int, end: int) -> tuple[bool, Optional[float]]:
        """Was any of [start, end) recognised by OCR, and the lowest confidence there."""
        if not self.line_ocr:
            return False, None
        first, last = self.lines_of(start, end)
        scores = [self.line_ocr[line] for line in range(first, last + 1) if self.line_ocr.get(line) is not None]
        return (True, min(scores)) if scores else (False, None)

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """Source line range (first, last) covering cleaned offsets [start, end)."""
        if not self.spans:
            return 1, 1
        ends = [span.end for span in self.spans]  # spans are in text order
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(ends, end)
        if first >= len(self.spans) or self.spans[first].start >= end:
            # an empty range: the nearest span that starts before it
            prior = max(0, bisect.bisect_right([span.start for span in self.spans], start) - 1)
            return self.spans[prior].line, self.spans[prior].line
        last = min(last, len(self.spans) - 1)
        return self.spans[first].line, self.spans[last].line


@dataclass
class Document:
    id: str
    source: str  # path relative to the ingest root, as found
    part: int  # 1-based, reading order within the file
    format: str
    encoding: Optional[str]
    unit: str
    title: str = ""
    department: str = ""  # full name: 泉州市科学技术局
    department_short: str = ""  # 科技局
    region: str = ""
    year: Optional[int] = None
    review_year: Optional[int] = None
    plan_year: Optional[int] = None
    period: str = ""  # 全年 | 上半年 | 下半年 | 季度 | ""
    doc_type: str = ""  # 工作总结 | 工作计划 | 工作思路 | 政府工作报告 | 意识形态工作报告 | 通知 …
    doc_number: str = ""  # 文号 泉科〔2024〕34号
    date: str = ""  # ISO date of issue, 2024-03-29
    provenance: dict[str, str] = field(default_factory=dict)  # field -> source
    warnings: list[str] = field(default_factory=list)
    abbreviations: list[list[str]] = field(default_factory=list)  # [short, full] the text defines (以下简称…)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Section:
    heading: str  # heading text as written (一、2023年工作总结)
    level: int  # 1 = 一、  2 = （一）  3 = 1.  4 = （1）  5 = 一是
    number: str  # the numbering token: 一、 / （三） / 2.
    path: list[str]  # numbering tokens from the top: ["二、", "（三）"]
    titles: list[str]  # heading texts from the top
    kind: str  # review | problem | plan | other
    about_year: Optional[int]
    start: int  # offset of the heading in the cleaned text
    end: int  # offset where the section (with its subsections) ends


@dataclass
class Passage:
    id: str  # f"{doc_id}.{seq + 1}", e.g. 04774c1a-1.19
    doc_id: str
    seq: int  # order within the document, 0-based
    text: str  # exactly the cleaned text between start and end
    start: int
    end: int
    section_path: list[str]  # numbering tokens ["二、", "（三）"]
    section_titles: list[str]  # heading texts
    paragraph: int  # 1-based paragraph number within its (innermost) section
    piece: int  # a long paragraph is cut at sentence ends: which piece (1-based) …
    pieces: int  # … of how many
    line_start: int
    line_end: int
    kind: str = "other"  # review | problem | plan | other
    about_year: Optional[int] = None
    is_heading: bool = False
    topics: list[str] = field(default_factory=list)
    page_start: Optional[int] = None  # paged formats (PDF, OFD, scans): the pages the passage lies on
    page_end: Optional[int] = None
    ocr: bool = False  # the text was recognised by OCR from a scan …
    ocr_confidence: Optional[float] = None  # … with this lowest recognition confidence (0–1)

    def to_dict(self) -> dict:
        return asdict(self)


# ── the shapes stored for every passage ──────────────────────────────────────
# A store keeps a passage as one JSON-able dict (the same in every backend, and
# what the JSON API returns): the Passage's fields, a summary of its document and the
# citation label.  These describe it for readers and type checkers.

DOC_SUMMARY_FIELDS = ("id", "title", "department", "department_short", "year", "doc_type", "period", "source",
                      "part", "doc_number", "date", "unit", "review_year", "plan_year")


class DocSummary(TypedDict, total=False):
    id: str
    title: str
    department: str
    department_short: str
    year: Optional[int]
    doc_type: str
    period: str
    source: str
    part: int
    doc_number: str
    date: str
    unit: str  # 行 | 段
    review_year: Optional[int]
    plan_year: Optional[int]


class PassageData(TypedDict, total=False):
    """``Passage.to_dict()`` plus ``doc`` (DocSummary), ``label`` (the citation) and
    ``dup`` (a hash of its match key: identical passages fold by it)."""

    id: str
    doc_id: str
    seq: int
    text: str
    section_path: list[str]
    section_titles: list[str]
    paragraph: int
    piece: int
    pieces: int
    line_start: int
    line_end: int
    kind: str
    about_year: Optional[int]
    topics: list[str]
    page_start: Optional[int]  # PDF / OFD / scans
    page_end: Optional[int]
    ocr: bool
    ocr_confidence: Optional[float]
    doc: DocSummary
    label: str
    dup: str


def doc_summary(document: dict) -> DocSummary:
    """The part of a document's data every one of its passages carries."""
    return {name: document.get(name) for name in DOC_SUMMARY_FIELDS}
