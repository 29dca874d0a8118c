"""The docs keep up with the code: the command reference is generated from the commands,
every command and option has help text (in Chinese for commands), every command has a
place in the user guide, and links between the docs lead somewhere."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = DOCS / "guide.md"
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LINK_RE = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _generator():
    spec = importlib.util.spec_from_file_location("make_cli_docs", ROOT / "scripts" / "make_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_cli_docs = _generator()
COMMANDS = make_cli_docs.commands()  # [(("search",), command), …], the group itself first
SUBCOMMANDS = COMMANDS[1:]


def _name(path: tuple[str, ...]) -> str:
    return " ".join(("huigu",) + path)


def test_cli_reference_is_current():
    current = make_cli_docs.CLI_DOC.read_text(encoding="utf-8") if make_cli_docs.CLI_DOC.exists() else ""
    assert current == make_cli_docs.render(), (
        "docs/cli.md 与命令的帮助不一致：请运行 python scripts/make_cli_docs.py"
    )


@pytest.mark.parametrize("path,command", COMMANDS, ids=[_name(p) for p, _ in COMMANDS])
def test_command_has_chinese_help(path, command):
    assert command.help and command.help.strip(), f"{_name(path)} 没有帮助文字（函数的 docstring）"
    assert CJK_RE.search(command.help), f"{_name(path)} 的帮助文字里没有中文"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[_name(p) for p, _ in COMMANDS])
def test_every_option_has_help(path, command):
    missing = [param.opts[-1] for param in command.params
               if isinstance(param, click.Option) and not param.hidden and not (param.help or "").strip()]
    assert not missing, f"{_name(path)} 的选项没有帮助文字：{', '.join(missing)}"


@pytest.mark.parametrize("path,command", SUBCOMMANDS, ids=[_name(p) for p, _ in SUBCOMMANDS])
def test_command_in_guide(path, command):
    guide = GUIDE.read_text(encoding="utf-8")
    assert re.search(re.escape(_name(path)) + r"(?![\w-])", guide), (
        f"docs/guide.md 没有提到 {_name(path)}：请在用户指南里说明它的用途和用法"
    )


def _doc_links() -> list[tuple[str, str]]:
    """(file, link) for every link from README.md or docs/*.md to a Markdown file in docs/,
    and every picture they show."""
    found = []
    for page in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in LINK_RE.findall(text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = target.split("#", 1)[0]
            resolved = (page.parent / path).resolve()
            if (path.endswith(".md") and resolved.parent == DOCS.resolve()) or path.endswith(".png"):
                found.append((page.relative_to(ROOT).as_posix(), target))
    return found


DOC_LINKS = _doc_links()


def test_docs_are_linked_at_all():
    assert any(page == "README.md" for page, _ in DOC_LINKS), "README.md 没有链接到 docs/ 下的文档"


@pytest.mark.parametrize("page,target", DOC_LINKS, ids=[f"{p} -> {t}" for p, t in DOC_LINKS])
def test_doc_link_points_at_a_file(page, target):
    resolved = (ROOT / page).parent / target.split("#", 1)[0]
    assert resolved.is_file(), f"{page} 链接的 {target} 不存在"


def test_the_guide_shows_every_page_screenshot():
    shots = sorted(p.name for p in (DOCS / "screenshots").glob("*.png"))
    assert {"search.png", "passage.png", "docs.png", "document.png", "stats.png", "reuse.png", "audit.png"} <= set(shots)
    shown = {target.rsplit("/", 1)[-1] for page, target in DOC_LINKS if page == "docs/guide.md" and target.endswith(".png")}
    assert set(shots) <= shown, f"docs/guide.md 没有展示：{sorted(set(shots) - shown)}"
