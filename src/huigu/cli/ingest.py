"""``huigu ingest``."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from huigu.cli.options import friendly_errors, index_option
from huigu.errors import HuiguError


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--department", default=None, help="指定这些文件的部门（覆盖自动识别）。")
@click.option("--year", type=int, default=None, help="指定这些文件的年份（覆盖自动识别）。")
@click.option("--prune", is_flag=True, help="从索引中删除来源文件已不存在的文档。")
@click.option("--workers", type=click.IntRange(1, 16), default=None, help="并行处理的进程数（默认：CPU 核数，最多 2）。")
@click.option("--wait", "wait_seconds", type=click.FloatRange(0, 3600), default=0.0,
              help="索引正被另一个导入占用时，最多等待的秒数（默认不等，直接报错）。")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条。")
@friendly_errors
def ingest(paths, index_path, department, year, prune, workers, wait_seconds, quiet):
    """导入报告：读取 PATHS 下的 .docx / .doc / .wps / .rtf / .odt / .txt / .md / .html / .pdf / .ofd 文件及扫描图片，建立或更新索引。

    .doc / .wps / .rtf / .odt 需要 LibreOffice；扫描件和图片需要 OCR 扩展（pip install huigu[ocr]）。

    未改动的文件自动跳过；改动过的重新索引；无法读取的文件会列出原因，其余照常导入。

    退出状态：0 全部读取成功；1 有文件被跳过（其余已导入）或没有可导入的文件；
    2 用法错误、路径不存在或索引无法写入。

    \b
    示例：
      huigu ingest examples/reports
      huigu ingest 2023年总结/ --department 科技局 --year 2023
    """
    from huigu.ingest.runner import ingest as run_ingest
    from huigu.store import location_of, shown_location

    roots = [Path(p) for p in paths]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise HuiguError(f"路径不存在：{'、'.join(missing)}（未导入任何文件）：请检查路径后重试")
    if not prune and not any(_has_candidate(p) for p in roots):  # --prune: an emptied folder is pruned
        click.echo(f"没有可导入的文件：{'、'.join(map(str, roots))} 下没有 {SUPPORTED_TEXT}文件", err=True)
        sys.exit(1)
    progress = None if quiet else _progress_printer()
    # absolute, so the index records where each file is (huigu open) whatever folder runs it later
    report = run_ingest([p.absolute() for p in roots], location_of(index_path), department=department, year=year,
                        prune=prune, workers=workers, progress=progress, wait_for_lock=wait_seconds)
    for notice in report.notices:
        click.echo(f"提示：{notice}", err=True)
    if report.files_seen == 0 and not report.pruned:
        click.echo(f"没有可导入的文件：{'、'.join(map(str, roots))} 下没有 {SUPPORTED_TEXT}文件", err=True)
        sys.exit(1)
    copies = f"与已导入的文件内容相同 {len(report.duplicates)} 个，" if report.duplicates else ""
    click.echo(f"导入完成（{report.seconds:.1f} 秒）：发现 {report.files_seen} 个文件，"
               f"新读入 {report.files_indexed} 个，未改动跳过 {report.files_unchanged} 个，{copies}"
               f"无法读取 {len(report.skipped)} 个。")
    click.echo(f"索引 {shown_location(location_of(index_path))} 现有 {report.documents} 篇文档、{report.passages} 个段落。")
    for source, other in report.duplicates:
        click.echo(f"提示：{source} 与已导入的 {other} 内容相同，未重复导入", err=True)
    if report.pruned:
        click.echo(f"已从索引删除 {len(report.pruned)} 个不存在的文件：" + "、".join(report.pruned[:10]))
    for source, warning in report.warnings:
        click.echo(f"注意：{source}：{warning}", err=True)
    for source, reason in report.skipped:
        click.echo(f"跳过：{source}：{reason}", err=True)
    sys.exit(report.exit_code)


SUPPORTED_TEXT = ".docx、.txt、.md、.html、.pdf 等报告"


def _has_candidate(root: Path) -> bool:
    """Is there any file under ``root`` an ingest would try (stops at the first)?"""
    from huigu.ingest.read import is_candidate

    if root.is_file():
        return True
    for _folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if any(is_candidate(name) for name in filenames):
            return True
    return False


def _progress_printer():
    state = {"bar": None, "done": 0}

    def progress(event, info):
        if event == "start" and info["total"] and sys.stderr.isatty():
            state["bar"] = click.progressbar(length=info["total"], label="导入中", file=sys.stderr,
                                             show_pos=True, item_show_func=lambda s: s)
            state["bar"].__enter__()
        elif event == "file" and state["bar"] is not None:
            state["bar"].update(1, info["source"][-30:])
        elif event == "done" and state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
            state["bar"] = None
    return progress
