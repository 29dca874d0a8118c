"""The command line speaks Chinese throughout: click's help and error texts, whole command
summaries, an example in every command's help, and unknown filter values named."""
from __future__ import annotations

import re

import pytest

from huigu.cli import cli
from huigu.cli.options import summary

COMMANDS = sorted(cli.commands)
ENGLISH = ["Usage:", "Options:", "Commands:", "Show this message and exit.", "Show the version and exit.",
           "[OPTIONS]", "COMMAND [ARGS]", "INTEGER", "DIRECTORY", "FLOAT"]


def test_group_help_is_chinese_and_lists_whole_summaries(runner):
    result = runner.invoke(cli, ["-h"], prog_name="huigu")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("用法：huigu [选项] 命令 [参数]...")
    assert "\n选项：\n" in out and "\n命令：\n" in out
    assert "显示本帮助并退出。" in out and "显示版本号并退出。" in out
    for english in ENGLISH:
        assert english not in out
    listed = re.sub(r"\s+", "", out.split("命令：", 1)[1])
    for name in COMMANDS:
        whole = summary(cli.commands[name].help)
        assert whole.endswith("。")
        assert name + re.sub(r"\s+", "", whole) in listed, f"huigu -h 没有完整列出 {name} 的概要"
    assert "..." not in out.split("命令：", 1)[1]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_is_chinese_with_an_example(runner, name):
    result = runner.invoke(cli, [name, "--help"], prog_name="huigu")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"用法：huigu {name} [选项]")
    assert "\n选项：\n" in out and "-h, --help" in out and "显示本帮助并退出。" in out
    for english in ENGLISH:
        assert english not in out, f"huigu {name} -h 中还有英文：{english}"
    assert " TEXT" not in out.split("选项：", 1)[1]  # option metavars (argument names like [TEXT] stay)
    assert "示例：" in out, f"huigu {name} -h 没有示例"
    examples = out.split("示例：", 1)[1]
    assert f"huigu {name}" in examples


@pytest.mark.parametrize("args,message,command", [
    (["help"], "错误：没有“help”这个命令（用 huigu -h 查看用法）", "huigu"),
    (["docs", "extra"], "错误：多余的参数（extra）（用 huigu docs -h 查看用法）", "docs"),
    (["search"], "错误：缺少参数 'QUERY'（用 huigu search -h 查看用法）", "search"),
    (["show", "x", "--contxt", "2"], "错误：没有 --contxt 这个选项，是不是 '--context'？（用 huigu show -h 查看用法）", "show"),
    (["docs", "--zzz"], "错误：没有 --zzz 这个选项（用 huigu docs -h 查看用法）", "docs"),
    (["search", "科技", "--limit", "abc"], "错误：'--limit' 的值无效：“abc”不是有效的数字（用 huigu search -h 查看用法）",
     "search"),
    (["search", "科技", "--limit", "0"], "错误：'--limit' 的值无效：0 不在允许的范围 1<=x<=1000 内（用 huigu search -h 查看用法）",
     "search"),
    (["search", "科技", "--kind", "plans"],
     "错误：'--kind' 的值无效：“plans”不是可选的值（可选：'review', 'problem', 'plan', 'other'）（用 huigu search -h 查看用法）",
     "search"),
])
def test_usage_errors_are_one_chinese_line(runner, args, message, command):
    result = runner.invoke(cli, args, prog_name="huigu")
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""


def test_index_that_is_a_file(runner, tmp_path):
    afile = tmp_path / "f"
    afile.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["docs", "--index", str(afile)], prog_name="huigu")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：'--index' 的值无效：{afile} 是一个文件，这里要的是目录（用 huigu docs -h 查看用法）"


def test_version(runner):
    from huigu import __version__

    result = runner.invoke(cli, ["--version"], prog_name="huigu")
    assert result.exit_code == 0 and result.stdout.strip() == f"huigu 版本 {__version__}"


@pytest.mark.parametrize("option,value,expected", [
    ("--type", "工作汇报", "错误：没有“工作汇报”这种文档类型：可用 工作总结、工作要点、意识形态工作报告、政府工作报告"),
    ("--topic", "航天", "错误：没有“航天”这个主题：可用 党建、意识形态"),
    ("--department", "交通局", "错误：知识库中没有部门“交通局”的文档：已有的部门 教体局、民政局、科技局"),
])
def test_unknown_filter_values_are_named_with_the_known_ones(runner, sample_index, option, value, expected):
    result = runner.invoke(cli, ["search", "科技", "--index", str(sample_index), option, value, "--format", "json"])
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "共找到" not in result.stdout


@pytest.mark.parametrize("option,value", [("--type", "工作要点"), ("--topic", "科技创新"), ("--department", "科学技术局"),
                                          ("--type", "述职报告")])
def test_known_filter_values_still_search(runner, sample_index, option, value):
    result = runner.invoke(cli, ["search", "工作", "--index", str(sample_index), option, value, "--format", "json"])
    assert result.exit_code in (0, 1)  # 述职报告 is a known type that the samples do not hold: no result, no error
    assert result.stderr == ""


@pytest.mark.parametrize("option", ["--type", "--topic", "--department"])
def test_a_pasted_or_strange_value_is_cut_in_the_message(runner, sample_index, option):
    value = "很长的一段" * 40 + "\x85\u2028第二行"
    result = runner.invoke(cli, ["search", "科技", "--index", str(sample_index), option, value])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert len(line) < 300 and "很长的一段很长的一段" in line and "…" in line


def test_help_is_wrapped_by_the_columns_chinese_takes(runner):
    from huigu.cli.zh import wrap
    from huigu.output.render import display_width

    result = runner.invoke(cli, ["-h"], prog_name="huigu", terminal_width=80)
    commands = result.stdout.split("命令：\n", 1)[1].splitlines()
    assert commands and all(display_width(line) <= 80 for line in commands)
    options = runner.invoke(cli, ["search", "-h"], prog_name="huigu", terminal_width=60).stdout.split("选项：\n", 1)[1]
    assert all(display_width(line) <= 60 for line in options.splitlines())
    lines = wrap("文档类型：工作总结、工作计划、工作思路、政府工作报告（见 huigu docs），意识形态工作报告。", 20)
    assert all(display_width(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == "文档类型：工作总结、工作计划、工作思路、政府工作报告（见huigudocs），意识形态工作报告。"
    assert not any(line[0] in "，。、）" for line in lines)  # no line starts with closing punctuation


@pytest.mark.parametrize("command", [["phrases"], ["similar", "科技特派员制度"]])
def test_reuse_commands_name_unknown_values_too(runner, sample_index, command):
    result = runner.invoke(cli, [*command, "--index", str(sample_index), "--topic", "航天"])
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：没有“航天”这个主题：可用 党建")
