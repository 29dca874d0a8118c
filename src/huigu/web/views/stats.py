"""概况: the ``huigu stats`` tables."""
from __future__ import annotations

from flask import Blueprint, render_template

from huigu.web.app import knowledge_base, per_version

blueprint = Blueprint("stats", __name__)


def summary_of(store) -> dict:
    """``huigu.stats`` of the store, computed once per store version (it reads every passage)."""
    from huigu.store.stats import collect

    return per_version(store, "stats", collect)


@blueprint.get("/stats")
def stats_page():
    summary = summary_of(knowledge_base())
    years = sorted({r["year"] for r in summary["by_year_department"]}, key=lambda y: (y is None, y or 0))
    return render_template("stats.html", summary=summary, years=years)
