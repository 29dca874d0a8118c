"""click in Chinese: a translation table for the texts click shows people, installed as
click's gettext.

click marks every text it shows with ``_()`` / ``ngettext()`` bound from the standard
``gettext`` module when each click module is imported.  A ``.mo`` catalogue would only be
used when the locale environment asks for Chinese (rarely set on Windows), so instead
``install()`` gives click's modules a ``gettext.NullTranslations`` whose catalogue is the
table below: untranslated texts fall through unchanged.  Chinese has no plural forms, so
``ngettext`` looks up the singular text.  ``install()`` must run before the commands are
built (``click.Path`` names itself 目录 / 文件 when constructed): ``huigu.cli`` calls it
first thing.
"""
from __future__ import annotations

import gettext
import sys

import click

MESSAGES = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提示：命令“{name}”已弃用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "提示：{name} 已弃用。{extra_message}",
    # what a Path parameter calls itself (also its metavar in the help); file names are
    # not quoted: quoted values are cut to their start in a message, a path keeps its end
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 {command} {option} 查看用法。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有 {name} 这个选项。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Option {name!r} requires an argument.": "选项 {name} 后面需要一个值。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能跟值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "Value must be an iterable.": "值必须是一组。",
    "Choose from:\n\t{choices}": "可选：{choices}",
    "{value!r} is not {choice}.": "“{value}”不是可选的值（可选：{choice}）。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的值（可选：{choices}）。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 内。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值（可用：{states}）。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合格式 {formats}。",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "{name} {filename!r} does not exist.": "{name} {filename} 不存在。",
    "{name} {filename!r} is a file.": "{filename} 是一个文件，这里要的是{name}。",
    "{name} {filename!r} is a directory.": "{filename} 是一个文件夹，这里要的是{name}。",
    "{name} {filename!r} is not readable.": "{name} {filename} 无法读取（没有权限）。",
    "{name} {filename!r} is not writable.": "{name} {filename} 无法写入（没有权限）。",
    "{name} {filename!r} is not executable.": "{name} {filename} 不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename}：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已中止。",
    # prompts and the terminal
    "Do you want to continue?": "要继续吗？",
    "Confirm the action without prompting.": "不询问，直接确认。",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的不一样。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续…",
    "Windows error: {error}": "Windows 错误：{error}",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
}

# The names click gives its parameter types (not marked for translation: shown through
# the metavars ``huigu.cli.options`` sets when a command is registered).
TYPE_NAMES = {
    "text": "文本",
    "integer": "整数",
    "integer range": "整数",
    "float": "数值",
    "float range": "数值",
    "boolean": "是/否",
}


class _Table(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = MESSAGES.get(singular) or MESSAGES.get(plural)
        if found:
            return found
        return singular if n == 1 else plural


TRANSLATIONS = _Table()
_installed = False


def install() -> None:
    """Make click speak Chinese: every loaded click module's ``_`` and ``ngettext``."""
    global _installed
    if _installed:
        return
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is gettext.gettext:
                module._ = TRANSLATIONS.gettext
            if getattr(module, "ngettext", None) is gettext.ngettext:
                module.ngettext = TRANSLATIONS.ngettext
    _installed = True


def type_name(param: click.Parameter) -> str | None:
    """The Chinese metavar for an option of a plain click type (None when it has its own)."""
    return TYPE_NAMES.get(getattr(param.type, "name", ""))


# ── wrapping Chinese text by the columns it takes ────────────────────────────
# click wraps help at spaces and counts a Chinese character as one column; a terminal
# shows it in two, and Chinese has no spaces to break at.

_NO_LINE_START = set("，。、；：？！）》」』”’…%．,.;:!?)]}")
_NO_LINE_END = set("（《「『“‘([{")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in "WF"


def _pieces(text: str) -> list[str]:
    """Units a line may break between: a run of spaces, a word of narrow characters, or
    one wide character with the punctuation that may not start a line glued to it."""
    pieces: list[str] = []
    for ch in text:
        previous = pieces[-1] if pieces else ""
        if ch == " ":
            if previous.endswith(" ") and previous.strip() == "":
                pieces[-1] += ch
            else:
                pieces.append(ch)
        elif ch in _NO_LINE_START and previous and not previous.isspace():
            pieces[-1] += ch
        elif previous and previous[-1] in _NO_LINE_END:
            pieces[-1] += ch
        elif _wide(ch) or not previous or previous.isspace() or _wide(previous[-1]):
            pieces.append(ch)
        else:
            pieces[-1] += ch
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a longer word stays whole)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(" ".join(text.split())):
        if piece.isspace():
            if line:
                line += " "
            continue
        if line and _width(line + piece) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one: no space where both sides are Chinese."""
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and not (_wide(out[-1]) and _wide(line[0])):
            out += " "
        out += line
    return out
