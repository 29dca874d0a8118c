"""Turning the bytes of a text or HTML file into ``str``.

Order of trust: a byte-order mark; the charset a web page declares; strict UTF-8;
strict GB18030 (a superset of GB2312 and GBK); then whichever of those leaves the fewest
undecodable bytes, if they are few; charset-normalizer only as a last resort.
"""
from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass, field
from typing import Optional

from huigu.errors import ReadError
from .limits import BINARY_SNIFF_BYTES, MAX_CONTROL_CHAR_SHARE, MAX_UNDECODABLE_SHARE

NOT_TEXT = "不是文本文件（内容像二进制数据）"

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Declared names that mean "some GB encoding": read them all as the superset GB18030,
# since pages labelled gb2312 routinely contain GBK-only characters.
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "gb_2312-80", "euc-cn", "euc_cn", "gb18030"}
# Declarations trusted (as Python codec names).  Western single-byte ones are left out on
# purpose: they are often wrong on Chinese pages and decode any byte without error, so
# such a declaration counts as none.  Odd codecs (unicode_escape, idna …) are left out too.
_TRUSTED_DECLARATIONS = {
    "utf-8", "gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "euc_jp", "iso2022_jp",
    "euc_kr", "cp949", "koi8-r", "cp1251",
}

# What charset-normalizer may answer, and how much of the file it looks at.
_GUESSABLE = ["big5", "cp950", "big5hkscs", "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be", "cp1252"]
GUESS_SAMPLE_BYTES = 256 * 1024

# Control characters no text file has (tab, line breaks, form feed and escape excepted).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def normalise_charset(name: Optional[str]) -> Optional[str]:
    """Python's codec name for a declared charset, or None when unknown or not useful."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("gb2312", "gbk"):
        return "gb18030"
    return codec if codec in _TRUSTED_DECLARATIONS else None


def _strict(data: bytes, encoding: str) -> Optional[str]:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _replacing(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd")


def _from_byte_order_mark(data: bytes) -> Optional[Decoded]:
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            text, bad = _replacing(data, encoding)
            notes = [_undecodable_note(bad, encoding)] if bad else []
            return Decoded(text, encoding, notes)
    return None


def _undecodable_note(count: int, encoding: str) -> str:
    return f"含 {count} 处无法解码的字节（按 {encoding.upper()} 读取），已替换为 �"


def looks_binary(data: bytes) -> bool:
    """Quick check on the raw bytes: many control bytes (NUL, BEL …) mean binary data."""
    sample = data[:BINARY_SNIFF_BYTES]
    return _CONTROL_BYTES.subn(b"", sample)[1] > MAX_CONTROL_CHAR_SHARE * len(sample)


def _refuse_if_binary(text: str) -> None:
    # subn counts without building a list of matches (a 50 MB text may match everywhere)
    if _CONTROL_CHARS.subn("", text)[1] > MAX_CONTROL_CHAR_SHARE * max(len(text), 1):
        raise ReadError(NOT_TEXT)


def _guess_with_charset_normalizer(data: bytes) -> Optional[Decoded]:
    """Last resort: let charset-normalizer pick among the encodings a Chinese office may
    meet (Big5, UTF-16/32 without BOM, Windows-1252) on a sample, then decode it all."""
    import charset_normalizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        best = charset_normalizer.from_bytes(data[:GUESS_SAMPLE_BYTES], cp_isolation=_GUESSABLE).best()
    if best is None:
        return None
    text, bad = _replacing(data, best.encoding)
    if bad > MAX_UNDECODABLE_SHARE * max(len(text), 1):
        return None
    return Decoded(text, best.encoding, [f"编码无法确定，按 {best.encoding} 猜测读取，可能有乱码"])


def _least_damaged(data: bytes, candidates: list[str]) -> Optional[Decoded]:
    """The candidate decoding with the fewest replacements, if they are few enough."""
    best: Optional[tuple[int, str, str]] = None
    for encoding in candidates:
        text, bad = _replacing(data, encoding)
        if best is None or bad < best[0]:
            best = (bad, encoding, text)
    if best is None:
        return None
    bad, encoding, text = best
    if bad > MAX_UNDECODABLE_SHARE * max(len(text), 1):
        return None
    return Decoded(text, encoding, [_undecodable_note(bad, encoding)])


def decode_bytes(data: bytes, declared: Optional[str] = None) -> Decoded:
    """Decode ``data``; raise ReadError when it does not look like text at all."""
    decoded = _from_byte_order_mark(data)
    if decoded is None:
        if looks_binary(data):
            raise ReadError(NOT_TEXT)
        decoded = _decode_without_mark(data, normalise_charset(declared))
    _refuse_if_binary(decoded.text)
    return decoded


def _decode_without_mark(data: bytes, declared: Optional[str]) -> Decoded:
    candidates = list(dict.fromkeys(c for c in (declared, "utf-8", "gb18030") if c))
    for encoding in candidates:
        text = _strict(data, encoding)
        if text is not None:
            return Decoded(text, encoding, _declaration_notes(declared, encoding))
    decoded = _least_damaged(data, candidates) or _guess_with_charset_normalizer(data)
    if decoded is None:
        raise ReadError(NOT_TEXT)
    decoded.warnings[:0] = _declaration_notes(declared, decoded.encoding)
    return decoded


def _declaration_notes(declared: Optional[str], used: str) -> list[str]:
    if declared and declared != used:
        return [f"网页声明的编码是 {declared}，但内容按 {used} 才能解码"]
    return []
