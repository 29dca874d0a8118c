"""The office knowledge base in PostgreSQL (core SQL only); see ``backend``.

``PostgresStore`` is imported on first use, so showing a URL (``url.shown``) does not
load the driver."""
from __future__ import annotations

__all__ = ["PostgresStore"]


def __getattr__(name: str):
    if name == "PostgresStore":
        from huigu.store.postgres.backend import PostgresStore

        return PostgresStore
    raise AttributeError(name)
