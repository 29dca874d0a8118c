"""Where a knowledge base lives, behind one protocol (``huigu.store.base.Store``).

``open_store(location)`` picks the backend: a folder is the embedded whoosh index
(``store/whoosh/``), a ``postgresql://`` URL the office database (``store/postgres/``).
Only those two packages import their engines; everything else talks to a ``Store``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from huigu.store.base import FORMAT_VERSION, Found, Store  # noqa: F401 (re-exported)

INDEX_ENV = "HUIGU_INDEX"
DEFAULT_INDEX = "index"
_URL_SCHEMES = ("postgresql://", "postgres://")


def location_of(given: Optional[str | os.PathLike] = None) -> str:
    """The knowledge base to use: the argument, else $HUIGU_INDEX, else ./index."""
    return str(given or os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def is_database_url(location: str) -> bool:
    return str(location).startswith(_URL_SCHEMES)


def shown_location(location: str) -> str:
    """``location`` as people may see it: a database URL without its password."""
    if not is_database_url(location):
        return str(location)
    from huigu.store.postgres.url import shown

    return shown(str(location))


def open_store(location: Optional[str | os.PathLike] = None, create: bool = False) -> Store:
    """Open the knowledge base at ``location`` (see ``location_of``); with ``create``,
    make it when it is not there.  Raises HuiguError with one line when it cannot."""
    where = location_of(location)
    if is_database_url(where):
        from huigu.store.postgres import PostgresStore

        return PostgresStore(where, create=create)
    from huigu.store.whoosh.backend import WhooshStore

    return WhooshStore(Path(where), create=create)
