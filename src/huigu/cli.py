"""The ``huigu`` command: a thin click layer over the library.

Each command parses options, calls one library function, and renders.  User mistakes
become one clear line (exit status 2); nothing prints a traceback.
"""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import click

from . import __version__
from .records import HuiguError

FORMATS = ["table", "json", "md", "csv"]


def index_option(function):
    return click.option(
        "--index", "index_path", type=click.Path(file_okay=False), default=None,
        help="索引目录（默认 ./index，或环境变量 HUIGU_INDEX）。",
    )(function)


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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="huigu")
def cli():
    """回顾（huigu）：把历年工作总结、计划和政府工作报告变成可检索、可引用的知识库。

    \b
    常用：
      huigu ingest 报告目录/          导入（可重复运行，只处理新增和改动的文件）
      huigu search 科技特派员         检索，结果带可核对的出处
      huigu docs                      列出已导入的文档
    """


# ── ingest ───────────────────────────────────────────────────────────────────


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--department", default=None, help="指定这些文件的部门（覆盖自动识别）。")
@click.option("--year", type=int, default=None, help="指定这些文件的年份（覆盖自动识别）。")
@click.option("--prune", is_flag=True, help="从索引中删除来源文件已不存在的文档。")
@click.option("--workers", type=click.IntRange(1, 16), default=None, help="并行处理的进程数（默认：CPU 核数，最多 2）。")
@click.option("--wait", "wait_seconds", type=click.FloatRange(0, 3600), default=0.0,
              help="索引正被另一个导入占用时，最多等待的秒数（默认不等，直接报错）。")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条。")
@friendly_errors
def ingest(paths, index_path, department, year, prune, workers, wait_seconds, quiet):
    """导入报告：读取 PATHS 下的 .docx / .txt / .md / .html / .pdf 文件，建立或更新索引。

    未改动的文件自动跳过；改动过的重新索引；无法读取的文件会列出原因，其余照常导入。

    退出状态：0 全部读取成功；1 有文件被跳过（其余已导入）；2 用法错误或索引无法写入。

    \b
    示例：
      huigu ingest examples/reports
      huigu ingest 2023年总结/ --department 科技局 --year 2023
    """
    from .ingest import ingest as run_ingest
    from .store import index_dir

    progress = None if quiet else _progress_printer()
    report = run_ingest([Path(p) for p in paths], index_dir(index_path), department=department, year=year,
                        prune=prune, workers=workers, progress=progress, wait_for_lock=wait_seconds)
    for notice in report.notices:
        click.echo(f"提示：{notice}", err=True)
    click.echo(f"导入完成（{report.seconds:.1f} 秒）：发现 {report.files_seen} 个文件，"
               f"新读入 {report.files_indexed} 个，未改动跳过 {report.files_unchanged} 个，"
               f"无法读取 {len(report.skipped)} 个。")
    click.echo(f"索引 {index_dir(index_path)} 现有 {report.documents} 篇文档、{report.passages} 个段落。")
    for source, other in report.duplicates:
        click.echo(f"提示：{source} 与已导入的 {other} 内容相同，未重复导入", err=True)
    if report.pruned:
        click.echo(f"已从索引删除 {len(report.pruned)} 个不存在的文件：" + "、".join(report.pruned[:10]))
    for source, warning in report.warnings:
        click.echo(f"注意：{source}：{warning}", err=True)
    for source, reason in report.skipped:
        click.echo(f"跳过：{source}：{reason}", err=True)
    sys.exit(report.exit_code)


def _progress_printer():
    state = {"bar": None, "done": 0}

    def progress(event, info):
        if event == "start" and info["total"] and sys.stderr.isatty():
            state["bar"] = click.progressbar(length=info["total"], label="导入中", file=sys.stderr,
                                             show_pos=True, item_show_func=lambda s: s)
            state["bar"].__enter__()
        elif event == "file" and state["bar"] is not None:
            state["bar"].update(1, info["source"][-30:])
        elif event == "done" and state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
            state["bar"] = None
    return progress


# ── docs / show / stats ──────────────────────────────────────────────────────


@cli.command("docs")
@index_option
@format_option(["table", "json"])
@friendly_errors
def docs_command(index_path, output_format):
    """列出已导入的文档及其元数据（部门、年份、类型、时段、文号…，以及每项的来源）。"""
    from . import render, store

    ix = store.open_index(store.index_dir(index_path))
    docs = store.documents(ix)
    fmt = chosen_format(output_format)
    click.echo(render.docs_json(docs) if fmt == "json" else render.docs_table(docs))


@cli.command()
@click.argument("record_id", metavar="RECORD_ID")
@index_option
@click.option("--context", type=click.IntRange(0, 20), default=1, help="段落前后各显示几段（默认 1）。")
@friendly_errors
def show(record_id, index_path, context):
    """显示一篇文档的提纲，或一个段落及其上下文和出处。

    RECORD_ID 是 docs / search 输出中的编号：文档如 04774c1a-1，段落如 04774c1a-1.19。
    """
    from . import store
    from .show import show_text

    ix = store.open_index(store.index_dir(index_path))
    click.echo(show_text(ix, record_id, context))


@cli.command()
@index_option
@format_option(["table", "json"])
@friendly_errors
def stats(index_path, output_format):
    """知识库概况：按年份×部门、按主题统计文档和段落数。"""
    from . import store
    from .stats import stats_json, stats_table, collect

    ix = store.open_index(store.index_dir(index_path))
    summary = collect(ix)
    click.echo(stats_json(summary) if chosen_format(output_format) == "json" else stats_table(summary))


# ── search ───────────────────────────────────────────────────────────────────


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
    from .qparse import parse_year_range
    from .query import Filters

    return Filters(year=parse_year_range(year) if year else None, department=department,
                   doc_type=doc_type, period=period, kind=kind, topic=topic)


@cli.command()
@click.argument("query")
@index_option
@filter_options
@click.option("--limit", type=click.IntRange(1, 1000), default=10, help="最多显示几条（默认 10）。")
@click.option("--facets", is_flag=True, help="同时列出命中段落按年份、部门、主题的分布。")
@click.option("--format", "output_format", type=click.Choice(FORMATS + ["docx"]), default=None,
              help="输出格式：table / json / md / csv / docx（docx 需配合 -o）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="写入文件（--format docx 时必填）。")
@friendly_errors
def search(query, index_path, year, department, doc_type, period, kind, topic, limit, facets, output_format, output):
    """检索：返回最相关的段落，每条带可核对的出处（部门、标题、文号、章节、段落、文件行号）。

    \b
    查询语法：
      科技特派员 乡村振兴      同时包含两个词的段落排在前面，其次是包含多数词的
      "科技成果转化"           精确短语
      高企 OR 高新技术企业     任一
      -疫情  或  NOT 疫情      排除
      year:2023  dept:民政局  kind:plan   写在查询里的过滤条件
    退出状态：0 有结果；1 没有结果；2 查询或用法错误。

    \b
    示例：
      huigu search 科技特派员 --year 2022-2024 --department 科技局
      huigu search 健身步道 --kind plan --format md
    """
    from . import render, store
    from .query import search as run_search

    filters = build_filters(year, department, doc_type, period, kind, topic)
    ix = store.open_index(store.index_dir(index_path))
    result = run_search(ix, query, filters, limit=limit, with_facets=facets)
    fmt = chosen_format(output_format)
    if fmt == "docx":
        from .export import write_docx

        if not output:
            raise HuiguError("--format docx 需要用 -o 指定输出文件，例如 -o 素材汇编.docx")
        write_docx(output, f"检索：{query}", [h.data for h in result.hits])
        click.echo(f"已写入 {output}（{len(result.hits)} 段）")
    else:
        text = {
            "json": render.search_json,
            "md": render.search_md,
            "csv": render.search_csv,
        }.get(fmt, lambda r: render.search_table(r, render.use_color(sys.stdout)))(result)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text)
        if facets and fmt == "table":
            click.echo("\n" + render.facets_table(result.facets))
    sys.exit(0 if result.hits else 1)


def _register_feature_commands() -> None:
    """Commands of the reuse (similar/overlap/phrases) and audit (commitments/audit/lint)
    features live in their own modules; each lists its click commands in COMMANDS."""
    import importlib

    for module_name in ("huigu.cli_reuse", "huigu.cli_audit"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:  # feature module not written yet
            if err.name != module_name:
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register_feature_commands()


def main():
    cli(prog_name="huigu")


if __name__ == "__main__":
    main()
