"""The Store protocol: the one way into a knowledge base.

Ingest writes through it; search, reuse, audit, stats and lint read through it.  A
backend (``store/whoosh/`` for one person's folder, ``store/postgres/`` for an office)
implements these calls; nothing outside ``store/`` knows which one it talks to.
``tests/test_store_contract.py`` pins what every backend must do.

Records are the dicts ``ingest.pipeline.records_for`` makes, three kinds told apart by
``rtype``: ``passage`` (what search returns: ``data`` is the passage with its document
summary and citation label), ``document`` (``data`` is the document with its outline)
and ``file`` (``source``, ``file_hash``: the incremental-ingest catalog).  Every record
of a file carries the file's ``source``, so a file is replaced or deleted whole.

Searchable fields of a passage record: ``words`` and ``grams`` (space-separated
tokens, scored), ``dept`` and ``topics`` (comma-separated, lower case), ``rtype``,
``doc_type``, ``period``, ``kind`` (exact), ``year`` and ``about_year`` (integers).
Queries are trees of ``huigu.store.query`` nodes, scored the same way everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ContextManager, Optional, Protocol, runtime_checkable

from huigu.store.query import Node

# The format of what a backend stores.  A knowledge base written by another format
# version is refused with one line that says what to do (never read as if current).
FORMAT_VERSION = 2


@dataclass
class Found:
    """The best matches of one query (passage data and score, best first) and how many
    records match in all."""

    hits: list[tuple[dict, float]]
    total: int


class Batch(Protocol):
    """The writes of one transaction: readers see all of them or none."""

    def delete_file(self, source: str) -> None: ...

    def add_records(self, records: list[dict]) -> None: ...

    def replace_file(self, source: str, records: list[dict]) -> None: ...


@runtime_checkable
class Store(Protocol):
    location: str  # shown to people: a folder, or a database URL without its password

    # ── reading ──
    def version(self) -> str:
        """Changes whenever the content does (caches key on it)."""

    def documents(self) -> list[dict]:
        """Every document's data (with ``outline`` and ``passages``), by source and part."""

    def document(self, doc_id: str) -> Optional[dict]: ...

    def passage(self, passage_id: str) -> Optional[dict]:
        """One passage's data, or None."""

    def passages_of(self, doc_id: str) -> list[dict]:
        """A document's passages in reading order."""

    def passages(self, where: Optional[Node] = None) -> list[dict]:
        """Every passage (or those ``where`` matches), documents in source order."""

    def passage_ids(self, where: Node) -> set[str]: ...

    def catalog(self) -> dict[str, str]:
        """source → the stamp it was indexed from (content hash, manifest row)."""

    def file_entry(self, source: str) -> Optional[dict]:
        """The ``data`` of a file's record (``path``: where it was read from, absolute when
        ingest was given an absolute folder; ``documents``; ``warnings``), or None."""

    def counts(self) -> tuple[int, int]:
        """(documents, passages)."""

    # ── statistics and ranking ──
    def record_count(self) -> int:
        """N of the idf: every record counted for document frequencies."""

    def doc_frequency(self, field: str, term: str) -> int: ...

    def terms_with_prefix(self, field: str, prefix: str, limit: Optional[int] = None) -> list[str]:
        """The index's terms of ``field`` that start with ``prefix`` (search matches an unknown word to them)."""

    def search(self, query: Node, limit: Optional[int]) -> Found:
        """The best ``limit`` passages for ``query`` (all with None), ties in index order."""

    # ── writing ──
    def ingest_lock(self, wait: float = 0.0) -> ContextManager:
        """One ingest at a time; the context's ``cleared_stale`` names a dead holder."""

    def writer(self) -> ContextManager[Batch]:
        """A transaction: committed when the block ends, discarded on an exception."""

    def close(self) -> None: ...


# Optional calls a backend may offer (features check with getattr):
#   cache_dir() -> Path | None      a folder for caches derived from the content, keyed by version()
#   supports_segments = True        worker processes write segments of their own:
#   segment_writer(), add_to_segment(w, records), segment_full(w), finish_segment(w),
#   commit_segments(segments, replaced_sources)

