"""What a request selects: the CLI's filter options as query arguments, ids checked
against their shape before anything looks them up."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from flask import request

from huigu.errors import HuiguError

FILTER_ARGS = ("year", "department", "type", "period", "kind", "topic")
PERIODS = ("全年", "上半年", "下半年", "季度")
KINDS = ("review", "problem", "plan", "other")
DOC_ID_RE = re.compile(r"^[0-9a-f]{8}-\d{1,4}$")
PASSAGE_ID_RE = re.compile(r"^[0-9a-f]{8}-\d{1,4}\.\d{1,6}$")
MAX_ARG_CHARS = 500


def arg(name: str, source=None) -> str:
    value = (source if source is not None else request.args).get(name, "") or ""
    value = value.strip()
    if len(value) > MAX_ARG_CHARS:
        raise HuiguError(f"{name} 太长：最多 {MAX_ARG_CHARS} 个字符")
    return value


def years_of(value: str) -> Optional[tuple[int, int]]:
    if not value:
        return None
    from huigu.search.syntax import parse_year_range

    return parse_year_range(value)


def filters_from(source=None):
    """``huigu.search.Filters`` from year / department / type / period / kind / topic, with
    the CLI's messages for values it would refuse."""
    from huigu.search.filters import Filters

    period, kind = arg("period", source), arg("kind", source)
    if period and period not in PERIODS:
        raise HuiguError(f"时段只能是 {'、'.join(PERIODS)} 之一：{period}")
    if kind and kind not in KINDS:
        raise HuiguError(f"章节类别只能是 {' / '.join(KINDS)} 之一：{kind}")
    return Filters(year=years_of(arg("year", source)), department=arg("department", source) or None,
                   doc_type=arg("type", source) or None, period=period or None, kind=kind or None,
                   topic=arg("topic", source) or None)


def chosen(source=None) -> dict:
    """The filter arguments given, by name (for the page's form and the active-filter list)."""
    return {name: arg(name, source) for name in FILTER_ARGS if arg(name, source)}


def page_number(limit: int) -> int:
    try:
        number = int(request.args.get("page", "1"))
    except ValueError:
        number = 1
    return max(1, min(number, limit))


def int_arg(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise HuiguError(f"{name} 应是 {low}~{high} 之间的整数：{value[:20]}") from None
    if not low <= number <= high:
        raise HuiguError(f"{name} 应是 {low}~{high} 之间的整数：{number}")
    return number


@dataclass
class Selection:
    department: Optional[str]
    years: Optional[tuple[int, int]]
    year_text: str


def office_and_year(source=None) -> Selection:
    """The 审计 pages' choice: an office and a (plan) year or range."""
    year = arg("year", source)
    return Selection(arg("department", source) or None, years_of(year), year)


def is_doc_id(value: str) -> bool:
    return bool(DOC_ID_RE.match(value or ""))


def is_passage_id(value: str) -> bool:
    return bool(PASSAGE_ID_RE.match(value or ""))
