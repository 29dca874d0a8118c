"""Search the knowledge base: ranked passages with citations, filters, facets and
duplicate grouping.

``search(store, text, filters, limit)`` parses the query (``syntax``), segments it
against the store's vocabulary (``vocabulary``), plans the concepts and query trees
(``plan``), fetches candidates through the Store protocol, checks and ranks them
(``rank``), folds copies (``group``) and counts facets (``facets``).  It never loads
jieba and never names a backend.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from huigu.search.facets import facets as count_facets
from huigu.search.filters import Filters
from huigu.search.group import group
from huigu.search.plan import REPORTS_ONLY, Concept, Plan, department_query, filter_query, plan_query
from huigu.search.question import Question, read_question, reading_of
from huigu.search.rank import adjusted_score, coverage, crosses_word, exact_concepts_hold, is_report, order_key
from huigu.search.syntax import QuerySyntaxError, parse_year_range
from huigu.search.vocabulary import Vocabulary
from huigu.store import query as N
from huigu.text.highlight import match_spans, merge_spans
from huigu.text.normalize import match_key

CANDIDATES = 80  # report passages fetched per query tier (and for an office the query names)
THOROUGH_BELOW = 30  # fewer hits than this: the query is planned again, looking for its words as text too

__all__ = ["Filters", "SearchResult", "Hit", "search", "QuerySyntaxError", "filter_query"]


@dataclass
class Hit:
    id: str
    score: float
    coverage: int
    data: dict
    also: list[dict] = field(default_factory=list)
    key: str = ""  # the text's match_key, computed once
    marks: Optional[list] = None  # spans of the text to mark (whole words and numbers)
    expanded_only: int = 0  # concepts held only as an expansion of a short form
    titles_key: str = ""  # the same of its section titles

    def __post_init__(self):
        if not self.key:
            self.key = match_key(self.data.get("text", ""))
            self.titles_key = match_key(" ".join(self.data.get("section_titles", [])))


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    concepts: list[Concept]
    facets: dict = field(default_factory=dict)
    reading: dict = field(default_factory=dict)  # how the query was read (``question.reading_of``)


def search(store, text: str, filters: Optional[Filters] = None, limit: int = 10,
           with_facets: bool = False, group_duplicates: bool = True) -> SearchResult:
    """Run ``text`` against the knowledge base. Raises QuerySyntaxError for a malformed query."""
    filters = filters or Filters()
    vocab = Vocabulary(store)
    question = read_question(text)
    plan = _planned(question, vocab, thorough=False)
    extra = dict(plan.filters)
    if "year" in extra and isinstance(extra["year"], str):
        extra["year"] = parse_year_range(extra["year"])
    filters = filters.merged(extra)
    restrict = filter_query(filters)
    if plan.required is None:
        if not plan.excluded and not (plan.filters and filters):
            raise QuerySyntaxError("查询里没有可检索的词：请输入关键词，例如 huigu search 科技特派员")
        base = N.without(N.PASSAGES, plan.excluded)
        found = store.search(N.within(base, restrict), max(limit * 4, CANDIDATES))
        hits = [Hit(data["id"], 0.0, 0, data) for data, _ in found.hits]
        total = found.total
    else:
        reports_first = filters.doc_type is None
        hits, total = _ranked(store, plan, restrict, limit, reports_first, vocab)
        if len(hits) < THOROUGH_BELOW:
            # words looked up as words found too little: look for them as text as well (a
            # fixed bar, not one that grows with ``limit``: page 2 must rank as page 1 did)
            plan = _planned(question, vocab, thorough=True)
            hits, total = _ranked(store, plan, restrict, limit, reports_first, vocab)
    found_facets = count_facets(store, plan, restrict) if with_facets else {}
    if group_duplicates:
        hits = group(hits, limit)
    hits = hits[:limit]
    pieces = [c.text for c in plan.concepts if c.piece]
    checked = [alt for c in plan.concepts for alt in c.alternatives if not (c.piece and alt == c.text)]
    for hit in hits:  # what the results mark: whole words and numbers only
        shown = hit.data.get("text", "").replace("\n", " ")
        spans = match_spans(shown, checked, accept=lambda t, a, b: not crosses_word(t, a, b, vocab))
        hit.marks = merge_spans(spans + match_spans(shown, pieces))
    return SearchResult(text, total, hits, plan.concepts, found_facets, reading_of(plan, filters))


def _planned(question: Question, vocab: Vocabulary, thorough: bool) -> Plan:
    plan = plan_query(question.text or question.original, vocab, thorough=thorough)
    plan.question = question if question.is_question else None
    return plan


def _wanted(limit: int) -> int:
    """Candidates worth re-ranking for a page of ``limit`` results."""
    return max(limit * 3, 30)


def _candidates(store, query: N.Node, restrict: Optional[N.Node], reports_first: bool,
                departments: list[str] = (), years: list[int] = ()):
    """Top matches of ``query``.  Reports are fetched on their own as well, so that long
    laws full of the query word cannot crowd every report out of the candidates; so are
    the passages of an office the query names (海拉尔区2018年…), and those about a year
    the query names or in the next year's reports, which review it (2011年国内生产总值:
    the 2012 report's review, among hundreds of passages on 国内生产总值)."""
    def inside(extra: N.Node) -> N.Node:
        return extra if restrict is None else N.AllOf((restrict, extra))

    # with their own set for reports, the open set only has to bring material that covers more
    results = [store.search(N.within(query, restrict), CANDIDATES // 2 if reports_first else CANDIDATES)]
    if reports_first:
        results.append(store.search(N.Within(query, inside(REPORTS_ONLY)), CANDIDATES))
    if departments:
        named = N.any_of([department_query(name) for name in departments])
        results.append(store.search(N.Within(query, inside(named)), CANDIDATES))
    if years:
        about = N.any_of([N.YearRange("about_year", y, y) for y in years] +
                         [N.YearRange("year", y, y + 1) for y in years])
        results.append(store.search(N.Within(query, inside(about)), CANDIDATES))
    return results


def _latest_year(hits: list[Hit], plan: Plan, restrict) -> Optional[int]:
    """现在 / 目前 / 最新: the latest year of the reports found for the office the query
    names (or, naming none, of all the reports found)."""
    years = []
    for hit in hits:
        doc = hit.data["doc"]
        if not is_report(hit.data) or not doc.get("year"):
            continue
        if plan.departments and not any(name in (doc.get("department") or "") or name == doc.get("department_short")
                                        for name in plan.departments):
            continue
        years.append(doc["year"])
    return max(years) if years else None


def _ranked(store, plan: Plan, restrict: Optional[N.Node], limit: int,
            reports_first: bool = True, vocab: Optional[Vocabulary] = None) -> tuple[list[Hit], int]:
    """All-concepts hits first (BM25F), then hits holding most concepts."""
    wanted = _wanted(limit)
    strict = N.without(plan.required, plan.excluded)
    seen: dict[str, Hit] = {}

    def collect(query: N.Node, keep_uncovered: bool) -> int:
        """Add the candidates of ``query`` that hold a concept; how many match in all."""
        matching = 0
        for found in _candidates(store, query, restrict, reports_first, plan.departments, sorted(set(plan.years))):
            matching = max(matching, found.total)
            for data, score in found.hits:
                if data["id"] in seen:
                    continue
                hit = Hit(data["id"], score, 0, data)
                hit.coverage = coverage(hit, plan.concepts, vocab)
                if hit.coverage or keep_uncovered:
                    seen[hit.id] = hit
        return matching

    total = collect(strict, keep_uncovered=not plan.concepts)
    if len(seen) < wanted and plan.any_of is not None and len(plan.concepts) > 1:
        collect(N.without(plan.any_of, plan.excluded), keep_uncovered=False)
        total = max(total, len(seen))
    hits = [h for h in seen.values() if exact_concepts_hold(h, plan.concepts, vocab)]
    if plan.question is not None and plan.question.latest:
        plan.latest_year = _latest_year(hits, plan, restrict)
    for hit in hits:
        hit.score = adjusted_score(hit, plan)
    hits.sort(key=order_key)
    return hits, total
