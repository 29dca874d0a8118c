"""One file's cleaned text → the documents it holds.

A dump may hold several reports: "第一篇 … 第三篇" markers, or a second report title
after a long body.  A notice (通知) that wraps a report stays one document with it.
"""
from __future__ import annotations

import re

from huigu.ingest.clean import slice_clean
from huigu.model import CleanText
_PART_MARKER_RE = re.compile(r"(?:(?<=\n)|(?<=[。；！？]))第[一二三四五六七八九十\d]{1,3}篇")
_REPORT_TITLE_RE = re.compile(
    r"(?:工作总结|工作计划|工作思路|工作要点|工作报告|工作打算|述职报告|工作安排|意识形态工作)"
)
# Body this long before a new title means the title starts a new document.
MIN_BODY_BEFORE_TITLE = 800
MAX_TITLE_CHARS = 60


_ANNEX_RE = re.compile(r"注释|名词解释|附件|附表|说明$|^《")


def _is_title_paragraph(text: str) -> bool:
    return (
        not _ANNEX_RE.search(text)
        and
        len(text) <= MAX_TITLE_CHARS
        and "。" not in text
        and "，" not in text
        and bool(_REPORT_TITLE_RE.search(text))
        and not re.match(r"^[一二三四五六七八九十（(\d]", text)
    )


def document_starts(clean: CleanText) -> list[int]:
    """Offsets in ``clean.text`` where a document begins (always includes 0)."""
    starts = {0}
    for match in _PART_MARKER_RE.finditer(clean.text):
        if match.start() > 0:
            starts.add(match.start())
    last = 0
    for start, end in clean.paragraphs:
        if start - last >= MIN_BODY_BEFORE_TITLE and _is_title_paragraph(clean.text[start:end]):
            starts.add(start)
            last = start
        for marker in sorted(s for s in starts if s <= start):
            last = max(last, marker)
    return sorted(starts)


def split_documents(clean: CleanText) -> list[CleanText]:
    """The documents of a file, in reading order (at least one)."""
    starts = document_starts(clean)
    bounds = list(zip(starts, starts[1:] + [len(clean.text)]))
    parts = [slice_clean(clean, a, b) for a, b in bounds]
    return [part for part in parts if part.text.strip()] or [clean]
