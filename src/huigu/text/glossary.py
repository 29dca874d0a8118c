"""The glossary (名词解释) printed with a report: each entry opens a line with its number and the
term in quotes, then a colon — ``11.“1+N”数据制度体系：“1”即《…》``, ``25.科技型企业“登高、升规、晋位、上市”四个工程：``.
The audit does not list promises from it; search does not take it for an answer to 多少 or 哪一年."""
from __future__ import annotations

import re

GLOSSARY_ENTRY_RE = re.compile(r"\s*\d{1,3}[.．、]\s*[^：:。，；“”]{0,16}“[^”]{1,40}”[^：:。，；]{0,16}[：:]")


def opens_glossary_entry(text: str, at: int = 0) -> bool:
    """The line of ``text`` that holds position ``at`` is a glossary entry."""
    return bool(GLOSSARY_ENTRY_RE.match(text, text.rfind("\n", 0, at) + 1 if at else 0))
