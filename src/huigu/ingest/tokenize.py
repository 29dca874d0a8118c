"""Tokens for the index: jieba words (precise mode, with the domain dictionary) and
the character bigrams that are not words already.

Ingestion segments here, in worker processes, and hands the store space-separated
tokens, so no store ever runs jieba itself.  The query side does not load jieba at all: it
segments a query against the index's own vocabulary (see ``query``).
"""
from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path
from typing import Iterable, Optional

from huigu.text.normalize import CJK, CJK_RUN_RE as _CJK_RUN_RE, grams  # noqa: F401 (grams re-exported)
from huigu.lexicon.tables import domain_dictionary_path

_TOKENIZER = None
_LOCK = threading.Lock()
USER_DICT_ENV = "HUIGU_USER_DICT"

_KEEP_TOKEN_RE = re.compile(f"[\\w{CJK}]")


def tokenizer(user_dict: Optional[Path] = None):
    """The process's jieba tokenizer, with the domain dictionary (and a user dictionary)
    loaded *here*, so worker processes get them too."""
    global _TOKENIZER
    with _LOCK:
        if _TOKENIZER is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            _load_words(tok, domain_dictionary_path())
            extra = user_dict or (Path(os.environ[USER_DICT_ENV]) if os.environ.get(USER_DICT_ENV) else None)
            if extra and Path(extra).is_file():
                _load_words(tok, Path(extra))
            _TOKENIZER = tok
        return _TOKENIZER


def _load_words(tok, path: Path) -> None:
    with open(path, "rb") as handle:  # jieba leaves a path it opens itself unclosed
        tok.load_userdict(handle)


def words(text: str) -> list[str]:
    """jieba tokens of ``text`` (already normalised), lower-cased, punctuation dropped.

    The index keeps jieba's precise segmentation; a query for part of a long word
    (特派员 in 科技特派员) or for text jieba cut elsewhere (一网通|办) still matches
    through the bigram field (``passage_grams``)."""
    out = []
    keep = out.append
    for token in tokenizer().cut(text, HMM=True):
        if token.isalnum():  # nearly every token: Chinese words, numbers, ASCII words
            keep(token.lower())
        else:
            token = token.strip().lower()
            if token and _KEEP_TOKEN_RE.search(token):
                keep(token)
    return out


def passage_grams(text: str, passage_words: Iterable[str]) -> list[str]:
    """The bigram field of a passage: every pair of neighbouring Chinese characters,
    except the pairs that are two-character words of the passage (those are in the
    word field already; a query looks a pair up in both fields).

    So any two or more Chinese characters of the passage can be found, however jieba
    cut them: part of a long word (特派员 in 科技特派员), text cut across words (一网通|办,
    营造|林).  Leaving out the two-character words makes the field a third smaller."""
    two = {w for w in passage_words if len(w) == 2}
    found = set()
    for run in _CJK_RUN_RE.findall(text):
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return sorted(found - two)


def joined(tokens: Iterable[str]) -> str:
    return " ".join(tokens)
