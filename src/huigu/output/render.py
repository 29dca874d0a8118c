"""Turn results into text for people and programs: table, json, md, csv.

Nothing here searches or reads files; the CLI passes results in and prints what comes out.
"""
from __future__ import annotations

import csv
import io
import json
import os
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


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def table(headers: list[str], rows: list[list], max_width: Optional[int] = None) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))
    if max_width:
        widths = [min(w, max_width) for w in widths]
    lines = ["  ".join(pad(h, widths[i]) for i, h in enumerate(headers)).rstrip(),
             "  ".join("─" * widths[i] for i in range(len(headers)))]
    for row in cells:
        lines.append("  ".join(pad(_cut(v, widths[i]), widths[i]) for i, v in enumerate(row)).rstrip())
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            return out + "…"
        out += ch
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
        "snippet": snippet(data["text"], needles, mark=("<b>", "</b>")),
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
                 f"   {snippet(data['text'], needles, mark=mark)}"]
        for other in hit.also:
            lines.append(f"   另见：{other['label']}  {source_label(other['doc'], other)}")
        blocks.append("\n".join(lines))
    head = f"共找到 {result.total} 段，显示前 {len(result.hits)} 条（相同或几乎相同的段落已合并）"
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


# ── documents ────────────────────────────────────────────────────────────────

DOC_FIELDS = ["id", "source", "part", "title", "department", "department_short", "year", "review_year",
              "plan_year", "period", "doc_type", "doc_number", "date", "passages", "provenance"]


def docs_json(docs: list[dict]) -> str:
    return to_json({"documents": [{k: d.get(k) for k in DOC_FIELDS} for d in docs]})


def docs_table(docs: list[dict]) -> str:
    headers = ["编号", "年份", "部门", "类型", "时段", "标题", "文号", "段落", "来源"]
    rows = [[d["id"], d.get("year") or "", d.get("department_short") or d.get("department") or "",
             d.get("doc_type") or "", d.get("period") or "", d.get("title") or "", d.get("doc_number") or "",
             d.get("passages"), f"{d['source']}" + (f"#{d['part']}" if d.get("part", 1) > 1 else "")]
            for d in docs]
    return table(headers, rows, max_width=40) + f"\n\n共 {len(docs)} 篇文档"
