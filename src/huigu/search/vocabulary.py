"""Segmentation of a query against the knowledge base's own vocabulary.

The query side never loads jieba: the words jieba produced at ingest are the store's
``words`` field, each with its document frequency, and a query is cut into the words
that can actually match — the same maximum-probability segmentation jieba does, over
that vocabulary.  Runs of characters the index knows no word for stay together and
match as text through the bigram field.
"""
from __future__ import annotations

import math

from huigu.text.normalize import CJK_CHAR_RE, grams

MAX_WORD_CHARS = 8
PAIR_PENALTY = math.log(10)  # a character pair that is never a word counts as one ten times rarer
UNKNOWN_SINGLE_SHARE = 0.002  # a lone character rarer than this joins its unknown neighbours


class Vocabulary:
    """Document frequencies of the store's words, looked up lazily and kept for one search."""

    def __init__(self, store):
        self.store = store
        self.total = max(1, store.record_count())
        self.cache: dict[str, int] = {}
        self.gram_cache: dict[str, int] = {}
        self.expansions: dict[tuple, list[str]] = {}  # (short form, thorough) → how the knowledge base writes it
        self.thorough = False  # the second pass of a search that found too little

    def _frequency(self, field: str, text: str) -> int:
        return self.store.doc_frequency(field, text)

    def is_department(self, word: str) -> bool:
        """Is ``word`` a name under which documents are filed (海拉尔区, 云南, 科技局)?"""
        return len(word) >= 2 and self._frequency("dept", word) > 0

    def pair_df(self, pair: str) -> int:
        """Passages holding a character pair that is not a word there (the bigram field)."""
        return self._frequency("grams", pair)

    def bigram_df(self, gram: str) -> int:
        """Roughly how many passages hold a character pair (see ``plan.bigram_query``)."""
        if gram not in self.gram_cache:
            found = self.df(gram)
            if len(gram) == 2 and CJK_CHAR_RE.match(gram):
                found += self.pair_df(gram)
            self.gram_cache[gram] = found
        return self.gram_cache[gram]

    def concept_df(self, concept) -> int:
        """Roughly how many passages hold the concept (its commonest spelling)."""
        return max(max(self.df(alt), min((self.bigram_df(g) for g in grams(alt)), default=0))
                   for alt in concept.alternatives)

    def df(self, word: str) -> int:
        if word not in self.cache:
            self.cache[word] = self._frequency("words", word)
        return self.cache[word]


def segment(run: str, vocab: Vocabulary, whole: bool = True) -> list[str]:
    """Max-probability segmentation of a Chinese run over the index vocabulary;
    consecutive characters the index knows no word for stay together as one chunk.
    Not ``whole``: the run itself does not count as a word (how else it is written)."""
    n = len(run)
    if n <= 1:
        return [run] if run else []
    log_total = math.log(vocab.total * 10)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    best[n] = (0.0, n)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, min(n, i + MAX_WORD_CHARS) + 1):
            piece = run[i:j]
            df = vocab.df(piece) if whole or j - i < n else 0
            penalty = 0.0
            if df == 0 and j - i == 2 and (whole or n > 2):
                # a pair that stands in the text, though never as a word (造林 in 植树造林):
                # better one piece than two lone characters, but not better than a real
                # word beside a lone one (人均|可支配, not 人|均可|支配)
                df = vocab.pair_df(piece)
                penalty = PAIR_PENALTY
            if df == 0 and j - i > 1:
                continue
            weight = math.log(df + 1) - log_total - penalty if df else -log_total - 5
            options.append((weight + best[j][0], j))
        best[i] = max(options)
    words, i = [], 0
    while i < n:
        j = best[i][1]
        words.append(run[i:j])
        i = j
    return _merge_unknown_singles(words, vocab)


def _merge_unknown_singles(words: list[str], vocab: Vocabulary) -> list[str]:
    merged: list[str] = []
    buffer = ""
    for word in words:
        if len(word) == 1 and vocab.df(word) < vocab.total * UNKNOWN_SINGLE_SHARE:
            buffer += word
            continue
        if buffer:
            merged.append(buffer)
            buffer = ""
        merged.append(word)
    if buffer:
        merged.append(buffer)
    return merged
