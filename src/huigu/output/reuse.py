"""Results of ``similar``, ``overlap`` and ``phrases`` as text: table, md, csv, json.

Pure functions from the typed results (``reuse.similar.SimilarResult``,
``reuse.overlap.OverlapResult``, ``reuse.phrases.PhraseReport``) to strings, shared by
the CLI and the page; the Word 素材汇编 is ``output.docx``.
"""
from __future__ import annotations

from huigu.output.render import HIGHLIGHT_END, HIGHLIGHT_START, table, to_csv, to_json
from huigu.text.cite import source_label

MAX_RUNS_SHOWN = 60


def one_line(text: str, width: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width - 1] + "…"


def marked(text: str, spans: list[tuple[int, int]], mark: tuple[str, str], join_touching: bool = False) -> str:
    """``text`` with each span wrapped in ``mark``."""
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


def _citation(data: dict) -> dict:
    from huigu.reuse.overlap import citation

    return citation(data)


# ── similar ──────────────────────────────────────────────────────────────────


def nothing_close(paragraph) -> str:
    from huigu.reuse.similar import NEAR

    return (f"知识库中没有与这段相近的内容（最接近的一段相似度 {paragraph.nearest:.2f}，"
            f"低于 {NEAR:.2f}）")


def paragraph_heading(paragraph) -> str:
    """第1段（第3行） — which draft paragraph a group of matches answers."""
    where = f"（{paragraph.where}）" if paragraph.where else ""
    return f"第{paragraph.number}段{where}"


def similar_dict(result) -> dict:
    """The JSON form: {"input", "near", "skipped_paragraphs", "results": [{"paragraph", "matches": [...]}]}."""
    from huigu.reuse.similar import NEAR, verdict

    results = []
    for paragraph in result.paragraphs:
        item = {"number": paragraph.number, "paragraph": paragraph.text, "where": paragraph.where,
                "nearest": paragraph.nearest, "matches": [
                    {"id": m.id, "score": m.score, "verdict": verdict(m.score), "wording": m.wording,
                     "meaning": m.meaning, "contained": m.contained, "text": m.data["text"], "shared": m.shared,
                     "citation": _citation(m.data), "also": [_citation(other) for other in m.also]}
                    for m in paragraph.matches]}
        if not paragraph.matches:
            item["note"] = nothing_close(paragraph)
        results.append(item)
    return {"input": result.input, "kind": result.kind, "near": NEAR, "skipped_paragraphs": result.skipped,
            "results": results}


def similar_json(result) -> str:
    return to_json(similar_dict(result))


def similar_table(result, color: bool = False) -> str:
    from huigu.reuse.similar import verdict

    mark = (HIGHLIGHT_START, HIGHLIGHT_END) if color else ("【", "】")
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
            lines.append(f"■ {paragraph_heading(paragraph)}：{one_line(paragraph.text)}")
        if not paragraph.matches:
            lines.append(f"  {nothing_close(paragraph)}")
        for rank, match in enumerate(paragraph.matches, 1):
            data = match.data
            lines.append(f"  {rank}. {verdict(match.score)}  相似度 {match.score:.2f}"
                         f"（措辞 {match.wording:.2f}，内容 {match.meaning:.2f}）  [{match.id}]")
            lines.append(f"     {data['label']}")
            lines.append(f"     {source_label(data['doc'], data)}")
            lines.append(f"     {marked(data['text'], match.spans, mark).replace(chr(10), ' ')}")
            for other in match.also:
                lines.append(f"     另见：{other['label']}  {source_label(other['doc'], other)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def similar_md(result) -> str:
    from huigu.reuse.similar import verdict

    lines = [f"## 相似段落：{one_line(result.input, 80)}", ""]
    for paragraph in result.paragraphs:
        lines += [f"### {paragraph_heading(paragraph)}", "", "> " + paragraph.text.replace("\n", "\n> "), ""]
        if not paragraph.matches:
            lines += [f"{nothing_close(paragraph)}。", ""]
        for rank, match in enumerate(paragraph.matches, 1):
            data = match.data
            quote = marked(data["text"], match.spans, ("**", "**"), join_touching=True).replace("\n", "\n   > ")
            lines += [f"{rank}. {verdict(match.score)}（相似度 {match.score:.2f}）", "",
                      f"   > {quote}", "", f"   —— {data['label']}，{source_label(data['doc'], data)}", ""]
    return "\n".join(lines).rstrip() + "\n"


# ── overlap ──────────────────────────────────────────────────────────────────

SCOPE_NOTES = {
    ("all", "default"): "草稿文件默认与整个知识库比较，含同年的文档；只比较更早的用 --before",
    ("before", "default"): "已导入的文档默认只与在它之前的比较；与全部比较用 --all",
    ("all", "option"): "--all",
    ("before", "option"): "--before",
}


def overlap_dict(result) -> dict:
    """The JSON form: {"a", "b", "ratio", "a_chars", "repeated_chars", "min_chars", "runs": [...]}."""
    return {"a": result.a, "b": result.b, "ratio": round(result.ratio, 4), "a_chars": result.a_chars,
            "repeated_chars": result.repeated_chars, "min_chars": result.min_chars, "runs": result.runs}


def overlap_json(result) -> str:
    return to_json(overlap_dict(result))


def side_text(description: dict) -> str:
    """One side of a comparison for people: a document, a file, or a scope of the knowledge base."""
    if "scope" in description:
        return f"{description['label']}（{description['documents']} 篇文档，{description['passages']} 段）"
    name = description.get("id") or description.get("file")
    year = f"，{description['year']}年" if description.get("year") else ""
    return f"《{description.get('title') or name}》（{name}{year}）"


def overlap_summary(result) -> list[str]:
    lines = [f"A：{side_text(result.a)}", f"B：{side_text(result.b)}"]
    if "scope" in result.b:
        scope = "全部" if result.b["scope"] == "all" else "更早的文档"
        note = SCOPE_NOTES[(result.b["scope"], result.b["chosen_by"])]
        if result.b.get("left_out"):
            note += "；这个文件已导入，它自己不算"
        lines.append(f"比较范围：{scope}（{note}）")
    lines.append(f"重复：{result.repeated_chars} / {result.a_chars} 字，占 A 的 {result.ratio:.1%}"
                 f"（连续 {result.min_chars} 字以上相同才算，不计空白和标点）")
    return lines


def overlap_table(result) -> str:
    lines = overlap_summary(result)
    if not result.runs:
        lines.append("没有重复片段。")
        return "\n".join(lines)
    lines += ["", f"重复片段 {len(result.runs)} 处（按 A 中的顺序）："]
    for number, run in enumerate(result.runs[:MAX_RUNS_SHOWN], 1):
        lines.append(f"{number:>3}. [{run['chars']}字] {one_line(run['text'], 70)}")
        lines.append(f"     A：{run['a_citation']['label']}  {run['a_citation']['where']}")
        lines.append(f"     B：{run['b_citation']['label']}  {run['b_citation']['where']}")
    if len(result.runs) > MAX_RUNS_SHOWN:
        lines.append(f"…另有 {len(result.runs) - MAX_RUNS_SHOWN} 处，用 --format json 或 csv 查看全部")
    return "\n".join(lines)


def overlap_md(result) -> str:
    lines = ["## 重复文字", ""] + [f"- {line}" for line in overlap_summary(result)] + [""]
    if result.runs:
        lines += ["| # | 字数 | 重复片段 | A 出处 | B 出处 |", "|---|---|---|---|---|"]
        for number, run in enumerate(result.runs, 1):
            cells = [run["text"].replace("\n", " "), f"{run['a_citation']['label']}，{run['a_citation']['where']}",
                     f"{run['b_citation']['label']}，{run['b_citation']['where']}"]
            cells = [c.replace("|", "\\|") for c in cells]
            lines.append(f"| {number} | {run['chars']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def overlap_csv(result) -> str:
    headers = ["chars", "text", "a_label", "a_where", "b_label", "b_where"]
    rows = [[run["chars"], run["text"], run["a_citation"]["label"], run["a_citation"]["where"],
             run["b_citation"]["label"], run["b_citation"]["where"]] for run in result.runs]
    return to_csv(headers, rows).rstrip("\n")


# ── phrases ──────────────────────────────────────────────────────────────────


def _years(years: dict) -> str:
    return " ".join(f"{y}:{n}" for y, n in sorted(years.items()))


def phrases_dict(report, selection: dict | None = None) -> dict:
    return {"selection": selection or {}, "passages": report.passages, "documents": report.documents,
            "copies": report.copies,
            "phrases": [{"phrase": ph.phrase, "kind": ph.kind, "count": ph.count, "documents": ph.documents,
                         "years": {str(y): n for y, n in ph.years.items()}, "variants": ph.variants,
                         "example": {"text": ph.example.text, "citation": _citation(ph.example.passage)}}
                        for ph in report.phrases]}


def phrases_json(report, selection: dict | None = None) -> str:
    return to_json(phrases_dict(report, selection))


def _phrase_rows(report):
    for ph in report.phrases:
        data = ph.example.passage
        example = ph.variants[0] if ph.variants else ph.example.text
        yield ph, example, f"{data['label']}  {source_label(data['doc'], data)}"


def phrases_table(report, selection: dict | None = None) -> str:
    scope = "、".join(f"{k}={v}" for k, v in (selection or {}).items()) or "全部"
    head = f"所选段落（{scope}）：{report.passages} 段，{report.documents} 篇文档"
    if report.copies:
        head += f"（其中 {report.copies} 篇是同年另一篇的另一版本，不重复计数）"
    if not report.phrases:
        return head + "\n没有找到反复出现的套话（段落太少，或所选范围内没有重复的说法）。"
    blocks = [head]
    for kind in ("四字格对", "四字格", "句式"):
        rows = [[ph.phrase, ph.count, ph.documents, _years(ph.years), one_line(example, 24), cite]
                for ph, example, cite in _phrase_rows(report) if ph.kind == kind]
        if rows:
            blocks.append(f"{kind}\n" + table(["说法", "次数", "文档", "各年次数", "例", "出处"], rows, max_width=60))
    return "\n\n".join(blocks)


def phrases_md(report, selection: dict | None = None) -> str:
    lines = ["## 常用套话", "", f"所选段落：{report.passages} 段，{report.documents} 篇文档", "",
             "| 说法 | 类型 | 次数 | 文档 | 各年次数 | 例 | 出处 |", "|---|---|---|---|---|---|---|"]
    for ph, example, cite in _phrase_rows(report):
        lines.append(f"| {ph.phrase} | {ph.kind} | {ph.count} | {ph.documents} | {_years(ph.years)} | "
                     f"{example} | {cite.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def phrases_csv(report, selection: dict | None = None) -> str:
    rows = [[ph.phrase, ph.kind, ph.count, ph.documents, _years(ph.years), example, cite]
            for ph, example, cite in _phrase_rows(report)]
    return to_csv(["phrase", "kind", "count", "documents", "years", "example", "citation"], rows).rstrip("\n")
