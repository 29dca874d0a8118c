"""Options and error handling shared by every command."""
from __future__ import annotations

import functools
import re
import sys

import click

from huigu.errors import HuiguError
FORMATS = ["table", "json", "md", "csv"]


def index_option(function):
    return click.option(
        "--index", "index_path", type=click.Path(file_okay=False), default=None,
        help="知识库：索引目录或 postgresql:// 地址（默认 ./index，或环境变量 HUIGU_INDEX）。",
    )(function)


def open_knowledge_base(index_path, create: bool = False):
    """The Store an ``--index`` option names (a HuiguError line when it cannot be opened)."""
    from huigu.store import location_of, open_store

    return open_store(location_of(index_path), create=create)


def format_option(choices=FORMATS, default=None):
    def decorator(function):
        return click.option(
            "--format", "output_format", type=click.Choice(choices), default=default,
            help="输出格式：" + " / ".join(choices) + "（默认：终端为 table，管道为 json）。",
        )(function)
    return decorator


def friendly_errors(function):
    """Turn library errors into one line and exit status 2."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except HuiguError as err:
            click.echo(f"错误：{err}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("已中断：已提交的文件保留在索引中，下次运行会补全其余部分。", err=True)
            sys.exit(130)
    return wrapper


def chosen_format(output_format):
    if output_format:
        return output_format
    return "table" if sys.stdout.isatty() else "json"


def year_option(function):
    return click.option("--year", "year", default=None, metavar="Y|Y1-Y2",
                        help="年份或年份范围，如 2023 或 2022-2024。")(function)


class _OneLineUsageError(click.UsageError):
    """click's usage errors (unknown option, bad choice, missing argument) in one line,
    like huigu's own, with where to look for help."""

    def __init__(self, err: click.UsageError):
        super().__init__(err.format_message(), err.ctx)
        self.dash_word = isinstance(err, click.NoSuchOption) and not err.option_name.lstrip("-").isascii()

    def show(self, file=None) -> None:
        command = self.ctx.command_path if self.ctx is not None else "huigu"
        hint = f"用 {command} -h 查看用法"
        if self.dash_word:  # huigu search -疫情: a query word, not an option
            hint = f"查询以“-”开头时，把排除词放到后面（如 {command} \"科技 -疫情\"）或在查询前加 --；{hint}"
        message = " ".join(self.format_message().split())
        message = re.sub(r"'([^']{30})[^']{2,}'", r"'\1…'", message)  # a pasted paragraph as an option value
        click.echo(f"错误：{message}（{hint}）", err=True)


class _Group(click.Group):
    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as err:
            raise _OneLineUsageError(err) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.NoArgsIsHelpError, _OneLineUsageError):
            raise
        except click.UsageError as err:
            raise _OneLineUsageError(err) from None



def filter_options(function):
    for decorator in reversed([
        year_option,
        click.option("--department", default=None, help="部门：全称、简称或别名均可（科技局 / 科学技术局 / 云南）。"),
        click.option("--type", "doc_type", default=None, help="文档类型：工作总结、工作计划、工作思路、政府工作报告、意识形态工作报告…"),
        click.option("--period", default=None, type=click.Choice(["全年", "上半年", "下半年", "季度"]), help="时段。"),
        click.option("--kind", default=None, type=click.Choice(["review", "problem", "plan", "other"]),
                     help="章节类别：review 成效 / problem 问题 / plan 计划 / other 其他。"),
        click.option("--topic", default=None, help="主题，如 科技创新、教育、民生保障（见 huigu stats）。"),
    ]):
        function = decorator(function)
    return function


def build_filters(year, department, doc_type, period, kind, topic):
    from huigu.search.syntax import parse_year_range
    from huigu.search.filters import Filters

    return Filters(year=parse_year_range(year) if year else None, department=department,
                   doc_type=doc_type, period=period, kind=kind, topic=topic)

