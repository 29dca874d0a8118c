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
from pathlib import Path
from typing import Optional

from whoosh import query as Q
from whoosh.scoring import BM25F

from . import engine
from .analysis import grams
from .normalize import match_key, nfkc, normalize_line
from .qparse import And, Not, Or, QuerySyntaxError, Word, parse, parse_year_range
from .records import REPORT_TYPES, HuiguError
from .vocab import bureaus, stopwords, synonyms_of

MAX_WORD_CHARS = 8
CANDIDATES = 80
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
    key: str = ""  # the text's match_key, computed once
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


# ── segmentation against the index vocabulary ───────────────────────────────


class Vocabulary:
    """Document frequencies of the index's words, looked up lazily (in the postings
    arrays when the index has them: a binary search in C instead of whoosh's reader)."""

    def __init__(self, reader, arrays: Optional["engine.Engine"] = None):
        self.reader = reader
        self.arrays = arrays
        self.total = max(1, reader.doc_count())
        self.cache: dict[str, int] = {}
        self.gram_cache: dict[str, int] = {}

    def _frequency(self, fieldname: str, text: str) -> int:
        try:
            encoded = text.encode("utf-8")
            if self.arrays is not None and (len(encoded) <= engine.P.MAX_TERM_BYTES
                                            or not self.arrays.has_long_terms(fieldname)):
                return self.arrays.doc_frequency(fieldname, encoded)
            return self.reader.doc_frequency(fieldname, text)
        except Exception:
            return 0

    def is_department(self, word: str) -> bool:
        """Is ``word`` a name under which documents are filed (海拉尔区, 云南, 科技局)?"""
        return len(word) >= 2 and self._frequency("dept", word) > 0

    def pair_df(self, pair: str) -> int:
        """Passages holding a character pair that is not a word there (the bigram field)."""
        return self._frequency("grams", pair)

    def bigram_df(self, gram: str) -> int:
        """Roughly how many passages hold a character pair (see ``_bigram_query``)."""
        if gram not in self.gram_cache:
            found = self.df(gram)
            if len(gram) == 2 and _CJK_RE.match(gram):
                found += self.pair_df(gram)
            self.gram_cache[gram] = found
        return self.gram_cache[gram]

    def concept_df(self, concept: "Concept") -> int:
        """Roughly how many passages hold the concept (its commonest spelling)."""
        return max(max(self.df(alt), min((self.bigram_df(g) for g in grams(alt)), default=0))
                   for alt in concept.alternatives)

    def df(self, word: str) -> int:
        if word not in self.cache:
            self.cache[word] = self._frequency("words", word)
        return self.cache[word]


def segment(run: str, vocab: Vocabulary, whole: bool = True) -> list[str]:
    """Max-probability segmentation of a Chinese run over the index vocabulary;
    consecutive characters the index knows no word for stay together as one chunk.
    Not ``whole``: the run itself does not count as a word (how else it is written)."""
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
            df = vocab.df(piece) if whole or j - i < n else 0
            if df == 0 and j - i == 2 and (whole or n > 2):
                # a pair that stands in the text, though never as a word (造林 in 植树造林):
                # better one piece than two lone characters
                df = vocab.pair_df(piece)
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
    """Passages that may hold ``text``: as a jieba word; as the index words it splits
    into (新增|就业); or holding its rarest character pairs, whatever the words around
    them (特派员 in 科技特派员, 通办 in 一网通|办).  Whether the whole text stands there is
    checked on the passage afterwards.
    Not ``thorough``: a word the index knows is looked up as a word only (fast)."""
    normalized = normalize_line(text).lower()
    word = Q.Term("words", normalized)
    bigrams = sorted(set(grams(normalized)), key=vocab.bigram_df)[:RAREST_BIGRAMS]
    if not thorough and bigrams and vocab.df(normalized) >= WORD_COVERAGE * vocab.bigram_df(bigrams[0]):
        # jieba kept this text as one word nearly everywhere it stands: the word is enough
        return word
    parts = [word]
    pieces = _pieces(normalized, vocab)
    if len(pieces) > 1 and all(vocab.df(p) for p in pieces):
        parts.append(Q.And([Q.Term("words", p) for p in pieces]))
    if len(bigrams) == 1:  # (whoosh ignores the boost of an And of one)
        parts.append(_bigram_query(bigrams[0], boost=0.5))
    elif bigrams:
        parts.append(Q.And([_bigram_query(b) for b in bigrams], boost=0.5))
    return Q.Or(parts)


def _bigram_query(gram: str, boost: float = 1.0) -> Q.Query:
    """A pair of Chinese characters is in the bigram field, or is a two-character word
    (the bigram field leaves those out); a single character or an ASCII word is a word."""
    if len(gram) == 2 and _CJK_RE.match(gram):
        return Q.Or([Q.Term("grams", gram), Q.Term("words", gram)], boost=boost)
    return Q.Term("words", gram, boost=boost)


def _pieces(text: str, vocab: "Vocabulary") -> list[str]:
    """The index words ``text`` splits into (千村示范、万村整治 → 千村 示范 万村 整治)."""
    runs = _CJK_RUN_RE.findall(text)
    if len(runs) == 1 and len(text) <= 2:
        return []
    pieces = []
    for run in runs:
        if _CJK_RE.match(run):
            pieces.extend(segment(run, vocab, whole=len(runs) > 1))
        else:
            pieces.append(run)
    return pieces


_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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
_ENGINES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


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
        folder = getattr(ix.storage, "folder", None)
        _ENGINES[searcher] = engine.for_searcher(searcher, Path(folder)) if folder else None
    return searcher


@dataclass
class Found:
    """The best matches of one query (stored fields and score, best first) and how
    many documents match in all."""

    hits: list[tuple[dict, float]]
    total: int


def run_query(searcher, query: Q.Query, limit: Optional[int], memo: Optional[dict] = None) -> Found:
    """The best ``limit`` matches (all with None): scored over the postings arrays when
    every segment has them, else by whoosh.  ``memo`` keeps stored fields and term
    postings between the queries one search runs."""
    memo = {} if memo is None else memo

    def fields(docnum: int) -> dict:
        key = ("doc", docnum)
        if key not in memo:
            memo[key] = searcher.stored_fields(docnum)
        return memo[key]

    arrays = _ENGINES.get(searcher)
    if arrays is not None:
        try:
            pairs, total = arrays.search(query, limit, memo)
        except engine.Unsupported:
            pass
        else:
            return Found([(fields(docnum), score) for docnum, score in pairs], total)
    results = searcher.search(query, limit=limit)
    found = results.scored_length()
    # counting every match exactly would run the query again
    total = found if limit is None or found < limit else results.estimated_length()
    return Found([(fields(r.docnum), r.score) for r in results], total)


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
    vocab = Vocabulary(searcher.reader(), _ENGINES.get(searcher))
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
        found = run_query(searcher, _restricted(base, restrict), max(limit * 4, CANDIDATES))
        hits = [Hit(fields["id"], 0.0, 0, fields["data"]) for fields, _ in found.hits]
        total = found.total
    else:
        reports_first = filters.doc_type is None
        memo: dict = {}
        hits, total = _ranked(searcher, plan, restrict, limit, reports_first, memo)
        if len(hits) < _wanted(limit):
            # words looked up as words found too little: look for them as text as well
            plan = plan_query(text, vocab, thorough=True)
            hits, total = _ranked(searcher, plan, restrict, limit, reports_first, memo)
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
                departments: list[str] = (), memo: Optional[dict] = None):
    """Top matches of ``query``.  Reports are fetched on their own as well, so that long
    laws full of the query word cannot crowd every report out of the candidates; so are
    the passages of an office the query names (海拉尔区2018年…)."""
    def within(extra: Q.Query) -> Q.Query:
        return extra if restrict is None else Q.And([restrict, extra])

    # with their own set for reports, the open set only has to bring material that covers more
    results = [run_query(searcher, _restricted(query, restrict), CANDIDATES // 2 if reports_first else CANDIDATES,
                         memo)]
    if reports_first:
        results.append(run_query(searcher, _restricted(query, within(REPORTS_ONLY)), CANDIDATES, memo))
    if departments:
        named = Q.Or([department_query(name) for name in departments])
        results.append(run_query(searcher, _restricted(query, within(named)), CANDIDATES, memo))
    return results


def _ranked(searcher, plan: Plan, restrict: Optional[Q.Query], limit: int,
            reports_first: bool = True, memo: Optional[dict] = None) -> tuple[list[Hit], int]:
    """All-concepts hits first (BM25F), then hits holding most concepts."""
    wanted = _wanted(limit)
    strict = _apply_excluded(plan.required, plan.excluded)
    seen: dict[str, Hit] = {}
    total = 0

    def collect(query: Q.Query, keep_uncovered: bool) -> int:
        """Add the candidates of ``query`` that hold a concept; how many match in all."""
        matching = 0
        for found in _candidates(searcher, query, restrict, reports_first, plan.departments, memo):
            matching = max(matching, found.total)
            for fields, score in found.hits:
                if fields["id"] in seen:
                    continue
                hit = Hit(fields["id"], score, 0, fields["data"])
                hit.coverage = _coverage(hit, plan.concepts)
                if hit.coverage or keep_uncovered:
                    seen[hit.id] = hit
        return matching

    total = collect(strict, keep_uncovered=not plan.concepts)
    if len(seen) < wanted and plan.any_of is not None and len(plan.concepts) > 1:
        collect(_apply_excluded(plan.any_of, plan.excluded), keep_uncovered=False)
        total = max(total, len(seen))
    hits = [h for h in seen.values() if _exact_concepts_hold(h, plan.concepts)]
    for hit in hits:
        hit.score = _adjusted_score(hit, plan)
    # more of the query first; at equal coverage, reports before other material (laws…)
    hits.sort(key=lambda h: (-h.coverage, h.data["doc"].get("doc_type") not in REPORT_TYPES, -h.score))
    return hits, total


def _holds(haystack_key: str, concept: Concept) -> bool:
    return any(key in haystack_key for key in concept.keys)


def _coverage(hit: Hit, concepts: list[Concept]) -> int:
    """How many of the query's concepts the passage (or its headings) really holds."""
    haystack = hit.key + hit.titles_key
    return sum(1 for c in concepts if _holds(haystack, c))


def _exact_concepts_hold(hit: Hit, concepts: list[Concept]) -> bool:
    """A quoted phrase must stand in the passage text itself, as typed."""
    return all(_holds(hit.key, c) for c in concepts if c.exact)


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
    headings = hit.titles_key + match_key(data["doc"].get("title", ""))
    in_headings = sum(1 for c in plan.concepts if _holds(headings, c))
    return score * (1 + 0.15 * in_headings)


# ── duplicates ───────────────────────────────────────────────────────────────


def shingles(text: str, size: int = 5) -> set[str]:
    """The ``size``-character pieces of the text's match key."""
    return key_shingles(match_key(text), size)


def key_shingles(key: str, size: int = 5) -> set[str]:
    return {key[i:i + size] for i in range(max(1, len(key) - size + 1))}


def near_identical(a: set[str], b: set[str], threshold: float = 0.7) -> bool:
    if not a or not b:
        return False
    smaller, larger = sorted((len(a), len(b)))
    if smaller / larger < 0.6:
        return False
    return len(a & b) / smaller >= threshold


COMPARED_PER_LEADER = 4


def group(hits: list[Hit], leaders_wanted: Optional[int] = None) -> list[Hit]:
    """Fold near-identical passages into the best one's "also in" list.

    Only the first ``leaders_wanted`` distinct passages are shown, so later hits are
    compared with those leaders only; identical texts are folded wherever they rank,
    near-identical ones among the first few times ``leaders_wanted`` hits (copies of a
    passage rank next to it, and comparing every candidate cost more than the search)."""
    leaders: list[tuple[Hit, set[str]]] = []
    by_dup: dict[str, Hit] = {}
    compared = None if leaders_wanted is None else max(COMPARED_PER_LEADER * leaders_wanted, 40)
    for rank, hit in enumerate(hits):
        dup = hit.data.get("dup") or hit.key
        if dup in by_dup:
            by_dup[dup].also.append(hit.data)
            continue
        if compared is not None and rank >= compared and len(leaders) >= leaders_wanted:
            continue
        grams_of_hit = key_shingles(hit.key)
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
    found = run_query(searcher, _restricted(query, restrict), None)
    years, departments, topics = Counter(), Counter(), Counter()
    for fields, _ in found.hits:
        data = fields["data"]
        years[data["doc"].get("year")] += 1
        departments[data["doc"].get("department") or "（部门不详）"] += 1
        topics.update(data.get("topics") or [])
    return {
        "year": dict(sorted(((y, n) for y, n in years.items() if y), reverse=True)),
        "department": dict(departments.most_common()),
        "topic": dict(topics.most_common()),
    }


__all__ = ["Filters", "SearchResult", "Hit", "search", "searcher_for", "QuerySyntaxError"]
