"""Unfinished text: what a report still carries from its template or its scanner.

* ``placeholder`` — template blanks left in: 走访企业X家, 资金X元, 增长XX%, 某某, ＿＿;
* ``ocr`` — characters lost in conversion: 2()余项, 90（）个, 一对空括号;
* ``future_date`` — a date later than the document's own issue date, outside its plan
  (a review cannot report what has not happened yet).

Each finding keeps the passage it was found in, so it can be cited and shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from huigu.lexicon.departments import department_matches
from huigu.text.cite import source_label

PLACEHOLDER_RE = re.compile(
    r"(?<![A-Za-z])(?:[XxＸｘ×]{1,4}|[Xx]+[Xx])(?=\s*(?:[%％‰]|[家元个人项次名所座户条万亿千百场篇件栋套台辆亩吨期批处天年月日号届]|"
    r"平方|公里|米|小时|分|倍|等))"
    r"|(?<![A-Za-z])[XxＸ]{2,}(?![A-Za-z])"
    r"|某某|[＿_]{2,}|(?<![一二三四五六七八九十〇○零])(?:〇〇|○○)(?![一二三四五六七八九十〇○零年])|（\s*待[定补填]\s*）|【\s*待[定补填][^】]{0,6}】|\[\s*待[定补填]\s*\]")
OCR_RE = re.compile(r"\d\s*[（(]\s*[）)]|[（(]\s*[）)]\s*(?=[余多个项家人次])|(?<=[\u4e00-\u9fff])[（(]\s*[）)](?=[\u4e00-\u9fff])")
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_FORWARD_NEAR_RE = re.compile(r"[，,]?(?:前|底前|以前|之前|起|开始|期间|为止|以来|底|末|[^。；]{0,6}(?:将|要|即将|还有|拟))")
_FORWARD_BEFORE_RE = re.compile(r"(?:将|计划|预计|拟|力争|争取|到|至|截至|截止|要|确保|预期|定于|于|离|距|距离)\s*$")
_DONE_AFTER_RE = re.compile(r"[^。；]{0,12}(?:完成|建成|举办|召开|通过|出台|实现|开通|投入使用|竣工|印发)")

KIND_LABELS = {"placeholder": "模板占位符", "ocr": "识别错误", "future_date": "日期晚于成文日期"}


@dataclass
class Finding:
    kind: str  # placeholder | ocr | future_date
    text: str  # what was found
    excerpt: str  # the words around it
    message: str  # one line in Chinese
    passage: dict = field(repr=False, default_factory=dict)

    def to_dict(self) -> dict:
        doc = self.passage.get("doc") or {}
        return {"kind": self.kind, "kind_label": KIND_LABELS[self.kind], "text": self.text, "excerpt": self.excerpt,
                "message": self.message, "passage_id": self.passage.get("id"),
                "citation": {"label": self.passage.get("label", ""), "source": doc.get("source"),
                             "line_start": self.passage.get("line_start"), "line_end": self.passage.get("line_end"),
                             "where": source_label(doc, self.passage) if doc else ""}}


@dataclass
class DocumentFindings:
    doc: dict
    findings: list[Finding]

    def to_dict(self) -> dict:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        return {"doc_id": self.doc["id"], "title": self.doc.get("title"), "department": self.doc.get("department"),
                "source": self.doc.get("source"), "part": self.doc.get("part", 1), "date": self.doc.get("date"),
                "counts": counts, "findings": [f.to_dict() for f in self.findings]}


def _excerpt(text: str, start: int, end: int, width: int = 14) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:start] + "【" + text[start:end] + "】" + text[end:b] + ("…" if b < len(text) else "")


def _issue_date(doc: dict) -> date | None:
    value = doc.get("date") or ""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def lint_passages(doc: dict, passages: list[dict]) -> list[Finding]:
    """Findings in one document's passages (stored data dicts, in order)."""
    findings: list[Finding] = []
    issued = _issue_date(doc)
    for passage in passages:
        text = passage.get("text", "")
        for match in PLACEHOLDER_RE.finditer(text):
            found = match.group(0).strip()
            findings.append(Finding("placeholder", found, _excerpt(text, *match.span()),
                                    f"模板占位符“{found}”没有替换成实际内容", passage))
        for match in OCR_RE.finditer(text):
            found = match.group(0)
            findings.append(Finding("ocr", found, _excerpt(text, *match.span()),
                                    f"“{found}”疑为识别或转换错误（括号内的字丢失）", passage))
        if issued is None or passage.get("kind") == "plan":
            continue
        reviewing = passage.get("kind") in ("review", "problem")
        for match in _DATE_RE.finditer(text):
            year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
            if not 1 <= month <= 12:
                continue
            try:
                when = date(year, month, int(day)) if day else date(year, month, 1)
            except ValueError:
                continue
            later = when > issued if day else (year, month) > (issued.year, issued.month)
            if not later:
                continue
            before = text[max(0, match.start() - 4):match.start()]
            if _FORWARD_NEAR_RE.match(text[match.end():match.end() + 10]) or _FORWARD_BEFORE_RE.search(before):
                continue  # a deadline or a plan (力争2025年6月底前…), not a reported event
            if not reviewing and not _DONE_AFTER_RE.match(text[match.end():match.end() + 14]):
                continue  # outside the review, only a date reported as done (…2025年5月建成) counts
            found = match.group(0)
            findings.append(Finding("future_date", found, _excerpt(text, *match.span()),
                                    f"日期“{found}”晚于成文日期 {doc.get('date')}", passage))
    return findings


def lint_index(store, department: str | None = None, years: tuple[int, int] | None = None) -> list[DocumentFindings]:
    """Findings per document of the knowledge base (documents without findings are left out)."""
    out = []
    for doc in store.documents():
        if department and not department_matches(doc, department):
            continue
        if years and not (doc.get("year") and years[0] <= doc["year"] <= years[1]):
            continue
        passages = store.passages_of(doc["id"])
        findings = lint_passages(doc, passages)
        if findings:
            out.append(DocumentFindings(doc, findings))
    return out
