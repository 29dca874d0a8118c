"""Manifests as offices write them: saved by Excel or WPS on Chinese Windows (GBK),
Windows paths with backslashes and drive letters, and rows naming missing files."""
from __future__ import annotations

import shutil

import pytest

from conftest import SAMPLES
from huigu.cli import cli
from huigu.errors import HuiguError
from huigu.ingest.manifest import locate, manifests_under, read_manifest

HEADER = "file,title,department,department_short,year,doc_type\r\n"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "材料"
    (root / "2023").mkdir(parents=True)
    shutil.copyfile(SAMPLES / "科技局" / "关于印发2023年工作总结暨2024年工作思路的通知.txt", root / "2023" / "总结.txt")
    return root


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_manifest_in_the_encodings_excel_and_wps_write(folder, encoding):
    manifest = folder / "huigu.csv"
    manifest.write_bytes((HEADER + "2023/总结.txt,二〇二三年科技工作总结,云溪市科学技术局,科技局,2023,工作总结\r\n")
                         .encode(encoding))
    table = read_manifest(manifest)
    assert table == {str((folder / "2023" / "总结.txt").resolve()): {
        "title": "二〇二三年科技工作总结", "department": "云溪市科学技术局", "department_short": "科技局",
        "year": 2023, "doc_type": "工作总结"}}


@pytest.mark.parametrize("written", ["2023\\总结.txt", "D:\\材料\\2023\\总结.txt", "D:/材料/2023/总结.txt",
                                     "\\\\server\\共享\\材料\\2023\\总结.txt"])
def test_windows_paths_in_a_manifest(folder, written):
    assert locate(written, folder) == folder / "2023" / "总结.txt"
    manifest = folder / "huigu.csv"
    manifest.write_bytes((HEADER + f"{written},标题,云溪市科学技术局,科技局,2023,工作总结\r\n").encode("gbk"))
    assert list(read_manifest(manifest)) == [str((folder / "2023" / "总结.txt").resolve())]


def test_a_row_naming_a_missing_file_is_reported(folder):
    (folder / "huigu.csv").write_bytes(
        (HEADER + "2023/总结.txt,标题,云溪市科学技术局,科技局,2023,工作总结\r\n"
                  "2022/总结.txt,旧标题,云溪市科学技术局,科技局,2022,工作总结\r\n").encode("gbk"))
    table, problems = manifests_under([folder])
    assert len(table) == 1
    assert len(problems) == 1
    assert "第 3 行" in problems[0] and "2022/总结.txt 不存在" in problems[0]


def test_a_manifest_in_neither_encoding_is_one_line(folder):
    (folder / "huigu.csv").write_bytes(HEADER.encode() + b"\x81\x30\xff\xfe\xfa,x\r\n")
    with pytest.raises(HuiguError) as caught:
        read_manifest(folder / "huigu.csv")
    assert "既不是 UTF-8 也不是 GBK" in str(caught.value)


def test_ingest_uses_a_gbk_manifest_and_warns_about_a_missing_file(runner, folder, tmp_path):
    (folder / "huigu.csv").write_bytes(
        (HEADER + "2023\\总结.txt,二〇二三年科技工作总结,云溪市科学技术局,科技局,2023,工作总结\r\n"
                  "2023\\不存在.docx,,,,2023,\r\n").encode("gbk"))
    index = tmp_path / "index"
    result = runner.invoke(cli, ["ingest", str(folder), "--index", str(index), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "codec" not in result.output
    warnings = [line for line in result.stderr.splitlines() if "不存在.docx" in line]
    assert len(warnings) == 1 and "不存在" in warnings[0]
    docs = runner.invoke(cli, ["docs", "--index", str(index), "--format", "json"])
    assert "二〇二三年科技工作总结" in docs.output
