"""huigu ingest / docs / show through the command line, on the bundled sample reports."""
import json
import shutil

import pytest

from conftest import SAMPLES
from huigu.cli import cli


@pytest.fixture
def samples(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES, folder)
    return folder


def ingest(runner, *args):
    return runner.invoke(cli, ["ingest", *map(str, args), "--quiet"])


def test_ingest_reports_counts_and_is_incremental(runner, samples, tmp_path):
    index = tmp_path / "index"
    first = ingest(runner, samples, "--index", index, "--workers", "2")
    assert first.exit_code == 0, first.output + first.stderr
    assert "发现 12 个文件，新读入 12 个，未改动跳过 0 个，无法读取 0 个" in first.stdout
    assert "现有 13 篇文档" in first.stdout
    passages = int(first.stdout.split("篇文档、")[1].split("个段落")[0])

    again = ingest(runner, samples, "--index", index)
    assert again.exit_code == 0
    assert "新读入 0 个，未改动跳过 12 个" in again.stdout
    assert f"现有 13 篇文档、{passages} 个段落" in again.stdout

    changed = samples / "民政局" / "上半年工作总结及下半年工作打算.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充：新增一段说明文字，用于检验增量导入。\n", encoding="utf-8")
    (samples / "2024" / "民政局" / "2024年工作要点.docx").unlink()
    third = ingest(runner, samples, "--index", index, "--prune")
    assert third.exit_code == 0
    assert "新读入 1 个，未改动跳过 10 个" in third.stdout
    assert "已从索引删除 1 个不存在的文件：reports/2024/民政局/2024年工作要点.docx" in third.stdout
    assert "现有 12 篇文档" in third.stdout


def test_a_broken_file_is_named_and_the_rest_is_indexed(runner, samples, tmp_path):
    (samples / "坏文件.docx").write_bytes(b"this is not a zip file at all")
    index = tmp_path / "index"
    result = ingest(runner, samples, "--index", index)
    assert result.exit_code == 1
    assert "无法读取 1 个" in result.stdout
    assert "现有 13 篇文档" in result.stdout
    [line] = [l for l in result.stderr.splitlines() if l.startswith("跳过：")]
    assert line.startswith("跳过：reports/坏文件.docx：")
    assert "Traceback" not in result.output + result.stderr


def test_docs_json_shape_and_provenance(runner, sample_index):
    result = runner.invoke(cli, ["docs", "--index", str(sample_index), "--format", "json"])
    assert result.exit_code == 0
    docs = json.loads(result.stdout)["documents"]
    assert len(docs) == 13
    assert set(docs[0]) == {"id", "source", "part", "title", "department", "department_short", "year", "review_year",
                            "plan_year", "period", "doc_type", "doc_number", "date", "passages", "provenance"}
    notice = next(d for d in docs if d["doc_number"])
    assert notice["doc_number"] == "云科〔2024〕12号" and notice["date"] == "2024-03-15"
    assert notice["provenance"]["doc_number"] == "header"
    parts = sorted(d["part"] for d in docs if d["source"].endswith("材料汇编.txt"))
    assert parts == [1, 2]
    assert all(d["passages"] > 5 for d in docs)


def test_docs_table_lists_every_document(runner, sample_index):
    result = runner.invoke(cli, ["docs", "--index", str(sample_index), "--format", "table"])
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("共 13 篇文档")
    assert "云科〔2024〕12号" in result.stdout


def test_show_outline_and_passage_in_context(runner, sample_index):
    docs = json.loads(runner.invoke(cli, ["docs", "--index", str(sample_index), "--format", "json"]).stdout)["documents"]
    notice = next(d for d in docs if d["doc_number"])
    outline = runner.invoke(cli, ["show", notice["id"], "--index", str(sample_index)])
    assert outline.exit_code == 0
    assert f"《{notice['title']}》" in outline.stdout
    assert "提纲：" in outline.stdout and "[计划 2024]" in outline.stdout
    passage = runner.invoke(cli, ["show", f"{notice['id']}.3", "--index", str(sample_index)])
    assert passage.exit_code == 0
    assert passage.stdout.startswith("出处：云溪市科学技术局《")
    assert f"▶ [{notice['id']}.3]" in passage.stdout
    assert f"[{notice['id']}.2]" in passage.stdout and f"[{notice['id']}.4]" in passage.stdout


def test_show_unknown_id_is_a_clear_error(runner, sample_index):
    result = runner.invoke(cli, ["show", "nope-1.1", "--index", str(sample_index)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "错误：没有编号为 nope-1.1 的文档或段落：编号见 huigu docs 或 huigu search 的输出"


def test_missing_index_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["search", "科技", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "没有索引：请先运行 huigu ingest" in result.stderr


def test_index_location_from_environment(runner, sample_index, monkeypatch):
    monkeypatch.setenv("HUIGU_INDEX", str(sample_index))
    result = runner.invoke(cli, ["docs", "--format", "json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)["documents"]) == 13


def test_corpus_ingests_without_a_skip(corpus_index):
    path, report = corpus_index
    assert report.skipped == []
    assert report.files_seen == report.files_indexed == 2 + 51 + 3 + 31 + 8
    assert report.documents == 97  # 002 seed holds three documents


def test_a_copy_is_not_indexed_twice_and_a_moved_file_is_followed(runner, samples, tmp_path):
    index = tmp_path / "index"
    assert ingest(runner, samples, "--index", index).exit_code == 0
    copy = ingest(runner, samples / "科技局", "--index", index)
    assert copy.exit_code == 0
    # the summary adds up: every file found is read, unchanged, a copy or unreadable
    assert "发现 4 个文件，新读入 0 个，未改动跳过 0 个，与已导入的文件内容相同 4 个，无法读取 0 个。" in copy.stdout
    assert "现有 13 篇文档" in copy.stdout
    assert "提示：科技局/2024年上半年工作总结.txt 与已导入的 reports/科技局/2024年上半年工作总结.txt 内容相同，未重复导入" in copy.stderr
    (samples / "科技局" / "2024年上半年工作总结.txt").rename(samples / "科技局" / "上半年总结（改名）.txt")
    moved = ingest(runner, samples, "--index", index)
    assert moved.exit_code == 0
    assert "新读入 1 个" in moved.stdout and "现有 13 篇文档" in moved.stdout
    docs = json.loads(runner.invoke(cli, ["docs", "--index", str(index), "--format", "json"]).stdout)["documents"]
    sources = [d["source"] for d in docs]
    assert "reports/科技局/上半年总结（改名）.txt" in sources
    assert "reports/科技局/2024年上半年工作总结.txt" not in sources


def test_manifest_edited_later_takes_effect(runner, samples, tmp_path):
    index = tmp_path / "index"
    assert ingest(runner, samples, "--index", index).exit_code == 0
    (samples / "huigu.csv").write_text("file,department\n2023年上半年工作总结.txt,云溪市科学技术局\n", encoding="utf-8")
    again = ingest(runner, samples, "--index", index)
    assert "新读入 1 个，未改动跳过 11 个" in again.stdout
    docs = json.loads(runner.invoke(cli, ["docs", "--index", str(index), "--format", "json"]).stdout)["documents"]
    doc = next(d for d in docs if d["source"] == "reports/2023年上半年工作总结.txt")
    assert (doc["department"], doc["department_short"]) == ("云溪市科学技术局", "科技局")
    assert doc["provenance"]["department"] == "manifest"


def test_user_dictionary_must_exist(runner, samples, tmp_path, monkeypatch):
    monkeypatch.setenv("HUIGU_USER_DICT", str(tmp_path / "没有这个词典.txt"))
    result = ingest(runner, samples, "--index", tmp_path / "index")
    assert result.exit_code == 2
    assert "用户词典" in result.stderr and "不存在" in result.stderr


def test_a_path_that_does_not_exist_is_one_line_and_no_index(runner, samples, tmp_path):
    index = tmp_path / "index"
    result = ingest(runner, tmp_path / "没有这个目录", "--index", index)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：路径不存在：{tmp_path / '没有这个目录'}（未导入任何文件）：请检查路径后重试"
    assert result.stdout == "" and not index.exists()
    both = ingest(runner, samples, tmp_path / "也没有", "--index", index)
    assert both.exit_code == 2 and "也没有" in both.stderr and not index.exists()


def test_an_empty_folder_says_so(runner, tmp_path):
    empty = tmp_path / "空文件夹"
    (empty / "子目录").mkdir(parents=True)
    (empty / "子目录" / "说明.xyz").write_text("不是报告", encoding="utf-8")
    index = tmp_path / "index"
    result = ingest(runner, empty, "--index", index)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"没有可导入的文件：{empty} 下没有 .docx、.txt")
    assert not index.exists()


def test_an_emptied_folder_is_still_pruned(runner, samples, tmp_path):
    index = tmp_path / "index"
    folder = samples / "科技局"
    assert ingest(runner, folder, "--index", index).exit_code == 0
    for path in sorted(folder.iterdir()):
        path.unlink()
    pruned = ingest(runner, folder, "--index", index, "--prune")
    assert pruned.exit_code == 0, pruned.output + pruned.stderr
    assert "已从索引删除 4 个不存在的文件" in pruned.stdout
    assert "现有 0 篇文档" in pruned.stdout


def test_ingest_counts_add_up(runner, samples, tmp_path):
    index = tmp_path / "index"
    (samples / "坏文件.docx").write_bytes(b"not a zip")
    import shutil

    shutil.copy(samples / "科技局" / "2024年上半年工作总结.txt", samples / "副本.txt")
    result = ingest(runner, samples, "--index", index)
    line = next(l for l in result.stdout.splitlines() if l.startswith("导入完成"))
    import re

    numbers = [int(n) for n in re.findall(r"(\d+) 个", line)]
    seen, parts = numbers[0], numbers[1:]
    assert seen == 14 and sum(parts) == seen, line
    assert "与已导入的文件内容相同 1 个" in line and "无法读取 1 个" in line
