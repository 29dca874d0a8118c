"""The Word export (素材汇编) of search and similar results."""
from __future__ import annotations

import datetime
import json

import docx
import pytest

from huigu.cli import cli
from huigu.output.docx import UNKNOWN_YEAR, citation_line, grouped_by_year, write_docx
from huigu.text.cite import source_label


def paragraphs(path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def hits(runner, index, query, *args) -> list[dict]:
    result = runner.invoke(cli, ["search", query, "--index", str(index), "--format", "json", *args])
    return json.loads(result.output)["results"]


def test_search_docx_holds_every_passage_followed_by_its_citation(runner, sample_index, tmp_path):
    out = tmp_path / "科技特派员.docx"
    result = runner.invoke(cli, ["search", "科技特派员", "--index", str(sample_index), "--format", "docx",
                                 "-o", str(out), "--limit", "8"])
    assert result.exit_code == 0, result.output
    found = hits(runner, sample_index, "科技特派员", "--limit", "8")
    assert f"已写入 {out}（{len(found)} 段）" in result.output
    body = paragraphs(out)
    assert body[0] == ("Title", "素材汇编")
    assert body[1][1] == "检索：科技特派员"
    assert body[2][1].startswith(f"生成日期：{datetime.date.today().isoformat()}")
    texts = [text for _, text in body]
    for hit in found:
        position = texts.index(hit["text"])
        citation = texts[position + 1]
        assert citation.startswith("——" + hit["citation"]["label"]) and hit["citation"]["where"] in citation
    # grouped by year, newest first
    years = [text for style, text in body if style == "Heading 1"]
    assert years == sorted(years, reverse=True) and all(y.endswith("年") for y in years)


def test_years_newest_first_unknown_last_and_no_duplicates():
    def data(pid, year):
        return {"id": pid, "text": pid, "label": pid, "line_start": 1, "line_end": 2,
                "doc": {"year": year, "source": "a.txt", "unit": "行"}}

    groups = grouped_by_year([data("x", 2022), data("y", None), data("z", 2024), data("x", 2022)])
    assert [(h, [d["id"] for d in items]) for h, items in groups] == [("2024年", ["z"]), ("2022年", ["x"]),
                                                                      (UNKNOWN_YEAR, ["y"])]


def test_write_docx_directly(tmp_path):
    passage = {"id": "p.1", "text": "第一行\n第二行", "label": "某局《2024年工作总结》 第1段", "line_start": 3,
               "line_end": 4, "doc": {"year": 2024, "source": "某局/总结.txt", "unit": "行"}}
    out = tmp_path / "out.docx"
    assert write_docx(out, "检索：测试", [passage], today=datetime.date(2025, 1, 2)) == 1
    body = paragraphs(out)
    assert ("Normal", "生成日期：2025-01-02    共 1 段") in body
    assert ("Heading 1", "2024年") in body
    assert ("Normal", "第一行\n第二行") in body
    assert ("Normal", citation_line(passage)) in body
    assert citation_line(passage) == f"——某局《2024年工作总结》 第1段，{source_label(passage['doc'], passage)}"


@pytest.mark.parametrize("args, message", [
    (["--format", "docx"], "需要用 -o 指定输出文件"),
    (["--format", "docx", "-o", "out.txt"], "应以 .docx 结尾"),
    (["--format", "docx", "-o", "/no/such/folder/out.docx"], "无法写入"),
])
def test_export_errors_are_one_line(runner, sample_index, args, message):
    result = runner.invoke(cli, ["search", "科技特派员", "--index", str(sample_index), *args])
    assert result.exit_code == 2 and message in result.output
