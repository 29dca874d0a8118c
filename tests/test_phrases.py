"""huigu phrases: the set phrases of a selection, counted per year, each with a citation."""
from __future__ import annotations

import json

import pytest

from huigu.cli import cli
from huigu.reuse.phrases import collect
from huigu.store import open_store


def passage(text: str, year: int, doc: str, seq: int = 0) -> dict:
    return {"id": f"{doc}.{seq}", "doc_id": doc, "text": text, "label": f"{doc} 第{seq}段", "seq": seq,
            "line_start": 1, "line_end": 1,
            "doc": {"id": doc, "year": year, "source": f"{doc}.txt", "unit": "行", "title": doc}}


REPORTS = [
    passage("我们要凝心聚力、拼搏实干，深入贯彻落实党的二十大精神，强化基层党组织建设，围绕茶叶、黄精等产业开展服务。",
            2023, "a"),
    passage("全局上下凝心聚力、拼搏实干，深入贯彻落实习近平总书记重要讲话精神，强化干部队伍建设。", 2024, "b"),
    passage("坚持凝心聚力、拼搏实干，深入贯彻落实省委全会精神，强化作风建设，围绕茶叶、黄精等产业开展服务。", 2024, "c"),
    passage("一是深入贯彻落实市委决策部署精神，二是强化法治政府建设。", 2022, "d"),
]


def by_phrase(report):
    return {ph.phrase: ph for ph in report.phrases}


def test_four_character_pairs_and_frames_with_counts_per_year():
    found = by_phrase(collect(REPORTS))
    pair = found["凝心聚力、拼搏实干"]
    assert pair.kind == "四字格对" and pair.count == 3 and pair.documents == 3
    assert pair.years == {2023: 1, 2024: 2}
    assert pair.example.passage["doc"]["year"] == 2024  # the most recent use is the example
    frame = found["深入贯彻落实…精神"]
    assert frame.kind == "句式" and frame.count == 4 and frame.years == {2022: 1, 2023: 1, 2024: 2}
    assert "深入贯彻落实党的二十大精神" in frame.variants
    assert found["强化…建设"].count == 4
    # pieces of the formula and lists of nouns are not set phrases
    assert "深入贯彻…精神" not in found and "深入贯彻落…精神" not in found
    assert "围绕茶叶" not in found


def test_the_same_report_twice_counts_once():
    twice = REPORTS + [dict(passage(REPORTS[1]["text"], 2024, "b-copy"))]
    assert by_phrase(collect(twice))["凝心聚力、拼搏实干"].count == 3


def test_word_boundaries_are_checked_when_a_vocabulary_is_given():
    reports = [passage(f"深化{m}体制改革。", 2020 + i, f"d{i}") for i, m in enumerate(["经济", "财税", "金融", "医药卫生"])]
    without = by_phrase(collect(reports))
    assert "深化…制改革" in without or "深化…体制改革" in without
    words = {"体制", "改革", "深化"}
    checked = by_phrase(collect(reports, is_word=lambda pair: pair in words))
    assert "深化…制改革" not in checked and checked["深化…体制改革"].count == 4


def test_state_council_set_phrases(runner, state_council_index):
    result = runner.invoke(cli, ["phrases", "--index", str(state_council_index), "--format", "json", "--limit", "40"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["passages"] > 900 and payload["documents"] == 10
    assert payload["copies"] == 3  # 2015–2017 from Wikisource: another version of a report counted already
    found = {p["phrase"]: p for p in payload["phrases"]}
    for frame in ("加强…建设", "深化…改革", "加大…力度", "推进…改革"):
        assert found[frame]["kind"] == "句式", frame
    assert found["和衷共济、和谐发展"]["kind"] == "四字格对"
    for idiom in ("和衷共济", "开拓进取", "统筹兼顾"):
        assert found[idiom]["kind"] == "四字格", idiom
    assert "广播影视" not in found and "集成电路" not in found  # nouns, mostly inside longer phrases
    deepen = found["深化…改革"]
    assert set(deepen["years"]) == {str(y) for y in range(2013, 2020)}
    assert deepen["example"]["citation"]["label"].startswith("国务院《")
    # 2015–2017 are indexed twice (two sources), counted once: 和衷共济 ends each report once a year
    assert found["和衷共济、和谐发展"]["years"] == {"2015": 1, "2016": 1, "2017": 1, "2019": 1}


def test_filters_and_table(runner, state_council_index):
    result = runner.invoke(cli, ["phrases", "--index", str(state_council_index), "--year", "2018-2019",
                                 "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "所选段落（year=2018-2019）" in result.output and "2 篇文档" in result.output
    assert "句式" in result.output and "加强…建设" in result.output
    assert "2017:" not in result.output


def test_sample_reports_by_department(runner, sample_index):
    result = runner.invoke(cli, ["phrases", "--index", str(sample_index), "--department", "科技局",
                                 "--format", "json"])
    payload = json.loads(result.output)
    assert payload["selection"] == {"department": "科技局"}
    found = {p["phrase"]: p for p in payload["phrases"]}
    assert found["加强…建设"]["count"] >= 2
    assert all("科学技术局" in p["example"]["citation"]["label"] for p in payload["phrases"])


@pytest.mark.parametrize("fmt, start", [("md", "## 常用套话"), ("csv", "phrase,kind,count")])
def test_markdown_and_csv(runner, sample_index, fmt, start):
    result = runner.invoke(cli, ["phrases", "--index", str(sample_index), "--format", fmt])
    assert result.exit_code == 0 and result.output.removeprefix("\ufeff").startswith(start)


def test_nothing_found_is_exit_1(runner, sample_index):
    result = runner.invoke(cli, ["phrases", "--index", str(sample_index), "--year", "1990", "--format", "table"])
    assert result.exit_code == 1 and "没有找到反复出现的套话" in result.output


def test_counts_match_the_text(state_council_index):
    """Every counted 四字格 occurrence is in the cited example's passage."""
    from huigu.reuse.phrases import phrases

    store = open_store(state_council_index)
    report = phrases(store, limit=10)
    assert report.passages == store.counts()[1]
    for ph in report.phrases:
        if ph.kind != "句式":
            assert ph.phrase in ph.example.passage["text"]
        else:
            assert ph.example.text in ph.example.passage["text"]


def test_word_test_reads_the_stores_word_and_bigram_frequencies(sample_index):
    """全年 and 选派 are words wherever they stand (jieba's words field only: the bigram
    field leaves a passage's two-character words out); 员制 in 科技特派员制度 and 年选 in
    全年选派 are two words side by side (the bigram field only)."""
    from huigu.reuse.index import WordTest

    is_word = WordTest(open_store(sample_index))
    assert is_word("全年") and is_word("选派") and is_word("制度") and is_word("培训")
    assert not is_word("员制") and not is_word("年选") and not is_word("派员")
