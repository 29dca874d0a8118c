"""Where a passage holds what was searched for, and a window of it with the matches marked.

Matching ignores case, whitespace and punctuation (a query for 科技特派员 marks 科技
特派员 across a line break); the marks are the caller's (【】 in a terminal without
colour, ANSI colour, <b> in JSON, <mark> on the page after escaping).
"""
from __future__ import annotations

import re

from huigu.text.normalize import match_key

SNIPPET_CHARS = 110


_DIGIT = "0-9０-９"
_NUMBER_PART_RE = re.compile(rf"[{_DIGIT}]|[.．,，][{_DIGIT}]")


def whole_numbers(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened so that it cuts no number (失业率5.5%, not 失业率5|.5%)."""
    def in_number(i: int) -> bool:
        return 0 <= i < len(text) and (text[i] in "0123456789０１２３４５６７８９" or (
            text[i] in ".．,，" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()))

    if start < end and in_number(start):
        while in_number(start - 1):
            start -= 1
    if start < end and in_number(end - 1):
        while in_number(end):
            end += 1
        if end < len(text) and text[end] in "%％‰":
            end += 1
    return start, end


def match_spans(text: str, needles: list[str], accept=None) -> list[tuple[int, int]]:
    """Character spans of ``text`` where any needle occurs (ignoring case, spaces and punctuation).
    A span never cuts a number; ``accept(text, start, end)`` may refuse a span (one that
    crosses a word boundary, 提高企业 for 高企)."""
    spans = []
    lowered = text.lower()
    for needle in sorted({n.lower() for n in needles if n}, key=len, reverse=True):
        pattern = _loose_pattern(needle)
        if pattern is None:
            continue
        for match in pattern.finditer(lowered):
            if accept is None or accept(text, *match.span()):
                spans.append(whole_numbers(text, *match.span()))
    return merge_spans(spans)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans as one, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _loose_pattern(needle: str):
    chars = [re.escape(c) for c in match_key(needle)]
    if not chars:
        return None
    return re.compile(r"[\s\W_]*".join(chars))


def snippet(text: str, needles: list[str], width: int = SNIPPET_CHARS, mark=("【", "】"), spans=None) -> str:
    """A window of ``text`` around the first match, with matches marked (``spans``: the
    matches already found, e.g. by search with the knowledge base's word boundaries)."""
    text = text.replace("\n", " ")
    spans = match_spans(text, needles) if spans is None else spans
    start = 0
    if spans and spans[0][0] > width // 3:
        start = spans[0][0] - width // 3
    end = min(len(text), start + width)
    window_spans = [(max(a, start), min(b, end)) for a, b in spans if b > start and a < end]
    out, position = [], start
    for a, b in window_spans:
        out.append(text[position:a])
        out.append(mark[0] + text[a:b] + mark[1])
        position = b
    out.append(text[position:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out) + suffix
