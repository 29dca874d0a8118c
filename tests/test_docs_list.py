"""huigu docs as the list a person hands on: filters, CSV for Excel, a workbook, and
tables that keep the end of a long path."""
from __future__ import annotations

import csv
import io
import json

import pytest

from huigu.cli import cli
from huigu.output.render import display_width, table


def docs(runner, index, *args):
    return runner.invoke(cli, ["docs", "--index", str(index), *args])


def listed(runner, index, *args) -> list[dict]:
    result = docs(runner, index, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["documents"]


def test_filters_select_documents(runner, sample_index):
    everything = listed(runner, sample_index)
    assert len(everything) == 13
    science = listed(runner, sample_index, "--department", "科学技术局")
    assert len(science) == 5 and {d["department_short"] for d in science} == {"科技局"}
    assert listed(runner, sample_index, "--department", "科技局") == science
    recent = listed(runner, sample_index, "--year", "2024")
    assert recent and {d["year"] for d in recent} == {2024}
    assert len(recent) == sum(1 for d in everything if d["year"] == 2024)
    plans = listed(runner, sample_index, "--type", "工作要点", "--year", "2024")
    assert [d["source"] for d in plans] == ["reports/2024/民政局/2024年工作要点.docx"]


def test_unknown_values_are_errors_not_an_empty_list(runner, sample_index):
    result = docs(runner, sample_index, "--department", "交通局")
    assert result.exit_code == 2
    assert result.stderr.strip() == "错误：知识库中没有部门“交通局”的文档：已有的部门 教体局、民政局、科技局"
    result = docs(runner, sample_index, "--type", "总结")
    assert result.exit_code == 2 and result.stderr.startswith("错误：没有“总结”这种文档类型：可用 工作总结")


def test_csv_opens_in_excel(runner, sample_index, tmp_path):
    result = docs(runner, sample_index, "--department", "科技局", "--format", "csv")
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel and WPS read UTF-8 only with the mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["编号", "年份", "部门", "类型", "时段", "标题", "文号", "日期", "段落", "来源"]
    assert len(rows) == 1 + 5
    notice = next(r for r in rows if r[6] == "云科〔2024〕12号")
    assert notice[2] == "云溪市科学技术局" and notice[7] == "2024-03-15"
    assert notice[9] == "reports/科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt"
    out = tmp_path / "清单.csv"
    written = docs(runner, sample_index, "--format", "csv", "-o", str(out))
    assert written.exit_code == 0 and written.stdout.strip() == f"已写入 {out}（13 篇文档）"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_workbook(runner, sample_index, tmp_path):
    from openpyxl import load_workbook

    missing = docs(runner, sample_index, "--format", "xlsx")
    assert missing.exit_code == 2 and "需要用 -o 指定输出文件" in missing.stderr
    out = tmp_path / "文档清单.xlsx"
    result = docs(runner, sample_index, "--year", "2022-2023", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0 and result.stdout.strip() == f"已写入 {out}（6 篇文档）"
    sheet = load_workbook(out).active
    assert sheet.title == "文档" and sheet.freeze_panes == "A2"
    values = list(sheet.values)
    assert values[0][:3] == ("编号", "年份", "部门") and len(values) == 1 + 6
    assert {row[1] for row in values[1:]} <= {2022, 2023}


def test_table_keeps_the_file_name_and_line(runner, sample_index, monkeypatch):
    for columns in ("100", "250"):
        monkeypatch.setenv("COLUMNS", columns)
        result = docs(runner, sample_index, "--format", "table")
        assert result.exit_code == 0
        lines = result.stdout.rstrip().splitlines()[2:-2]
        assert len(lines) == 13
        assert all(display_width(line) <= int(columns) for line in lines)
        notice = next(line for line in lines if line.startswith("04774c1a-1"))
        assert notice.endswith("工作思路的通知.txt")
        assert "#2" in next(line for line in lines if line.startswith("4932c739-2"))
    wide = result.stdout  # at 250 columns nothing is cut
    assert "reports/科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt" in wide


def test_path_column_is_cut_from_the_left():
    path = "myfiles/参考资料/各省2025年政府工作报告/2025年云南省政府工作报告.docx 第12段"
    text = table(["部门", "原文", "位置"], [["云南省", "加快建设现代化产业体系。" * 4, path]], max_width=20, width=70)
    row = text.splitlines()[2]
    assert row.endswith("/2025年云南省政府工作报告.docx 第12段") and "  …" in row
    assert display_width(row) <= 70
    assert row.startswith("云南省")
    whole = table(["部门", "位置"], [["云南省", path]], max_width=20, width=0)
    assert whole.splitlines()[2].endswith(path)  # no terminal limit: a path is never capped


@pytest.mark.parametrize("width", [40, 60, 80])
def test_ids_are_never_cut(width):
    text = table(["编号", "标题", "来源"], [["04774c1a-1.19", "标题" * 30, "a/b/" + "很长的文件名" * 10 + ".txt:69"]],
                 max_width=40, width=width)
    assert text.splitlines()[2].startswith("04774c1a-1.19  ")
    assert text.splitlines()[2].endswith(".txt:69")
