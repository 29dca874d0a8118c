"""Issue #4, bad input end to end: each hostile file is ingested (``huigu ingest`` in a
subprocess, default workers) from a folder that also holds two good reports.

For every case: the good reports are searchable afterwards; the bad file is named on a
``跳过：source：reason`` line with a specific reason (or, where huigu can read it, it is
indexed correctly); nothing else is skipped; no traceback; every stderr line is one
message; the index holds whole files only; wall time and peak memory (RSS of the
command and its workers) stay under the case's bounds.

The figures of each case are written to ``<pytest basetemp>/hostile_figures.json``
(and to ``$HUIGU_FIGURES`` when set).
"""
from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from helpers_hostile import (
    FIGURES,
    GB,
    GENERIC_REASONS,
    GOOD_FILES,
    MB,
    assert_clean_cli_output,
    billion_laughs_document,
    docx_bytes,
    docx_with,
    document_xml,
    encrypted_pdf,
    index_snapshot,
    permissions_apply,
    ole_file,
    run_huigu,
    scanned_pdf,
    skipped_reasons,
    wholeness_problems,
    record_figure,
    write_figures,
    write_good_files,
    xxe_document,
    zeros_member,
)

ROOT = "reports"  # the ingested folder's name: sources are "reports/…"
SECRET_MARKER = "绝密标记XQZ七三九"  # in a file outside the tree that an XXE tries to pull in
SCRIPT_MARKER = "脚本标记JSQ八二一"
STYLE_MARKER = "样式标记CSS五五七"

DEFAULT_SECONDS = 30.0
DEFAULT_PEAK_MB = 700.0


@dataclass
class Case:
    build: Callable[[Path, Path], None]  # (folder, scratch dir outside the folder)
    skipped: dict[str, str] = field(default_factory=dict)  # relative path → regex its reason must match
    indexed: dict[str, str] = field(default_factory=dict)  # relative path → a query that must find it
    warnings: dict[str, str] = field(default_factory=dict)  # relative path → regex of a warning
    forbidden: tuple[str, ...] = ()  # text that must never reach the index
    contains: dict[str, str] = field(default_factory=dict)  # relative path → text its passages must hold
    seconds: float = DEFAULT_SECONDS
    peak_mb: float = DEFAULT_PEAK_MB
    unprivileged: bool = False  # subject to file permissions even when run by root


def put(folder: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


REPORT_TEXT = ("一、主要成效\n全面推进数字政府建设，政务服务事项网上可办率达到98%，"
               "“一网通办”覆盖全部乡镇。\n二、下一步打算\n持续优化营商环境，推进政务数据共享。\n")


# -- the cases ----------------------------------------------------------------------------------


def build_random(suffix: str):
    def build(folder: Path, scratch: Path) -> None:
        put(folder, f"随机字节{suffix}", random_bytes(300_000, seed=sum(map(ord, suffix))))
    return build


def build_pdf_header_then_garbage(folder: Path, scratch: Path) -> None:
    put(folder, "损坏.pdf", b"%PDF-1.7\n" + random_bytes(300_000, seed=7))


def build_truncated_docx(folder: Path, scratch: Path) -> None:
    whole = docx_bytes(["云溪市2023年工作总结"] + ["全面推进科技创新，成效明显。" * 20] * 50)
    put(folder, "截断.docx", whole[: len(whole) * 6 // 10])


def build_zip_bomb_declared(folder: Path, scratch: Path) -> None:
    """document.xml inflates to 3 GiB, and the zip says so."""
    bomb = zeros_member("word/document.xml", 3 * GB, prefix=b'<?xml version="1.0"?><w:document>')
    put(folder, "压缩炸弹.docx", docx_with({"word/document.xml": bomb}))


def build_zip_bomb_lying(folder: Path, scratch: Path) -> None:
    """document.xml inflates to 3 GiB, but the zip declares 20 KB for it."""
    bomb = zeros_member("word/document.xml", 3 * GB, declared=20_000, prefix=b'<?xml version="1.0"?><w:document>')
    put(folder, "谎报大小的压缩炸弹.docx", docx_with({"word/document.xml": bomb}))


def build_xxe(folder: Path, scratch: Path) -> None:
    secret = scratch / "secret.txt"
    secret.write_text(SECRET_MARKER + "\n", encoding="utf-8")
    put(folder, "外部实体.docx", docx_with({"word/document.xml": xxe_document(secret)}))
    # the same entity aimed at a part of the package the body does not use
    put(folder, "外部实体2.docx", docx_with({
        "word/document.xml": document_xml("正文"),
        "word/styles.xml": (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
                            f"<x>&e;</x>").encode(),
    }))


def build_billion_laughs(folder: Path, scratch: Path) -> None:
    put(folder, "十亿笑声.docx", docx_with({"word/document.xml": billion_laughs_document()}))


def build_legacy_office(folder: Path, scratch: Path) -> None:
    put(folder, "旧版文档.doc", ole_file(tag="旧版文档"))
    put(folder, "旧版WPS文档.wps", ole_file(tag="WPS文档"))
    put(folder, "其实是旧版.docx", ole_file(tag="改了扩展名"))


def build_scanned_pdf(folder: Path, scratch: Path) -> None:
    put(folder, "扫描件.pdf", scanned_pdf(pages=4))


def build_encrypted_pdf(folder: Path, scratch: Path) -> None:
    put(folder, "加密.pdf", encrypted_pdf())


def build_empty(folder: Path, scratch: Path) -> None:
    for name in ("空.txt", "空.docx", "空.pdf", "空.html", "空.md"):
        put(folder, name, b"")


def build_whitespace(folder: Path, scratch: Path) -> None:
    put(folder, "空白.txt", " \t\n\u3000\u3000\r\n\n   \n")
    put(folder, "空白.md", "\n\n    \n")
    put(folder, "空白.html", "<html><body>  <p>\u3000</p> <div> </div></body></html>")
    put(folder, "空白.docx", docx_bytes(["   ", "\u3000", ""]))


def build_100mb_text(folder: Path, scratch: Path) -> None:
    line = ("全市上下坚持稳中求进工作总基调，扎实推进高质量发展。" * 20 + "\n").encode("utf-8")
    with open(folder / "一百兆.txt", "wb") as handle:
        block = line * (4 * MB // len(line) + 1)
        written = 0
        while written < 100 * MB:
            handle.write(block)
            written += len(block)


def build_6mb_line(folder: Path, scratch: Path) -> None:
    words = re.sub(r"[^\u4e00-\u9fff]", "", REPORT_TEXT + "推进科技成果转化建设创新型城市培育高新技术企业")
    text = "超长单行开头" + words * (6 * MB // len(words.encode("utf-8")) + 1)
    put(folder, "单行六兆.txt", text)


def build_utf16(folder: Path, scratch: Path) -> None:
    text = "云溪市审计局2023年工作总结\r\n" + REPORT_TEXT.replace("数字政府", "审计全覆盖").replace("\n", "\r\n")
    put(folder, "UTF16记事本.txt", "\ufeff" + text, encoding="utf-16-le")
    put(folder, "UTF16大端.txt", "\ufeff" + text.replace("审计局", "统计局").replace("审计全覆盖", "统计现代化"),
        encoding="utf-16-be")


def build_gbk_html(folder: Path, scratch: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "<title>云溪市交通运输局2023年工作总结_云溪市人民政府</title></head><body>"
            '<div class="nav">首页 | 政务公开</div><div class="TRS_Editor">'
            "<p>云溪市交通运输局2023年工作总结</p><p>一、主要成效</p>"
            "<p>全年新改建农村公路286公里，镕铖公交线路开通运营，城乡客运一体化水平稳步提升。</p>"
            "</div></body></html>")
    put(folder, "交通局.html", page, encoding="gbk")  # 镕 and 铖 are GBK but not GB2312


def build_gbk_with_bad_bytes(folder: Path, scratch: Path) -> None:
    """A GBK report of about 2 000 characters with three damaged bytes."""
    text = ("云溪市水利局2023年工作总结\r\n一、主要成效\r\n完成河道综合整治45公里，新建高标准农田灌溉渠系12处，"
            "水旱灾害防御能力明显增强。\r\n"
            + "全面落实河湖长制，开展河湖“清四乱”专项行动，整治问题点位86处，水环境质量持续改善。\r\n" * 40
            + "二、存在问题\r\n部分山塘水库仍有安全隐患。\r\n")
    data = bytearray(text.encode("gbk"))
    for position in (400, 1600, 3000):  # a lone lead byte before ASCII: undecodable in GBK
        position -= position % 2  # between two characters (all are two bytes here but CRLF)
        data[position:position] = b"\x81\x20"
    put(folder, "水利局GBK.txt", bytes(data))


def build_script_style(folder: Path, scratch: Path) -> None:
    page = (f"<html><head><style>body {{ font: {STYLE_MARKER}; }}</style>"
            f"<script>var t = '{SCRIPT_MARKER}'; document.write(t);</script></head><body>"
            f"<script type='text/template'>{SCRIPT_MARKER}</script>"
            '<div class="article"><h1>云溪市文化和旅游局2023年工作总结</h1>'
            f"<style>.x::after {{ content: '{STYLE_MARKER}'; }}</style>"
            "<p>一、主要成效</p><p>全年接待游客1280万人次，非遗工坊建设扎实推进，公共文化服务效能持续提升。</p>"
            f"<noscript>{SCRIPT_MARKER}</noscript></div></body></html>")
    put(folder, "文旅局.html", page)


def build_deep_html(folder: Path, scratch: Path) -> None:
    depth = 20_000
    page = ("<html><body><p>云溪市应急管理局2023年工作总结</p>" + "<div>" * depth
            + "<p>安全生产专项整治三年行动圆满收官，深层嵌套正文照常检索。</p>" + "</div>" * depth + "</body></html>")
    put(folder, "深层嵌套.html", page)


ODD_NAMES = {
    "带 空格 的 总结.txt": "空格",
    '双引号"总结".txt': "双引号",
    "单引号'总结'.txt": "单引号",
    "井号#1总结.txt": "井号",
    "与号&总结.txt": "与号",
    "分号;总结.txt": "分号",
    "美元$HOME总结.txt": "美元",
    "混合 #&;$'\" 总结.txt": "混合",
}


def build_odd_names(folder: Path, scratch: Path) -> None:
    for name, tag in ODD_NAMES.items():
        put(folder / "特殊文件名", name, f"云溪市{tag}局2023年工作总结\n一、主要成效\n{tag}专项工作扎实推进，成效明显。\n")


def build_links(folder: Path, scratch: Path) -> None:
    os.symlink("环2.txt", folder / "环1.txt")
    os.symlink("环1.txt", folder / "环2.txt")
    os.symlink("自指.txt", folder / "自指.txt")
    os.symlink("不存在的文件.txt", folder / "断链.txt")
    (folder / "子目录").mkdir()
    os.symlink("..", folder / "子目录" / "回到上级")  # a directory loop: never followed
    os.symlink(folder, folder / "子目录" / "回到根")
    outside = scratch / "外部报告.txt"
    outside.write_text("云溪市档案局2023年工作总结\n一、主要成效\n档案数字化加工完成120万页。\n", encoding="utf-8")
    os.symlink(outside, folder / "外部链接.txt")


def build_unreadable(folder: Path, scratch: Path) -> None:
    put(folder, "无权限.txt", "云溪市保密局2023年工作总结\n无人可读。\n").chmod(0)
    put(folder, "无权限目录/藏起来的总结.txt", "云溪市机要局2023年工作总结\n").parent.chmod(0)


def build_nothing(folder: Path, scratch: Path) -> None:
    """The baseline: the two good reports alone."""


CASES: dict[str, Case] = {
    "baseline_good_files_only": Case(build_nothing),
    "random_bytes_docx": Case(build_random(".docx"), skipped={"随机字节.docx": r"不是有效的 \.docx"}),
    "random_bytes_pdf": Case(build_random(".pdf"), skipped={"随机字节.pdf": r"不是有效的 PDF"}),
    "random_bytes_txt": Case(build_random(".txt"), skipped={"随机字节.txt": r"不是文本文件"}),
    "pdf_header_then_garbage": Case(build_pdf_header_then_garbage, skipped={"损坏.pdf": r"PDF"}),
    "truncated_docx": Case(build_truncated_docx, skipped={"截断.docx": r"损坏|截断"}),
    "zip_bomb_declared_size": Case(build_zip_bomb_declared, skipped={"压缩炸弹.docx": r"压缩炸弹|过大"}),
    "zip_bomb_lying_size": Case(build_zip_bomb_lying, skipped={"谎报大小的压缩炸弹.docx": r"压缩炸弹|校验失败|超过上限"}),
    "xxe_docx": Case(build_xxe, skipped={"外部实体.docx": r"DTD|实体", "外部实体2.docx": r"DTD|实体"},
                     forbidden=(SECRET_MARKER,)),
    "billion_laughs_docx": Case(build_billion_laughs, skipped={"十亿笑声.docx": r"DTD|实体"}, forbidden=("哈哈哈",)),
    "legacy_ole_doc_wps": Case(build_legacy_office, skipped={
        "旧版文档.doc": r"另存为 \.docx", "旧版WPS文档.wps": r"另存为 \.docx", "其实是旧版.docx": r"另存为 \.docx"}),
    # with the OCR extra the four pages really go through OCR (models loaded, pages rendered)
    "pdf_without_text_layer": Case(build_scanned_pdf, skipped={"扫描件.pdf": r"扫描.*OCR"}, seconds=150, peak_mb=1200),
    "encrypted_pdf": Case(build_encrypted_pdf, skipped={"加密.pdf": r"加密"}),
    "empty_files": Case(build_empty, skipped={f"空{s}": r"为空" for s in (".txt", ".docx", ".pdf", ".html", ".md")}),
    "whitespace_only_files": Case(build_whitespace, skipped={
        "空白.txt": r"空白|没有可索引的文字", "空白.md": r"空白|没有可索引的文字",
        "空白.html": r"没有.*文字|空白", "空白.docx": r"没有文字|空白|没有可索引的文字"}),
    "text_100mb": Case(build_100mb_text, skipped={"一百兆.txt": r"文件过大.*上限.*拆分"}),
    "single_6mb_line": Case(build_6mb_line, indexed={"单行六兆.txt": "超长单行开头"}, seconds=120, peak_mb=1500),
    "utf16_text": Case(build_utf16, indexed={"UTF16记事本.txt": "审计全覆盖", "UTF16大端.txt": "统计现代化"}),
    "gbk_declared_html": Case(build_gbk_html, indexed={"交通局.html": "镕铖公交"}, forbidden=("首页 | 政务公开",)),
    "gbk_text_with_invalid_bytes": Case(build_gbk_with_bad_bytes, indexed={"水利局GBK.txt": "灌溉渠系"},
                                        warnings={"水利局GBK.txt": r"无法解码.*替换"},
                                        contains={"水利局GBK.txt": "\ufffd"}),  # the damage stays marked
    "html_script_and_style": Case(build_script_style, indexed={"文旅局.html": "非遗工坊"},
                                  forbidden=(SCRIPT_MARKER, STYLE_MARKER, "document.write")),
    "html_nested_20000_levels": Case(build_deep_html, indexed={"深层嵌套.html": "安全生产专项整治"}),
    "odd_file_names": Case(build_odd_names, indexed={f"特殊文件名/{n}": f"{t}专项工作" for n, t in ODD_NAMES.items()}),
    "symlink_loops": Case(build_links, skipped={
        "环1.txt": r"循环|不存在", "环2.txt": r"循环|不存在", "自指.txt": r"循环|不存在", "断链.txt": r"不存在|断开"},
        indexed={"外部链接.txt": "档案数字化"}),
    "unreadable_file_and_folder": Case(build_unreadable, unprivileged=True, skipped={
        "无权限.txt": r"权限", "无权限目录": r"权限|无法读取目录"}),
}


# Known gaps, reported to their owners: strict xfail, so that the fix turns them into failures
# that say "remove me".
KNOWN_GAPS: dict[str, str] = {}


def _cases_with_known_gaps():
    for name in CASES:
        marks = [pytest.mark.xfail(reason=KNOWN_GAPS[name], strict=True)] if name in KNOWN_GAPS else []
        yield pytest.param(name, marks=marks, id=name)


# -- running them ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    yield FIGURES
    write_figures(tmp_path_factory.getbasetemp() / "hostile_figures.json", FIGURES)


@pytest.fixture
def workspace(tmp_path):
    """A folder tree for one case; unreadable parts are made readable again to remove it."""
    yield tmp_path
    for folder, dirnames, _ in os.walk(tmp_path):
        for name in dirnames:
            (Path(folder) / name).chmod(0o755)


def ingest_cases(cases: dict[str, Case], base: Path, workers: int | None = 1):
    """Build the cases (each in its own subfolder when there are several) beside the good
    reports and ingest the folder. Returns the run, the index and {subfolder: case}."""
    folder = base / ROOT
    scratch = base / "scratch"
    scratch.mkdir()
    write_good_files(folder)
    placed = {}
    for name, case in cases.items():
        where = folder if len(cases) == 1 else folder / name
        where.mkdir(exist_ok=True)
        case.build(where, scratch)
        placed["" if len(cases) == 1 else f"{name}/"] = case
    unprivileged = any(case.unprivileged for case in cases.values())
    if unprivileged:
        why_not = permissions_apply()
        if why_not:
            pytest.skip(why_not)
    index = base / "index"
    options = ["--workers", str(workers)] if workers else []
    run = run_huigu("ingest", str(folder), "--index", str(index), "-q", *options, unprivileged=unprivileged,
                    timeout=3 * sum(case.seconds for case in cases.values()))
    return run, index, placed


def check_outcome(run, index: Path, placed: dict[str, Case]) -> None:
    assert not run.timed_out, run.describe()
    assert_clean_cli_output(run)

    expected = {f"{ROOT}/{prefix}{rel}": pattern
                for prefix, case in placed.items() for rel, pattern in case.skipped.items()}
    reasons = skipped_reasons(run)
    assert set(reasons) == set(expected), run.describe()
    for source, pattern in expected.items():
        assert re.search(pattern, reasons[source]), f"{source}: {reasons[source]!r} !~ {pattern!r}"
        assert not any(generic in reasons[source] for generic in GENERIC_REASONS), reasons[source]
    assert run.returncode == (1 if expected else 0), run.describe()

    snap = index_snapshot(index)
    assert wholeness_problems(snap) == []
    wanted = {rel: query for rel, query, _ in GOOD_FILES}
    wanted.update({prefix + rel: query for prefix, case in placed.items() for rel, query in case.indexed.items()})
    assert set(snap.files) == {f"{ROOT}/{rel}" for rel in wanted}
    _assert_found(index, wanted)
    for prefix, case in placed.items():
        for rel, pattern in case.warnings.items():
            lines = [line for line in run.stderr_lines if line.startswith(f"注意：{ROOT}/{prefix}{rel}：")]
            assert any(re.search(pattern, line) for line in lines), run.describe()
        for rel, text in case.contains.items():
            held = "".join(p["text"] for p in snap.passages.values() if p["source"] == f"{ROOT}/{prefix}{rel}")
            assert text in held, f"{rel}: {text!r} is not in its passages"
        for text in case.forbidden:
            leaked = [pid for pid, passage in snap.passages.items() if text in passage["text"]]
            assert not leaked, f"{text!r} reached the index in {leaked}"


def _assert_found(index: Path, queries: dict[str, str]) -> None:
    from huigu import store
    from huigu.search import search

    ix = store.open_store(index)
    for rel, query in queries.items():
        result = search(ix, query, limit=20)
        sources = {hit.data["doc"]["source"] for hit in result.hits}
        sources |= {also["doc"]["source"] for hit in result.hits for also in hit.also}
        assert f"{ROOT}/{rel}" in sources, f"search {query!r} does not find {rel}: {sorted(sources)}"


@pytest.mark.parametrize("name", list(_cases_with_known_gaps()))
def test_hostile_file_beside_good_files(name, workspace, figures):
    case = CASES[name]
    run, index, placed = ingest_cases({name: case}, workspace)
    record_figure(name, run, skipped=skipped_reasons(run))
    check_outcome(run, index, placed)
    assert run.seconds < case.seconds, f"{name} took {run.seconds:.1f}s (bound {case.seconds}s)"
    assert run.peak_mb < case.peak_mb, f"{name} peaked at {run.peak_mb:.0f} MB (bound {case.peak_mb} MB)"


def test_all_hostile_files_together_with_worker_processes(workspace, figures):
    """The default ingest (worker processes) over one folder holding every case at once
    (but the 6 MB line, measured alone above, and the known gaps): the same outcome, file
    by file."""
    cases = {name: case for name, case in CASES.items() if name != "single_6mb_line" and name not in KNOWN_GAPS}
    if permissions_apply():
        cases.pop("unreadable_file_and_folder")
    run, index, placed = ingest_cases(cases, workspace, workers=None)
    record_figure("all_together_default_workers", run, skipped=len(skipped_reasons(run)))
    check_outcome(run, index, placed)
    assert run.seconds < 90 and run.peak_mb < DEFAULT_PEAK_MB * 1.5, run.describe()


def test_a_second_run_finds_everything_unchanged(workspace):
    """Odd names survive the catalog: the next ingest sees them as unchanged."""
    run, index, _ = ingest_cases({"odd_file_names": CASES["odd_file_names"]}, workspace)
    assert run.returncode == 0, run.describe()
    again = run_huigu("ingest", str(workspace / ROOT), "--index", str(index), "-q")
    assert again.returncode == 0, again.describe()
    assert f"未改动跳过 {len(ODD_NAMES) + len(GOOD_FILES)} 个" in again.stdout
