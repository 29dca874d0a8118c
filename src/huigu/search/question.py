"""Reading a question typed in plain language (2016年城镇新增就业实际完成多少).

Question words and fillers are not words to match (多少, 哪一年, 是多少, 有哪些, 是否,
怎么样, 现在, 目前…); they say what is asked for instead:

* ``asks``: ``"number"`` (多少, 几家…: a passage stating a number with the indicator
  answers) or ``"year"`` (哪一年, 什么时候: a passage naming the year answers);
* ``aspect``: ``"plan"`` (目标, 计划, 预期: the plan section of that year's report) or
  ``"review"`` (完成, 实际, 达到, 实现: the review of that year, in the next year's report);
* ``latest``: 现在, 目前, 最新 — the latest year the knowledge base holds for that office;
  去年 (its review) and 今年 / 明年 (its plan) too, where the query names no year;
* ``unit``: the measure word after 多少 (多少家 → 家), which the number should carry.

Only text outside quotes is read this way, and only when the query is a question (it
holds a question word): ``城镇新增就业 目标`` keeps 目标 as a word to match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

UNITS = ("亿元", "万元", "元", "万人次", "人次", "万人", "人", "万户", "户", "家", "个", "项", "所", "座", "名",
         "万吨", "吨", "亿斤", "万斤", "斤", "万亩", "亩", "公里", "千米", "米", "平方米", "万套", "套", "标准箱",
         "辆", "台", "件", "倍", "天", "次", "条", "处", "岁")
_UNIT_RE = "|".join(sorted(UNITS, key=len, reverse=True))

# (pattern, what it says) — longest first; all of them are removed from the words to match
_YEAR_ASK = r"(?:是)?(?:在)?(?:哪一年|哪年|哪个年份|哪一年份|什么时候|什么时间|何时|哪个时候|几几年)"
_NUMBER_ASK = rf"(?:定的?是|定为|定在|是|有|为|了)?(?:多少|几)(?P<unit>{_UNIT_RE})?"  # 增长目标定的是多少
_NUMBER_WORDS = r"多大|多高|多长|多快|几成"
_LATEST = r"现在|目前|当前|如今|最新的?|眼下|至今"
LAST_YEAR = r"(?<![比较同])去年(?!同期)"  # 广东去年进出口总额多少: the review in the office's latest report
_THIS_YEAR = r"今年|明年"  # 广东今年经济增长目标: the plan in its latest report
_WHICH_ONES = r"(?:是|有|包括)?哪[一二三四五六七八九十两几]+(?:个|项|条|种|大|方面)?"  # 五大发展理念是哪五个
_FILLERS = _WHICH_ONES + r"|是什么|是怎样|有哪些|哪些|是否|怎么样|怎样|如何|请问|情况|期间|时期|一共|总共|总计|的$|了$|吗|呢|[?？]"
_PLAN = r"预期目标|目标|(?<![一二三四五六七八九十年])计划|预期|打算|要达到|拟"
_REVIEW = r"实际完成|实际|完成了?|达到了?|实现了?"
_ASK_RE = re.compile(rf"{_YEAR_ASK}|{_NUMBER_ASK}|{_NUMBER_WORDS}|{_LATEST}|{LAST_YEAR}|{_THIS_YEAR}|"
                     rf"{_WHICH_ONES}|是什么|有哪些|是否|怎么样|吗|呢|[?？]")


_MODAL_END_RE = re.compile(r"(?:[要将]|(?<![峰大览易动运谈介接销员协学商工年例全议社机都晚庙盛合事讨货聘布彰论])会)$")
_A_YEAR_RE = re.compile(r"(?:19|20)\d\d\s*年|[一二〇零九]{4}年")


@dataclass
class Question:
    """What a query asks for beyond its words; ``text`` is the query left to match."""

    text: str
    asks: Optional[str] = None  # "number" | "year"
    aspect: Optional[str] = None  # "plan" | "review"
    latest: bool = False
    unit: str = ""
    removed: list[str] = field(default_factory=list)
    original: str = ""

    def __post_init__(self):
        self.original = self.original or self.text

    @property
    def is_question(self) -> bool:
        return bool(self.asks or self.aspect or self.latest or self.removed)


def _outside_quotes(text: str) -> list[tuple[str, bool]]:
    """(piece, quoted) in order; Chinese quotes count as quotes."""
    text = text.replace("“", '"').replace("”", '"')
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an unpaired quote: leave everything to the parser
        return [(text, True)]
    return [(part, i % 2 == 1) for i, part in enumerate(parts)]


def read_question(text: str) -> Question:
    """The question words of ``text`` taken out, and what they ask for."""
    pieces = _outside_quotes(text)
    plain = " ".join(p for p, quoted in pieces if not quoted)
    # a year with 目标 / 实际 asks for its plan or its review, asked as a question or not (2010年居民消费价格实际涨幅)
    aspect_of_a_year = bool(_A_YEAR_RE.search(plain)) and bool(re.search(f"{_PLAN}|{_REVIEW}", plain))
    if not (_ASK_RE.search(plain) or aspect_of_a_year) or re.search(r"\b(?:OR|NOT)\b|[()（）:]", plain):
        return Question(text)
    found = Question(text)
    out = []
    for piece, quoted in pieces:
        out.append(f'"{piece}"' if quoted else _read_piece(piece, found))
    found.text = " ".join(part for part in out if part.strip())
    found.text = re.sub(r"\s+", " ", found.text).strip()
    return found


def _read_piece(piece: str, found: Question) -> str:
    def take(pattern: str, what) -> None:
        nonlocal piece

        def replace(match: re.Match) -> str:
            found.removed.append(match.group(0))
            what(match)
            return " "
        piece = re.sub(pattern, replace, piece)

    def asks(kind):
        def set_ask(match):
            found.asks = found.asks or kind
            unit = match.groupdict().get("unit") if kind == "number" else None
            if unit:
                found.unit = unit
        return set_ask

    def latest(_match):
        found.latest = True

    def aspect(kind):
        def set_aspect(_match):
            found.aspect = found.aspect or kind
        return set_aspect

    def relative(kind):
        def set_relative(_match):
            found.latest = True
            found.aspect = found.aspect or kind
        return set_relative

    take(_YEAR_ASK, asks("year"))
    take(_PLAN, aspect("plan"))
    take(_REVIEW, aspect("review"))
    take(_NUMBER_ASK, asks("number"))
    take(_NUMBER_WORDS, asks("number"))
    take(_LATEST, latest)
    if not re.search(r"(?:19|20)\d\d|[一二〇零九]{4}年", piece):  # 2016年…去年 names its own year
        take(LAST_YEAR, relative("review"))
        take(_THIS_YEAR, relative("plan"))
    take(_FILLERS, lambda _m: None)
    # what is left around the removed words: lone particles are no words to match
    # (a modal 要 / 将 / 会 at the end goes; the 会 of 峰会, 大会, 博览会, 运动会 stays)
    words = [_MODAL_END_RE.sub("", w.strip("的了是有在和与")) for w in piece.split()]
    return " ".join(w for w in words if w)


# ── the asked-for thing in a passage ─────────────────────────────────────────

_CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
_NUMBER_RE = re.compile(rf"[0-9０-９][0-9０-９.．,，%％]*|百分之[{_CN_DIGITS}点]+|"
                        rf"[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?(?=(?:{_UNIT_RE}|%|％|倍|成))")
NEAR_CHARS = 30  # a number this close after the indicator (or a third of it before) states it
_YEAR_IN_TEXT_RE = re.compile(r"(?:1[89]|20)\d{2}\s*年|[一二〇零九]{4}年|去年|今年|上年|当年")


_CLAUSE_END_RE = re.compile(r"[，；。！？,;!?\n]")
# the indicator's own number: right after it, or after one of these (国内生产总值达到56.9万亿元)
_OWN_NUMBER_RE = re.compile(r"\s*(?:达到|达|完成|为|是|实现|突破|超过|超|增加到|增长到|提高到|下降到|约|近|逾|共|累计|总计|合计)?\s*")


def states_number(text: str, needles: list[str], unit: str = "") -> int:
    """2: the indicator's own number stands right after it (or carries the asked unit);
    1: a number stands in the same clause; 0: none (a year is no number here)."""
    best = 0
    lowered = text.lower()
    for needle in needles:
        start = lowered.find(needle)
        while start >= 0:
            end = start + len(needle)
            # 占国内生产总值的1.1%: a share of the indicator, a number in the clause but not its own
            share = bool(re.search(r"(?:占|相当于)(?:了|到)?$", lowered[max(0, start - 3):start]))
            after = lowered[end:end + NEAR_CHARS]
            cut = _CLAUSE_END_RE.search(after)
            if cut and cut.start() == 0:
                # the indicator as the topic, its number in the clause after: 我国进出口贸易总额，由一九七八年的
                # 三百五十五亿元增加到一九八二年的七百七十二亿元
                after = after[1:]
                cut = _CLAUSE_END_RE.search(after)
            after = after[:cut.start()] if cut else after
            before = lowered[max(0, start - NEAR_CHARS // 3):start]
            before = _CLAUSE_END_RE.split(before)[-1]
            for window, offset in ((after, 0), (before, None)):
                for match in _NUMBER_RE.finditer(window):
                    if re.fullmatch(r"(?:19|20)\d{2}", match.group(0).rstrip(".．,，")) and \
                            window[match.end():match.end() + 1] == "年":
                        continue  # a year is no answer to 多少
                    best = max(best, 1)
                    following = window[match.end():match.end() + 4]
                    if not share and ((unit and re.match(rf"[万亿千百]*{re.escape(unit)}", following)) or (
                            offset == 0 and _OWN_NUMBER_RE.fullmatch(window[:match.start()]))):
                        return 2
            start = lowered.find(needle, start + 1)
    return best


def names_a_year(text: str) -> bool:
    return bool(_YEAR_IN_TEXT_RE.search(text))


# ── how the query was read, said to the user ─────────────────────────────────

ASPECT_NAMES = {"plan": "计划部分", "review": "回顾部分"}


def implied_aspect(plan) -> Optional[str]:
    """A question for a number of a given year, or how it went, that says neither 目标 nor 实际
    (2010年城镇新增就业多少人, 1978年粮食总产量是多少, 2013年粮食生产情况怎么样) asks what happened that year: the review, mostly in the next year's report."""
    question = plan.question
    if question is None or question.aspect or not plan.years or plan.latest_year:
        return None
    if re.search(r"安排|预算", question.original) and question.asks == "number":
        return "plan"  # 2016年财政赤字安排了多少: a budget is set in that year's plan
    how = any(w.strip() in ("怎么样", "怎样", "如何", "情况") for w in question.removed)  # 2013年粮食生产情况怎么样
    return "review" if question.asks == "number" or how else None


def reading_of(plan, filters=None) -> dict:
    """What the query was searched as — words, years, offices, what a question asks for
    and the expansions used — with one line to show (按“城镇新增就业”“2016年”检索，优先回顾部分)."""
    words = [f"{c.text}（精确）" if c.exact else c.text for c in plan.concepts]
    years = sorted(set(plan.years))
    question = plan.question
    expansions = {c.text: list(c.expansions) for c in plan.concepts if getattr(c, "expansions", None)}
    synonyms = {c.text: [a for a in c.alternatives[1:] if a not in c.expansions] for c in plan.concepts
                if len(c.alternatives) > 1 and not c.exact}
    quoted = [f"“{w}”" for w in words + [f"{y}年" for y in years] + list(plan.departments)]
    parts = [f"按{''.join(quoted)}检索" if quoted else "按筛选条件检索"]
    prefer = []
    if question is not None:
        if question.aspect and years:
            span = "、".join(f"{y}年" for y in years)
            where = "当年报告的计划部分" if question.aspect == "plan" else "次年报告对当年的回顾"
            prefer.append(f"{ASPECT_NAMES[question.aspect]}（{span}：{where}）")
        elif question.aspect:
            prefer.append(ASPECT_NAMES[question.aspect])
        elif implied_aspect(plan) and years:
            implied = implied_aspect(plan)
            span = "、".join(f"{y}年" for y in years)
            where = "的安排：当年报告的计划部分" if implied == "plan" else "已过去：次年报告对当年的回顾"
            prefer.append(f"{ASPECT_NAMES[implied]}（{span}{where}）")
        if question.latest:
            prefer.append(f"最新年份（{plan.latest_year}年）" if plan.latest_year else "最新年份")
        if question.asks == "number":
            prefer.append(f"写明数字（…{question.unit}）的段落" if question.unit else "写明数字的段落")
        elif question.asks == "year":
            prefer.append("写明年份的段落")
    if prefer:
        parts.append("优先" + "、".join(prefer))
    for word, same in synonyms.items():
        if same and word not in expansions:
            parts.append(f"“{word}”同{''.join(f'“{w}”' for w in same if w not in expansions.get(word, []))}")
    for short, fulls in expansions.items():
        parts.append(f"“{short}”也按{''.join(f'“{f}”' for f in fulls)}检索")
    if question is not None and question.removed:
        ignored = list(dict.fromkeys(w.strip() for w in question.removed if w.strip()))
        if ignored:
            parts.append(f"问句词{''.join(f'“{w}”' for w in ignored)}不作检索词")
    return {
        "text": "，".join(parts),
        "words": words,
        "synonyms": synonyms,
        "years": years,
        "departments": list(plan.departments),
        "asks": question.asks if question else None,
        "aspect": question.aspect if question else None,
        "latest_year": plan.latest_year,
        "unit": question.unit if question else "",
        "ignored": list(dict.fromkeys(question.removed)) if question else [],
        "expansions": expansions,
    }
