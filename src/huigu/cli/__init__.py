"""The ``huigu`` command: a thin click layer over the library.

Each command parses options, calls one library function, and renders through
``huigu.output``.  User mistakes become one clear line (exit status 2); nothing prints a
traceback.  Commands live one module per job and are registered here, explicitly.
"""
from __future__ import annotations

import os

# huigu does no linear algebra; OpenBLAS starting a thread per core when numpy loads costs
# a cold `huigu search` about 50 ms (numpy's import 120 → 65 ms measured on 2 cores).
# Only for the processes the command starts, and only where the user has not chosen.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import click  # noqa: E402

from huigu import __version__  # noqa: E402
from huigu.cli import audit, browse, ingest, open as open_, reuse, search, serve  # noqa: E402
from huigu.cli.options import _Group  # noqa: E402


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="huigu")
def cli():
    """回顾（huigu）：把历年工作总结、计划和政府工作报告变成可检索、可引用的知识库。

    \b
    常用：
      huigu ingest 报告目录/          导入（可重复运行，只处理新增和改动的文件）
      huigu search 科技特派员         检索，结果带可核对的出处
      huigu docs                      列出已导入的文档
    """




COMMANDS = [
    ingest.ingest, browse.docs_command, browse.show, open_.open_command, browse.stats, search.search,
    reuse.similar_command, reuse.overlap_command, reuse.phrases_command,
    audit.commitments_command, audit.audit_command, audit.lint_command, serve.serve,
]
for _command in COMMANDS:
    cli.add_command(_command)


def main():
    cli(prog_name="huigu")
