"""Plain text and Markdown: the file's own lines, verbatim."""
from __future__ import annotations

import re
from pathlib import Path

from huigu.model import SourceText

from huigu.errors import ReadError
from .encoding import decode_bytes
from .files import load_bytes
from .limits import MAX_TEXT_BYTES

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as an editor shows them: split on CRLF, LF or CR, nothing else.

    A final line break ends the last line rather than starting an empty one, so
    ``lines[i]`` is line ``i + 1`` of the file.
    """
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def read_text(path: Path, fmt: str = "txt") -> SourceText:
    """Read a .txt or .md file (``fmt`` is "txt" or "md")."""
    decoded = decode_bytes(load_bytes(path, MAX_TEXT_BYTES))
    if not decoded.text.strip():
        raise ReadError("文件只有空白字符")
    return SourceText(
        path=str(path),
        format=fmt,
        lines=split_lines(decoded.text),
        unit="行",
        encoding=decoded.encoding,
        warnings=decoded.warnings,
    )
