"""Cut a described document into passages: the quotable units a search returns.

A passage is a paragraph or a numbered item; a long paragraph is cut at sentence ends
into pieces of roughly MIN_CHARS–MAX_CHARS characters; short neighbours in the same
section are joined.  Headings that stand alone are not passages (their words are kept
with every passage below them).
"""
from __future__ import annotations

import re
from typing import Optional

from huigu.ingest.outline import section_at
from huigu.model import CleanText, Passage, Section
MIN_CHARS = 80
MAX_CHARS = 400
_SENTENCE_END_RE = re.compile(r"[。！？；!?;](?:[”’」』）)])?")
_SOFT_BREAK_RE = re.compile(r"[，、,：:]")


def _cut_points(clean: CleanText, sections: list[Section]) -> list[tuple[int, int]]:
    """Segments: paragraphs, further cut where an inline heading starts."""
    starts = sorted({s.start for s in sections})
    segments = []
    for para_start, para_end in clean.paragraphs:
        cuts = [para_start] + [s for s in starts if para_start < s < para_end] + [para_end]
        segments.extend((a, b) for a, b in zip(cuts, cuts[1:]) if b > a)
    return segments


def _is_heading_only(clean: CleanText, start: int, end: int, section: Optional[Section]) -> bool:
    """A heading standing alone ("（一）筑牢理想信念"): no sentence in it, only the heading."""
    if section is None or section.start != start:
        return False
    text = clean.text[start:end].strip()
    return len(text) <= len(section.heading) + 1 and not re.search(r"[。！？；!?;]", text)


def split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut [start, end) of ``text`` at sentence ends into pieces of at most MAX_CHARS."""
    pieces = []
    position = start
    while end - position > MAX_CHARS:
        window = text[position:position + MAX_CHARS]
        ends = [m.end() for m in _SENTENCE_END_RE.finditer(window) if m.end() >= MIN_CHARS]
        if not ends:
            ends = [m.end() for m in _SOFT_BREAK_RE.finditer(window) if m.end() >= MIN_CHARS]
        cut = position + (ends[-1] if ends else MAX_CHARS)
        # do not leave a tiny tail
        if end - cut < MIN_CHARS // 2 and end - position <= MAX_CHARS + MIN_CHARS:
            break
        pieces.append((position, cut))
        position = cut
    pieces.append((position, end))
    return pieces


def make_passages(doc_id: str, clean: CleanText, sections: list[Section]) -> list[Passage]:
    units: list[dict] = []
    paragraph_counter: dict[int, int] = {}
    previous_para = None
    for start, end in _cut_points(clean, sections):
        section = section_at(sections, start)
        if _is_heading_only(clean, start, end, section):
            continue
        key = id(section) if section else -1
        para_start = next(a for a, b in clean.paragraphs if a <= start < b)
        if para_start != previous_para or (section and section.start == start):
            paragraph_counter[key] = paragraph_counter.get(key, 0) + 1
        previous_para = para_start
        number = paragraph_counter[key]
        pieces = split_long(clean.text, start, end)
        for index, (a, b) in enumerate(pieces, 1):
            units.append({"start": a, "end": b, "section": section, "paragraph": number,
                          "piece": index, "pieces": len(pieces)})
    units = _join_short(clean.text, units)
    passages = []
    for seq, unit in enumerate(units):
        section = unit["section"]
        line_start, line_end = clean.lines_of(unit["start"], unit["end"])
        page_start, page_end = clean.pages_of(unit["start"], unit["end"])
        ocr, ocr_confidence = clean.ocr_of(unit["start"], unit["end"])
        passages.append(Passage(
            id=f"{doc_id}.{seq + 1}",
            doc_id=doc_id,
            seq=seq,
            text=clean.text[unit["start"]:unit["end"]],
            start=unit["start"],
            end=unit["end"],
            section_path=list(section.path) if section else [],
            section_titles=list(section.titles) if section else [],
            paragraph=unit["paragraph"],
            piece=unit["piece"],
            pieces=unit["pieces"],
            line_start=line_start,
            line_end=line_end,
            kind=section.kind if section else "other",
            about_year=section.about_year if section else None,
            page_start=page_start,
            page_end=page_end,
            ocr=ocr,
            ocr_confidence=round(ocr_confidence, 3) if ocr_confidence is not None else None,
        ))
    return passages


def _join_short(text: str, units: list[dict]) -> list[dict]:
    """Join a short unit to the next one of the same section when the result stays short."""
    joined: list[dict] = []
    for unit in units:
        if joined:
            last = joined[-1]
            same_section = last["section"] is unit["section"]
            last_len = last["end"] - last["start"]
            if same_section and last_len < MIN_CHARS and unit["end"] - last["start"] <= MAX_CHARS \
                    and last["pieces"] == 1 and unit["pieces"] == 1:
                last["end"] = unit["end"]
                continue
        joined.append(dict(unit))
    return joined
