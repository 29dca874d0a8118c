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
