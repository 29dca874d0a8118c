"""The list of documents: table, json, csv (UTF-8 with a byte-order mark, for Excel and
WPS 表格) and xlsx — the list a person hands on."""
from __future__ import annotations

import io

from huigu.output.render import table, to_csv, to_json

DOC_FIELDS = ["id", "source", "part", "title", "department", "department_short", "year", "review_year",
              "plan_year", "period", "doc_type", "doc_number", "date", "passages", "provenance"]

# The columns a person reads, in the table, the CSV and the workbook alike.
HEADERS = ["编号", "年份", "部门", "类型", "时段", "标题", "文号", "日期", "段落", "来源"]
XLSX_WIDTHS = [12, 7, 24, 14, 8, 48, 20, 12, 7, 60]


def source_of(doc: dict) -> str:
    return doc["source"] + (f"#{doc['part']}" if (doc.get("part") or 1) > 1 else "")


def rows_of(docs: list[dict], short_department: bool = True) -> list[list]:
    return [[d["id"], d.get("year") or "",
             (d.get("department_short") if short_department else None) or d.get("department") or "",
             d.get("doc_type") or "", d.get("period") or "", d.get("title") or "", d.get("doc_number") or "",
             d.get("date") or "", d.get("passages"), source_of(d)]
            for d in docs]


def docs_json(docs: list[dict]) -> str:
    return to_json({"documents": [{k: d.get(k) for k in DOC_FIELDS} for d in docs]})


def docs_table(docs: list[dict], width=None) -> str:
    if not docs:
        return "没有符合条件的文档。"
    headers = [h for h in HEADERS if h != "日期"]
    rows = [row[:7] + row[8:] for row in rows_of(docs)]
    return table(headers, rows, max_width=40, width=width) + f"\n\n共 {len(docs)} 篇文档"


def docs_csv(docs: list[dict]) -> str:
    """Full department names: the CSV leaves the terminal."""
    return to_csv(HEADERS, rows_of(docs, short_department=False))


def docs_xlsx(docs: list[dict]) -> bytes:
    """A workbook of one sheet 文档: bold frozen header row with a filter, set widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "文档"
    sheet.append(HEADERS)
    for row in rows_of(docs, short_department=False):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, column_width in enumerate(XLSX_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
