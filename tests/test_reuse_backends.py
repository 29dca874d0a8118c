"""similar, overlap and phrases read a knowledge base only through the Store protocol:
the sample reports in the embedded whoosh folder and in a real PostgreSQL database give
the same matches, the same repeated runs and the same set phrases.  (The PostgreSQL
store offers no cache folder: its n-gram index lives in memory only.)"""
from __future__ import annotations

import pytest

from conftest import SAMPLES
from pg_server import create_database, pg_server  # noqa: F401 (fixture)
from huigu.ingest.runner import ingest
from huigu.reuse.index import cache_path, reuse_index
from huigu.reuse.overlap import overlap
from huigu.reuse.phrases import phrases
from huigu.reuse.similar import similar
from huigu.search.filters import Filters
from huigu.store import open_store

LIGHT_COPY = ("深入推行科技特派员制度，全年选派科技特派员60名，围绕茶叶、黄精、食用菌等特色产业"
              "组建科技特派员服务团9个，实现全市9个乡镇全覆盖。科技特派员开展技术培训105场次，培训农民4300余人次。")
DRAFT = [
    "云溪市科学技术局2025年上半年工作总结",
    "（一）深化科技特派员制度。上半年选派科技特派员58名，围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团10个，"
    "开展技术培训64场次，培训农民2600余人次。",
    "（二）加强机关党的建设。严格落实“三会一课”制度，坚持“第一议题”学习制度，局党组理论学习中心组开展集中学习6次。",
]


@pytest.fixture(scope="module")
def stores(pg_server, sample_index):  # noqa: F811
    url = create_database(pg_server)
    database = open_store(url, create=True)
    report = ingest([SAMPLES], database, workers=1)
    assert not report.skipped, report.skipped
    return open_store(sample_index), database


def matches(result) -> list[list[tuple[str, float, list[str]]]]:
    return [[(m.id, m.score, m.shared) for m in paragraph.matches] for paragraph in result.paragraphs]


def test_similar_finds_the_same_passages_in_both_stores(stores, tmp_path):
    draft = tmp_path / "草稿.txt"
    draft.write_text("\n".join(DRAFT) + "\n", encoding="utf-8")
    typed = [matches(similar(store, text=LIGHT_COPY, limit=3)) for store in stores]
    assert typed[0] == typed[1] and typed[0][0]
    drafted = [matches(similar(store, file=str(draft), limit=2)) for store in stores]
    assert drafted[0] == drafted[1] and all(drafted[0])
    chosen = [matches(similar(store, text=LIGHT_COPY, filters=Filters(year=(2024, 2024)), limit=3)) for store in stores]
    assert chosen[0] == chosen[1] and chosen[0][0] != typed[0][0]


def test_overlap_reads_the_same_in_both_stores(stores, tmp_path):
    whoosh, database = stores
    ids = {d["source"]: d["id"] for d in whoosh.documents()}
    a = ids["reports/科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt"]
    b = ids["reports/科技局/2022年工作总结暨2023年工作思路.docx"]
    draft = tmp_path / "2025年上半年工作总结（草稿）.txt"
    draft.write_text("\n".join(DRAFT) + "\n", encoding="utf-8")
    for args in ((a, b), (a, None), (str(draft), None)):
        first, second = (overlap(store, *args) for store in stores)
        assert (first.ratio, first.repeated_chars, first.b) == (second.ratio, second.repeated_chars, second.b)
        assert first.runs == second.runs and first.ratio > 0


def test_phrases_and_the_cache_follow_each_store(stores):
    reports = [phrases(store, Filters(department="科技局"), limit=5) for store in stores]
    assert [(p.phrase, p.count, p.years) for p in reports[0].phrases] == \
           [(p.phrase, p.count, p.years) for p in reports[1].phrases]
    whoosh, database = stores
    assert cache_path(whoosh) is not None and cache_path(whoosh).is_file()
    assert cache_path(database) is None  # memory only
    assert reuse_index(whoosh).ids == reuse_index(database).ids  # passage ids, not record numbers
    assert reuse_index(whoosh).version != reuse_index(database).version
