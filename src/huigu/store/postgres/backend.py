"""The office store: a knowledge base in one PostgreSQL database (``postgresql://…``).

``PostgresStore`` implements the Store protocol (``huigu.store.base``) over the tables
of ``_schema``.  Reads run in one REPEATABLE READ snapshot per call, so a reader sees
a file before or after a commit, never half of it.  A write batch is one transaction:
the sources it touches are locked (an advisory lock per file, taken in sorted order so
two writers never deadlock), the old records and postings of each replaced file are
deleted, the new ones copied in, the statistics delta added and the generation bumped.
A killed ingest or a dropped connection rolls its transaction back: whole files only.

Two ingests of different folders run side by side: nothing here is global except the
one-row generation counter, updated as the last step of a commit.
"""
from __future__ import annotations

import contextlib
import json
import time
from collections import defaultdict
from typing import Iterator, Optional

import numpy as np
import psycopg

from huigu.errors import HuiguError
from huigu.store import query as N
from huigu.store.base import Found
from huigu.store.postgres import _postings as P
from huigu.store.postgres import _schema as S
from huigu.store.postgres._connect import connect, reason, shown
from huigu.store.postgres._engine import Evaluator, Stats, TermPostings, top

DATA_CACHE = 8192  # passage data kept between the queries of a search (and the next)
RECORD_COLUMNS = ("doc_id", "source", "id", "seq", "rtype", "file_hash", "doc_type", "period", "kind",
                  "year", "about_year", "words_len", "grams_len", "data")
POSTING_COLUMNS = ("doc_id", "source", "field", "term", "n", "seqs", "tfs", "lens")


class IngestLock:
    """Held by an ingest for its whole run: a shared advisory lock, so ingests run side
    by side (each file is locked as it is written) while anything that must be alone —
    creating the tables — waits.  A crashed holder's lock goes with its connection:
    there is never a stale one to clear."""

    cleared_stale = None


class _Batch:
    """The writes of one transaction, kept in order until the block ends."""

    def __init__(self):
        self.ops: list[tuple] = []

    def delete_file(self, source: str) -> None:
        self.ops.append(("delete", source))

    def add_records(self, records: list[dict]) -> None:
        if records:
            self.ops.append(("add", list(records)))

    def replace_file(self, source: str, records: list[dict]) -> None:
        self.delete_file(source)
        self.add_records(records)

    def sources(self) -> list[str]:
        found = set()
        for op in self.ops:
            if op[0] == "delete":
                found.add(op[1])
            else:
                found.update(r.get("source") or "" for r in op[1])
        return sorted(found)


def _json(data) -> str:
    # json, not jsonb: the data comes back exactly as written (key order included)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class PostgresStore:
    """The Store protocol over one PostgreSQL database."""

    supports_segments = False  # ingest workers hand their records to the parent, which writes them

    def __init__(self, url: str, create: bool = False):
        self._url = url
        self.location = shown(url)
        self._read: Optional[psycopg.Connection] = None
        self._write: Optional[psycopg.Connection] = None
        self._generation: Optional[str] = None
        self._eval: Optional[Evaluator] = None
        self._data: dict[int, dict] = {}
        conn = connect(url, autocommit=True)
        try:
            S.check(conn, self.location, create)
        except BaseException:
            conn.close()
            raise
        self._read = conn

    # ── connections ──

    def _reader(self) -> psycopg.Connection:
        if self._read is None or self._read.closed or self._read.broken:
            self._read = connect(self._url, autocommit=True)
        return self._read

    def _writer_conn(self) -> psycopg.Connection:
        if self._write is None or self._write.closed or self._write.broken:
            self._write = connect(self._url, autocommit=True)
        return self._write

    def _lost(self, err: BaseException) -> HuiguError:
        return HuiguError(f"与数据库 {self.location} 的连接中断（{reason(err, self._url)}）：请检查数据库服务器后重试")

    def _begin(self) -> psycopg.Connection:
        """A new snapshot on the reading connection (a dropped one is replaced once)."""
        for attempt in (1, 2):
            conn = self._reader()
            try:
                conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                row = conn.execute("SELECT string_agg(value, ':' ORDER BY key) FROM huigu_meta "
                                   "WHERE key IN ('generation', 'instance')").fetchone()
            except psycopg.OperationalError as err:
                if attempt == 2 or not conn.broken:
                    raise self._lost(err) from None
                continue  # the server restarted, or the connection was cut: once more on a new one
            if row[0] != self._generation:
                self._refresh(conn, row[0])
            return conn

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[psycopg.Connection]:
        """One consistent view for one call; the caches follow the generation it sees."""
        conn = self._begin()
        try:
            yield conn
        except psycopg.OperationalError as err:
            raise self._lost(err) from None
        except BaseException:
            with contextlib.suppress(psycopg.Error):
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except psycopg.OperationalError as err:
            raise self._lost(err) from None

    def _refresh(self, conn, generation: str) -> None:
        row = conn.execute("SELECT coalesce(sum(records), 0), coalesce(sum(documents), 0), "
                           "coalesce(sum(passages), 0), coalesce(sum(words), 0), coalesce(sum(grams), 0) "
                           "FROM huigu_stats").fetchone()
        stats = Stats(*(int(v) for v in row))
        self._eval = Evaluator(stats, self._fetch_terms, self._fetch_years, self._fetch_column)
        self._generation = generation

    # ── what the evaluator reads (inside a snapshot) ──

    def _fetch_terms(self, keys: list[tuple[str, str]]) -> dict:
        by_field: dict[str, list[str]] = defaultdict(list)
        for field, text in keys:
            by_field[field].append(text)
        where, params = [], []
        for field, texts in by_field.items():
            where.append("(field = %s AND term = ANY(%s))")
            params.extend([field, texts])
        sql = ("SELECT field, term, string_agg(seqs, ''::bytea), string_agg(tfs, ''::bytea), "
               "string_agg(lens, ''::bytea), sum(n) FROM huigu_postings WHERE " + " OR ".join(where)
               + " GROUP BY field, term")
        found = {}
        with self._read.cursor(binary=True) as cur:
            for field, term, seqs, tfs, lens, n in cur.execute(sql, params):
                ids, freqs, lengths = P.unpack(seqs, tfs, lens)
                found[field, term] = TermPostings(ids, freqs, lengths, int(n))
        return found

    def _fetch_years(self, field: str, first: Optional[int], last: Optional[int]) -> np.ndarray:
        low = P.year_term(max(1, first or 1))
        high = P.year_term(last) if last is not None else "9" * P.YEAR_DIGITS
        with self._read.cursor(binary=True) as cur:
            row = cur.execute("SELECT string_agg(seqs, ''::bytea) FROM huigu_postings "
                              "WHERE field = %s AND term BETWEEN %s AND %s", (field, low, high)).fetchone()
        if not row or row[0] is None:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.frombuffer(row[0], P.SEQ).astype(np.int64))

    def _fetch_column(self, column: str, value: str) -> np.ndarray:
        assert column in P.COLUMN_FIELDS
        rows = self._read.execute(f"SELECT seq FROM huigu_records WHERE {column} = %s ORDER BY seq",
                                  (value,)).fetchall()
        return np.asarray([r[0] for r in rows], dtype=np.int64)

    def _data_of(self, conn, seqs) -> dict[int, dict]:
        missing = [s for s in seqs if s not in self._data]
        if missing:
            if len(self._data) + len(missing) > DATA_CACHE:
                self._data = {}
            for seq, data in conn.execute("SELECT seq, data FROM huigu_records WHERE seq = ANY(%s)",
                                          (missing,)):
                self._data[seq] = data
        return {s: self._data[s] for s in seqs if s in self._data}

    def _matching(self, conn, where: N.Node) -> list[int]:
        return [int(s) for s in self._eval.run(N.AllOf((N.PASSAGES, where))).ids]

    # ── reading ──

    def version(self) -> str:
        with self._snapshot():
            return f"pg:{self._generation}"  # generation:instance

    def documents(self) -> list[dict]:
        with self._snapshot() as conn:
            docs = [r[0] for r in conn.execute("SELECT data FROM huigu_records WHERE rtype = 'document'")]
        return sorted(docs, key=lambda d: (d["source"], d["part"]))

    def _record(self, record_id: str, rtype: str) -> Optional[dict]:
        with self._snapshot() as conn:
            row = conn.execute("SELECT data FROM huigu_records WHERE id = %s AND rtype = %s ORDER BY seq LIMIT 1",
                               (record_id, rtype)).fetchone()
        return row[0] if row else None

    def file_entry(self, source: str) -> Optional[dict]:
        """The file record's data (its absolute path, documents, warnings), as ``huigu open`` needs."""
        return self._record("file:" + source, "file")

    def document(self, doc_id: str) -> Optional[dict]:
        return self._record(doc_id, "document")

    def passage(self, passage_id: str) -> Optional[dict]:
        return self._record(passage_id, "passage")

    def passages_of(self, doc_id: str) -> list[dict]:
        with self._snapshot() as conn:
            found = [r[0] for r in conn.execute(
                "SELECT data FROM huigu_records WHERE doc_id = %s AND rtype = 'passage'", (doc_id,))]
        return sorted(found, key=lambda data: data["seq"])

    def passages(self, where: Optional[N.Node] = None) -> list[dict]:
        with self._snapshot() as conn:
            if where is None:
                found = [r[0] for r in conn.execute("SELECT data FROM huigu_records WHERE rtype = 'passage'")]
            else:
                seqs = self._matching(conn, where)
                found = [r[0] for r in conn.execute("SELECT data FROM huigu_records WHERE seq = ANY(%s)", (seqs,))]
        return sorted(found, key=lambda d: (d["doc"]["source"], d["doc"].get("part", 1), d["seq"]))

    def passage_ids(self, where: N.Node) -> set[str]:
        with self._snapshot() as conn:
            seqs = self._matching(conn, where)
            return {r[0] for r in conn.execute("SELECT id FROM huigu_records WHERE seq = ANY(%s)", (seqs,))}

    def catalog(self) -> dict[str, str]:
        with self._snapshot() as conn:
            return dict(conn.execute("SELECT source, file_hash FROM huigu_records WHERE rtype = 'file'").fetchall())

    def counts(self) -> tuple[int, int]:
        with self._snapshot():
            return self._eval.stats.documents, self._eval.stats.passages

    # ── statistics and ranking ──

    def record_count(self) -> int:
        with self._snapshot():
            return self._eval.stats.records

    def doc_frequency(self, field: str, term: str) -> int:
        # a count read since the generation was last checked is used as it is: every
        # search starts with record_count() (which checks), then asks many counts
        if self._eval is not None:
            known = self._eval.df.get((field, term))
            if known is not None:
                return known
        with self._snapshot() as conn:
            if field in P.COLUMN_FIELDS:
                found = len(self._eval._term(N.Term(field, term)).ids)
            else:
                row = conn.execute("SELECT coalesce(sum(n), 0) FROM huigu_postings WHERE field = %s AND term = %s",
                                   (field, term)).fetchone()
                found = int(row[0])
            self._eval.df[field, term] = found
            return found

    def terms_with_prefix(self, field: str, prefix: str, limit: Optional[int] = None) -> list[str]:
        with self._snapshot() as conn:
            key = ("prefix", field, prefix, limit)
            found = self._eval.filters.get(key)
            if found is None:
                found = [r[0] for r in conn.execute(
                    "SELECT term FROM huigu_postings WHERE field = %s AND term >= %s AND term < %s "
                    "GROUP BY term ORDER BY term LIMIT %s", (field, prefix, prefix + "\U0010ffff", limit))]
                self._eval.filters[key] = found
            return list(found)

    def search(self, query: N.Node, limit: Optional[int]) -> Found:
        with self._snapshot() as conn:
            pairs, total = top(self._eval.run(query), limit)
            data = self._data_of(conn, [s for s, _ in pairs])
        return Found([(data[s], score) for s, score in pairs if s in data], total)

    # ── writing ──

    @contextlib.contextmanager
    def ingest_lock(self, wait: float = 0.0):
        conn = self._writer_conn()
        deadline = time.monotonic() + max(0.0, wait)
        try:
            while not conn.execute("SELECT pg_try_advisory_lock_shared(%s, %s)",
                                   (S.LOCK_CLASS, S.LOCK_INGEST)).fetchone()[0]:
                if time.monotonic() >= deadline:
                    raise HuiguError(f"数据库 {self.location} 正在维护（建表或迁移），暂不能导入：请稍后重试，"
                                     f"或用 --wait 等待")
                time.sleep(0.2)
        except psycopg.OperationalError as err:
            raise self._lost(err) from None
        try:
            yield IngestLock()
        finally:
            with contextlib.suppress(psycopg.Error):
                conn.execute("SELECT pg_advisory_unlock_shared(%s, %s)", (S.LOCK_CLASS, S.LOCK_INGEST))

    @contextlib.contextmanager
    def writer(self):
        batch = _Batch()
        yield batch
        if batch.ops:
            self._commit(batch)

    def _commit(self, batch: _Batch) -> None:
        conn = self._writer_conn()
        try:
            with conn.transaction():
                _write(conn, batch)
        except psycopg.OperationalError as err:
            raise HuiguError(f"写入数据库 {self.location} 失败（{reason(err, self._url)}）：这一批没有写入，"
                             f"已有的内容保持不变；请检查数据库连接后重新导入") from None
        except psycopg.Error as err:
            raise HuiguError(f"写入数据库 {self.location} 失败（{reason(err, self._url)}）：这一批没有写入，"
                             f"已有的内容保持不变；请检查数据库（磁盘空间、权限）后重新导入") from None

    def close(self) -> None:
        for conn in (self._read, self._write):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
        self._read = self._write = None

    def __del__(self):
        with contextlib.suppress(Exception):
            self.close()


# ── one transaction's writes ─────────────────────────────────────────────────


class _Delta:
    def __init__(self):
        self.records = self.documents = self.passages = self.words = self.grams = 0

    def count(self, rtype: str, words: int, grams: int, sign: int) -> None:
        self.records += sign
        self.documents += sign * (rtype == "document")
        self.passages += sign * (rtype == "passage")
        self.words += sign * words
        self.grams += sign * grams


def _write(conn: psycopg.Connection, batch: _Batch) -> None:
    # every file this batch touches, locked in one order: two writers of one file take turns
    conn.execute("SELECT count(pg_advisory_xact_lock(%s, hashtext(s))) FROM "
                 "(SELECT s FROM unnest(%s::text[]) AS s ORDER BY s) AS sorted",
                 (S.LOCK_SOURCE_CLASS, batch.sources()))
    delta = _Delta()
    pending_deletes: list[str] = []
    pending_adds: list[dict] = []
    for op in batch.ops:
        if op[0] == "delete":
            if pending_adds:
                _delete(conn, pending_deletes, delta)
                _add(conn, pending_adds, delta)
                pending_deletes, pending_adds = [], []
            pending_deletes.append(op[1])
        else:
            pending_adds.extend(op[1])
    _delete(conn, pending_deletes, delta)
    _add(conn, pending_adds, delta)
    conn.execute("INSERT INTO huigu_stats (records, documents, passages, words, grams) VALUES (%s, %s, %s, %s, %s)",
                 (delta.records, delta.documents, delta.passages, delta.words, delta.grams))
    # last: the one row every commit updates is held only for the commit itself
    conn.execute("UPDATE huigu_meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")


def _delete(conn, sources: list[str], delta: _Delta) -> None:
    if not sources:
        return
    for rtype, words, grams in conn.execute(
            "DELETE FROM huigu_records WHERE source = ANY(%s) RETURNING rtype, words_len, grams_len", (sources,)):
        delta.count(rtype, words, grams, -1)
    conn.execute("DELETE FROM huigu_postings WHERE source = ANY(%s)", (sources,))


def _add(conn, records: list[dict], delta: _Delta) -> None:
    if not records:
        return
    seqs = [r[0] for r in conn.execute("SELECT nextval('huigu_seq') FROM generate_series(1, %s)", (len(records),))]
    documents: dict[tuple[str, str], P.DocumentPostings] = {}
    with conn.cursor().copy(f"COPY huigu_records ({', '.join(RECORD_COLUMNS)}) FROM STDIN") as copy:
        for seq, record in zip(seqs, records):
            key = (record.get("doc_id") or record["id"], record.get("source") or "")
            postings = documents.get(key)
            if postings is None:
                postings = documents[key] = P.DocumentPostings()
            words, grams = postings.add(seq, record)
            delta.count(record.get("rtype", ""), words, grams, +1)
            copy.write_row((key[0], key[1], record["id"], seq, record.get("rtype", ""), record.get("file_hash"),
                            record.get("doc_type"), record.get("period"), record.get("kind"),
                            record.get("year") or None, record.get("about_year") or None, words, grams,
                            _json(record.get("data"))))
    with conn.cursor().copy(f"COPY huigu_postings ({', '.join(POSTING_COLUMNS)}) FROM STDIN") as copy:
        for (doc_id, source), postings in documents.items():
            for row in postings.rows(doc_id, source):
                copy.write_row(row)
