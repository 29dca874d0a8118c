"""The tables of a knowledge base in PostgreSQL, and recognising one made by another huigu.

Core PostgreSQL only (no extension), so PostgreSQL-compatible databases run it too:

* ``huigu_meta`` — ``format`` (``huigu.store.base.FORMAT_VERSION`` of whoever made the
  tables), ``generation`` (bumped by every commit) and ``instance`` (made once with the
  tables): ``Store.version()`` is both, so a knowledge base dropped and made again never
  repeats a version a cache has seen.
* ``huigu_records`` — one row per record (passage, document, file): the filter columns,
  exact per-record field lengths, ``data`` as JSON (kept as written, key order included).  ``seq`` is the index order (ties in
  a ranking are broken by it, as whoosh breaks them by document number).
* ``huigu_postings`` — per document, per field and term: the records holding it
  (``seqs``), and for the scored fields their term frequencies and field lengths, as
  packed little-endian arrays (``n`` records).  Terms compare byte by byte (``COLLATE
  "C"``, whatever the database's locale), so a prefix is a range of the index, in the
  order the embedded index lists its terms.  A query reads one row per document and
  term and scores in the client, with numpy, exactly as the embedded store does.
* ``huigu_stats`` — one row of count deltas per commit (records, passages, documents,
  total field lengths): N and the average field lengths of BM25 without a table scan,
  and without two writers updating one row.

Every table's key starts with (or holds) ``doc_id``, so each can be distributed by it
(Citus ``create_distributed_table(…, 'doc_id')``); a file record's ``doc_id`` is its own id.
"""
from __future__ import annotations

import uuid

import psycopg

from huigu.errors import HuiguError
from huigu.store.base import FORMAT_VERSION

# advisory lock keys (two-int form: huigu's class, then what is locked)
LOCK_CLASS = 0x6867  # "hg"
LOCK_SCHEMA = 1
LOCK_INGEST = 2
LOCK_SOURCE_CLASS = 0x6868  # per source file: pg_advisory_xact_lock(class, hashtext(source))

TABLES = ("huigu_postings", "huigu_records", "huigu_stats", "huigu_meta")

CREATE = """
CREATE TABLE huigu_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
CREATE SEQUENCE huigu_seq;
CREATE TABLE huigu_records (
    doc_id     text   NOT NULL,
    source     text   NOT NULL,
    id         text   NOT NULL,
    seq        bigint NOT NULL,
    rtype      text   NOT NULL,
    file_hash  text,
    doc_type   text,
    period     text,
    kind       text,
    year       integer,
    about_year integer,
    words_len  integer NOT NULL DEFAULT 0,
    grams_len  integer NOT NULL DEFAULT 0,
    data       json,
    PRIMARY KEY (doc_id, source, id)
);
CREATE INDEX huigu_records_seq ON huigu_records (seq);
CREATE INDEX huigu_records_id ON huigu_records (id);
CREATE INDEX huigu_records_source ON huigu_records (source);
CREATE INDEX huigu_records_rtype ON huigu_records (rtype);
CREATE TABLE huigu_postings (
    doc_id text    NOT NULL,
    source text    NOT NULL,
    field  text    NOT NULL,
    term   text    COLLATE "C" NOT NULL,
    n      integer NOT NULL,
    seqs   bytea   NOT NULL,
    tfs    bytea,
    lens   bytea,
    PRIMARY KEY (doc_id, source, field, term)
);
CREATE INDEX huigu_postings_term ON huigu_postings (field, term);
CREATE INDEX huigu_postings_source ON huigu_postings (source);
CREATE TABLE huigu_stats (
    doc_id    text   NOT NULL DEFAULT '',
    id        bigserial,
    records   bigint NOT NULL,
    documents bigint NOT NULL,
    passages  bigint NOT NULL,
    words     bigint NOT NULL,
    grams     bigint NOT NULL,
    PRIMARY KEY (doc_id, id)
);
"""


def drop_hint() -> str:
    return "DROP TABLE " + ", ".join(TABLES) + "; DROP SEQUENCE huigu_seq;"


def found_format(conn: psycopg.Connection):
    """The format of the tables in this database: an int, None (no huigu tables), or "?"
    (huigu tables without a readable stamp)."""
    row = conn.execute("SELECT to_regclass('huigu_meta'), to_regclass('huigu_records')").fetchone()
    if row[0] is None:
        return None if row[1] is None else "?"
    value = conn.execute("SELECT value FROM huigu_meta WHERE key = 'format'").fetchone()
    try:
        return int(value[0]) if value else "?"
    except ValueError:
        return "?"


def check(conn: psycopg.Connection, where: str, create: bool) -> None:
    """Make sure the tables are there in this huigu's format: create them in an empty
    database when ``create``; refuse any other format with one line saying what to do."""
    found = found_format(conn)
    conn.commit()
    if found is None and create:
        _create(conn, where)
        found = found_format(conn)
        conn.commit()
    if found == FORMAT_VERSION:
        return
    if found is None:
        raise HuiguError(f"数据库 {where} 里还没有知识库：请先运行 huigu ingest 目录 --index {where} 导入报告")
    if found == "?":
        raise HuiguError(f"数据库 {where} 里的 huigu 表不完整或已损坏（没有格式记录）：请数据库管理员检查，"
                         f"或删除这些表（{drop_hint()}）后重新运行 huigu ingest 导入")
    if found > FORMAT_VERSION:
        raise HuiguError(f"数据库 {where} 里的知识库由更新版本的 huigu 建立（格式 {found}，本程序为格式 "
                         f"{FORMAT_VERSION}）：请升级 huigu 后再使用")
    raise HuiguError(f"数据库 {where} 里的知识库由旧版本的 huigu 建立（格式 {found}，当前格式 {FORMAT_VERSION}）："
                     f"请删除旧表（{drop_hint()}）后重新运行 huigu ingest 导入，或换一个空数据库")


def _create(conn: psycopg.Connection, where: str) -> None:
    """Create the tables, once even when two ingests start together (an advisory lock)."""
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLASS, LOCK_SCHEMA))
            # pg_class read through this statement's snapshot: to_regclass may answer from a
            # cache that has not yet heard of the tables another session just committed
            if conn.execute("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                            "ON n.oid = c.relnamespace WHERE c.relname = 'huigu_meta' "
                            "AND n.nspname = current_schema())").fetchone()[0]:
                return  # the other one made them
            conn.execute(CREATE)
            conn.execute("INSERT INTO huigu_meta VALUES ('format', %s), ('generation', '0'), ('instance', %s)",
                         (str(FORMAT_VERSION), uuid.uuid4().hex[:12]))
    except (psycopg.errors.DuplicateTable, psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
        return  # made by another ingest at the same moment: the caller reads its format
    except psycopg.errors.InsufficientPrivilege:
        raise HuiguError(f"无权在数据库 {where} 中建表：请数据库管理员授予建表权限（GRANT CREATE），"
                         f"或用有权限的用户先运行一次 huigu ingest") from None
