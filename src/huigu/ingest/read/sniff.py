"""What a file really is, from its first bytes, and why an unsupported one is refused."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

HEAD_BYTES = 2048

PDF = "pdf"
ZIP = "zip"
OLE = "ole"  # Compound File Binary: .doc .wps .xls .et .ppt, and password-protected .docx
IMAGE = "image"
RTF = "rtf"
ODT = "odt"  # an OpenDocument text (a zip whose first part says so)
ARCHIVE = "archive"
MHTML = "mhtml"

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_IMAGE_MAGICS = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little endian
    b"MM\x00*",  # TIFF, big endian
)
_ARCHIVE_MAGICS = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|meta|body)\b", re.I | re.S)

LEGACY_WORD_SUFFIXES = {".doc", ".dot", ".wps", ".wpt"}
# read through LibreOffice (see legacy.py), besides the legacy Word suffixes
OTHER_WORD_SUFFIXES = {".rtf", ".odt", ".ott"}
OFD_SUFFIXES = {".ofd"}
LEGACY_SHEET_SUFFIXES = {".xls", ".et", ".ett"}
LEGACY_SLIDES_SUFFIXES = {".ppt", ".dps", ".pps"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"}
ARCHIVE_SUFFIXES = {".zip", ".rar", ".7z", ".gz"}
OTHER_UNSUPPORTED_SUFFIXES = {".xlsx", ".pptx", ".mht", ".mhtml"}
OCR_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp"}  # what OCR reads

IMAGE_REASON = "图片格式不受支持（.heic 等）：请另存为 .png 或 .jpg 后再导入"
LEGACY_WORD_REASON = "旧版 Word 文档（{suffix}/OLE 格式），无法直接读取：请用 WPS 或 Word 另存为 .docx 后再导入"
ENCRYPTED_OFFICE_REASON = "Office 文档已加密（设置了打开密码），无法读取：请去除密码后另存为 .docx 再导入"

_REASONS_BY_SUFFIX = {
    ".xlsx": "Excel 表格（.xlsx）暂不支持：如是报告正文，请复制到 Word/WPS 文字中另存为 .docx 后再导入",
    ".pptx": "PowerPoint 演示文稿（.pptx）暂不支持：请导出为 PDF 后再导入",
    ".mht": "网页存档（.mht）暂不支持：请在浏览器中另存为 .html 后再导入",
    ".mhtml": "网页存档（.mhtml）暂不支持：请在浏览器中另存为 .html 后再导入",
}


def sniff(head: bytes) -> Optional[str]:
    """The format the leading bytes prove, or None when they prove nothing."""
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        # OpenDocument stores an uncompressed "mimetype" part first
        if head[30:38] == b"mimetype" and b"opendocument.text" in head[38:120]:
            return ODT
        return ZIP
    if head.startswith(_OLE_MAGIC):
        return OLE
    if head.startswith(_IMAGE_MAGICS) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return IMAGE
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(_ARCHIVE_MAGICS):
        return ARCHIVE
    if head.lstrip()[:13].lower() == b"mime-version:":
        return MHTML
    return None


def looks_like_html(head: bytes) -> bool:
    """Web pages saved with a .doc suffix are common ("另存为 Word" on many sites)."""
    return bool(_HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def legacy_office_reason(suffix: str, encrypted: bool) -> str:
    """Why an OLE (Compound File) document cannot be read, and what to do."""
    if encrypted:
        return ENCRYPTED_OFFICE_REASON
    if suffix in LEGACY_SHEET_SUFFIXES:
        return f"旧版 Excel/WPS 表格（{suffix}/OLE 格式）暂不支持：如是报告正文，请复制到 Word/WPS 文字中另存为 .docx 后再导入"
    if suffix in LEGACY_SLIDES_SUFFIXES:
        return f"旧版 PowerPoint/WPS 演示（{suffix}/OLE 格式）暂不支持：请导出为 PDF 后再导入"
    if suffix == ".docx":
        return "扩展名是 .docx，内容却是旧版 Word 格式（.doc/OLE）：请用 WPS 或 Word 另存为 .docx 后再导入"
    if suffix in LEGACY_WORD_SUFFIXES:
        return LEGACY_WORD_REASON.format(suffix=suffix)
    return "旧版 Office 文件（OLE 格式），无法直接读取：请另存为 .docx 或 PDF 后再导入"


def is_encrypted_office(data: bytes) -> bool:
    """A password-protected .docx/.xlsx is an OLE file holding an "EncryptedPackage" stream."""
    return "EncryptedPackage".encode("utf-16-le") in data


def unsupported_reason(path: Path, kind: Optional[str]) -> str:
    """The reason for a file no reader takes, from its sniffed kind or else its suffix."""
    suffix = path.suffix.lower()
    if kind == IMAGE or (kind is None and suffix in IMAGE_SUFFIXES):
        return IMAGE_REASON
    if kind == MHTML:
        return _REASONS_BY_SUFFIX[".mht"]
    if kind == ARCHIVE or suffix in ARCHIVE_SUFFIXES:
        return f"压缩包（{suffix or '无扩展名'}）：请先解压，再导入其中的文件"
    if suffix in _REASONS_BY_SUFFIX:
        return _REASONS_BY_SUFFIX[suffix]
    if suffix in LEGACY_WORD_SUFFIXES | LEGACY_SHEET_SUFFIXES | LEGACY_SLIDES_SUFFIXES:
        return legacy_office_reason(suffix, encrypted=False)
    shown = suffix or "无扩展名"
    return f"不支持的文件类型（{shown}）：请转换为 .docx、.pdf、.txt 或 .html 后再导入"
