"""The PostgreSQL store on a real server: what an office sees that one person does not —
credentials, a database made by another huigu, several ingests at once, an ingest
killed or cut off half way, a server restarted under a reader."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from conftest import ROOT, SAMPLES
from pg_server import PASSWORD, USER, create_database, fresh_db, pg_server  # noqa: F401 (fixtures)
from huigu.errors import HuiguError
from huigu.ingest.runner import ingest
from huigu.store import open_store, query as N
from huigu.store.base import FORMAT_VERSION
from huigu.store.postgres import PostgresStore

HUIGU = [sys.executable, "-m", "huigu.cli"] if not (ROOT / ".venv" / "bin" / "huigu").exists() \
    else [str(ROOT / ".venv" / "bin" / "huigu")]


def huigu(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*HUIGU, *args], capture_output=True, text=True, cwd=str(ROOT),
                          env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture(scope="module")
def sample_db(pg_server):  # noqa: F811
    """A database with the sample reports, ingested through the CLI."""
    url = create_database(pg_server)
    done = huigu("ingest", str(SAMPLES), "--index", url, "--quiet")
    assert done.returncode == 0, done.stderr
    return url, done


# ── every command answers the same ───────────────────────────────────────────

SAME_ANSWERS = [
    ["docs", "--format", "json"],
    ["stats"],
    ["search", "科技特派员", "--format", "json", "--limit", "20"],
    ["search", "养老服务", "--year", "2023-2024", "--format", "json"],
    ["search", "健身步道", "--kind", "plan", "--format", "json"],
    ["search", "科技 -特派员", "--format", "md"],
    ["show", "04774c1a-1"],
    ["show", "04774c1a-1.19"],
    ["commitments", "--format", "json"],
    ["audit", "--format", "json"],
    ["lint", "--format", "json"],
    ["phrases", "--department", "科技局", "--limit", "5"],
    ["similar", "深化科技特派员制度，选派科技特派员60名", "--limit", "3"],
    ["similar", "--passage", "04774c1a-1.6", "--format", "json"],
    ["overlap", "04774c1a-1", "5a8dd4a2-1"],
]


@pytest.mark.parametrize("args", SAME_ANSWERS, ids=[" ".join(a[:2]) for a in SAME_ANSWERS])
def test_every_command_answers_as_the_embedded_index_does(args, sample_db, sample_index, runner):
    from huigu.cli import cli

    url, _ = sample_db
    embedded = runner.invoke(cli, [*args, "--index", str(sample_index)])
    office = runner.invoke(cli, [*args, "--index", url])
    assert embedded.exit_code in (0, 1), embedded.output  # 1: lint found something to fix
    assert office.exit_code == embedded.exit_code, office.output
    assert len(embedded.output) > 100
    assert office.output == embedded.output


# ── credentials ──────────────────────────────────────────────────────────────


def test_no_output_shows_the_password(sample_db):
    url, ingested = sample_db
    assert PASSWORD in url
    outputs = [ingested,
               huigu("docs", "--index", url, "--format", "table"),
               huigu("docs", "--index", url, "--format", "json"),
               huigu("search", "科技特派员", "--index", url, "--format", "json"),
               huigu("search", "科技特派员", "--index", url, "--format", "md"),
               huigu("stats", "--index", url)]
    for done in outputs:
        assert done.returncode == 0, done.stderr
        assert PASSWORD not in done.stdout + done.stderr
    assert "13 篇文档、238 个段落" in ingested.stdout
    assert f"postgresql://{USER}@127.0.0.1:" in ingested.stdout  # where it went, shown without the password
    assert "科技特派员" in outputs[3].stdout
    store = open_store(url)
    try:
        assert PASSWORD not in store.location and store.location.startswith(f"postgresql://{USER}@")
        hit = store.search(N.Term("words", "科技特派员"), 1).hits[0][0]
        assert PASSWORD not in repr(hit)  # nor in what a citation is made from
    finally:
        store.close()


def test_a_wrong_password_is_one_line_and_exit_2(sample_db):
    url, _ = sample_db
    wrong = url.replace(PASSWORD, "not-the-password")
    with pytest.raises(HuiguError) as err:
        PostgresStore(wrong)
    message = str(err.value)
    assert "\n" not in message and "密码" in message and "not-the-password" not in message
    done = huigu("docs", "--index", wrong)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "密码" in lines[0] and "not-the-password" not in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_an_unreachable_server_is_one_line_and_exit_2():
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/huigu"
    done = huigu("search", "科技", "--index", url)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "无法连接数据库" in lines[0] and PASSWORD not in done.stderr


def test_the_password_can_come_from_pgpassfile(sample_db, tmp_path, monkeypatch):
    url, _ = sample_db
    bare = url.replace(f":{PASSWORD}@", "@")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(HuiguError):
        PostgresStore(bare)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:*:*:{USER}:{PASSWORD}\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    store = PostgresStore(bare)
    try:
        assert store.counts() == (13, 238)
    finally:
        store.close()
    done = huigu("docs", "--index", bare, "--format", "table", env={"PGPASSFILE": str(passfile)})
    assert done.returncode == 0 and "共 13 篇文档" in done.stdout


# ── the schema: made in an empty database, another huigu's recognised ───────


def test_an_empty_database_gets_the_tables_and_another_format_is_refused(fresh_db):  # noqa: F811
    with pytest.raises(HuiguError, match="还没有知识库"):
        PostgresStore(fresh_db)
    PostgresStore(fresh_db, create=True).close()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'huigu_%'")}
        assert tables == {"huigu_meta", "huigu_records", "huigu_postings", "huigu_stats"}
        conn.execute("UPDATE huigu_meta SET value = %s WHERE key = 'format'", (str(FORMAT_VERSION - 1),))
    for create in (False, True):  # an ingest does not write over it either
        with pytest.raises(HuiguError) as err:
            PostgresStore(fresh_db, create=create)
        assert "旧版本" in str(err.value) and "DROP TABLE" in str(err.value) and "\n" not in str(err.value)
    done = huigu("ingest", str(SAMPLES / "科技局"), "--index", fresh_db)
    assert done.returncode == 2 and "旧版本" in done.stderr
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("UPDATE huigu_meta SET value = %s WHERE key = 'format'", (str(FORMAT_VERSION + 1),))
    with pytest.raises(HuiguError, match="升级 huigu"):
        PostgresStore(fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("DROP TABLE huigu_meta")
    with pytest.raises(HuiguError, match="不完整"):
        PostgresStore(fresh_db, create=True)


# ── several writers, many readers ────────────────────────────────────────────


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    one, two = tmp_path / "一组", tmp_path / "二组"
    shutil.copytree(SAMPLES / "科技局", one / "科技局")
    shutil.copytree(SAMPLES / "2024", one / "2024")
    shutil.copytree(SAMPLES / "2023", two / "2023")
    shutil.copytree(SAMPLES / "民政局", two / "民政局")
    shutil.copy(SAMPLES / "材料汇编.txt", two)
    return one, two


INGEST = "import sys; from huigu.ingest.runner import ingest; r = ingest([sys.argv[1]], sys.argv[2], workers=1); " \
         "print(r.files_indexed, len(r.skipped))"


def test_two_ingests_of_different_folders_at_once_lose_nothing(tmp_path, pg_server):  # noqa: F811
    one, two = _folders(tmp_path)
    together, alone = create_database(pg_server), create_database(pg_server)
    runs = [subprocess.Popen([sys.executable, "-c", INGEST, str(folder), together], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=str(ROOT)) for folder in (one, two)]
    outs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outs
    for folder in (one, two):
        ingest([folder], alone, workers=1)
    a, b = open_store(together), open_store(alone)
    try:
        assert a.catalog() == b.catalog() and len(a.catalog()) == 11
        assert a.counts() == b.counts()
        assert sorted(p["id"] for p in a.passages()) == sorted(p["id"] for p in b.passages())
        assert a.record_count() == b.record_count()
        # the statistics agree too, so both score alike (ties may come in another order:
        # the index order is the order the two ingests' commits interleaved)
        query = N.AnyOf((N.Term("words", "科技"), N.Term("words", "养老"), N.Term("grams", "服务")))
        assert sorted((d["id"], round(s, 9)) for d, s in a.search(query, None).hits) == \
            sorted((d["id"], round(s, 9)) for d, s in b.search(query, None).hits)
    finally:
        a.close()
        b.close()


def test_incremental_rules_hold(tmp_path, fresh_db):  # noqa: F811
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES, folder)
    first = ingest([folder], fresh_db, workers=1)
    assert first.files_indexed == 12
    again = ingest([folder], fresh_db, workers=1)
    assert again.files_indexed == 0 and again.files_unchanged == 12
    old = folder / "民政局" / "上半年工作总结及下半年工作打算.txt"
    new = folder / "民政局" / "改名后的总结.txt"
    old.rename(new)
    moved = ingest([folder], fresh_db, workers=1)
    assert moved.files_indexed == 1 and [(s.split("/")[-1], o.split("/")[-1]) for s, o in moved.moved] == \
        [("改名后的总结.txt", old.name)]
    store = open_store(fresh_db)
    try:
        assert not any(s.endswith(old.name) for s in store.catalog())
        assert store.counts() == (first.documents, first.passages)
    finally:
        store.close()
    (folder / "材料汇编.txt").unlink()
    pruned = ingest([folder], fresh_db, workers=1, prune=True)
    assert [p.split("/")[-1] for p in pruned.pruned] == ["材料汇编.txt"]
    store = open_store(fresh_db)
    try:
        assert len(store.catalog()) == 11 and store.counts()[0] < first.documents
    finally:
        store.close()


def _many_files(copies: int) -> list[tuple[str, list[dict]]]:
    """The sample reports' records under ``copies`` made-up folders (a big batch)."""
    from test_store_contract import _records_of

    base = _records_of([SAMPLES / "科技局"])
    files = []
    for n in range(copies):
        for source, records in base:
            name = f"副本{n}/{source}"
            renamed = []
            for r in records:
                r = dict(r, source=name)
                if r["rtype"] == "file":
                    r["id"] = "file:" + name
                else:
                    r["doc_id"] = f"{r['doc_id']}-{n}"
                    r["id"] = f"{r['id']}-{n}"
                    data = r["data"] = dict(r["data"], id=r["id"])
                    if r["rtype"] == "passage":
                        data["doc"] = dict(data["doc"], source=name, id=r["doc_id"])
                    else:
                        data["source"] = name
                renamed.append(r)
            files.append((name, renamed))
    return files


def _whole_files(store) -> None:
    """Every file in the catalog has all its passages, and no passage lacks its file."""
    catalog = store.catalog()
    by_source = {}
    for p in store.passages():
        by_source[p["doc"]["source"]] = by_source.get(p["doc"]["source"], 0) + 1
    assert set(by_source) <= set(catalog)
    per_file = {s: n for s, n in by_source.items()}
    assert len(set(per_file.values())) <= 4  # the four sample files' passage counts, in every copy


WRITE_BIG = """
import pickle, sys
from huigu.store.postgres import PostgresStore
files = pickle.load(open(sys.argv[2], "rb"))
store = PostgresStore(sys.argv[1])
print("ready", flush=True)
with store.writer() as batch:
    for source, records in files:
        batch.replace_file(source, records)
print("committed", flush=True)
"""


def _in_transaction(url: str, timeout: float = 60) -> int:
    """Wait until some huigu session holds an open writing transaction; its backend pid."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT pid FROM pg_stat_activity WHERE application_name = 'huigu' "
                               "AND backend_xid IS NOT NULL AND datname = current_database()").fetchone()
            if row:
                return row[0]
            time.sleep(0.02)
    raise AssertionError("no writing transaction seen")


def test_kill_9_mid_batch_leaves_whole_files_and_the_next_run_completes(tmp_path, fresh_db):  # noqa: F811
    import pickle

    PostgresStore(fresh_db, create=True).close()
    files = _many_files(60)
    data = tmp_path / "files.pickle"
    data.write_bytes(pickle.dumps(files))
    writer = subprocess.Popen([sys.executable, "-c", WRITE_BIG, fresh_db, str(data)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    _in_transaction(fresh_db)
    writer.send_signal(signal.SIGKILL)
    out, _ = writer.communicate(timeout=60)
    assert "committed" not in out
    store = PostgresStore(fresh_db)
    try:
        assert store.catalog() == {} and store.counts() == (0, 0)  # nothing half there
        with store.writer() as batch:  # the next run writes it all
            for source, records in files:
                batch.replace_file(source, records)
        assert len(store.catalog()) == len(files)
        _whole_files(store)
    finally:
        store.close()


def test_a_connection_dropped_mid_batch_loses_the_batch_only(fresh_db):  # noqa: F811
    store = PostgresStore(fresh_db, create=True)
    files = _many_files(40)
    try:
        with store.writer() as batch:
            for source, records in files[:4]:
                batch.replace_file(source, records)
        before = (store.catalog(), store.counts(), store.version())
        failed = []

        def write_rest():
            try:
                with store.writer() as batch:
                    for source, records in files[4:]:
                        batch.replace_file(source, records)
            except HuiguError as err:
                failed.append(str(err))

        thread = threading.Thread(target=write_rest)
        thread.start()
        pid = _in_transaction(fresh_db)
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
        thread.join(timeout=120)
        assert len(failed) == 1 and "\n" not in failed[0] and "保持不变" in failed[0] and PASSWORD not in failed[0]
        assert (store.catalog(), store.counts(), store.version()) == before
        with store.writer() as batch:  # the same store writes again, on a new connection
            for source, records in files[4:8]:
                batch.replace_file(source, records)
        assert len(store.catalog()) == 8
        _whole_files(store)
    finally:
        store.close()


def test_a_reader_carries_on_after_the_server_restarts(sample_db, pg_server):  # noqa: F811
    url, _ = sample_db
    store = open_store(url)
    try:
        version = store.version()
        assert store.search(N.Term("words", "科技"), 3).hits
        pg_server.restart()
        assert store.version() == version
        assert store.counts() == (13, 238)
    finally:
        store.close()


def test_version_moves_with_every_commit_and_differs_between_databases(tmp_path, pg_server):  # noqa: F811
    files = _many_files(1)
    urls = [create_database(pg_server), create_database(pg_server)]
    stores = [PostgresStore(u, create=True) for u in urls]
    try:
        assert stores[0].version() != stores[1].version()  # two empty knowledge bases, two versions
        seen = {stores[0].version()}
        for source, records in files:
            with stores[0].writer() as batch:
                batch.replace_file(source, records)
            seen.add(stores[0].version())
        with stores[0].writer():
            pass  # nothing written: nothing changed
        assert len(seen) == len(files) + 1 and stores[0].version() in seen
        other = PostgresStore(urls[0])
        try:
            assert other.version() == stores[0].version()
        finally:
            other.close()
    finally:
        for s in stores:
            s.close()
