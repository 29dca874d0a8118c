"""Past passages closest to a draft paragraph, in wording and in meaning, with the
phrases they share marked.

No jieba here: candidates come from the reuse index's sampled character 4-grams
(``reuse.index.ReuseIndex``), weighted by how rare each is; the best candidates are then
scored on their text:

* **wording** — cosine of the two texts' sets of character 4-grams (key text, so
  punctuation and spacing do not count): 1.0 for a copy, lower the more is rewritten;
  or, when larger, the square of the share of the draft the passage holds word for word
  (``contained``, runs of 8 characters or more): a sentence lifted out of a long passage
  has a low cosine (the rest of the passage is not in it) but is all there;
* **meaning** — BM25 of the candidate for the draft's Chinese character bigrams,
  divided by the draft's score against itself: how much of the draft's vocabulary,
  weighted by rarity, the candidate uses.

``score = WORDING_WEIGHT * wording + (1 - WORDING_WEIGHT) * meaning``.  A passage
scoring under ``NEAR`` is not close: when no passage reaches it, the paragraph's
result says so (``matches`` is empty and ``nearest`` holds the best score seen).
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from itertools import groupby
from dataclasses import dataclass, field
from operator import add
from pathlib import Path
from typing import Callable, Optional

from huigu.errors import HuiguError
from huigu.reuse.index import (GRAM_CHARS, PASSAGE_MASK, ReuseIndex, WordTest, display_span, key_offsets, passage_data,
                               reuse_index, reuse_key, selected_ids)
from huigu.reuse.overlap import stray_edges

NEAR = 0.3  # a passage scoring under this is "not close"; see docs/reuse.md for how it was chosen
WORDING_WEIGHT = 0.5
CANDIDATES = 20  # passages scored in full for each paragraph (a copy's source ranks in the first 5)
WEAK_CANDIDATE = 0.2  # … and only those with at least this share of the best one's 4-gram weight
COMMON_GRAM_SHARE = 0.05  # a 4-gram held by more than this share of passages does not nominate candidates
MIN_PARAGRAPH_CHARS = 12  # shorter draft paragraphs (headings, titles, signatures) are skipped …
HEADING_CHARS = 30  # … and so are those up to this long without a comma or full stop
_SENTENCE_MARK_RE = re.compile(r"[，。；！？,;!?]")
MIN_SHARED_CHARS = 4
CONTAINED_RUN_CHARS = 8  # runs shorter than this are set phrases, not text lifted from the passage
COPY_SHARE = 0.9  # passages sharing this share of their 5-grams are copies of one another
BM25_K1 = 1.2
BM25_B = 0.75
_CJK_PAIR_RE = re.compile(r"(?=([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}))")


@dataclass
class Match:
    id: str
    score: float
    wording: float
    meaning: float
    data: dict
    contained: float = 0.0  # share of the draft's text that this passage holds word for word
    spans: list[tuple[int, int]] = field(default_factory=list)  # where in data["text"] the shared phrases are
    also: list[dict] = field(default_factory=list)  # near-identical passages (same text from another file)

    @property
    def shared(self) -> list[str]:
        """The phrases this passage shares with the draft, as it writes them, in order, once each."""
        return _phrases_at(self.data["text"], self.spans)


@dataclass
class ParagraphMatches:
    number: int  # 1-based, among the draft's paragraphs
    text: str
    where: str  # "第3-4行" for a file, "" for typed text
    matches: list[Match]
    nearest: float  # best score seen, also when nothing reached NEAR


@dataclass
class SimilarResult:
    input: str
    paragraphs: list[ParagraphMatches]
    skipped: int = 0  # draft paragraphs too short to compare (headings, titles)
    kind: str = "text"  # what was compared: "text" (typed), "file" (a draft's paragraphs) or "passage" (an indexed one)


def bigrams(key: str) -> list[str]:
    """Overlapping pairs of Chinese characters in key text (what the ``grams`` field indexes)."""
    return _CJK_PAIR_RE.findall(key)


class Matcher:
    """Scores draft paragraphs against a store's passages (through its n-gram index)."""

    def __init__(self, store, filters=None, exclude_docs: tuple[str, ...] = ()):
        self.store = store
        self.index: ReuseIndex = reuse_index(store)
        self.total = max(1, self.index.size)
        self.avg_chars = max(1.0, (len(self.index.key) - self.index.size) / self.total)
        self.common = max(20, int(self.total * COMMON_GRAM_SHARE))
        self.allowed = self._allowed(filters, exclude_docs)
        self.is_word = WordTest(store)

    def _allowed(self, filters, exclude_docs) -> Optional[bytearray]:
        """Which passages may match (None: all): those the filters select, less the
        documents excluded (the one a --passage comes from)."""
        index = self.index
        mask = None
        chosen = selected_ids(self.store, filters)
        if chosen is not None:
            mask = bytearray(pid in chosen for pid in index.ids)
        for doc_id in exclude_docs:
            mask = mask if mask is not None else bytearray(b"\x01" * index.size)
            span = index.doc_range(doc_id)
            if span:
                mask[span[0]:span[1]] = bytes(span[1] - span[0])
        return mask

    # ── scoring ──

    def candidates(self, grams: set[str]) -> list[int]:
        """Passages sharing the rarest of these 4-grams, best first; those with less than
        WEAK_CANDIDATE of the best one's weight are left out (they cannot come near)."""
        index, allowed = self.index, self.allowed
        weight: dict[int, float] = defaultdict(float)
        for gram in grams:
            holders = index.holders(gram)
            if not holders or len(holders) > self.common:
                continue
            rarity = math.log(1.0 + self.total / len(holders))
            for entry in holders:
                weight[entry & PASSAGE_MASK] += rarity
        if allowed is not None:
            weight = {p: w for p, w in weight.items() if allowed[p]}
        best = heapq.nlargest(CANDIDATES, weight, key=weight.__getitem__)
        return [p for p in best if weight[p] >= WEAK_CANDIDATE * weight[best[0]]] if best else []

    def score(self, key: str) -> list[tuple[float, float, float, float, int]]:
        """(score, wording, meaning, contained, passage) of the best candidates for ``key``, best first."""
        grams = {key[i:i + GRAM_CHARS] for i in range(len(key) - GRAM_CHARS + 1)}
        if not grams:
            return []
        windows = [key[i:i + CONTAINED_RUN_CHARS] for i in range(len(key) - CONTAINED_RUN_CHARS + 1)]
        pairs = Counter(bigrams(key))
        weights = {pair: math.log(1.0 + self.total / (self.index.pair_frequency(pair) + 0.5)) for pair in pairs}
        self_score = sum(w * self._saturate(pairs[p], len(key)) for p, w in weights.items()) or 1.0
        scored = []
        for p in self.candidates(grams):
            other = self.index.passage_key(p)
            other_grams = {other[i:i + GRAM_CHARS] for i in range(len(other) - GRAM_CHARS + 1)}
            cosine = len(grams & other_grams) / math.sqrt(len(grams) * len(other_grams)) if other_grams else 0.0
            contained = contained_share(windows, other)
            wording = max(cosine, contained ** 2)
            other_pairs = Counter(map(add, other, other[1:]))
            norm = BM25_K1 * (1 - BM25_B + BM25_B * len(other) / self.avg_chars)
            matched = sum(weights[pair] * (n := other_pairs[pair]) * (BM25_K1 + 1) / (n + norm)
                          for pair in weights.keys() & other_pairs.keys())
            meaning = min(1.0, matched / self_score)
            scored.append((WORDING_WEIGHT * wording + (1 - WORDING_WEIGHT) * meaning, wording, meaning, contained, p))
        scored.sort(reverse=True)
        return scored

    def _saturate(self, count: int, chars: int) -> float:
        return count * (BM25_K1 + 1) / (count + BM25_K1 * (1 - BM25_B + BM25_B * chars / self.avg_chars))

    def match(self, text: str, limit: int, number: int = 1, where: str = "") -> ParagraphMatches:
        key = reuse_key(text)
        scored = self.score(key)
        nearest = scored[0][0] if scored else 0.0
        # a few more than ``limit``: copies of one passage fold into one match; only what is
        # shown is fetched from the store
        close = {row[-1]: row for row in scored if row[0] >= NEAR}
        matches = []
        for leader, copies in fold_copies(list(close)[:2 * limit + 5], self.index.passage_key)[:limit]:
            total, wording, meaning, contained, _ = close[leader]
            match = Match(self.index.ids[leader], round(total, 4), round(wording, 4), round(meaning, 4),
                          passage_data(self.store, self.index, leader), round(contained, 4))
            match.also = [passage_data(self.store, self.index, p) for p in copies]
            match.spans = shared_spans(key, match.data["text"], self.is_word)
            matches.append(match)
        return ParagraphMatches(number, text, where, matches, round(nearest, 4))


def fold_copies(passages: list[int], key_of: Callable[[int], str]) -> list[tuple[int, list[int]]]:
    """Fold copies of the same passage (one report filed from two sources) into the best
    one's: (leader, copies) in order.  An edited version stays a match of its own
    (search's grouping is looser)."""
    from huigu.search.group import key_shingles, near_identical

    leaders: list[tuple[int, set, list[int]]] = []
    for p in passages:
        grams = key_shingles(key_of(p))
        for leader, leader_grams, copies in leaders:
            if near_identical(grams, leader_grams, COPY_SHARE):
                copies.append(p)
                break
        else:
            leaders.append((p, grams, []))
    return [(leader, copies) for leader, _, copies in leaders]


# ── shared phrases ──────────────────────────────────────────────────────────


def gram_places(key: str) -> dict[str, list[int]]:
    """Where each 4-gram of the draft's key text starts."""
    places: dict[str, list[int]] = defaultdict(list)
    for j in range(len(key) - GRAM_CHARS + 1):
        places[key[j:j + GRAM_CHARS]].append(j)
    return places


def common_runs(key: str, other: str, places: dict[str, list[int]]) -> list[tuple[int, int, int]]:
    """(offset in ``other``, offset in ``key``, length) of every maximal run of at least
    4 characters the two key texts share (``places`` is ``gram_places(key)``)."""
    reach: dict[int, int] = {}
    runs = []
    for i in range(len(other) - GRAM_CHARS + 1):
        for j in places.get(other[i:i + GRAM_CHARS], ()):
            if reach.get(i - j, -1) > i:
                continue
            n = GRAM_CHARS
            while i + n < len(other) and j + n < len(key) and other[i + n] == key[j + n]:
                n += 1
            reach[i - j] = i + n
            runs.append((i, j, n))
    return runs


def contained_share(windows: list[str], other: str) -> float:
    """The share of the draft's key text that ``other`` holds word for word, in runs of at
    least CONTAINED_RUN_CHARS characters (a sentence lifted out of a long passage: 1.0).
    ``windows`` are the draft's CONTAINED_RUN_CHARS-character windows, in order: a key
    character is covered when a window holding it is in ``other`` too."""
    size = CONTAINED_RUN_CHARS
    held = {other[i:i + size] for i in range(len(other) - size + 1)}
    covered = 0
    for hit, streak in groupby(map(held.__contains__, windows)):
        if hit:
            covered += sum(1 for _ in streak) + size - 1
    return covered / (len(windows) + size - 1) if windows else 0.0


def shared_spans(key: str, text: str, is_word: Optional[Callable[[str], bool]] = None,
                 min_chars: int = MIN_SHARED_CHARS) -> list[tuple[int, int]]:
    """Where ``text`` holds the longest stretches that the draft (key text ``key``) also
    holds, at least ``min_chars`` characters (punctuation and spacing aside): (start, end)
    offsets in ``text``, in order.  Edges are moved to where a reader sees them: not inside
    a number (56 vs 58: "选派科技特派员5"), not inside a word when ``is_word`` tells
    (全|年选派), not a stray character cut off by punctuation ("名，围绕茶叶")."""
    other, offsets = key_offsets(text)
    runs = [(i, i + n) for i, _, n in common_runs(key, other, gram_places(key))]
    taken = bytearray(len(other))
    chosen = []
    for start, end in sorted(runs, key=lambda r: (r[0] - r[1], r[0])):
        while start < end and taken[start]:
            start += 1
        while end > start and taken[end - 1]:
            end -= 1
        if end - start >= min_chars and not taken.count(1, start, end):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end))
    spans = []
    for start, end in sorted(chosen):
        start, end = _readable_edges(other, offsets, start, end, is_word)
        head, tail = stray_edges(display_span(text, offsets, start, end))
        start, end = start + head, end - tail
        if end - start >= min_chars and not other[start:end].isdigit():
            spans.append((offsets[start], offsets[end - 1] + 1))
    return spans


def _readable_edges(key: str, offsets: list[int], start: int, end: int, is_word) -> tuple[int, int]:
    while start < end and start and key[start].isdigit() and key[start - 1].isdigit():
        start += 1
    while end > start and end < len(key) and key[end - 1].isdigit() and key[end].isdigit():
        end -= 1
    if is_word is not None:
        # the character just outside and the one at the edge, side by side in the text, make a word
        if 0 < start < end and offsets[start] == offsets[start - 1] + 1 and is_word(key[start - 1:start + 1]):
            start += 1
        if start < end < len(key) and offsets[end] == offsets[end - 1] + 1 and is_word(key[end - 1:end + 1]):
            end -= 1
    return start, end


def shared_phrases(key: str, text: str) -> list[str]:
    return _phrases_at(text, shared_spans(key, text))


def _phrases_at(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return list(dict.fromkeys(text[start:end].replace("\n", "") for start, end in spans))


# ── inputs ──────────────────────────────────────────────────────────────────


def worth_comparing(paragraph: str) -> bool:
    """A draft paragraph, not a title, heading or signature: long enough, and a sentence
    (with a comma or a full stop) unless it is long."""
    chars = len(reuse_key(paragraph))
    return chars >= MIN_PARAGRAPH_CHARS and (chars >= HEADING_CHARS or bool(_SENTENCE_MARK_RE.search(paragraph)))


def draft_paragraphs(path: Path) -> tuple[list[tuple[str, str]], int]:
    """(text, where) of each paragraph of a draft file worth comparing, and how many
    paragraphs were skipped as too short (headings, titles, signatures)."""
    from huigu.ingest.clean import clean_lines
    from huigu.ingest.read import read_file
    from huigu.errors import ReadError
    if not path.is_file():
        raise HuiguError(f"找不到文件 {path}")
    try:
        source = read_file(path)
    except ReadError as err:
        raise HuiguError(f"无法读取 {path}：{err}") from err
    clean = clean_lines(source.lines)
    paragraphs, skipped = [], 0
    for start, end in clean.paragraphs:
        text = clean.text[start:end]
        if not worth_comparing(text):
            skipped += 1
            continue
        first, last = clean.lines_of(start, end)
        span = f"{first}" if first == last else f"{first}-{last}"
        paragraphs.append((text, f"第{span}{source.unit}"))
    return paragraphs, skipped


def similar(store, text: Optional[str] = None, file: Optional[str] = None,
            passage: Optional[str] = None, filters=None, limit: int = 5) -> SimilarResult:
    """Best past passages for typed text, each paragraph of a draft file, or an indexed passage."""
    given = [v for v in (text, file, passage) if v]
    if len(given) != 1:
        raise HuiguError("请给出一段文字，或用 --file 指定草稿文件，或用 --passage 指定段落编号（三选一）")
    skipped = 0
    exclude_docs: tuple[str, ...] = ()
    if file:
        paragraphs, skipped = draft_paragraphs(Path(file))
        if not paragraphs:
            raise HuiguError(f"{file} 里没有足够长的段落可比较（每段至少 {MIN_PARAGRAPH_CHARS} 个字）")
    elif text:
        if len(reuse_key(text)) < GRAM_CHARS:
            raise HuiguError(f"文字太短：至少需要 {GRAM_CHARS} 个汉字或字母")
        paragraphs = [(text.strip(), "")]
    else:
        data = store.passage(passage)
        if data is None:
            raise HuiguError(f"没有编号为 {passage} 的段落：段落编号见 huigu search 的输出，如 c801791f-1.12")
        paragraphs = [(data["text"], data["label"])]
        exclude_docs = (data["doc_id"],)
    matcher = Matcher(store, filters, exclude_docs=exclude_docs)
    results = [matcher.match(body, limit, number, where) for number, (body, where) in enumerate(paragraphs, 1)]
    kind = "file" if file else "passage" if passage else "text"
    return SimilarResult(input=file or passage or text, paragraphs=results, skipped=skipped, kind=kind)


# ── how a match is called ───────────────────────────────────────────────────

NEARLY_SAME = 0.75
REWORDED = 0.45


def verdict(score: float) -> str:
    """How a person would call a match of this score."""
    if score >= NEARLY_SAME:
        return "几乎相同"
    if score >= REWORDED:
        return "部分改写"
    return "措辞相近"
