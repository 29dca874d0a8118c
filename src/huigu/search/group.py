"""Identical and nearly identical passages (one report filed twice, from two sites or in
two formats) folded into the best one's "also in" list."""
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


def group(hits: list, leaders_wanted: Optional[int] = None) -> list:
    """Fold near-identical passages into the best one's "also in" list.

    Only the first ``leaders_wanted`` distinct passages are shown, so later hits are
    compared with those leaders only; identical texts are folded wherever they rank,
    near-identical ones among the first few times ``leaders_wanted`` hits (copies of a
    passage rank next to it, and comparing every candidate cost more than the search)."""
    leaders: list[tuple] = []
    by_dup: dict = {}
    compared = None if leaders_wanted is None else max(COMPARED_PER_LEADER * leaders_wanted, 40)
    for rank, hit in enumerate(hits):
        dup = hit.data.get("dup") or hit.key
        if dup in by_dup:
            by_dup[dup].also.append(hit.data)
            continue
        if compared is not None and rank >= compared and len(leaders) >= leaders_wanted:
            continue
        grams_of_hit = key_shingles(hit.key)
        for leader, leader_grams in leaders:
            if near_identical(grams_of_hit, leader_grams):
                leader.also.append(hit.data)
                break
        else:
            if leaders_wanted is None or len(leaders) < leaders_wanted:
                leaders.append((hit, grams_of_hit))
                by_dup[dup] = hit
    return [leader for leader, _ in leaders]
