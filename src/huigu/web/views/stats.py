"""概况: the ``huigu stats`` tables."""
from __future__ import annotations

import threading

from flask import Blueprint, render_template

from huigu.web.app import knowledge_base

blueprint = Blueprint("stats", __name__)
_cache: dict = {}
_cache_lock = threading.Lock()


def summary_of(store) -> dict:
    """``huigu.stats`` of the store, computed once per store version (it reads every passage)."""
    from huigu.store.stats import collect

    version = store.version()
    key = (store.location, version)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    summary = collect(store)
    with _cache_lock:
        _cache.clear()
        _cache[key] = summary
    return summary


@blueprint.get("/stats")
def stats_page():
    summary = summary_of(knowledge_base())
    years = sorted({r["year"] for r in summary["by_year_department"]}, key=lambda y: (y is None, y or 0))
    return render_template("stats.html", summary=summary, years=years)
