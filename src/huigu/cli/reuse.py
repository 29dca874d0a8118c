"""``huigu similar``, ``huigu overlap`` and ``huigu phrases``: reuse of earlier wording.

Thin commands: parse the options, call ``huigu.reuse``, render through
``huigu.output.reuse`` / ``huigu.output.docx``.  Only click and the shared option
decorators are imported at module level: ``huigu search`` loads this module too.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from huigu.cli.options import (build_filters, check_filters, chosen_format, filter_options, friendly_errors,
                               index_option, open_knowledge_base)
from huigu.errors import HuiguError


def _emit(text: str, output) -> None:
    if output:
        try:
            Path(output).write_text(text + "\n", encoding="utf-8")
        except OSError as err:
            raise HuiguError(f"无法写入 {output}：{err.strerror or err}") from err
    else:
        click.echo(text)


def _docx_target(output) -> None:
    from huigu.output.docx import check_path

    if not output:
        raise HuiguError("--format docx 需要用 -o 指定输出文件，例如 -o 素材汇编.docx")
    check_path(output)


# ── similar ──────────────────────────────────────────────────────────────────


@click.command("similar")
@click.argument("text", required=False)
@click.option("--file", "draft", type=click.Path(dir_okay=False), default=None,
              help="草稿文件（.docx / .txt / .md）：逐段查找，每段列出最相近的往年段落。")
@click.option("--passage", "passage_id", default=None, help="已导入段落的编号：查找其他文档中与它相近的段落。")
@index_option
@filter_options
@click.option("--limit", type=click.IntRange(1, 100), default=5, help="每段最多列出几条（默认 5）。")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "md", "docx"]), default=None,
              help="输出格式：table / json / md / docx（docx 需配合 -o）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="写入文件（--format docx 时必填）。")
@friendly_errors
def similar_command(text, draft, passage_id, index_path, year, department, doc_type, period, kind, topic,
                    limit, output_format, output):
    """相似段落：往年怎么写过同样的工作。

    列出知识库中与 TEXT（或草稿的每一段）措辞和内容最接近的段落，最相近的在前，每条带出处，并标出与输入相同的词句。

    相似度 0~1：0.75 以上“几乎相同”，0.45 以上“部分改写”，0.30 以上“措辞相近”；低于 0.30 不算相近，这时会明确说明知识库中没有相近的内容。

    退出状态：0 至少一段找到相近段落；1 都没有；2 用法错误。

    \b
    示例：
      huigu similar "深入推行科技特派员制度，全年选派科技特派员60名"
      huigu similar --file 2025年上半年工作总结（草稿）.docx --year 2022-2024
      huigu similar --passage 04774c1a-1.6 --format json
      huigu similar --file 草稿.docx --format docx -o 素材汇编.docx   Word 素材汇编：每段草稿下列出为它找到的段落
    """
    from huigu.output import reuse as render
    from huigu.output.render import use_color
    from huigu.reuse.similar import similar

    filters = build_filters(year, department, doc_type, period, kind, topic)
    fmt = chosen_format(output_format)
    if fmt == "docx":
        _docx_target(output)
    store = open_knowledge_base(index_path)
    try:
        check_filters(store, filters)
        result = similar(store, text=text, file=draft, passage=passage_id, filters=filters, limit=limit)
    finally:
        store.close()
    if fmt == "docx":
        from huigu.output.docx import write_similar_docx

        count = write_similar_docx(output, result)
        click.echo(f"已写入 {output}（{count} 段）")
    else:
        _emit({"json": render.similar_json, "md": render.similar_md}.get(
            fmt, lambda r: render.similar_table(r, use_color(sys.stdout) and not output))(result), output)
    sys.exit(0 if any(p.matches for p in result.paragraphs) else 1)


# ── overlap ──────────────────────────────────────────────────────────────────


@click.command("overlap")
@click.argument("a")
@click.argument("b", required=False)
@index_option
@click.option("--before", "scope", flag_value="before", default=None,
              help="不给 B 时，只与在 A 之前的文档比较（都有日期的按日期，否则按年份；已导入文档的默认）。")
@click.option("--all", "scope", flag_value="all",
              help="不给 B 时，与全部已导入文档比较，含同年的（草稿文件的默认）。")
@click.option("--min-chars", type=click.IntRange(8, 10000), default=12, show_default=True,
              help="连续相同多少字以上才算重复（不计空白和标点）。")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "md", "csv"]), default=None,
              help="输出格式：table / json / md / csv（默认：终端为 table，管道为 json）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="写入文件。")
@friendly_errors
def overlap_command(a, b, index_path, scope, min_chars, output_format, output):
    """重复文字（照搬照抄）：A 有多少文字与 B 相同。

    A、B 是文档编号（见 huigu docs）或文件（.docx / .txt / .md）。不给 B 时与知识库比较：A 是文件（草稿）时默认与全部已导入文档比较，含同年的；A 是已导入的文档时默认只与在它之前的文档比较（都有日期的按日期，否则按年份）。--before / --all 明确指定范围，输出写明用了哪个范围。给出重复字数占 A 的比例，以及每一处重复片段在 A 和 B 中的出处。空白、标点和换行的差别不影响比较。

    \b
    示例：
      huigu overlap 04774c1a-1            示例报告：2023年总结与此前的文档相比
      huigu overlap 草稿.docx             草稿与整个知识库相比（含今年的文档）
      huigu overlap 草稿.docx --before    只与草稿年份以前的文档相比
      huigu overlap 2025年工作总结（草稿）.docx 84f632a0-1
      huigu overlap 草稿.docx --min-chars 20 --format json
    """
    from huigu.output import reuse as render
    from huigu.reuse.overlap import needs_store, overlap

    store = open_knowledge_base(index_path) if needs_store(a, b) else None
    try:
        result = overlap(store, a, b, min_chars=min_chars, scope=scope)
    finally:
        if store is not None:
            store.close()
    fmt = chosen_format(output_format)
    _emit({"json": render.overlap_json, "md": render.overlap_md, "csv": render.overlap_csv}.get(
        fmt, render.overlap_table)(result), output)


# ── phrases ──────────────────────────────────────────────────────────────────


@click.command("phrases")
@index_option
@filter_options
@click.option("--limit", type=click.IntRange(1, 500), default=15, help="每类最多列出几条（默认 15）。")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "md", "csv"]), default=None,
              help="输出格式：table / json / md / csv（默认：终端为 table，管道为 json）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="写入文件。")
@friendly_errors
def phrases_command(index_path, year, department, doc_type, period, kind, topic, limit, output_format, output):
    """常用套话：所选段落中用得最多的四字格（凝心聚力、拼搏实干）和固定句式（深入贯彻落实…精神、强化…建设），列出次数、涉及文档数、各年次数和一处出处。

    同一份报告重复导入（两个来源、两种格式）只算一次。

    \b
    示例：
      huigu phrases
      huigu phrases --department 科技局 --year 2022-2024
      huigu phrases --topic 科技创新 --limit 30 --format md
    """
    from huigu.output import reuse as render
    from huigu.reuse.phrases import phrases

    filters = build_filters(year, department, doc_type, period, kind, topic)
    store = open_knowledge_base(index_path)
    try:
        check_filters(store, filters)
        report = phrases(store, filters, limit=limit)
    finally:
        store.close()
    selection = {k: v for k, v in dict(year=year, department=department, type=doc_type, period=period,
                                        kind=kind, topic=topic).items() if v}
    fmt = chosen_format(output_format)
    _emit({"json": render.phrases_json, "md": render.phrases_md, "csv": render.phrases_csv}.get(
        fmt, render.phrases_table)(report, selection), output)
    sys.exit(0 if report.phrases else 1)
