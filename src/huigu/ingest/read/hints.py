"""Small helpers that turn raw metadata into hint values: dates and titles."""
from __future__ import annotations

import datetime
import re
from typing import Optional

_DATE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})"
    r"|(?P<compact>(?:19|20)\d{6})"
)

# Separators between a page title and the column / site names browsers show after it.
_TITLE_SEPARATOR = re.compile(r"\s*(?:_|\||｜|－| - )\s*")
# The last segment of a <title> names the site when it ends like an office or a site does.
_SITE_ENDING = re.compile(r"(政府|门户|网站|网|局|委员会|委|厅|办公室|办|中心|平台|首页|官网|频道)$")


def iso_date(year: int, month: int, day: int) -> Optional[str]:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_date(text: Optional[str]) -> Optional[str]:
    """The first date in ``text`` as YYYY-MM-DD (2024-3-29, 2024/03/29, 2024年3月29日, 20240329)."""
    if not text:
        return None
    for match in _DATE.finditer(text):
        if match["compact"]:
            digits = match["compact"]
            found = iso_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        else:
            found = iso_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if found:
            return found
    return None


def title_without_site(title: str) -> str:
    """``关于…的通知_政务公开_泉州市人民政府`` → ``关于…的通知``.

    Only when the last segment looks like a site or an office; otherwise unchanged.
    """
    title = " ".join(title.split())
    segments = [segment for segment in _TITLE_SEPARATOR.split(title) if segment]
    if len(segments) > 1 and _SITE_ENDING.search(segments[-1]):
        return segments[0]
    return title
