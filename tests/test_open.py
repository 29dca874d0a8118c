"""huigu open: the cited source file, in the system's viewer or as a path and a place."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from conftest import SAMPLES
from huigu.cli import cli


def first_passage(runner, index, source_end: str) -> dict:
    result = runner.invoke(cli, ["search", "工作", "--index", str(index), "--format", "json", "--limit", "200"])
    hits = json.loads(result.stdout)["results"]
    return next(h for h in hits if h["doc"]["source"].endswith(source_end))


def test_print_gives_the_absolute_path_and_the_line(runner, sample_index):
    hit = first_passage(runner, sample_index, "关于印发2023年工作总结暨2024年工作思路的通知.txt")
    result = runner.invoke(cli, ["open", hit["id"], "--print", "--index", str(sample_index)])
    assert result.exit_code == 0
    path, line = result.stdout.strip().rsplit(":", 1)
    assert Path(path).is_absolute() and Path(path) == (SAMPLES / "科技局" / Path(path).name).resolve()
    first = hit["citation"]["line_start"]
    assert line.split("-")[0] == str(first)
    # the line named holds the passage's text
    text = Path(path).read_text(encoding="utf-8").splitlines()[first - 1]
    assert text.strip() and text.strip()[:6] in hit["text"]


def test_print_for_a_pdf_gives_the_page(runner, sample_index):
    hit = first_passage(runner, sample_index, ".pdf")
    result = runner.invoke(cli, ["open", hit["id"], "--print", "--index", str(sample_index)])
    assert result.exit_code == 0
    out = result.stdout.strip()
    assert out.startswith(str((SAMPLES / "科技局").resolve())) and ".pdf 第" in out and "页" in out


def test_a_document_id_opens_at_its_first_passage(runner, sample_index):
    docs = json.loads(runner.invoke(cli, ["docs", "--index", str(sample_index), "--format", "json"]).stdout)["documents"]
    docx = next(d for d in docs if d["source"].endswith(".docx"))
    result = runner.invoke(cli, ["open", docx["id"], "--print", "--index", str(sample_index)])
    assert result.exit_code == 0
    assert result.stdout.strip().startswith(str(SAMPLES.resolve())) and " 第" in result.stdout and "段" in result.stdout


def test_opens_with_the_chosen_program(runner, sample_index, tmp_path, monkeypatch):
    record = tmp_path / "opened.txt"
    program = tmp_path / "viewer.py"
    program.write_text("import sys, pathlib\npathlib.Path(sys.argv[1]).write_text(sys.argv[2], encoding='utf-8')\n",
                       encoding="utf-8")
    monkeypatch.setenv("HUIGU_OPENER", f'"{sys.executable}" "{program}" "{record}"')
    hit = first_passage(runner, sample_index, "2024年上半年工作总结.txt")
    result = runner.invoke(cli, ["open", hit["id"], "--index", str(sample_index)])
    assert result.exit_code == 0, result.stderr
    opened = record.read_text(encoding="utf-8")
    assert Path(opened).is_absolute() and opened.endswith("2024年上半年工作总结.txt") and os.path.isfile(opened)
    assert result.stdout.strip() == f"已打开 {opened}，引文在第{hit['citation']['line_start']}行" or \
        result.stdout.strip().startswith(f"已打开 {opened}，引文在第{hit['citation']['line_start']}-")


def test_a_failing_viewer_and_an_unknown_id_are_one_line(runner, sample_index, monkeypatch):
    monkeypatch.setenv("HUIGU_OPENER", f'"{sys.executable}" -c "import sys; sys.exit(3)"')
    hit = first_passage(runner, sample_index, "2024年上半年工作总结.txt")
    failed = runner.invoke(cli, ["open", hit["id"], "--index", str(sample_index)])
    assert failed.exit_code == 2 and "未能打开" in failed.stderr and "用 --print 显示文件位置" in failed.stderr
    monkeypatch.setenv("HUIGU_OPENER", "没有这个程序-xyz")
    missing = runner.invoke(cli, ["open", hit["id"], "--index", str(sample_index)])
    assert missing.exit_code == 2 and missing.stderr.startswith("错误：找不到打开文件的程序 没有这个程序-xyz")
    unknown = runner.invoke(cli, ["open", "nope-1.1", "--print", "--index", str(sample_index)])
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == "错误：没有编号为 nope-1.1 的文档或段落：编号见 huigu docs 或 huigu search 的输出"


def test_a_moved_source_is_named(runner, tmp_path):
    import shutil

    folder = tmp_path / "reports"
    shutil.copytree(SAMPLES / "民政局", folder)
    index = tmp_path / "index"
    assert runner.invoke(cli, ["ingest", str(folder), "--index", str(index), "--quiet"]).exit_code == 0
    hit = first_passage(runner, index, ".txt")
    (tmp_path / "reports").rename(tmp_path / "elsewhere")
    result = runner.invoke(cli, ["open", hit["id"], "--print", "--index", str(index)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误：来源文件 {folder.resolve()}") and "已不在原处" in result.stderr


POSIX_ONLY = ["fcntl", "termios", "tty", "pty", "pwd", "grp", "resource"]


def test_commands_run_without_posix_only_modules(sample_index, tmp_path):
    """What Windows lacks made unimportable: docs (every format), show, stats, open --print
    and every command's help still work."""
    import subprocess

    code = f"""
import sys
for name in {POSIX_ONLY!r}:
    sys.modules[name] = None  # importing it raises ImportError, as on Windows
from huigu.cli import cli
index, out = sys.argv[1], sys.argv[2]
runs = [["docs", "--index", index, "--format", fmt] for fmt in ("table", "json", "csv")]
runs += [["docs", "--index", index, "--format", "xlsx", "-o", out], ["stats", "--index", index, "--format", "table"],
         ["show", "04774c1a-1", "--index", index], ["open", "04774c1a-1.19", "--print", "--index", index]]
runs += [[name, "-h"] for name in sorted(cli.commands)] + [["-h"]]
for args in runs:
    try:
        cli(args, prog_name="huigu")
    except SystemExit as exit:
        print("EXIT", exit.code, args[0])
print("LOADED", sorted(n for n in {POSIX_ONLY!r} if sys.modules.get(n) is not None))
"""
    run = subprocess.run([sys.executable, "-c", code, str(sample_index), str(tmp_path / "a.xlsx")],
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert "Traceback" not in run.stderr, run.stderr
    exits = [line for line in run.stdout.splitlines() if line.startswith("EXIT")]
    assert exits and all(line.startswith("EXIT 0") for line in exits), exits + [run.stderr]
    assert "关于印发2023年工作总结暨2024年工作思路的通知.txt:69" in run.stdout
    assert run.stdout.splitlines()[-1] == "LOADED []"
    assert (tmp_path / "a.xlsx").stat().st_size > 0


def test_the_chosen_program_is_split_for_the_platform():
    from huigu.cli.open import _split_command

    assert _split_command(r'"C:\Program Files\WPS Office\wps.exe" /w', windows=True) == \
        [r"C:\Program Files\WPS Office\wps.exe", "/w"]
    assert _split_command("'/opt/kingsoft/wps office/wps' --new", windows=False) == ["/opt/kingsoft/wps office/wps", "--new"]
