"""审计: choose an office and a year → each commitment with its verdict, reason and
evidence citation (the rows of the CLI's sheet), the .xlsx download and the lint list."""
from __future__ import annotations

import io

from flask import Blueprint, render_template

from huigu.web.app import knowledge_base
from huigu.web.selection import office_and_year
from huigu.web.views.reuse import attachment

blueprint = Blueprint("audit", __name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choices(store) -> tuple[list[str], list[int]]:
    """The offices and plan years the knowledge base has, for the form."""
    from huigu.web.views.documents import all_documents

    offices, years = set(), set()
    for doc in all_documents(store):
        name = doc.get("department_short") or doc.get("department")
        if name:
            offices.add(name)
        if doc.get("plan_year"):
            years.add(doc["plan_year"])
    return sorted(offices), sorted(years, reverse=True)


def audit_of(store, selection):
    from huigu.audit.run import run_audit

    return run_audit(store, selection.department, selection.years)


@blueprint.get("/audit")
def audit_page():
    from huigu.audit.lint import lint_index
    from huigu.output.audit import sheet_rows, summary_line
    from huigu.output.lint import lint_lines

    store = knowledge_base()
    selection = office_and_year()
    offices, years = choices(store)
    from huigu.audit.verdicts import STATUS_LABELS

    context = dict(selection=selection, offices=offices, years=years, asked=False,
                   STATUS_CLASSES={label: status for status, label in STATUS_LABELS.items()})
    if selection.department or selection.years:
        report = audit_of(store, selection)
        context.update(asked=True, rows=sheet_rows(report), counts=report.counts(), summary=summary_line(report),
                       lint=lint_lines(lint_index(store, selection.department, selection.years)))
    return render_template("audit.html", **context)


@blueprint.get("/audit.xlsx")
def audit_xlsx():
    from huigu.output.audit import write_xlsx

    selection = office_and_year()
    buffer = io.BytesIO()
    write_xlsx(buffer, audit_of(knowledge_base(), selection))
    name = "承诺兑现情况" + (f"-{selection.department}" if selection.department else "") + \
        (f"-{selection.year_text}" if selection.year_text else "") + ".xlsx"
    return attachment(buffer.getvalue(), name, XLSX_TYPE)
