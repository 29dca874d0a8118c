"""Search the index: ranked passages with citations, filters, facets and duplicate grouping.

The query side never loads jieba: a query is segmented against the index's own
vocabulary (the words jieba produced at ingest, weighted by how many passages hold
them), which is the same maximum-probability segmentation jieba does, over the words
that can actually match.  Runs of characters the index does not know as words match
as exact substrings through the bigram field.
"""
from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from whoosh import query as Q
from whoosh.scoring import BM25F

from .analysis import grams
from .normalize import match_key, nfkc, normalize_line
from .qparse import And, Not, Or, QuerySyntaxError, Word, parse, parse_year_range
from .records import REPORT_TYPES, HuiguError
from .vocab import bureaus, stopwords, synonyms_of

MAX_WORD_CHARS = 8
CANDIDATES = 120
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+(?:[.%][0-9]+)*%?")
_YEAR_WORD_RE = re.compile(r"^((?:19|20)\d{2})年?$")


@dataclass
class Filters:
    year: Optional[tuple[int, int]] = None
    department: Optional[str] = None
    doc_type: Optional[str] = None
    period: Optional[str] = None
    kind: Optional[str] = None
    topic: Optional[str] = None

    def merged(self, extra: dict) -> "Filters":
        values = dict(self.__dict__)
        for name, value in extra.items():
            if values.get(name) in (None, ""):
                values[name] = value
        return Filters(**values)


@dataclass
class Concept:
    """One thing the query asks for: a word and its synonyms."""

    text: str
    alternatives: list[str]
    exact: bool = False  # typed in quotes
    keys: tuple = ()  # the alternatives in match_key form, compared with every candidate

    def __post_init__(self):
        self.keys = tuple(match_key(alt) for alt in self.alternatives)


@dataclass
class Hit:
    id: str
    score: float
    coverage: int
    data: dict
    also: list[dict] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    concepts: list[Concept]
    facets: dict = field(default_factory=dict)


# ── segmentation against the index vocabulary ───────────────────────────────


class Vocabulary:
    """Document frequencies of the ``words`` field, looked up lazily."""

    def __init__(self, reader):
        self.reader = reader
        self.total = max(1, reader.doc_count())
        self.cache: dict[str, int] = {}

    def is_department(self, word: str) -> bool:
        """Is ``word`` a name under which documents are filed (海拉尔区, 云南, 科技局)?"""
        try:
            return len(word) >= 2 and self.reader.doc_frequency("dept", word) > 0
        except Exception:
            return False

    def gram_df(self, gram: str) -> int:
        try:
            return self.reader.doc_frequency("grams", gram)
        except Exception:
            return 0

    def concept_df(self, concept: "Concept") -> int:
        """Roughly how many passages hold the concept (its commonest spelling)."""
        return max(max(self.df(alt), min((self.gram_df(g) for g in grams(alt)), default=0))
                   for alt in concept.alternatives)

    def df(self, word: str) -> int:
        if word not in self.cache:
            try:
                self.cache[word] = self.reader.doc_frequency("words", word)
            except Exception:
                self.cache[word] = 0
        return self.cache[word]


def segment(run: str, vocab: Vocabulary) -> list[str]:
    """Max-probability segmentation of a Chinese run over the index vocabulary;
    consecutive characters the index knows no word for stay together as one chunk."""
    n = len(run)
    if n <= 1:
        return [run] if run else []
    log_total = math.log(vocab.total * 10)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    best[n] = (0.0, n)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, min(n, i + MAX_WORD_CHARS) + 1):
            piece = run[i:j]
            df = vocab.df(piece) if j - i > 1 or True else 0
            if df == 0 and j - i > 1:
                continue
            weight = math.log(df + 1) - log_total if df else -log_total - 5
            options.append((weight + best[j][0], j))
        best[i] = max(options)
    words, i = [], 0
    while i < n:
        j = best[i][1]
        words.append(run[i:j])
        i = j
    return _merge_unknown_singles(words, vocab)


def _merge_unknown_singles(words: list[str], vocab: Vocabulary) -> list[str]:
    merged: list[str] = []
    buffer = ""
    for word in words:
        if len(word) == 1 and vocab.df(word) < vocab.total * 0.002:
            buffer += word
            continue
        if buffer:
            merged.append(buffer)
            buffer = ""
        merged.append(word)
    if buffer:
        merged.append(buffer)
    return merged


def concepts_of(word: Word, vocab: Vocabulary) -> tuple[list[Concept], list[int]]:
    """The concepts a typed word stands for, and any years it names (2019年 → 2019)."""
    text = normalize_line(word.text).lower()
    if word.phrase:
        return [Concept(text, _alternatives(text), exact=True)], []
    concepts, years = [], []
    if text in synonyms_of() or vocab.df(text):
        return [Concept(text, _alternatives(text))], []
    for run in _CJK_RUN_RE.findall(text):
        year = _YEAR_WORD_RE.match(run)
        if year:
            years.append(int(year.group(1)))
            continue
        pieces = segment(run, vocab) if re.match(r"[\u3400-\u9fff]", run) else [run]
        for piece in pieces:
            year = _YEAR_WORD_RE.match(piece)
            if year:
                years.append(int(year.group(1)))
            elif piece not in stopwords() and not (len(piece) == 1 and piece in "年月日个项"):
                concepts.append(Concept(piece, _alternatives(piece)))
    return concepts, years


def _alternatives(text: str) -> list[str]:
    return [text] + [w.lower() for w in synonyms_of().get(text, [])]


RAREST_BIGRAMS = 3
WORD_COVERAGE = 0.8


def _match_query(text: str, vocab: "Vocabulary", thorough: bool = True) -> Q.Query:
    """Passages that may hold ``text``: as a jieba word, or holding its rarest bigrams
    (whether the whole text stands there is checked on the passage afterwards).
    Not ``thorough``: a word the index knows is looked up as a word only (fast)."""
    normalized = normalize_line(text).lower()
    parts = [Q.Term("words", normalized)]
    bigrams = sorted(set(grams(normalized)), key=vocab.gram_df)[:RAREST_BIGRAMS]
    if not thorough and bigrams and vocab.df(normalized) >= WORD_COVERAGE * vocab.gram_df(bigrams[0]):
        # jieba kept this text as one word nearly everywhere it stands: the word is enough
        return parts[0]
    if len(bigrams) == 1:
        parts.append(Q.Term("grams", bigrams[0], boost=0.5))
    elif len(bigrams) > 1:
        parts.append(Q.And([Q.Term("grams", g) for g in bigrams], boost=0.5))
    return Q.Or(parts)


def concept_query(concept: Concept, vocab: "Vocabulary", thorough: bool = True) -> Q.Query:
    return Q.Or([_match_query(alt, vocab, thorough) for alt in concept.alternatives])


# ── filters ──────────────────────────────────────────────────────────────────


def department_query(name: str) -> Q.Query:
    name = normalize_line(name).lower()
    names = {name}
    for bureau in bureaus():
        if name in (bureau["full"], bureau["short"], *bureau["aliases"]):
            names.update([bureau["full"], bureau["short"]])
        for alias in (bureau["full"], bureau["short"]):
            if name.endswith(alias) and len(name) > len(alias):
                names.add(name)
    if name.endswith("人民政府"):
        names.add(name[: -len("人民政府")])
    return Q.Or([Q.Term("dept", n) for n in names])


def filter_query(filters: Filters) -> Optional[Q.Query]:
    """The filters as one query (None when there are none).  Only passages hold text
    fields, so a text query needs no record-type filter."""
    parts: list[Q.Query] = []
    if filters.year:
        first, last = filters.year
        parts.append(Q.NumericRange("year", first, last))
    if filters.department:
        parts.append(department_query(filters.department))
    if filters.doc_type:
        parts.append(Q.Term("doc_type", filters.doc_type))
    if filters.period:
        parts.append(Q.Term("period", filters.period))
    if filters.kind:
        parts.append(Q.Term("kind", filters.kind))
    if filters.topic:
        parts.append(Q.Term("topics", filters.topic))
    return Q.And(parts) if parts else None


def _restricted(query: Q.Query, restrict: Optional[Q.Query]) -> Q.Query:
    """``query`` limited to what ``restrict`` matches, scored by ``query`` alone.
    (Intersecting is much cheaper in whoosh than a filter set built from all matches.)"""
    if restrict is None:
        return query
    # (whoosh's Require breaks when the collector skips low-scoring blocks; a filter that
    # scores nothing inside an And does the same job)
    return Q.And([query, Q.ConstantScoreQuery(restrict, 0.0)])


_SEARCHERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def searcher_for(ix):
    """A searcher kept open for this index object while the index does not change, so
    repeated queries in one process do not reopen every segment."""
    searcher, closer = _SEARCHERS.get(ix, (None, None))
    if searcher is not None and not searcher.up_to_date():
        closer()  # closes it once; the finalizer will not run again
        searcher = None
    if searcher is None:
        searcher = ix.searcher(weighting=BM25F(B=0.75, K1=1.2))
        # its files close with the index object (or at exit), exactly once
        _SEARCHERS[ix] = (searcher, weakref.finalize(ix, searcher.close))
    return searcher


# ── building and running the query ───────────────────────────────────────────


@dataclass
class Plan:
    concepts: list[Concept]
    required: Optional[Q.Query]  # every top-level concept (the "all words" tier)
    any_of: Optional[Q.Query]  # at least one (the "most words" tier)
    excluded: list[Q.Query]
    years: list[int]
    filters: dict
    departments: list[str] = field(default_factory=list)  # named in the query: a preference, not a filter


def _words_of(node) -> list[Word]:
    if isinstance(node, Word):
        return [node]
    if isinstance(node, (And, Or)):
        return [w for child in node.children for w in _words_of(child)]
    return []  # words under NOT are not asked for


def _departments_named(tree, vocab: Vocabulary) -> set[str]:
    """Office names typed among other words ("海拉尔区2018年地区生产总值") say whose
    reports to prefer; alone, they are what is searched for."""
    found = [c.text for w in _words_of(tree) if not w.phrase for c in concepts_of(w, vocab)[0]]
    named = {text for text in found if vocab.is_department(text)}
    return named if len(named) < len(set(found)) else set()


def plan_query(text: str, vocab: Vocabulary, thorough: bool = True) -> Plan:
    parsed = parse(text)
    concepts: list[Concept] = []
    years: list[int] = []
    excluded: list[Q.Query] = []
    departments = _departments_named(parsed.tree, vocab) if parsed.tree is not None else set()

    def build(node) -> Optional[Q.Query]:
        if isinstance(node, Word):
            found, named_years = concepts_of(node, vocab)
            found = [c for c in found if c.text not in departments]
            # the same word twice asks for nothing more; a pasted paragraph keeps its rarest words
            known = {c.text for c in concepts}
            found = list({c.text: c for c in found if c.text not in known}.values())
            room = MAX_CONCEPTS - len(concepts)
            if len(found) > room:
                found = sorted(found, key=vocab.concept_df)[:max(room, 0)]
            years.extend(named_years)
            concepts.extend(found)
            if not found:
                return None
            return Q.And([concept_query(c, vocab, thorough) for c in found]) if len(found) > 1 \
                else concept_query(found[0], vocab, thorough)
        if isinstance(node, Not):
            inner = build_silent(node.child)
            if inner is not None:
                excluded.append(inner)
            return None
        if isinstance(node, And):
            parts = [q for q in (build(c) for c in node.children) if q is not None]
            return Q.And(parts) if len(parts) > 1 else (parts[0] if parts else None)
        if isinstance(node, Or):
            parts = [q for q in (build(c) for c in node.children) if q is not None]
            return Q.Or(parts) if len(parts) > 1 else (parts[0] if parts else None)
        return None

    def build_silent(node) -> Optional[Q.Query]:
        saved = list(concepts)
        result = build(node)
        concepts[:] = saved
        return result

    required = build(parsed.tree) if parsed.tree is not None else None
    any_of = _selective_or(concepts, vocab, thorough)
    return Plan(concepts, required, any_of, excluded, years, parsed.filters, sorted(departments))


MAX_CONCEPTS = 12
LOOSE_MAX_SHARE = 0.03
LOOSE_MIN_DOCS = 500  # in a small knowledge base every word is worth trying


def _selective_or(concepts: list[Concept], vocab: Vocabulary, thorough: bool = True) -> Optional[Q.Query]:
    """The "most of the words" tier: passages holding at least one selective concept.
    A word in a few percent of all passages (改革, 发展) alone is not worth a result."""
    if not concepts:
        return None
    limit = max(vocab.total * LOOSE_MAX_SHARE, LOOSE_MIN_DOCS)
    chosen = [c for c in concepts if vocab.concept_df(c) <= limit]
    if not chosen:
        chosen = [min(concepts, key=vocab.concept_df)]
    return Q.Or([concept_query(c, vocab, thorough) for c in chosen])


def _apply_excluded(query: Q.Query, excluded: list[Q.Query]) -> Q.Query:
    for negative in excluded:
        query = Q.AndNot(query, negative)
    return query


def search(ix, text: str, filters: Optional[Filters] = None, limit: int = 10,
           with_facets: bool = False, group_duplicates: bool = True) -> SearchResult:
    """Run ``text`` against the index. Raises QuerySyntaxError for a malformed query."""
    filters = filters or Filters()
    searcher = searcher_for(ix)
    vocab = Vocabulary(searcher.reader())
    plan = plan_query(text, vocab, thorough=False)
    extra = dict(plan.filters)
    if "year" in extra and isinstance(extra["year"], str):
        extra["year"] = parse_year_range(extra["year"])
    filters = filters.merged(extra)
    restrict = filter_query(filters)
    if plan.required is None:
        if not plan.excluded and not (plan.filters and filters):
            raise QuerySyntaxError("查询里没有可检索的词：请输入关键词，例如 huigu search 科技特派员")
        base = _apply_excluded(Q.Term("rtype", "passage"), plan.excluded)
        results = searcher.search(_restricted(base, restrict), limit=max(limit * 4, CANDIDATES))
        hits = [Hit(r["id"], 0.0, 0, r["data"]) for r in results]
        total = results.estimated_length()
    else:
        reports_first = filters.doc_type is None
        hits, total = _ranked(searcher, plan, restrict, limit, reports_first)
        if len(hits) < _wanted(limit):
            # words looked up as words found too little: look for them as text as well
            plan = plan_query(text, vocab, thorough=True)
            hits, total = _ranked(searcher, plan, restrict, limit, reports_first)
    facets = _facets(searcher, plan, restrict) if with_facets else {}
    if group_duplicates:
        hits = group(hits, limit)
    hits = hits[:limit]
    return SearchResult(text, total, hits, plan.concepts, facets)


def _wanted(limit: int) -> int:
    """Candidates worth re-ranking for a page of ``limit`` results."""
    return max(limit * 3, 30)


REPORTS_ONLY = Q.Or([Q.Term("doc_type", t) for t in sorted(REPORT_TYPES)])


def _candidates(searcher, query: Q.Query, restrict: Optional[Q.Query], reports_first: bool,
                departments: list[str] = ()):
    """Top matches of ``query``.  Reports are fetched on their own as well, so that long
    laws full of the query word cannot crowd every report out of the candidates; so are
    the passages of an office the query names (海拉尔区2018年…)."""
    def within(extra: Q.Query) -> Q.Query:
        return extra if restrict is None else Q.And([restrict, extra])

    results = [searcher.search(_restricted(query, restrict), limit=CANDIDATES)]
    if reports_first:
        results.append(searcher.search(_restricted(query, within(REPORTS_ONLY)), limit=CANDIDATES))
    if departments:
        named = Q.Or([department_query(name) for name in departments])
        results.append(searcher.search(_restricted(query, within(named)), limit=CANDIDATES))
    return results


def _ranked(searcher, plan: Plan, restrict: Optional[Q.Query], limit: int,
            reports_first: bool = True) -> tuple[list[Hit], int]:
    """All-concepts hits first (BM25F), then hits holding most concepts."""
    wanted = _wanted(limit)
    strict = _apply_excluded(plan.required, plan.excluded)
    seen: dict[str, Hit] = {}
    total = 0
    for results in _candidates(searcher, strict, restrict, reports_first, plan.departments):
        found = results.scored_length()
        # counting every match exactly would run the query again
        total = max(total, results.estimated_length() if found >= CANDIDATES else found)
        for r in results:
            coverage = _coverage(r["data"]["text"], r["data"], plan.concepts)
            if r["id"] not in seen and (coverage or not plan.concepts):
                seen[r["id"]] = Hit(r["id"], r.score, coverage, r["data"])
    if len(seen) < wanted and plan.any_of is not None and len(plan.concepts) > 1:
        loose = _apply_excluded(plan.any_of, plan.excluded)
        for results in _candidates(searcher, loose, restrict, reports_first, plan.departments):
            for r in results:
                if r["id"] in seen:
                    continue
                coverage = _coverage(r["data"]["text"], r["data"], plan.concepts)
                if coverage:
                    seen[r["id"]] = Hit(r["id"], r.score, coverage, r["data"])
        total = max(total, len(seen))
    hits = [h for h in seen.values() if _exact_concepts_hold(h.data, plan.concepts)]
    for hit in hits:
        hit.score = _adjusted_score(hit, plan)
    # more of the query first; at equal coverage, reports before other material (laws…)
    hits.sort(key=lambda h: (-h.coverage, h.data["doc"].get("doc_type") not in REPORT_TYPES, -h.score))
    return hits, total


def _holds(haystack_key: str, concept: Concept) -> bool:
    return any(key in haystack_key for key in concept.keys)


def _coverage(text: str, data: dict, concepts: list[Concept]) -> int:
    """How many of the query's concepts the passage (or its headings) really holds."""
    haystack = match_key(text + " ".join(data.get("section_titles", [])))
    return sum(1 for c in concepts if _holds(haystack, c))


def _exact_concepts_hold(data: dict, concepts: list[Concept]) -> bool:
    """A quoted phrase must stand in the passage text itself, as typed."""
    key = match_key(data["text"])
    return all(_holds(key, c) for c in concepts if c.exact)


_CN_DIGIT_CHARS = "〇一二三四五六七八九"


def year_spellings(year: int) -> list[str]:
    """2019 → ["2019", "二〇一九", "二零一九"]: older reports write years in Chinese numerals."""
    chinese = "".join(_CN_DIGIT_CHARS[int(d)] for d in str(year))
    return [str(year), chinese, chinese.replace("〇", "零")]


def _year_factor(data: dict, years: set[int]) -> float:
    """A year named in the query ("2019年…目标") favours passages about that year."""
    doc = data["doc"]
    if data.get("about_year") in years:
        # a year named in a question mostly asks what happened then; "目标" in the query
        # brings plans forward through coverage
        return 1.3 if data.get("kind") == "plan" else 1.6
    text = data["text"]
    named = any(spelling in text for y in years for spelling in year_spellings(y))
    if doc.get("review_year") in years and data.get("kind") in ("review", "other"):
        return 1.5 if named else 1.3
    if named:
        return 1.3
    if doc.get("year") in years:
        return 1.2
    return 0.6


NOT_A_REPORT_FACTOR = 0.5


def _adjusted_score(hit: Hit, plan: Plan) -> float:
    score = hit.score
    data = hit.data
    if data["doc"].get("doc_type") not in REPORT_TYPES:
        # laws and other material stay searchable, but at equal relevance a report comes first
        score *= NOT_A_REPORT_FACTOR
    if plan.years:
        score *= _year_factor(data, set(plan.years))
    if plan.departments:
        doc = data["doc"]
        own = any(name in (doc.get("department") or "") or name == doc.get("department_short")
                  for name in plan.departments)
        score *= 1.8 if own else 0.5
    headings = match_key(" ".join(data.get("section_titles", [])) + data["doc"].get("title", ""))
    in_headings = sum(1 for c in plan.concepts if _holds(headings, c))
    return score * (1 + 0.15 * in_headings)


# ── duplicates ───────────────────────────────────────────────────────────────


def shingles(text: str, size: int = 5) -> set[str]:
    key = match_key(text)
    return {key[i:i + size] for i in range(max(1, len(key) - size + 1))}


def near_identical(a: set[str], b: set[str], threshold: float = 0.7) -> bool:
    if not a or not b:
        return False
    smaller, larger = sorted((len(a), len(b)))
    if smaller / larger < 0.6:
        return False
    return len(a & b) / smaller >= threshold


def group(hits: list[Hit], leaders_wanted: Optional[int] = None) -> list[Hit]:
    """Fold near-identical passages into the best one's "also in" list.

    Only the first ``leaders_wanted`` distinct passages are shown, so later hits are
    compared with those leaders only."""
    leaders: list[tuple[Hit, set[str]]] = []
    by_dup: dict[str, Hit] = {}
    for hit in hits:
        dup = hit.data.get("dup") or match_key(hit.data["text"])
        if dup in by_dup:
            by_dup[dup].also.append(hit.data)
            continue
        grams_of_hit = shingles(hit.data["text"])
        for leader, leader_grams in leaders:
            if near_identical(grams_of_hit, leader_grams):
                leader.also.append(hit.data)
                break
        else:
            if leaders_wanted is None or len(leaders) < leaders_wanted:
                leaders.append((hit, grams_of_hit))
                by_dup[dup] = hit
    return [leader for leader, _ in leaders]


# ── facets ───────────────────────────────────────────────────────────────────


def _facets(searcher, plan: Plan, restrict: Q.Query) -> dict:
    base = plan.any_of if plan.any_of is not None else Q.Term("rtype", "passage")
    query = _apply_excluded(plan.required or base, plan.excluded)
    results = searcher.search(_restricted(query, restrict), limit=None)
    years, departments, topics = Counter(), Counter(), Counter()
    for r in results:
        data = r["data"]
        years[data["doc"].get("year")] += 1
        departments[data["doc"].get("department") or "（部门不详）"] += 1
        topics.update(data.get("topics") or [])
    return {
        "year": dict(sorted(((y, n) for y, n in years.items() if y), reverse=True)),
        "department": dict(departments.most_common()),
        "topic": dict(topics.most_common()),
    }


__all__ = ["Filters", "SearchResult", "Hit", "search", "searcher_for", "QuerySyntaxError"]
