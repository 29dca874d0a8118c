"""Cleaning keeps every word, normalises characters and maps text back to source lines."""
from huigu.ingest.clean import clean_lines
from huigu.text.normalize import normalize_line, squash


def test_spaces_inside_numbers_and_letter_spaced_titles_are_dropped():
    assert normalize_line("2023 年，共组织集中学习 31 次") == "2023年，共组织集中学习31次"
    assert normalize_line("政 府 工 作 报 告") == "政府工作报告"
    assert normalize_line("报送ChatGPT 等 量子计算") == "报送ChatGPT等量子计算"


def test_a_letter_spaced_number_of_the_1998_report_is_one_number():
    """The 1998 and 1999 State Council reports set numbers letter-spaced, and 1999 writes
    the decimal point as a middle dot: they read as the numbers they are."""
    assert normalize_line("经济增长速度8 ％，物价涨幅") == "经济增长速度8%，物价涨幅"
    assert normalize_line("比上年增长15 .3 ％，其中") == "比上年增长15.3%，其中"
    assert normalize_line("粮食总产量稳定在4 9 2 5 0 万吨") == "粮食总产量稳定在49250万吨"
    assert normalize_line("增长14·1％，其中") == "增长14.1%，其中"
    assert normalize_line("马克思·恩格斯 version 2 of 3") == "马克思·恩格斯version 2 of 3"


def test_ascii_punctuation_between_chinese_is_written_the_chinese_way():
    assert normalize_line("2024年,在党委政府的领导下,科技局:一是(一)加强") == "2024年，在党委政府的领导下，科技局：一是（一）加强"
    assert normalize_line("一是强化思想政治建设.坚持") == "一是强化思想政治建设。坚持"
    # numbers keep their own punctuation
    assert normalize_line("投入资金2.49亿元，1,200人") == "投入资金2.49亿元，1,200人"


def test_a_word_split_by_a_page_break_is_joined_and_both_lines_are_cited():
    lines = ["（三）深化群众性精神文明创建", "", "1.开展科技下乡。组织到德化县三班镇参加全市“三下乡”活动，现场开展科技特派员服务，推动科技成",
             "", "", "果转化，服务乡村振兴。", "2.举办科技活动周。"]
    clean = clean_lines(lines)
    paragraphs = [clean.text[a:b] for a, b in clean.paragraphs]
    assert "推动科技成果转化，服务乡村振兴。" in paragraphs[1]
    start = clean.text.index("科技成果转化")
    assert clean.lines_of(start, start + 6) == (3, 6)
    assert paragraphs[2] == "2.举办科技活动周。"


def test_titles_recipients_and_closed_sentences_are_not_joined():
    lines = ["泉州市科学技术局关于印发《泉州市科技局2023年精神文明工作总结暨2024年工作思路》的通知",
             "局机关各科室、各直属单位：", "现将《总结》印发给你们。", "泉州市科学技术局", "2024年3月29日"]
    clean = clean_lines(lines)
    assert len(clean.paragraphs) == 5


def test_licence_footer_and_page_numbers_are_dropped():
    lines = ["正文第一段。", "- 3 -", "本作品在全世界都属于公有领域，因为作者逝世已经超过100年。"]
    clean = clean_lines(lines)
    assert clean.text == "正文第一段。"


def test_every_cleaned_character_maps_back_to_its_line():
    lines = ["标题", "", "　　第一段有 2023 年的数字。", "第二段。"]
    clean = clean_lines(lines)
    for a, b in clean.paragraphs:
        first, last = clean.lines_of(a, b)
        source = squash("".join(lines[first - 1:last]))
        assert squash(normalize_line(clean.text[a:b])) in squash(normalize_line(source))
