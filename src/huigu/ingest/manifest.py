"""Optional manifests that state metadata outright, overriding what huigu infers.

A ``huigu.csv`` (or ``manifest.csv``) or ``huigu.toml`` beside the files:

    file,title,department,department_short,year,period,doc_type,doc_number,date
    2023/总结.docx,2023年工作总结,云溪市科学技术局,科技局,2023,全年,工作总结,,2024-01-10

    [[documents]]
    file = "2023/总结.docx"
    department = "云溪市科学技术局"
    year = 2023

``file`` is relative to the manifest's folder.
"""
from __future__ import annotations

import csv
from pathlib import Path

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


def read_manifest(path: Path) -> dict[str, dict]:
    """file path (resolved) → metadata values."""
    rows: list[dict]
    try:
        if path.suffix == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        else:
            rows = list(tomllib.loads(path.read_text(encoding="utf-8")).get("documents", []))
    except (OSError, UnicodeDecodeError, csv.Error, tomllib.TOMLDecodeError) as err:
        raise HuiguError(f"清单 {path} 无法读取：{err}") from err
    table = {}
    for row in rows:
        name = (row.get("file") or "").strip()
        if name:
            table[str((path.parent / name).resolve())] = _clean_row(row, path)
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
                table.update(read_manifest(manifest))
            except HuiguError as err:
                errors.append(str(err))
    return table, errors
