"""``huigu search``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from huigu.cli.options import (FORMATS, build_filters, check_filters, chosen_format, filter_options, friendly_errors,
                               index_option, open_knowledge_base)
from huigu.errors import HuiguError


@click.command()
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
    退出状态：0 有结果；1 没有结果；2 查询、用法或类型/主题/部门有误。

    \b
    示例：
      huigu search 科技特派员 --year 2022-2024 --department 科技局
      huigu search 健身步道 --kind plan --format md
    """
    from huigu.output import render
    from huigu.search import search as run_search

    filters = build_filters(year, department, doc_type, period, kind, topic)
    store = open_knowledge_base(index_path)
    check_filters(store, filters)
    result = run_search(store, query, filters, limit=limit, with_facets=facets)
    fmt = chosen_format(output_format)
    if fmt == "docx":
        from huigu.output.docx import write_docx

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
