"""``huigu open``: the source file of a citation, in the system's viewer or as a path."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from huigu.cli.options import friendly_errors, index_option, open_knowledge_base
from huigu.errors import HuiguError

OPENER_ENV = "HUIGU_OPENER"
VIEWER_WAIT_SECONDS = 5.0  # xdg-open and open hand over and return at once; failures come back by then


@click.command("open")
@click.argument("record_id", metavar="RECORD_ID")
@index_option
@click.option("--print", "print_only", is_flag=True, help="不打开，只显示来源文件的完整路径和所在行、段或页。")
@friendly_errors
def open_command(record_id, index_path, print_only):
    """打开出处：用系统默认的程序打开段落或文档的来源文件，并显示引文所在的行、段或页。

    RECORD_ID 是 docs / search 输出中的编号：段落如 04774c1a-1.19，文档如 04774c1a-1。
    打开文件的程序：Windows 用文件关联的程序，macOS 用 open，Linux（统信 UOS、麒麟等）用
    xdg-open；环境变量 HUIGU_OPENER 可指定别的程序（如 wps）。

    \b
    示例：
      huigu open 04774c1a-1.19
      huigu open 04774c1a-1.19 --print      只显示：/home/…/科技局/工作总结.txt:69
    """
    store = open_knowledge_base(index_path)
    doc, passage = _record(store, record_id)
    entry = store.file_entry(doc["source"]) or {}
    path = _absolute(entry.get("path"), doc["source"])
    where = _where(doc, passage, path)
    if print_only:
        click.echo(where)
        return
    _open_with_viewer(path)
    click.echo(f"已打开 {path}" + (f"，引文在{_place(doc, passage)}" if passage else ""))


def _record(store, record_id: str) -> tuple[dict, dict | None]:
    passage = store.passage(record_id)
    if passage is not None:
        return passage["doc"], passage
    doc = store.document(record_id)
    if doc is None:
        raise HuiguError(f"没有编号为 {record_id} 的文档或段落：编号见 huigu docs 或 huigu search 的输出")
    first = store.passages_of(doc["id"])[:1]
    return doc, (first[0] if first else None)


def _absolute(recorded: str | None, source: str) -> Path:
    """The file the record was read from, made absolute (a folder given relatively at
    ingest is taken from here); a file no longer there is one clear line."""
    if not recorded:
        raise HuiguError(f"知识库没有记录 {source} 的文件位置：请重新导入该文件所在的文件夹")
    path = Path(recorded)
    if not path.is_absolute():
        path = Path.cwd() / path
    if not path.is_file():
        raise HuiguError(f"来源文件 {path} 已不在原处（导入时为 {recorded}）：文件移动后请重新导入")
    return path.resolve()


def _where(doc: dict, passage: dict | None, path: Path) -> str:
    """path:69, path 第12段 or path 第4页（全文第37-38段）: the citation's place in the
    file named by its absolute path."""
    from huigu.text.cite import source_label

    if passage is None:
        return str(path)
    return source_label({**doc, "source": str(path)}, passage)


def _place(doc: dict, passage: dict) -> str:
    """第69行, 第12段, 第4页（全文第37-38段）."""
    from huigu.text.cite import source_label

    label = source_label({**doc, "source": ""}, passage)
    return f"第{label[1:]}行" if label.startswith(":") else label.strip()


def _split_command(text: str, windows: bool = os.name == "nt") -> list[str]:
    """HUIGU_OPENER as words: POSIX shell rules, or on Windows the quoted program path
    ("C:\\Program Files\\WPS\\wps.exe") with its backslashes kept and quotes dropped."""
    import shlex  # here, not at the top: every command imports this module

    if not windows:
        return shlex.split(text)
    words = shlex.split(text, posix=False)
    return [w[1:-1] if len(w) >= 2 and w[0] == w[-1] == '"' else w for w in words]


def _open_with_viewer(path: Path) -> None:
    import subprocess

    chosen = os.environ.get(OPENER_ENV, "").strip()
    if chosen:
        command = _split_command(chosen) + [str(path)]
    elif sys.platform == "win32":
        try:
            os.startfile(str(path))  # the program Windows associates with the file type
        except OSError as err:
            raise HuiguError(f"无法打开 {path}（{err.strerror or err}）：用 --print 显示文件位置后手动打开") from err
        return
    elif sys.platform == "darwin":
        command = ["open", str(path)]
    else:
        command = ["xdg-open", str(path)]
    try:
        viewer = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
    except OSError:
        raise HuiguError(f"找不到打开文件的程序 {command[0]}：用 --print 显示文件位置，"
                         f"或用环境变量 {OPENER_ENV} 指定程序") from None
    try:
        _, errors = viewer.communicate(timeout=VIEWER_WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        return  # a viewer that stays in the foreground: it is open, leave it running
    if viewer.returncode != 0:
        reason = errors.decode(errors="replace").strip().splitlines()[-1:] or [f"退出状态 {viewer.returncode}"]
        raise HuiguError(f"{command[0]} 未能打开 {path}（{reason[0]}）：用 --print 显示文件位置后手动打开")
