"""``huigu similar``, ``huigu overlap`` and ``huigu phrases``: reuse of earlier wording.

Only click and the shared option decorators are imported at module level: ``huigu
search`` loads this module too, and its start-up time matters.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from huigu.cli.options import chosen_format, filter_options, friendly_errors, index_option
from huigu.errors import HuiguError
MAX_RUNS_SHOWN = 60


def _emit(text: str, output) -> None:
    if output:
        try:
            Path(output).write_text(text + "\n", encoding="utf-8")
        except OSError as err:
            raise HuiguError(f"无法写入 {output}：{err.strerror or err}") from err
    else:
        click.echo(text)


def _docx(output, title: str, passages: list[dict]) -> None:
    from huigu.output.docx import write_docx

    if not output:
        raise HuiguError("--format docx 需要用 -o 指定输出文件，例如 -o 素材汇编.docx")
    count = write_docx(output, title, passages)
    click.echo(f"已写入 {output}（{count} 段）")


def _one_line(text: str, width: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width - 1] + "…"


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
      huigu similar --file 草稿.docx --format docx -o 素材汇编.docx
    """
    from huigu.cli.options import build_filters
    from huigu.reuse.similar import similar

    filters = build_filters(year, department, doc_type, period, kind, topic)
    result = similar(index_path, text=text, file=draft, passage=passage_id, filters=filters, limit=limit)
    fmt = chosen_format(output_format)
    if fmt == "docx":
        from huigu.reuse.similar import chosen_passages

        _docx(output, f"相似段落：{_one_line(result.input, 80)}", chosen_passages(result))
    else:
        _emit({"json": _similar_json, "md": _similar_md}.get(fmt, _similar_table)(result), output)
    sys.exit(0 if any(p.matches for p in result.paragraphs) else 1)


def _similar_json(result) -> str:
    from huigu.output.render import to_json
    from huigu.reuse.similar import to_dict

    return to_json(to_dict(result))


def _marked(text: str, spans: list[tuple[int, int]], mark: tuple[str, str], join_touching: bool = False) -> str:
    if join_touching:  # Markdown: "**a****b**" is not two bold runs
        joined: list[tuple[int, int]] = []
        for start, end in spans:
            if joined and start == joined[-1][1]:
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        spans = joined
    out, position = [], 0
    for start, end in spans:
        out += [text[position:start], mark[0], text[start:end], mark[1]]
        position = end
    return "".join(out) + text[position:]


def _similar_table(result) -> str:
    from huigu.ingest.pipeline import source_label
    from huigu.output.render import HIGHLIGHT_END, HIGHLIGHT_START, use_color
    from huigu.reuse.similar import nothing_close, verdict

    mark = (HIGHLIGHT_START, HIGHLIGHT_END) if use_color(sys.stdout) else ("【", "】")
    several = len(result.paragraphs) > 1
    blocks = []
    if several:
        close = sum(1 for p in result.paragraphs if p.matches)
        head = f"{result.input}：比较了 {len(result.paragraphs)} 段，其中 {close} 段在知识库中有相近段落"
        if result.skipped:
            head += f"（另有 {result.skipped} 个标题或短行未比较）"
        blocks.append(head)
    for paragraph in result.paragraphs:
        lines = []
        if several:
            where = f"（{paragraph.where}）" if paragraph.where else ""
            lines.append(f"■ 第{paragraph.number}段{where}：{_one_line(paragraph.text)}")
        if not paragraph.matches:
            lines.append(f"  {nothing_close(paragraph)}")
        for rank, match in enumerate(paragraph.matches, 1):
            data = match.data
            lines.append(f"  {rank}. {verdict(match.score)}  相似度 {match.score:.2f}"
                         f"（措辞 {match.wording:.2f}，内容 {match.meaning:.2f}）  [{match.id}]")
            lines.append(f"     {data['label']}")
            lines.append(f"     {source_label(data['doc'], data)}")
            lines.append(f"     {_marked(data['text'], match.spans, mark).replace(chr(10), ' ')}")
            for other in match.also:
                lines.append(f"     另见：{other['label']}  {source_label(other['doc'], other)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _similar_md(result) -> str:
    from huigu.ingest.pipeline import source_label
    from huigu.reuse.similar import nothing_close, verdict

    lines = [f"## 相似段落：{_one_line(result.input, 80)}", ""]
    for paragraph in result.paragraphs:
        where = f"（{paragraph.where}）" if paragraph.where else ""
        lines += [f"### 第{paragraph.number}段{where}", "", "> " + paragraph.text.replace("\n", "\n> "), ""]
        if not paragraph.matches:
            lines += [f"{nothing_close(paragraph)}。", ""]
        for rank, match in enumerate(paragraph.matches, 1):
            data = match.data
            quote = _marked(data["text"], match.spans, ("**", "**"), join_touching=True).replace("\n", "\n   > ")
            lines += [f"{rank}. {verdict(match.score)}（相似度 {match.score:.2f}）", "",
                      f"   > {quote}", "", f"   —— {data['label']}，{source_label(data['doc'], data)}", ""]
    return "\n".join(lines).rstrip() + "\n"


# ── overlap ──────────────────────────────────────────────────────────────────


@click.command("overlap")
@click.argument("a")
@click.argument("b", required=False)
@index_option
@click.option("--min-chars", type=click.IntRange(8, 10000), default=12, show_default=True,
              help="连续相同多少字以上才算重复（不计空白和标点）。")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "md", "csv"]), default=None,
              help="输出格式：table / json / md / csv（默认：终端为 table，管道为 json）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="写入文件。")
@friendly_errors
def overlap_command(a, b, index_path, min_chars, output_format, output):
    """重复文字（照搬照抄）：A 有多少文字与 B 相同。

    A、B 是文档编号（见 huigu docs）或文件（.docx / .txt / .md）。不给 B 时，与知识库中早于 A 的年份的全部文档比较（A 没有年份时与全部文档比较）。给出重复字数占 A 的比例，以及每一处重复片段在 A 和 B 中的出处。空白、标点和换行的差别不影响比较。

    \b
    示例：
      huigu overlap 04774c1a-1            示例报告：2023年总结与此前各年相比
      huigu overlap 2025年工作总结（草稿）.docx 84f632a0-1
      huigu overlap 草稿.docx --min-chars 20 --format json
    """
    from huigu.reuse.overlap import overlap

    result = overlap(a, b, index_path=index_path, min_chars=min_chars)
    fmt = chosen_format(output_format)
    render = {"json": _overlap_json, "md": _overlap_md, "csv": _overlap_csv}.get(fmt, _overlap_table)
    _emit(render(result), output)


def _side(description: dict) -> str:
    if "scope" in description:
        return f"{description['scope']}（{description['documents']} 篇文档，{description['passages']} 段）"
    name = description.get("id") or description.get("file")
    year = f"，{description['year']}年" if description.get("year") else ""
    return f"《{description.get('title') or name}》（{name}{year}）"


def _overlap_summary(result) -> list[str]:
    return [f"A：{_side(result.a)}", f"B：{_side(result.b)}",
            f"重复：{result.repeated_chars} / {result.a_chars} 字，占 A 的 {result.ratio:.1%}"
            f"（连续 {result.min_chars} 字以上相同才算，不计空白和标点）"]


def _overlap_json(result) -> str:
    from huigu.reuse.overlap import to_dict
    from huigu.output.render import to_json

    return to_json(to_dict(result))


def _overlap_table(result) -> str:
    lines = _overlap_summary(result)
    if not result.runs:
        lines.append("没有重复片段。")
        return "\n".join(lines)
    lines += ["", f"重复片段 {len(result.runs)} 处（按 A 中的顺序）："]
    for number, run in enumerate(result.runs[:MAX_RUNS_SHOWN], 1):
        lines.append(f"{number:>3}. [{run['chars']}字] {_one_line(run['text'], 70)}")
        lines.append(f"     A：{run['a_citation']['label']}  {run['a_citation']['where']}")
        lines.append(f"     B：{run['b_citation']['label']}  {run['b_citation']['where']}")
    if len(result.runs) > MAX_RUNS_SHOWN:
        lines.append(f"…另有 {len(result.runs) - MAX_RUNS_SHOWN} 处，用 --format json 或 csv 查看全部")
    return "\n".join(lines)


def _overlap_md(result) -> str:
    lines = ["## 重复文字", ""] + [f"- {line}" for line in _overlap_summary(result)] + [""]
    if result.runs:
        lines += ["| # | 字数 | 重复片段 | A 出处 | B 出处 |", "|---|---|---|---|---|"]
        for number, run in enumerate(result.runs, 1):
            cells = [run["text"].replace("\n", " "), f"{run['a_citation']['label']}，{run['a_citation']['where']}",
                     f"{run['b_citation']['label']}，{run['b_citation']['where']}"]
            cells = [c.replace("|", "\\|") for c in cells]
            lines.append(f"| {number} | {run['chars']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _overlap_csv(result) -> str:
    from huigu.output.render import to_csv

    headers = ["chars", "text", "a_label", "a_where", "b_label", "b_where"]
    rows = [[run["chars"], run["text"], run["a_citation"]["label"], run["a_citation"]["where"],
             run["b_citation"]["label"], run["b_citation"]["where"]] for run in result.runs]
    return to_csv(headers, rows).rstrip("\n")


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
    from huigu.cli.options import build_filters
    from huigu.reuse.phrases import phrases

    filters = build_filters(year, department, doc_type, period, kind, topic)
    report = phrases(index_path, filters, limit=limit)
    selection = {k: v for k, v in dict(year=year, department=department, type=doc_type, period=period,
                                        kind=kind, topic=topic).items() if v}
    fmt = chosen_format(output_format)
    render = {"json": _phrases_json, "md": _phrases_md, "csv": _phrases_csv}.get(fmt, _phrases_table)
    _emit(render(report, selection), output)
    sys.exit(0 if report.phrases else 1)


def _years(years: dict) -> str:
    return " ".join(f"{y}:{n}" for y, n in sorted(years.items()))


def _phrases_json(report, selection) -> str:
    from huigu.reuse.phrases import to_dict
    from huigu.output.render import to_json

    return to_json(to_dict(report, selection))


def _phrase_rows(report):
    from huigu.ingest.pipeline import source_label

    for ph in report.phrases:
        data = ph.example.passage
        example = ph.variants[0] if ph.variants else ph.example.text
        yield ph, example, f"{data['label']}  {source_label(data['doc'], data)}"


def _phrases_table(report, selection) -> str:
    from huigu.output.render import table

    scope = "、".join(f"{k}={v}" for k, v in selection.items()) or "全部"
    head = f"所选段落（{scope}）：{report.passages} 段，{report.documents} 篇文档"
    if report.copies:
        head += f"（其中 {report.copies} 篇是同年另一篇的另一版本，不重复计数）"
    if not report.phrases:
        return head + "\n没有找到反复出现的套话（段落太少，或所选范围内没有重复的说法）。"
    blocks = [head]
    for kind in ("四字格对", "四字格", "句式"):
        rows = [[ph.phrase, ph.count, ph.documents, _years(ph.years), _one_line(example, 24), cite]
                for ph, example, cite in _phrase_rows(report) if ph.kind == kind]
        if rows:
            blocks.append(f"{kind}\n" + table(["说法", "次数", "文档", "各年次数", "例", "出处"], rows, max_width=60))
    return "\n\n".join(blocks)


def _phrases_md(report, selection) -> str:
    lines = ["## 常用套话", "", f"所选段落：{report.passages} 段，{report.documents} 篇文档", "",
             "| 说法 | 类型 | 次数 | 文档 | 各年次数 | 例 | 出处 |", "|---|---|---|---|---|---|---|"]
    for ph, example, cite in _phrase_rows(report):
        lines.append(f"| {ph.phrase} | {ph.kind} | {ph.count} | {ph.documents} | {_years(ph.years)} | "
                     f"{example} | {cite.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def _phrases_csv(report, selection) -> str:
    from huigu.output.render import to_csv

    rows = [[ph.phrase, ph.kind, ph.count, ph.documents, _years(ph.years), example, cite]
            for ph, example, cite in _phrase_rows(report)]
    return to_csv(["phrase", "kind", "count", "documents", "years", "example", "citation"], rows).rstrip("\n")

