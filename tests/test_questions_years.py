"""Which year a passage tells about, for questions that name a year (on the real reports)."""
from __future__ import annotations

import pytest

from huigu.search import search
from huigu.search.question import read_question, states_number
from huigu.store import open_store


@pytest.fixture(scope="module")
def corpus(corpus_index):
    return open_store(corpus_index[0])


def source_of(hit) -> str:
    return hit.data["doc"]["source"]


def test_a_year_named_as_a_base_of_comparison_is_not_the_year_told_about(corpus):
    """2011年计划 passage 按2010年价格计算，2015年国内生产总值将超过55万亿元 ranked first for what 2010
    reached; the 2011 report's look back (国内生产总值达到39.8万亿元) is the answer."""
    result = search(corpus, "2010年我国国内生产总值达到多少", limit=3)
    top = result.hits[0]
    assert source_of(top).endswith("2011政府工作报告_温家宝.txt"), source_of(top)
    assert "国内生产总值达到39.8万亿元" in top.data["text"]


def test_a_plan_that_weighs_last_years_prices_in_passing_reviews_nothing(corpus):
    """The 2010 plan (…综合考虑了去年价格变动的翘尾因素…) is no review of 2009: 1102万人 in the review first."""
    result = search(corpus, "2009年城镇新增就业多少人", limit=3)
    top = result.hits[0]
    assert source_of(top).endswith("2010政府工作报告_温家宝.txt") and "城镇新增就业1102万人" in top.data["text"], \
        top.data["text"][:80]


def test_a_plan_passage_about_another_year_does_not_answer(corpus):
    """The 1991 plan (计划安排粮食总产量四千二百五十亿公斤) ranked above the 1979 report's review of 1978."""
    result = search(corpus, "1978年粮食总产量是多少", limit=3)
    top = result.hits[0]
    assert source_of(top).endswith("1979政府工作报告_华国锋.txt"), source_of(top)
    assert "三亿零四百七十五万吨" in top.data["text"]


def test_a_target_set_at_asks_a_number():
    question = read_question("2015年国内生产总值增长预期目标定的是多少")
    assert question.asks == "number" and question.aspect == "plan"
    assert "定" not in question.text.split()


def test_a_share_of_the_indicator_is_not_its_own_number():
    assert states_number("研发经费1161亿元，占国内生产总值的1.1%", ["国内生产总值"]) == 1
    assert states_number("国内生产总值达到10.2万亿元", ["国内生产总值"]) == 2


def test_a_superlative_over_ten_years_is_no_look_back_over_them(corpus):
    """国务院 1989 (no section told apart): 进出口总额突破1000亿美元，…是十年来最多的一年 reviews 1988; it ranked 9th
    behind 2014 and 2025 passages (十年来 read as a look back, and the passage took the report's own year)."""
    result = search(corpus, "1988年进出口总额是多少", limit=3)
    top = result.hits[0]
    assert source_of(top).endswith("1989政府工作报告_李鹏.txt") and "进出口总额突破1000亿美元" in top.data["text"], \
        (source_of(top), top.data["text"][:60])


def test_a_goal_for_a_later_year_is_no_review_of_the_year(corpus):
    """The 1982 report (given 1982年11月30日, it reviews 1982): 计划规定，到一九八五年，进出口贸易总额将达到八百五十五亿元
    is its five-year plan; the 1983 report's 增加到一九八二年的七百七十二亿元 answers."""
    result = search(corpus, "1982年进出口贸易总额是多少", limit=3)
    top = result.hits[0]
    assert "到一九八五年" not in top.data["text"], top.data["text"][:80]
    assert source_of(top).endswith("1983政府工作报告_赵紫阳.txt")


def test_a_year_with_a_review_word_asks_for_the_review_without_a_question_word(corpus):
    question = read_question("2010年居民消费价格实际涨幅")
    assert question.aspect == "review" and "实际" not in question.text
    assert read_question("2010年居民消费价格涨幅目标").aspect == "plan"
    assert read_question("居民消费价格 目标").aspect is None  # no year: words to match
    top = search(corpus, "2010年居民消费价格实际涨幅", limit=3).hits[0]
    assert source_of(top).endswith("2011政府工作报告_温家宝.txt") and "居民消费价格涨幅控制在3.3%" in top.data["text"]


def test_the_base_year_of_a_comparison_is_not_asked_for(corpus):
    reading = search(corpus, "1953年工业总产值比1952年增长了多少", limit=1).reading
    assert reading["years"] == [1953] and "比" not in reading["words"], reading


def test_a_policy_known_by_a_number_of_articles(corpus):
    """水十条 is the 水污染防治行动计划 (国务院 2015 writes only that; 海拉尔区 2018 writes “水十条”): the hand table says so."""
    result = search(corpus, "水十条是哪一年开始实施的", limit=3)
    assert any("水污染防治行动计划" in hit.data["text"] for hit in result.hits[:2]), [h.data["text"][:40] for h in result.hits]
    assert "“水十条”同“水污染防治行动计划”" in result.reading["text"]


def test_the_kai_of_a_summit_or_games_is_part_of_the_word():
    """A modal 会 at a word's end is no word to match (明年经济会怎么样); the 会 of 峰会, 亚运会 is the word."""
    assert "峰会" in read_question("G20杭州峰会是哪一年举办的").text
    assert "亚运会" in read_question("第十一届亚运会是哪一年举办的").text
    assert read_question("明年经济会怎么样").text.split() == ["经济"]
