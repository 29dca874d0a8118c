"""From what was typed to what is asked of the store: concepts, tiers and query trees.

Each word of the query (segmented against the vocabulary) is a *concept* with its
synonyms.  A concept matches a passage that holds it as a jieba word, as the index words
it splits into, or holding its rarest character pairs (whatever jieba did there);
whether the passage really holds the text is checked afterwards (``rank.coverage``).
The plan has two tiers: every concept (``required``), and at least one selective one
(``any_of``), plus exclusions, the years and the offices the query names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from huigu.lexicon.departments import filter_names
from huigu.lexicon.doctypes import REPORT_TYPES
from huigu.lexicon.tables import stopwords, synonyms_of
from huigu.search.abbreviations import expansions_of, numbered_short_form
from huigu.search.filters import Filters
from huigu.search.syntax import And, Not, Or, Word, parse
from huigu.search.vocabulary import Vocabulary, segment
from huigu.store import query as N
from huigu.text.normalize import CJK_CHAR_RE, TOKEN_RUN_RE, grams, match_key, normalize_line

_YEAR_WORD_RE = re.compile(r"^((?:19|20)\d{2})年?$")
_YEAR_IN_RUN_RE = re.compile(r"((?<!\d)(?:19|20)\d{2})\s*年(?:度|底|末|初)?")  # 2014年底: the year, not 底
RAREST_BIGRAMS = 3  # a concept matches as text through its rarest character pairs …
BIGRAM_BOOST = 0.5  # … scored at half weight: they only say the passage *may* hold it
WORD_COVERAGE = 0.8  # a word jieba keeps whole this often is looked up as a word first
MAX_CONCEPTS = 12  # a pasted paragraph keeps its rarest words
LOOSE_MAX_SHARE = 0.03  # a word in more of the passages than this alone is no result …
LOOSE_MIN_DOCS = 500  # … except in a small knowledge base, where every word is worth trying
REPORTS_ONLY = N.any_of([N.Term("doc_type", t) for t in sorted(REPORT_TYPES)])


@dataclass
class Concept:
    """One thing the query asks for: a word and its synonyms."""

    text: str
    alternatives: list[str]
    exact: bool = False  # typed in quotes
    keys: tuple = ()  # the alternatives in match_key form, compared with every candidate
    expansions: list = field(default_factory=list)  # how the knowledge base writes an unknown word (进博会 → 进口博览会)
    piece: bool = False  # cut out of a longer typed run (亚投|行): it may run on into its neighbour

    def __post_init__(self):
        self.keys = tuple(match_key(alt) for alt in self.alternatives)
        self.literal_keys = self.keys  # the word as typed and its synonyms, without expansions

    def expand(self, expansions: list[str]) -> None:
        """Also match how the knowledge base writes this (unknown) word."""
        self.expansions = list(expansions)
        self.alternatives = self.alternatives + [e for e in expansions if e not in self.alternatives]
        self.keys = tuple(match_key(alt) for alt in self.alternatives)


@dataclass
class Plan:
    concepts: list[Concept]
    required: Optional[N.Node]  # every top-level concept (the "all words" tier)
    any_of: Optional[N.Node]  # at least one (the "most words" tier)
    excluded: list[N.Node]
    years: list[int]
    filters: dict
    departments: list[str] = field(default_factory=list)  # named in the query: a preference, not a filter
    question: Optional[object] = None  # ``question.Question``: what a plain-language question asks for
    latest_year: Optional[int] = None  # 现在/目前/最新: the latest year of that office's reports


def _alternatives(text: str) -> list[str]:
    return [text] + [w.lower() for w in synonyms_of().get(text, [])]


_ANY_YEAR_RE = re.compile(r"(?:19|20)\d\d年")
_BASE_YEAR_RE = re.compile(r"(?:比|较|同|与)(?:19|20)\d\d年(?:相比|比较)?")


def concepts_of(word: Word, vocab: Vocabulary) -> tuple[list[Concept], list[int]]:
    """The concepts a typed word stands for, and any years it names (2019年 → 2019)."""
    text = normalize_line(word.text).lower()
    if word.phrase:  # exact when asked: no synonyms or aliases inside quotes
        return [Concept(text, [text], exact=True)], []
    concepts, years = [], []
    if text in synonyms_of() or vocab.df(text):
        return [Concept(text, _alternatives(text))], []
    if len(_ANY_YEAR_RE.findall(text)) > 1:
        text = _BASE_YEAR_RE.sub(" ", text)  # 1953年工业总产值比1952年增长: 1952 is the base, not asked for
    text = _YEAR_IN_RUN_RE.sub(r"\1 ", text)  # 2017年赤字率: the year, then 赤字率 (not 年赤|字率)
    for cjk, ascii_word in TOKEN_RUN_RE.findall(text):
        run = cjk or ascii_word
        year = _YEAR_WORD_RE.match(run)
        if year:
            years.append(int(year.group(1)))
            continue
        pieces = _segment_known(run, vocab) if cjk else [run]
        if cjk and len(pieces) > 1 and (any(len(p) == 1 and p not in stopwords() for p in pieces) or
                                        numbered_short_form(run)):
            # 营改增 → 营|改增: a short form cut into scraps is looked up whole, if the
            # knowledge base writes it some other way
            whole = Concept(run, _alternatives(run))
            _expand(whole, vocab)
            if whole.expansions:
                concepts.append(whole)
                continue
        for piece in pieces:
            year = _YEAR_WORD_RE.match(piece)
            if year:
                years.append(int(year.group(1)))
            elif piece not in stopwords() and not (len(piece) == 1 and piece in "年月日个项"):
                concepts.append(Concept(piece, _alternatives(piece), piece=len(pieces) > 1))
    return concepts, years


@lru_cache(maxsize=1)
def _known_words_re() -> re.Pattern:
    """The synonym table's spellings of three characters or more, longest first."""
    words = sorted((w.lower() for w in synonyms_of() if len(w) >= 3 and CJK_CHAR_RE.match(w)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def _segment_known(run: str, vocab: Vocabulary) -> list[str]:
    """``run`` in words, a spelling of the synonym table kept whole where it is a short form of
    the others (规上工业 of 规模以上工业) or the segmenter would cut it into scraps (新农合试点扩大到县 →
    新农合 试点 扩大 到 县, not 新 农合 …); a longer spelling cut into words stays cut (粮食总产量 →
    粮食 总产量, which also finds 粮食连续五年增产，总产量…)."""
    pieces, at = [], 0
    table = synonyms_of()
    for match in _known_words_re().finditer(run):
        word = match.group()
        others = [w for w in table.get(word, []) if CJK_CHAR_RE.match(w)]
        short_form = bool(others) and len(word) < min(len(w) for w in others)
        if not short_form and all(len(p) > 1 for p in segment(word, vocab)):
            continue
        if match.start() > at:
            pieces.extend(segment(run[at:match.start()], vocab))
        pieces.append(match.group())
        at = match.end()
    if at < len(run):
        pieces.extend(segment(run[at:], vocab))
    return pieces


def bigram_query(gram: str, boost: float = 1.0) -> N.Node:
    """A pair of Chinese characters is in the bigram field, or is a two-character word
    (the bigram field leaves those out); a single character or an ASCII word is a word."""
    if len(gram) == 2 and CJK_CHAR_RE.match(gram):
        return N.AnyOf((N.Term("grams", gram), N.Term("words", gram)), boost)
    return N.Term("words", gram, boost)


def _pieces(text: str, vocab: Vocabulary) -> list[str]:
    """The index words ``text`` splits into (千村示范、万村整治 → 千村 示范 万村 整治)."""
    runs = [cjk or ascii_word for cjk, ascii_word in TOKEN_RUN_RE.findall(text)]
    if len(runs) == 1 and len(text) <= 2:
        return []
    pieces = []
    for run in runs:
        if CJK_CHAR_RE.match(run):
            pieces.extend(segment(run, vocab, whole=len(runs) > 1))
        else:
            pieces.append(run)
    return pieces


def match_query(text: str, vocab: Vocabulary, thorough: bool = True) -> N.Node:
    """Passages that may hold ``text``: as a jieba word; as the index words it splits
    into (新增|就业); or holding its rarest character pairs, whatever the words around
    them (特派员 in 科技特派员, 通办 in 一网通|办).  Whether the whole text stands there is
    checked on the passage afterwards.
    Not ``thorough``: a word the index knows is looked up as a word only (fast)."""
    normalized = normalize_line(text).lower()
    word = N.Term("words", normalized)
    bigrams = sorted(set(grams(normalized)), key=vocab.bigram_df)[:RAREST_BIGRAMS]
    if not thorough and bigrams and vocab.df(normalized) >= WORD_COVERAGE * vocab.bigram_df(bigrams[0]):
        # jieba kept this text as one word nearly everywhere it stands: the word is enough —
        # and a two-character word is its own pair as well, one short list more (增长 of
        # 增长速度: “十五”期间年均经济增长速度预期目标为7％左右)
        if len(normalized) == 2 and vocab.df(normalized) < vocab.bigram_df(normalized):
            return bigram_query(normalized)
        return word
    parts = [word]
    pieces = _pieces(normalized, vocab)
    if len(pieces) > 1 and all(vocab.df(p) for p in pieces):
        parts.append(N.all_of([N.Term("words", p) for p in pieces]))
    if len(bigrams) == 1:  # (a one-part group drops its boost: the boost goes on the part)
        parts.append(bigram_query(bigrams[0], boost=BIGRAM_BOOST))
    elif bigrams:
        parts.append(N.AllOf(tuple(bigram_query(b) for b in bigrams), BIGRAM_BOOST))
    return N.any_of(parts)


def concept_query(concept: Concept, vocab: Vocabulary, thorough: bool = True) -> N.Node:
    return N.any_of([match_query(alt, vocab, thorough) for alt in concept.alternatives])


# ── filters ──────────────────────────────────────────────────────────────────


def department_query(name: str) -> N.Node:
    return N.any_of([N.Term("dept", n) for n in filter_names(name)])


def filter_query(filters: Filters) -> Optional[N.Node]:
    """The filters as one query (None when there are none).  Only passages hold text
    fields, so a text query needs no record-type filter."""
    parts: list[N.Node] = []
    if filters.year:
        first, last = filters.year
        parts.append(N.YearRange("year", first, last))
    if filters.department:
        parts.append(department_query(filters.department))
    if filters.doc_type:
        parts.append(N.Term("doc_type", filters.doc_type))
    if filters.period:
        parts.append(N.Term("period", filters.period))
    if filters.kind:
        parts.append(N.Term("kind", filters.kind))
    if filters.topic:
        parts.append(N.Term("topics", filters.topic))
    return N.all_of(parts)


# ── the plan ─────────────────────────────────────────────────────────────────


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
    vocab.thorough = thorough
    parsed = parse(text)
    concepts: list[Concept] = []
    years: list[int] = []
    excluded: list[N.Node] = []
    departments = _departments_named(parsed.tree, vocab) if parsed.tree is not None else set()

    def build(node) -> Optional[N.Node]:
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
            for concept in found:
                _expand(concept, vocab)
            concepts.extend(found)
            return N.all_of([concept_query(c, vocab, thorough) for c in found])
        if isinstance(node, Not):
            inner = build_silent(node.child)
            if inner is not None:
                excluded.append(inner)
            return None
        if isinstance(node, And):
            return N.all_of([build(c) for c in node.children])
        if isinstance(node, Or):
            return N.any_of([build(c) for c in node.children])
        return None

    def build_silent(node) -> Optional[N.Node]:
        saved = list(concepts)
        result = build(node)
        concepts[:] = saved
        return result

    required = build(parsed.tree) if parsed.tree is not None else None
    any_of = _selective_or(concepts, vocab, thorough)
    return Plan(concepts, required, any_of, excluded, years, parsed.filters, sorted(departments))


def _expand(concept: Concept, vocab: Vocabulary) -> None:
    """A short form the index knows rarely (or, on the thorough pass, any short word)
    also matches how the knowledge base writes it."""
    if concept.exact or concept.expansions:
        return
    if len(concept.alternatives) > 1 and vocab.concept_df(Concept(concept.text, concept.alternatives[1:])):
        return  # the synonym table says how it is written (创城 → 创建全国文明城市), and the index has it
    key = (concept.text, vocab.thorough)
    if key not in vocab.expansions:
        vocab.expansions[key] = expansions_of(concept.text, vocab.store, vocab, set(concept.alternatives),
                                              found_too_little=vocab.thorough)
    if vocab.expansions[key]:
        concept.expand(vocab.expansions[key])


def _selective_or(concepts: list[Concept], vocab: Vocabulary, thorough: bool = True) -> Optional[N.Node]:
    """The "most of the words" tier: passages holding at least one selective concept.
    A word in a few percent of all passages (改革, 发展) alone is not worth a result."""
    if not concepts:
        return None
    limit = max(vocab.total * LOOSE_MAX_SHARE, LOOSE_MIN_DOCS)
    chosen = [c for c in concepts if vocab.concept_df(c) <= limit]
    if not chosen:
        chosen = [min(concepts, key=vocab.concept_df)]
    return N.any_of([concept_query(c, vocab, thorough) for c in chosen])
