"""The postings arrays and the engine that scores over them: they must answer exactly
as whoosh does, stay in step with the index's segments, and give way to whoosh when
they are missing."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from huigu.ingest.runner import ingest
from huigu.search import Filters, search
from huigu.search.plan import REPORTS_ONLY, filter_query, plan_query
from huigu.search.vocabulary import Vocabulary
from huigu.store import query as N
from huigu.store import matches
from huigu.store.whoosh import backend, postings
from huigu.store.whoosh.backend import WhooshStore
from huigu.store.whoosh.translate import to_whoosh

from conftest import SAMPLES, need_shared

QUERIES = ["科技特派员", "特派员", "健身步道", "新增就业", "高新技术企业 -2022", '"星创天地"', "科技 OR 民政",
           "养老服务 补贴", "2024年工作思路", "民政局 低保"]
RESTRICTIONS = [Filters(), Filters(year=(2023, 2024)), Filters(kind="plan"), Filters(department="民政局"),
                Filters(year=(2022, 2022), kind="review")]


def _both(store, query, limit):
    """(engine answer, whoosh answer) as [(id, score)] lists and totals.  whoosh's answer
    is every match, best first, cut at ``limit``: with a limit, whoosh's collector can
    drop a document that belongs at the top (seen here with a filter inside an And, even
    without its block-skipping optimisation); the engine is exact."""
    searcher = store._current()
    assert store._engine is not None
    fast = store.search(query, limit)
    every = searcher.search(to_whoosh(query), limit=None, optimize=False)
    slow = [(r["id"], r.score) for r in every][:limit]
    return ([(d["id"], s) for d, s in fast.hits], fast.total), (slow, every.scored_length())


def _same(fast, slow):
    """The same documents in the same order with the same scores; documents whose scores
    differ only by float rounding (sums taken in another order) may swap places."""
    assert len(fast) == len(slow)
    for (_, a), (_, b) in zip(fast, slow):
        assert a == pytest.approx(b, rel=1e-6, abs=1e-9)

    def tie_groups(pairs):
        groups, last = [], None
        for doc, score in pairs:
            if last is None or abs(score - last) > 1e-6 * max(1.0, abs(score)):
                groups.append(set())
            groups[-1].add(doc)
            last = score
        return groups

    fast_groups, slow_groups = tie_groups(fast), tie_groups(slow)
    assert len(fast_groups) == len(slow_groups)
    # the last group may be cut by the limit at a different member
    assert fast_groups[:-1] == slow_groups[:-1]


def test_engine_ranks_exactly_as_whoosh(sample_index):
    store = WhooshStore(sample_index)
    vocab = Vocabulary(store)
    compared = 0
    for text in QUERIES:
        for thorough in (False, True):
            plan = plan_query(text, vocab, thorough)
            for filters in RESTRICTIONS:
                restrict = filter_query(filters)
                for base in (plan.required, plan.any_of):
                    if base is None:
                        continue
                    for extra in (None, REPORTS_ONLY):
                        limit_to = restrict if extra is None else (extra if restrict is None else
                                                                    N.AllOf((restrict, extra)))
                        query = N.within(N.without(base, plan.excluded), limit_to)
                        (fast, fast_total), (slow, slow_total) = _both(store, query, 30)
                        _same(fast, slow)
                        assert fast_total == slow_total
                        compared += 1
    assert compared > 300


def test_every_match_and_filters_alone(sample_index):
    store = WhooshStore(sample_index)
    for filters in RESTRICTIONS[1:]:
        query = N.within(N.PASSAGES, filter_query(filters))
        (fast, total), (slow, slow_total) = _both(store, query, None)
        assert [i for i, _ in fast] == [i for i, _ in slow]
        assert total == slow_total == len(fast) > 0


def test_search_results_do_not_depend_on_the_engine(sample_index):
    store = WhooshStore(sample_index)
    fast = search(store, "科技特派员", Filters(year=(2023, 2024)), with_facets=True)
    store._current()
    store._engine = None  # whoosh answers (through translate) until the index changes
    slow = search(store, "科技特派员", Filters(year=(2023, 2024)), with_facets=True)
    assert [h.id for h in fast.hits] == [h.id for h in slow.hits]
    assert fast.facets == slow.facets
    assert fast.hits and all("科技特派员" in h.data["text"] or "科技特派员" in "".join(h.data.get("section_titles", []))
                             for h in fast.hits)


def _segment_ids(path: Path) -> set[str]:
    ix = backend.open_index(path)
    with ix.searcher() as searcher:
        return {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()}


def _array_dirs(path: Path) -> set[str]:
    root = postings.arrays_root(path)
    return {p.name for p in root.iterdir()} if root.is_dir() else set()


def test_arrays_follow_segments_through_small_ingests_and_merges(tmp_path):
    index = tmp_path / "index"
    files = sorted(p for p in SAMPLES.rglob("*.txt"))
    assert len(files) >= 4
    for number, source in enumerate(files[:4]):
        folder = tmp_path / f"batch{number}"
        folder.mkdir()
        shutil.copy(source, folder / source.name)
        ingest([folder], index, workers=1)
        # every segment has its arrays, and no arrays outlive their segment
        assert _array_dirs(index) == _segment_ids(index)
    # four one-file ingests: small segments were merged instead of piling up
    assert len(_segment_ids(index)) <= backend.SMALL_SEGMENTS_KEPT + 1
    store = WhooshStore(index)
    store._current()
    assert store._engine is not None
    found = search(store, "工作")
    assert found.hits


def test_replaced_file_is_not_found_through_old_arrays(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    report = folder / "2023年工作总结.txt"
    report.write_text("某市科学技术局2023年工作总结\n一、主要成效\n全年建成星创天地12家，新增科技特派员40名。\n",
                      encoding="utf-8")
    other = folder / "2022年工作总结.txt"
    other.write_text("某市科学技术局2022年工作总结\n一、主要成效\n全年新增科技特派员30名。\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    report.write_text("某市科学技术局2023年工作总结\n一、主要成效\n全年建成众创空间5家。\n", encoding="utf-8")
    ingest([folder], index, workers=1)
    ix = WhooshStore(index)
    ix._current()
    assert ix._engine is not None
    assert search(ix, "星创天地").hits == []
    texts = [h.data["text"] for h in search(ix, "科技特派员").hits]
    assert texts == ["全年新增科技特派员30名。"]
    assert [h.data["text"] for h in search(ix, "众创空间").hits] == ["全年建成众创空间5家。"]


def test_missing_arrays_fall_back_to_whoosh(tmp_path):
    index = tmp_path / "index"
    ingest([SAMPLES], index, workers=1)
    ix = WhooshStore(index)
    before = [h.id for h in search(ix, "健身步道").hits]
    ix.close()
    for folder in postings.arrays_root(index).iterdir():
        shutil.rmtree(folder)
    ix = WhooshStore(index)
    ix._current()
    assert ix._engine is None
    assert [h.id for h in search(ix, "健身步道").hits] == before
    assert before


def test_writer_postings_equal_whooshs_own_writer(tmp_path):
    """The in-memory postings pool writes the same segment whoosh's pool does."""
    from huigu.ingest.pipeline import file_hash
    from huigu.ingest.process import safe_process

    records = []
    for path in sorted(SAMPLES.rglob("*.txt"))[:3]:
        result = safe_process(path, "reports/" + path.name, file_hash(path), None, {})
        records.extend(result.records)
    ours = backend.open_index(tmp_path / "ours", create=True)
    with backend.open_writer(ours) as writer:
        backend.add_records(writer, records)
    plain = backend.open_index(tmp_path / "plain", create=True)
    writer = plain.writer()
    backend.add_records(writer, records)
    writer.commit()
    with ours.searcher() as a, plain.searcher() as b:
        ra, rb = a.reader(), b.reader()
        for fieldname in ("words", "grams", "dept", "kind", "year", "topics"):
            terms = list(ra.lexicon(fieldname))
            assert terms == list(rb.lexicon(fieldname)) and terms
            for term in terms[:300]:
                pa = ra.postings(fieldname, term)
                pb = rb.postings(fieldname, term)
                assert list(pa.items_as("weight")) == list(pb.items_as("weight"))
        assert ra.field_length("words") == rb.field_length("words")


def test_set_operations():
    a = matches.Matches(np.array([1, 3, 5, 7], dtype=np.int64), np.array([1.0, 1.0, 1.0, 1.0]))
    b = matches.Matches(np.array([3, 4, 7, 9], dtype=np.int64), np.array([2.0, 2.0, 2.0, 2.0]))
    both = matches._intersect(a, b)
    assert both.ids.tolist() == [3, 7] and both.scores.tolist() == [3.0, 3.0]
    either = matches.union([a, b])
    assert either.ids.tolist() == [1, 3, 4, 5, 7, 9]
    assert either.scores.tolist() == [1.0, 3.0, 2.0, 1.0, 3.0, 2.0]
    # many overlapping parts: the same as counting into a document-sized array
    big = [matches.Matches(np.arange(0, 1000, step, dtype=np.int64), np.full(len(range(0, 1000, step)), 0.5))
           for step in (2, 3, 5)]
    dense = matches.union(big)
    sparse_ids, inverse = np.unique(np.concatenate([m.ids for m in big]), return_inverse=True)
    assert dense.ids.tolist() == sparse_ids.tolist()
    assert dense.scores.tolist() == np.bincount(inverse, weights=np.full(len(inverse), 0.5)).tolist()
    assert matches.without(a, b.ids).ids.tolist() == [1, 5]


def test_corpus_index_has_arrays_for_every_segment(corpus_index):
    path, _ = corpus_index
    need_shared("corpus")
    assert _array_dirs(path) == _segment_ids(path)
    store = WhooshStore(path)
    vocab = Vocabulary(store)
    for text in ["城镇新增就业", "一带一路", "棚户区改造 海拉尔区", "科技特派员"]:
        plan = plan_query(text, vocab, True)
        for restrict in (None, filter_query(Filters(year=(2015, 2019))), REPORTS_ONLY):
            (fast, _), (slow, _) = _both(store, N.within(plan.required, restrict), 120)
            _same(fast, slow)


def test_text_jieba_cut_across_words_is_found(tmp_path):
    """Any run of two or more Chinese characters of a passage is found, however jieba cut
    it there: 一网通|办 holds 通办, 营造|林 holds 造林, 科技特派员 holds 特派员."""
    from huigu.ingest.tokenize import words

    text = "推进政务服务一网通办，全年营造林3万亩，选派科技特派员40名。"
    cut = words(text)
    assert "通办" not in cut and "造林" not in cut and "特派员" not in cut  # the premise of the test
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2023年工作总结.txt").write_text("某县2023年工作总结\n一、主要成效\n" + text + "\n", encoding="utf-8")
    (folder / "2022年工作总结.txt").write_text("某县2022年工作总结\n一、主要成效\n全年植树造林2万亩，办理政务服务事项。\n",
                                           encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    ix = WhooshStore(index)
    for query in ("通办", "造林", "特派员", "一网通办", "营造林", "政务服务一网通办"):
        texts = [h.data["text"] for h in search(ix, query).hits]
        assert texts and query in texts[0], (query, texts)
    assert [h.data["text"] for h in search(ix, "通办").hits] == [text]
    assert len(search(ix, "造林").hits) == 2
