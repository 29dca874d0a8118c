"""Everything that touches whoosh lives here: schema, open, write one file atomically,
read the catalog.

One index directory holds three kinds of record, told apart by ``rtype``:
``passage`` (what search returns), ``document`` (metadata and outline) and ``file``
(source path and content hash, for incremental ingest).  A file's records are written
and deleted together, and a commit holds whole files only, so the catalog never
disagrees with the passages.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator, Optional

from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .records import HuiguError

INDEX_ENV = "HUIGU_INDEX"
DEFAULT_INDEX = "index"


def schema() -> Schema:
    spaces = SpaceSeparatedTokenizer()
    return Schema(
        id=ID(stored=True, unique=True),
        rtype=ID(stored=True),
        doc_id=ID(stored=True),
        source=ID(stored=True),
        file_hash=ID(stored=True),
        words=TEXT(analyzer=spaces, phrase=False),
        grams=TEXT(analyzer=spaces, phrase=False),
        heading=TEXT(analyzer=spaces, phrase=False),
        year=NUMERIC(stored=True, signed=False),
        about_year=NUMERIC(stored=True, signed=False),
        dept=KEYWORD(commas=True, lowercase=True),
        doc_type=ID(stored=True),
        period=ID(stored=True),
        kind=ID(stored=True),
        topics=KEYWORD(commas=True, stored=True),
        dup=ID(stored=True),
        data=STORED,
    )


def index_dir(path: Optional[str | os.PathLike] = None) -> Path:
    """The index directory: the argument, else $HUIGU_INDEX, else ./index."""
    return Path(path or os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def exists(path: Path) -> bool:
    try:
        return whoosh_index.exists_in(str(path))
    except Exception:
        return False


def open_index(path: Path, create: bool = False):
    """Open the index at ``path``; with ``create``, make it when it is not there."""
    path = Path(path)
    try:
        if exists(path):
            # without mmap: whoosh3 would copy whole sub-files out of a mapped segment at every open
            return FileStorage(str(path), supports_mmap=False).open_index()
        if not create:
            raise HuiguError(f"索引目录 {path} 里没有索引：请先运行 huigu ingest 导入报告，或用 --index 指定索引目录")
        path.mkdir(parents=True, exist_ok=True)
        return whoosh_index.create_in(str(path), schema())
    except HuiguError:
        raise
    except PermissionError as err:
        raise HuiguError(f"无权访问索引目录 {path}：{err.strerror}") from err
    except OSError as err:
        raise HuiguError(f"无法打开索引目录 {path}：{err.strerror or err}") from err
    except Exception as err:  # whoosh's own errors: a damaged index
        raise HuiguError(f"索引 {path} 无法打开（{type(err).__name__}: {err}）：可删除该目录后重新导入") from err


@contextlib.contextmanager
def open_writer(ix) -> Iterator:
    """A writer that commits when the block ends normally and cancels on any error."""
    writer = ix.writer(limitmb=256)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    else:
        writer.commit(merge=True)


def delete_file(writer, source: str) -> None:
    writer.delete_by_term("source", source)


def add_records(writer, records: list[dict]) -> None:
    for record in records:
        writer.add_document(**record)


def catalog(ix) -> dict[str, str]:
    """source path → content hash of every file in the index."""
    with ix.searcher() as searcher:
        return {
            fields["source"]: fields["file_hash"]
            for fields in searcher.documents(rtype="file")
        }


def documents(ix) -> list[dict]:
    """Document metadata of every document, in source/part order."""
    with ix.searcher() as searcher:
        docs = [fields["data"] for fields in searcher.documents(rtype="document")]
    return sorted(docs, key=lambda d: (d["source"], d["part"]))


def record(ix, record_id: str) -> Optional[dict]:
    with ix.searcher() as searcher:
        fields = searcher.document(id=record_id)
    return fields


def passages_of(ix, doc_id: str) -> list[dict]:
    """Stored fields of every passage of a document, in order."""
    with ix.searcher() as searcher:
        found = [f for f in searcher.documents(doc_id=doc_id) if f.get("rtype") == "passage"]
    return sorted(found, key=lambda f: f["data"]["seq"])


def passages_by_document(ix) -> dict[str, list[dict]]:
    """Stored fields of every passage, grouped by document and in order (one searcher)."""
    grouped: dict[str, list[dict]] = {}
    with ix.searcher() as searcher:
        for fields in searcher.documents(rtype="passage"):
            grouped.setdefault(fields["doc_id"], []).append(fields)
    for found in grouped.values():
        found.sort(key=lambda f: f["data"]["seq"])
    return grouped


# ── parallel writing: each worker process writes a segment, the parent commits them ──
# These use whoosh's writer internals the way whoosh's own multiprocessing writer does
# (present in whoosh 2.7 and whoosh3 alike).

WORKER_LIMIT_MB = 128


def segment_writer(ix):
    """A writer for a new segment in a worker process; the parent holds the lock."""
    from whoosh.writing import SegmentWriter

    return SegmentWriter(ix, _lk=False, limitmb=WORKER_LIMIT_MB)


def finish_segment(writer):
    """Write out a worker's segment and return it (or None when it holds nothing)."""
    if not writer._added:
        writer.cancel()
        return None
    return writer._finalize_segment()


def commit_segments(ix, segments: list, replaced_sources: list[str]) -> None:
    """One atomic commit: delete the old records of ``replaced_sources`` and add the
    workers' ``segments``."""
    writer = ix.writer()
    try:
        for source in replaced_sources:
            delete_file(writer, source)
        # no merging here: it would run in this one process while the workers wait
        final = writer._merge_segments(None, None, False)
        final += segments
        if writer._added:
            final.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(final)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
