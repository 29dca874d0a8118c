"""Readers: one file in, its text out (``SourceText``), or a ``ReadError`` saying why not.

``read_file`` decides the format by the file's first bytes first (a PDF, a zip, an old
OLE Office file, RTF, an image) and by its suffix second, so a ``.doc`` that is really a
web page, or a ``.docx`` that is really an old ``.doc``, gets the right treatment.
Limits on size and expansion are in ``huigu.ingest.read.limits``.

Who reads what: .txt/.md ``text``; .html ``html``; .docx ``docx``; .pdf ``pdf`` (pages
without a text layer through ``ocr`` when the extra is installed); .doc/.wps/.rtf/.odt
``legacy`` (LibreOffice → .docx); .ofd ``ofd`` (ofdkit); page images ``images`` (OCR).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from huigu.model import SourceText

from huigu.errors import ReadError
from . import legacy, sniff
from .docx import read_docx
from .files import load_bytes, read_head
from .html import read_html
from .images import read_image
from .legacy import read_legacy
from .limits import MAX_DOCX_BYTES
from .ofd import read_ofd
from .pdf import read_pdf
from .text import read_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "KNOWN_UNSUPPORTED_SUFFIXES",
    "is_candidate",
    "read_file",
    "ReadError",
    "SourceText",
]

TEXT_SUFFIXES = {".txt": "txt", ".md": "md"}
HTML_SUFFIXES = {".html", ".htm", ".shtml"}
# .doc/.wps/.rtf/.odt need LibreOffice and images the OCR extra: without them such a
# file is tried and skipped with a line saying what to install.
SUPPORTED_SUFFIXES = frozenset({
    *TEXT_SUFFIXES, *HTML_SUFFIXES, ".docx", ".pdf",
    *sniff.LEGACY_WORD_SUFFIXES, *sniff.OTHER_WORD_SUFFIXES, *sniff.OFD_SUFFIXES, *sniff.OCR_IMAGE_SUFFIXES,
})
# Tried anyway, so that the person learns why they were not read.
KNOWN_UNSUPPORTED_SUFFIXES = frozenset(
    sniff.LEGACY_SHEET_SUFFIXES
    | sniff.LEGACY_SLIDES_SUFFIXES
    | (sniff.IMAGE_SUFFIXES - sniff.OCR_IMAGE_SUFFIXES)
    | sniff.ARCHIVE_SUFFIXES
    | sniff.OTHER_UNSUPPORTED_SUFFIXES
)
_ZIP_FORMATS_NOT_WORD = {".xlsx", ".pptx", ".zip"}

PathLike = Union[str, os.PathLike]


def is_candidate(path: PathLike) -> bool:
    """Should an ingest try this file? Supported or known-unsupported suffixes, except
    hidden files, macOS "._" companions and Office lock files ("~$报告.docx")."""
    path = Path(path)
    if path.name.startswith((".", "~$")):
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES | KNOWN_UNSUPPORTED_SUFFIXES


def read_file(path: PathLike) -> SourceText:
    """Read one file into a ``SourceText``; anything unreadable raises ``ReadError``."""
    path = Path(path)
    try:
        return _dispatch(path)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError("文件结构嵌套过深，无法读取") from None
    except MemoryError:
        raise ReadError("文件内容过大，内存不足，无法读取") from None
    except Exception as err:  # a bug or a library failure we did not foresee
        raise ReadError(f"读取失败（内部错误 {type(err).__name__}）：请把此文件反馈给维护者") from err


def _dispatch(path: Path) -> SourceText:
    suffix = path.suffix.lower()
    head = read_head(path, sniff.HEAD_BYTES)
    kind = sniff.sniff(head)
    if kind == sniff.PDF:
        return read_pdf(path)
    if kind == sniff.OLE:
        if _is_word(suffix) and not _is_encrypted_office(path):
            return read_legacy(path, legacy.DOC)
        raise ReadError(sniff.legacy_office_reason(suffix, _is_encrypted_office(path)))
    if kind == sniff.RTF:
        return read_legacy(path, legacy.RTF)
    if kind == sniff.ODT:
        return read_legacy(path, legacy.ODT)
    if kind == sniff.ZIP:
        if suffix in sniff.OFD_SUFFIXES:
            return read_ofd(path)
        if suffix in _ZIP_FORMATS_NOT_WORD:
            raise ReadError(sniff.unsupported_reason(path, kind))
        if suffix in sniff.OTHER_WORD_SUFFIXES:  # an .odt without the mimetype part first
            return read_legacy(path, legacy.ODT)
        return read_docx(path)
    if kind == sniff.IMAGE:
        return read_image(path)
    if kind is not None:
        raise ReadError(sniff.unsupported_reason(path, kind))
    return _dispatch_by_suffix(path, suffix, head)


def _dispatch_by_suffix(path: Path, suffix: str, head: bytes) -> SourceText:
    if suffix in TEXT_SUFFIXES:
        return read_text(path, TEXT_SUFFIXES[suffix])
    if suffix in HTML_SUFFIXES:
        return read_html(path)
    if suffix in sniff.LEGACY_WORD_SUFFIXES and sniff.looks_like_html(head):
        source = read_html(path)
        source.warnings.append(f"扩展名是 {suffix}，内容其实是网页，已按 HTML 读取")
        return source
    if suffix in sniff.OCR_IMAGE_SUFFIXES:  # not an image its suffix names: OCR says so
        return read_image(path)
    if suffix == ".docx":
        raise ReadError("不是有效的 .docx（不是 zip 格式，文件损坏或改了扩展名）")
    if suffix == ".pdf":
        raise ReadError("不是有效的 PDF（缺少 %PDF 文件头）")
    raise ReadError(sniff.unsupported_reason(path, None))


def _is_word(suffix: str) -> bool:
    """An OLE file named like a word-processor file (an old .doc saved as .docx included)."""
    return suffix in sniff.LEGACY_WORD_SUFFIXES or suffix in {".docx", ".rtf", ""}


def _is_encrypted_office(path: Path) -> bool:
    try:
        return sniff.is_encrypted_office(load_bytes(path, MAX_DOCX_BYTES))
    except ReadError:
        return False
