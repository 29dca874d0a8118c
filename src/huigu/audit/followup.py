"""Follow-up: which later document of the same office answers a plan, and which of its
passages report on one commitment.

* ``find_followup`` links a plan to the next document of the same department that
  reviews the plan year: a 2025 plan → the 2026 report's 2025年工作回顾 or the 2025
  全年总结; a 下半年 plan → the 全年 summary of that year.  The reason is kept as text.
* ``find_evidence`` ranks the follow-up's review passages (never its own plan
  passages) by the commitment's key terms — the indicator (城镇新增就业, 地区生产总值),
  the named objects (城西小学) — matched as substrings, as abbreviations (公厕 ~ 公共厕所)
  or by weighted character bigrams close together, and prefers sentences that carry a
  comparable number.  Sentences about five-year totals or next year's targets count less.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from huigu.audit.commitments import Commitment, Quantity, find_quantities
from huigu.lexicon.doctypes import ANSWERING_TYPES
from huigu.lexicon.departments import (  # noqa: F401
    _region_part,
    canonical_department,
    department_matches,
    same_department,
)
from huigu.lexicon.tables import synonyms_of
from huigu.text.normalize import match_key, nfkc
from huigu.text.numerals import goal_years

# ── which document follows up ────────────────────────────────────────────────


@dataclass
class Followup:
    doc: dict
    why: str

    def to_dict(self) -> dict:
        return {"doc_id": self.doc["id"], "title": self.doc.get("title") or self.doc.get("source"),
                "source": self.doc.get("source"), "why": self.why}


def _doc_date_key(doc: dict) -> tuple:
    return (doc.get("date") or f"{doc.get('year') or 0:04d}-99-99", doc.get("source", ""), doc.get("part", 1))


def plan_period(plan_doc: dict, plan_passage: dict | None = None) -> str:
    """全年 or 下半年: what span of time a plan section covers."""
    titles = "".join((plan_passage or {}).get("section_titles") or [])
    if "下半年" in titles or plan_doc.get("period") == "上半年":
        return "下半年"
    return "全年"


def _peers(plan_doc: dict, documents: list[dict]) -> tuple[list[dict], str]:
    """Documents of the plan's office, and a note when the match had to be loosened: a
    name without its region (科学技术局) matches the one office of that kind in the index."""
    peers = [d for d in documents if d["id"] != plan_doc["id"] and same_department(plan_doc, d)]
    canonical = canonical_department(plan_doc)
    if peers or not canonical or _region_part(canonical):
        return peers, ""
    similar = [d for d in documents if d["id"] != plan_doc["id"] and canonical_department(d).endswith(canonical)]
    names = {canonical_department(d) for d in similar}
    if len(names) == 1:
        return similar, f"计划文档只写“{plan_doc.get('department') or canonical}”，按索引中唯一的同类部门“{names.pop()}”匹配"
    return [], ""


def resolved_department(doc: dict, documents: list[dict]) -> str:
    """The office's name as the index knows it best: a name written without its region
    (科学技术局) becomes the one office of that kind in the index (云溪市科学技术局)."""
    name = doc.get("department") or doc.get("department_short") or ""
    canonical = canonical_department(doc)
    if not canonical or _region_part(canonical):
        return name
    peers, loosened = _peers(doc, documents)
    if loosened and peers:
        return max((d.get("department") or "" for d in peers), key=len)
    return name


def find_followup(plan_doc: dict, plan_year: int | None, documents: list[dict],
                  period: str = "全年") -> Followup | None:
    """The next document of the plan's office that reviews ``plan_year``."""
    if plan_year is None:
        return None
    peers, loosened = _peers(plan_doc, documents)
    candidates = []
    for doc in peers:
        if doc.get("review_year") != plan_year:
            continue
        if doc.get("date") and plan_doc.get("date") and doc["date"] <= plan_doc["date"]:
            continue
        if not any(section.get("kind") == "review" for section in doc.get("outline") or []) and \
                doc.get("doc_type") not in ANSWERING_TYPES:
            continue
        if (doc.get("period") or "全年") != "全年":
            continue  # a half-year summary does not answer a whole year's (or a second half's) plan
        rank = (0 if doc.get("doc_type") in ANSWERING_TYPES else 1, _doc_date_key(doc))
        candidates.append((rank, doc))
    if not candidates:
        return None
    candidates.sort(key=lambda pair: pair[0])
    doc = candidates[0][1]
    review_titles = [s["heading"] for s in doc.get("outline") or [] if s.get("kind") == "review"
                     and s.get("level") == 1]
    where = f"（{review_titles[0]}）" if review_titles else ""
    if loosened:
        same = loosened + "；"
    elif (doc.get("department") or "") == (plan_doc.get("department") or ""):
        same = "同一部门"
    else:
        same = f"同一部门（计划写作“{plan_doc.get('department')}”）"
    span = f"{plan_year}年下半年工作安排" if period == "下半年" else f"{plan_year}年计划"
    why = (f"{same}“{doc.get('department') or canonical_department(doc)}”回顾{plan_year}年的"
           f"{'全年' if period == '下半年' else ''}{doc.get('doc_type') or '文档'}{where}，对应{span}")
    if len(candidates) > 1:
        why += f"；另有{len(candidates) - 1}份候选，取最早的一份"
    return Followup(doc, why)


# ── evidence ────────────────────────────────────────────────────────────────


@dataclass
class Evidence:
    passage: dict  # stored passage data
    sentence: str
    start: int  # offsets of the sentence in the passage text
    end: int
    score: float
    matched: list[str] = field(default_factory=list)  # terms found
    quantities: list[Quantity] = field(default_factory=list)  # numbers of the sentence
    five_year: bool = False
    forward: bool = False  # reads like next year's plan
    others: list[Evidence] = field(default_factory=list)  # other matching sentences of the same passage
    match: float = 0.0  # how well the best term matched, 0–1


_FIVE_YEAR_RE = re.compile(r"五年|过去[三五]年|平均每年|每年平均|十[一二三四五六七八九]五|累计|年均|“十|以来")
_FORWARD_RE = re.compile(r"(?:今年|明年|下一步|预期目标|目标是|力争|计划|拟|将要|将会|将着力|要加快|要着力)")
_LOOK_BACK_RE = re.compile(r"过去一年|过去的一年|(?<![比较])去年|上一年|刚刚过去|一年来|回顾")
# the follow-up's own plan and budget: 今年赤字率拟按3%安排，…比去年增加2000亿元
# (not the 要 of 主要, 重要, 需要, the 将 of 将近, the 计划 of 计划生育: 粮食总产量达到4650亿公斤，增产将近200亿公斤，
# 主要农产品产量都有不同程度的增加 is a review, 1996)
_OWN_PLAN_RE = re.compile(r"今年|明年|下一步|预期|目标|力争|计划(?!生育|单列)|拟|安排|将(?!近)|(?<![主重需纲摘提概])要(?!素)|确保|争取")
# a look-back held against last year's plan is still a look-back: 去年…全年货币发行还比年初计划少了近500亿元 (1999)
# and so is one saying the plan was met: …既降低了物价涨幅，又保持了经济较快增长，实现了年初预定的调控目标 (1996)
_AGAINST_PLAN_RE = re.compile(r"比年初(?:计划|预期|目标)|比(?:原)?计划|(?:实现|达到|完成)了[^。；，]{0,12}(?:目标|任务)|"
                              r"(?:低于|高于|超过|接近)(?:了)?(?:年初)?预定的?[^。；，]{0,6}目标")


def _own_plan(sentence: str) -> bool:
    return bool(_OWN_PLAN_RE.search(_AGAINST_PLAN_RE.sub("", sentence)))
_STOP_BIGRAMS = {"建设", "推进", "发展", "加快", "工作", "全面", "实施", "进一步", "持续", "加强", "提升", "完成",
                 "实现", "开展", "推动", "年内", "全年", "力争", "确保", "努力", "新建", "建成", "项目"}


_EVIDENCE_SENTENCE_RE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?[”’」』）)]*")
_JOIN_RE = re.compile(r"[\r\n\u200b\u200c\u200d\ufeff]+")


def evidence_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of a follow-up passage; a line break is not a sentence end here (some
    sources break lines inside a sentence, even inside a number: 74.4⏎万亿元)."""
    return [m.span() for m in _EVIDENCE_SENTENCE_RE.finditer(text) if m.group(0).strip()]


_MULTI_YEAR_LEAD_RE = re.compile(r"五年来|过去五年|五年间|五年中|“十[一二三四五六七八九]五”(?:时期|期间|以来)|十[一二三四五六七八九]五(?:时期|期间)|"
                                 r"本届政府|任期内")


class SentencePool:
    """The sentences of a follow-up document that may report on a plan, with bigram weights."""

    def __init__(self, passages: list[dict], plan_year: int | None, doc: dict | None = None):
        from huigu.audit.commitments import plan_passages

        self.items: list[tuple[dict, int, int, str, str]] = []  # passage, start, end, text, key
        # the follow-up's own plan, even under a heading without plan words: only its
        # look-backs (过去一年，…国内生产总值增长10.3%) may serve as evidence
        # (in a report with no section told apart only the sentences saying 今年要… are plan: the rest
        # of such a passage may report, and a sentence about this year is marked down below)
        plan_like = {p["id"] for p in plan_passages(passages, doc) if not p.get("this_year_only")} if doc else set()
        plan_like |= {p["id"] for p in passages if p.get("kind") == "plan"}
        self.multi_year: set[tuple[str, int]] = set()  # (passage id, start) of sentences in a 五年来 paragraph
        paragraph_multi_year: dict[tuple, bool] = {}
        for passage in passages:
            if passage.get("is_heading"):
                continue
            text = passage["text"]
            paragraph = (tuple(passage.get("section_path") or []), passage.get("paragraph"))
            lead = _MULTI_YEAR_LEAD_RE.search(text[:40])
            titles = "".join(passage.get("section_titles") or [])
            if _MULTI_YEAR_LEAD_RE.search(titles) and not (plan_year and str(plan_year) in titles):
                lead = True  # 一、“十一五”时期国民经济和社会发展的回顾
            if passage.get("piece", 1) == 1:
                paragraph_multi_year[paragraph] = bool(lead)
            multi = bool(lead) or paragraph_multi_year.get(paragraph, False)
            if multi and re.search(r"去年|过去一年|刚刚过去的|上一年" + (f"|{plan_year}年" if plan_year else ""), text):
                multi = False  # 刚刚过去的2017年，…国内生产总值增长6.9%
            looking_back = None
            for start, end in evidence_sentences(text):
                if passage["id"] in plan_like:
                    if _LOOK_BACK_RE.search(text[start:end]) and not _own_plan(text[start:end]):
                        looking_back = True
                    elif _own_plan(text[start:end]):
                        looking_back = False
                    elif looking_back is None or _FORWARD_RE.search(text[start:end]):
                        looking_back = False
                    if not looking_back:
                        continue
                if plan_year and any(y > plan_year for y in goal_years(nfkc(text[start:end]))):
                    continue  # 社会商品零售总额一九八五年将达到二千九百亿元 (1982, a five-year report): a plan, not a review
                if multi:
                    self.multi_year.add((passage["id"], start))
                sentence = _JOIN_RE.sub("", text[start:end])  # 74.4\n万亿元 (a line broken in the source)
                if len(match_key(sentence)) < 4:
                    continue
                self.items.append((passage, start, end, sentence, match_key(sentence)))
        self.plan_year = plan_year
        df: Counter = Counter()
        self.by_gram: dict[str, set[int]] = {}
        self.by_char: dict[str, set[int]] = {}
        for index, item in enumerate(self.items):
            grams = set(_bigrams(item[4]))
            df.update(grams)
            for gram in grams:
                self.by_gram.setdefault(gram, set()).add(index)
            for char in set(item[4]):
                self.by_char.setdefault(char, set()).add(index)
        total = max(1, len(self.items))
        self.idf = {gram: math.log(1 + total / count) for gram, count in df.items()}
        self.default_idf = math.log(1 + total)
        self._weights: dict[str, float] = {}
        self._quantities: dict[int, list[Quantity]] = {}

    def weight(self, gram: str) -> float:
        if gram not in self._weights:
            base = self.idf.get(gram, self.default_idf)
            self._weights[gram] = base * (0.3 if gram in _STOP_BIGRAMS else 1.0)
        return self._weights[gram]

    def candidates(self, terms: list[str]) -> list[int]:
        """Sentences that could match any term: they share a bigram with it, or hold all
        its characters (an abbreviation: 公厕 ~ 公共厕所)."""
        found: set[int] = set()
        for term in terms:
            key = match_key(term)
            if len(key) < 2:
                continue
            for gram in _bigrams(key):
                found |= self.by_gram.get(gram, set())
            if len(key) <= 6:
                sets = [self.by_char.get(c, set()) for c in set(key)]
                if all(sets):
                    found |= set.intersection(*sets)
        return sorted(found)

    def quantities(self, index: int) -> list[Quantity]:
        if index not in self._quantities:
            self._quantities[index] = find_quantities(self.items[index][3])
        return self._quantities[index]


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return match_key(text)


def _bigrams(key: str) -> list[str]:
    return [key[i:i + 2] for i in range(len(key) - 1)] if len(key) > 1 else [key]


def term_match(term: str, key: str, pool: SentencePool) -> float:
    """How well ``term`` is present in a sentence key, 0–1: exact, abbreviation
    (公厕 in 公共厕所), or weighted bigrams close together with the head character present."""
    term = _key(term)
    if len(term) < 2:
        return 0.0
    if term in key:
        return 1.0
    if _abbreviation_in(term, key):
        return 0.85
    grams = _bigrams(term)
    total = sum(pool.weight(g) for g in grams) or 1.0
    best = 0.0
    span = len(term) + 4
    gram_set = set(grams)
    weights = {g: pool.weight(g) for g in gram_set}
    positions = [i for i in range(len(key) - 1) if key[i:i + 2] in gram_set]
    for first in positions:
        window = key[first:first + span]
        got = sum(w for g, w in weights.items() if g in window)
        score = got / total
        if term[-1] not in window:
            score *= 0.5
        best = max(best, score)
    # synonyms that share characters but not bigrams (垃圾中转站 ~ 垃圾转运站)
    for position, char in enumerate(key):
        if char != term[-1]:
            continue
        window = key[max(0, position - len(term) - 2):position + len(term) + 2]
        chars = sum(1 for c in term if c in window) / len(term)
        if chars >= 0.75 and any(g in window for g in grams):
            best = max(best, 0.75 * chars)
    if best < 0.9 and len(term) >= 6 and _reordered_in(term, key):
        best = 0.9  # the same words in another order: 农村新型合作医疗制度 ~ 新型农村合作医疗制度
    if not names_which(term, key):
        best = min(best, 0.4)
    return min(best, 1.0)


def names_which(term: str, key: str) -> bool:
    """Whether ``key`` has the words that say which reform ``term`` is, not only its kind:
    铁路管理体制改革方案 is not reported by “垄断行业管理体制改革迈出实质性步伐” (2003, a five-year review)."""
    kind = _KIND_TAIL_RE.search(term)
    if not kind or kind.start() < 2:
        return True
    which = term[:kind.start()]
    return any(gram in key for gram in _bigrams(which)) or _abbreviation_in(which, key)


_KIND_TAIL_RE = re.compile(r"(?:管理体制|体制|制度|机制)改革(?:方案|试点)?$")


def _reordered_in(term: str, key: str) -> bool:
    """A stretch of ``key`` as long as ``term`` made of exactly its characters."""
    if not set(term) <= set(key):
        return False
    want, size = sorted(term), len(term)
    return any(sorted(key[i:i + size]) == want for i in range(len(key) - size + 1) if key[i] in term)


def _abbreviation_in(term: str, key: str) -> bool:
    """Characters of ``term`` in order within a short stretch of ``key`` (高企 ~ 高新技术企业)."""
    if len(term) < 2:
        return False
    limit = len(term) * 2 + 1 if len(term) > 2 else 6
    start = key.find(term[0])
    while start != -1:
        position, ok = start, True
        for char in term[1:]:
            position = key.find(char, position + 1)
            if position == -1 or position - start >= limit:
                ok = False
                break
        if ok:
            return True
        start = key.find(term[0], start + 1)
    return False


_COUNTERS = {"个", "家", "座", "所", "处", "项"}  # interchangeable counters: 20个 超市 ~ 10家 超市
_HEADCOUNTS = {"人", "户", "个", "家", "套", "人次", "count"}  # 240万 (no unit) ~ 200万人


def comparable(target: Quantity, found: Quantity) -> bool:
    same = target.family == found.family or (target.family in _COUNTERS and found.family in _COUNTERS) or \
        ("count" in (target.family, found.family) and {target.family, found.family} <= _HEADCOUNTS)
    if not same:
        return False
    if target.family in ("%", "pp", "‰") or found.family in ("%", "pp", "‰"):
        if target.measure in ("growth", "decline") or found.measure in ("growth", "decline"):
            return target.measure == found.measure or {target.measure, found.measure} == {"growth", "decline"}
        return True
    # counts: 减少农村贫困人口1000万 ~ 农村贫困人口减少1442万 ~ 完成1000万…脱贫
    return "input" not in (target.measure, found.measure)


# Spellings of common indicators that reports use for one another, beyond the project's
# synonym table (data/synonyms.toml, used by search as well).
INDICATOR_SYNONYMS = (
    ("能耗强度", "单位国内生产总值能耗", "单位地区生产总值能耗", "单位GDP能耗", "能源消耗强度", "能耗"),
    ("能源消耗", "能耗"),
    ("赤字率", "财政赤字占国内生产总值的比重", "财政赤字率"),
    ("保障房", "保障性住房", "保障性安居工程"),
    ("居民消费价格", "CPI", "物价"),
    # the reports of the 1990s: 物价上涨幅度控制在10%左右 (1996) ~ “物价涨幅要从14.8%降到10%左右，…实际回落到6.1%” (1997)
    ("物价上涨幅度", "物价涨幅", "零售物价涨幅", "商品零售价格涨幅", "零售物价上涨幅度"),
    ("进出口", "外贸进出口", "进出口总额"),
    ("城乡居民人均可支配收入", "城镇居民人均可支配收入", "农村居民人均可支配收入"),
    ("一般公共预算收入", "公共财政预算收入", "地方一般公共预算收入"),
    # a harvest said without a number is the grain output mentioned: “大灾之年，农业仍然获得了好收成” (1999)
    ("粮食总产量", "粮食产量", "好收成", "粮食丰收"),
)


@cache
def _indicator_table() -> dict:
    table: dict[str, list[str]] = {}
    for group in INDICATOR_SYNONYMS:
        for word in group:
            table.setdefault(word, []).extend(w for w in group if w != word)
    for word, others in synonyms_of().items():
        table.setdefault(word, []).extend(others)
    return table


def with_synonyms(terms: list[str]) -> list[str]:
    """Terms plus their spellings from the synonym tables (棚改 ~ 棚户区改造, 高企 ~ 高新技术企业,
    能耗强度 ~ 单位国内生产总值能耗)."""
    out = list(terms)
    table = _indicator_table()
    for term in terms:
        for word, others in table.items():
            if len(word) >= 2 and word in term:
                for other in others:
                    variant = term.replace(word, other)
                    if variant not in out and len(variant) <= 24:
                        out.append(variant)
                if term != word and len(word) <= 4 and len(term) - len(word) <= 4:
                    # the abbreviation inside a short phrase: 棚改 of 三年棚改攻坚; not 新农合 alone for
                    # 城镇居民医保和新农合补助标准 (a sentence on 新农合 need not give its 补助标准)
                    out.extend(w for w in [word, *others] if w not in out and len(w) >= 2)
    return out


_PHASE_RE = re.compile(r"[一二三四五六七八九]期")


def find_evidence(commitment: Commitment, pool: SentencePool, limit: int = 3,
                  terms: list[str] | None = None, targets: list[Quantity] | None = None) -> list[Evidence]:
    """The sentences of the follow-up that report on ``commitment`` (or on some of its
    ``terms`` / ``targets``), best first, one per passage."""
    base_terms = terms or commitment.terms or [commitment.indicator]
    terms = with_synonyms(base_terms)
    targets = commitment.targets if targets is None else targets
    weights = [1.0] + [0.9] * (len(terms) - 1)
    phases = set(_PHASE_RE.findall(commitment.text))
    context_terms = [t for t in getattr(commitment, "context_terms", []) if t not in terms]
    scored: list[Evidence] = []
    for index in pool.candidates(terms):
        passage, start, end, sentence, key = pool.items[index]
        matches = [(t, w * term_match(t, key, pool)) for t, w in zip(terms, weights)]
        best_term, best = max(matches, key=lambda pair: pair[1]) if matches else ("", 0.0)
        if best < 0.45:
            continue
        extra = sum(score for t, score in matches if t != best_term and score >= 0.6)
        context = max((term_match(t, key, pool) for t in context_terms), default=0.0)
        score = best + 0.25 * min(extra, 2.0) + 0.1 * context
        quantities = pool.quantities(index)
        if commitment.kind == "target" and targets:
            if any(comparable(t, q) for t in targets for q in quantities):
                score += 0.35
            elif not quantities:
                score -= 0.1
            for target in targets:
                if any(abs(q.base_value - target.base_value) < 1e-9 and q.family == target.family for q in quantities):
                    score += 0.1  # the very number (完成4000户)
                    break
        five_year = bool(_FIVE_YEAR_RE.search(sentence)) or (passage["id"], start) in pool.multi_year
        if phases:
            found_phases = set(_PHASE_RE.findall(sentence))
            if found_phases & phases:
                score += 0.3
            else:
                score *= 0.6 if found_phases else 0.8
        forward = bool(_FORWARD_RE.search(sentence)) and pool.plan_year is not None and \
            str(pool.plan_year + 1) in sentence
        if five_year:
            score *= 0.7
        if forward or (re.search(r"(?:今年|明年)", sentence) and passage.get("kind") != "review"):
            score *= 0.5
        kind = passage.get("kind")
        score *= 1.0 if kind == "review" else (0.85 if kind == "other" else 0.75)
        if pool.plan_year and passage.get("about_year") not in (None, pool.plan_year):
            score *= 0.8
        scored.append(Evidence(passage, sentence, start, end, round(score, 4),
                               [t for t, s in matches if s >= 0.6] or [best_term], quantities, five_year, forward,
                               match=best))
    scored.sort(key=lambda e: (-e.score, e.passage.get("seq", 0), e.start))
    out, by_passage = [], {}
    for evidence in scored:
        leader = by_passage.get(evidence.passage["id"])
        if leader is not None:
            leader.others.append(evidence)
            continue
        if len(out) >= limit:
            continue
        by_passage[evidence.passage["id"]] = evidence
        out.append(evidence)
    return out
