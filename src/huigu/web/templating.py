"""Template helpers.  Jinja escapes everything; the only markup added to a report's text
is ``<mark>`` around query matches, put in *after* the text was escaped."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import request
from markupsafe import Markup, escape

from huigu.output.reuse import marked, overlap_summary
from huigu.text.cite import source_label
from huigu.text.highlight import match_spans, snippet

# Private-use characters stand for the highlight marks until the text is escaped.
_START, _END = "\ue000", "\ue001"
KIND_NAMES = {"review": "成效", "problem": "问题", "plan": "计划", "other": "其他"}
PROVENANCE_NAMES = {
    "manifest": "清单文件", "option": "导入选项", "header": "文头", "title": "标题", "body": "正文",
    "signature": "落款", "folder": "文件夹名", "file name": "文件名", "filename": "文件名", "reader": "文件本身",
    "default": "默认", "learned": "知识库中学到",
}
FIELD_NAMES = {
    "title": "标题", "department": "部门", "department_short": "部门简称", "region": "地区", "year": "年份",
    "review_year": "回顾年份", "plan_year": "计划年份", "period": "时段", "doc_type": "类型", "doc_number": "文号",
    "date": "日期", "source": "来源文件", "part": "第几篇", "format": "格式", "encoding": "编码", "passages": "段落数",
}


def _strip_marks(text: str) -> str:
    """The text without the placeholder characters, one for one (offsets of marks stay right)."""
    return (text or "").replace(_START, "\ufffd").replace(_END, "\ufffd")


def _to_markup(text: str) -> Markup:
    escaped = str(escape(text))
    return Markup(escaped.replace(_START, "<mark>").replace(_END, "</mark>"))


def highlighted_snippet(text: str, needles: list[str], spans=None) -> Markup:
    """The CLI's snippet (same window, same matches: the hit's own marks when search
    gives them), matches in <mark>."""
    return _to_markup(snippet(_strip_marks(text), needles, mark=(_START, _END), spans=spans))


def highlighted(text: str, needles: list[str]) -> Markup:
    """The whole text, matches in <mark>."""
    clean = _strip_marks(text)
    return _to_markup(marked(clean, match_spans(clean, needles), (_START, _END)))


def spans_marked(text: str, spans) -> Markup:
    """``text`` with the given character spans in <mark> (similar's shared wording)."""
    clean = _strip_marks(text)
    return _to_markup(marked(clean, list(spans or []), (_START, _END)))


def url_with(**changes) -> str:
    """This page's address with some arguments changed (None removes one); paging restarts."""
    args = {k: v for k, v in request.args.items() if k != "token"}
    if "page" not in changes:
        args.pop("page", None)
    for name, value in changes.items():
        if value in (None, ""):
            args.pop(name, None)
        else:
            args[name] = str(value)
    return request.script_root + request.path + ("?" + urlencode(args) if args else "")


def register(app) -> None:
    app.jinja_env.filters.update(snippet=highlighted_snippet, highlighted=highlighted, spans_marked=spans_marked)
    app.jinja_env.globals.update(url_with=url_with, source_label=source_label, overlap_summary=overlap_summary, KIND_NAMES=KIND_NAMES, PROVENANCE_NAMES=PROVENANCE_NAMES,
                                 FIELD_NAMES=FIELD_NAMES)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
