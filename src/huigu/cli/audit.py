"""The ``commitments``, ``audit`` and ``lint`` commands.

Only click and the shared decorators of ``cli/options.py`` are imported here; the audit machinery is imported
inside each command, so ``huigu search`` starts as fast as before.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from huigu.cli.options import (
    chosen_format,
    format_option,
    friendly_errors,
    index_option,
    year_option,
)
from huigu.errors import HuiguError

department_option = click.option(
    "--department", default=None,
    help="部门：全称、简称或别名均可（科技局 / 云溪市科学技术局 / 海拉尔区）。")


def _years(year):
    """(first, last) or None; a bad year is a QuerySyntaxError, which friendly_errors reports."""
    if not year:
        return None
    from huigu.search.syntax import parse_year_range

    return parse_year_range(year)


def selection_options(function):
    """--index, --department and --year, shared by commitments, audit and lint."""
    return index_option(department_option(year_option(function)))


output_option = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                             help="写入文件而不是屏幕。")


def _open(index_path):
    from huigu.store import location_of, open_store

    return open_store(location_of(index_path))


def _progress_bar():
    """A progress bar on stderr for a long audit, only when stderr is a terminal."""
    state = {"bar": None}

    def progress(event, info):
        if event == "start" and info.get("total", 0) >= PROGRESS_FROM and sys.stderr.isatty():
            state["bar"] = click.progressbar(length=info["total"], label="核对承诺", file=sys.stderr, show_pos=True)
            state["bar"].__enter__()
        elif event == "commitment" and state["bar"] is not None:
            state["bar"].update(1)
        elif event == "done" and state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
            state["bar"] = None
    return progress


PROGRESS_FROM = 50  # commitments: below this an audit takes well under a second


def _emit(text: str, output) -> None:
    if output:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        click.echo(f"已写入 {output}", err=True)
    else:
        click.echo(text)


@click.command("commitments")
@selection_options
@format_option(["table", "json", "md", "csv"])
@output_option
@friendly_errors
def commitments_command(index_path, department, year, output_format, output):
    """列出计划中的承诺：每个具体指标（带数值、单位、限定词）或具体事项一条，一般性表述不列。

    --year 指计划年份（承诺要在哪一年兑现）。退出状态：0 有承诺；1 没有找到。

    \b
    示例：
      huigu commitments --department 科技局 --year 2024
      huigu commitments --format json > 承诺.json
    """
    from huigu.audit.run import commitments_of
    from huigu.output import audit as render

    found = commitments_of(_open(index_path), department, _years(year))
    fmt = chosen_format(output_format)
    text = {"json": render.commitments_json, "md": render.commitments_md,
            "csv": render.commitments_csv}.get(fmt, render.commitments_table)(found)
    _emit(text, output)
    sys.exit(0 if found else 1)


@click.command("audit")
@selection_options
@click.option("--format", "output_format", type=click.Choice(["table", "json", "md", "csv", "xlsx"]), default=None,
              help="输出格式：table / json / md / csv / xlsx（xlsx 需配合 -o；默认：终端为 table，管道为 json）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="写入文件（--format xlsx 时必填；不写格式而文件名以 .xlsx 结尾时按 xlsx 写）。")
@friendly_errors
def audit_command(index_path, department, year, output_format, output):
    """核对承诺兑现情况：每项承诺找到同一部门回顾该年的下一份总结，列出证据和结论。

    \b
    结论：已完成（met）、部分完成（partly）、未提及（not_reported）、无法判断（unclear），
    每条附一句可核对的理由（如“目标≥1200万人，报告1256万人，达到”）和证据出处。
    不加 --department / --year 时核对索引中的全部计划。
    退出状态：0 有结果；1 没有可核对的承诺；2 用法错误。

    \b
    示例：
      huigu audit --department 教体局 --year 2024
      huigu audit --format xlsx -o 承诺兑现情况.xlsx
      huigu audit --format md > 承诺兑现.md
    """
    from huigu.audit.run import run_audit
    from huigu.output import audit as render

    if output_format is None and output and output.lower().endswith(".xlsx"):
        output_format = "xlsx"
    if output_format == "xlsx" and not output:
        raise HuiguError("--format xlsx 需要用 -o 指定输出文件，例如 -o 承诺兑现情况.xlsx")
    report = run_audit(_open(index_path), department, _years(year), progress=_progress_bar())
    fmt = chosen_format(output_format)
    if fmt == "xlsx":
        try:
            written = render.write_xlsx(output, report)
        except OSError as err:
            raise HuiguError(f"无法写入 {output}：{err.strerror or err}") from err
        click.echo(f"已写入 {output}（{written} 项承诺，{len({r.department for r in report.rows})} 个部门）")
    else:
        text = {"json": render.audit_json, "md": render.audit_md,
                "csv": render.audit_csv}.get(fmt, render.audit_table)(report)
        _emit(text, output)
    if not report.rows:
        click.echo("没有找到可核对的承诺：请检查 --department / --year，或先导入含计划部分的报告。", err=True)
    sys.exit(0 if report.rows else 1)


@click.command("lint")
@selection_options
@format_option(["table", "json", "md", "csv"])
@output_option
@friendly_errors
def lint_command(index_path, department, year, output_format, output):
    """检查未完成的文字：模板占位符（X家、X元、XX%）、识别错误（2()余项）、晚于成文日期的日期。

    --year 指文档年份。退出状态：0 没有发现问题；1 有需要修改的地方；2 用法错误。

    \b
    示例：
      huigu lint
      huigu lint --department 科技局 --format md
    """
    from huigu.audit.lint import lint_index
    from huigu.output import lint as render

    results = lint_index(_open(index_path), department, _years(year))
    fmt = chosen_format(output_format)
    text = {"json": render.lint_json, "md": render.lint_md, "csv": render.lint_csv}.get(fmt, render.lint_table)(results)
    _emit(text, output)
    sys.exit(1 if results else 0)
