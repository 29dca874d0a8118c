"""Ranking: how many of the query's concepts a passage really holds first, then BM25F
adjusted by named weights (reports before other material, the years and the office the
query names, concepts in headings).  ``docs/architecture.md`` describes the order."""
from __future__ import annotations

from huigu.lexicon.doctypes import REPORT_TYPES
from huigu.text.normalize import match_key
from huigu.text.numerals import year_spellings

NOT_A_REPORT_FACTOR = 0.5  # laws and other material stay searchable, but a report comes first
# a year named in the query ("2019年…"): the passage is about that year …
ABOUT_THE_YEAR = 1.6
ABOUT_THE_YEAR_PLAN = 1.3  # … as a plan (a question's year mostly asks what happened then)
REVIEW_OF_THE_YEAR_NAMED = 1.5  # the document reviews that year and the passage names it
REVIEW_OF_THE_YEAR = 1.3  # the document reviews that year
NAMES_THE_YEAR = 1.3  # the passage writes the year (二〇一九 too)
DOCUMENT_OF_THE_YEAR = 1.2  # the document is of that year
OTHER_YEAR = 0.6
OWN_OFFICE = 1.8  # an office named among the query's words: its documents …
OTHER_OFFICE = 0.5  # … and everyone else's
IN_HEADING = 0.15  # each concept in a section or document title adds this share


def holds(haystack_key: str, concept) -> bool:
    return any(key in haystack_key for key in concept.keys)


def coverage(hit, concepts) -> int:
    """How many of the query's concepts the passage (or its headings) really holds."""
    haystack = hit.key + hit.titles_key
    return sum(1 for c in concepts if holds(haystack, c))


def exact_concepts_hold(hit, concepts) -> bool:
    """A quoted phrase must stand in the passage text itself, as typed."""
    return all(holds(hit.key, c) for c in concepts if c.exact)


def is_report(data: dict) -> bool:
    return data["doc"].get("doc_type") in REPORT_TYPES


def year_factor(data: dict, years: set[int]) -> float:
    """A year named in the query ("2019年…目标") favours passages about that year."""
    doc = data["doc"]
    if data.get("about_year") in years:
        # "目标" in the query brings plans forward through coverage
        return ABOUT_THE_YEAR_PLAN if data.get("kind") == "plan" else ABOUT_THE_YEAR
    text = data["text"]
    named = any(spelling in text for y in years for spelling in year_spellings(y))
    if doc.get("review_year") in years and data.get("kind") in ("review", "other"):
        return REVIEW_OF_THE_YEAR_NAMED if named else REVIEW_OF_THE_YEAR
    if named:
        return NAMES_THE_YEAR
    if doc.get("year") in years:
        return DOCUMENT_OF_THE_YEAR
    return OTHER_YEAR


def adjusted_score(hit, plan) -> float:
    score = hit.score
    data = hit.data
    if not is_report(data):
        score *= NOT_A_REPORT_FACTOR
    if plan.years:
        score *= year_factor(data, set(plan.years))
    if plan.departments:
        doc = data["doc"]
        own = any(name in (doc.get("department") or "") or name == doc.get("department_short")
                  for name in plan.departments)
        score *= OWN_OFFICE if own else OTHER_OFFICE
    headings = hit.titles_key + match_key(data["doc"].get("title", ""))
    in_headings = sum(1 for c in plan.concepts if holds(headings, c))
    return score * (1 + IN_HEADING * in_headings)


def order_key(hit) -> tuple:
    """More of the query first; at equal coverage, reports before other material (laws…)."""
    return (-hit.coverage, not is_report(hit.data), -hit.score)
