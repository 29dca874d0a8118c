"""文档列表 (with the search filters), a document with its outline and metadata, and a
passage in its context with the cited lines of the original file."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from huigu.errors import HuiguError
from huigu.web.app import knowledge_base, per_version
from huigu.web.selection import KINDS, PERIODS, chosen, filters_from, int_arg, is_doc_id, is_passage_id, page_number
from huigu.web.sources import cited_lines

blueprint = Blueprint("documents", __name__)
META_FIELDS = ["title", "department", "department_short", "region", "year", "review_year", "plan_year", "period",
               "doc_type", "doc_number", "date", "source", "part", "format", "encoding", "passages"]


def all_documents(store) -> list[dict]:
    """``store.documents()``, read once per store version (shared, not to be changed)."""
    return per_version(store, "documents", lambda s: s.documents())


def selected_documents(store, filters) -> list[dict]:
    """The documents with at least one passage the filters select (all without filters),
    through the same query tree a search is restricted by."""
    docs = all_documents(store)
    if not filters.any():
        return docs
    from huigu.search import filter_query

    restrict = filter_query(filters)
    if restrict is None:
        return docs
    wanted = {pid.rsplit(".", 1)[0] for pid in store.passage_ids(restrict)}
    return [d for d in docs if d["id"] in wanted]


DOCS_PER_PAGE = 100  # a page of 3,000 rows takes a browser (and the server) seconds


@blueprint.get("/docs")
def docs_page():
    context = dict(chosen=chosen(), periods=PERIODS, kinds=KINDS, docs=[], total=0, page=1, pages=1, first=1,
                   error=None)
    try:
        docs = selected_documents(knowledge_base(), filters_from())
    except HuiguError as err:
        context["error"] = str(err)
        return render_template("docs.html", **context), 400
    pages = max(1, -(-len(docs) // DOCS_PER_PAGE))
    page = page_number(pages)
    start = (page - 1) * DOCS_PER_PAGE
    context.update(docs=docs[start:start + DOCS_PER_PAGE], total=len(docs), page=page, pages=pages, first=start + 1)
    return render_template("docs.html", **context)


def anchor_of(path) -> str:
    """The HTML id of a section: its heading numbers (一、（二）) as code points, so any
    heading gives a valid, stable id."""
    return "s-" + "-".join(f"{ord(ch):x}" for ch in "".join(path or [])) if path else "s-top"


def document_view(store, doc: dict) -> dict:
    """The document's outline with jump links and its passages under their headings."""
    passages = store.passages_of(doc["id"])
    outline = [dict(section, anchor=anchor_of(section["path"])) for section in doc.get("outline") or []]
    headings = {tuple(s["path"]): s for s in outline}
    blocks, seen = [], set()
    for data in passages:
        path = tuple(data.get("section_path") or [])
        for depth in range(1, len(path) + 1):  # each heading once, before its first passage
            prefix = path[:depth]
            if prefix not in seen:
                seen.add(prefix)
                section = headings.get(prefix)
                title = section["heading"] if section else "".join(prefix)
                blocks.append({"heading": title, "level": depth, "anchor": anchor_of(prefix)})
        if data.get("is_heading"):
            continue
        blocks.append({"passage": data})
    meta = [(name, doc.get(name), (doc.get("provenance") or {}).get(name)) for name in META_FIELDS
            if doc.get(name) not in (None, "")]
    return dict(doc=doc, outline=outline, blocks=blocks, meta=meta)


@blueprint.get("/d/<doc_id>")
def document_page(doc_id):
    if not is_doc_id(doc_id):
        abort(404)
    store = knowledge_base()
    doc = store.document(doc_id)
    if doc is None:
        abort(404)
    return render_template("document.html", **document_view(store, doc))


@blueprint.get("/p/<passage_id>")
def passage_page(passage_id):
    if not is_passage_id(passage_id):
        abort(404)
    store = knowledge_base()
    data = store.passage(passage_id)
    if data is None:
        abort(404)
    context = int_arg("context", 2, 0, 20)
    around = [p for p in store.passages_of(data["doc_id"]) if abs(p["seq"] - data["seq"]) <= context]
    source = cited_lines(store, data, current_app.config["HUIGU_SOURCES"])
    return render_template("passage.html", data=data, around=around, context=context, source=source)
