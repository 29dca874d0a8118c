"""Readers on well-formed input: the exact lines, encodings and hints they produce."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from huigu.ingest.read import SUPPORTED_SUFFIXES, is_candidate, limits, read_file
from huigu.ingest.read.files import format_limit
from huigu.ingest.read.hints import normalise_date, title_without_site
from huigu.ingest.read.pdf import join_paragraphs
from huigu.ingest.read.text import split_lines
from huigu.errors import ReadError
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_dir(*parts: str) -> Path:
    folder = SHARED.joinpath(*parts)
    if not folder.is_dir():
        pytest.skip(f"../shared 不在：没有 {folder}")
    return folder


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


# -- a minimal Chinese PDF with a text layer (what reportlab's STSong-Light CID font makes),
#    built by hand so the tests need no dev-only dependency ------------------------------


def _utf16_hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def cid_pdf(pages: list[list[str]], title: str | None = None, created: str | None = None) -> bytes:
    """PDF bytes whose pages show ``pages`` (lists of lines) in the STSong-Light CID font."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>",
        5: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    }
    info = []
    if title:
        info.append(f"/Title <FEFF{title.encode('utf-16-be').hex().upper()}>")
    if created:
        info.append(f"/CreationDate ({created})")
    objects[6] = ("<< " + " ".join(info) + " >>").encode()
    kids = []
    for number, lines in enumerate(pages):
        page_id, content_id = 7 + 2 * number, 8 + 2 * number
        ops = ["BT", "/F1 12 Tf", "72 800 Td", "24 TL", *(f"{_utf16_hex(line)} Tj T*" for line in lines), "ET"]
        stream = "\n".join(ops).encode()
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_id} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        ).encode()
        objects[content_id] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        kids.append(f"{page_id} 0 R")
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    return _assemble_pdf(objects)


def _assemble_pdf(objects: dict[int, bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.write(b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size)))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


# -- .txt / .md ---------------------------------------------------------------------------


def test_text_lines_are_the_file_lines_verbatim(tmp_path):
    content = "标题\r\n\u3000\u3000正文第一段，\n\n  缩进保留\r最后一行\n"
    source = read_file(write(tmp_path, "a.txt", content))
    assert source.lines == ["标题", "\u3000\u3000正文第一段，", "", "  缩进保留", "最后一行"]
    assert (source.format, source.unit, source.encoding, source.warnings) == ("txt", "行", "utf-8", [])


def test_text_without_final_newline_keeps_its_last_line(tmp_path):
    assert read_file(write(tmp_path, "a.txt", "一\n二")).lines == ["一", "二"]
    assert read_file(write(tmp_path, "b.txt", "一\n\n")).lines == ["一", ""]


def test_other_unicode_breaks_do_not_split_lines(tmp_path):
    source = read_file(write(tmp_path, "a.txt", "甲\x0c乙\u2028丙\x85丁\n戊"))
    assert source.lines == ["甲\x0c乙\u2028丙\x85丁", "戊"]


def test_markdown_is_read_as_md(tmp_path):
    source = read_file(write(tmp_path, "notes.md", "# 工作要点\n\n- 科技特派员\n"))
    assert (source.format, source.lines) == ("md", ["# 工作要点", "", "- 科技特派员"])


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8-sig", "utf-8-sig"), ("utf-16-le", "utf-16"), ("utf-16-be", "utf-16"), ("gbk", "gb18030")],
)
def test_text_encodings(tmp_path, encoding, expected):
    text = "２０２３年工作总结\n一、主要成效\n"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    source = read_file(write(tmp_path, "a.txt", data))
    assert source.encoding == expected
    assert source.lines == ["２０２３年工作总结", "一、主要成效"]
    assert source.warnings == []


def test_gbk_with_a_stray_byte_is_kept_with_a_warning(tmp_path):
    good = ("全年完成科技项目验收三十项。" * 20).encode("gbk")
    source = read_file(write(tmp_path, "a.txt", good + b"\xff" + good))
    assert source.encoding == "gb18030"
    assert source.warnings == ["含 1 处无法解码的字节（按 GB18030 读取），已替换为 �"]
    assert source.lines[0].count("\ufffd") == 1


def test_truncated_utf8_is_kept_with_a_warning(tmp_path):
    data = ("创新驱动发展战略深入实施。\n" * 30).encode("utf-8")[:-2]  # cut inside "。\n"
    source = read_file(write(tmp_path, "a.txt", data))
    assert source.encoding == "utf-8"
    assert source.warnings == ["含 1 处无法解码的字节（按 UTF-8 读取），已替换为 �"]
    assert source.lines[-1] == "创新驱动发展战略深入实施\ufffd"


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=20), min_size=1, max_size=8))
def test_split_lines_round_trips(lines):
    assume(len(lines) == 1 or lines[-1] != "")  # a final empty line is a final line break
    for newline in ("\n", "\r\n", "\r"):
        assert split_lines(newline.join(lines)) == lines
        assert split_lines(newline.join(lines) + newline) == lines


def test_hailaer_gbk_reports_read_as_gb18030_without_warnings():
    folder = shared_dir("corpus", "hailaer")
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 8
    for path in files:
        source = read_file(path)
        raw = path.read_bytes()
        assert (source.encoding, source.warnings) == ("gb18030", []), path.name
        assert source.lines == raw.decode("gbk").replace("\r\n", "\n").rstrip("\n").split("\n")
        assert all("\r" not in line for line in source.lines)
    assert read_file(folder / "2012.txt").lines[0] == "政 府 工 作 报 告"
    assert read_file(folder / "2018.txt").lines[0] == "政府工作报告"


def test_seeds_read():
    folder = shared_dir("seeds")
    notice = read_file(folder / "000_e23e4b4a1776eb5c.txt")
    assert notice.encoding == "utf-8"
    assert notice.lines[2] == "泉州市科学技术局文件"
    assert notice.lines[4] == "泉科〔2024〕34号"
    assert len(notice.lines) == notice.lines.count("") + sum(1 for line in notice.lines if line)
    dump = read_file(folder / "002_51b2ba32670d637a.txt")
    assert dump.lines[0] == "2024科技局上半年工作总结.docx"
    assert len(dump.lines) == 2 and len(dump.lines[1]) > 7000


def test_state_council_report_reads_as_utf8():
    folder = shared_dir("corpus", "state-council")
    source = read_file(next(iter(sorted(folder.glob("1954*.txt")))))
    assert source.encoding == "utf-8" and len(source.lines) > 50


# -- .docx ----------------------------------------------------------------------------------


def make_docx(tmp_path: Path, build, name: str = "a.docx") -> Path:
    import docx

    document = docx.Document()
    build(document)
    path = tmp_path / name
    document.save(path)
    return path


def test_docx_paragraphs_and_table_cells_in_body_order(tmp_path):
    def build(document):
        document.add_paragraph("泉州市科技局2023年工作总结")
        document.add_paragraph("")
        document.add_paragraph("\u3000\u3000一、主要成效")
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, ["指标", "目标", "完成"]):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, ["高新技术企业", "", "120家"]):
            cell.text = text
        document.add_paragraph("二、存在问题")

    source = read_file(make_docx(tmp_path, build))
    assert source.lines == [
        "泉州市科技局2023年工作总结",
        "\u3000\u3000一、主要成效",
        "指标", "目标", "完成",
        "高新技术企业", "120家",
        "二、存在问题",
    ]
    assert (source.format, source.unit, source.encoding) == ("docx", "段", None)


def test_docx_runs_breaks_and_tabs(tmp_path):
    def build(document):
        paragraph = document.add_paragraph("来源：江西省人民政府")
        run = paragraph.add_run()
        run.add_break()
        paragraph.add_run("2025年1月17日")
        paragraph.add_run("\t第")
        paragraph.add_run("二")
        paragraph.add_run("次会议")
        document.add_paragraph("   ")

    source = read_file(make_docx(tmp_path, build))
    assert source.lines == ["来源：江西省人民政府", "2025年1月17日\t第二次会议"]


def test_docx_nested_table_cells_follow_their_cell(tmp_path):
    def build(document):
        outer = document.add_table(rows=1, cols=2)
        outer.rows[0].cells[0].text = "外层"
        inner = outer.rows[0].cells[1].add_table(rows=1, cols=2)
        inner.rows[0].cells[0].text = "内层甲"
        inner.rows[0].cells[1].text = "内层乙"
        document.add_paragraph("表后")

    assert read_file(make_docx(tmp_path, build)).lines == ["外层", "内层甲", "内层乙", "表后"]


def test_docx_without_text_is_refused(tmp_path):
    path = make_docx(tmp_path, lambda document: document.add_paragraph(""))
    with pytest.raises(ReadError, match="文档里没有文字"):
        read_file(path)


def test_docx_named_doc_is_read_as_docx(tmp_path):
    path = make_docx(tmp_path, lambda document: document.add_paragraph("改了扩展名"), name="old.doc")
    assert read_file(path).lines == ["改了扩展名"]


def test_provincial_reports_docx():
    folder = shared_dir("corpus", "provinces-2025")
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 31
    for path in files:
        source = read_file(path)
        # 湖北 has 46 paragraphs, the others 51 to 162
        assert len(source.lines) > 40, path.name
        assert source.lines[0] == path.stem
        assert any(line.lstrip("\u3000\u2003 ").startswith("各位代表") for line in source.lines[:8]), path.name
        assert all(line.strip() and "\n" not in line for line in source.lines)
    jiangxi = read_file(folder / "2025年江西省政府工作报告.docx")
    assert jiangxi.lines[1:3] == [
        "来源：江西省人民政府",
        "2025年1月17日在江西省第十四届人民代表大会第三次会议上省长叶建春作政府工作报告。",
    ]


# -- .html ----------------------------------------------------------------------------------

GOV_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<meta name="SiteName" content="泉州市科学技术局">
<meta name="ArticleTitle" content="泉州市科技局2023年工作总结">
<meta name="PubDate" content="2024-03-29 10:30">
<meta name="ContentSource" content="泉州市科技局">
<title>泉州市科技局2023年工作总结_工作总结_泉州市科学技术局</title>
<style>.zoom { color: red } /* 样式里的文字 */</style>
<script>var secret = "脚本里的文字SCRIPT_MARKER";</script>
</head><body>
<div class="header"><a href="/">首页</a><a href="/zwgk">政务公开</a></div>
<div class="nav"><ul><li><a href="#">机构概况</a></li><li><a href="#">政策文件</a></li></ul></div>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 工作总结</div>
<div class="main">
  <h1>泉州市科技局2023年工作总结</h1>
  <div class="info">发布时间：2024-03-29 来源：泉州市科技局</div>
  <div id="zoom" class="zoom">
    <p>　　2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，
    全面贯彻党的二十大精神。</p>
    <p><strong>一、主要成效</strong></p>
    <p>（一）科技特派员工作。全年选派<span>科技特派员</span>120人。</p>
    <script>document.write("正文里的脚本SCRIPT_MARKER")</script>
    <table><tr><td>指标</td><td>完成</td></tr><tr><td>高新技术企业</td><td>120家</td></tr></table>
    <div>第一行<br>第二行<br/>第三行</div>
    <div class="bdsharebuttonbox">分享到：<a href="#">微信</a></div>
    <p>【打印本页】【关闭窗口】</p>
  </div>
</div>
<div class="footer">主办单位：泉州市科学技术局 版权所有 闽ICP备00000000号</div>
</body></html>
"""

GOV_PAGE_LINES = [
    "2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。",
    "一、主要成效",
    "（一）科技特派员工作。全年选派科技特派员120人。",
    "指标", "完成", "高新技术企业", "120家",
    "第一行", "第二行", "第三行",
]


def test_html_article_body_lines_and_meta_hints(tmp_path):
    source = read_file(write(tmp_path, "page.html", GOV_PAGE))
    assert source.lines == GOV_PAGE_LINES
    assert source.hints == {
        "title": "泉州市科技局2023年工作总结",
        "date": "2024-03-29",
        "site": "泉州市科学技术局",
        "source": "泉州市科技局",
    }
    assert (source.format, source.unit, source.encoding) == ("html", "段", "utf-8")
    assert "SCRIPT_MARKER" not in repr(source)


def test_html_hints_from_title_and_info_line(tmp_path):
    page = """<html><head><title>关于印发2024年工作要点的通知_政务公开_XX市人民政府</title></head>
    <body><div class="article"><h2>关于印发2024年工作要点的通知</h2>
    <div class="info">发布日期：2024年3月9日　　来源：XX市发展和改革委员会　　浏览次数：12</div>
    <div class="TRS_Editor"><p>各县（市、区）人民政府，市直各单位：</p>
    <p>现将《2024年工作要点》印发给你们，请认真贯彻落实。</p></div></div></body></html>"""
    source = read_file(write(tmp_path, "notice.htm", page))
    assert source.hints == {"title": "关于印发2024年工作要点的通知", "date": "2024-03-09", "source": "XX市发展和改革委员会"}
    assert source.lines == ["各县（市、区）人民政府，市直各单位：", "现将《2024年工作要点》印发给你们，请认真贯彻落实。"]


@pytest.mark.parametrize("declaration", ['<meta charset="gb2312">', '<meta http-equiv="Content-Type" content="text/html; charset=GBK">', ""])
def test_html_in_gbk(tmp_path, declaration):
    page = f"<html><head>{declaration}<title>工作总结</title></head><body><div id='zoom'><p>全年新增高新技术企业一百二十家，增长百分之十五。</p></div></body></html>"
    source = read_file(write(tmp_path, "gbk.html", page, encoding="gbk"))
    assert source.encoding == "gb18030"
    assert source.lines == ["全年新增高新技术企业一百二十家，增长百分之十五。"]
    assert source.hints["title"] == "工作总结"
    assert source.warnings == []


def test_html_declared_utf8_but_gbk(tmp_path):
    page = "<html><head><meta charset='utf-8'></head><body><p>实际是国标编码的网页正文内容。</p></body></html>"
    source = read_file(write(tmp_path, "wrong.html", page, encoding="gbk"))
    assert source.encoding == "gb18030"
    assert source.lines == ["实际是国标编码的网页正文内容。"]
    assert source.warnings == ["网页声明的编码是 utf-8，但内容按 gb18030 才能解码"]


def test_html_without_known_container_takes_the_densest_block(tmp_path):
    links = "".join(f"<li><a href='#'>相关链接新闻标题第{i}条</a></li>" for i in range(30))
    page = f"""<html><body>
    <div class="wrap">
      <div class="col-l"><ul>{links}</ul></div>
      <div class="col-r">
        <div class="text-body">
          <p>一、2023年工作回顾</p>
          <p>过去一年，全区经济运行稳中有进，地区生产总值增长百分之六。</p>
          <p>二、2024年工作安排</p>
          <p>今年是全面贯彻党的二十大精神的关键之年，我们将坚持稳中求进。</p>
        </div>
      </div>
    </div>
    <div>备案号与联系方式</div></body></html>"""
    source = read_file(write(tmp_path, "page.html", page))
    assert source.lines == [
        "一、2023年工作回顾",
        "过去一年，全区经济运行稳中有进，地区生产总值增长百分之六。",
        "二、2024年工作安排",
        "今年是全面贯彻党的二十大精神的关键之年，我们将坚持稳中求进。",
    ]


def test_html_saved_as_doc_is_read_as_html(tmp_path):
    page = "<html xmlns:o='urn:schemas-microsoft-com:office:office'><body><p>另存为 Word 的网页。</p></body></html>"
    source = read_file(write(tmp_path, "report.doc", page))
    assert source.format == "html"
    assert source.lines == ["另存为 Word 的网页。"]
    assert source.warnings == ["扩展名是 .doc，内容其实是网页，已按 HTML 读取"]


@pytest.mark.parametrize(
    "text, date",
    [
        ("2024-03-29 10:30", "2024-03-29"), ("2024/3/9", "2024-03-09"), ("2024年3月29日", "2024-03-29"),
        ("2024.03.29", "2024-03-29"), ("20240329", "2024-03-29"), ("2024-13-40", None), ("", None),
    ],
)
def test_normalise_date(text, date):
    assert normalise_date(text) == date


@pytest.mark.parametrize(
    "title, cleaned",
    [
        ("关于印发工作要点的通知_政务公开_泉州市人民政府", "关于印发工作要点的通知"),
        ("2023年工作总结 - 泉州市科学技术局", "2023年工作总结"),
        ("2023年工作总结|XX区门户网站", "2023年工作总结"),
        ("奋进——2024年工作总结", "奋进——2024年工作总结"),
        ("工作总结_第一部分", "工作总结_第一部分"),
    ],
)
def test_title_without_site(title, cleaned):
    assert title_without_site(title) == cleaned


# -- .pdf -----------------------------------------------------------------------------------

PDF_PAGES = [
    [
        "泉州市科学技术局",
        "\u3000\u30002023年，我局坚持以习近平新时代中国特色社会主",
        "义思想为指导，全面贯彻党的二十大精神，推动科技创新",
        "工作取得新成效。",
        "一、主要成效",
        "（一）科技特派员工作。全年选派科技特派员一百二十名，",
        "实现乡镇全覆盖，服务企业和合作社三百余家，带动农民",
        "- 1 -",
    ],
    [
        "增收效果明显。",
        "2.科技金融。新增科技贷款十亿元。",
        "2",
    ],
]


def test_pdf_lines_rejoined_into_paragraphs(tmp_path):
    data = cid_pdf(PDF_PAGES, title="Microsoft Word - 2023年工作总结.docx", created="D:20240329093000+08'00'")
    source = read_file(write(tmp_path, "report.pdf", data))
    assert source.lines == [
        "泉州市科学技术局",
        "2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，推动科技创新工作取得新成效。",
        "一、主要成效",
        "（一）科技特派员工作。全年选派科技特派员一百二十名，实现乡镇全覆盖，服务企业和合作社三百余家，带动农民增收效果明显。",
        "2.科技金融。新增科技贷款十亿元。",
    ]
    assert (source.format, source.unit, source.encoding) == ("pdf", "段", None)
    assert source.hints == {"title": "2023年工作总结"}  # the file's /CreationDate is not the report's date
    assert source.warnings == []


def test_pdf_made_by_reportlab(tmp_path):
    pytest.importorskip("reportlab", reason="reportlab 只在 dev 依赖里")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "reportlab.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle("海拉尔区政府工作报告")
    pdf.setFont("STSong-Light", 12)
    for number, line in enumerate(["一、过去一年工作回顾", "全区地区生产总值增长百分之八，", "城乡居民收入稳步提高。", "- 1 -"]):
        pdf.drawString(72, 780 - 20 * number, line)
    pdf.showPage()
    pdf.save()
    source = read_file(path)
    assert source.lines == ["一、过去一年工作回顾", "全区地区生产总值增长百分之八，城乡居民收入稳步提高。"]
    assert source.hints["title"] == "海拉尔区政府工作报告"


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(cid_pdf(PDF_PAGES))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    source = read_file(write(tmp_path, "restricted.pdf", buffer.getvalue()))
    assert source.lines[0] == "泉州市科学技术局"


@pytest.mark.parametrize(
    "lines, paragraphs",
    [
        (["第一行没有标点", "接着写完。", "新段落。"], ["第一行没有标点接着写完。", "新段落。"]),
        (["目标：", "一、总体要求", "（一）坚持稳中求进"], ["目标：", "一、总体要求", "（一）坚持稳中求进"]),
        (["GDP growth of", "5.5 percent"], ["GDP growth of 5.5 percent"]),
        (["引号结尾。”", "下一段"], ["引号结尾。”", "下一段"]),
        (["- 3 -", "第 4 页 共 10 页", "5/10", "正文"], ["正文"]),
        (["段落甲", "", "段落乙"], ["段落甲", "段落乙"]),
        (["增长1.5", "个百分点"], ["增长1.5个百分点"]),
        (["一是加强领导", "二是完善机制"], ["一是加强领导", "二是完善机制"]),
    ],
)
def test_join_paragraphs(lines, paragraphs):
    assert join_paragraphs(lines) == paragraphs


def test_join_paragraphs_breaks_after_a_short_line():
    full = "这是一整行正文文字没有标点符号一直写到了行尾处"  # 24 characters
    lines = ["报告标题", full, full, "最后一行很短", full, full, full]
    assert join_paragraphs(lines) == ["报告标题", full * 2 + "最后一行很短", full * 3]


# -- dispatch -------------------------------------------------------------------------------


def test_supported_suffixes():
    assert {".txt", ".md", ".docx", ".html", ".htm", ".pdf"} <= SUPPORTED_SUFFIXES


@pytest.mark.parametrize(
    "name, expected",
    [
        ("报告.txt", True), ("报告.DOCX", True), ("a.md", True), ("page.htm", True), ("scan.pdf", True),
        ("old.doc", True), ("old.wps", True), ("table.xls", True), ("table.et", True), ("photo.JPG", True),
        ("scan.png", True), ("scan.tif", True), ("bundle.zip", True), ("doc.ofd", True),
        (".DS_Store", False), ("~$报告.docx", False), ("._报告.docx", False), ("data.bin", False),
        ("noext", False), ("table.csv", False),
    ],
)
def test_is_candidate(name, expected):
    assert is_candidate(Path("/some/folder") / name) is expected


def test_limits_doc_matches_limits_py():
    doc = Path(__file__).resolve().parents[1] / "docs" / "limits.md"
    text = doc.read_text(encoding="utf-8")
    rows = {
        ".txt / .md 文件大小": format_limit(limits.MAX_TEXT_BYTES),
        ".html / .htm 文件大小": format_limit(limits.MAX_HTML_BYTES),
        ".html 标签数（按 `<` 计）": f"{limits.MAX_HTML_TAGS:,} 个",
        ".docx 文件大小": format_limit(limits.MAX_DOCX_BYTES),
        ".docx 内文件数": f"{limits.MAX_ZIP_MEMBERS:,} 个",
        ".docx 内单个文件解压后": format_limit(limits.MAX_ZIP_MEMBER_BYTES),
        ".docx 解压后总量": format_limit(limits.MAX_ZIP_TOTAL_BYTES),
        f".docx 内文件压缩比（解压后超过 {format_limit(limits.ZIP_RATIO_GRACE_BYTES)} 的文件）": f"{limits.MAX_ZIP_RATIO} 倍",
        ".pdf 文件大小": format_limit(limits.MAX_PDF_BYTES),
        ".pdf 页数": f"{limits.MAX_PDF_PAGES:,} 页",
        ".pdf 平均每页文字": f"少于 {limits.MIN_PDF_CHARS_PER_PAGE} 字即视为扫描件",
        ".doc / .wps / .rtf / .odt 文件大小": format_limit(limits.MAX_LEGACY_BYTES),
        "LibreOffice 转换一个文件": f"{limits.LIBREOFFICE_TIMEOUT_SECONDS} 秒",
        ".ofd 文件大小": format_limit(limits.MAX_OFD_BYTES),
        "图片文件大小（OCR）": format_limit(limits.MAX_IMAGE_BYTES),
        "无法解码的字节": f"不超过全文 {limits.MAX_UNDECODABLE_SHARE:.0%}",
        "控制字符 / 替换字符": f"不超过全文 {limits.MAX_CONTROL_CHAR_SHARE:.0%}",
    }
    for item, value in rows.items():
        assert f"| {item} | {value} |" in text, item


# -- pages, and the formats read through other programs ------------------------------------


def test_pdf_paragraphs_keep_the_pages_they_lie_on(tmp_path):
    source = read_file(write(tmp_path, "report.pdf", cid_pdf(PDF_PAGES)))
    # the paragraph that runs on over the page break lies on pages 1 and 2
    assert source.pages == [(1, 1), (1, 1), (1, 1), (1, 2), (2, 2)]
    assert source.ocr_confidence == []


def test_sample_pdf_passages_name_the_page_their_text_is_on():
    from pypdf import PdfReader

    from huigu.ingest.pipeline import file_hash, process_file
    from huigu.text.normalize import normalize_line, squash

    path = Path(__file__).resolve().parents[1] / "examples" / "reports" / "科技局" / "2024年工作总结暨2025年工作思路.pdf"
    pages = [squash(normalize_line(page.extract_text() or "")) for page in PdfReader(path).pages]
    assert len(pages) >= 3
    result = process_file(path, path.name, file_hash(path))
    passages = [p for item in result.documents for p in item.passages]
    assert {p.page_start for p in passages} == set(range(1, len(pages) + 1))
    for passage in passages:
        on_pages = "".join(pages[passage.page_start - 1:passage.page_end])
        assert squash(normalize_line(passage.text)) in on_pages, (passage.page_start, passage.text[:30])


@pytest.mark.parametrize("name", ["old.doc", "old.wps", "letter.rtf", "report.odt", "official.ofd",
                                  "scan.png", "scan.jpg", "scan.tiff"])
def test_legacy_ofd_and_image_suffixes_are_supported(name):
    assert Path(name).suffix in SUPPORTED_SUFFIXES
    assert is_candidate(Path("/some/folder") / name)
