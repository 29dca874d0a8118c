"""Stages of a project: 前期 < 开工 < 在建 < 建成 < 投入使用 (``data/commitment_words.toml``).

A promise names the stage it will reach (确保…开工建设 → 开工; …竣工投入使用 → 投入使用),
a review the stage a project reached (中网科技云计算基地【进入设备安装阶段】 → 在建).  The
audit compares the two for the clause that names the project, not the whole sentence:
in 时代广场商业项目开工建设，…，万家惠农贸批发市场一期投入使用 the 开工 is another project's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from huigu.lexicon.tables import toml_table


@dataclass(frozen=True)
class Stage:
    rank: int  # 0 前期 … 4 投入使用
    name: str
    word: str  # the word as written


@lru_cache(maxsize=None)
def _table() -> tuple[list[str], dict[str, int], re.Pattern]:
    names, rank_of = [], {}
    for rank, entry in enumerate(toml_table("commitment_words.toml")["stages"]):
        names.append(entry["name"])
        for word in entry["words"]:
            rank_of.setdefault(word, rank)
    words = sorted(rank_of, key=len, reverse=True)  # 主体完工 before 完工
    return names, rank_of, re.compile("|".join(map(re.escape, words)))


def stages_in(text: str) -> list[Stage]:
    names, rank_of, pattern = _table()
    return [Stage(rank_of[m.group(0)], names[rank_of[m.group(0)]], m.group(0)) for m in pattern.finditer(text)]


def highest_stage(text: str) -> Stage | None:
    """The furthest stage ``text`` names (建成并投入使用 → 投入使用), or None."""
    found = stages_in(text)
    return max(found, key=lambda s: s.rank) if found else None


def stage_names() -> list[str]:
    return list(_table()[0])
