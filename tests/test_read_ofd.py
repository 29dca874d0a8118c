"""OFD (GB/T 33190) files built to the standard's structure from the sample reports' text:
OFD.xml → Doc_0/Document.xml (CommonData, PublicRes fonts, a template page) → one
Content.xml per page with a TextObject per laid-out line."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from conftest import SAMPLES
from huigu.errors import ReadError
from huigu.ingest.pipeline import file_hash, process_file, records_for
from huigu.ingest.read import read_file
from huigu.text.cite import source_label
from huigu.text.normalize import squash

NS = "http://www.ofdspec.org/2016"
SIZE = 5.6  # mm: about 16 pt, the body size of official documents
LEFT, TOP, WIDTH = 26.0, 37.0, 156.0
PER_LINE = int(WIDTH // SIZE)  # 27 characters
LINES_PER_PAGE = 24
LINE_STEP = 9.5
SAMPLE = SAMPLES / "2024" / "民政局" / "2024年工作总结.txt"


def layout(paragraphs: list[str]) -> list[list[tuple[float, str]]]:
    """Paragraphs wrapped into lines of PER_LINE characters (first line indented by two),
    paginated: pages of (x, text)."""
    lines: list[tuple[float, str]] = []
    for paragraph in paragraphs:
        first, rest = paragraph[:PER_LINE - 2], paragraph[PER_LINE - 2:]
        lines.append((LEFT + 2 * SIZE, first))
        lines.extend((LEFT, rest[i:i + PER_LINE]) for i in range(0, len(rest), PER_LINE))
    return [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def text_object(number: int, x: float, y: float, text: str) -> str:
    return (f'<ofd:TextObject ID="{number}" Boundary="{x:.2f} {y:.2f} {len(text) * SIZE:.2f} {SIZE + 1:.2f}" '
            f'Font="3" Size="{SIZE}"><ofd:TextCode X="0" Y="{SIZE:.2f}" DeltaX="g {max(len(text) - 1, 1)} {SIZE}">'
            f"{escape(text)}</ofd:TextCode></ofd:TextObject>")


def build_ofd(paragraphs: list[str], title: str = "", header: str = "", image_only: bool = False) -> bytes:
    pages = layout(paragraphs)
    ids = iter(range(100, 100000))
    parts = {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
                    f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>b1f0c3d2</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>"
                    "<ofd:CreationDate>2024-07-10</ofd:CreationDate></ofd:DocInfo>"
                    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"),
        "Doc_0/PublicRes.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                '<ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            "<ofd:MaxUnitID>100000</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
            '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages>'
            + "".join(f'<ofd:Page ID="{10 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
            + "</ofd:Pages></ofd:Document>"),
        "Doc_0/Tpls/Tpl_0/Content.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="4">'
            + (text_object(5, LEFT, 15.0, header) if header else "") + "</ofd:Layer></ofd:Content></ofd:Page>"),
    }
    for number, lines in enumerate(pages):
        if image_only:
            body = f'<ofd:ImageObject ID="{next(ids)}" Boundary="0 0 210 297" ResourceID="99"/>'
        else:
            body = "".join(text_object(next(ids), x, TOP + row * LINE_STEP, text) for row, (x, text) in enumerate(lines))
            body += text_object(next(ids), 100.0, 285.0, f"- {number + 1} -")  # the page number at the foot
        parts[f"Doc_0/Pages/Page_{number}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Template TemplateID="2"/>'
            f'<ofd:Content><ofd:Layer ID="{next(ids)}">{body}</ofd:Layer></ofd:Content></ofd:Page>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in parts.items():
            package.writestr(name, xml.encode("utf-8"))
    return buffer.getvalue()


def sample_paragraphs() -> list[str]:
    return [line.strip() for line in read_file(SAMPLE).lines if line.strip()]


@pytest.fixture
def sample_ofd(tmp_path) -> Path:
    path = tmp_path / "2024年工作总结.ofd"
    path.write_bytes(build_ofd(sample_paragraphs(), title="云溪市民政局2024年工作总结", header="云溪市民政局"))
    return path


def test_ofd_paragraphs_are_the_sample_paragraphs(sample_ofd):
    source = read_file(sample_ofd)
    assert source.format == "ofd" and source.unit == "段"
    assert source.lines[0] == "云溪市民政局"  # the template's running head, read once
    got = [squash(line) for line in source.lines[1:]]
    expected = [squash(p) for p in sample_paragraphs()]
    assert "".join(got) == "".join(expected)  # every character, in reading order
    # paragraphs re-joined from wrapped lines: a wrapped line that happens to start with
    # "三是" starts a paragraph, as in a PDF; nearly all come out whole
    assert len(set(got) & set(expected)) >= 0.9 * len(expected), set(expected) - set(got)
    assert source.hints["title"] == "云溪市民政局2024年工作总结"
    assert not any(line.startswith("-") for line in source.lines), "page numbers are not text"


def test_ofd_passages_cite_their_page(sample_ofd):
    pages = layout(sample_paragraphs())
    assert len(pages) >= 3
    result = process_file(sample_ofd, "民政局/2024年工作总结.ofd", file_hash(sample_ofd))
    assert result.error is None, result.error
    passages = [p for item in result.documents for p in item.passages]
    assert {p.page_start for p in passages} == set(range(1, len(pages) + 1))
    for passage in passages:  # the passage's words are on the pages it names
        laid = "云溪市民政局" + "".join(text for page in pages[passage.page_start - 1:passage.page_end] for _, text in page)
        assert squash(passage.text)[:20] in squash(laid), (passage.page_start, passage.text[:30])
    records = [r for r in records_for(result) if r["rtype"] == "passage"]
    last = records[-1]["data"]
    assert f"（第{last['page_start']}页）" in last["label"] or f"第{last['page_start']}页）" in last["label"]
    assert source_label(last["doc"], last).startswith(f"民政局/2024年工作总结.ofd 第{last['page_start']}")
    document = result.documents[0].document
    assert document.department_short == "民政局" and document.year == 2024


def test_ofd_with_only_images_is_refused_as_a_scan(tmp_path):
    path = tmp_path / "扫描件.ofd"
    path.write_bytes(build_ofd(sample_paragraphs(), image_only=True))
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert "没有可提取的文字" in str(caught.value)


@pytest.mark.parametrize("parts, expected", [
    ({"Doc_0/Document.xml": "<x/>"}, "不是有效的 OFD 文件"),
    ({"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody>"}, "不是有效的 OFD 文件"),
])
def test_broken_ofd_is_one_line(tmp_path, parts, expected):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, xml in parts.items():
            package.writestr(name, xml)
    path = tmp_path / "坏文件.ofd"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert str(caught.value).startswith(expected) and "\n" not in str(caught.value)
