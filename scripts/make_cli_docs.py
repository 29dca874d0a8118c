"""Write docs/cli.md, the command reference, from the click commands themselves.

    python scripts/make_cli_docs.py           rewrite docs/cli.md
    python scripts/make_cli_docs.py --check   exit 1 when docs/cli.md is not what it would write

Every command's block is exactly what ``huigu CMD --help`` prints in a terminal of 100
columns (or any width from 80 up: click caps help text at 80 columns, minus a margin of 2),
so the page cannot drift from the code: ``tests/test_docs.py`` runs the check.
CliRunner would otherwise force a width of 80, which wraps differently from a terminal.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"
COLUMNS = 100  # the terminal the page shows
HELP_WIDTH = min(COLUMNS, 80) - 2  # what click's HelpFormatter makes of it (max_content_width 80)

try:
    import huigu  # noqa: F401
except ModuleNotFoundError:  # run with a Python that has huigu's dependencies but not huigu
    sys.path.insert(0, str(ROOT / "src"))

import click  # noqa: E402
from click.testing import CliRunner  # noqa: E402

HEADER = """\
# 命令参考

本页由 `python scripts/make_cli_docs.py` 根据命令本身生成（即在终端中运行 `huigu 命令 --help` 的输出），
请勿手工修改：改了命令的帮助文字后重新运行该脚本。测试（`tests/test_docs.py`）会检查本页与命令是否一致。
怎样使用这些命令，见 [用户指南](guide.md)。
"""


def walk(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    """(path, command) for ``command`` and every subcommand below it, in registration order."""
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            if not sub.hidden:
                found.extend(walk(sub, path + (name,)))
    return found


def commands() -> list[tuple[tuple[str, ...], click.Command]]:
    from huigu.cli import cli

    return walk(cli)


def help_text(path: tuple[str, ...]) -> str:
    """What ``huigu *path --help`` prints in a terminal COLUMNS wide."""
    from huigu.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, [*path, "--help"], prog_name="huigu", terminal_width=HELP_WIDTH,
                           env={"COLUMNS": str(COLUMNS)}, catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"huigu {' '.join(path)} --help 失败（退出状态 {result.exit_code}）：\n{result.output}")
    return result.output.rstrip() + "\n"


def title(path: tuple[str, ...]) -> str:
    return " ".join(("huigu",) + path)


def anchor(path: tuple[str, ...]) -> str:
    return "-".join(("huigu",) + path)


def summary(command: click.Command) -> str:
    """The first sentence of a command's help (up to the first 。): what ``huigu -h`` lists."""
    from huigu.cli.options import summary as first_sentence

    return first_sentence(command.help or "")


def render() -> str:
    found = commands()
    parts = [HEADER, "## 命令一览", ""]
    for path, command in found[1:]:
        parts.append(f"- [`{title(path)}`](#{anchor(path)})：{summary(command)}")
    parts.append("")
    for path, _command in found:
        parts += [f"## {title(path)}", "", "```text", help_text(path).rstrip("\n"), "```", ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 docs/cli.md（命令参考）。")
    parser.add_argument("--check", action="store_true", help="只检查：docs/cli.md 与生成结果不同时退出状态为 1。")
    args = parser.parse_args(argv)
    wanted = render()
    if args.check:
        current = CLI_DOC.read_text(encoding="utf-8") if CLI_DOC.exists() else ""
        if current == wanted:
            return 0
        diff = difflib.unified_diff(current.splitlines(), wanted.splitlines(), "docs/cli.md", "生成结果", lineterm="", n=1)
        print("\n".join(list(diff)[:60]))
        print("docs/cli.md 与命令的帮助不一致：请运行 python scripts/make_cli_docs.py", file=sys.stderr)
        return 1
    CLI_DOC.parent.mkdir(parents=True, exist_ok=True)
    CLI_DOC.write_text(wanted, encoding="utf-8")
    print(f"已写入 {CLI_DOC.relative_to(ROOT)}（{len(commands())} 个命令）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
