"""Character-level normal form shared by indexing, querying and citation checks.

NFKC folds full-width letters and digits; then ASCII punctuation that stands next to
Chinese text is written the Chinese way again (，：；（）！？), and spaces between
Chinese characters or between Chinese and digits ("2023 年", "政 府 工 作") are dropped.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the Chinese characters huigu reads (one place)


class LazyPattern:
    """``re.compile(pattern)`` on first use.  A class of the Chinese characters takes
    about 3 ms to compile; patterns that only ingest uses are not compiled by a search."""

    __slots__ = ("_pattern", "_compiled")

    def __init__(self, pattern: str):
        self._pattern = pattern
        self._compiled = None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = re.compile(self._pattern)
        return getattr(self._compiled, name)


CJK_CHAR_RE = re.compile(f"[{CJK}]")
CJK_RUN_RE = LazyPattern(f"[{CJK}]+")
# runs of Chinese, or ASCII words and numbers (with inner . % as in 2.5 / 10%)
TOKEN_RUN_RE = re.compile(f"([{CJK}]+)|([A-Za-z0-9]+(?:[.%][0-9]+)*%?)")
_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
# punctuation that touches a Chinese character (or a Chinese closing mark) on either side
_HALF_PUNCT_RE = re.compile(
    f"(?<=[{CJK}“”‘’、。》」』）])[,:;!?()]|[,:;!?()](?=[{CJK}“”‘’《「『（])"
)
# spaces (incl. NBSP / ideographic space, already folded by NFKC) not between two ASCII word chars
# an ASCII full stop between Chinese characters ends a sentence ("建设.坚持")
_HALF_STOP_RE = re.compile(f"(?<=[{CJK}”）])\\.(?=[{CJK}“（\"]|$)")
_SPACE_RUN_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufeff]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9%.]")
_MIDDLE_DOT_DECIMAL_RE = re.compile(r"(?<=\d)[·・](?=\d)")  # 14·1％: a middle dot as the decimal point (1999)
_PAREN_PAIR_RE = re.compile("\\(([一二三四五六七八九十\\d]{1,3})\\)")


def nfkc(text: str) -> str:
    # most text here is normalised already (passages are stored so): checking is ~1000× cheaper
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def _drop_spaces(text: str) -> str:
    def keep_or_drop(match: re.Match) -> str:
        start, end = match.span()
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if before and after and _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
            if before.isdigit() and (after.isdigit() or after in "%."):
                return ""  # "2 023", "8 %", "15 .3": a number set letter-spaced
            if before == "." and after.isdigit() and start > 1 and text[start - 2].isdigit():
                return ""  # "15. 3"
            return " "
        return ""

    return _SPACE_RUN_RE.sub(keep_or_drop, text)


def normalize_line(text: str) -> str:
    """Normal form of one line of report text (display form: Chinese punctuation kept)."""
    text = nfkc(text)
    text = text.replace("\u200b", "").replace("\ufeff", "")
    text = _drop_spaces(text).strip()
    text = _MIDDLE_DOT_DECIMAL_RE.sub(".", text)
    text = _PAREN_PAIR_RE.sub(lambda m: f"（{m.group(1)}）", text)
    text = _HALF_PUNCT_RE.sub(lambda m: _TO_FULL[m.group(0)], text)
    text = _HALF_STOP_RE.sub("。", text)
    return text


_NOT_WORD_RE = re.compile(r"[\s\W_]+", re.UNICODE)


def _plain_punctuation() -> re.Pattern:
    """Whitespace and punctuation that stay punctuation under NFKC (，→, but not ㎡→m2):
    dropping them before normalising gives the same key, and what is left is mostly
    already normal, which is far cheaper to check than to normalise."""
    chars = []
    for first, last in ((0x09, 0x0D), (0x20, 0x7E), (0xA0, 0xBF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFE30, 0xFE6F),
                        (0xFF00, 0xFF65)):
        for code in range(first, last + 1):
            ch = chr(code)
            if _NOT_WORD_RE.fullmatch(ch) and _NOT_WORD_RE.fullmatch(unicodedata.normalize("NFKC", ch)):
                chars.append(re.escape(ch))
    return re.compile("[" + "".join(chars) + "]+")


_PLAIN_PUNCT_RE = _plain_punctuation()


@lru_cache(maxsize=8192)  # a search compares the same candidate passages many times, and a server the same again
def match_key(text: str) -> str:
    """The form two texts are compared in: NFKC, no whitespace or punctuation, lower case."""
    return _NOT_WORD_RE.sub("", nfkc(_PLAIN_PUNCT_RE.sub("", text))).lower()


def squash(text: str) -> str:
    """NFKC without any whitespace: the form citation checks and gold quotes use."""
    return re.sub(r"\s+", "", nfkc(text))


def grams(text: str) -> list[str]:
    """Overlapping character bigrams of Chinese runs; ASCII words and numbers whole
    (what a query looks up in the bigram field, and how rare a word's pieces are)."""
    out = []
    for cjk, ascii_word in TOKEN_RUN_RE.findall(nfkc(text)):
        if cjk:
            if len(cjk) == 1:
                out.append(cjk)
            else:
                out.extend(cjk[i:i + 2] for i in range(len(cjk) - 1))
        else:
            out.append(ascii_word.lower())
    return out
