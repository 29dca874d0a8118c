"""The app factory: the knowledge base, the token, the headers and the error pages.

A ``Store`` is not thread-safe and waitress answers from several threads: each worker
thread opens its own store (``knowledge_base()``), kept for the thread's life.  Every
request is read-only; the only POSTs (复用) compare an uploaded draft and write nothing
into the knowledge base.
"""
from __future__ import annotations

import hmac
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Optional

from flask import Flask, Response, current_app, redirect, render_template, request
from werkzeug.exceptions import HTTPException

from huigu.errors import HuiguError

TOKEN_COOKIE = "huigu_token"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a draft with a few pictures; a 100 MB "txt" is refused before it is read
MAX_FORM_CHARS = 200_000  # a pasted draft
# No inline script, no remote script or style: a report's own text can never run.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

log = logging.getLogger("huigu.web")


class _Stores:
    """Open stores shared by the worker threads: a request borrows one and gives it back
    when it ends (a Store is not thread-safe, so one request at a time uses each).  One by
    default: searching is pure Python and numpy under one GIL, and two requests searching
    at once in one process each wait for the other at every hand-over of the GIL —
    measured with 10 clients on 2 cores (benchmarks/bench_web.py), /api/search p95 fell
    from 249–314 ms with two stores to 119–175 ms with one, throughput rose from ~95 to
    ~135 requests/s.  Requests get the store first come, first served: letting a new
    request take a store just given back, ahead of those already waiting, made the p95
    of 8 threads 162 ms against 118 ms in turn (same run).  More cores are used with
    ``huigu serve --workers N`` (processes).
    Threads outside a request (the draft workers) keep one store each (``get``)."""

    def __init__(self, location: str, size: int = 1):
        from collections import deque

        self.location = location
        self.size = max(1, size)
        self._free: list = []
        self._opened = 0
        self._local = threading.local()
        self._all: list = []
        self._lock = threading.Lock()
        self._turns = threading.Condition(threading.Lock())
        self._waiting: deque = deque()  # tickets of the requests waiting, first come first served

    def _open(self):
        from huigu.store import open_store

        store = open_store(self.location)
        with self._lock:
            self._all.append(store)
        return store

    def borrow(self):
        """A free store, in the order the requests asked: one arriving while others wait
        queues behind them instead of taking the store that was just given back."""
        with self._turns:
            if not self._waiting and (self._free or self._opened < self.size):
                if self._free:
                    return self._free.pop()
                self._opened += 1
                opening = True
            else:
                opening = False
                ticket = object()
                self._waiting.append(ticket)
                while not (self._free and self._waiting[0] is ticket):
                    self._turns.wait()
                self._waiting.popleft()
                store = self._free.pop()
                self._turns.notify_all()  # the next in line may have a store too
                return store
        if opening:
            return self._open()

    def give_back(self, store) -> None:
        with self._turns:
            self._free.append(store)
            self._turns.notify_all()

    def get(self):
        """This thread's own store (for work outside a request)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open()
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for store in stores:
            try:
                store.close()
            except Exception:  # noqa: BLE001 (closing at shutdown: nothing left to tell)
                pass


def knowledge_base():
    """The store this request borrowed (given back when the request ends)."""
    from flask import g

    store = g.get("huigu_store")
    if store is None:
        store = g.huigu_store = current_app.extensions["huigu.stores"].borrow()
    return store


def _give_back_store(_error=None) -> None:
    from flask import g

    store = g.pop("huigu_store", None)
    if store is not None:
        current_app.extensions["huigu.stores"].give_back(store)


_cache: dict = {}
_computing: dict = {}
_cache_lock = threading.Lock()


def per_version(store, name: str, compute):
    """``compute(store)``, computed once per content version of the store (every page
    that lists all documents or counts all passages would otherwise read them all)."""
    key = (store.location, name)
    version = store.version()
    with _cache_lock:
        hit = _cache.get(key)
        computing = _computing.setdefault(key, threading.Lock())
    if hit is not None and hit[0] == version:
        return hit[1]
    with computing:  # one thread computes, the others wait for its answer
        with _cache_lock:
            hit = _cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = compute(store)
        with _cache_lock:
            _cache[key] = (version, value)
    return value


class SearchCache:
    """The answers of recent searches, per content version of the knowledge base: the
    same query (paging back, a facet clicked and cleared, a colleague asking the same) is
    answered without searching again; an ingest in another process changes the version,
    and the next request searches afresh.  ``size`` 0 turns it off."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def search(self, store, text: str, filters, limit: int, with_facets: bool = False):
        from huigu.search import search

        if self.size <= 0:
            return search(store, text, filters, limit=limit, with_facets=with_facets)
        key = (store.location, store.version(), text, repr(filters), limit, with_facets)
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                self.hits += 1
                return self.items[key]
        result = search(store, text, filters, limit=limit, with_facets=with_facets)
        with self.lock:
            self.misses += 1
            self.items[key] = result
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return result


def cached_search(text: str, filters, limit: int, with_facets: bool = False):
    """``huigu.search.search`` on this request's store, through the app's SearchCache."""
    return current_app.extensions["huigu.search_cache"].search(knowledge_base(), text, filters, limit, with_facets)


def create_app(location, token: Optional[str] = None, sources: Iterable[str | Path] = (),
               upload_seconds: float = 60.0, behind_proxy: bool = False, stores: int = 1,
               search_cache: int = 256) -> Flask:
    """The app over the knowledge base at ``location`` (a folder or a postgresql:// URL).

    ``token``: when given, every request must carry it.  ``sources``: folders the reports
    were ingested from, so a passage page can show the cited lines of the original file
    (only files the catalog names, and only inside these folders).  ``behind_proxy``:
    trust one reverse proxy's X-Forwarded-Proto/Host/Prefix (nginx with TLS, a sub-path).
    ``search_cache``: how many recent search answers to keep (0: none)."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_CHARS * 4,
        JSON_AS_ASCII=False,
        HUIGU_TOKEN=token or None,
        HUIGU_SOURCES=[Path(s).resolve() for s in sources],
        HUIGU_UPLOAD_SECONDS=upload_seconds,
    )
    pool = _Stores(str(location), stores)
    pool.give_back(pool.borrow())  # a wrong --index fails here, with one line, before the server listens
    app.extensions["huigu.stores"] = pool
    app.extensions["huigu.search_cache"] = SearchCache(search_cache)

    from huigu.web import templating
    from huigu.web.views import api, audit, documents, reuse, search, stats

    templating.register(app)
    for module in (search, documents, stats, reuse, audit, api):
        app.register_blueprint(module.blueprint)

    app.before_request(_check_token)
    app.after_request(_headers)
    app.teardown_request(_close_uploads)
    app.teardown_request(_give_back_store)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(HuiguError, _huigu_error)
    app.register_error_handler(Exception, _unexpected)
    if behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    return app


# ── the token ───────────────────────────────────────────────────────────────


def _given_token() -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[len("Bearer "):].strip()
    return request.args.get("token") or request.cookies.get(TOKEN_COOKIE) or ""


def _check_token():
    token = current_app.config["HUIGU_TOKEN"]
    if not token:
        return None
    given = _given_token()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _unauthorized()
    if request.args.get("token") and request.method == "GET" and not is_api():
        # ?token=T once: remembered in a cookie, and taken out of the address bar and history
        args = request.args.to_dict(flat=False)
        args.pop("token", None)
        from urllib.parse import urlencode

        target = request.script_root + request.path + ("?" + urlencode(args, doseq=True) if args else "")
        response = redirect(target, code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure)
        return response
    return None


def _unauthorized() -> Response:
    message = "需要访问口令：请使用管理员给出的完整地址（含 ?token=…），或在请求头中加 Authorization: Bearer 口令"
    if is_api():
        return _json_error(message, 401)
    body = ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>需要访问口令</title></head>"
            f"<body><h1>需要访问口令</h1><p>{message}。</p></body></html>")
    return Response(body, status=401, mimetype="text/html", headers={"WWW-Authenticate": 'Bearer realm="huigu"'})


# ── headers and errors ──────────────────────────────────────────────────────


def _close_uploads(_error=None) -> None:
    """An upload Werkzeug spooled to a temporary file is closed (and so removed) with the request."""
    files = request._get_current_object().__dict__.get("files")  # only when the form was parsed
    for upload in files.values() if files else ():
        upload.close()


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


def is_api() -> bool:
    return request.path.startswith("/api/")


def _json_error(message: str, status: int) -> Response:
    from huigu.output.render import to_json

    return Response(to_json({"error": message}), status=status, mimetype="application/json")


HTTP_MESSAGES = {
    400: "请求有误",
    401: "需要访问口令",
    404: "没有这个页面或编号",
    405: "本页面只能查看，不能修改知识库",
    413: f"上传的文件太大：最多 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB（草稿请只保留文字）",
}


def _error_page(message: str, status: int) -> Response:
    if is_api():
        return _json_error(message, status)
    return Response(render_template("error.html", message=message, status=status), status=status,
                    mimetype="text/html")


def _http_error(err: HTTPException):
    if err.code is not None and err.code < 400:  # a redirect raised inside a view
        return err
    message = getattr(err, "huigu_message", None) or HTTP_MESSAGES.get(err.code or 500, "请求未能完成")
    return _error_page(message, err.code or 500)


def _huigu_error(err: HuiguError):
    return _error_page(str(err), 400)


def _unexpected(err: Exception):
    log.exception("unexpected error on %s", request.path)
    return _error_page("服务器内部错误：请稍后再试；若一直出现，请把出错的地址告诉管理员", 500)


def page_error(message: str, status: int = 400):
    """Stop a view with a one-line message (a page, or JSON under /api/)."""
    from werkzeug.exceptions import default_exceptions

    err = default_exceptions[status]()
    err.huigu_message = message
    raise err
