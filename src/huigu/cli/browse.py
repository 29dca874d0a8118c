"""``huigu docs``, ``huigu show`` and ``huigu stats``: what the knowledge base holds."""
from __future__ import annotations

import click

from pathlib import Path

from huigu.cli.options import (build_filters, check_filters, chosen_format, format_option, friendly_errors, index_option,
                               open_knowledge_base, year_option)
from huigu.errors import HuiguError


@click.command("docs")
@index_option
@year_option
@click.option("--department", default=None, metavar="部门", help="只列这个部门的文档：全称、简称或别名均可。")
@click.option("--type", "doc_type", default=None, metavar="类型", help="只列这种类型的文档：工作总结、工作计划、政府工作报告…")
@format_option(["table", "json", "csv", "xlsx"])
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="写入文件（--format xlsx 时必填）。")
@friendly_errors
def docs_command(index_path, year, department, doc_type, output_format, output):
    """列出已导入的文档及其元数据（部门、年份、类型、时段、文号…，以及每项的来源）。

    csv 为带 BOM 的 UTF-8，Excel 和 WPS 表格可直接打开；xlsx 需用 -o 指定文件。

    \b
    示例：
      huigu docs
      huigu docs --department 科技局 --year 2022-2024
      huigu docs --type 工作总结 --format xlsx -o 文档清单.xlsx
      huigu docs --format csv -o 文档清单.csv
    """
    from huigu.output import docs as render

    store = open_knowledge_base(index_path)
    filters = build_filters(year, department, doc_type, None, None, None)
    check_filters(store, filters)
    docs = selected_documents(store, filters)
    fmt = chosen_format(output_format)
    if fmt == "xlsx":
        if not output:
            raise HuiguError("--format xlsx 需要用 -o 指定输出文件，例如 -o 文档清单.xlsx")
        _write(output, render.docs_xlsx(docs))
        click.echo(f"已写入 {output}（{len(docs)} 篇文档）")
        return
    if fmt == "table":  # a file gets the whole table, a terminal one that fits it
        text = render.docs_table(docs, width=0 if output else None)
    else:
        text = {"json": render.docs_json, "csv": render.docs_csv}[fmt](docs)
    if output:
        _write(output, text.encode("utf-8"))
        click.echo(f"已写入 {output}（{len(docs)} 篇文档）")
    else:
        click.echo(text, nl=fmt != "csv")


def selected_documents(store, filters) -> list[dict]:
    """The documents with a passage the filters select (the query tree a search is
    restricted by, so --department means here what it means there); all without filters."""
    from huigu.search import filter_query

    docs = store.documents()
    restrict = filter_query(filters) if filters.any() else None
    if restrict is None:
        return docs
    wanted = {pid.rsplit(".", 1)[0] for pid in store.passage_ids(restrict)}
    return [d for d in docs if d["id"] in wanted]


def _write(output: str, content: bytes) -> None:
    try:
        Path(output).write_bytes(content)
    except OSError as err:
        raise HuiguError(f"无法写入 {output}（{err.strerror or err}）：请检查路径和权限") from err


@click.command()
@click.argument("record_id", metavar="RECORD_ID")
@index_option
@click.option("--context", type=click.IntRange(0, 20), default=1, help="段落前后各显示几段（默认 1）。")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="输出格式：text / json（默认 text；json 与网页的 /api/show/<编号> 相同）。")
@friendly_errors
def show(record_id, index_path, context, output_format):
    """显示一篇文档的提纲，或一个段落及其上下文和出处。

    RECORD_ID 是 docs / search 输出中的编号：文档如 04774c1a-1，段落如 04774c1a-1.19。
    要打开来源文件本身，用 huigu open。

    \b
    示例：
      huigu show 04774c1a-1            文档提纲
      huigu show 04774c1a-1.19         段落及前后各一段
      huigu show 04774c1a-1.19 --context 3
      huigu show 04774c1a-1.19 --format json   记录本身（JSON）
    """
    from huigu.output.show import document_json, outline_text, passage_json, passage_text

    as_json = output_format == "json"
    store = open_knowledge_base(index_path)
    doc = store.document(record_id)
    if doc is not None:
        click.echo(document_json(doc) if as_json else outline_text(doc))
        return
    data = store.passage(record_id)
    if data is None:
        raise HuiguError(f"没有编号为 {record_id} 的文档或段落：编号见 huigu docs 或 huigu search 的输出")
    passages = store.passages_of(data["doc_id"])
    click.echo(passage_json(data, passages, context) if as_json else passage_text(data, passages, context))


@click.command()
@index_option
@format_option(["table", "json"])
@friendly_errors
def stats(index_path, output_format):
    """知识库概况：按年份×部门、按主题统计文档和段落数。

    \b
    示例：
      huigu stats
      huigu stats --format json
    """
    from huigu.output.stats import stats_json, stats_table
    from huigu.store.stats import collect

    summary = collect(open_knowledge_base(index_path))
    click.echo(stats_json(summary) if chosen_format(output_format) == "json" else stats_table(summary))
