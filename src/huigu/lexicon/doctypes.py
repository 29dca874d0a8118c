"""Document types: one registry (``data/doc_types.toml``), so adding a type is one entry.

Everything that depends on a document's type asks here: how a title names it
(``doc_type_of``), whether it is a report of an office's own work (ranked before laws
and notices), which years it reviews and plans (``timing``), and whether it answers an
earlier plan (the audit's follow-ups).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from huigu.lexicon.tables import toml_table


@dataclass(frozen=True)
class DocType:
    name: str
    title_words: tuple[str, ...]
    report: bool
    timing: str  # address | review | plan | none
    answers_plans: bool = False
    law: bool = False


@lru_cache(maxsize=None)
def doc_types() -> tuple[DocType, ...]:
    return tuple(DocType(name=t["name"], title_words=tuple(t.get("title_words", ())), report=bool(t.get("report")),
                         timing=t.get("timing", "none"), answers_plans=bool(t.get("answers_plans")),
                         law=bool(t.get("law")))
                 for t in toml_table("doc_types.toml")["types"])


@lru_cache(maxsize=None)
def _by_name() -> dict[str, DocType]:
    return {t.name: t for t in doc_types()}


def names() -> list[str]:
    return [t.name for t in doc_types()]


def get(name: str):
    return _by_name().get(name or "")


LAW = next((t.name for t in doc_types() if t.law), "法律法规")
REPORT_TYPES = frozenset(t.name for t in doc_types() if t.report)
PLAN_TYPES = frozenset(t.name for t in doc_types() if t.timing == "plan")
REVIEW_TYPES = frozenset(t.name for t in doc_types() if t.timing == "review")
ADDRESS_TYPES = frozenset(t.name for t in doc_types() if t.timing == "address")
ANSWERING_TYPES = frozenset(t.name for t in doc_types() if t.answers_plans)

_LAW_TITLE_RE = re.compile(r"(?:法|条例|规定|办法|细则|规则|解释|章程|准则)(?:（[^）]*）|\([^)]*\))?$")


def is_report(name: str) -> bool:
    return name in REPORT_TYPES


def doc_type_of(title: str) -> str:
    """The type a title names ("" when none): a law by how its title ends, else the first
    type whose title word stands in it."""
    if _LAW_TITLE_RE.search(title.strip()) and "报告" not in title:
        return LAW
    for doc_type in doc_types():
        if any(word in title for word in doc_type.title_words):
            return doc_type.name
    return ""
