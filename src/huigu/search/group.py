"""Identical and nearly identical passages (one report filed twice, from two sites or in
two formats) folded into the best one's "also in" list.  Nearly identical passages of
different years are not copies: each year's report says it again, and both are shown."""
from __future__ import annotations

from typing import Optional

from huigu.text.normalize import match_key

SHINGLE_CHARS = 5
NEAR_SHARE = 0.7  # the smaller side has this share of its 5-grams in the other …
SIZE_RATIO = 0.6  # … and the two are of comparable length
COMPARED_PER_LEADER = 4


def shingles(text: str, size: int = SHINGLE_CHARS) -> set[str]:
    """The ``size``-character pieces of the text's match key."""
    return key_shingles(match_key(text), size)


def key_shingles(key: str, size: int = SHINGLE_CHARS) -> set[str]:
    return {key[i:i + size] for i in range(max(1, len(key) - size + 1))}


def near_identical(a: set[str], b: set[str], threshold: float = NEAR_SHARE) -> bool:
    if not a or not b:
        return False
    smaller, larger = sorted((len(a), len(b)))
    if smaller / larger < SIZE_RATIO:
        return False
    return len(a & b) / smaller >= threshold


PROBES = 10  # 5-grams of the shorter text looked up in the longer one before the full check …
PROBES_NEEDED = 4  # … and at least this many must be there (copies share nearly all)


def _probes(key: str, size: int = SHINGLE_CHARS) -> list[str]:
    """``PROBES`` evenly spaced ``size``-character pieces of a match key."""
    last = max(1, len(key) - size + 1)
    step = max(1, last // PROBES)
    return [key[i:i + size] for i in range(0, last, step)][:PROBES]


def _may_be_copies(short: str, short_probes: list[str], long_: str) -> bool:
    """A cheap look before the shingle sets are compared: lengths within reach of
    ``SIZE_RATIO`` and a few pieces of the shorter key found in the longer one.  Two
    texts sharing ``NEAR_SHARE`` of their pieces fail it about once in a hundred; real
    copies (sharing nearly all) practically never."""
    if not short or len(short) < len(long_) * SIZE_RATIO * 0.8:
        return False
    return sum(map(long_.__contains__, short_probes)) >= min(PROBES_NEEDED, len(short_probes))


def group(hits: list, leaders_wanted: Optional[int] = None) -> list:
    """Fold near-identical passages into the best one's "also in" list.

    Only the first ``leaders_wanted`` distinct passages are shown, so later hits are
    compared with those leaders only; identical texts are folded wherever they rank,
    near-identical ones among the first few times ``leaders_wanted`` hits (copies of a
    passage rank next to it, and comparing every candidate cost more than the search).
    A pair's shingle sets are built only when ``_may_be_copies`` lets it through: they
    were a quarter of a search's time."""
    leaders: list = []
    by_dup: dict = {}
    grams: dict[int, set[str]] = {}
    probes: dict[int, list[str]] = {}

    def grams_of(hit) -> set[str]:
        if id(hit) not in grams:
            grams[id(hit)] = key_shingles(hit.key)
        return grams[id(hit)]

    def may_be_copies(a, b) -> bool:
        if a.data["doc"].get("year") != b.data["doc"].get("year"):
            return False  # the same sentence in two years' reports is two statements (2016's and 2017's 3%左右)
        short, long_ = (a, b) if len(a.key) <= len(b.key) else (b, a)
        if id(short) not in probes:
            probes[id(short)] = _probes(short.key)
        return _may_be_copies(short.key, probes[id(short)], long_.key)

    compared = None if leaders_wanted is None else max(COMPARED_PER_LEADER * leaders_wanted, 40)
    for rank, hit in enumerate(hits):
        dup = hit.data.get("dup") or hit.key
        if dup in by_dup:
            by_dup[dup].also.append(hit.data)
            continue
        if compared is not None and rank >= compared and len(leaders) >= leaders_wanted:
            continue
        for leader in leaders:
            if may_be_copies(hit, leader) and near_identical(grams_of(hit), grams_of(leader)):
                leader.also.append(hit.data)
                break
        else:
            if leaders_wanted is None or len(leaders) < leaders_wanted:
                leaders.append(hit)
                by_dup[dup] = hit
    return leaders
