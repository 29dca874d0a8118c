"""Ranking: how many of the query's concepts a passage really holds first, then BM25F
adjusted by named weights (reports before other material, the years and the office the
query names, concepts in headings).  ``docs/architecture.md`` describes the order."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from huigu.lexicon.doctypes import REPORT_TYPES
from huigu.search.question import LAST_YEAR, implied_aspect, names_a_year, states_number
from huigu.text.glossary import opens_glossary_entry
from huigu.text.normalize import CJK_CHAR_RE, match_key
from huigu.text.numerals import goal_years, year_spellings

NOT_A_REPORT_FACTOR = 0.5  # laws and other material stay searchable, but a report comes first
# a year named in the query ("2019年…"): the passage is about that year …
ABOUT_THE_YEAR = 1.6
ABOUT_THE_YEAR_PLAN = 1.2  # … as a plan (a question's year mostly asks what happened then)
REVIEW_OF_THE_YEAR_NAMED = 1.5  # the document reviews that year and the passage names it
REVIEW_OF_THE_YEAR = 1.3  # the document reviews that year
NAMES_THE_YEAR = 1.3  # the passage writes the year (二〇一九 too)
DOCUMENT_OF_THE_YEAR = 1.2  # the document is of that year
OTHER_YEAR = 0.35
OWN_OFFICE = 1.8  # an office named among the query's words: its documents …
OTHER_OFFICE = 0.5  # … and everyone else's
IN_HEADING = 0.15  # each concept in a section or document title adds this share
# a question (``search.question``): what it asks for, stated in the passage
STATES_NUMBER_WITH_UNIT = 2.0  # 多少户 … a number with that unit near the indicator
STATES_NUMBER = 1.6  # 多少 … a number near the indicator
NO_NUMBER = 0.5  # 多少, and the passage states none: it cannot answer
NAMES_A_YEAR = 1.4  # 哪一年 / 什么时候 … the passage names a year (or 今年, 去年)
ASKED_SECTION = 2.0  # 目标 → that year's plan; 完成 → the review of that year
OTHER_SECTION = 0.5  # … and the other section of that year
GLOSSARY_ENTRY = 0.5  # 多少 / 哪一年: a glossary entry says what a word means, not how much or when
SPELLS_OUT = 1.6  # a short form typed, spelled out in brackets in the passage …
SHORT_FORM_CHARS = 4  # … a short form being this long at most
ASKED_KIND = 1.4  # 目标 / 完成 without a year: plans / reviews first
LATEST_YEAR = 2.0  # 现在 / 目前 / 最新: the office's latest report …
EARLIER_YEAR = 0.5  # … and its earlier ones
WORD_CUT_CHARS = 3  # only matches this short are checked for being cut out of longer words (高企 in 提高企业)
EXPANSION_ONLY = 0.35  # the passage holds a concept only as an expansion of an unknown word
SYNONYM_ONLY = 0.65  # … only as a synonym of the word typed (亚洲基础设施投资银行 for 亚投行): the typed form first


def holds(haystack_key: str, concept) -> bool:
    return any(key in haystack_key for key in concept.keys)


def crosses_word(text: str, start: int, end: int, vocab) -> bool:
    """Does ``text[start:end]`` begin or end inside a word?  It does when the character
    outside and the first (last) one inside make a commoner word of the knowledge base
    than the match's own first (last) two characters, and the rest of the match still
    reads as a word without that character: 高企 in 提高企业 (提高, 企业).  营造林 holds
    造林: taking 营造 leaves 林 alone, so the match may stand."""
    if vocab is None or not 2 <= end - start <= WORD_CUT_CHARS:
        return False

    def cjk(i: int) -> bool:
        return 0 <= i < len(text) and bool(CJK_CHAR_RE.match(text[i]))

    def word(a: int, b: int) -> bool:  # text[a:b] is a word of the knowledge base
        return all(cjk(i) for i in range(a, b)) and vocab.df(text[a:b]) > 0

    if cjk(start - 1) and vocab.df(text[start - 1:start + 1]) > vocab.df(text[start:start + 2]) \
            and (word(start + 1, end) if end - start > 2 else word(end - 1, end + 1)):
        return True
    if cjk(end) and vocab.df(text[end - 1:end + 1]) > vocab.df(text[end - 2:end]) \
            and (word(start, end - 1) if end - start > 2 else word(start - 1, start + 1)):
        return True
    return False


def holds_word(haystack: str, key: str, vocab) -> bool:
    """``key`` stands in ``haystack`` somewhere not cut out of longer words."""
    start = haystack.find(key)
    while start >= 0:
        if not crosses_word(haystack, start, start + len(key), vocab):
            return True
        start = haystack.find(key, start + 1)
    return False


def holds_concept(haystack: str, concept, vocab=None, keys=None) -> bool:
    """A piece of a typed run (亚投 of 亚投行) may run on into the next piece; a whole
    word, a synonym or an expansion must stand as a word."""
    keys = concept.keys if keys is None else keys
    if vocab is None:
        return any(key in haystack for key in keys)
    typed = match_key(concept.text) if concept.piece else None
    return any(holds_word(haystack, key, None if key == typed else vocab) for key in keys if key)


def coverage(hit, concepts, vocab=None) -> int:
    """How many of the query's concepts the passage (or its headings) really holds, as
    words rather than pieces of longer ones (with ``vocab``).  Also counts
    (``hit.expanded_only``) those it holds only as an expansion of a short form."""
    held = [c for c in concepts
            if holds_concept(hit.key, c, vocab) or holds_concept(hit.titles_key, c, vocab)]
    hit.expanded_only = sum(1 for c in held if c.expansions and not (
        holds_concept(hit.key, c, vocab, c.literal_keys) or holds_concept(hit.titles_key, c, vocab, c.literal_keys)))
    hit.synonym_only = sum(1 for c in held if len(c.literal_keys) > 1 and not (
        holds_concept(hit.key, c, vocab, c.literal_keys[:1]) or holds_concept(hit.titles_key, c, vocab, c.literal_keys[:1])))
    return len(held)


def exact_concepts_hold(hit, concepts, vocab=None) -> bool:
    """A quoted phrase must stand in the passage text itself, as typed."""
    return all(holds_concept(hit.key, c, vocab) for c in concepts if c.exact)


def is_report(data: dict) -> bool:
    return data["doc"].get("doc_type") in REPORT_TYPES


# a sentence that opens by looking back (过去的一年，…国内生产总值比上年增长10.2%; 。去年居民消费价格涨幅回落到2.6%);
# a plan that weighs 去年价格变动的翘尾因素 in mid-sentence reviews nothing
_LOOKS_BACK_RE = re.compile(rf"(?:^|[。；！？])\s*(?:过去的?一年|{LAST_YEAR})")


def _looks_back(text: str) -> bool:
    """A passage with a sentence that opens by looking back reviews the year before."""
    return bool(_LOOKS_BACK_RE.search(text))


# a look back over several years (这五年，…城镇新增就业5771万人) is no review of the one year asked for
# (…是十年来最多的一年 ranks the one year: no look back)
_SEVERAL_YEARS_RE = re.compile(r"这五年|五年来(?!最)|过去五年|十年来(?!最)|这十年|[两三四五六七八九十]年(?:来(?!最)|累计|共)")


@lru_cache(maxsize=256)
def _years_re(years: frozenset) -> re.Pattern:
    return re.compile("|".join(re.escape(sp) for y in sorted(years) for sp in year_spellings(y)))


# a year written as the base of a comparison (2007年，国内生产总值…比2002年增长65.5%) or a starting point
# (2002年以来) is not the year the passage tells about
_BASE_BEFORE = frozenset("比较同与和从自按")  # 按2010年价格计算 too
_BASE_AFTER_RE = re.compile(r"年?(?:以来|相比|比较|的基础上|水平|翻一番|翻两番)")


def _names_years(text: str, years: set[int]) -> bool:
    """``text`` writes one of ``years`` (二〇一九 too), other than as a base of comparison."""
    if not years:
        return False
    for match in _years_re(frozenset(years)).finditer(text):
        if text[max(0, match.start() - 1):match.start()] in _BASE_BEFORE and match.start() > 0 or \
                _BASE_AFTER_RE.match(text, match.end()):
            continue
        return True
    return False


def _several_years(text: str, years: set[int], stock: bool) -> bool:
    """``text`` looks back over several years without naming the one asked for — which does not
    matter for a stock at the year's end (1997年底国家外汇储备: 五年来…由194亿美元增加到1399亿美元)."""
    return not stock and bool(_SEVERAL_YEARS_RE.search(text)) and \
        not _names_years(text, years)


def _aims_later(text: str, years: set[int]) -> bool:
    """``text`` sets a goal for a year after the ones asked (到一九八五年，进出口贸易总额将达到八百五十五亿元):
    the plan of a five-year report, not its review of the year, whatever section it stands in."""
    return any(y > max(years) for y in goal_years(text))


def year_factor(data: dict, years: set[int], stock: bool = False) -> float:
    """A year named in the query ("2019年…目标") favours passages about that year."""
    doc = data["doc"]
    text = data["text"]
    named = _names_years(text, years)
    several = _several_years(text, years, stock)
    later = data.get("kind") != "review" and _aims_later(text, years)
    if data.get("about_year") in years and not several and not later:
        # "目标" in the query brings plans forward through coverage
        return ABOUT_THE_YEAR_PLAN if data.get("kind") == "plan" else ABOUT_THE_YEAR
    if doc.get("review_year") in years and (data.get("kind") in ("review", "other") or _looks_back(text)) and \
            not several and not later:
        # a plan passage that looks back (过去一年，…城镇新增就业1168万人) reviews the year too
        return REVIEW_OF_THE_YEAR_NAMED if named else REVIEW_OF_THE_YEAR
    if named:
        return NAMES_THE_YEAR
    if data.get("kind") in ("review", "problem") and data.get("about_year") is not None:
        return OTHER_YEAR  # the 2009 report's review of 2008 says nothing of 2009
    if doc.get("year") in years:
        return DOCUMENT_OF_THE_YEAR
    return OTHER_YEAR


_RESULT_RE = re.compile(r"比上年(?:增长|增加|下降|减少|提高)|(?:达到|突破|超过)[\d一二三四五六七八九十]")
_AHEAD_RE = re.compile(r"今年|明年|(?<![主需重必纲])要(?![求素])|(?<![即])将(?!近)|力争|计划|预期|目标")


def section_factor(data: dict, years: set[int], aspect: str, stock: bool = False) -> Optional[float]:
    """目标 with a year asks for that year's plan; 完成 / 实际 for its review (mostly in the
    next year's report).  None: the passage is neither (the year factor decides)."""
    doc = data["doc"]
    kind = data.get("kind")
    about = data.get("about_year")
    if aspect == "plan":
        if kind == "plan" and (about in years or (about is None and doc.get("plan_year") in years)):
            return ASKED_SECTION
        if kind == "review" and (about in years or doc.get("review_year") in years):
            return OTHER_SECTION
        return None  # a passage of no known kind (今年国民生产总值计划增长百分之八): the year decides
    text = data.get("text", "")
    if _several_years(text, years, stock):
        return None  # 这五年，…: several years, the year factor decides
    if kind == "review" and (about in years or (about is None and doc.get("review_year") in years)):
        return ASKED_SECTION
    if kind == "plan" and doc.get("review_year") in years and _looks_back(text):
        return ASKED_SECTION  # 过去一年，我们的各项工作取得了很大成绩。…城镇新增就业1168万人 (in the plan chapter)
    # (计划规定，到一九八五年，…将达到…: no review, whatever section it stands in)
    later = kind == "other" and _aims_later(text, years)
    if kind != "plan" and doc.get("review_year") in years and about in years | {None} and not later:
        return ASKED_SECTION  # (a passage of no known kind in that year's own report is not its review)
    if kind == "other" and not later and doc.get("review_year") in years and about == doc.get("year") and \
            not _names_years(text, {about}) and _RESULT_RE.search(text) and not _AHEAD_RE.search(text):
        # 国务院 1989, no section told apart: 对外开放进一步扩大。进出口总额突破1000亿美元，比上年增长24.4% is about
        # 1988 though the passage takes the report's year; results said in the past, nothing ahead
        return ASKED_SECTION
    if kind == "plan" and (about in years or (about is None and doc.get("plan_year") in years)):
        return OTHER_SECTION
    if doc.get("plan_year") in years and doc.get("review_year") not in years and about in years | {None}:
        return OTHER_SECTION  # that year's own report can only look ahead at it (1993年是…的一年)
    return None


def question_factor(hit, plan) -> float:
    """What a plain-language question asks for (``search.question``), stated in the passage."""
    question = plan.question
    if question is None:
        return 1.0
    data = hit.data
    factor = 1.0
    if question.asks == "number":
        needles = [alt for c in plan.concepts for alt in c.alternatives if len(alt) > 1]
        stated = states_number(data["text"], needles, question.unit)
        factor *= {2: STATES_NUMBER_WITH_UNIT, 1: STATES_NUMBER}.get(stated, NO_NUMBER)
    elif question.asks == "year" and names_a_year(data["text"]):
        factor *= NAMES_A_YEAR
    if question.asks and opens_glossary_entry(data["text"]):
        factor *= GLOSSARY_ENTRY  # 25.科技型企业“登高、升规、晋位、上市”四个工程：“登高”即…: says what a word means
    if question.aspect and not plan.years and not plan.latest_year:
        if data.get("kind") == question.aspect:
            factor *= ASKED_KIND
    if plan.latest_year:
        factor *= LATEST_YEAR if data["doc"].get("year") == plan.latest_year else EARLIER_YEAR
    return factor


def _plan_extras(plan) -> dict:
    """What ``adjusted_score`` reads from the plan, worked out once per query (not per passage)."""
    extras = getattr(plan, "_rank_extras", None)
    if extras is None:
        shorts = [c.text for c in plan.concepts if len(c.text) <= SHORT_FORM_CHARS and not c.exact]
        question = plan.question
        extras = {
            # 目标 / 实际 as said, or as a year's number asked without either implies (see ``implied_aspect``)
            "aspect": (question.aspect or implied_aspect(plan)) if question is not None else None,
            # a year-end stock or a level reached (达到多少): a look back over five years ends with it
            "stock": plan.question is not None and bool(re.search(r"年底|年末|达到", plan.question.original)),
            "spelled_out": re.compile("[“\"](?:" + "|".join(map(re.escape, shorts)) + r")[”\"][（(]") if shorts else None,
        }
        plan._rank_extras = extras
    return extras


def adjusted_score(hit, plan) -> float:
    score = hit.score
    data = hit.data
    if not is_report(data):
        score *= NOT_A_REPORT_FACTOR
    extras = _plan_extras(plan)
    if plan.years:
        years, aspect, stock = set(plan.years), extras["aspect"], extras["stock"]
        section = section_factor(data, years, aspect, stock) if aspect else None
        score *= section if section is not None else year_factor(data, years, stock)
    score *= question_factor(hit, plan)
    if getattr(hit, "expanded_only", 0):
        score *= EXPANSION_ONLY ** hit.expanded_only
    if getattr(hit, "synonym_only", 0):
        score *= SYNONYM_ONLY ** hit.synonym_only
    if plan.departments:
        doc = data["doc"]
        own = any(name in (doc.get("department") or "") or name == doc.get("department_short")
                  for name in plan.departments)
        score *= OWN_OFFICE if own else OTHER_OFFICE
    if extras["spelled_out"] is not None and extras["spelled_out"].search(data.get("text", "")):
        score *= SPELLS_OUT  # “三通”（通邮、通商、通航）: the passage says what the short form stands for
    headings = hit.titles_key + match_key(data["doc"].get("title", ""))
    in_headings = sum(1 for c in plan.concepts if holds(headings, c))
    return score * (1 + IN_HEADING * in_headings)


def order_key(hit) -> tuple:
    """More of the query first; at equal coverage, reports before other material (laws…);
    equal scores (to 6 places: the two stores' sums differ in the last bits) by id, so that
    the local index and the database rank alike whatever order the files were written in."""
    return (-hit.coverage, not is_report(hit.data), -round(hit.score, 6), hit.id)
