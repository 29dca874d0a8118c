"""The lint renderers: table / md / csv / json of ``huigu.audit.lint``'s findings.

Pure functions from a list of ``DocumentFindings`` to text, shared by the CLI and the page.
"""
from __future__ import annotations

from dataclasses import astuple, dataclass

from huigu.audit.lint import KIND_LABELS
from huigu.output.audit import md_table
from huigu.text.cite import source_label


def lint_json(results: list) -> str:
    from huigu.output.render import to_json

    total: dict[str, int] = {}
    for result in results:
        for finding in result.findings:
            total[finding.kind] = total.get(finding.kind, 0) + 1
    return to_json({"documents": [r.to_dict() for r in results], "summary": total})


@dataclass
class LintLine:
    department: str  # 部门
    document: str  # 文档
    problem: str  # 问题
    excerpt: str  # 原文
    where: str  # 位置
    passage_id: str  # 段落编号


LINT_HEADERS = ["部门", "文档", "问题", "原文", "位置", "段落编号"]


def lint_lines(results: list) -> list[LintLine]:
    lines = []
    for result in results:
        doc = result.doc
        for finding in result.findings:
            lines.append(LintLine(department=doc.get("department_short") or doc.get("department") or "",
                                  document=doc.get("title") or doc["source"], problem=KIND_LABELS[finding.kind],
                                  excerpt=finding.excerpt.replace("\n", " "), where=source_label(doc, finding.passage),
                                  passage_id=finding.passage.get("id", "")))
    return lines


def lint_table(results: list) -> str:
    from huigu.output.render import table

    if not results:
        return "没有发现未完成的文字（占位符、识别错误、晚于成文日期的日期）。"
    lines = []
    for result in results:
        doc = result.doc
        lines.append(f"{doc.get('department') or '（部门不详）'}《{doc.get('title') or doc['source']}》  "
                     f"{doc['source']}" + (f" 第{doc['part']}篇" if doc.get("part", 1) > 1 else "")
                     + f"  共 {len(result.findings)} 处")
        rows = [[KIND_LABELS[f.kind], f.excerpt.replace("\n", " "), source_label(doc, f.passage)] for f in result.findings]
        lines.append(table(["问题", "原文", "位置"], rows, max_width=60))
        lines.append("")
    total = sum(len(r.findings) for r in results)
    lines.append(f"{len(results)} 篇文档共 {total} 处需要修改")
    return "\n".join(lines)


def lint_md(results: list) -> str:

    lines = ["## 未完成的文字", ""]
    if not results:
        return "\n".join(lines + ["没有发现。"])
    lines.append(md_table(LINT_HEADERS, [list(astuple(line)) for line in lint_lines(results)]))
    return "\n".join(lines)


def lint_csv(results: list) -> str:
    from huigu.output.render import to_csv

    rows = []
    for result in results:
        doc = result.doc
        for finding in result.findings:
            rows.append([doc["id"], doc.get("department") or "", doc.get("title") or "", finding.kind, finding.text,
                         finding.excerpt, finding.message, finding.passage.get("id", ""), doc["source"],
                         finding.passage.get("line_start"), finding.passage.get("line_end")])
    return to_csv(["doc_id", "department", "title", "kind", "text", "excerpt", "message", "passage_id", "source",
                   "line_start", "line_end"], rows)
