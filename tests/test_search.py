"""huigu search: ranked passages, citations that point at their text, filters, syntax, formats."""
import csv
import io
import json

import pytest

from conftest import SAMPLES, SHARED
from huigu import store
from huigu.cli import cli
from huigu.text.normalize import normalize_line, squash
from huigu.search import Filters, search
from huigu.ingest.read import read_file


def run(runner, index, *args):
    return runner.invoke(cli, ["search", *args, "--index", str(index)])


def results(runner, index, *args):
    result = run(runner, index, *args, "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def assert_cited_text_is_at_its_place(hit, roots):
    """The cited lines (or paragraphs) of the source hold the passage."""
    source = hit["citation"]["source"]
    relative = source.split("/", 1)[1]
    path = next(root / relative for root in roots if (root / relative).exists())
    lines = read_file(path).lines
    cited = "".join(normalize_line(l) for l in lines[hit["citation"]["line_start"] - 1:hit["citation"]["line_end"]])
    assert squash(normalize_line(hit["text"])) in squash(cited), (source, hit["citation"])


def test_keyword_search_returns_passages_with_checkable_citations(runner, sample_index):
    payload = results(runner, sample_index, "科技特派员")
    assert payload["query"] == "科技特派员"
    hits = payload["results"]
    assert len(hits) == 10 and payload["total"] >= 15
    assert [h["rank"] for h in hits] == list(range(1, 11))
    for hit in hits:
        assert "科技特派员" in hit["text"]
        assert "<b>科技特派员</b>" in hit["snippet"]
        assert hit["doc"]["department"].endswith("科学技术局")
        assert set(hit["citation"]) >= {"label", "source", "line_start", "line_end"}
        assert_cited_text_is_at_its_place(hit, [SAMPLES])
    labels = [h["citation"]["label"] for h in hits]
    assert any(l.startswith("云溪市科学技术局《云溪市科技局2023年工作总结暨2024年工作思路》（云科〔2024〕12号）") for l in labels)


def test_json_result_shape(runner, sample_index):
    hit = results(runner, sample_index, "健身步道", "--limit", "1")["results"][0]
    assert set(hit) >= {"id", "rank", "score", "text", "snippet", "section", "kind", "topics", "doc", "citation"}
    assert set(hit["doc"]) == {"id", "title", "department", "year", "doc_type", "period", "source", "part"}
    assert "体育" in hit["topics"]
    assert hit["citation"]["label"].endswith("段") or "段（" in hit["citation"]["label"]


def test_kind_plan_returns_the_promise_not_the_result(runner, sample_index):
    hits = results(runner, sample_index, "健身步道", "--kind", "plan")["results"]
    assert hits and all(h["kind"] == "plan" for h in hits)
    assert any("建成8公里健身步道、2个百姓健身房" in squash(h["text"]) for h in hits)
    reviews = results(runner, sample_index, "健身步道", "--kind", "review")["results"]
    assert reviews and all(h["kind"] == "review" for h in reviews)


def test_year_department_and_type_filters(runner, sample_index):
    hits = results(runner, sample_index, "科技特派员", "--year", "2023-2024", "--department", "科学技术局")["results"]
    assert hits and all(2023 <= h["doc"]["year"] <= 2024 for h in hits)
    assert all(h["doc"]["department"].endswith("科学技术局") for h in hits)
    half = results(runner, sample_index, "科技特派员", "--period", "上半年")["results"]
    assert half and all(h["doc"]["period"] == "上半年" for h in half)
    typed = results(runner, sample_index, "意识形态", "--type", "意识形态工作报告")["results"]
    assert typed and all(h["doc"]["doc_type"] == "意识形态工作报告" for h in typed)
    in_query = results(runner, sample_index, "科技特派员 year:2022")["results"]
    assert in_query and {h["doc"]["year"] for h in in_query} == {2022}


def test_department_aliases(sample_index):
    ix = store.open_store(sample_index)
    for name in ["科技局", "科学技术局", "云溪市科技局", "云溪市科学技术局"]:
        hits = search(ix, "科技特派员", Filters(department=name)).hits
        assert hits and all(h.data["doc"]["department"].endswith("科学技术局") for h in hits), name
    assert search(ix, "学位", Filters(department="教育体育局")).hits
    assert not search(ix, "科技特派员", Filters(department="民政局")).hits


def test_abbreviation_finds_the_full_name(sample_index):
    ix = store.open_store(sample_index)
    texts = [h.data["text"] for h in search(ix, "高企", limit=20).hits]
    assert any("高新技术企业" in t and "高企" not in t for t in texts)
    assert any("高企" in t for t in texts)


def test_phrase_or_not(sample_index):
    ix = store.open_store(sample_index)
    phrase = search(ix, '"科技成果转化若干措施"', limit=50).hits
    assert phrase and all("科技成果转化若干措施" in squash(h.data["text"]) for h in phrase)
    either = search(ix, "健身步道 OR 养老服务", limit=50).hits
    texts = [h.data["text"] for h in either]
    assert any("健身步道" in t for t in texts) and any("养老服务" in t for t in texts)
    without = search(ix, "科技特派员 -考核", limit=50).hits
    assert without and all("考核" not in h.data["text"] for h in without)
    assert len(without) < len(search(ix, "科技特派员", limit=50).hits)


def test_word_split_by_a_page_break_is_found_by_its_normal_form(sample_index):
    ix = store.open_store(sample_index)
    hits = search(ix, '"推动科技成果转化"', limit=50).hits
    split = [h for h in hits if h.data["doc"]["source"].endswith("通知.txt") and h.data["line_end"] > h.data["line_start"]]
    assert split, [h.data["label"] for h in hits]


def test_spaced_numbers_are_found_by_their_normal_form(sample_index):
    ix = store.open_store(sample_index)
    hits = search(ix, '"选派科技特派员53名"').hits
    assert hits and hits[0].data["doc"]["source"].endswith("2023年上半年工作总结.txt")


@pytest.mark.parametrize("query,message", [
    ("(科技", "括号不成对"),
    ('"科技', "引号不成对"),
    ("OR", "缺少词语"),
    ("科技 OR", "缺少词语"),
    ("NOT", "缺少要排除的词"),
    ("foo:bar", "未知的字段“foo”"),
    ("year:二〇二三", "年份“二〇二三”看不懂"),
    ("kind:maybe", "kind 只能是"),
    ("科技)", "右括号多余"),
])
def test_malformed_queries_get_one_line_and_status_2(runner, sample_index, query, message):
    result = run(runner, sample_index, query)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("错误：") and message in line
    assert "Traceback" not in result.output


def test_exit_status_1_when_nothing_found(runner, sample_index):
    result = run(runner, sample_index, "量子纠缠通信卫星", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["results"] == []


def test_bad_year_option_is_a_usage_error(runner, sample_index):
    result = run(runner, sample_index, "科技", "--year", "去年")
    assert result.exit_code == 2 and "年份“去年”看不懂" in result.stderr


def test_markdown_and_csv_formats(runner, sample_index):
    md = run(runner, sample_index, "星创天地", "--format", "md")
    assert md.exit_code == 0
    assert md.stdout.startswith("## 检索：星创天地")
    assert "> " in md.stdout and "—— 云溪市科学技术局《" in md.stdout
    table = run(runner, sample_index, "星创天地", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.stdout.removeprefix("\ufeff"))))
    assert rows and all("星创天地" in r["text"] for r in rows)
    assert rows[0]["rank"] == "1" and rows[0]["citation"].startswith("云溪市科学技术局《")


def test_table_has_no_colour_when_not_a_terminal(runner, sample_index):
    result = run(runner, sample_index, "星创天地", "--format", "table")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout and "【星创天地】" in result.stdout
    assert result.stdout.startswith("共找到 ")


def test_facets(runner, sample_index):
    payload = results(runner, sample_index, "科技特派员", "--facets")
    facets = payload["facets"]
    assert set(facets) == {"year", "department", "topic"}
    assert sum(facets["year"].values()) == payload["total"]
    assert "科技创新" in facets["topic"]


def test_stats(runner, sample_index):
    result = runner.invoke(cli, ["stats", "--index", str(sample_index), "--format", "json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["documents"] == 13
    assert sum(r["documents"] for r in summary["by_year_department"]) == 13
    assert summary["passages"] == sum(r["passages"] for r in summary["by_year_department"])
    assert summary["by_topic"]["科技创新"] > 0


# ── on the real corpus ──────────────────────────────────────────────────────


def test_natural_language_question_finds_the_target(corpus_index):
    path, _ = corpus_index
    ix = store.open_store(path)
    top = search(ix, "2019年城镇新增就业目标是多少", limit=3).hits
    assert any("城镇新增就业1100万人以上" in squash(h.data["text"]) for h in top)


@pytest.mark.parametrize("query,phrases", [
    ('"“十五”期间年均经济增长"', ["“十五”期间年均经济增长"]),  # pasted with its Chinese quotes, in straight ones
    ("“十五”期间年均经济增长", ["十五"]),  # Chinese quotes alone mark the phrase, as before
])
def test_chinese_quotes_inside_straight_ones_are_part_of_the_phrase(corpus_index, query, phrases):
    from huigu.search.syntax import Word, parse

    tree = parse(query).tree
    words = tree.children if hasattr(tree, "children") else [tree]
    assert [w.text for w in words if isinstance(w, Word) and w.phrase] == phrases
    top = search(store.open_store(corpus_index[0]), query, limit=3).hits
    found = [h for h in top if "“十五”期间年均经济增长速度预期目标为7" in h.data["text"]]
    assert found and found[0].data["doc"]["year"] == 2001
    if phrases[0].startswith("“"):  # the exact phrase: the 2001 passage is the answer, not one of them
        assert top[0] is found[0]


def test_same_report_from_two_sources_is_grouped(corpus_index):
    path, _ = corpus_index
    ix = store.open_store(path)
    [hit] = search(ix, '"互联网+"行动计划', Filters(year=(2015, 2015)), limit=1).hits
    sources = {hit.data["doc"]["source"]} | {other["doc"]["source"] for other in hit.also}
    assert any("state-council-wikisource" in s for s in sources) and any("/state-council/" in s for s in sources)


def test_every_cited_result_points_at_its_text_on_the_corpus(runner, corpus_index):
    path, _ = corpus_index
    for query in ["海赤乔", "粮食总产量", "科技特派员", "棚户区改造", "上海世博会"]:
        for hit in results(runner, path, query, "--limit", "20")["results"]:
            if hit["citation"]["source"].endswith(".txt"):
                assert_cited_text_is_at_its_place(hit, [SHARED / "corpus", SHARED / "seeds", SHARED])


def test_user_synonyms_extend_the_table(tmp_path, sample_index, monkeypatch):
    from huigu.lexicon import tables as vocab
    extra = tmp_path / "synonyms.toml"
    extra.write_text('groups = [["科普活动周", "科技活动周"]]\n', encoding="utf-8")
    monkeypatch.setenv("HUIGU_SYNONYMS", str(extra))
    vocab.synonym_groups.cache_clear()
    vocab.synonyms_of.cache_clear()
    try:
        ix = store.open_store(sample_index)
        hits = search(ix, "科普活动周").hits
        assert hits and all("科技活动周" in h.data["text"] for h in hits)
        # a quoted phrase is taken as written: no synonyms inside quotes
        assert not search(ix, '"科普活动周"').hits
    finally:
        monkeypatch.delenv("HUIGU_SYNONYMS")
        vocab.synonym_groups.cache_clear()
        vocab.synonyms_of.cache_clear()


@pytest.mark.parametrize("query", ["上海世博会", "三峡工程什么时候截流", "云南选派了多少科技特派员", "国企改革", "港珠澳大桥",
                                   "河长制", "双创"])
def test_page_two_ranks_as_page_one_did(corpus_index, query):
    """The web page asks for 20 results to show 11–20: the first ten must be page 1's, so
    no result shows on both pages (the thorough re-plan once started at a bar that grew
    with the number of results asked for)."""
    ix = store.open_store(corpus_index[0])
    first = [h.id for h in search(ix, query, limit=10).hits]
    both = [h.id for h in search(ix, query, limit=20).hits]
    assert both[:10] == first
    assert not set(both[10:]) & set(first)
