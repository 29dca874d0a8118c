"""Find the heading tree of a cleaned document: 一、 / （一） / 1. / （1） / 一是 …

Headings are found at the start of paragraphs and, in files with no line breaks, inline
after a sentence end.  A numbering style's level is the order in which the styles first
appear (a document that starts at （一） has （一） on top), and numbers must run in
sequence, so "一、二季度" or a stray "3." in running text is not taken for a heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from huigu.lexicon.tables import section_kind_words
from huigu.model import Section
from huigu.text.numerals import arabic_years, cn_number
_MARKERS = [
    # not "一、二季度" / "一、二、三产业"; but "一、一年来工作回顾" and "一、一九八九年…" are headings
    ("cn、", re.compile(r"[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十]{1,2}(?:[季月等级类期批档]|、|和|至))")),
    ("(cn)", re.compile(r"（[一二三四五六七八九十]{1,3}）")),
    ("n.", re.compile(r"\d{1,2}[.、](?![\d.%])")),
    ("(n)", re.compile(r"（\d{1,2}）")),
    ("cn是", re.compile(r"[一二三四五六七八九十]{1,2}是(?![否非])")),
    ("circled", re.compile(r"[①-⑳]")),
]
_SENTENCE_END = "。；！？：;:!?"
_TITLE_STOP_RE = re.compile(r"[。；！？;!?\n]")
MAX_TITLE_CHARS = 60
CLASSIFY_CHARS = 24
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|\s*-)")


def _number_of(style: str, token: str) -> Optional[int]:
    core = token.strip("（）、.是").rstrip("、.")
    if style == "cn是":
        core = token[:-1]
    return cn_number(core)


@dataclass
class _Candidate:
    position: int
    style: str
    token: str
    number: int
    at_paragraph_start: bool


_PLAIN_HEADING_RE = re.compile(r"^[^。；！？，：:,;!?（）()]{4,24}$")
_PLAIN_EXTRA = ("名词解释", "附件", "附表", "名词注释")
_TITLE_WORDS_RE = re.compile(r"工作报告|工作总结$|工作思路$|工作计划$|工作要点$")


def _plain_headings(text: str) -> list[_Candidate]:
    """Unnumbered headings standing alone ("2024年工作回顾", "2025年工作安排建议", "名词解释")."""
    found = []
    position = 0
    for index, line in enumerate(text.split("\n")):
        start = position
        position += len(line) + 1
        if index < 2 or not _PLAIN_HEADING_RE.match(line) or _TITLE_WORDS_RE.search(line):
            continue
        if any(pattern.match(line) for _, pattern in _MARKERS) or line.startswith("第"):
            continue
        is_kind = classify_heading(line, 1, "other") != "other" and re.search(r"工作|目标|任务|问题|困难|打算|回顾|成效", line)
        if is_kind or line.strip() in _PLAIN_EXTRA:
            found.append(_Candidate(start, "plain", "", 1, True))
    return found


def _candidates(text: str) -> list[_Candidate]:
    found = _plain_headings(text)
    for style, pattern in _MARKERS:
        for match in pattern.finditer(text):
            pos = match.start()
            before = text[pos - 1] if pos > 0 else "\n"
            at_start = before == "\n"
            inline_ok = before in _SENTENCE_END or (style == "(cn)")
            if not (at_start or inline_ok):
                continue
            number = _number_of(style, match.group(0))
            if number is None or number > 30:
                continue
            found.append(_Candidate(pos, style, match.group(0), number, at_start))
    found.sort(key=lambda c: c.position)
    return found


def _title_after(text: str, start: int, limit: int) -> str:
    stop = _TITLE_STOP_RE.search(text, start, min(limit, start + 400))
    end = stop.start() if stop else min(limit, start + MAX_TITLE_CHARS)
    title = text[start:end]
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS]
    return title


def heading_year(title: str) -> Optional[int]:
    """The year a heading names, in digits or in Chinese (二、一九九○年的国内工作 → 1990)."""
    match = _YEAR_RE.search(arabic_years(title))
    return int(match.group(1)) if match else None


_FIVE_YEAR_NAME_RE = re.compile(r"第[一二三四五六七八九十]+个五年计划|“?[一二三四五六七八九十]{1,3}五”?计划")


def classify_heading(title: str, level: int, inherited: str) -> str:
    """review | problem | plan | other, from the heading's words; deeper levels inherit
    unless their words say so strongly."""
    words = section_kind_words()
    if level > 1:
        title = title[:CLASSIFY_CHARS]  # an inline heading may run into its body text
    table = words["top"] if level == 1 or inherited == "other" else words["strong"]
    hits = {kind for kind, keys in table.items() if any(k in title for k in keys)}
    if "problem" in hits:
        return "problem"
    if re.search(r"执行情况|完成情况|落实情况|工作回顾", title):
        return "review"  # "一、1990年计划的执行情况" reviews a plan
    if "plan" in hits and "review" in hits:
        if not any(k in _FIVE_YEAR_NAME_RE.sub("", title) for k in table["plan"]):
            # "第一个五年计划时期内和第二个五年计划的第一年——一九五八年的伟大成就": the 计划 is a period's name
            return "review"
        # "2023年工作总结和2024年工作计划": whichever comes first in the heading
        first = min(
            ((title.find(k), kind) for kind in ("plan", "review") for k in table[kind] if k in title),
            key=lambda pair: pair[0],
        )
        return first[1]
    if hits:
        return hits.pop()
    return inherited


def build_outline(text: str, doc_year: Optional[int] = None) -> list[Section]:
    """Sections of ``text`` in order, each with its path, kind and end."""
    stack: list[dict] = []  # open headings: style, number, section index
    sections: list[Section] = []
    candidates = _candidates(text)
    for index, cand in enumerate(candidates):
        styles = [entry["style"] for entry in stack]
        if cand.style == "plain":
            # an unnumbered heading standing alone is always on top
            for entry in stack:
                sections[entry["index"]].end = cand.position
            stack.clear()
        elif cand.style in styles:
            depth = styles.index(cand.style)
            previous = stack[depth]["number"]
            in_sequence = cand.number == previous + 1
            if not in_sequence and not (cand.at_paragraph_start and cand.number in (1, previous + 2)):
                continue
            if not in_sequence and cand.number == 1 and not cand.at_paragraph_start:
                continue
            for entry in stack[depth:]:
                sections[entry["index"]].end = cand.position
            del stack[depth:]
        else:
            if cand.number != 1 and not (cand.at_paragraph_start and cand.style in ("cn、", "(cn)")):
                continue
            if cand.style == "cn是" and not stack and cand.number != 1:
                continue
        next_pos = candidates[index + 1].position if index + 1 < len(candidates) else len(text)
        title = _title_after(text, cand.position + len(cand.token), next_pos)
        level = len(stack) + 1
        parent = sections[stack[-1]["index"]] if stack else None
        inherited = parent.kind if parent else "other"
        kind = classify_heading(title, level, inherited)
        year = heading_year(title)
        about_year = year if year else (parent.about_year if parent else None)
        sections.append(
            Section(
                heading=cand.token + title,
                level=level,
                number=cand.token,
                path=(parent.path if parent else []) + [f"【{title}】" if cand.style == "plain" else _display_token(cand.token)],
                titles=(parent.titles if parent else []) + [title],
                kind=kind,
                about_year=about_year,
                start=cand.position,
                end=len(text),
            )
        )
        stack.append({"style": cand.style, "number": cand.number, "index": len(sections) - 1})
    return sections


def _display_token(token: str) -> str:
    """The numbering token as a citation shows it: 一、 （三） 2. （1） 一是."""
    if token[0].isdigit():
        return token.rstrip("、.") + "."
    return token


def section_at(sections: list[Section], position: int) -> Optional[Section]:
    """The innermost section that contains ``position``."""
    best = None
    for section in sections:
        if section.start <= position < section.end:
            if best is None or section.level > best.level:
                best = section
        elif section.start > position:
            break
    return best
