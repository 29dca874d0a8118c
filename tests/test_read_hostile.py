"""Readers on hostile or broken input: always a clear ReadError, in bounded time and memory."""
from __future__ import annotations

import errno
import io
import os
import random
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import huigu.ingest.read
from huigu.ingest.read import files, limits, read_file
from huigu.ingest.read.docx import BROKEN_ZIP, HAS_DTD, NOT_PARSEABLE
from huigu.ingest.read import images, legacy, ocr
from huigu.ingest.read.pdf import BOMB, BROKEN, ENCRYPTED, NO_HEADER, SCANNED, SCANNED_BLANK
from huigu.model import SourceText
from huigu.errors import ReadError
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refusal(path: Path) -> str:
    """The ReadError message for ``path`` (fails if it reads)."""
    with pytest.raises(ReadError) as caught:
        read_file(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


class Budget:
    """Measures wall time and (unless ``memory=False``: tracing slows Python down a lot)
    peak Python memory of the block it wraps."""

    def __init__(self, memory: bool = True):
        self.memory = memory
        self.peak_mb = 0.0

    def __enter__(self):
        if self.memory:
            tracemalloc.start()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        if self.memory:
            self.peak_mb = tracemalloc.get_traced_memory()[1] / limits.MB
            tracemalloc.stop()
        return False


# -- the file system ------------------------------------------------------------------------


def test_empty_files_of_every_format(tmp_path):
    for name in ("a.txt", "a.md", "a.docx", "a.html", "a.pdf", "a.doc", "a.png"):
        assert refusal(write(tmp_path, name, b"")) == "文件为空"


def test_whitespace_only_text(tmp_path):
    assert refusal(write(tmp_path, "a.txt", "\u3000 \r\n\t\n  ")) == "文件只有空白字符"


def test_directory_missing_file_and_broken_link(tmp_path):
    folder = tmp_path / "报告.docx"
    folder.mkdir()
    assert refusal(folder) == "这是文件夹，不是文件"
    assert refusal(tmp_path / "nowhere.txt") == "文件不存在"
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert refusal(link) == "符号链接指向的文件不存在（链接已断开）"


def test_symlink_loop(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert refusal(tmp_path / "a.txt") == "符号链接形成循环，无法读取"


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert refusal(fifo) == "不是普通文件（可能是设备、管道或套接字），已跳过"


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "内容")

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files, "open", denied, raising=False)
    assert refusal(path) == "没有读取权限：请检查文件权限"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root 可以读取任何文件")
def test_permission_denied_for_real(tmp_path):
    path = write(tmp_path, "secret.txt", "内容")
    path.chmod(0)
    assert refusal(path) == "没有读取权限：请检查文件权限"


def test_unexpected_failure_becomes_read_error(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(huigu.ingest.read, "read_text", broken)
    assert refusal(write(tmp_path, "a.txt", "内容")) == "读取失败（内部错误 KeyError）：请把此文件反馈给维护者"


# -- text -----------------------------------------------------------------------------------


def test_random_bytes_named_txt(tmp_path):
    noise = random.Random(7).randbytes(200_000)
    assert refusal(write(tmp_path, "noise.txt", noise)) == "不是文本文件（内容像二进制数据）"


def test_text_full_of_nul_bytes(tmp_path):
    assert refusal(write(tmp_path, "a.txt", b"abc\x00\x01" * 1000)) == "不是文本文件（内容像二进制数据）"


def test_text_file_over_the_limit_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as stream:
        stream.truncate(100 * limits.MB)  # sparse: takes no disk space
    with Budget() as budget:
        message = refusal(path)
    assert message == "文件过大（100.0 MB，上限 50 MB）：请拆分后再导入"
    assert budget.seconds < 1 and budget.peak_mb < 5


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_six_megabyte_line_without_punctuation(tmp_path, encoding):
    text = "科技创新驱动发展" * (6 * limits.MB // (8 * 3))
    path = write(tmp_path, "one-line.txt", text.encode(encoding))
    with Budget() as budget:
        source = read_file(path)
    assert source.lines == [text]
    assert budget.seconds < 5
    assert budget.peak_mb < 80


# -- legacy and unsupported formats -----------------------------------------------------------


# OLE files named as Word files that hold no Word body: refused before LibreOffice is asked
LEGACY_WORD = legacy.NOT_WORD


@pytest.mark.parametrize(
    "name, expected",
    [
        ("old.doc", LEGACY_WORD),
        ("old.wps", LEGACY_WORD),
        ("old.xls", "旧版 Excel/WPS 表格（.xls/OLE 格式）暂不支持：如是报告正文，请复制到 Word/WPS 文字中另存为 .docx 后再导入"),
        ("old.et", "旧版 Excel/WPS 表格（.et/OLE 格式）暂不支持：如是报告正文，请复制到 Word/WPS 文字中另存为 .docx 后再导入"),
        ("old.ppt", "旧版 PowerPoint/WPS 演示（.ppt/OLE 格式）暂不支持：请导出为 PDF 后再导入"),
        ("renamed.docx", LEGACY_WORD),
        ("mystery.bin", "旧版 Office 文件（OLE 格式），无法直接读取：请另存为 .docx 或 PDF 后再导入"),
    ],
)
def test_ole_files_get_legacy_advice(tmp_path, name, expected):
    assert refusal(write(tmp_path, name, OLE_MAGIC + b"\x00" * 1024)) == expected


def test_password_protected_docx(tmp_path):
    data = OLE_MAGIC + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    assert refusal(write(tmp_path, "locked.docx", data)) == (
        "Office 文档已加密（设置了打开密码），无法读取：请去除密码后另存为 .docx 再导入"
    )


@pytest.mark.parametrize(
    "name, data",
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("scan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("scan.tif", b"not really a tiff"),
        ("photo-named.txt", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
    ],
)
def test_images_need_ocr(tmp_path, name, data):
    assert refusal(write(tmp_path, name, data)) == (images.BROKEN if ocr.available(for_pdf=False) else images.NEEDS_OCR)


def test_unsupported_and_archive_types(tmp_path):
    assert refusal(write(tmp_path, "a.xyz", "内容")) == "不支持的文件类型（.xyz）：请转换为 .docx、.pdf、.txt 或 .html 后再导入"
    assert refusal(write(tmp_path, "a.ofd", b"PK\x03\x04rest")).startswith("不是有效的 OFD 文件")
    assert refusal(write(tmp_path, "page.mht", "MIME-Version: 1.0\r\n")).startswith("网页存档（.mht）暂不支持")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("报告.docx", b"x")
    assert refusal(write(tmp_path, "报告.zip", archive.getvalue())) == "压缩包（.zip）：请先解压，再导入其中的文件"


# -- .docx: broken containers -------------------------------------------------------------------


def real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("正常的段落")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rebuilt_docx(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A real .docx with some parts replaced or added."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(real_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def patch_declared(data: bytes, name: str, size: int | None = None, flags: int | None = None) -> bytes:
    """Overwrite the uncompressed size and/or flag bits a zip declares for ``name``."""
    patched = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    central = patched.find(b"PK\x01\x02", patched.rfind(b"PK\x05\x06") - 46 * 100)
    while patched[central + 46 : central + 46 + len(name)] != name.encode():
        central = patched.find(b"PK\x01\x02", central + 4)
    for header, size_at, flags_at in ((info.header_offset, 22, 6), (central, 24, 8)):
        if size is not None:
            struct.pack_into("<I", patched, header + size_at, size)
        if flags is not None:
            struct.pack_into("<H", patched, header + flags_at, flags)
    return bytes(patched)


def test_docx_that_is_not_a_zip(tmp_path):
    assert refusal(write(tmp_path, "a.docx", "这只是文本")).startswith("不是有效的 .docx")


def test_truncated_docx(tmp_path):
    data = real_docx()
    assert refusal(write(tmp_path, "cut.docx", data[: len(data) // 2])) == BROKEN_ZIP


def test_docx_with_malformed_xml(tmp_path):
    data = rebuilt_docx(replace={"word/document.xml": b"<w:document " + W_NS.encode() + b"><w:body><w:p>"})
    assert refusal(write(tmp_path, "bad.docx", data)) == NOT_PARSEABLE


def test_zip_without_word_parts(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "不是 Word")
    assert refusal(write(tmp_path, "empty.docx", buffer.getvalue())) == NOT_PARSEABLE


def test_excel_renamed_docx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert refusal(write(tmp_path, "table.docx", buffer.getvalue())).startswith("不是 Word 文档（内容是 Excel 表格")


def test_zip_level_encryption(tmp_path):
    data = patch_declared(real_docx(), "word/document.xml", flags=0x1)
    assert refusal(write(tmp_path, "enc.docx", data)) == "不是有效的 .docx（zip 内文件被加密）：请提供未加密的文件"


# -- .docx: zip bombs ---------------------------------------------------------------------------


def test_declared_total_over_the_limit(tmp_path):
    share = int(5.2 * limits.GB) // 4
    media = {f"word/media/image{i}.png": b"\x89PNG" for i in range(4)}
    data = rebuilt_docx(add=media)
    for name in media:
        data = patch_declared(data, name, size=share)
    path = write(tmp_path, "bomb.docx", data)
    with Budget() as budget:
        message = refusal(path)
    assert message == "解压后体积过大（声明 5.2 GB，上限 200 MB），疑似压缩炸弹，已拒绝"
    assert budget.seconds < 2 and budget.peak_mb < 10


def test_declared_part_over_the_limit(tmp_path):
    data = patch_declared(rebuilt_docx(), "word/document.xml", size=60 * limits.MB)
    message = refusal(write(tmp_path, "bomb.docx", data))
    assert message == "docx 内文件 word/document.xml 解压后过大（声明 60.0 MB，上限 50 MB），疑似压缩炸弹，已拒绝"


def test_real_bomb_of_zeros(tmp_path):
    """210 MB of zeros really compressed into a 200 KB docx."""
    buffer = io.BytesIO(rebuilt_docx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/zeros.bin", "w") as part:
            block = bytes(limits.MB)
            for _ in range(210):
                part.write(block)
    path = write(tmp_path, "zeros.docx", buffer.getvalue())
    assert path.stat().st_size < 1 * limits.MB
    with Budget() as budget:
        message = refusal(path)
    assert "疑似压缩炸弹，已拒绝" in message
    assert budget.seconds < 2 and budget.peak_mb < 10


def test_absurd_compression_ratio(tmp_path):
    data = rebuilt_docx(add={"word/media/zeros.bin": bytes(5 * limits.MB)})
    message = refusal(write(tmp_path, "ratio.docx", data))
    assert message.startswith("docx 内文件 word/media/zeros.bin 压缩比异常（")
    assert message.endswith("倍，上限 100 倍），疑似压缩炸弹，已拒绝")


def test_declared_sizes_that_lie(tmp_path):
    """The directory says 1 KB; the part inflates to 2 MB: never read past the claim."""
    data = rebuilt_docx(add={"word/media/lie.bin": b"a" * (2 * limits.MB)})
    data = patch_declared(data, "word/media/lie.bin", size=1024)
    path = write(tmp_path, "lie.docx", data)
    with Budget() as budget:
        message = refusal(path)
    assert message == "docx 内文件 word/media/lie.bin 校验失败（内容与声明不符），文件损坏或被篡改，已拒绝"
    assert budget.seconds < 2 and budget.peak_mb < 10


def test_too_many_parts(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(2500):
            archive.writestr(f"word/p{number}.xml", b"")
    with Budget() as budget:
        message = refusal(write(tmp_path, "many.docx", buffer.getvalue()))
    assert message == "docx 内文件数过多（2500 个，上限 2000 个），已拒绝"
    assert budget.seconds < 1


def with_zip64_end(data: bytes, count: int | None = None) -> bytes:
    """Insert ZIP64 end records (as large packages have) declaring ``count`` parts."""
    end = data.rfind(b"PK\x05\x06")
    entries, directory_size, directory_offset = struct.unpack_from("<HII", data, end + 10)
    count = entries if count is None else count
    record = struct.pack(
        "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, directory_size, directory_offset
    )
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1)
    return data[:end] + record + locator + data[end:]


def test_zip64_end_records_are_read(tmp_path):
    assert read_file(write(tmp_path, "zip64.docx", with_zip64_end(real_docx()))).lines == ["正常的段落"]


def test_zip64_end_record_declaring_millions_of_parts(tmp_path):
    data = with_zip64_end(real_docx(), count=5_000_000)
    assert refusal(write(tmp_path, "many64.docx", data)) == "docx 内文件数过多（5000000 个，上限 2000 个），已拒绝"


def test_part_names_in_messages_stay_on_one_line(tmp_path):
    name = "word/media/evil\nname" + "x" * 200 + ".bin"
    data = rebuilt_docx(add={name: bytes(5 * limits.MB)})
    message = refusal(write(tmp_path, "evil.docx", data))
    assert "\n" not in message and "evil?name" in message and len(message) < 200


# -- .docx: XXE and billion laughs --------------------------------------------------------------


def xxe_document(marker_file: Path) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{marker_file.as_uri()}">]>\n'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )


def billion_laughs_document() -> str:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE w:document [{entities}]>\n'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )


@pytest.fixture
def marker_file(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("XXE_LEAKED_MARKER", encoding="utf-8")
    return path


def test_docx_with_external_entity_is_refused(tmp_path, marker_file):
    data = rebuilt_docx(replace={"word/document.xml": xxe_document(marker_file).encode()})
    message = refusal(write(tmp_path, "xxe.docx", data))
    assert message == HAS_DTD
    assert "XXE_LEAKED_MARKER" not in message


def test_docx_with_utf16_dtd_is_refused(tmp_path, marker_file):
    xml = xxe_document(marker_file).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = rebuilt_docx(replace={"word/document.xml": xml.encode("utf-16")})
    assert refusal(write(tmp_path, "xxe16.docx", data)) == HAS_DTD


def test_dtd_in_any_part_is_refused(tmp_path, marker_file):
    data = rebuilt_docx(add={"customXml/item9.xml": xxe_document(marker_file).encode()})
    assert refusal(write(tmp_path, "xxe-custom.docx", data)) == HAS_DTD


def test_docx_billion_laughs_is_refused_quickly(tmp_path):
    data = rebuilt_docx(replace={"word/document.xml": billion_laughs_document().encode()})
    with Budget() as budget:
        assert refusal(write(tmp_path, "lol.docx", data)) == HAS_DTD
    assert budget.seconds < 1


def test_python_docx_parser_resolves_no_entities(marker_file):
    """Second line of defence: even without our DTD check nothing would be expanded."""
    from docx.oxml.parser import parse_xml
    from lxml import etree

    element = parse_xml(xxe_document(marker_file).encode())
    assert "XXE_LEAKED_MARKER" not in etree.tostring(element, encoding="unicode")
    assert "XXE_LEAKED_MARKER" not in "".join(element.itertext())

    started = time.perf_counter()
    try:
        element = parse_xml(billion_laughs_document().encode())
    except etree.XMLSyntaxError:  # libxml2 refuses the amplification outright
        pass
    else:
        assert len(etree.tostring(element)) < 10_000
    assert time.perf_counter() - started < 1


# -- .html ----------------------------------------------------------------------------------


def test_html_nested_twenty_thousand_levels(tmp_path):
    depth = 20_000
    deep, after = "埋在两万层标签深处的一段正文文字。", "两万层标签之后的正文结尾段落。"
    page = f"<html><body><div id='zoom'>{'<div>' * depth}{deep}{'</div>' * depth}<p>{after}</p></div></body></html>"
    path = write(tmp_path, "deep.html", page)
    with Budget(memory=False) as budget:
        source = read_file(path)
    assert source.lines == [deep, after]
    assert budget.seconds < 5


def test_html_unclosed_tags_twenty_thousand_deep(tmp_path):
    text = "两万个没有闭合的标签里面的正文文字。"
    page = "<html><body><div id='zoom'>" + "<font>" * 20_000 + text + "</body></html>"
    assert read_file(write(tmp_path, "unclosed.html", page)).lines == [text]


def test_html_with_too_many_tags_is_refused_quickly(tmp_path):
    path = write(tmp_path, "tags.html", "<html><body>" + "<b>字</b>" * 120_000 + "</body></html>")
    with Budget() as budget:
        message = refusal(path)
    assert message == "网页标签过多（约 240004 个，上限 200000 个），疑似异常或恶意构造，已拒绝"
    assert budget.seconds < 1


def test_html_over_the_size_limit(tmp_path):
    path = tmp_path / "big.html"
    with open(path, "wb") as stream:
        stream.truncate(11 * limits.MB)
    assert refusal(path) == "文件过大（11.0 MB，上限 10 MB）：请拆分后再导入"


HIDDEN_PAGE = """<html><head><title>隐藏内容测试</title>
<script>var a = "MARKER_HEAD_SCRIPT";</script><style>p { content: "MARKER_STYLE"; }</style></head>
<body>
<noscript>MARKER_NOSCRIPT 请启用脚本</noscript>
<div id="zoom">
  <p>第一段正文文字。</p>
  <script type="text/template"><p>MARKER_TEMPLATE_SCRIPT</p></script>
  <script><![CDATA[ document.write("MARKER_CDATA") ]]></script>
  <!-- MARKER_COMMENT -->
  <template><p>MARKER_TEMPLATE</p></template>
  <div style="display: none">MARKER_DISPLAY_NONE</div>
  <div hidden>MARKER_HIDDEN_ATTRIBUTE</div>
  <p>第二段<script>MARKER_INLINE_SCRIPT</script>正文文字。</p>
  <iframe src="x">MARKER_IFRAME</iframe>
  <textarea>MARKER_TEXTAREA</textarea>
</div>
<script src="a.js">MARKER_TAIL_SCRIPT</script>
</body></html>"""


def test_script_style_and_hidden_text_never_reach_the_lines(tmp_path):
    source = read_file(write(tmp_path, "hidden.html", HIDDEN_PAGE))
    assert source.lines == ["第一段正文文字。", "第二段正文文字。"]
    assert "MARKER" not in repr(source)


def test_long_widget_like_line_does_not_backtrack(tmp_path):
    line = "打印 字号：大 " * 3000 + "正文"
    page = f"<html><body><div id='zoom'><p>{line}</p><p>其后还有二十个以上汉字组成的正文段落内容。</p></div></body></html>"
    with Budget(memory=False) as budget:
        source = read_file(write(tmp_path, "widgets.html", page))
    assert source.lines[0] == line.strip()
    assert budget.seconds < 2


@pytest.mark.parametrize("charset", ["base64", "rot13", "unicode_escape", "idna", "no-such-charset", "utf-16"])
def test_odd_declared_charsets_are_ignored(tmp_path, charset):
    page = f"<html><head><meta charset='{charset}'></head><body><p>声明了奇怪编码的网页。</p></body></html>"
    source = read_file(write(tmp_path, "odd.html", page))
    assert (source.encoding, source.lines) == ("utf-8", ["声明了奇怪编码的网页。"])


def test_script_only_page_has_no_text(tmp_path):
    page = "<html><body><script>var t = '脚本里的中文不是正文';</script></body></html>"
    assert refusal(write(tmp_path, "empty.html", page)) == "网页中没有找到正文文字"


# -- .pdf -----------------------------------------------------------------------------------


def raw_pdf(contents: list[bytes], stream_entries: bytes = b"") -> bytes:
    """A PDF, assembled byte by byte, whose pages have the given (raw) content streams.

    Resources: /F1 is Helvetica, /Im1 a 4×4 grey image.  ``stream_entries`` is added to
    every content stream's dictionary (e.g. ``/Filter /FlateDecode``).
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 16 >>\nstream\n" + b"\x80" * 16 + b"\nendstream",
    ]
    kids = []
    for stream in contents:
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> >>" % (len(objects) + 2)
        )
        objects.append(b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(stream), stream_entries, stream))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_blank_pdf_is_a_scan(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(write(tmp_path, "blank.pdf", buffer.getvalue())) == (SCANNED_BLANK if ocr.available() else SCANNED)


def test_image_only_pdf_with_page_numbers_is_a_scan(tmp_path):
    page = b"q 500 0 0 700 50 80 cm /Im1 Do Q BT /F1 10 Tf 290 40 Td (- %d -) Tj ET"
    data = raw_pdf([page % number for number in range(1, 4)])
    assert refusal(write(tmp_path, "scan.pdf", data)) == (SCANNED_BLANK if ocr.available() else SCANNED)


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(write(tmp_path, "locked.pdf", buffer.getvalue())) == ENCRYPTED


def test_pdf_without_header(tmp_path):
    assert refusal(write(tmp_path, "fake.pdf", "这不是 PDF")) == "不是有效的 PDF（缺少 %PDF 文件头）"
    assert NO_HEADER == "不是有效的 PDF（缺少 %PDF 文件头）"


def test_pdf_garbage_after_header(tmp_path):
    garbage = b"%PDF-1.7\n" + random.Random(3).randbytes(4000)
    assert refusal(write(tmp_path, "garbage.pdf", garbage)) in {BROKEN, SCANNED, SCANNED_BLANK}


def test_pdf_with_too_many_pages(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(limits.MAX_PDF_PAGES + 1):
        writer.add_blank_page(10, 10)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(write(tmp_path, "long.pdf", buffer.getvalue())) == "PDF 页数过多（2001 页，上限 2000 页）：请拆分后再导入"


def test_pdf_that_expands_hugely_is_bounded(tmp_path):
    """A page whose content stream inflates to 200 MB: pypdf's own caps apply."""
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(b" " * limits.MB) for _ in range(200)) + compressor.flush()
    path = write(tmp_path, "inflate.pdf", raw_pdf([body], stream_entries=b"/Filter /FlateDecode"))
    assert path.stat().st_size < limits.MB
    with Budget(memory=False) as budget:
        assert refusal(path) == BOMB
    assert budget.seconds < 10


def test_joining_a_huge_unpunctuated_pdf_text_is_linear():
    from huigu.ingest.read.pdf import join_paragraphs

    lines = ["这是一整行正文文字没有标点符号一直写到了行尾处"] * 200_000
    with Budget(memory=False) as budget:
        paragraphs = join_paragraphs(lines)
    assert paragraphs == ["".join(lines)]
    assert budget.seconds < 5


# -- fuzzing ------------------------------------------------------------------------------------

PREFIXES = [b"", b"PK\x03\x04", b"%PDF-1.4\n", OLE_MAGIC, b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from([".txt", ".md", ".docx", ".html", ".pdf", ".doc"]),
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=3000),
)
def test_arbitrary_bytes_give_text_or_read_error(tmp_path_factory, suffix, prefix, body):
    path = tmp_path_factory.mktemp("fuzz") / f"fuzz{suffix}"
    path.write_bytes(prefix + body)
    try:
        result = read_file(path)
    except ReadError as err:
        assert str(err) and "\n" not in str(err)
        assert "内部错误" not in str(err)
    else:
        assert isinstance(result, SourceText)
        assert all(isinstance(line, str) for line in result.lines)
