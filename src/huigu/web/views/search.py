"""检索: the query box, filters, facet counts that narrow the search, results with their
citations and 另见, paging."""
from __future__ import annotations

from flask import Blueprint, render_template

from huigu.errors import HuiguError
from huigu.output.render import needles_of
from huigu.web.app import cached_search
from huigu.web.selection import KINDS, PERIODS, arg, chosen, filters_from, page_number

blueprint = Blueprint("search", __name__)
PAGE_SIZE = 10
MAX_PAGES = 20  # 200 results: past that a narrower query or a filter serves better
FACET_NAMES = {"year": "年份", "department": "部门", "topic": "主题"}
FACETS_SHOWN = 12


def reading_of(result) -> list[dict]:
    """How the query was read: each concept and the other spellings searched for it."""
    return [{"text": c.text, "others": [a for a in c.alternatives if a != c.text], "exact": c.exact}
            for c in result.concepts]


@blueprint.get("/favicon.ico")
def favicon():
    return "", 204  # no icon: the browser's request is answered, not a 404 in the console


@blueprint.get("/")
def search_page():
    query = arg("q")
    context = dict(query=query, chosen=chosen(), periods=PERIODS, kinds=KINDS, facet_names=FACET_NAMES,
                   facets_shown=FACETS_SHOWN, result=None, error=None)
    if not query:
        return render_template("search.html", **context)
    page = page_number(MAX_PAGES)
    try:
        filters = filters_from()
        result = cached_search(query, filters, page * PAGE_SIZE, with_facets=True)
    except HuiguError as err:
        context["error"] = str(err)
        return render_template("search.html", **context), 400
    shown = result.hits[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    more = len(result.hits) == page * PAGE_SIZE and page < MAX_PAGES and result.total > page * PAGE_SIZE
    context.update(result=result, hits=shown, first_rank=(page - 1) * PAGE_SIZE + 1, page=page, more=more,
                   needles=needles_of(result), reading=reading_of(result))
    return render_template("search.html", **context)
