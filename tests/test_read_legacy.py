""".doc / .wps / .rtf / .odt through LibreOffice, on files LibreOffice itself makes from the
sample reports; and what a person sees when LibreOffice is not installed."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import psutil
import pytest

from conftest import SAMPLES
from huigu.cli import cli
from huigu.errors import ReadError
from huigu.ingest.pipeline import file_hash, process_file
from huigu.ingest.read import legacy, read_file
from huigu.text.normalize import squash

SAMPLE_DOCX = [
    SAMPLES / "科技局" / "2022年工作总结暨2023年工作思路.docx",
    SAMPLES / "2024" / "民政局" / "2024年工作要点.docx",
]


def need_soffice() -> str:
    program = legacy.soffice()
    if program is None:
        if os.environ.get("CI"):
            pytest.fail("CI 中应已安装 LibreOffice（.ci/run 安装 libreoffice-writer-nogui）")
        pytest.skip("本机未安装 LibreOffice：sudo apt install libreoffice-writer-nogui")
    return program


@pytest.fixture(scope="session")
def legacy_files(tmp_path_factory) -> dict[str, list[Path]]:
    """Each sample .docx converted by LibreOffice to .doc, .rtf and .odt; a .wps is the
    Word binary format under WPS's name (what WPS 文字 writes)."""
    program = need_soffice()
    folder = tmp_path_factory.mktemp("legacy")
    made: dict[str, list[Path]] = {".doc": [], ".rtf": [], ".odt": [], ".wps": []}
    for number, docx in enumerate(SAMPLE_DOCX):
        source = folder / f"sample{number}.docx"
        shutil.copyfile(docx, source)
        for target in ("doc", "rtf", "odt"):
            made["." + target].append(legacy.convert(program, source, folder / target, target=target))
        wps = folder / "wps" / f"sample{number}.wps"
        wps.parent.mkdir(exist_ok=True)
        shutil.copyfile(made[".doc"][-1], wps)
        made[".wps"].append(wps)
    return made


def passage_texts(path: Path) -> list[str]:
    result = process_file(path, path.name, file_hash(path))
    assert result.error is None, (path, result.error)
    return [squash(p.text) for item in result.documents for p in item.passages]


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".rtf", ".odt"])
def test_legacy_files_give_the_passages_of_the_docx(legacy_files, suffix):
    for number, path in enumerate(legacy_files[suffix]):
        expected = passage_texts(SAMPLE_DOCX[number])
        assert len(expected) > 5
        assert passage_texts(path) == expected, path


def test_legacy_format_citation_and_metadata(legacy_files):
    path = legacy_files[".doc"][0]
    source = read_file(path)
    assert source.format == "doc" and source.unit == "段"
    result = process_file(path, "科技局/2022年工作总结.doc", file_hash(path))
    document = result.documents[0].document
    assert document.format == "doc"
    assert document.year == 2022 and document.department_short == "科技局"
    assert read_file(legacy_files[".wps"][0]).format == "wps"
    assert read_file(legacy_files[".odt"][0]).format == "odt"


def test_rtf_saved_as_doc_is_read(legacy_files, tmp_path):
    """Word's "save as RTF" kept under a .doc name is common: the bytes decide."""
    renamed = tmp_path / "其实是RTF.doc"
    shutil.copyfile(legacy_files[".rtf"][1], renamed)
    assert passage_texts(renamed) == passage_texts(SAMPLE_DOCX[1])


def test_old_doc_named_docx_is_read(legacy_files, tmp_path):
    renamed = tmp_path / "其实是旧版.docx"
    shutil.copyfile(legacy_files[".doc"][0], renamed)
    assert passage_texts(renamed) == passage_texts(SAMPLE_DOCX[0])


def test_a_broken_doc_is_one_line(tmp_path):
    """An OLE file with no Word body is refused in one line, whether LibreOffice is there or not."""
    broken = tmp_path / "坏文件.doc"
    broken.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600 + "不是文档".encode() * 50)
    with pytest.raises(ReadError) as caught:
        read_file(broken)
    assert str(caught.value) == legacy.NOT_WORD
    assert "另存为 .docx" in str(caught.value)


def test_a_damaged_word_file_libreoffice_cannot_convert_is_one_line(tmp_path):
    need_soffice()
    damaged = tmp_path / "损坏的文档.doc"
    damaged.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600 + "WordDocument".encode("utf-16-le")
                        + "不是文档".encode() * 50)
    with pytest.raises(ReadError) as caught:
        read_file(damaged)
    assert str(caught.value) == legacy.FAILED
    assert "另存为 .docx" in str(caught.value)


def _libreoffice_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info.get("cmdline") or [])
        if "huigu-libreoffice-profile-" in cmdline and str(os.getpid()) and process.pid != os.getpid():
            found.append(process)
    return found


def test_a_conversion_over_its_time_limit_is_stopped(legacy_files, tmp_path):
    program = need_soffice()
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        legacy.convert(program, legacy_files[".doc"][0], tmp_path / "out", timeout=0.3)
    assert time.monotonic() - started < 15
    assert "转换超时" in str(caught.value) and "另存为 .docx" in str(caught.value)
    deadline = time.monotonic() + 5
    while _libreoffice_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _libreoffice_processes(), "LibreOffice left running after the time limit"


def test_without_libreoffice_one_line_says_how_many_and_what_to_install(runner, tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 600 + "WordDocument".encode("utf-16-le")  # a Word body's stream
    (folder / "2019年工作总结.doc").write_bytes(ole + b"a")
    (folder / "2018年工作总结.wps").write_bytes(ole + b"b")
    (folder / "2017年工作总结.rtf").write_bytes("{\\rtf1 2017年工作总结}".encode())
    shutil.copyfile(SAMPLES / "科技局" / "2024年上半年工作总结.txt", folder / "2024年上半年工作总结.txt")
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    monkeypatch.delenv(legacy.SOFFICE_ENV, raising=False)
    assert legacy.soffice() is None
    result = runner.invoke(cli, ["ingest", str(folder), "--index", str(tmp_path / "index"), "--quiet"])
    assert result.exit_code == 1, result.output
    notices = [line for line in result.stderr.splitlines() if "LibreOffice" in line and line.startswith("提示")]
    assert len(notices) == 1, result.stderr
    assert "有 3 个" in notices[0]
    assert "libreoffice-writer-nogui" in notices[0] and "Windows" in notices[0] and ".docx" in notices[0]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("跳过：")]
    assert len(skipped) == 3 and all(legacy.NEEDS_LIBREOFFICE in line for line in skipped)
    assert "新读入 1 个" in result.stdout and "无法读取 3 个" in result.stdout
