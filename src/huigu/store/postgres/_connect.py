"""Connecting: the URL as given, shown without its password, failures as one line.

Credentials come only from what libpq itself reads: the URL, ``PGPASSFILE`` (or
``~/.pgpass``) and the ``PG*`` environment variables.  huigu never stores, logs or
prints a password: ``shown(url)`` is the URL with it removed, and every error message
built here names that, never what the driver was given.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import psycopg

from huigu.errors import HuiguError
from huigu.store.postgres.url import shown

CONNECT_TIMEOUT = 10  # seconds; an unreachable server gets its one line instead of a hang


def _secrets(url: str) -> list[str]:
    """Everything that must never be printed: the password of the URL, of its query, of PGPASSWORD."""
    found = []
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        params = {}
    for key in ("password", "sslpassword"):
        if params.get(key):
            found.append(str(params[key]))
    parts = urlsplit(url)
    if parts.password:
        found.append(parts.password)
    if os.environ.get("PGPASSWORD"):
        found.append(os.environ["PGPASSWORD"])
    return sorted({s for s in found if s}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    for secret in _secrets(url):
        text = text.replace(secret, "***")
    return text


def reason(err: BaseException, url: str) -> str:
    """The driver's message as one short line, any password replaced."""
    text = " ".join(str(err).split())
    for prefix in ("connection failed: ",):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return scrub(text, url)[:300]


def connect(url: str, **options) -> psycopg.Connection:
    """A connection, or HuiguError with one line saying why not and what to do."""
    where = shown(url)
    kwargs = dict(options)
    if "connect_timeout" not in url and not os.environ.get("PGCONNECT_TIMEOUT"):
        kwargs["connect_timeout"] = CONNECT_TIMEOUT
    kwargs.setdefault("application_name", "huigu")
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as err:
        why = reason(err, url)
        lowered = why.lower()
        if "password authentication failed" in lowered or "no password supplied" in lowered \
                or "authentication failed" in lowered:
            raise HuiguError(f"无法登录数据库 {where}：用户名或密码不对（{why}）。请检查 URL 中的用户名，"
                             f"以及 PGPASSFILE / ~/.pgpass 或 PGPASSWORD 中的密码") from None
        if "does not exist" in lowered and "database" in lowered:
            raise HuiguError(f"数据库 {where} 不存在（{why}）：请先让数据库管理员建库（createdb），"
                             f"或检查 URL 中的库名") from None
        raise HuiguError(f"无法连接数据库 {where}（{why}）：请检查服务器地址、端口和网络，"
                         f"以及数据库是否已启动") from None
    except psycopg.Error as err:
        raise HuiguError(f"无法连接数据库 {where}（{reason(err, url)}）") from None
