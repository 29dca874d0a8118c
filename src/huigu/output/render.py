"""Turn results into text for people and programs: table, json, md, csv.

Nothing here searches or reads files; the CLI passes results in and prints what comes out.
"""
from __future__ import annotations

import contextvars
import csv
import io
import json
import os
import shutil
import sys
import unicodedata
from typing import Iterable, Optional

from huigu.text.highlight import SNIPPET_CHARS, match_spans, snippet  # noqa: F401 (re-exported)
from huigu.text.cite import source_label

HIGHLIGHT_START = "\x1b[1;31m"
HIGHLIGHT_END = "\x1b[0m"


def use_color(stream) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


COMPACT_JSON = contextvars.ContextVar("huigu_compact_json", default=False)


def to_json(value) -> str:
    """Indented for a person at a terminal; compact where a program reads it (the web
    API sets ``COMPACT_JSON``: the same shapes, encoded several times faster)."""
    if COMPACT_JSON.get():
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=False, indent=2)


# Columns that hold a file and a place in it (reports/科技局/总结.txt:69, …docx 第12段):
# cut from the left when too wide, so the file name and the line survive.
PATH_HEADERS = {"来源", "位置", "来源文件", "文件"}
PATH_MIN_WIDTH = 24  # a path column is not narrowed below this to fit the terminal
TEXT_MIN_WIDTH = 8
KEEP_WHOLE_HEADERS = {"编号"}  # ids are what people copy into huigu show / open


def terminal_width() -> Optional[int]:
    """The width tables are fitted to: COLUMNS when set, else the terminal's when output
    goes to one, else None (a pipe or a file: no limit)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if getattr(sys.stdout, "isatty", lambda: False)():
        return shutil.get_terminal_size().columns
    return None


def table(headers: list[str], rows: list[list], max_width: Optional[int] = None, width: Optional[int] = None,
          path_columns: Optional[Iterable[int]] = None) -> str:
    """A plain-text table.  ``max_width`` caps each text column; path columns (headed
    来源 / 位置, or given by index) are not capped but cut from the left (…/总结.txt:69).
    The table is fitted to ``width`` (default: the terminal, see ``terminal_width``) by
    narrowing its widest columns; 编号 columns are never cut."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    paths = set(path_columns) if path_columns is not None else {i for i, h in enumerate(headers) if h in PATH_HEADERS}
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))
    if max_width:
        widths = [w if i in paths else min(w, max_width) for i, w in enumerate(widths)]
    width = terminal_width() if width is None else width
    if width:
        # narrow the widest columns first, in steps: paths keep 40 columns of their end
        # while text columns have more than 16, 32 while more than 10, then both reach their floors
        for text_floor, path_floor in ((16, 40), (10, 32), (TEXT_MIN_WIDTH, PATH_MIN_WIDTH)):
            _narrow(widths, headers, paths, width, text_floor, path_floor)
    lines = ["  ".join(pad(h, widths[i]) for i, h in enumerate(headers)).rstrip(),
             "  ".join("─" * widths[i] for i in range(len(headers)))]
    for row in cells:
        lines.append("  ".join(pad(_cut_left(v, widths[i]) if i in paths else _cut(v, widths[i]), widths[i])
                               for i, v in enumerate(row)).rstrip())
    return "\n".join(lines)


def _narrow(widths: list[int], headers: list[str], paths: set[int], width: int, text_floor: int,
            path_floor: int) -> None:
    floors = [w if headers[i] in KEEP_WHOLE_HEADERS else
              min(w, max(display_width(headers[i]), path_floor if i in paths else text_floor))
              for i, w in enumerate(widths)]
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        room = [i for i in range(len(widths)) if widths[i] > floors[i]]
        if not room:
            return
        widest = max(room, key=lambda i: (widths[i], i not in paths))
        widths[widest] -= 1
        excess -= 1


def _cut(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


def _cut_left(text: str, width: int) -> str:
    """…/2025年云南省政府工作报告.docx 第12段: the end of a path kept, the start cut."""
    if display_width(text) <= width:
        return text
    out = ""
    for ch in reversed(text):
        if display_width(ch + out) > width - 1:
            return "…" + out
        out = ch + out
    return out


CSV_BOM = "\ufeff"


def to_csv(headers: list[str], rows: Iterable[list]) -> str:
    """CSV that Excel and WPS 表格 on Chinese Windows open correctly: UTF-8 with a
    byte-order mark (without it they read the bytes as GBK), rows ended by CRLF."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


# ── search results ───────────────────────────────────────────────────────────


def needles_of(result) -> list[str]:
    return [alt for concept in result.concepts for alt in concept.alternatives]


def hit_citation(data: dict) -> dict:
    doc = data["doc"]
    return {"label": data["label"], "source": doc["source"], "line_start": data["line_start"],
            "line_end": data["line_end"], "unit": doc.get("unit", "行"),
            "where": source_label(doc, data)}


def hit_json(hit, rank: int, needles: list[str]) -> dict:
    data = hit.data
    doc = data["doc"]
    return {
        "id": hit.id,
        "rank": rank,
        "score": round(hit.score, 4),
        "text": data["text"],
        "snippet": snippet(data["text"], needles, mark=("<b>", "</b>"), spans=getattr(hit, "marks", None)),
        "section": data.get("section_titles", []),
        "section_path": data.get("section_path", []),
        "kind": data.get("kind"),
        "topics": data.get("topics", []),
        "doc": {k: doc.get(k) for k in ("id", "title", "department", "year", "doc_type", "period", "source", "part")},
        "citation": hit_citation(data),
        "also": [hit_citation(other) for other in hit.also],
    }


def search_json(result) -> str:
    needles = needles_of(result)
    payload = {
        "query": result.query,
        "reading": getattr(result, "reading", None) or {},
        "total": result.total,
        "results": [hit_json(hit, rank, needles) for rank, hit in enumerate(result.hits, 1)],
    }
    if result.facets:
        payload["facets"] = result.facets
    return to_json(payload)


def search_table(result, color: bool) -> str:
    needles = needles_of(result)
    mark = (HIGHLIGHT_START, HIGHLIGHT_END) if color else ("【", "】")
    blocks = []
    for rank, hit in enumerate(result.hits, 1):
        data = hit.data
        lines = [f"{rank}. {data['label']}",
                 f"   {source_label(data['doc'], data)}  [{hit.id}]",
                 f"   {snippet(data['text'], needles, mark=mark, spans=getattr(hit, 'marks', None))}"]
        for other in hit.also:
            lines.append(f"   另见：{other['label']}  {source_label(other['doc'], other)}")
        blocks.append("\n".join(lines))
    head = f"共找到 {result.total} 段，显示前 {len(result.hits)} 条（相同或几乎相同的段落已合并）"
    head += f"\n{result.reading['text']}" if getattr(result, "reading", None) else ""
    return head + "\n\n" + "\n\n".join(blocks)


def search_md(result) -> str:
    lines = [f"## 检索：{result.query}", ""]
    for rank, hit in enumerate(result.hits, 1):
        data = hit.data
        quote = data["text"].replace("\n", "\n> ")
        lines += [f"{rank}. > {quote}", "", f"   —— {data['label']}，{source_label(data['doc'], data)}", ""]
    return "\n".join(lines)


def search_csv(result) -> str:
    headers = ["rank", "id", "score", "department", "year", "title", "section", "kind", "citation", "source", "line_start", "line_end", "text"]
    rows = []
    for rank, hit in enumerate(result.hits, 1):
        data, doc = hit.data, hit.data["doc"]
        rows.append([rank, hit.id, round(hit.score, 4), doc.get("department"), doc.get("year"), doc.get("title"),
                     "".join(data.get("section_path", [])), data.get("kind"), data["label"], doc["source"],
                     data["line_start"], data["line_end"], data["text"]])
    return to_csv(headers, rows)


def facets_table(facets: dict) -> str:
    parts = []
    for name, title in (("year", "按年份"), ("department", "按部门"), ("topic", "按主题")):
        counts = facets.get(name) or {}
        if counts:
            parts.append(f"{title}：" + "  ".join(f"{k} {v}" for k, v in list(counts.items())[:15]))
    return "\n".join(parts)


# ── documents (renderers in huigu.output.docs) ───────────────────────────────

def __getattr__(name: str):
    """``render.docs_json`` and friends, still found here (huigu.output.docs imports this
    module, so they are looked up when first asked for)."""
    if name in ("DOC_FIELDS", "docs_json", "docs_table"):
        from huigu.output import docs

        return getattr(docs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
