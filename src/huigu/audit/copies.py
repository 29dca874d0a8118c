"""Copies of one report: the same text from another site or in another format.

The State Council's 2016 report is in the corpus twice (state-council/ and
state-council-wikisource/), a report may be there as .txt and as .pdf: audited twice,
every promise would be listed twice and every count doubled.  Two documents of the same
office, year and type are copies when most of the 8-character pieces of the shorter are
in the other too.  Of each set of copies one is audited, chosen the same way every time
(``preference``): a text-native format before a converted one, then the shorter source
path (the main folder before a mirror), then the path itself.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Callable

from huigu.lexicon.departments import canonical_department

COPY_SHARE = 0.6  # share of the shorter text's pieces found in the other
PIECE = 8  # characters per piece
SAMPLE = 4  # one piece in SAMPLE is kept (by a stable hash, so every run agrees)
FORMAT_RANK = {"txt": 0, "md": 1, "docx": 2, "html": 3, "pdf": 4}

_NOT_TEXT_RE = re.compile(r"[^\u3400-\u9fff0-9A-Za-z]")


def pieces(passages: list[dict]) -> set[str]:
    """A stable sample of the text's 8-character pieces (punctuation, spaces and line
    breaks left out, so a PDF's broken lines still match the .txt)."""
    key = _NOT_TEXT_RE.sub("", "".join(p.get("text", "") for p in passages))
    out = set()
    for i in range(len(key) - PIECE + 1):
        piece = key[i:i + PIECE]
        if zlib.crc32(piece.encode("utf-8")) % SAMPLE == 0:
            out.add(piece)
    return out


def preference(doc: dict) -> tuple:
    source = doc.get("source") or ""
    return FORMAT_RANK.get(doc.get("format") or "", len(FORMAT_RANK)), len(source), source, doc.get("part", 1)


def find_copies(documents: list[dict], passages_of: Callable[[str], list[dict]]) -> list[tuple[dict, list[dict]]]:
    """(the copy to audit, the other copies) for every report that is there more than once."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for doc in documents:
        if doc.get("year"):
            groups[(canonical_department(doc), doc["year"], doc.get("doc_type") or "")].append(doc)
    found = []
    for members in groups.values():
        if len(members) < 2:
            continue
        sampled = {doc["id"]: pieces(passages_of(doc["id"])) for doc in members}
        kept: list[tuple[dict, list[dict]]] = []
        for doc in sorted(members, key=preference):
            mine = sampled[doc["id"]]
            for chosen, others in kept:
                theirs = sampled[chosen["id"]]
                if mine and theirs and len(mine & theirs) >= COPY_SHARE * min(len(mine), len(theirs)):
                    others.append(doc)
                    break
            else:
                kept.append((doc, []))
        found.extend((chosen, others) for chosen, others in kept if others)
    found.sort(key=lambda pair: preference(pair[0]))
    return found


def without_copies(documents: list[dict], copies: list[tuple[dict, list[dict]]]) -> list[dict]:
    left_out = {doc["id"] for _, others in copies for doc in others}
    return [doc for doc in documents if doc["id"] not in left_out]
