"""Quantities in plan and report text: a number with its unit, magnitude, qualifier and
measure (level, growth, decline), as written and normalised to the unit family's base.

2.5亿元 → 250000000 元; 1200万人以上 → ≥ 12000000 人; 增长5.5%左右 → growth ≈ 5.5 %;
再压减一半 → decline 50 %.  Dates, ordinals and set phrases (三大攻坚战, 两个维护) are not
quantities.  Chinese numerals are read by ``huigu.text.numerals``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from huigu.text.numerals import cn_to_number

MAGNITUDE = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}


# Units, longest first.  Each maps to (family, factor to the family's base unit).
_UNITS: list[tuple[str, str, float]] = [
    ("个百分点", "pp", 1), ("百分点", "pp", 1), ("%", "%", 1), ("‰", "‰", 1),
    ("平方公里", "km2", 1), ("平方千米", "km2", 1), ("平方米", "m2", 1), ("平米", "m2", 1), ("立方米", "m3", 1),
    ("公顷", "ha", 1), ("亩", "亩", 1),
    ("公里", "km", 1), ("千米", "km", 1), ("米", "km", 0.001),
    ("千瓦时", "kwh", 1), ("度", "kwh", 1), ("千瓦", "kw", 1), ("兆瓦", "kw", 1000),
    ("吨标准煤", "吨标准煤", 1), ("吨", "吨", 1), ("公斤", "吨", 0.001), ("斤", "吨", 0.0005),
    ("美元", "美元", 1), ("元", "元", 1),
    ("人次", "人次", 1), ("户次", "户次", 1), ("场次", "场次", 1), ("家次", "家次", 1), ("架次", "架次", 1),
    ("标箱", "标箱", 1),
    ("人", "人", 1), ("户", "户", 1), ("家", "家", 1), ("个", "个", 1), ("项", "项", 1),
    ("座", "座", 1), ("所", "所", 1), ("条", "条", 1), ("栋", "栋", 1), ("幢", "栋", 1), ("套", "套", 1),
    ("辆", "辆", 1), ("台", "台", 1), ("场", "场", 1), ("次", "次", 1), ("名", "人", 1), ("位", "人", 1),
    ("件", "件", 1), ("篇", "篇", 1), ("批", "批", 1), ("间", "间", 1), ("张", "张", 1), ("支", "支", 1),
    ("处", "处", 1), ("块", "块", 1), ("部", "部", 1), ("种", "种", 1), ("期", "期", 1), ("倍", "倍", 1),
    ("床", "床", 1), ("株", "株", 1), ("棵", "株", 1), ("头", "头", 1), ("只", "只", 1), ("艘", "艘", 1),
    ("册", "册", 1), ("份", "份", 1), ("宗", "宗", 1), ("笔", "笔", 1), ("眼", "眼", 1), ("口", "口", 1),
    ("天", "天", 1), ("小时", "小时", 1), ("分钟", "分钟", 1),
    ("村", "村", 1), ("镇", "镇", 1), ("乡", "乡", 1), ("校", "所", 1),
]
_UNIT_TABLE = {name: (family, factor) for name, family, factor in _UNITS}
_UNIT_ALT = "|".join(re.escape(name) for name, _, _ in sorted(_UNITS, key=lambda u: -len(u[0])))
_CN_NUM_CHARS = "零〇一二两三四五六七八九十百千"
# a space may stand inside a number or before its sign in letter-spaced text (国务院 1998:
# "增长15 .3 %", "经济增长速度8 %"); only before "." and the per-cent signs, so 2 024 stays two words
_NUM = rf"(?:\d+(?: ?[.·]\d+)?|[{_CN_NUM_CHARS}]+)"  # 14·1% (国务院 1999): a middle dot for the decimal point

QUANTITY_RE = re.compile(
    rf"(?P<num>{_NUM})"
    rf"(?:(?P<rangeunit>%)?\s*[-—–~～至到]\s*(?P<num2>\d+(?:\.\d+)?))?"
    r"(?P<approx>余|多)?"
    r"(?P<mag>万亿|亿|千万|百万|万|千(?!米|瓦|克))?"
    rf"(?P<unit>(?<=\d) (?=[%‰])[%‰]|{_UNIT_ALT})?"
    r"(?P<post>及以上|以上|以内|以下|左右|上下|多|余)?"
)

_PREFIX_QUALIFIERS = [
    ("不低于", "以上"), ("不少于", "以上"), ("不超过", "以内"), ("不高于", "以内"), ("超过", "以上"),
    ("高于", "以上"), ("低于", "以内"), ("控制在", "以内"), ("保持在", "左右"), ("约", "左右"),
    ("近", "左右"), ("突破", "以上"), ("力争", "力争"), ("争取", "力争"), ("努力", "力争"),
]
_POST_QUALIFIER = {"及以上": "以上", "以上": "以上", "以内": "以内", "以下": "以内", "左右": "左右",
                   "上下": "左右", "多": "以上", "余": "以上"}
# a number is not a quantity when it is followed by these (八个方面, 三大攻坚战, 两个维护)
_NOT_QUANTITY_AFTER_RE = re.compile(
    r"^(?:方面|大|字|化|关键|重点|抓手|支撑|引擎|动力|意识|自信|服从|维护|确保|必须|统筹|个意识|个自信|个服从|个维护|个全面|个确保|个坚持|个必须|个统筹|个重大|个聚焦|个着力|"
    r"个围绕|个更加|个一|个百年|个文明|个率先|个中心|个阶段|个时期|个层次|个环节|个维度|条原则|项原则|"
    r"项基本原则|个关键|步走|位一体|元|城|线|区|化|型|项原则|项任务|个任务|项工作|个重点|项重点|个专项)")
_NOT_QUANTITY_BEFORE_RE = re.compile(r"(?:第|前|后|近|这|那|每|上|下|头|最|十|“|\")$")
_CN_NOT_NUMERAL_BEFORE = set("统唯万千第之同单专逐某十")  # 统一, 唯一, 第一, 同一, 单一 …
# 十二次、十三次全会: counts of meetings are not quantities
_MEETING_AFTER_RE = re.compile(r"(?:[、和][一二三四五六七八九十\d]+次)*(?:全会|全委会|会议|全体会议|常委会|党代会|规定|届)")
_TIME_AFTER_RE = re.compile(r"^(?:年|月|日|号|季度|周年|届|次会议|世纪|点|时)")


@dataclass
class Quantity:
    """A number with its unit and qualifier, as written and normalised."""

    text: str  # as written: "5.5%左右"
    value: float  # the number as written (5.5, 1200)
    unit: str  # the unit as written, with its magnitude (%, 万人, 亿元)
    qualifier: str  # 以上 | 以内 | 左右 | 力争 | "" (none)
    base_value: float  # in the family's base unit (12000000 for 1200万人)
    family: str  # 人, 元, %, pp, km …
    measure: str = "level"  # level | growth | decline
    aspirational: bool = False  # 力争 / 争取 / 努力
    upper: float | None = None  # the top of a range "6%-6.5%", base unit
    start: int = 0  # offsets in the text it was found in
    end: int = 0
    indicator: str = ""  # what it measures, when it is a target: 健身步道

    def to_dict(self) -> dict:
        return {"value": _tidy(self.value), "unit": self.unit, "qualifier": self.qualifier,
                **({"indicator": self.indicator} if self.indicator else {}),
                "measure": self.measure, "aspirational": self.aspirational, "text": self.text,
                "base_value": _tidy(self.base_value), "base_unit": self.family,
                **({"upper": _tidy(self.upper)} if self.upper is not None else {})}

    def display(self) -> str:
        sign = {"以上": "≥", "以内": "≤", "左右": "≈"}.get(self.qualifier, "")
        verb = {"growth": "增长", "decline": "下降"}.get(self.measure, "")
        number = _fmt(self.value)
        if self.upper is not None:
            number += "–" + _fmt(self.upper / _family_factor(self))
        return f"{verb}{sign}{number}{self.unit}"


def _family_factor(q: Quantity) -> float:
    return q.base_value / q.value if q.value else 1.0


def _tidy(number: float | None):
    if number is None:
        return None
    return int(number) if float(number).is_integer() else round(number, 6)


def _fmt(number: float) -> str:
    tidy = _tidy(number)
    return str(tidy)


_GROWTH_RE = re.compile(r"(?:增长|增速|增幅|提高|提升|增加|上涨|涨幅|上升|扩大|增)(?:率|速度)?(?:为|达到|达)?$")
_DECLINE_RE = re.compile(r"(?:下降|降低|减少|压减|削减|压降|压缩|缩减|减)(?:率)?(?:为|达到|达)?$")
_RATE_LEVEL_RE = re.compile(r"(?:涨幅|增速|增幅|增长率|上涨)(?:回落到|回落至|降到|降至|为|达到|控制在|保持在|稳定在|在|是)?"
                            r"(?:[约近]|不超过|不高于|低于)?$")
_TO_RE = re.compile(r"(?:到|至|为)$")


_FRACTION_RE = re.compile(r"(压减|减少|降低|缩短|缩减|下降|削减|压缩|提高|增加)[^，。；\d]{0,4}?"
                          r"(一半|[一二三四五六七八九十]分之[一二三四五六七八九]|\d/\d)(以上|左右)?")


def _fractions(text: str) -> list[Quantity]:
    """再压减一半 → a decline of 50%."""
    out = []
    for match in _FRACTION_RE.finditer(text):
        words = match.group(2)
        if words == "一半":
            value = 50.0
        elif "/" in words:
            numerator, denominator = words.split("/")
            if int(denominator) == 0:
                continue
            value = round(100 * int(numerator) / int(denominator), 2)
        else:
            denominator, numerator = words.split("分之")
            value = round(100 * cn_to_number(numerator) / cn_to_number(denominator), 2)
        measure = "growth" if match.group(1) in ("提高", "增加") else "decline"
        qualifier = _POST_QUALIFIER.get(match.group(3) or "", "")
        out.append(Quantity(text=words + (match.group(3) or ""), value=value, unit="%", qualifier=qualifier,
                            base_value=value, family="%", measure=measure, start=match.start(2), end=match.end()))
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (not dates, ordinals or set phrases like 三大攻坚战)."""
    found = _fractions(text)
    for match in QUANTITY_RE.finditer(text):
        num_text = match.group("num").replace(" ", "").replace("·", ".")
        unit = (match.group("unit") or "").strip()
        mag = match.group("mag") or ""
        if not unit and not (mag and num_text[0].isdigit()):
            continue
        start, end = match.span()
        before = text[max(0, start - 6):start]
        is_cn = not num_text[0].isdigit()
        if is_cn:
            if (start > 0 and text[start - 1] in _CN_NOT_NUMERAL_BEFORE) or len(num_text) > 8:
                continue
            if len(num_text) == 1 and num_text in "十百千零〇○":
                continue
            if unit == "期" or (unit == "个" and re.match(r"(?:工程|行动|方面|领域|重点|环节|体系|机制|计划|专项)", text[end:])):
                continue
            if re.fullmatch(r"十[一二三四五六七八九]五", num_text) or re.match(r"(?:期间|时期|规划|计划)", text[match.end("num"):]):
                continue
        if _NOT_QUANTITY_BEFORE_RE.search(before):
            if is_cn or not before.endswith(("近", "上", "下")):
                continue
        after_unit = text[match.end("unit") if unit else end:]
        if (_NOT_QUANTITY_AFTER_RE.match(after_unit) or not mag and _NOT_QUANTITY_AFTER_RE.match(unit + after_unit)) and \
                (is_cn or unit in ("个", "项", "条", "大")):
            continue
        if unit in ("小时", "分钟", "天") and not re.search(r"(?:压缩|缩短|减少|控制在|降至|不超过|压减|提速|时限)[^，。；]{0,6}$",
                                                         text[max(0, start - 10):start]):
            continue  # 240小时过境免签: a rule, not a target
        if num_text.count(".") == 0 and re.match(r"\d{1,2}\.\d", text[max(0, start - 3):end]) and start <= 2:
            continue
        if _TIME_AFTER_RE.match(text[match.end("num"):]) or _MEETING_AFTER_RE.match(text[end:]):
            continue
        if is_cn and num_text == "一" and not mag and unit in ("个", "项", "条", "种", "批", "期", "次", "部", "位",
                                                              "名", "天", "小时", "分钟", "支", "张", "件", "处", "块"):
            continue  # 一个 / 一批 / 一项 are articles more often than counts
        value = cn_to_number(num_text)
        if value is None:
            continue
        if unit == "度" and not mag:
            continue  # 25度以上陡坡: an angle, not 万度 of electricity
        if is_cn and re.match(r"[一二两三]次", text[start:end]) and not mag and re.match(r"[\u4e00-\u9fff]", text[end:end + 1]) \
                and not re.match(r"(?:以上|左右|会议|全会)", text[end:]):
            continue  # 二次招商, 一次性: an adjective
        if is_cn and unit == "元" and not mag:
            continue  # 三元 is a brand more often than three yuan
        if is_cn and num_text == "一" and text[match.end("unit") if unit else end:].startswith("一"):
            continue  # 一人一策, 一企一策
        family, factor = _UNIT_TABLE.get(unit, ("", 1.0))
        if not unit:
            family = "count"
        multiplier = MAGNITUDE.get(mag, 1.0)
        base = round(value * multiplier * factor, 6)
        upper = None
        if match.group("num2"):
            upper = round(float(match.group("num2")) * multiplier * factor, 6)
        qualifier = _POST_QUALIFIER.get(match.group("post") or match.group("approx") or "", "")
        qualifier, aspirational = _qualifier(text, start, qualifier, upper)
        found.append(Quantity(text=text[start:end], value=value, unit=mag + unit, qualifier=qualifier,
                              base_value=base, family=family, measure=_measure(text, start, family, unit),
                              aspirational=aspirational, upper=upper, start=start, end=end))
    found.extend(_percent_words(text))
    found.sort(key=lambda q: q.start)
    return found


def _qualifier(text: str, start: int, qualifier: str, upper: float | None) -> tuple[str, bool]:
    """The qualifier said before the number (控制在, 不低于, 力争) when none follows it."""
    aspirational = False
    lead = text[max(0, start - 12):start]
    clause_lead = re.split(r"[，,；;。：:、]", text[:start])[-1]
    for word, meaning in _PREFIX_QUALIFIERS:
        if meaning == "力争":
            aspirational = aspirational or word in clause_lead
        elif word in lead[-(len(word) + 6):] and not qualifier:
            qualifier = meaning
    if upper is not None and not qualifier:
        qualifier = "区间"
    if aspirational and not qualifier:
        qualifier = "力争"
    return qualifier, aspirational


# a rate named as the subject, its number set after it: 经济增长速度的宏观调控目标，定为百分之八至九 (国务院 1995),
# 经济增长速度的调控目标定为8% (1996)
_RATE_SET_RE = re.compile(r"(?:增长速度|增长率|增速|增幅)(?:的)?(?:宏观)?(?:调控|预期|计划|主要)?(?:目标)?[，,]?"
                          r"(?:初步|拟)?(?:定为|确定为|为|是)$")


def _measure(text: str, start: int, family: str, unit: str) -> str:
    head = _MEASURE_TRIM_RE.sub("", text[max(0, start - 10):start])
    if family in ("%", "pp", "‰") or unit == "倍":
        if _DECLINE_RE.search(head):
            return "decline"
        if _GROWTH_RE.search(head) or _RATE_LEVEL_RE.search(text[max(0, start - 10):start]) or \
                _RATE_SET_RE.search(text[max(0, start - 20):start]):
            return "growth"  # 居民消费价格涨幅回落到2.6%: a growth rate, whatever the verb
    elif _DECLINE_RE.search(head) and not _TO_RE.search(head):
        return "decline"
    return "level"


_CN_PERCENT = rf"[{_CN_NUM_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
# per cent in words, as the reports before 2000 write it: 定为百分之八至九, 控制在百分之十五左右, 百分之三点五
_PERCENT_WORDS_RE = re.compile(rf"百分之(?P<num>{_CN_PERCENT})(?:[-—–~～至到](?:百分之)?(?P<num2>{_CN_PERCENT}))?"
                               r"(?P<post>及以上|以上|以内|以下|左右|上下)?")


def _percent_words(text: str) -> list[Quantity]:
    out = []
    for match in _PERCENT_WORDS_RE.finditer(text):
        value = cn_to_number(match.group("num"))
        upper = cn_to_number(match.group("num2")) if match.group("num2") else None
        if value is None or value > 1000:
            continue
        start, end = match.span()
        qualifier, aspirational = _qualifier(text, start, _POST_QUALIFIER.get(match.group("post") or "", ""), upper)
        out.append(Quantity(text=text[start:end], value=round(value, 6), unit="%", qualifier=qualifier,
                            base_value=round(value, 6), family="%", measure=_measure(text, start, "%", "%"),
                            aspirational=aspirational, upper=None if upper is None else round(upper, 6),
                            start=start, end=end))
    return out


_MEASURE_TRIM_RE = re.compile(r"(?:同比|比上年|比去年|较上年|较去年|年均|平均|分别|再|全年|实际|名义|要|将|力争|确保|"
                              r"预计|预期|只|继续|每年|达到|达|左右|约|近|均|总体|幅度|以上|控制在|保持在|稳定在|"
                              r"要|都|预期|目标|拟定|定为|为|拟)+$")


