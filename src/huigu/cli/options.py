"""Options and error handling shared by every command."""
from __future__ import annotations

import functools
import re
import sys

import click

from huigu.cli import zh
from huigu.errors import HuiguError

zh.install()  # before any command is built: click.Path names itself when constructed

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
        message = re.sub(r"“([^”]{30})[^”]{2,}”", r"“\1…”", message)
        message = re.sub(r"。 (?=\S)", "，", message)  # 没有 --nope 这个选项，是不是 '--index'？
        message = re.sub(r"[.。]$", "", message)  # click ends some messages with an English full stop
        click.echo(f"错误：{message}（{hint}）", err=True)


class _Formatter(click.HelpFormatter):
    """click's help layout with Chinese punctuation (用法：huigu …, 选项：) and text wrapped by
    the columns it takes in a terminal."""

    def write_usage(self, prog: str, args: str = "", prefix=None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        """Paragraphs wrapped by display width (``zh.wrap``); a paragraph after a line
        holding only ``\\b`` is kept as written, as click does."""
        indent = " " * self.current_indent
        out = []
        for paragraph in re.split(r"\n[ \t]*\n", text.strip("\n")):
            lines = paragraph.splitlines()
            if lines and lines[0].strip() == "\b":
                out.append("\n".join(indent + line.rstrip() for line in lines[1:]))
            else:
                wrapped = zh.wrap(zh.join_lines(lines), max(self.width - self.current_indent, 20))
                out.append("\n".join(indent + line for line in wrapped))
        self.write("\n\n".join(out) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """click's definition list, its first column padded by display width (目录 takes
        four columns, click counts two)."""
        from huigu.output.render import display_width

        rows = [(first, second) for first, second in rows]
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            second = re.sub(r"\[([^\[\]]*)\]$", lambda m: "[" + m.group(1).replace("; ", "；") + "]", second)
            lines = zh.wrap(second, text_width) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class _Context(click.Context):
    formatter_class = _Formatter


OPTIONS_METAVAR = "[选项]"


def summary(help_text: str) -> str:
    """A command's one-line summary: the first sentence of its help (up to the first 。)."""
    first = (help_text or "").strip().split("\n\n", 1)[0]
    text = "".join(line.strip() for line in first.splitlines())
    end = text.find("。")
    return text[:end + 1] if end >= 0 else text


def adapt(command: click.Command) -> click.Command:
    """A registered command's help in Chinese: the formatter, the option metavars
    (整数 rather than INTEGER), and its whole first sentence as the summary ``huigu -h``
    lists (click would cut it at 45 characters with ...)."""
    command.context_class = _Context
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    if not command.short_help and command.help:
        command.short_help = summary(command.help)
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
            name = zh.type_name(param)
            if name:
                param.metavar = name
    return command


class _Group(click.Group):
    context_class = _Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def add_command(self, cmd: click.Command, name=None) -> None:
        super().add_command(adapt(cmd), name)

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
        click.option("--department", default=None, metavar="部门", help="部门：全称、简称或别名均可（科技局 / 科学技术局 / 云南）。"),
        click.option("--type", "doc_type", default=None, metavar="类型", help="文档类型：工作总结、工作计划、工作思路、政府工作报告、意识形态工作报告…"),
        click.option("--period", default=None, type=click.Choice(["全年", "上半年", "下半年", "季度"]), help="时段。"),
        click.option("--kind", default=None, type=click.Choice(["review", "problem", "plan", "other"]),
                     help="章节类别：review 成效 / problem 问题 / plan 计划 / other 其他。"),
        click.option("--topic", default=None, metavar="主题", help="主题，如 科技创新、教育、民生保障（见 huigu stats）。"),
    ]):
        function = decorator(function)
    return function


def build_filters(year, department, doc_type, period, kind, topic):
    from huigu.search.syntax import parse_year_range
    from huigu.search.filters import Filters

    return Filters(year=parse_year_range(year) if year else None, department=department,
                   doc_type=doc_type, period=period, kind=kind, topic=topic)



def shown_value(value: str, limit: int = 30) -> str:
    """What a person typed, fit for a one-line message: control and line-break characters
    as spaces, a pasted paragraph cut to its start."""
    import unicodedata

    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _listed(values, limit: int = 30) -> str:
    values = list(values)
    shown = "、".join(values[:limit])
    return shown + (f" 等 {len(values)} 个" if len(values) > limit else "")


def check_filters(store, filters) -> None:
    """A ``--type``, ``--topic`` or ``--department`` nothing can match is a mistake to say,
    with the values that would match, rather than an empty result."""
    from huigu.lexicon import doctypes, tables

    docs = None
    if filters.doc_type:
        docs = store.documents()
        held = sorted({d.get("doc_type") for d in docs if d.get("doc_type")})
        known = doctypes.names()
        if filters.doc_type not in set(known) | set(held):
            raise HuiguError(f"没有“{shown_value(filters.doc_type)}”这种文档类型：可用 {_listed(held + [t for t in known if t not in held])}"
                             f"（知识库中有 {_listed(held) or '（无）'}）")
    if filters.topic:
        known = list(tables.topics())
        if filters.topic.lower() not in {t.lower() for t in known}:
            raise HuiguError(f"没有“{shown_value(filters.topic)}”这个主题：可用 {_listed(known)}")
    if filters.department:
        from huigu.search.plan import department_query

        if not store.passage_ids(department_query(filters.department)):
            docs = docs if docs is not None else store.documents()
            held = sorted({d.get("department_short") or d.get("department") for d in docs
                           if d.get("department_short") or d.get("department")})
            raise HuiguError(f"知识库中没有部门“{shown_value(filters.department)}”的文档：已有的部门 {_listed(held) or '（无）'}")
