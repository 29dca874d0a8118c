#!/usr/bin/env python3
"""Regenerate the bundled sample corpus ``examples/reports/`` from ``examples/source/``.

All sample reports are fictional (云溪市 is an invented city).  The text of every report
lives in ``examples/source/<name>.txt`` (one paragraph per line); this script only wraps
that text into the file formats and quirks a real folder of bureau reports has:

* .docx made with python-docx (one with a table),
* .txt in UTF-8 (as written, with stray spaces and a page-break artefact),
* .txt in GBK with CRLF line ends and full-width indentation,
* a .txt with no line breaks at all (ASCII punctuation),
* a .txt holding two documents (第一篇 / 第二篇),
* an .html page "saved from the bureau's website" (menus, script/style noise, footer),
* a .pdf with a real text layer (reportlab, built-in CID font STSong-Light).

Usage::

    python scripts/make_samples.py            # (re)write examples/reports/
    python scripts/make_samples.py --check    # regenerate into a temp dir, compare bytes

``examples/reports/ANSWERS.json`` and ``examples/reports/README.md`` are written by hand
and are never touched here.  After editing a source text run
``python scripts/check_samples.py`` to verify that every quote in the answer key still
occurs in its file.

Output is deterministic: docx/zip members get a fixed timestamp and the PDF is written
with ``invariant=1``, so running the script twice gives identical bytes.
"""
from __future__ import annotations

import argparse
import filecmp
import html
import io
import re
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "source"
REPORTS = ROOT / "examples" / "reports"
HAND_WRITTEN = {"ANSWERS.json", "README.md"}  # kept, never generated or deleted
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

# One row per output file.  ``src`` names files in examples/source/.
DOCS = [
    # 科技局 —— 全年总结暨次年思路，docx，含“主要指标完成情况”表格；落款日期
    dict(out="科技局/2022年工作总结暨2023年工作思路.docx", fmt="docx", src="k2022.txt", sign=2),
    # 科技局 —— 上半年总结，平放在根目录；标题无部门，部门只在正文（我局、全市科技系统）；数字内空格
    dict(out="2023年上半年工作总结.txt", fmt="txt", src="k2023h1.txt"),
    # 科技局 —— 印发通知（云科〔2024〕12号）包着全年总结；分页把“科技成果转化”断成两半；抄送/印发页脚
    dict(out="科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt", fmt="txt", src="k2023.txt"),
    # 科技局 —— 整篇一行、半角标点；模板占位符 X 家、OCR 错字 2()余项
    dict(out="科技局/2024年上半年工作总结.txt", fmt="oneline", src="k2024h1_oneline.txt"),
    # 科技局 —— 全年总结暨2025年思路，PDF（reportlab + STSong-Light，有文本层）
    dict(out="科技局/2024年工作总结暨2025年工作思路.pdf", fmt="pdf", src="k2024.txt", sign=2),
    # 教体局 —— 上半年总结，GBK + CRLF，全角缩进
    dict(out="2023/教体局/2023年上半年工作总结.txt", fmt="gbk", src="j2023h1.txt", sign=2),
    # 教体局 —— 网站另存的网页；文件名不含任何信息
    dict(
        out="2023/教体局/t20240120_1187.html",
        fmt="html",
        src="j2023.txt",
        pubdate="2024-01-20 10:00",
        site="云溪市教育体育局",
        source="云溪市教育体育局办公室",
        column="工作总结",
    ),
    # 合订本：第一篇 教体局2024年上半年总结，第二篇 民政局2023年意识形态工作报告
    dict(out="材料汇编.txt", fmt="dump", src=["j2024h1.txt", "m2023_ideology.txt"]),
    # 教体局 —— 全年总结暨2025年计划，docx
    dict(out="2024/教体局/2024年工作总结暨2025年工作计划.docx", fmt="docx", src="j2024.txt", sign=2),
    # 民政局 —— 标题无年份（年份只在正文），UTF-8
    dict(out="民政局/上半年工作总结及下半年工作打算.txt", fmt="txt", src="m2024h1.txt"),
    # 民政局 —— 年度工作要点，docx，编号 1. … 23.
    dict(out="2024/民政局/2024年工作要点.docx", fmt="docx", src="m2024_plan.txt"),
    # 民政局 —— 全年总结，GBK + CRLF
    dict(out="2024/民政局/2024年工作总结.txt", fmt="gbk", src="m2024.txt", sign=2),
]

HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")
HEADING_3 = re.compile(r"^\d+\.")


def read_source(name: str) -> str:
    return (SOURCE / name).read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of a source text."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------- txt flavours


def render_txt(doc: dict) -> bytes:
    """UTF-8, exactly as written in the source (blank lines and spaces included)."""
    return read_source(doc["src"]).encode("utf-8")


def render_oneline(doc: dict) -> bytes:
    """The whole report on one line, no line break at all (not even at the end)."""
    return "".join(paragraphs(read_source(doc["src"]))).encode("utf-8")


def render_gbk(doc: dict) -> bytes:
    """GBK, CRLF, a blank line between paragraphs, full-width indentation (like a
    report saved from an old intranet)."""
    paras = paragraphs(read_source(doc["src"]))
    sign = doc.get("sign", 0)
    out = []
    for i, para in enumerate(paras):
        if i == 0:
            out.append("\u3000" * 6 + para)  # title, roughly centred
        elif sign and i >= len(paras) - sign:
            out.append("\u3000" * 20 + para)  # signature block, pushed right
        else:
            out.append("\u3000\u3000" + para)
    text = "\r\n\r\n".join(out) + "\r\n"
    return text.encode("gbk")  # fails loudly if a character is not in GBK


def render_dump(doc: dict) -> bytes:
    """Several documents pasted into one file, each after a 第N篇 marker."""
    numerals = "一二三四五六七八九十"
    chunks = []
    for i, name in enumerate(doc["src"]):
        chunks.append(f"第{numerals[i]}篇\n\n" + read_source(name).strip("\n") + "\n")
    return "\n\n".join(chunks).encode("utf-8")


# ---------------------------------------------------------------- docx


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip (docx) with fixed member timestamps so output is reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            dst.writestr(new, src.read(info.filename))
    return buf.getvalue()


def render_docx(doc: dict) -> bytes:
    import datetime

    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paras = paragraphs(read_source(doc["src"]))
    sign = doc.get("sign", 0)
    document = Document()
    props = document.core_properties
    props.author = "Administrator"
    props.last_modified_by = "Administrator"
    props.title = ""
    props.created = datetime.datetime(2024, 1, 1, 0, 0, 0)
    props.modified = datetime.datetime(2024, 1, 1, 0, 0, 0)
    props.revision = 1

    normal = document.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")

    def add(text: str, *, bold=False, align=None, size=None, indent=True, font=None):
        p = document.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if font:
            run.font.name = font
            run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        return p

    i = 0
    while i < len(paras):
        para = paras[i]
        if para.startswith("|"):
            rows = []
            while i < len(paras) and paras[i].startswith("|"):
                rows.append(paras[i].strip("|").split("|"))
                i += 1
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    cell = table.cell(r, c)
                    cell.text = value
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            continue
        if i == 0:
            add(para, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, indent=False, font="方正小标宋简体")
        elif sign and i >= len(paras) - sign:
            add(para, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        elif HEADING_1.match(para):
            add(para, font="黑体")
        elif HEADING_2.match(para):
            add(para, font="楷体_GB2312")
        else:
            add(para)
        i += 1

    buf = io.BytesIO()
    document.save(buf)
    return normalise_zip(buf.getvalue())


# ---------------------------------------------------------------- html

HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{site}">
<meta name="SiteDomain" content="jtj.yunxi.gov.cn">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{pubdate}">
<meta name="ContentSource" content="{source}">
<meta name="Keywords" content="工作总结,工作计划,教育,体育">
<title>{title}_{column}_{site}</title>
<link rel="stylesheet" href="/css/common.css">
<style type="text/css">
/* 页面样式：样式表文字不应被索引 */
body {{ font-family: "Microsoft YaHei", "微软雅黑", sans-serif; margin: 0; }}
.nav li {{ display: inline-block; padding: 0 12px; }}
.article h1 {{ font-size: 22px; text-align: center; }}
.share a:after {{ content: "分享到"; }}
</style>
<script type="text/javascript">
  // 访问统计：脚本文字不应被索引
  var _tongji = "云溪市教育体育局访问统计代码";
  function addFavorite() {{ alert("请按 Ctrl+D 收藏本站：脚本文字不应被索引"); }}
</script>
</head>
<body>
<div class="top-bar">
  <span>今天是：<span id="today"></span></span>
  <a href="javascript:addFavorite()">加入收藏</a> | <a href="/">设为首页</a> | <a href="/wza/">无障碍浏览</a> | <a href="/old/">长者模式</a>
</div>
<div class="header">
  <div class="logo"><img src="/images/logo.png" alt="{site}"></div>
  <form class="search" action="/search/"><input type="text" name="q" placeholder="请输入关键词"><button>搜索</button></form>
</div>
<ul class="nav">
  <li><a href="/">首页</a></li>
  <li><a href="/jgzn/">机构职能</a></li>
  <li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/jyxw/">教育新闻</a></li>
  <li><a href="/tyxw/">体育动态</a></li>
  <li><a href="/zcwj/">政策文件</a></li>
  <li><a href="/hdjl/">互动交流</a></li>
</ul>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ghjh/">规划计划</a> &gt; {column}</div>
<div class="article">
  <h1 class="article-title">{title}</h1>
  <div class="article-info">发布时间：{pubdate}　来源：{source}　浏览次数：<span id="views">1286</span>　字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
  <div id="zoom">
    <div class="TRS_Editor">
<style type="text/css">
.TRS_Editor P{{margin-top:0;margin-bottom:12px;line-height:1.8;font-family:仿宋_GB2312;font-size:16pt;}} /* 编辑器样式不应被索引 */
</style>
{body}
    </div>
  </div>
  <div class="share">分享到：<a href="#" class="wx">微信</a> <a href="#" class="wb">微博</a> <a href="#" class="qq">QQ空间</a>　<a href="javascript:window.print()">【打印本页】</a>　<a href="javascript:window.close()">【关闭窗口】</a></div>
  <div class="prev-next">
    <p>上一篇：<a href="/zwgk/ghjh/t20231215_1102.html">关于公布2023年度市级文明校园名单的通知</a></p>
    <p>下一篇：<a href="/zwgk/ghjh/t20240205_1213.html">2024年寒假中小学生安全告家长书</a></p>
  </div>
</div>
<div class="related">
  <h3>相关链接</h3>
  <ul><li><a href="#">云溪市人民政府</a></li><li><a href="#">省教育厅</a></li><li><a href="#">省体育局</a></li></ul>
</div>
<div class="footer">
  <p>主办单位：{site}　地址：云溪市城关镇学府路18号　联系电话：0000-1234567</p>
  <p>版权所有：{site}　网站标识码：0000000001　<a href="https://beian.miit.gov.cn/">云ICP备00000001号-1</a>　<img src="/images/ga.png" alt="">云公网安备 00000000000001号</p>
</div>
<script type="text/javascript">
  document.getElementById("today").innerHTML = new Date().toLocaleDateString("zh-CN");
  // 脚本文字不应被索引：以下为页面底部统计代码
</script>
</body>
</html>
"""


def render_html(doc: dict) -> bytes:
    paras = paragraphs(read_source(doc["src"]))
    title, body = paras[0], paras[1:]
    lines = []
    for para in body:
        text = html.escape(para, quote=False)
        if HEADING_1.match(para) or HEADING_2.match(para):
            lines.append(f'<p style="text-indent:2em;"><strong>{text}</strong></p>')
        else:
            lines.append(f'<p style="text-indent:2em;">{text}</p>')
    page = HTML_PAGE.format(
        title=html.escape(title),
        site=doc["site"],
        column=doc["column"],
        pubdate=doc["pubdate"],
        source=doc["source"],
        body="\n".join(lines),
    )
    return page.encode("utf-8")


# ---------------------------------------------------------------- pdf

NO_LINE_START = set("，。、；：？！）》」』”’%．,.;:)")


def wrap(text: str, width: float, font: str, size: float, first_indent: float) -> list[str]:
    """Greedy character wrap for CJK text; closing punctuation never starts a line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current, limit = [], "", width - first_indent
    for ch in text:
        if current and stringWidth(current + ch, font, size) > limit and ch not in NO_LINE_START:
            lines.append(current)
            current, limit = "", width
        current += ch
    if current:
        lines.append(current)
    return lines


def render_pdf(doc: dict) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    paras = paragraphs(read_source(doc["src"]))
    sign = doc.get("sign", 0)
    page_w, page_h = A4
    left, right, top, bottom = 78, 78, 80, 80
    width = page_w - left - right
    body_size, leading = 12, 21

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(paras[0])
    c.setAuthor("Administrator")
    page = 1
    y = page_h - top

    def footer():
        c.setFont(font, 10)
        c.drawCentredString(page_w / 2, 45, f"- {page} -")

    def newline(step: float):
        nonlocal y, page
        y -= step
        if y < bottom:
            footer()
            c.showPage()  # a new page starts with a fresh graphics state: set the font again
            c.setFont(font, body_size)
            page += 1
            y = page_h - top - step

    # title
    c.setFont(font, 18)
    for line in wrap(paras[0], width, font, 18, 0):
        c.drawCentredString(page_w / 2, y, line)
        y -= 30
    y -= 8
    for i, para in enumerate(paras[1:], start=1):
        if sign and i >= len(paras) - sign:
            c.setFont(font, body_size)
            newline(leading)
            c.drawRightString(page_w - right - 24, y, para)
            continue
        c.setFont(font, body_size)
        indent = 2 * body_size
        for k, line in enumerate(wrap(para, width, font, body_size, indent)):
            newline(leading)
            c.drawString(left + (indent if k == 0 else 0), y, line)
    footer()
    c.showPage()
    c.save()
    return buf.getvalue()


RENDER = {
    "txt": render_txt,
    "oneline": render_oneline,
    "gbk": render_gbk,
    "dump": render_dump,
    "docx": render_docx,
    "html": render_html,
    "pdf": render_pdf,
}


def generate(target: Path) -> list[Path]:
    """Write every sample file under ``target``; remove stale generated files."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {target / d["out"] for d in DOCS}
    for old in sorted(target.rglob("*")):
        if old.is_file() and old.name not in HAND_WRITTEN and old not in wanted:
            old.unlink()
    for doc in DOCS:
        path = target / doc["out"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(RENDER[doc["fmt"]](doc))
    for folder in sorted(target.rglob("*"), reverse=True):  # drop emptied folders
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return sorted(wanted)


def check_reproducible() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        bad = []
        for doc in DOCS:
            a, b = Path(tmp) / doc["out"], REPORTS / doc["out"]
            if not b.exists() or not filecmp.cmp(a, b, shallow=False):
                bad.append(doc["out"])
    if bad:
        print("differs from a fresh build:", *bad, sep="\n  ")
        return 1
    print(f"ok: {len(DOCS)} files identical to a fresh build")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh build with examples/reports/")
    args = parser.parse_args(argv)
    if args.check:
        return check_reproducible()
    for path in generate(REPORTS):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
