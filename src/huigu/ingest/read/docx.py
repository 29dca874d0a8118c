"""Word .docx: paragraphs and table cells in body order, after the zip is proven safe.

Before python-docx sees the file, the zip is inspected: the number of parts, their
declared sizes, compression ratios, and then every part is streamed through a size cap
(declared sizes can lie) and scanned for DTD / entity declarations (XXE, billion laughs).
"""
from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Iterator, Optional

from lxml import etree

from huigu.model import SourceText

from huigu.errors import ReadError
from .files import format_limit, format_size, load_bytes
from .limits import (
    MAX_DOCX_BYTES,
    MAX_ZIP_MEMBER_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_BYTES,
    ZIP_RATIO_GRACE_BYTES,
    ZIP_READ_CHUNK_BYTES,
)

BROKEN_ZIP = "不是有效的 .docx（zip 损坏或被截断）"
NOT_PARSEABLE = "不是有效的 .docx（文档结构无法解析：文件可能损坏，或不是 Word 文档）"
HAS_DTD = "docx 内含 DTD/实体声明，出于安全考虑拒绝读取"
NO_TEXT = "文档里没有文字（可能只有图片）：如是扫描件，需要先做 OCR"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = _W + "p"
_TEXT = _W + "t"
_TAB = _W + "tab"
_BREAKS = {_W + "br", _W + "cr"}
_HYPHEN = _W + "noBreakHyphen"
# Block containers whose children are walked for paragraphs, in order.
_BODY_CONTAINERS = {_W + name for name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml")}
# Inside a paragraph: drawings and text boxes (and their fallback copies) are skipped;
# deleted text lives in w:delText and field codes in w:instrText, which are never read.
_SKIPPED_IN_PARAGRAPH = {
    _W + "drawing",
    _W + "pict",
    _W + "object",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}

_DTD_MARKERS = tuple(
    marker.encode(codec)
    for marker in ("<!doctype", "<!entity")
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_DTD_OVERLAP = max(len(marker) for marker in _DTD_MARKERS) - 1

_MAX_SHOWN_NAME = 80

_OTHER_OFFICE_PARTS = {
    "xl/workbook.xml": "不是 Word 文档（内容是 Excel 表格，只是扩展名为 .docx）：请另存为正确格式",
    "ppt/presentation.xml": "不是 Word 文档（内容是 PowerPoint 演示文稿，只是扩展名为 .docx）：请导出为 PDF 后再导入",
}


# -- the zip container ----------------------------------------------------------------


def _bomb(what: str) -> ReadError:
    return ReadError(f"{what}，疑似压缩炸弹，已拒绝")


def _shown(name: str) -> str:
    """A part name fit for a one-line message: no control characters, not too long."""
    printable = "".join(char if char.isprintable() else "?" for char in name[:_MAX_SHOWN_NAME])
    return printable + ("…" if len(name) > _MAX_SHOWN_NAME else "")


def _declared_directory(data: bytes) -> Optional[tuple[int, int]]:
    """(part count, central directory size) as the zip's end records declare them.

    Reads the ZIP64 end record too when there is one, as zipfile would.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    count, size = struct.unpack_from("<HI", data, end + 10)
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 > len(data) or data[record : record + 4] != b"PK\x06\x06":
            return None
        count, size = struct.unpack_from("<QQ", data, record + 32)
    return count, size


def _refuse_oversized_directory(data: bytes) -> None:
    """Refuse a zip listing too many parts before zipfile builds an object for each."""
    declared = _declared_directory(data)
    if declared is None:
        raise ReadError(BROKEN_ZIP)
    count, directory_size = declared
    if count > MAX_ZIP_MEMBERS:
        raise ReadError(f"docx 内文件数过多（{count} 个，上限 {MAX_ZIP_MEMBERS} 个），已拒绝")
    # An entry of the directory takes 46 bytes plus its name; sane names are far below 1 KB.
    if directory_size > MAX_ZIP_MEMBERS * 1024:
        raise ReadError(f"docx 的 zip 目录过大（{format_size(directory_size)}），疑似异常或恶意构造，已拒绝")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    _refuse_oversized_directory(data)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ReadError(BROKEN_ZIP) from None


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    """Refuse on what the directory declares: count, total, per-part size, ratio."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReadError(f"docx 内文件数过多（{len(members)} 个，上限 {MAX_ZIP_MEMBERS} 个），已拒绝")
    total = sum(member.file_size for member in members)
    if total > MAX_ZIP_TOTAL_BYTES:
        raise _bomb(f"解压后体积过大（声明 {format_size(total)}，上限 {format_limit(MAX_ZIP_TOTAL_BYTES)}）")
    for member in members:
        if member.flag_bits & 0x1:
            raise ReadError("不是有效的 .docx（zip 内文件被加密）：请提供未加密的文件")
        if member.file_size > MAX_ZIP_MEMBER_BYTES:
            raise _bomb(
                f"docx 内文件 {_shown(member.filename)} 解压后过大"
                f"（声明 {format_size(member.file_size)}，上限 {format_limit(MAX_ZIP_MEMBER_BYTES)}）"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_GRACE_BYTES and ratio > MAX_ZIP_RATIO:
            raise _bomb(f"docx 内文件 {_shown(member.filename)} 压缩比异常（{ratio:.0f} 倍，上限 {MAX_ZIP_RATIO} 倍）")


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The decompressed bytes of ``member``; zip-level failures become ReadError."""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(ZIP_READ_CHUNK_BYTES):
                yield chunk
    except zipfile.BadZipFile:
        raise ReadError(f"docx 内文件 {_shown(member.filename)} 校验失败（内容与声明不符），文件损坏或被篡改，已拒绝") from None
    except (zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError):
        raise ReadError(BROKEN_ZIP) from None


def _verify_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, total_so_far: int) -> int:
    """Stream one part under the caps, scanning it for DTDs; return its real size."""
    size = 0
    tail = b""
    for chunk in _chunks(archive, member):
        size += len(chunk)
        if size > MAX_ZIP_MEMBER_BYTES or total_so_far + size > MAX_ZIP_TOTAL_BYTES:
            raise _bomb(f"docx 内文件 {_shown(member.filename)} 实际解压体积超过上限")
        window = tail + chunk.lower()
        if any(marker in window for marker in _DTD_MARKERS):
            raise ReadError(HAS_DTD)
        tail = window[-_DTD_OVERLAP:]
    return size


def verify_package(data: bytes) -> None:
    """Raise ReadError unless ``data`` is a zip that is safe to hand to python-docx."""
    with _open_zip(data) as archive:
        members = archive.infolist()
        _check_declared_sizes(members)
        names = set(archive.namelist())
        for part, reason in _OTHER_OFFICE_PARTS.items():
            if part in names and "word/document.xml" not in names:
                raise ReadError(reason)
        total = 0
        for member in members:
            total += _verify_member(archive, member, total)


# -- the WordprocessingML body ----------------------------------------------------------


def _paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a w:p, with "\\n" where a line or page break is."""
    pieces: list[str] = []
    pending = list(reversed(paragraph))
    while pending:
        element = pending.pop()
        tag = element.tag
        if tag == _TEXT:
            pieces.append(element.text or "")
        elif tag == _TAB:
            pieces.append("\t")
        elif tag in _BREAKS:
            pieces.append("\n")
        elif tag == _HYPHEN:
            pieces.append("-")
        elif tag not in _SKIPPED_IN_PARAGRAPH:
            pending.extend(reversed(element))
    return "".join(pieces)


def _paragraph_lines(paragraph: etree._Element) -> list[str]:
    """A paragraph is one line; a manual line break inside it starts another."""
    return [piece for piece in _paragraph_text(paragraph).split("\n") if piece.strip()]


def body_lines(body: etree._Element) -> list[str]:
    """Paragraphs and table cell paragraphs of the body, in document order."""
    lines: list[str] = []
    pending = list(reversed(body))
    while pending:
        element = pending.pop()
        if element.tag == _PARAGRAPH:
            lines.extend(_paragraph_lines(element))
        elif element.tag in _BODY_CONTAINERS:
            pending.extend(reversed(element))
    return lines


def _parsed_body(data: bytes) -> etree._Element:
    """The w:body of the main document part, parsed by python-docx (entities unresolved)."""
    import docx

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return docx.Document(io.BytesIO(data)).element.body
    except Exception:  # python-docx and lxml raise many kinds; all mean "cannot parse"
        raise ReadError(NOT_PARSEABLE) from None


def read_docx(path: Path) -> SourceText:
    data = load_bytes(path, MAX_DOCX_BYTES)
    verify_package(data)
    body = _parsed_body(data)
    lines = body_lines(body) if body is not None else []
    if not lines:
        raise ReadError(NO_TEXT)
    return SourceText(path=str(path), format="docx", lines=lines, unit="段")
