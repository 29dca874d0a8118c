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


DRAFT = [
    "云溪市科学技术局2025年上半年工作总结",
    "（一）深化科技特派员制度。上半年选派科技特派员58名，围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团10个，"
    "开展技术培训64场次，培训农民2600余人次。",
    "（二）推进低空经济发展。引进无人机整机制造和飞行服务企业4家，开通低空物流航线2条，低空经济产业园一期主体完工。",
    "（三）加强机关党的建设。严格落实“三会一课”制度，坚持“第一议题”学习制度，局党组理论学习中心组开展集中学习6次。",
]


def test_similar_docx_shows_the_draft_paragraph_each_passage_answers(runner, sample_index, tmp_path):
    draft = tmp_path / "2025年上半年工作总结（草稿）.txt"
    draft.write_text("\n".join(DRAFT) + "\n", encoding="utf-8")
    out = tmp_path / "素材汇编.docx"
    result = runner.invoke(cli, ["similar", "--file", str(draft), "--index", str(sample_index), "--limit", "2",
                                 "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    found = json.loads(runner.invoke(cli, ["similar", "--file", str(draft), "--index", str(sample_index),
                                           "--limit", "2", "--format", "json"]).output)["results"]
    count = sum(len(p["matches"]) for p in found)
    assert f"已写入 {out}（{count} 段）" in result.output
    body = paragraphs(out)
    texts = [text for _, text in body]
    headings = [text for style, text in body if style == "Heading 1"]
    assert headings == [f"草稿第{p['number']}段（{p['where']}）" for p in found]
    for paragraph in found:
        start = texts.index(f"草稿第{paragraph['number']}段（{paragraph['where']}）")
        assert texts[start + 1] == "草稿：" + paragraph["paragraph"]
        if not paragraph["matches"]:
            assert "知识库中没有与这段相近的内容" in texts[start + 2]
        for match in paragraph["matches"]:
            position = texts.index(match["text"], start)
            assert texts[position + 1].startswith("——" + match["citation"]["label"])
            answers = texts[position + 2]
            assert answers.startswith(f"相似度 {match['score']:.2f}")
            assert f"对应草稿第{paragraph['number']}段（{paragraph['where']}）：{paragraph['paragraph'][:20]}" in answers
    # the copied paragraph's source is there, under the paragraph it answers
    first = texts.index("草稿第1段（第2行）")
    assert any("全年选派科技特派员56名" in t for t in texts[first:texts.index("草稿第2段（第3行）")])


def test_write_docx_refuses_another_suffix_before_any_work(runner, sample_index, tmp_path):
    result = runner.invoke(cli, ["similar", "科技特派员制度全面推行", "--index", str(sample_index),
                                 "--format", "docx", "-o", str(tmp_path / "out.txt")])
    assert result.exit_code == 2 and "应以 .docx 结尾" in result.output
