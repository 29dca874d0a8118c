"""Questions in plain language, short forms and exact phrases, on the real reports."""
from __future__ import annotations

import json
import re

import pytest

from huigu.cli import cli
from huigu.search import Filters, search
from huigu.search.question import read_question, states_number
from huigu.store import open_store
from huigu.text.highlight import snippet


def run(runner, index, *args):
    return runner.invoke(cli, ["search", *args, "--index", str(index)])


def source_of(hit) -> str:
    return hit.data["doc"]["source"]


# ── reading a question ───────────────────────────────────────────────────────


@pytest.mark.parametrize("query, text, asks, aspect, latest, unit", [
    ("2016年城镇新增就业实际完成多少", "2016年城镇新增就业", "number", "review", False, ""),
    ("2019年城镇新增就业目标是多少", "2019年城镇新增就业", "number", "plan", False, ""),
    ("某省现在有多少家高新技术企业", "某省 高新技术企业", "number", None, True, "家"),
    ("三峡工程什么时候截流", "三峡工程 截流", "year", None, False, ""),
    ("粮食产量哪一年超过1.2万亿斤", "粮食产量 超过1.2万亿斤", "year", None, False, ""),
    ("一五计划基本建设投资总额是多少", "一五计划基本建设投资总额", "number", None, False, ""),
    ("广东去年进出口总额多少", "广东 进出口总额", "number", "review", True, ""),
    ("浙江今年经济增长目标", "浙江 经济增长", None, "plan", True, ""),
    ("2019年比去年增长多少", "2019年比去年增长", "number", None, False, ""),
    # 一共 was read as a short form and spelled out as 一般公共预算收入
    ("六五期间进出口贸易总额一共多少", "六五 进出口贸易总额", "number", None, False, ""),
])
def test_question_words_are_not_words_to_match(query, text, asks, aspect, latest, unit):
    read = read_question(query)
    assert (read.text, read.asks, read.aspect, read.latest, read.unit) == (text, asks, aspect, latest, unit)


@pytest.mark.parametrize("query", ["城镇新增就业 目标", '"目前有多少"', "科技特派员", "高企 OR 高新技术企业"])
def test_keyword_queries_are_left_as_typed(query):
    read = read_question(query)
    assert read.text == query and not read.is_question


def test_a_number_with_the_indicator_states_it():
    assert states_number("全年城镇新增就业1100万人以上", ["城镇新增就业"], "人") == 2
    assert states_number("国内生产总值达到56.9万亿元", ["国内生产总值"]) == 2
    assert states_number("研发支出占国内生产总值比重超过2%", ["国内生产总值"]) == 1  # another figure's number
    assert states_number("城镇新增就业人数，城镇登记失业率控制在4%以内", ["城镇新增就业"]) == 0  # the next clause's
    assert states_number("2019年城镇新增就业工作扎实推进", ["城镇新增就业"]) == 0
    assert states_number("粮食总产量达到三亿零四百七十五万吨", ["总产量"]) == 2


# ── questions on the real corpus ─────────────────────────────────────────────


@pytest.fixture(scope="module")
def corpus(corpus_index):
    return open_store(corpus_index[0])


def test_what_was_achieved_comes_from_the_next_years_review(corpus):
    result = search(corpus, "2016年城镇新增就业实际完成多少")
    top = result.hits[0]
    assert re.search(r"2017", source_of(top)), source_of(top)
    assert "城镇新增就业" in top.data["text"] and re.search(r"城镇新增就业\d", top.data["text"])
    assert result.reading["aspect"] == "review" and result.reading["years"] == [2016]


def test_a_target_question_gets_the_passage_with_the_number(corpus):
    result = search(corpus, "2019年城镇新增就业目标是多少")
    top = result.hits[0]
    assert "hailaer" not in source_of(top)
    assert top.data["doc"]["year"] == 2019 and top.data["kind"] == "plan"
    assert re.search(r"城镇新增就业\d{3,4}万人", top.data["text"]), top.data["text"][:80]


def test_gdp_and_its_other_names_are_one_indicator(corpus):
    result = search(corpus, "2013年GDP是多少")
    top = result.hits[0]
    assert source_of(top).endswith("2014政府工作报告_李克强.txt")
    assert "国内生产总值达到56.9万亿元" in top.data["text"]


def test_a_year_among_hundreds_of_passages_on_the_indicator(corpus):
    """国内生产总值 stands in hundreds of passages: the review of the year asked for (in the
    next year's report) is fetched for its year, not left out of the candidates."""
    result = search(corpus, "2011年经济总量是多少", limit=3)
    texts = [(source_of(h), h.data["text"]) for h in result.hits]
    assert any(s.endswith("2012政府工作报告_温家宝.txt") and "国内生产总值47.2万亿元" in t for s, t in texts), texts


def test_a_plan_passage_that_looks_back_reviews_the_year(corpus):
    """2011年，是“十二五”开局之年…过去一年，…城镇新增就业1168万人: under the 2011 plan
    heading, but it reports 2010."""
    result = search(corpus, "2010年城镇新增就业多少人", limit=3)
    texts = [(source_of(h), h.data["text"]) for h in result.hits]
    assert any(s.endswith("2011政府工作报告_温家宝.txt") and "城镇新增就业1168万人" in t for s, t in texts), texts


def test_the_past_year_with_de_reviews_the_year_too(corpus):
    """过去的一年，…国内生产总值比上年增长１０．２％ opens the 1996 plan chapter (九、努力做好
    1996年的工作): it is the review of 1995 (it was 74th, behind the 1995 report's own look
    back at 1994)."""
    result = search(corpus, "1995年国内生产总值实际增长多少", limit=3)
    texts = [(source_of(h), h.data["text"]) for h in result.hits]
    assert any(s.endswith("1996政府工作报告_李鹏.txt") and "国内生产总值比上年增长10.2%" in t for s, t in texts), texts


def test_what_a_year_achieved_is_not_in_that_years_own_report(corpus):
    """1993年是…的一年 in the 1993 report only looks ahead at 1993: what 1993 achieved is the
    1994 report's review (国内生产总值…比上年增长百分之十三点四), first."""
    result = search(corpus, "1993年经济实际增长了多少", limit=3)
    top = result.hits[0]
    assert source_of(top).endswith("1994政府工作报告_李鹏.txt") and "比上年增长百分之十三点四" in top.data["text"]


def test_a_passage_of_no_known_kind_is_no_other_section(corpus):
    """今年国民生产总值计划增长百分之八 stands in a 1993 passage of no known kind: a target
    question ranks it by its year, not below the reviews (it was 22nd)."""
    result = search(corpus, "1993年国民生产总值计划增长多少", limit=5)
    texts = [(source_of(h), h.data["text"]) for h in result.hits]
    assert any(s.endswith("1993政府工作报告_李鹏.txt") and "计划增长百分之八" in t for s, t in texts), texts


def test_a_two_character_word_inside_a_longer_word_is_found(tmp_path):
    """增长 of the question stands in 增长速度 (one jieba word): “十五”期间年均经济增长速度预期目标为7％左右.
    With many passages holding 增长 as a word, the word alone was looked up and this one was
    not found at all (beyond 200th on the corpus with the laws)."""
    from huigu.ingest.runner import ingest

    folder = tmp_path / "reports"
    folder.mkdir()
    texts = [f"“十五”期间全区经济增长{i + 3}%，财政收入增长较快。" for i in range(40)]
    # more passages than a query tier fetches, holding the other words but not 增长
    texts += [f"“十五”经济工作第{i + 1}项：“十五”经济、“十五”经济结构。" for i in range(100)]
    texts.append("“十五”期间年均经济增长速度预期目标为7%左右。")
    for number, text in enumerate(texts):
        (folder / f"{1950 + number}年统计局工作总结.txt").write_text(
            f"{1950 + number}年统计局工作总结\n一、主要成效\n{text}\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    result = search(open_store(index), "十五 经济 增长", limit=150)
    texts = [h.data["text"] for h in result.hits]
    first_without = min(i for i, t in enumerate(texts) if "增长" not in t)
    assert texts.index("“十五”期间年均经济增长速度预期目标为7%左右。") < first_without


def test_per_head_is_written_the_old_way_too(corpus):
    """人均 of the question: 一九八二年全国农民平均每人的纯收入达到二百七十元 (the 1983 review)."""
    result = search(corpus, "1982年农民人均纯收入是多少", limit=5)
    texts = [(source_of(h), h.data["text"]) for h in result.hits]
    assert any(s.endswith("1983政府工作报告_赵紫阳.txt") and "平均每人的纯收入达到二百七十元" in t for s, t in texts), texts


def test_last_year_is_the_review_in_the_latest_report(corpus):
    """去年 is no word to match (every review says it): the office's latest report, its review."""
    result = search(corpus, "广东去年进出口总额多少", limit=3)
    top = result.hits[0]
    assert source_of(top).endswith("2025年广东省政府工作报告.docx") and top.data["kind"] == "review"
    assert "进出口总额突破9万亿元" in top.data["text"]
    assert "去年" not in result.reading["words"] and result.reading["latest_year"] == 2025


def test_a_plan_heading_with_its_year_in_chinese_is_the_plan(corpus):
    """二、一九九○年的国内工作: the year in Chinese numerals makes the section the 1990 plan,
    so the 1990 target is found as the plan (it was 56th as an "other" passage)."""
    result = search(corpus, "1990年粮食产量计划达到多少", limit=3)
    found = [h for h in result.hits if "粮食产量达到41250万吨" in h.data["text"]]
    assert found and source_of(found[0]).endswith("1990政府工作报告_李鹏.txt"), [h.data["text"][:40] for h in result.hits]
    assert found[0].data["kind"] == "plan" and found[0].data["about_year"] == 1990


@pytest.mark.parametrize("query, department, year, expected", [
    ("社零", "湖南", None, "社会消费品零售总额"),
    ("复关", None, (1992, 1993), "关贸总协定缔约国"),
    ("六五", None, (1982, 1982), "第六个五年计划"),
])
def test_policy_short_forms_of_the_table_find_the_full_form(corpus, query, department, year, expected):
    result = search(corpus, query, Filters(department=department, year=year), limit=3)
    assert result.hits, query
    assert expected in result.hits[0].data["text"], result.hits[0].data["text"][:80]


def test_latest_means_the_latest_report_of_that_office(corpus):
    result = search(corpus, "海拉尔区目前地区生产总值是多少")
    top = result.hits[0]
    assert top.data["doc"]["year"] == 2019 and "hailaer" in source_of(top)
    assert result.reading["latest_year"] == 2019


def test_the_table_and_json_say_how_the_question_was_read(runner, corpus_index):
    table = run(runner, corpus_index[0], "2016年城镇新增就业实际完成多少", "--format", "table", "--limit", "3")
    assert table.exit_code == 0, table.output
    assert "按“城镇新增就业”“2016年”检索，优先回顾部分" in table.output
    assert "“实际完成”" in table.output  # the question words, not searched for
    payload = json.loads(run(runner, corpus_index[0], "2016年城镇新增就业实际完成多少", "--format", "json").output)
    assert payload["reading"]["words"] == ["城镇新增就业"] and payload["reading"]["asks"] == "number"


# ── exact when asked ─────────────────────────────────────────────────────────


@pytest.mark.parametrize("phrase", ["科技局", "高新技术企业"])
def test_a_quoted_phrase_matches_that_text_only(sample_index, phrase):
    result = search(open_store(sample_index), f'"{phrase}"', limit=50)
    assert result.hits
    assert all(phrase in re.sub(r"\s", "", h.data["text"]) for h in result.hits)


def test_an_alias_is_not_marked_inside_another_word(corpus):
    result = search(corpus, "高企", limit=50)
    shown = [snippet(h.data["text"], ["高企", "高新技术企业"], spans=h.marks, width=400) for h in result.hits]
    assert not any("提【高企】" in s or "【高企】业" in s for s in shown)
    # a passage holding only 提高企业 does not hold 高企
    assert not any("提高企业" in h.data["text"] and "高企" not in h.data["text"].replace("提高企业", "")
                   and "高新技术企业" not in h.data["text"] for h in result.hits)


def test_a_highlight_never_cuts_a_number():
    assert snippet("城镇调查失业率5.5%左右", ["城镇调查失业率5"]) == "【城镇调查失业率5.5%】左右"
    assert snippet("增长6.5%-7%", ["6"]) == "增长【6.5%】-7%"


# ── short forms ──────────────────────────────────────────────────────────────


def test_a_short_form_the_reports_define_finds_the_full_form(tmp_path, runner):
    from huigu.ingest.runner import ingest

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2019年商务局工作总结.txt").write_text(
        "2019年商务局工作总结\n一、主要成效\n组织企业参加第二届中国国际进口博览会（以下简称“进博会”），签约金额创新高。\n",
        encoding="utf-8")
    (folder / "2018年商务局工作总结.txt").write_text(
        "2018年商务局工作总结\n一、主要成效\n首届中国国际进口博览会成功举办，我市12家企业参展。\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    store = open_store(index)
    assert any(["进博会", "进口博览会"] in (d.get("abbreviations") or []) for d in store.documents())
    result = search(store, "进博会")
    texts = [h.data["text"] for h in result.hits]
    assert any("首届中国国际进口博览会" in t for t in texts)
    assert "进博会" in texts[0]  # the passage writing it as typed first
    assert result.reading["expansions"]["进博会"][0] == "进口博览会"
    table = run(runner, index, "进博会", "--format", "table")
    assert "“进博会”也按“进口博览会”" in table.output


def test_a_short_form_spelled_out_by_the_index_words(state_council_index):
    store = open_store(state_council_index)
    result = search(store, "医联体 year:2017")  # in no table: 医疗 联合体 from the index words
    assert result.hits and "医疗联合体" in result.hits[0].data["text"]
    assert result.reading["expansions"]["医联体"] == ["医疗联合体"]


def test_a_short_form_of_the_table_is_read_as_the_table_says(state_council_index, runner):
    """营改增, 低保, 非遗 …: the synonym table's full form, shown, and no guessed spellings
    beside it (创城 is 创建文明城市, not 创新城市)."""
    store = open_store(state_council_index)
    result = search(store, "营改增 year:2013")
    assert result.hits and "营业税改征增值税" in result.hits[0].data["text"]
    assert result.reading["expansions"] == {}
    assert "“营改增”同“营业税改征增值税”" in result.reading["text"]
    from huigu.lexicon.tables import synonyms_of

    for short, full in (("非遗", "非物质文化遗产"), ("自贸区", "自由贸易试验区"), ("三去一降一补", "去产能")):
        hits = search(store, short).hits
        assert hits and any(full in h.data["text"] for h in hits[:3]), short
        forms = [short, *synonyms_of()[short]]
        assert all(any(form in h.data["text"] for form in forms) for h in hits), short


def test_an_expansion_cannot_push_out_a_real_match(tmp_path):
    """医联体 is in no table: the index spells it out (医疗联合体), below the passage that
    writes it as typed, however much more of the spelled-out words another passage holds."""
    from huigu.ingest.runner import ingest

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2019年卫健委工作总结.txt").write_text(
        "2019年卫健委工作总结\n一、主要成效\n全年新增家庭医生签约2万人，推进医联体建设，基层服务能力提升。\n",
        encoding="utf-8")
    for year in (2016, 2017, 2018):
        (folder / f"{year}年卫健委工作总结.txt").write_text(
            f"{year}年卫健委工作总结\n一、主要成效\n开展医疗联合体建设试点，医疗联合体覆盖全部乡镇，医疗联合体运行良好。\n",
            encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    result = search(open_store(index), "医联体")
    assert result.reading["expansions"]["医联体"] == ["医疗联合体"]
    assert "医联体" in result.hits[0].data["text"]
    assert len(result.hits) == 2  # the three alike passages fold into one


def test_a_short_form_is_spelled_out_as_the_reports_write_it_not_as_a_law_does(tmp_path):
    """两山 holds 两…山 in order, and a regulation beside the reports writes 两侧山坡地 often:
    that is no way the office writes 两山, so it is not offered as its full form."""
    from huigu.ingest.runner import ingest

    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "2023年林业局工作总结.txt").write_text(
        "2023年林业局工作总结\n一、主要成效\n践行两山理念，完成植树造林1.2万亩。\n", encoding="utf-8")
    (folder / "2022年林业局工作总结.txt").write_text(
        "2022年林业局工作总结\n一、主要成效\n完成植树造林1.1万亩，森林覆盖率提高到62%。\n", encoding="utf-8")
    for name in ("某省水土保持条例", "某市河道管理条例"):
        (folder / f"{name}.txt").write_text(
            f"{name}\n\n第一条 为了保护水土资源，根据有关法律，结合本地实际，制定本条例。公路两侧山坡地应当植树种草。\n\n"
            "第二条 铁路两侧山坡地禁止开垦，已经开垦的应当逐步退耕还林，恢复植被，防止水土流失。\n\n"
            "第三条 河道两侧山坡地由县级人民政府组织治理，所需经费列入本级财政预算。\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    result = search(open_store(index), "两山理念")
    assert "两侧山坡地" not in str(result.reading["expansions"]), result.reading
    assert "两山理念" in result.hits[0].data["text"]


def test_a_real_word_beats_a_pair_that_is_never_one(tmp_path):
    """人均 is a word of the index; 均可 only a pair of characters that stands in texts
    (各类企业均可申报): 城镇居民人均可支配收入 is cut 城镇居民|人均|…, not
    城镇居民|人|均可|…, however often the pair stands."""
    from huigu.ingest.runner import ingest
    from huigu.search.vocabulary import Vocabulary, segment

    folder = tmp_path / "reports"
    folder.mkdir()
    texts = ([f"符合条件的各类企业均可申报第{i}批项目。" for i in range(30)] +
             [f"全年新增就业{i + 100}人，帮助困难群众。" for i in range(12)] +
             [f"城镇居民收入人均达到{i + 5}万元。" for i in range(4)])
    for number, text in enumerate(texts):
        (folder / f"{1950 + number}年统计局工作总结.txt").write_text(
            f"{1950 + number}年统计局工作总结\n一、主要成效\n{text}\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    vocab = Vocabulary(open_store(index))
    assert vocab.df("人均") and not vocab.df("均可") and vocab.pair_df("均可") > vocab.df("人均")
    pieces = segment("城镇居民人均可支配收入", vocab)
    assert pieces[:2] == ["城镇居民", "人均"] and "均可" not in pieces


def test_a_word_commoner_than_its_guessed_full_form_is_not_spelled_out(tmp_path):
    """大桥 in 6 passages, 大型桥梁 in 2: a short form is written less often than its full
    form, so 大型桥梁 is some other phrase, not how the index writes 大桥."""
    from huigu.ingest.runner import ingest

    folder = tmp_path / "reports"
    folder.mkdir()
    texts = [f"新建第{i}号大桥一座，大桥建成通车，方便群众出行。" for i in range(6)] + ["开展大型桥梁安全检测，消除隐患。"] * 2
    for number, text in enumerate(texts):
        (folder / f"{2000 + number}年交通局工作总结.txt").write_text(
            f"{2000 + number}年交通局工作总结\n一、主要成效\n{text}\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    result = search(open_store(index), "大桥")
    assert result.reading["expansions"] == {}
    assert result.hits and all("大桥" in h.data["text"] for h in result.hits)


def test_a_years_number_without_target_or_actual_is_its_review_first(corpus):
    """2010年城镇新增就业多少人 asks what happened: the 2011 report's 过去一年…1168万人 first, not its
    look back over five years (这五年，…城镇新增就业5771万人), which ranked first."""
    result = search(corpus, "2010年城镇新增就业多少人", limit=3)
    top = result.hits[0]
    assert source_of(top).endswith("2011政府工作报告_温家宝.txt") and "城镇新增就业1168万人" in top.data["text"]
    assert "次年报告对当年的回顾" in result.reading["text"]


def test_a_review_in_the_years_own_report_is_of_the_year_before(corpus):
    """The 2009 report's review (城镇新增就业1113万人) is of 2008: 2009年城镇新增就业 is 1102万人 in 2010's."""
    result = search(corpus, "2009年城镇新增就业多少人", limit=3)
    texts = [(source_of(h), h.data["text"]) for h in result.hits[:2]]
    assert any(s.endswith("2010政府工作报告_温家宝.txt") and "城镇新增就业1102万人" in t for s, t in texts), texts
    assert not source_of(result.hits[0]).endswith("2009政府工作报告_温家宝.txt")


def test_a_stock_at_the_years_end_accepts_a_look_back_over_five_years(corpus):
    result = search(corpus, "1997年底国家外汇储备有多少", limit=10)
    assert any(source_of(h).endswith("1998政府工作报告_李鹏.txt") and "1399亿美元" in h.data["text"].replace(" ", "")
               for h in result.hits)


def test_a_short_form_of_the_table_is_not_cut_into_scraps(corpus):
    """新农合试点扩大到多少个县 was read as 新 | 农合 (and 农合 spelled out as 农业合作社)."""
    result = search(corpus, "2005年新农合试点扩大到多少个县", limit=3)
    assert "新农合" in result.reading["words"]
    assert any("新型农村合作医疗制度试点已扩大到671个县" in h.data["text"] for h in result.hits)
    # a table word that the segmenter cuts into words stays cut (粮食连续五年增产，总产量52850万吨)
    assert search(corpus, "2008年粮食总产量是多少", limit=1).reading["words"] == ["粮食", "总产量"]


def test_a_short_form_is_kept_whole_though_its_pieces_are_words(corpus):
    """规上工业 (规上|工业 to the segmenter) is the table's short form of 规模以上工业: Guangdong's review first."""
    result = search(corpus, "广东2024年规上工业增加值增长多少", limit=3)
    assert "规上工业" in result.reading["words"]
    assert "规模以上工业增加值增长4.2%" in result.hits[0].data["text"]
    assert source_of(result.hits[0]).endswith("2025年广东省政府工作报告.docx")


def test_a_glossary_entry_does_not_answer_how_many(corpus):
    result = search(corpus, "云南有多少户科技型中小企业", limit=2)
    assert "科技型中小企业超1.5万户" in result.hits[0].data["text"]


def test_a_number_in_the_clause_after_its_topic_states_it():
    text = "我国进出口贸易总额，由一九七八年的三百五十五亿元增加到一九八二年的七百七十二亿元，四年增长一点二倍"
    assert states_number(text, ["贸易总额"]) >= 1
    assert states_number("进出口贸易总额，比上年有所增加", ["贸易总额"]) == 0


def test_renamed_statistics_are_one_indicator(corpus):
    """2015年城镇常住居民人均可支配收入完成30788元 (海拉尔区 2016): 常住 was added to the statistic's name."""
    result = search(corpus, "海拉尔区2015年城镇居民人均可支配收入是多少", limit=3)
    assert any("2015年城镇常住居民人均可支配收入完成30788元" in h.data["text"] for h in result.hits)


def test_the_end_of_a_year_is_part_of_the_year(corpus):
    """2014年底 was read as 2014 and a word 底 to match."""
    result = search(corpus, "2014年底高铁运营里程有多少", limit=3)
    assert result.reading["words"] == ["高铁", "运营", "里程"] and result.reading["years"] == [2014]
    assert "高速铁路运营里程达1.6万公里" in result.hits[0].data["text"]
    assert source_of(result.hits[0]).endswith("2015政府工作报告_李克强.txt")


def test_a_budget_asked_of_a_year_is_that_years_plan(corpus):
    result = search(corpus, "2016年财政赤字安排了多少", limit=1)
    assert "计划部分（2016年的安排" in result.reading["text"]
    assert "今年拟安排财政赤字2.18万亿元" in result.hits[0].data["text"]


def test_how_a_year_went_is_its_review_in_the_next_report(corpus):
    result = search(corpus, "2013年粮食生产情况怎么样", limit=1)
    assert source_of(result.hits[0]).endswith("2014政府工作报告_李克强.txt")
    assert "粮食产量超过1.2万亿斤" in result.hits[0].data["text"]


def test_the_passage_that_spells_out_a_short_form_comes_first(corpus):
    """Only the 1989 report spells out “三通”（通邮、通商、通航）; a dozen others just name it (it was 11th)."""
    result = search(corpus, "两岸三通", limit=1)
    assert "“三通”（通邮、通商、通航）" in result.hits[0].data["text"]


def test_a_short_form_is_spelled_out_over_words_that_give_it_no_character(corpus):
    """汇改 is 人民币汇率形成机制改革 (汇率 形成 机制 改革: 形成 and 机制 give it nothing), 股改
    the 2005–2007 股权分置改革: read off the reports, shown, and the passages found (汇改 found nothing)."""
    result = search(corpus, "汇改是什么时候实施的", limit=3)
    assert result.reading["expansions"]["汇改"][0] == "汇率形成机制改革"
    assert "“汇改”也按“汇率形成机制改革”" in result.reading["text"]
    assert any(source_of(h).endswith("2006政府工作报告_温家宝.txt") and "完善人民币汇率形成机制改革顺利实施" in h.data["text"]
               for h in result.hits), [source_of(h) for h in result.hits]
    result = search(corpus, "股改是哪一年基本完成的", limit=1)
    assert "股权分置改革" in result.reading["expansions"]["股改"]
    assert "上市公司股权分置改革基本完成" in result.hits[0].data["text"]


def test_a_short_form_standing_in_the_text_is_not_guessed_over_words_between(tmp_path):
    """人参 is a word nowhere, yet its characters stand side by side in many passages (个人参加):
    no guess over words between for it (人员应当分别参加, in two reports, is no full form)."""
    from huigu.ingest.runner import ingest
    from huigu.search.vocabulary import Vocabulary

    folder = tmp_path / "reports"
    folder.mkdir()
    texts = [f"全年组织个人参加技能培训{i + 100}人次，群众满意。" for i in range(12)] + \
            ["各单位人员应当分别参加年度考核，考核结果公开。"] * 2
    for number, text in enumerate(texts):
        (folder / f"{2000 + number}年人社局工作总结.txt").write_text(
            f"{2000 + number}年人社局工作总结\n一、主要成效\n{text}\n", encoding="utf-8")
    index = tmp_path / "index"
    ingest([folder], index, workers=1)
    store = open_store(index)
    vocab = Vocabulary(store)
    assert not vocab.df("人参") and vocab.pair_df("人参") >= 10 and vocab.df("应当") and vocab.df("分别")
    result = search(store, "人参")
    assert "人员应当分别参加" not in str(result.reading["expansions"]), result.reading


def test_a_numbered_short_form_is_spelled_out_as_the_list_it_counts(corpus_index):
    """五大发展理念 is written 创新、协调、绿色、开放、共享的发展理念 (国务院 2016): five items parted by 、, then 的 and
    the head; a list of another length, or items of unlike length (找准切入点、提高执行力、打好攻坚战), is no spelling."""
    from huigu.search import abbreviations as A
    from huigu.search.vocabulary import Vocabulary
    from huigu.store import open_store

    store = open_store(corpus_index[0])
    vocab = Vocabulary(store)
    assert A.numbered("五大发展理念", store, vocab) == ["创新、协调、绿色、开放、共享的发展理念"]
    assert A.numbered("三大攻坚战", store, vocab) == ["重大风险、精准脱贫、污染防治的攻坚战"]
    assert A.numbered("两个维护", store, vocab) == []
    result = search(store, "五大发展理念是哪五个", limit=5)
    assert result.reading["expansions"] == {"五大发展理念": ["创新、协调、绿色、开放、共享的发展理念"]}
    assert any("创新、协调、绿色、开放、共享的发展理念" in h.data["text"] for h in result.hits[:3])
