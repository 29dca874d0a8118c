"""Chinese numerals: 一 → 1, 十二 → 12, 一百二十 → 120, 两万 → 20000, 二〇二四 → 2024."""
from __future__ import annotations

import re
from typing import Optional

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}


def cn_to_number(text: str) -> Optional[float]:
    """一 → 1, 十二 → 12, 一百二十 → 120, 两万 → 20000, 三千五百 → 3500; None if not a numeral."""
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
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
