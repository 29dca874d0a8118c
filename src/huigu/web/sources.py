"""The cited lines of a passage's original file.

No request names a path.  The path comes from the passage's own record (``source``,
``reports/2023/教体局/x.txt``: the ingest root's name, then the path below it); it is
read only when the catalog lists that source and when it resolves inside one of the
folders ``huigu serve --source`` was given (the ingest roots), after links are followed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Optional

CONTEXT_LINES = 2


@dataclass
class CitedLines:
    path: str  # the source as cited
    unit: str
    lines: list[tuple[int, str, bool]]  # (number, text, cited)
    note: str = ""


def locate(source: str, roots: list[Path], catalog: dict) -> Optional[Path]:
    """The file of ``source`` below one of ``roots``, or None."""
    if source not in catalog:
        return None
    parts = PurePosixPath(source).parts
    if len(parts) < 2 or any(p in ("", ".", "..") for p in parts) or PurePosixPath(source).is_absolute():
        return None
    head, rest = parts[0], parts[1:]
    for root in roots:
        for base in (root, root / head):
            if base.name != head:
                continue
            candidate = base.joinpath(*rest)
            try:
                resolved = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            if resolved.is_file() and resolved.is_relative_to(base.resolve()):
                return resolved
    return None


def cited_lines(store, data: dict, roots: list[Path]) -> CitedLines:
    doc = data["doc"]
    source, unit = doc["source"], doc.get("unit", "行")
    if not roots:
        return CitedLines(source, unit, [], "未显示原文件：启动时用 --source 指定报告所在的文件夹后可显示")
    path = locate(source, roots, store.catalog())
    if path is None:
        return CitedLines(source, unit, [], "在 --source 指定的文件夹中找不到这个文件（可能已移动或删除）")
    from huigu.errors import ReadError
    from huigu.ingest.read import read_file

    try:
        text = read_file(path)
    except ReadError as err:
        return CitedLines(source, unit, [], f"原文件现在无法读取：{err}")
    first, last = data["line_start"], data["line_end"]
    low, high = max(1, first - CONTEXT_LINES), min(len(text.lines), last + CONTEXT_LINES)
    lines = [(n, text.lines[n - 1], first <= n <= last) for n in range(low, high + 1)]
    note = "" if lines else "原文件已改动：引用的位置不在文件中，请重新导入"
    return CitedLines(source, unit, lines, note)
