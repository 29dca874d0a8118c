"""``huigu lint``: template placeholders, OCR slips and dates after the issue date."""
from __future__ import annotations

import json

import pytest

from huigu.cli import cli
from huigu.audit.lint import lint_passages

DOC = {"id": "t-1", "source": "t.txt", "unit": "行", "date": "2024-03-15", "title": "测试总结"}


def passage(text: str, kind: str = "review", number: int = 1) -> dict:
    return {"id": f"t-1.{number:04d}", "doc_id": "t-1", "text": text, "kind": kind, "line_start": number,
            "line_end": number, "label": "测试", "doc": DOC}


def kinds(*passages) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in lint_passages(DOC, list(passages))]


@pytest.mark.parametrize("text, found", [
    ("上半年累计走访企业X家，开展集中培训X次。", [("placeholder", "X"), ("placeholder", "X")]),
    ("兑现奖补资金X元，增长XX%。", [("placeholder", "X"), ("placeholder", "XX")]),
    ("由某某同志负责，资金＿＿万元。", [("placeholder", "某某"), ("placeholder", "＿＿")]),
    ("为企业解决技术难题2()余项，新增学位90（）个。", [("ocr", "2()"), ("ocr", "0（）")]),
])
def test_unfinished_text(text, found):
    assert kinds(passage(text)) == found


@pytest.mark.parametrize("text", [
    "从一九九一年到二○○○年的后十年。",  # a year written in Chinese numerals, not a blank
    "新增高新技术企业26家，增长19.1%。",
    "XBRL 财务报告和 X 光机采购。",
])
def test_no_false_alarms(text):
    assert kinds(passage(text)) == []


def test_dates_after_the_issue_date():
    review = passage("2024年5月，城西小学改扩建工程竣工。2024年2月完成验收。力争2024年6月底前开放。")
    plan = passage("2024年9月建成健身步道。", kind="plan", number=2)
    closing = passage("2025年1月1日起施行的条例，我们将认真落实。", kind="other", number=3)
    assert kinds(review, plan, closing) == [("future_date", "2024年5月")]


def test_without_an_issue_date_dates_are_not_checked():
    assert lint_passages(dict(DOC, date=""), [passage("2030年5月建成。")]) == []


def test_lint_samples(runner, sample_index):
    result = runner.invoke(cli, ["lint", "--index", str(sample_index), "--format", "json"])
    assert result.exit_code == 1  # there is something to fix
    payload = json.loads(result.output)
    documents = {d["source"]: d for d in payload["documents"]}
    one_line = documents["reports/科技局/2024年上半年工作总结.txt"]
    texts = [f["excerpt"] for f in one_line["findings"]]
    assert any("走访企业【X】家" in t for t in texts)
    assert any("星创天地【X】家" in t for t in texts)
    assert any(f["kind"] == "ocr" and "2(" in f["text"] for f in one_line["findings"])
    for finding in one_line["findings"]:
        assert finding["citation"]["where"].startswith("reports/科技局/2024年上半年工作总结.txt")
        assert finding["message"]
    table = runner.invoke(cli, ["lint", "--index", str(sample_index)]).output
    assert "模板占位符" in table and "识别错误" in table


def test_lint_clean_department(runner, sample_index):
    result = runner.invoke(cli, ["lint", "--index", str(sample_index), "--department", "民政局", "--format", "table"])
    assert result.exit_code == 0
    assert "没有发现" in result.output


def test_lint_markdown_and_csv(runner, sample_index):
    md = runner.invoke(cli, ["lint", "--index", str(sample_index), "--format", "md"]).output
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert len(rows) > 2 and len({r.replace("\\|", "").count("|") for r in rows}) == 1
    csv_text = runner.invoke(cli, ["lint", "--index", str(sample_index), "--format", "csv"]).output
    assert csv_text.splitlines()[0].startswith("\ufeffdoc_id,")  # the BOM Excel needs
