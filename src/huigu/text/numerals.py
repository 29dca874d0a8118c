"""Chinese numerals and years, one place: quantities (一百二十 → 120, 两万 → 20000, 二〇二四 →
2024), heading numbers (第三, （十二）), years written in Chinese (一九五八年) and the spellings
a year may have in a report."""
from __future__ import annotations

import re
from typing import Optional

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}


def cn_to_number(text: str) -> Optional[float]:
    """一 → 1, 十二 → 12, 一百二十 → 120, 两万 → 20000, 三千五百 → 3500, 三点五 → 3.5 (百分之三点五);
    None if not a numeral."""
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if "点" in text:
        whole, _, decimals = text.partition("点")
        value = cn_to_number(whole)
        if value is None or not decimals or any(ch not in _CN_DIGIT for ch in decimals):
            return None
        return value + sum(_CN_DIGIT[ch] * 10 ** -(i + 1) for i, ch in enumerate(decimals))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None:  # 二〇二四 style: digit run
                digit = digit * 10 + _CN_DIGIT[ch]
            else:
                digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL_UNIT:
            section += (digit if digit is not None else 1) * _CN_SMALL_UNIT[ch]
            digit = None
        elif ch in _CN_BIG_UNIT:
            section += digit or 0
            total += (section or 1) * _CN_BIG_UNIT[ch]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


# ── heading numbers and years ────────────────────────────────────────────────

_CN_YEAR_RE = re.compile(r"([〇○零一二三四五六七八九]{4})(?=\s*年)")
_CN_DIGIT_CHARS = "〇一二三四五六七八九"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_number(text: str) -> Optional[int]:
    """A heading's number: 一 → 1, 十二 → 12, 二十三 → 23, 3 → 3, ① → 1; None when it is not one."""
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None


def arabic_years(text: str) -> str:
    """一九五八年 → 1958年."""
    digits = {c: str(i) for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": "0", "○": "0"})
    return _CN_YEAR_RE.sub(lambda m: "".join(digits[c] for c in m.group(1)), text)


# a goal set for a year: 到一九八五年, 至2025年, 1985年将…, 2027年前力争…
_GOAL_YEAR_RE = re.compile(r"(?:到|至)((?:19|20)\d\d)年|((?:19|20)\d\d)年(?:底前|以前|前)?(?:将|要|计划|力争|争取|预计将)")


def goal_years(text: str) -> list[int]:
    """The years ``text`` sets goals for (计划规定，到一九八五年，进出口贸易总额将达到… → [1985]): a plan for
    them, whatever section it stands in.  ``text`` is normalised (NFKC) already."""
    if "年" not in text:
        return []
    return [int(y) for pair in _GOAL_YEAR_RE.findall(arabic_years(text)) for y in pair if y]


def year_spellings(year: int) -> list[str]:
    """2019 → ["2019", "二〇一九", "二零一九"]: older reports write years in Chinese numerals."""
    chinese = "".join(_CN_DIGIT_CHARS[int(d)] for d in str(year))
    return [str(year), chinese, chinese.replace("〇", "零")]
