"""回顾（huigu）：把历年工作报告变成可检索、可引用的知识库。

The public Python API.  The CLI (``huigu.cli``) and the page (``huigu.web``) are thin
layers over these calls; everything either does can be done from Python::

    import huigu

    kb = huigu.open("index", create=True)          # a folder, or postgresql://…
    huigu.ingest(["examples/reports"], kb)
    result = huigu.search(kb, "科技特派员", huigu.Filters(year=(2023, 2024)))
    for hit in result.hits:
        print(hit.data["label"], hit.data["text"][:40])

Every feature takes the knowledge base (a ``huigu.store.Store``) first.  Errors meant
for a person are ``HuiguError`` (one line in Chinese).  Importing ``huigu`` loads
nothing heavy: each call imports what it needs.
"""
from __future__ import annotations

from huigu.errors import HuiguError, ReadError

__version__ = "0.2.0"

__all__ = [
    "HuiguError", "ReadError", "QuerySyntaxError", "Filters", "open", "ingest", "search", "similar", "overlap",
    "phrases", "commitments", "audit", "lint", "stats", "__version__",
]


def __getattr__(name):  # Filters and QuerySyntaxError without importing the search package up front
    if name == "Filters":
        from huigu.search.filters import Filters

        return Filters
    if name == "QuerySyntaxError":
        from huigu.search.syntax import QuerySyntaxError

        return QuerySyntaxError
    raise AttributeError(f"module 'huigu' has no attribute {name!r}")


def open(location=None, create: bool = False):  # noqa: A001 (huigu.open, like sqlite3.connect)
    """The knowledge base at ``location``: a folder (default ./index or $HUIGU_INDEX) or a
    ``postgresql://`` URL.  With ``create``, make it when it is not there."""
    from huigu.store import open_store

    return open_store(location, create=create)


def ingest(paths, store=None, **options):
    """Import the reports under ``paths`` (see ``huigu.ingest.runner.ingest`` for options)."""
    from huigu.ingest.runner import ingest as run

    return run(list(paths), store, **options)


def search(store, query: str, filters=None, limit: int = 10, facets: bool = False):
    """Ranked passages with citations (``SearchResult``); raises QuerySyntaxError."""
    from huigu.search import search as run

    return run(store, query, filters, limit=limit, with_facets=facets)


def similar(store, text=None, file=None, passage=None, filters=None, limit: int = 5):
    """Earlier passages closest to a text, each paragraph of a draft file, or a passage."""
    from huigu.reuse.similar import similar as run

    return run(store, text=text, file=file, passage=passage, filters=filters, limit=limit)


def overlap(store, a: str, b=None, min_chars: int = 12, **options):
    """How much of ``a`` (a file or a document id) repeats ``b`` or the knowledge base."""
    from huigu.reuse.overlap import overlap as run

    return run(store, a, b, min_chars=min_chars, **options)


def phrases(store, filters=None, limit: int = 20):
    """Set phrases (四字格, 句式) of the passages the filters select."""
    from huigu.reuse.phrases import phrases as run

    return run(store, filters, limit=limit)


def commitments(store, department=None, years=None):
    """The concrete promises of the plans (targets and named deliverables)."""
    from huigu.audit.run import commitments_of

    return commitments_of(store, department, years)


def audit(store, department=None, years=None, progress=None):
    """Every commitment with its follow-up, evidence, verdict and reason."""
    from huigu.audit.run import run_audit

    return run_audit(store, department, years, progress=progress)


def lint(store, department=None, years=None):
    """Unfinished text: template placeholders, conversion errors, dates after issue."""
    from huigu.audit.lint import lint_index

    return lint_index(store, department, years)


def stats(store) -> dict:
    """Documents and passages per year × department, per topic and per section kind."""
    from huigu.store.stats import collect

    return collect(store)
