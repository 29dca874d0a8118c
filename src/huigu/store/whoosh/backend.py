"""The embedded store: a whoosh index in a folder (one person's knowledge base).

``WhooshStore`` implements the Store protocol (``huigu.store.base``) over the schema,
writers and segment commits below; queries are the backend-neutral trees of
``huigu.store.query``, run over the postings arrays by ``engine`` (whoosh answers only
when a segment has no arrays, through ``translate``).

One index directory holds three kinds of record, told apart by ``rtype``:
``passage`` (what search returns), ``document`` (metadata and outline) and ``file``
(source path and content hash, for incremental ingest).  A file's records are written
and deleted together, and a commit holds whole files only, so the catalog never
disagrees with the passages.
"""
from __future__ import annotations

import contextlib
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator, Optional

from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.filedb.filestore import FileStorage
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.system import pack_uint

from huigu.store.whoosh import postings
from huigu.errors import HuiguError
from huigu.store.base import FORMAT_VERSION, Found
from huigu.store import query as N

INDEX_ENV = "HUIGU_INDEX"
DEFAULT_INDEX = "index"


class Tokens(TEXT):
    """A text field fed with tokens already cut (jieba words, bigrams) and joined by
    spaces: indexing just counts them, without whoosh's analyzer chain."""

    def __init__(self):
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=False)

    def index(self, value, **kwargs):
        for word, freq in Counter(value.split()).items():
            yield word.encode("utf-8"), freq, float(freq), _PACKED[freq] if freq < 256 else pack_uint(freq)


_PACKED = [pack_uint(n) for n in range(256)]  # a term's frequency as whoosh stores it


def _year() -> NUMERIC:
    # one term per value (whoosh's default writes 8 for fast wide ranges; years need none)
    return NUMERIC(stored=True, signed=False, shift_step=32)


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        rtype=ID(stored=True),
        doc_id=ID(stored=True),
        source=ID(stored=True),
        file_hash=ID(stored=True),
        words=Tokens(),
        grams=Tokens(),
        heading=Tokens(),
        year=_year(),
        about_year=_year(),
        dept=KEYWORD(commas=True, lowercase=True),
        doc_type=ID(stored=True),
        period=ID(stored=True),
        kind=ID(stored=True),
        topics=KEYWORD(commas=True, stored=True),
        data=STORED,
    )


class _Storage(FileStorage):
    """whoosh's file storage with a write lock that works on every platform."""

    def lock(self, name):
        from huigu.store.whoosh.lock import PlatformFileLock

        return PlatformFileLock(self._fpath(name))


def index_dir(path: Optional[str | os.PathLike] = None) -> Path:
    """The index directory: the argument, else $HUIGU_INDEX, else ./index."""
    return Path(path or os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def exists(path: Path) -> bool:
    try:
        return whoosh_index.exists_in(str(path))
    except Exception:
        return False


FORMAT_FILE = "huigu.format"


def _check_format(path: Path) -> None:
    """An index written by another huigu is refused, never read as if current."""
    stamp = path / FORMAT_FILE
    try:
        found = int(stamp.read_text(encoding="utf-8").strip())
    except FileNotFoundError:
        found = 1  # huigu before the stamp
    except (OSError, ValueError):
        found = None
    if found != FORMAT_VERSION:
        shown = f"格式 {found}" if found else "格式不明"
        raise HuiguError(f"索引 {path} 由另一版本的 huigu 建立（{shown}，当前格式 {FORMAT_VERSION}）："
                         f"请删除该目录（或换一个 --index 目录）后重新运行 huigu ingest 导入")


def open_index(path: Path, create: bool = False):
    """Open the index at ``path``; with ``create``, make it when it is not there."""
    path = Path(path)
    try:
        if exists(path):
            _check_format(path)
            # without mmap: whoosh3 would copy whole sub-files out of a mapped segment at every open
            return _Storage(str(path), supports_mmap=False).open_index()
        if not create:
            raise HuiguError(f"索引目录 {path} 里没有索引：请先运行 huigu ingest 导入报告，或用 --index 指定索引目录")
        return _create_index(path)
    except HuiguError:
        raise
    except PermissionError as err:
        raise HuiguError(f"无权访问索引目录 {path}：{err.strerror}") from err
    except OSError as err:
        raise HuiguError(f"无法打开索引目录 {path}：{err.strerror or err}") from err
    except Exception as err:  # whoosh's own errors: a damaged index
        raise HuiguError(f"索引 {path} 无法打开（{type(err).__name__}: {err}）：可删除该目录后重新导入") from err


CREATE_LOCK = "huigu.create.lock"


def _create_index(path: Path):
    """Make the index at ``path``, one process at a time: two ingests started together on a
    new folder must not both create it (whoosh's create clears the other's table of contents)."""
    from huigu.store.whoosh.lock import PlatformFileLock

    path.mkdir(parents=True, exist_ok=True)
    lock = PlatformFileLock(str(path / CREATE_LOCK))
    lock.acquire(blocking=True)
    try:
        if exists(path):  # the other one made it meanwhile
            _check_format(path)
            return _Storage(str(path), supports_mmap=False).open_index()
        (path / FORMAT_FILE).write_text(f"{FORMAT_VERSION}\n", encoding="utf-8")  # before the index appears
        return _Storage(str(path)).create_index(schema())
    finally:
        lock.release()


@contextlib.contextmanager
def open_writer(ix) -> Iterator:
    """A writer that commits when the block ends normally and cancels on any error."""
    writer = _fast(ix.writer())
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    _commit(writer, [])


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

SEGMENT_MAX_POSTINGS = 3_000_000  # about 450 MB of a worker's memory


class MemoryPostings:
    """The postings of one segment, kept in memory by (field, term) as they arrive.

    Stands in for whoosh's ``PostingPool``, which pickles every posting to temporary
    runs and merges them back with a heap: a worker adds documents in number order, so
    each term's list is already sorted and only the terms need sorting at the end."""

    def __init__(self):
        self.postings: dict = defaultdict(list)
        self.count = 0
        self._sorted: Optional[list] = None

    def add(self, item) -> None:
        self.postings[item[0], item[1]].append(item)  # (field, term, docnum, weight, value)
        self.count += 1
        self._sorted = None

    def sorted_keys(self) -> list:
        """The (field, term) keys in whoosh's order, sorted once for the segment and its arrays."""
        if self._sorted is None:
            self._sorted = sorted(self.postings)
        return self._sorted

    def iter_postings(self):
        postings = self.postings
        for key in self.sorted_keys():
            yield from postings[key]

    def cleanup(self) -> None:
        self.postings.clear()
        self.count = 0
        self._sorted = None


class _FieldLengths:
    """Each document's field lengths, read once per field from the segment just
    written, for the codec's per-block length statistics (fields that are not scored
    have none)."""

    def __init__(self, reader, schema, doc_count: int):
        self.reader = reader
        self.schema = schema
        self.doc_count = doc_count
        self.cache: dict = {}

    def doc_field_length_reader(self, fieldname, default=0):
        if fieldname not in self.cache:
            if fieldname in self.schema and not self.schema[fieldname].scorable:
                self.cache[fieldname] = [default] * self.doc_count
            else:
                fast = getattr(self.reader, "doc_field_length_reader", None)  # whoosh3
                one = fast(fieldname, default) if fast else (
                    lambda d: self.reader.doc_field_length(d, fieldname, default))
                self.cache[fieldname] = [one(d) for d in range(self.doc_count)]
        return self.cache[fieldname].__getitem__

    def doc_field_length(self, docnum, fieldname, default=0):
        return self.doc_field_length_reader(fieldname, default)(docnum)


def segment_writer(ix):
    """A writer for a new segment in a worker process; the parent holds the lock."""
    from whoosh.writing import SegmentWriter

    return _fast(SegmentWriter(ix, _lk=False))


def _fast(writer):
    """``writer`` with its postings kept in memory (see ``MemoryPostings``)."""
    writer.pool.cleanup()
    writer.pool = MemoryPostings()
    return writer


def segment_full(writer) -> bool:
    """Has this worker's segment grown big enough to be written out now?"""
    return writer.pool.count >= SEGMENT_MAX_POSTINGS


def finish_segment(writer):
    """Write out a worker's segment and return it (or None when it holds nothing)."""
    if not writer._added:
        writer.cancel()
        return None
    writer.perdocwriter.close()
    reader = writer.per_document_reader()
    segment = writer.get_segment()
    try:
        lengths = _FieldLengths(reader, writer.schema, writer.docnum)
        writer.fieldwriter.add_postings(writer.schema, lengths, writer.pool.iter_postings())
        writer.fieldwriter.close()
        postings.write_segment(Path(writer.storage.folder), segment.segment_id(), writer.docnum,
                               writer.pool, lengths.doc_field_length_reader, writer.schema)
    finally:
        reader.close()
    writer._close_segment()
    writer._assemble_segment()
    return writer.get_segment()


def commit_segments(ix, segments: list, replaced_sources: list[str]) -> None:
    """One atomic commit: delete the old records of ``replaced_sources`` and add the
    workers' ``segments``."""
    writer = _fast(ix.writer())
    try:
        for source in replaced_sources:
            delete_file(writer, source)
    except BaseException:
        writer.cancel()
        raise
    _commit(writer, segments)


SMALL_SEGMENT_DOCS = 5_000
SMALL_SEGMENTS_KEPT = 2


def _merge_small(writer, segments: list) -> list:
    """A merge policy: the small segments many little ingests leave are merged into the
    new one once there are more than two; big ones are left alone (no ingest of a few
    files rewrites the whole index)."""
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count() < SMALL_SEGMENT_DOCS]
    if len(small) <= SMALL_SEGMENTS_KEPT:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for s in segments if s not in small]


def _commit(writer, segments: list) -> None:
    """Write ``writer``'s segment (merged with small old ones) and commit it together with
    the deletions it made and the finished ``segments`` of worker processes."""
    try:
        final = writer._merge_segments(_merge_small, False, True)
        final += segments
        if writer._added:
            final.append(finish_segment(writer))
        else:
            writer._close_segment()
        writer._commit_toc(final)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    postings.remove_unused(Path(writer.storage.folder), [s.segment_id() for s in final])


# ── the Store ────────────────────────────────────────────────────────────────


class _Batch:
    """Writes of one whoosh writer: committed together (see ``open_writer``)."""

    def __init__(self, writer):
        self.writer = writer

    def delete_file(self, source: str) -> None:
        delete_file(self.writer, source)

    def add_records(self, records: list[dict]) -> None:
        add_records(self.writer, records)

    def replace_file(self, source: str, records: list[dict]) -> None:
        delete_file(self.writer, source)
        add_records(self.writer, records)


FIELDS_CACHED = 8192  # stored fields kept between the queries of a search (and the next)


class WhooshStore:
    """The Store protocol over one whoosh index directory.

    One searcher is kept open while the index does not change, with the postings-array
    engine over its segments; a commit by another process is seen at the next call."""

    supports_segments = True  # worker processes may write segments of their own

    def __init__(self, path, create: bool = False):
        self.path = Path(path)
        self.location = str(path)
        self.ix = open_index(self.path, create=create)
        self._searcher = None
        self._engine = None
        self._fields: dict[int, dict] = {}

    # ── the searcher and its engine ──

    def _current(self):
        from whoosh.scoring import BM25F

        from huigu.store.whoosh import engine

        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self.ix.searcher(weighting=BM25F(B=N.BM25_B, K1=N.BM25_K1))
            self._engine = engine.for_searcher(self._searcher, self.path)
            self._fields = {}
        return self._searcher

    def _stored(self, docnum: int) -> dict:
        found = self._fields.get(docnum)
        if found is None:
            if len(self._fields) >= FIELDS_CACHED:
                self._fields.clear()
            found = self._fields[docnum] = self._searcher.stored_fields(docnum)
        return found

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._engine = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # ── reading ──

    def cache_dir(self) -> Path:
        """Where features may keep caches of their own (``huigu.reuse``): the index folder."""
        return self.path

    def version(self) -> str:
        reader = self._current().reader()
        try:
            segments = sorted(r.segment().segment_id() for r, _ in reader.leaf_readers())
        except Exception:
            segments = []
        return f"{reader.generation()}:{','.join(segments)}:{reader.doc_count()}"

    def documents(self) -> list[dict]:
        docs = [fields["data"] for fields in self._current().documents(rtype="document")]
        return sorted(docs, key=lambda d: (d["source"], d["part"]))

    def _record(self, record_id: str, rtype: str) -> Optional[dict]:
        fields = self._current().document(id=record_id)
        return fields["data"] if fields and fields.get("rtype") == rtype else None

    def document(self, doc_id: str) -> Optional[dict]:
        return self._record(doc_id, "document")

    def passage(self, passage_id: str) -> Optional[dict]:
        return self._record(passage_id, "passage")

    def passages_of(self, doc_id: str) -> list[dict]:
        found = [f["data"] for f in self._current().documents(doc_id=doc_id) if f.get("rtype") == "passage"]
        return sorted(found, key=lambda data: data["seq"])

    def passages(self, where: Optional[N.Node] = None) -> list[dict]:
        searcher = self._current()
        if where is None:
            found = [f["data"] for f in searcher.documents(rtype="passage")]
        else:
            found = [self._stored(n)["data"] for n in self._docnums(where)]
        return sorted(found, key=lambda d: (d["doc"]["source"], d["doc"].get("part", 1), d["seq"]))

    def passage_ids(self, where: N.Node) -> set[str]:
        self._current()
        return {self._stored(n)["id"] for n in self._docnums(where)}

    def _docnums(self, where: N.Node) -> list[int]:
        from huigu.store.whoosh.translate import to_whoosh

        query = N.AllOf((N.PASSAGES, where))
        return list(self._searcher.docs_for_query(to_whoosh(query)))

    def catalog(self) -> dict[str, str]:
        return {fields["source"]: fields["file_hash"] for fields in self._current().documents(rtype="file")}

    def file_entry(self, source: str) -> Optional[dict]:
        return self._record("file:" + source, "file")

    def counts(self) -> tuple[int, int]:
        searcher = self._current()
        docs = sum(1 for _ in searcher.document_numbers(rtype="document"))
        passages = sum(1 for _ in searcher.document_numbers(rtype="passage"))
        return docs, passages

    # ── statistics and ranking ──

    def _open_searcher(self):
        """The searcher as it is, without asking whether the index changed: statistics of
        one search come from the state its first call saw (``_current`` checks, and
        listing the folder on every term cost a quarter of a search)."""
        return self._searcher if self._searcher is not None else self._current()

    def record_count(self) -> int:
        return self._current().reader().doc_count()

    def doc_frequency(self, field: str, term: str) -> int:
        from huigu.store.whoosh import postings

        searcher = self._open_searcher()
        try:
            encoded = term.encode("utf-8")
            if self._engine is not None and (len(encoded) <= postings.MAX_TERM_BYTES
                                             or not self._engine.has_long_terms(field)):
                return self._engine.doc_frequency(field, encoded)
            return searcher.reader().doc_frequency(field, term)
        except Exception:
            return 0

    def terms_with_prefix(self, field: str, prefix: str, limit: Optional[int] = None) -> list[str]:
        found = []
        try:
            for term in self._current().reader().expand_prefix(field, prefix):
                found.append(term.decode("utf-8") if isinstance(term, bytes) else term)
                if limit is not None and len(found) >= limit:
                    break
        except Exception:  # a field the index does not have
            return []
        return found

    def search(self, query: N.Node, limit: Optional[int]) -> Found:
        from huigu.store.whoosh import engine
        from huigu.store.whoosh.translate import to_whoosh

        searcher = self._current()
        if self._engine is not None:
            try:
                pairs, total = self._engine.search(query, limit)
            except engine.Unsupported:
                pass
            else:
                return Found([(self._stored(docnum)["data"], score) for docnum, score in pairs], total)
        results = searcher.search(to_whoosh(query), limit=limit)
        found = results.scored_length()
        # counting every match exactly would run the query again
        total = found if limit is None or found < limit else results.estimated_length()
        return Found([(self._stored(r.docnum)["data"], r.score) for r in results], total)

    # ── writing ──

    def ingest_lock(self, wait: float = 0.0):
        from huigu.store.whoosh.lock import IngestLock

        return IngestLock(self.path, wait=wait)

    @contextlib.contextmanager
    def writer(self):
        with open_writer(self.ix) as writer:
            yield _Batch(writer)

    # parallel segments (the ingest runner's workers): see the functions above
    def segment_writer(self):
        return segment_writer(self.ix)

    def add_to_segment(self, writer, records: list[dict]) -> None:
        add_records(writer, records)

    def segment_full(self, writer) -> bool:
        return segment_full(writer)

    def finish_segment(self, writer):
        return finish_segment(writer)

    def commit_segments(self, segments: list, replaced_sources: list[str]) -> None:
        commit_segments(self.ix, segments, replaced_sources)
