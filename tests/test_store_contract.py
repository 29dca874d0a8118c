"""What every store must do, run on each backend: the embedded whoosh index and
PostgreSQL (a real server, see ``pg_server``).

Both are written with the same records (the real pipeline over real reports) and must
give the same answers: the same matching passages with the same scores in the same
order for every kind of query tree, the same filters, a file replaced whole, a version
that moves with the content, a reader during a write that sees before or after — and,
on the labelled queries, the same relevance figures through the real search.
"""
from __future__ import annotations

import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, need_shared
from pg_server import create_database, pg_server  # noqa: F401 (fixture)
from pg_server import server_or_skip as start_pg
from huigu.errors import HuiguError
from huigu.store import query as N

BACKENDS = ["whoosh", "postgres"]


def _process(job):
    from huigu.ingest.pipeline import file_hash
    from huigu.ingest.process import safe_process

    path, source = job
    result = safe_process(Path(path), source, file_hash(Path(path)), None, {})
    return (result.source, result.records) if result.error is None else None


def _records_of(roots: list[Path]) -> list[tuple[str, list[dict]]]:
    """(source, records) of every file under ``roots``, as the ingest pipeline makes them
    (in two processes when there are many files, as ``huigu ingest`` would)."""
    import multiprocessing

    from huigu.ingest.runner import IngestReport, find_files

    jobs = [(str(found.path), found.source) for found in find_files(roots, IngestReport())]
    if len(jobs) < 40:
        done = [_process(job) for job in jobs]
    else:
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            done = pool.map(_process, jobs, chunksize=4)
    return [d for d in done if d is not None]


@pytest.fixture(scope="session")
def sample_records():
    """(source, records) of every bundled sample report, as the pipeline makes them."""
    return _records_of([SAMPLES])


class Stores:
    """Makes empty stores of one backend; closes them at the end."""

    def __init__(self, backend: str, folder: Path):
        self.backend = backend
        self.folder = folder
        self.made = []

    def new(self):
        if self.backend == "whoosh":
            from huigu.store.whoosh.backend import WhooshStore

            store = WhooshStore(self.folder / f"index{len(self.made)}", create=True)
        else:
            from huigu.store.postgres import PostgresStore

            store = PostgresStore(create_database(start_pg()), create=True)
        self.made.append(store)
        return store

    def again(self, store):
        """A second store object on the same knowledge base (another reader)."""
        if self.backend == "whoosh":
            from huigu.store.whoosh.backend import WhooshStore

            other = WhooshStore(store.path)
        else:
            from huigu.store.postgres import PostgresStore

            other = PostgresStore(store._url)
        self.made.append(other)
        return other

    def close(self):
        for store in self.made:
            store.close()


@pytest.fixture(params=BACKENDS)
def stores(request, tmp_path):
    made = Stores(request.param, tmp_path)
    yield made
    made.close()


def write(store, files) -> None:
    with store.writer() as batch:
        for source, records in files:
            batch.replace_file(source, records)


def passages_in(files) -> list[dict]:
    return [r for _, records in files for r in records if r["rtype"] == "passage"]


# ── reading back what was written ────────────────────────────────────────────


def test_reads_back_what_was_written(stores, sample_records):
    store = stores.new()
    write(store, sample_records)
    docs = [r for _, records in sample_records for r in records if r["rtype"] == "document"]
    passages = passages_in(sample_records)
    assert store.counts() == (len(docs), len(passages))
    assert store.record_count() == sum(len(records) for _, records in sample_records)
    assert store.catalog() == {source: records[-1]["file_hash"] for source, records in sample_records}
    assert [d["id"] for d in store.documents()] == [d["data"]["id"] for d in sorted(
        docs, key=lambda r: (r["data"]["source"], r["data"]["part"]))]
    one = passages[7]
    assert store.passage(one["id"]) == one["data"]
    assert store.passage(one["doc_id"]) is None  # a document id is not a passage
    assert store.document(one["doc_id"])["id"] == one["doc_id"]
    assert store.passage("没有这一段") is None and store.document("没有这篇") is None
    ids = [p["id"] for p in store.passages_of(one["doc_id"])]
    assert ids == [r["id"] for r in sorted((r for r in passages if r["doc_id"] == one["doc_id"]),
                                           key=lambda r: r["data"]["seq"])]
    assert len(store.passages()) == len(passages)
    source, records = sample_records[0]
    assert store.file_entry(source) == records[-1]["data"]  # what huigu open reads the path from
    assert store.file_entry("没有这个文件") is None


def test_filters_match_the_records(stores, sample_records):
    store = stores.new()
    write(store, sample_records)
    passages = passages_in(sample_records)
    kinds = Counter(r["kind"] for r in passages if r.get("kind"))
    for kind, count in kinds.items():
        assert store.passage_ids(N.Term("kind", kind)) == {r["id"] for r in passages if r.get("kind") == kind}
        assert len(store.passages(N.Term("kind", kind))) == count
    dept = Counter(d for r in passages for d in r["dept"].split(",") if d).most_common(1)[0][0]
    assert store.passage_ids(N.Term("dept", dept)) == {r["id"] for r in passages if dept in r["dept"].split(",")}
    years = sorted({r["year"] for r in passages if r.get("year")})
    first, last = years[0], years[len(years) // 2]
    assert store.passage_ids(N.YearRange("year", first, last)) == {
        r["id"] for r in passages if r.get("year") and first <= r["year"] <= last}
    assert store.passage_ids(N.YearRange("year", last, None)) == {
        r["id"] for r in passages if r.get("year") and r["year"] >= last}
    topic = Counter(t for r in passages for t in r["topics"].split(",") if t).most_common(1)[0][0]
    assert store.passage_ids(N.Term("topics", topic)) == {r["id"] for r in passages if topic in r["topics"].split(",")}
    # a filter counts in document frequencies as the records hold it
    assert store.doc_frequency("dept", dept) == sum(
        1 for _, records in sample_records for r in records if dept in (r.get("dept") or "").split(","))
    assert store.doc_frequency("words", "没有这个词的词") == 0


# ── one file replaced whole, versions, readers during a write ─────────────────


def test_a_file_is_replaced_whole_and_the_version_moves(stores, sample_records):
    store = stores.new()
    write(store, sample_records)
    before = store.version()
    source, records = sample_records[0]
    old_ids = {r["id"] for r in records if r["rtype"] == "passage"}
    kept = [r for r in records if r["rtype"] != "passage"] + [r for r in records if r["rtype"] == "passage"][:2]
    write(store, [(source, kept)])
    assert store.version() != before
    ids_now = {p["id"] for p in store.passages() if p["doc"]["source"] == source}
    assert ids_now == {r["id"] for r in kept if r["rtype"] == "passage"} and ids_now < old_ids
    docs, passages = store.counts()
    assert passages == len(passages_in(sample_records)) - len(old_ids) + 2

    version = store.version()
    with pytest.raises(RuntimeError):
        with store.writer() as batch:
            batch.delete_file(source)
            raise RuntimeError("半途出错")
    assert store.version() == version and source in store.catalog()  # nothing of it was written

    with store.writer() as batch:
        batch.delete_file(source)
    assert source not in store.catalog() and store.version() != version
    assert not any(p["doc"]["source"] == source for p in store.passages())
    assert all(store.passage(i) is None for i in old_ids)


def test_a_reader_during_a_write_sees_before_or_after(stores, sample_records):
    store = stores.new()
    first, rest = sample_records[:2], sample_records[2:]
    write(store, first)
    reader = stores.again(store)

    def look():  # one call, one view: how many passages, from which files
        found = reader.passages()
        return len(found), frozenset(p["doc"]["source"] for p in found)

    before = look()
    after = (len(passages_in(sample_records)),
             frozenset(s for s, rs in sample_records if any(r["rtype"] == "passage" for r in rs)))
    seen = set()
    done = threading.Event()

    def read():
        while not done.is_set():
            seen.add(look())

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for _ in range(3):
            write(store, rest)  # the same files again: replaced, never half there
    finally:
        done.set()
        thread.join()
    seen.add(look())
    assert seen <= {before, after} and after in seen


# ── the same answers on both backends ────────────────────────────────────────


def _queries(files) -> list[N.Node]:
    """Query trees of every kind over the words these records really hold."""
    passages = passages_in(files)
    words = Counter(w for r in passages for w in set(r["words"].split()) if len(w) >= 2)
    grams = Counter(g for r in passages for g in set(r["grams"].split()))
    common = [w for w, _ in words.most_common(12)]
    rare = [w for w, n in words.most_common() if n == 2][:4]
    gram = [g for g, _ in grams.most_common(4)]
    dept = Counter(d for r in passages for d in r["dept"].split(",") if d).most_common(1)[0][0]
    years = sorted({r["year"] for r in passages if r.get("year")})
    plan = N.Term("kind", "plan")
    return [
        N.Term("words", common[0]),
        N.Term("words", rare[0], boost=2.0),
        N.Term("grams", gram[0]),
        N.AllOf((N.Term("words", common[1]), N.Term("words", common[2]))),
        N.AnyOf((N.Term("words", common[3]), N.Term("grams", gram[1]), N.Term("words", rare[1])), boost=0.5),
        N.AnyOf((N.AllOf((N.Term("words", common[4]), N.Term("words", common[5])), boost=1.5),
                 N.Term("words", rare[2]))),
        N.AllOf((N.Term("words", common[6]),)),  # a one-part group is its part (boost dropped)
        N.AnyOf((N.Term("words", common[7]),), boost=3.0),
        N.Without(N.Term("words", common[0]), N.Term("words", common[1])),
        N.Without(N.AnyOf((N.Term("words", common[8]), N.Term("words", common[9]))), plan),
        N.Within(N.Term("words", common[10]), plan),
        N.Within(N.AnyOf((N.Term("words", common[11]), N.Term("grams", gram[2]))),
                 N.AllOf((N.Term("dept", dept), N.YearRange("year", years[0], years[-1])))),
        N.Within(N.Term("words", common[2]), N.YearRange("year", years[-1], None)),
        N.YearRange("year", years[0], years[0]),
        N.AllOf((N.PASSAGES, N.Term("dept", dept))),
        N.Term("words", "知识库里没有的词"),
        N.AllOf((N.Term("words", common[0]), N.Term("words", "知识库里没有的词"))),
    ]


def _answers(store, queries, limit):
    out = []
    for q in queries:
        found = store.search(q, limit)
        out.append((found.total, [(d.get("id") or d.get("source"), round(s, 9)) for d, s in found.hits]))
    return out


@pytest.mark.parametrize("limit", [None, 5])
def test_both_backends_rank_alike(tmp_path, sample_records, pg_server, limit):  # noqa: F811
    made = [Stores(b, tmp_path) for b in BACKENDS]
    try:
        whoosh, postgres = (m.new() for m in made)
        for store in (whoosh, postgres):
            write(store, sample_records)
        queries = _queries(sample_records)
        expected = _answers(whoosh, queries, limit)
        assert any(len(hits) >= 5 and len({s for _, s in hits}) > 3 for _, hits in expected)  # real rankings
        assert _answers(postgres, queries, limit) == expected
        assert postgres.record_count() == whoosh.record_count()
        for q in N.terms_of(N.AnyOf(tuple(queries))):
            assert postgres.doc_frequency(q.field, q.text) == whoosh.doc_frequency(q.field, q.text), q
        for prefix in ("科", "养老", "服务", "没有", ""):
            for field in ("words", "grams"):
                assert postgres.terms_with_prefix(field, prefix, 50) == whoosh.terms_with_prefix(field, prefix, 50)
        assert len(whoosh.terms_with_prefix("words", "科", None)) > 5
    finally:
        for m in made:
            m.close()


def test_a_passage_scores_as_bm25f_says(stores, sample_records):
    """One score worked out by hand from the records: BM25F with idf = log(N/(df+1)) + 1."""
    import math

    store = stores.new()
    write(store, sample_records)
    every = [r for _, records in sample_records for r in records]
    word = Counter(w for r in passages_in(sample_records) for w in set(r["words"].split())
                   if len(w) >= 2).most_common(3)[2][0]
    holders = [r for r in every if word in (r.get("words") or "").split()]
    n = len(every)
    avgfl = sum(len((r.get("words") or "").split()) for r in every) / n
    best = store.search(N.Term("words", word), 1).hits[0]
    record = next(r for r in holders if r["id"] == best[0]["id"])
    tokens = record["words"].split()
    tf, dl = tokens.count(word), len(tokens)
    scale = [int(round((1.033 ** i - 1) * 27)) for i in range(256)]
    dl = next(v for v in scale if v >= dl)  # the stored length: a byte of a logarithmic scale, rounded up
    idf = math.log(n / (len(holders) + 1)) + 1
    want = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / avgfl))
    assert best[1] == pytest.approx(want, rel=1e-6)
    assert store.search(N.Term("words", word), None).total == len(holders)


# ── relevance through the real search ────────────────────────────────────────


@pytest.fixture(scope="session")
def corpus_records():
    return _records_of([need_shared("seeds"), need_shared("corpus")])


def test_relevance_is_the_same_on_both_backends(tmp_path, corpus_records, pg_server):  # noqa: F811
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import relevance
    finally:
        sys.path.pop(0)
    cases = []
    for path in (need_shared("eval", "dev-search.jsonl"), ROOT / "tests" / "data" / "search_cases.jsonl"):
        cases.extend(relevance.load_qrels(path))
    made = [Stores(b, tmp_path) for b in BACKENDS]
    try:
        summaries = []
        for m in made:
            store = m.new()
            write(store, corpus_records)
            summaries.append(relevance.summarize(relevance.evaluate(store, cases))["all"])
        whoosh, postgres = summaries
        assert whoosh["queries"] == postgres["queries"] == len(cases)
        assert whoosh["success@10"] > 0.5  # a real ranking, not two empty ones
        for measure in ("success@10", "mrr@10", "recall@10"):
            assert abs(postgres[measure] - whoosh[measure]) <= 0.01, (measure, whoosh, postgres)
    finally:
        for m in made:
            m.close()


def test_a_store_that_cannot_be_opened_is_one_line(stores, tmp_path):
    if stores.backend == "whoosh":
        from huigu.store.whoosh.backend import WhooshStore

        with pytest.raises(HuiguError) as err:
            WhooshStore(tmp_path / "没有", create=False)
    else:
        from huigu.store.postgres import PostgresStore

        with pytest.raises(HuiguError) as err:
            PostgresStore(create_database(start_pg()), create=False)
    assert "\n" not in str(err.value) and "huigu ingest" in str(err.value)
