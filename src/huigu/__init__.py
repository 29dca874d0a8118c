"""回顾（huigu）：把历年工作报告变成可检索、可引用的知识库。

The public Python API.  The CLI (``huigu.cli``) and the page (``huigu.web``) are thin
layers over it; everything either does can be done from Python::

    import huigu

    kb = huigu.open("index", create=True)          # a folder, or postgresql://…
    kb.ingest(["examples/reports"])
    for hit in kb.search("科技特派员", huigu.Filters(year=(2023, 2024))).hits:
        print(hit.data["label"], hit.data["text"][:40])

``huigu.open`` returns a ``KnowledgeBase``: one method per feature (ingest, search,
similar, overlap, phrases, commitments, audit, lint, stats) over a ``huigu.store.Store``
(``kb.store``: hand that to functions that take a Store), and the store's own reading
calls (documents(), passage(id) …) besides.  Errors meant for a person are
``HuiguError`` (one line in Chinese).  Importing ``huigu`` loads nothing heavy: each
call imports what it needs.
"""
from __future__ import annotations

from huigu.errors import HuiguError, ReadError

__version__ = "0.2.0"

__all__ = ["HuiguError", "ReadError", "QuerySyntaxError", "Filters", "KnowledgeBase", "open", "__version__"]


def __getattr__(name):  # Filters and QuerySyntaxError without importing the search package up front
    if name == "Filters":
        from huigu.search.filters import Filters

        return Filters
    if name == "QuerySyntaxError":
        from huigu.search.syntax import QuerySyntaxError

        return QuerySyntaxError
    raise AttributeError(f"module 'huigu' has no attribute {name!r}")


def open(location=None, create: bool = False) -> "KnowledgeBase":  # noqa: A001 (like sqlite3.connect)
    """The knowledge base at ``location``: a folder (default ./index or $HUIGU_INDEX) or a
    ``postgresql://`` URL.  With ``create``, make it when it is not there."""
    from huigu.store import open_store

    return KnowledgeBase(open_store(location, create=create))


class KnowledgeBase:
    """A knowledge base: the features over one Store (``self.store``)."""

    def __init__(self, store):
        self.store = store

    def __getattr__(self, name):  # the Store's own calls: documents(), passage(id), version() …
        return getattr(self.store, name)

    def __repr__(self) -> str:
        return f"<huigu.KnowledgeBase {self.store.location}>"

    def close(self) -> None:
        self.store.close()

    def ingest(self, paths, **options):
        """Import the reports under ``paths``; options as ``huigu ingest`` has them
        (department, year, prune, workers, progress, wait_for_lock).  Returns an IngestReport."""
        from huigu.ingest.runner import ingest

        return ingest(list(paths), self.store, **options)

    def search(self, query: str, filters=None, limit: int = 10, facets: bool = False):
        """Ranked passages with citations (``SearchResult``); raises QuerySyntaxError."""
        from huigu.search import search

        return search(self.store, query, filters, limit=limit, with_facets=facets)

    def similar(self, text=None, file=None, passage=None, filters=None, limit: int = 5):
        """Earlier passages closest to a text, each paragraph of a draft file, or a passage."""
        from huigu.reuse.similar import similar

        return similar(self.store, text=text, file=file, passage=passage, filters=filters, limit=limit)

    def overlap(self, a: str, b=None, min_chars: int = 12, **options):
        """How much of ``a`` (a file or a document id) repeats ``b`` or the knowledge base."""
        from huigu.reuse.overlap import overlap

        return overlap(self.store, a, b, min_chars=min_chars, **options)

    def phrases(self, filters=None, limit: int = 20):
        """Set phrases (四字格, 句式) of the passages the filters select."""
        from huigu.reuse.phrases import phrases

        return phrases(self.store, filters, limit=limit)

    def commitments(self, department=None, years=None):
        """The concrete promises of the plans (targets and named deliverables)."""
        from huigu.audit.run import commitments_of

        return commitments_of(self.store, department, years)

    def audit(self, department=None, years=None, progress=None):
        """Every commitment with its follow-up, evidence, verdict and reason."""
        from huigu.audit.run import run_audit

        return run_audit(self.store, department, years, progress=progress)

    def lint(self, department=None, years=None):
        """Unfinished text: template placeholders, conversion errors, dates after issue."""
        from huigu.audit.lint import lint_index

        return lint_index(self.store, department, years)

    def stats(self) -> dict:
        """Documents and passages per year × department, per topic and per section kind."""
        from huigu.store.stats import collect

        return collect(self.store)
