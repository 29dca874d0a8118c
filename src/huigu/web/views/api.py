"""The JSON API under /api/: the CLI's ``--format json``, from the same renderers.

A user mistake (a malformed query, an unknown id, a bad year) is HTTP 400 with the CLI's
one line as ``{"error": "…"}``; an unknown record is 404.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort

from huigu.errors import HuiguError
from huigu.web.app import cached_search, knowledge_base
from huigu.web.selection import arg, filters_from, int_arg, is_doc_id, is_passage_id, office_and_year
from huigu.web.views import reuse

blueprint = Blueprint("api", __name__, url_prefix="/api")


@blueprint.before_request
def _compact_json():
    from flask import g

    from huigu.output.render import COMPACT_JSON

    g.huigu_compact_token = COMPACT_JSON.set(True)


@blueprint.teardown_request
def _indented_json_again(_error=None):
    from flask import g

    from huigu.output.render import COMPACT_JSON

    token = g.pop("huigu_compact_token", None)
    if token is not None:
        COMPACT_JSON.reset(token)


def json_response(text: str) -> Response:
    return Response(text, mimetype="application/json")


@blueprint.get("/search")
def api_search():
    from huigu.output.render import search_json

    query = arg("q")
    if not query:
        raise HuiguError("缺少查询：请用 q=关键词，例如 /api/search?q=科技特派员")
    facets = arg("facets") in ("1", "true", "yes")
    result = cached_search(query, filters_from(), int_arg("limit", 10, 1, 1000), with_facets=facets)
    return json_response(search_json(result))


@blueprint.get("/docs")
def api_docs():
    from huigu.output.render import docs_json
    from huigu.web.views.documents import selected_documents

    return json_response(docs_json(selected_documents(knowledge_base(), filters_from())))


@blueprint.get("/show/<record_id>")
def api_show(record_id):
    """``huigu show --format json``: a document is its stored record (metadata with
    provenance and outline), a passage its record with the passages around it."""
    from huigu.output.show import document_json, passage_json

    store = knowledge_base()
    if is_doc_id(record_id):
        doc = store.document(record_id)
        if doc is not None:
            return json_response(document_json(doc))
    elif is_passage_id(record_id):
        data = store.passage(record_id)
        if data is not None:
            return json_response(passage_json(data, store.passages_of(data["doc_id"]), int_arg("context", 1, 0, 20)))
    abort(404)


@blueprint.post("/similar")
def api_similar():
    from huigu.output.reuse import similar_json

    return json_response(similar_json(reuse.similar_of(reuse.posted())))


@blueprint.post("/overlap")
def api_overlap():
    """A is the posted draft (text or file); B a document id, or the knowledge base."""
    from huigu.output.reuse import overlap_json

    source = reuse.posted()
    min_chars = arg("min_chars", source)
    if min_chars and not min_chars.isdigit():
        raise HuiguError(f"min_chars 应是整数：{min_chars[:20]}")
    result = reuse.overlap_of(source, reuse.compared_with(source), reuse.scope_of(source),
                              int(min_chars) if min_chars else 12)
    return json_response(overlap_json(result))


@blueprint.get("/commitments")
def api_commitments():
    from huigu.audit.run import commitments_of
    from huigu.output.audit import commitments_json

    selection = office_and_year()
    return json_response(commitments_json(commitments_of(knowledge_base(), selection.department, selection.years)))


@blueprint.get("/audit")
def api_audit():
    from huigu.output.audit import audit_json
    from huigu.web.views.audit import audit_of

    return json_response(audit_json(audit_of(knowledge_base(), office_and_year())))


@blueprint.get("/lint")
def api_lint():
    from huigu.audit.lint import lint_index
    from huigu.output.lint import lint_json

    selection = office_and_year()
    return json_response(lint_json(lint_index(knowledge_base(), selection.department, selection.years)))


@blueprint.get("/stats")
def api_stats():
    from huigu.output.stats import stats_json
    from huigu.web.views.stats import summary_of

    return json_response(stats_json(summary_of(knowledge_base())))
