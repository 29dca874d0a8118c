"""复用: a pasted paragraph or an uploaded draft → the closest earlier passages for each
paragraph (``similar``) and how much of it repeats the knowledge base (``overlap``);
the Word 素材汇编 as a download.  The draft never enters the knowledge base."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, current_app, render_template, request

from huigu.errors import HuiguError
from huigu.web.app import knowledge_base
from huigu.web.selection import arg, chosen, filters_from, is_doc_id
from huigu.web.uploads import draft_from, with_draft

blueprint = Blueprint("reuse", __name__)
DEFAULT_LIMIT = 3
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def posted() -> dict:
    """The form, or a JSON body for other office systems."""
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict):
        return {k: ("" if v is None else str(v)) for k, v in body.items()}
    return request.form


def _limit(source, default: int) -> int:
    value = arg("limit", source)
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= 100:
        raise HuiguError(f"limit 应是 1~100 之间的整数：{value[:20]}")
    return int(value)


def the_draft(source):
    draft = draft_from(request.files.get("file"), source.get("text"))
    if draft is None:
        raise HuiguError("请粘贴一段草稿文字，或上传 .docx / .txt / .md 草稿文件")
    return draft


def run_on_draft(source, work):
    content, suffix, name = the_draft(source)
    return with_draft(content, suffix, name, work, current_app.config["HUIGU_UPLOAD_SECONDS"],
                      current_app.extensions["huigu.stores"])


def similar_of(source):
    """``huigu.similar`` for each paragraph of the posted draft (the CLI's result object)."""
    from huigu.reuse.similar import similar

    filters, limit = filters_from(source), _limit(source, DEFAULT_LIMIT)

    def work(draft, store):
        result = similar(store, file=str(draft.path), filters=filters, limit=limit)
        result.input = draft.name  # the person's name for it, not the temporary path
        return result
    return run_on_draft(source, work)


def compared_with(source):
    b = arg("b", source)
    if b and not is_doc_id(b):
        raise HuiguError(f"对比文档应填文档编号（如 04774c1a-1，见“文档”页）：{b[:40]}")
    if b and knowledge_base().document(b) is None:
        raise HuiguError(f"知识库里没有编号为 {b} 的文档：编号见“文档”页")
    return b or None


def scope_of(source):
    scope = arg("scope", source) or None
    if scope not in (None, "all", "before"):
        raise HuiguError(f"scope 只能是 all 或 before：{scope[:20]}")
    return scope


def named(result, draft):
    """An overlap result that calls the draft by the person's name for it: the temporary
    path is the server's business (and gone by now)."""
    path = str(draft.path)
    result.a = dict(result.a, file=draft.name)
    for run in result.runs:
        cited = run["a_citation"]
        cited["source"] = draft.name
        cited["where"] = cited["where"].replace(path, draft.name)
    return result


def overlap_of(source, b=None, scope=None, min_chars: int = 12):
    from huigu.reuse.overlap import overlap

    def work(draft, store):
        return named(overlap(store, str(draft.path), b, min_chars=min_chars, scope=scope), draft)
    return run_on_draft(source, work)


def both_of(source):
    """similar and overlap of one draft, read once into one temporary file."""
    from huigu.reuse.overlap import overlap
    from huigu.reuse.similar import similar

    filters, limit, b = filters_from(source), _limit(source, DEFAULT_LIMIT), compared_with(source)

    def work(draft, store):
        found = similar(store, file=str(draft.path), filters=filters, limit=limit)
        found.input = draft.name
        return found, named(overlap(store, str(draft.path), b), draft)
    return run_on_draft(source, work)


@blueprint.get("/reuse")
def reuse_page():
    return render_template("reuse.html", chosen=chosen(), text="", b="", found=None, repeated=None, error=None)


@blueprint.post("/reuse")
def reuse_answer():
    source = posted()
    context = dict(chosen=chosen(source), text=source.get("text", ""), b=arg("b", source), found=None,
                   repeated=None, error=None)
    try:
        context["found"], context["repeated"] = both_of(source)
    except HuiguError as err:
        context["error"] = str(err)
        return render_template("reuse.html", **context), 400
    from huigu.reuse.similar import verdict

    return render_template("reuse.html", verdict=verdict, **context)


def attachment(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@blueprint.post("/reuse/docx")
def reuse_docx():
    from huigu.output.docx import similar_docx

    data, _ = similar_docx(similar_of(posted()))
    return attachment(data, "素材汇编.docx", DOCX_TYPE)
