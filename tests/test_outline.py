"""Headings, their levels, kinds and the years they are about."""
from huigu.ingest.clean import clean_lines
from huigu.ingest.outline import build_outline, cn_number

from conftest import need_shared


def test_chinese_numbers():
    assert [cn_number(t) for t in ["一", "十", "十二", "二十三", "7", "③", "甲"]] == [1, 10, 12, 23, 7, 3, None]


def outline_of(text: str):
    return build_outline(clean_lines(text.split("\n")).text)


def test_levels_follow_the_order_styles_first_appear():
    text = "\n".join(["一、2023年工作总结", "（一）筑牢理想信念", "1.加强理论学习。严格落实制度。", "2.开展主题教育。举办读书班。",
                      "二、存在的问题", "一是基础薄弱。二是人才不足。", "三、2024年工作思路", "（一）坚持用党的创新理论武装头脑。"])
    sections = outline_of(text)
    assert [(s.path, s.kind, s.about_year) for s in sections] == [
        (["一、"], "review", 2023),
        (["一、", "（一）"], "review", 2023),
        (["一、", "（一）", "1."], "review", 2023),
        (["一、", "（一）", "2."], "review", 2023),
        (["二、"], "problem", None),
        (["二、", "一是"], "problem", None),
        (["二、", "二是"], "problem", None),
        (["三、"], "plan", 2024),
        (["三、", "（一）"], "plan", 2024),
    ]


def test_numbers_in_running_text_are_not_headings():
    sections = outline_of("一、工作情况\n今年一、二季度完成3.5亿元，1、2月份增长较快。")
    assert [s.heading for s in sections] == ["一、工作情况"]


def test_inline_headings_in_a_file_without_line_breaks():
    seed = need_shared("seeds", "002_51b2ba32670d637a.txt")
    text = clean_lines(seed.read_text(encoding="utf-8").splitlines()).text
    sections = build_outline(text)
    top = [(s.heading, s.kind) for s in sections if s.level == 1]
    assert [kind for _, kind in top[:3]] == ["review", "problem", "plan"]
    assert top[0][0] == "一、上半年工作开展情况" and top[1][0].startswith("二、存在的困难") and top[2][0] == "三、下一步打算"
    assert any(s.path == ["一、", "（一）", "二是"] for s in sections)


def test_headings_whose_words_begin_with_a_numeral():
    """一、一年来工作回顾 / 二、一九九〇年的任务 are headings (not 一、二季度): without them the
    plan part of a report is read as part of its review."""
    text = ("一、一年来工作回顾\n全年粮食产量增长，财政收入增加。\n"
            "二、一九九〇年的主要任务\n今年要抓好农业生产。\n"
            "三、一心一意推进改革\n深化企业改革。今年一、二季度完成投资3.5亿元。")
    sections = outline_of(text)
    assert [s.heading for s in sections if s.level == 1] == ["一、一年来工作回顾", "二、一九九〇年的主要任务",
                                                              "三、一心一意推进改革"]


def test_a_heading_of_achievements_is_a_review_though_it_names_a_five_year_plan():
    from huigu.ingest.outline import classify_heading
    # 国务院 1959: the review of 1958 was read as a plan (计划 of 第二个五年计划), and its results listed as commitments
    assert classify_heading("第一个五年计划时期内和第二个五年计划的第一年——一九五八年的伟大成就", 1, "other") == "review"
    assert classify_heading("我们在第二个五年计划的第二年——一九五九年经济战线上的任务", 1, "other") == "plan"
    assert classify_heading("2023年工作总结和2024年工作计划", 1, "other") == "review"
    assert classify_heading("2024年工作计划", 1, "other") == "plan"
