"""``huigu docs``, ``huigu show`` and ``huigu stats``: what the knowledge base holds."""
from __future__ import annotations

import click

from huigu.cli.options import chosen_format, format_option, friendly_errors, index_option, open_knowledge_base


@click.command("docs")
@index_option
@format_option(["table", "json"])
@friendly_errors
def docs_command(index_path, output_format):
    """列出已导入的文档及其元数据（部门、年份、类型、时段、文号…，以及每项的来源）。"""
    from huigu.output import render

    docs = open_knowledge_base(index_path).documents()
    fmt = chosen_format(output_format)
    click.echo(render.docs_json(docs) if fmt == "json" else render.docs_table(docs))


@click.command()
@click.argument("record_id", metavar="RECORD_ID")
@index_option
@click.option("--context", type=click.IntRange(0, 20), default=1, help="段落前后各显示几段（默认 1）。")
@friendly_errors
def show(record_id, index_path, context):
    """显示一篇文档的提纲，或一个段落及其上下文和出处。

    RECORD_ID 是 docs / search 输出中的编号：文档如 04774c1a-1，段落如 04774c1a-1.19。
    """
    from huigu.errors import HuiguError
    from huigu.output.show import outline_text, passage_text

    store = open_knowledge_base(index_path)
    doc = store.document(record_id)
    if doc is not None:
        click.echo(outline_text(doc))
        return
    data = store.passage(record_id)
    if data is None:
        raise HuiguError(f"没有编号为 {record_id} 的文档或段落：编号见 huigu docs 或 huigu search 的输出")
    click.echo(passage_text(data, store.passages_of(data["doc_id"]), context))


@click.command()
@index_option
@format_option(["table", "json"])
@friendly_errors
def stats(index_path, output_format):
    """知识库概况：按年份×部门、按主题统计文档和段落数。"""
    from huigu.output.stats import stats_json, stats_table
    from huigu.store.stats import collect

    summary = collect(open_knowledge_base(index_path))
    click.echo(stats_json(summary) if chosen_format(output_format) == "json" else stats_table(summary))
