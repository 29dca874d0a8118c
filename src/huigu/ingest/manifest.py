"""Optional manifests that state metadata outright, overriding what huigu infers.

A ``huigu.csv`` (or ``manifest.csv``) or ``huigu.toml`` beside the files:

    file,title,department,department_short,year,period,doc_type,doc_number,date
    2023/总结.docx,2023年工作总结,云溪市科学技术局,科技局,2023,全年,工作总结,,2024-01-10

    [[documents]]
    file = "2023/总结.docx"
    department = "云溪市科学技术局"
    year = 2023

``file`` is relative to the manifest's folder; written the Windows way too
(``2023\\总结.docx``, or ``D:\\材料\\2023\\总结.docx`` for a manifest made on another machine:
then the part of the path found below the manifest's folder is used).  A CSV saved by
Excel or WPS on Chinese Windows is GBK and is read as such.  A row naming a file that
does not exist is reported and ignored.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path, PureWindowsPath
from typing import Optional

from huigu.errors import HuiguError
from huigu.lexicon.tables import tomllib

MANIFEST_NAMES = ("huigu.csv", "manifest.csv", "huigu.toml", "manifest.toml")
FIELDS = ("title", "department", "department_short", "region", "year", "review_year", "plan_year",
          "period", "doc_type", "doc_number", "date")
_INT_FIELDS = {"year", "review_year", "plan_year"}


def _clean_row(row: dict, where: Path) -> dict:
    values = {}
    for name in FIELDS:
        value = row.get(name)
        if value in (None, ""):
            continue
        if name in _INT_FIELDS:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise HuiguError(f"清单 {where} 中 {row.get('file')} 的 {name} 不是年份：{value!r}") from None
        values[name] = value if name in _INT_FIELDS else str(value).strip()
    return values


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), else GB18030 (GBK's superset: what Excel
    and WPS write on Chinese Windows)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise HuiguError(f"清单 {path} 无法读取：既不是 UTF-8 也不是 GBK 编码，请用 Excel 或 WPS 另存为“CSV UTF-8”后重试")


def _rows(path: Path) -> list[tuple[int, dict]]:
    """(line or entry number, row) of a CSV or TOML manifest."""
    try:
        data = path.read_bytes()
        if path.suffix == ".csv":
            reader = csv.DictReader(io.StringIO(_decode(data, path), newline=""))
            rows = []
            for row in reader:
                rows.append((reader.line_num, {(k or "").strip().lstrip("\ufeff"): v for k, v in row.items()}))
            return rows
        documents = tomllib.loads(_decode(data, path)).get("documents", [])
        return list(enumerate(documents, 1))
    except (OSError, csv.Error, tomllib.TOMLDecodeError) as err:
        raise HuiguError(f"清单 {path} 无法读取：{err}") from err


def locate(name: str, folder: Path) -> Optional[Path]:
    """The file a manifest row names, relative to the manifest's ``folder``: as written,
    with Windows separators, or (a Windows path with a drive letter, from another
    machine) the longest tail of it that exists below ``folder``.  None if not found."""
    direct = folder / name
    if direct.exists():
        return direct
    windows = PureWindowsPath(name)
    parts = [part for part in windows.parts if part not in (windows.anchor, "")]
    if not parts:
        return None
    if not windows.anchor:
        candidate = folder.joinpath(*parts)
        return candidate if candidate.exists() else None
    if os.name == "nt" and Path(name).exists():
        return Path(name)
    for start in range(len(parts)):
        candidate = folder.joinpath(*parts[start:])
        if candidate.exists():
            return candidate
    return None


def read_manifest(path: Path, problems: Optional[list[str]] = None) -> dict[str, dict]:
    """file path (resolved) → metadata values.  Rows naming no existing file are left out
    and described in ``problems``."""
    table = {}
    for number, row in _rows(path):
        name = str(row.get("file") or "").strip()
        if not name:
            continue
        found = locate(name, path.parent)
        if found is None:
            if problems is not None:
                where = f"第 {number} 行" if path.suffix == ".csv" else f"第 {number} 项"
                problems.append(f"清单 {path} {where}：文件 {name} 不存在，这一行未使用（请检查文件名和路径）")
            continue
        table[str(found.resolve())] = _clean_row(row, path)
    return table


def manifests_under(roots: list[Path]) -> tuple[dict[str, dict], list[str]]:
    """All manifest entries below ``roots`` and the errors met reading them."""
    table: dict[str, dict] = {}
    errors: list[str] = []
    for root in roots:
        folder = root if root.is_dir() else root.parent
        candidates = [folder / n for n in MANIFEST_NAMES if (folder / n).is_file()]
        if root.is_dir():
            for name in MANIFEST_NAMES:
                candidates.extend(p for p in root.rglob(name) if p.parent != folder)
        for manifest in candidates:
            try:
                table.update(read_manifest(manifest, errors))
            except HuiguError as err:
                errors.append(str(err))
    return table, errors
