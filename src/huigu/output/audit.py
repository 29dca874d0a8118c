"""The audit's and the commitment list's renderers: table / md / csv / json / xlsx.

Pure functions from the typed results of ``huigu.audit.run`` (``AuditReport`` with its
``AuditRow``s, lists of ``Commitment``s) to text or a workbook, shared by the CLI and
the page.  Each row is first turned into a named ``SheetRow`` (or ``CommitmentLine``),
so every format reads the same fields by name.
"""
from __future__ import annotations

import re
from dataclasses import astuple, dataclass

from huigu.audit.verdicts import (
    KIND_LABELS,
    STATUS_LABELS,
    evidence_citation,
    snippet,
    target_text,
)


@dataclass
class SheetRow:
    """One commitment of an audit, as a person reads it on the sheet."""

    department: str  # 部门
    plan_year: object  # 计划年份
    kind: str  # 类型
    commitment: str  # 承诺
    targets: str  # 目标
    commitment_where: str  # 承诺出处
    followup: str  # 后续文档
    status: str  # 状态
    reason: str  # 理由
    evidence: str  # 最佳证据
    evidence_where: str  # 证据出处
    note: str  # 说明 (which copy of a report was used, an uncertain office)
    id: str  # 编号


SHEET_HEADERS = ["部门", "计划年份", "类型", "承诺", "目标", "承诺出处", "后续文档", "状态", "理由", "最佳证据", "证据出处",
                 "说明", "编号"]
SHEET_WIDTHS = [16, 8, 6, 40, 24, 36, 28, 10, 40, 48, 36, 28, 24]


@dataclass
class CommitmentLine:
    department: str
    plan_year: object
    kind: str
    commitment: str
    indicator: str
    targets: str
    where: str
    id: str


COMMITMENT_HEADERS = ["部门", "计划年份", "类型", "承诺", "指标/对象", "目标", "出处", "编号"]


def targets_text(commitment) -> str:
    parts = []
    for q in commitment.targets:
        label = f"{q.indicator}：" if len(commitment.targets) > 1 and q.indicator else ""
        parts.append(label + target_text(q.to_dict()))
    return "；".join(parts)


def _where(citation: dict) -> str:
    return f"{citation['label']}（{citation['where']}）"


def _written_department(commitment) -> str:
    doc = commitment.passage.get("doc") or {}
    return doc.get("department") or doc.get("department_short") or "（部门不详）"


def _followup_title(row) -> str:
    return (row.followup.doc.get("title") or row.followup.doc.get("source")) if row.followup else "（无）"


def sheet_rows(report) -> list[SheetRow]:
    """One named row per commitment (for table, csv, md and xlsx)."""
    out = []
    for row in report.rows:
        c = row.commitment
        best = row.evidence[0] if row.evidence else None
        out.append(SheetRow(
            department=row.department or _written_department(c), plan_year=c.plan_year or "",
            kind=KIND_LABELS[c.kind], commitment=c.text, targets=targets_text(c), commitment_where=_where(c.citation()),
            followup=_followup_title(row), status=STATUS_LABELS[row.status], reason=row.reason,
            evidence=best.sentence.strip() if best else "",
            evidence_where=_where(evidence_citation(best)) if best else "", note=row.note, id=c.id))
    return out


def audit_json(report) -> str:
    from huigu.output.render import to_json

    return to_json(report.to_dict())


def audit_csv(report) -> str:
    from huigu.output.render import to_csv

    headers = ["id", "department", "plan_year", "kind", "commitment", "target", "citation", "source", "line_start",
               "line_end", "followup_doc", "followup_why", "status", "reason", "evidence", "evidence_citation",
               "evidence_source", "evidence_line_start", "evidence_line_end", "note"]
    rows = []
    for row, line in zip(report.rows, sheet_rows(report)):
        c = row.commitment
        cite = c.citation()
        best = row.evidence[0] if row.evidence else None
        ecite = evidence_citation(best) if best else {}
        rows.append([c.id, line.department, c.plan_year, c.kind, c.text, line.targets, cite["label"], cite["source"],
                     cite["line_start"], cite["line_end"], row.followup.doc["id"] if row.followup else "",
                     row.followup.why if row.followup else "", row.status, row.reason, line.evidence,
                     ecite.get("label", ""), ecite.get("source", ""), ecite.get("line_start", ""),
                     ecite.get("line_end", ""), row.note])
    return to_csv(headers, rows)


def _md_cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ").strip()


def md_table(headers: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured Markdown table; pipes and line breaks in cells are escaped."""
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |",
             "| " + " | ".join("---" for _ in headers) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    return "\n".join(lines)


def summary_line(report) -> str:
    counts = report.counts()
    line = (f"共 {len(report.rows)} 项承诺（{len(report.plans)} 篇计划）：" +
            "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in counts.items()))
    return line


def copies_lines(report) -> list[str]:
    """One line per report that is in the knowledge base more than once: which copy was audited."""
    lines = []
    for chosen, others in getattr(report, "copies", []):
        lines.append(f"同一份报告有 {len(others) + 1} 个副本，只核对一次：使用 {chosen.get('source')}"
                     f"（另有 {'、'.join(d.get('source', '') for d in others)}）")
    return lines


def audit_md(report) -> str:
    headers = ["部门", "年份", "承诺", "出处", "状态", "理由", "最佳证据", "证据出处", "说明"]
    rows = [[r.department, r.plan_year, r.commitment, r.commitment_where, r.status, r.reason, r.evidence,
             r.evidence_where, r.note] for r in sheet_rows(report)]
    notes = [f"- {line}" for line in copies_lines(report)]
    return "\n".join(["## 承诺兑现情况", "", summary_line(report), *([""] + notes if notes else []), "",
                      md_table(headers, rows), ""])


def audit_table(report) -> str:
    from huigu.output.render import table

    blocks = []
    for row in report.rows:
        c = row.commitment
        cite = c.citation()
        lines = [f"[{STATUS_LABELS[row.status]}] {c.text}",
                 f"    承诺：{cite['label']}  {cite['where']}",
                 f"    理由：{row.reason}"]
        if row.note:
            lines.append(f"    说明：{row.note}")
        if row.evidence:
            best = row.evidence[0]
            ecite = evidence_citation(best)
            lines.append(f"    证据：{snippet(best.sentence, best.matched, 70)}")
            lines.append(f"          {ecite['label']}  {ecite['where']}")
        elif row.followup:
            lines.append(f"    对照：{_followup_title(row)}")
        blocks.append("\n".join(lines))
    if not blocks:
        return "没有找到可审核的承诺。"
    counts = report.counts()
    summary = table(["状态", "项数"], [[STATUS_LABELS[s], n] for s, n in counts.items()])
    tail = "\n".join([summary_line(report), *copies_lines(report)])
    return "\n\n".join(blocks) + "\n\n" + tail + "\n" + summary


def write_xlsx(path, report) -> int:
    """An .xlsx workbook: a summary sheet, then one sheet per department with a frozen,
    filtered header row and wrapped text.  Returns the number of commitment rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = sheet_rows(report)
    by_department: dict[str, list[SheetRow]] = {}
    for row in rows:
        by_department.setdefault(row.department, []).append(row)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "汇总"
    summary.append(["部门"] + [STATUS_LABELS[s] for s in STATUS_LABELS] + ["合计"])
    for department, dept_rows in by_department.items():
        counts = [sum(1 for r in dept_rows if r.status == STATUS_LABELS[s]) for s in STATUS_LABELS]
        summary.append([department] + counts + [len(dept_rows)])
    for line in copies_lines(report):
        summary.append([line])
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in summary[1]:
        cell.font, cell.fill = header_font, header_fill
    summary.freeze_panes = "A2"
    summary.column_dimensions["A"].width = 28
    used_names = {"汇总"}
    for department, dept_rows in by_department.items():
        sheet = workbook.create_sheet(sheet_name(department, used_names))
        sheet.append(SHEET_HEADERS)
        for row in dept_rows:
            sheet.append(list(astuple(row)))
        for index, width in enumerate(SHEET_WIDTHS, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        wrap = Alignment(wrap_text=True, vertical="top")
        for line in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
            for cell in line:
                cell.alignment = wrap
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(SHEET_HEADERS))}{sheet.max_row}"
    workbook.save(path)
    return len(rows)


def sheet_name(name: str, used: set) -> str:
    """An Excel sheet name for an office: no []:*?/\\, at most 31 characters, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name or "部门不详")[:31] or "部门不详"
    candidate, number = base, 2
    while candidate in used:
        suffix = f"({number})"
        candidate = base[:31 - len(suffix)] + suffix
        number += 1
    used.add(candidate)
    return candidate


# ── the commitment list ──────────────────────────────────────────────────────


def commitment_lines(commitments) -> list[CommitmentLine]:
    return [CommitmentLine(department=_written_department(c), plan_year=c.plan_year or "", kind=KIND_LABELS[c.kind],
                           commitment=c.text, indicator=c.indicator, targets=targets_text(c),
                           where=_where(c.citation()), id=c.id) for c in commitments]


def commitments_json(commitments) -> str:
    from huigu.output.render import to_json

    return to_json({"commitments": [c.to_dict() for c in commitments]})


def commitments_table(commitments) -> str:
    from huigu.output.render import table

    if not commitments:
        return "没有找到计划中的承诺。"
    rows = [[line.department, line.plan_year, line.kind, line.commitment, line.targets, c.citation()["where"]]
            for line, c in zip(commitment_lines(commitments), commitments)]
    targets = sum(1 for c in commitments if c.kind == "target")
    return (table(["部门", "年份", "类型", "承诺", "目标", "位置"], rows, max_width=44) +
            f"\n\n共 {len(commitments)} 项承诺：指标 {targets} 项，事项 {len(commitments) - targets} 项")


def commitments_md(commitments) -> str:
    rows = [list(astuple(line)) for line in commitment_lines(commitments)]
    return "\n".join(["## 计划中的承诺", "", md_table(COMMITMENT_HEADERS, rows), ""])


def commitments_csv(commitments) -> str:
    from huigu.output.render import to_csv

    rows = []
    for c, line in zip(commitments, commitment_lines(commitments)):
        cite = c.citation()
        target = c.target
        rows.append([c.id, line.department, c.plan_year, c.kind, c.text, c.indicator,
                     target.to_dict()["value"] if target else "", target.unit if target else "",
                     target.qualifier if target else "", line.targets, cite["label"], cite["source"],
                     cite["line_start"], cite["line_end"]])
    return to_csv(["id", "department", "plan_year", "kind", "commitment", "indicator", "value", "unit", "qualifier",
                   "targets", "citation", "source", "line_start", "line_end"], rows)
