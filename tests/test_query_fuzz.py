"""Issue #4, queries: arbitrary strings — unbalanced quotes and brackets, operators alone,
unknown fields, 10,000-character queries, control characters — fed to ``search``,
``similar`` and the filters, in the library and through the command line.

Each gives results or one short line that names the problem and says what to do
(``QuerySyntaxError`` / ``HuiguError`` in the library; ``错误：…`` on stderr and exit
status 2 on the command line); never another exception, never a traceback.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st


MAX_MESSAGE_CHARS = 300

TOKENS = [
    '"', "“", "”", "'", "(", ")", "（", "）", "[", "]", "{", "}", "OR", "or", "NOT", "AND", "|", "||", "&&", "&",
    "-", "－", "+", "或", "year:", "year:2023", "year:2022-2024", "year:20x3", "year:2024-2022", "年份:2023",
    "dept:", "dept:科技局", "部门:民政局", "kind:plan", "kind:问题", "kind:x", "type:工作总结", "topic:科技创新",
    "period:上半年", "foo:bar", "title:科技", "YEAR:2023", ":", "::", "科技", "特派员", "科技特派员", "养老服务",
    "2023年", "高企", "*", "?", "~", "^2", "\\", "/", "\x00", "\x07", "\x1b[31m", "\u200b", "\ufeff", "\u202e",
    "\t", "\n", "\r", " ", "\u3000", "💥", "é", "\U0010ffff", "NULL", "<script>", "%s", "{0}",
]

query_like = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=14).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=14).map("".join),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=10).map(" ".join),
)
any_text = st.text(max_size=300)
queries = st.one_of(any_text, query_like)

LONG_QUERIES = ["科" * 10_000, '"' * 10_000, "(" * 10_000, ")" * 10_000, "科技 " * 2_000, "OR " * 3_333,
                "\x00" * 10_000, "-" * 10_000, "year:2023 " * 1_000, "a" * 1_000, "科技特派员制度" * 140]
NASTY_QUERIES = ['"科技特派员', "科技特派员\"", "(科技 OR 教育", "科技)", "OR", "OR 科技", "科技 OR", "NOT",
                 "-", "--", "AND", "()", '""', "foo:bar", "year:abc", "year:", "kind:xyz", ":", "\x00",
                 "\x1b[2J", "\n\n", "   ", "", "科技 -", "NOT NOT", "((((", "))))", "科技 OR OR 养老",
                 "dept:", "年份:二〇二三", "𠀀𠀁𠀂", "\ud7ff", "科技\x00特派员"]


def _one_line(message: str, context: str) -> None:
    assert message.strip(), f"empty error for {context}"
    assert "\n" not in message.strip() and "\r" not in message.strip(), f"multi-line error {message!r} for {context}"
    assert "Traceback" not in message, context
    assert len(message) <= MAX_MESSAGE_CHARS, f"error of {len(message)} chars for {context}: {message[:120]}…"


# -- one small index for the whole module ----------------------------------------------------------


@pytest.fixture(scope="module")
def index_path(sample_index) -> Path:
    """The session's index of the bundled sample reports (conftest)."""
    return sample_index


@pytest.fixture(scope="module")
def ix(index_path):
    from huigu import store
    return store.open_store(index_path)


# -- the library ------------------------------------------------------------------------------------


def _search_or_error(ix, query, filters=None, **kwargs):
    from huigu.search import search
    from huigu.errors import HuiguError
    try:
        result = search(ix, query, filters, limit=5, **kwargs)
    except HuiguError as err:
        _one_line(str(err), repr(query)[:200])
        return None
    assert isinstance(result.hits, list) and result.total >= 0
    return result


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries)
@example(query="科技特派员")  # a query that finds something: the property is not vacuous
def test_library_search_gives_results_or_one_line_error(ix, query):
    _search_or_error(ix, query)


@pytest.mark.parametrize("query", LONG_QUERIES + NASTY_QUERIES, ids=lambda q: repr(q[:12]) + f"…{len(q)}")
def test_library_search_on_known_nasty_queries(ix, query):
    _search_or_error(ix, query, with_facets=True)


def test_many_repeated_words_answer_in_bounded_time(index_path):
    from helpers_hostile import run_huigu

    run = run_huigu("search", "科技" * 400, "--index", str(index_path), "--format", "json", timeout=10)
    assert not run.timed_out and run.returncode in (0, 1, 2), run.describe()


def test_a_real_query_finds_something(ix):
    result = _search_or_error(ix, "科技特派员")
    assert result is not None and result.hits


filter_text = st.one_of(st.text(max_size=40), st.sampled_from(["科技局", "民政局", "工作总结", "科技创新", "", " "]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.one_of(st.sampled_from(["科技", "养老 OR 教育", "-疫情 year:2023"]), queries),
       year=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["2023", "2022-2024", "2024~2022", "二〇二三"])),
       department=st.one_of(st.none(), filter_text), doc_type=st.one_of(st.none(), filter_text),
       period=st.one_of(st.none(), filter_text), kind=st.one_of(st.none(), filter_text),
       topic=st.one_of(st.none(), filter_text))
def test_library_filters_give_results_or_one_line_error(ix, query, year, department, doc_type, period, kind, topic):
    from huigu.search.syntax import parse_year_range
    from huigu.search import Filters
    from huigu.errors import HuiguError
    try:
        years = parse_year_range(year) if year is not None else None
    except HuiguError as err:
        _one_line(str(err), f"year {year!r}")
        return
    filters = Filters(year=years, department=department, doc_type=doc_type, period=period, kind=kind, topic=topic)
    _search_or_error(ix, query, filters)


@pytest.mark.parametrize("query, names, advice", [
    ('"科技特派员', "科技特派员", "引号"),
    ("(科技 OR 教育", "(", "括号"),
    ("科技)", ")", "没有对应"),
    ("OR 科技", "OR", "A OR B"),
    ("科技 OR", "OR", "A OR B"),
    ("NOT", "NOT", "NOT 词"),
    ("科技 -", "-", "-词"),
    ("foo:bar", "foo", "可用的字段"),
    ("year:abc", "abc", "2022-2024"),
    ("year:", "year", "例如"),
    ("kind:xyz", "xyz", "review"),
    ('""', "引号", "精确查找"),
    ("()", "括号", "括号里是空的"),
    ("科" * 10_001, "10001", "请只保留关键词"),
    ("AND", "没有可检索的词", "请输入关键词"),
    ("\x00\x01", "没有可检索的词", "请输入关键词"),
])
def test_query_errors_name_the_bad_part_and_say_what_to_do(ix, query, names, advice):
    from huigu.search import search
    from huigu.errors import HuiguError
    with pytest.raises(HuiguError) as caught:
        search(ix, query)
    message = str(caught.value)
    _one_line(message, repr(query[:30]))
    assert names in message and advice in message, message


# -- the command line ---------------------------------------------------------------------------------


def _invoke(args: list[str]):
    from huigu.cli import cli

    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    context = f"huigu {' '.join(repr(a)[:60] for a in args)}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"{context} raised {type(result.exception).__name__}\n{trace}")
    assert "Traceback" not in result.output, context
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("错误："), f"{context}: stderr {result.stderr!r}"
        _one_line(lines[0], context)
    else:
        assert result.exit_code in (0, 1), f"{context}: exit {result.exit_code}, stderr {result.stderr!r}"
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries)
@example(query="-疫情")
@example(query="--index")
@example(query="科" * 10_000)
@example(query="科技特派员")
def test_cli_search(index_path, query):
    result = _invoke(["search", query, "--index", str(index_path), "--format", "json"])
    if result.exit_code in (0, 1):
        json.loads(result.stdout)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=queries)
@example(text="-疫情")
@example(text="科" * 10_000)
@example(text="全面落实最低生活保障制度，推进社会救助扩围增效")
def test_cli_similar(index_path, text):
    from huigu.cli import cli

    if "similar" not in cli.commands:
        pytest.skip("huigu similar is not registered yet")
    _invoke(["similar", text, "--index", str(index_path), "--format", "json"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(["search", "similar"]), option=st.sampled_from(
    ["--year", "--department", "--type", "--period", "--kind", "--topic", "--limit"]),
       value=st.one_of(st.text(max_size=40), st.sampled_from(["2023", "2024-2022", "0", "-1", "全年", "plan", "x" * 5000])))
def test_cli_filters(index_path, command, option, value):
    from huigu.cli import cli

    if command not in cli.commands:
        pytest.skip(f"huigu {command} is not registered yet")
    _invoke([command, "科技", "--index", str(index_path), option, value])


def test_cli_errors_are_single_lines_for_usage_mistakes(index_path):
    """click's own usage errors as well: unknown option, bad choice, missing argument."""
    for args in (["search", "-疫情", "--index", str(index_path)],
                 ["search", "科技", "--index", str(index_path), "--period", "全部"],
                 ["search", "--index", str(index_path)],
                 ["search", "科技", "--index", str(index_path), "--limit", "0"],
                 ["serach", "科技"]):
        result = _invoke(args)
        assert result.exit_code == 2, args
    hint = _invoke(["search", "-疫情", "--index", str(index_path)]).stderr
    assert "-疫" in hint and re.search(r"--|后面", hint), hint
