"""Scans through the OCR extra (rapidocr-onnxruntime, pypdfium2): page images and scanned
PDFs rendered from the sample reports' text with a Chinese font, read back by real OCR;
and what a person sees without the extra."""
from __future__ import annotations

import difflib
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SAMPLES
from huigu.ingest.pipeline import file_hash, process_file, records_for
from huigu.ingest.read import images, ocr, read_file
from huigu.ingest.read.pdf import SCANNED
from huigu.text.cite import source_label
from huigu.text.normalize import squash

FONT_PLACES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]
PX = 30  # character size: 16 pt body text scanned at about 135 dpi
PER_LINE = 30


def chinese_font_path() -> str:
    for place in FONT_PLACES:
        if Path(place).is_file():
            return place
    if os.environ.get("CI"):
        pytest.fail("CI 中应已安装中文字体（.ci/run 安装 fonts-noto-cjk）")
    pytest.skip("没有中文字体，无法生成扫描页：sudo apt install fonts-noto-cjk")


def need_ocr():
    if not ocr.available():
        if os.environ.get("CI"):
            pytest.fail("make test 应已安装 OCR 扩展（.[test,ocr]）")
        pytest.skip('未安装 OCR 扩展：pip install "huigu[ocr]"')


def render_page(paragraphs: list[str], width: int = 1100):
    """A white page with the paragraphs typeset: first lines indented two characters."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(chinese_font_path(), PX)
    lines = []
    for paragraph in paragraphs:
        first, rest = paragraph[:PER_LINE - 2], paragraph[PER_LINE - 2:]
        lines.append((2 * PX, first))
        lines.extend((0, rest[i:i + PER_LINE]) for i in range(0, len(rest), PER_LINE))
    image = Image.new("RGB", (width, 120 + len(lines) * int(PX * 1.8)), "white")
    draw = ImageDraw.Draw(image)
    for row, (indent, text) in enumerate(lines):
        draw.text((60 + indent, 60 + row * int(PX * 1.8)), text, font=font, fill="black")
    return image


def sample_paragraphs(count: int, start: int = 0) -> list[str]:
    """Paragraphs of a sample report, cut after their first sentence past 40 characters
    (OCR time grows with the characters on the page)."""
    lines = [line.strip() for line in read_file(SAMPLES / "2024" / "民政局" / "2024年工作总结.txt").lines]
    chosen = [line for line in lines if len(line) > 45][start:start + count]
    return [line[:line.find("。", 40) + 1] if "。" in line[40:] else line for line in chosen]


def accuracy(truth: str, got: str) -> float:
    """Share of the true characters found, in order, in the recognised text."""
    truth, got = squash(truth), squash(got)
    matcher = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(truth), 1)


def ocr_passages(path: Path, source: str) -> tuple[list[dict], list[str]]:
    """The stored passages of one scanned file (OCR runs once) and its warnings."""
    result = process_file(path, source, file_hash(path))
    assert result.error is None, result.error
    return [r["data"] for r in records_for(result) if r["rtype"] == "passage"], result.warnings


def test_a_page_image_is_read_by_ocr_and_its_passages_say_so(tmp_path):
    need_ocr()
    paragraphs = sample_paragraphs(2)
    path = tmp_path / "民政局2024年工作总结（扫描件）.png"
    render_page(paragraphs).save(path)
    records, warnings = ocr_passages(path, "民政局/扫描件.png")
    assert accuracy("".join(paragraphs), "".join(data["text"] for data in records)) >= 0.95, records
    assert warnings == ["图片已用 OCR 识别"]
    assert records and all(data["ocr"] and "OCR识别" in data["label"] for data in records)
    assert all(0.5 < data["ocr_confidence"] <= 1 for data in records)
    assert all(data["page_start"] is None for data in records)  # one page: no page to name
    assert records[0]["doc"]["unit"] == "段"


def scanned_pdf(tmp_path: Path, pages: list[list[str]]) -> Path:
    """An image-only PDF, as a scanner writes it."""
    rendered = [render_page(paragraphs) for paragraphs in pages]
    path = tmp_path / "2024年工作总结（扫描）.pdf"
    rendered[0].save(path, save_all=True, append_images=rendered[1:], resolution=135)
    return path


def test_a_scanned_pdf_cites_the_page_and_marks_ocr(tmp_path):
    need_ocr()
    first, second = sample_paragraphs(1), sample_paragraphs(1, start=3)
    path = scanned_pdf(tmp_path, [first, second])
    records, warnings = ocr_passages(path, "民政局/2024年工作总结（扫描）.pdf")
    assert warnings == ["全部页面没有文字层，已用 OCR 识别"]
    assert accuracy(first[0] + second[0], "".join(data["text"] for data in records)) >= 0.95
    assert [data["page_start"] for data in records] == [1, 2], records
    last = records[-1]
    assert "（第2页，OCR识别）" in last["label"]
    assert source_label(last["doc"], last) == "民政局/2024年工作总结（扫描）.pdf 第2页（全文第2段）"


def test_a_pdf_with_one_scanned_page_reads_the_text_layer_and_ocrs_the_scan(tmp_path):
    need_ocr()
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    typed, scanned = sample_paragraphs(2), sample_paragraphs(1, start=4)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("STSong-Light", 12)
    y = 780
    for paragraph in typed:
        for start in range(0, len(paragraph), 38):
            page.drawString(60, y, paragraph[start:start + 38])
            y -= 18
        y -= 10
    page.save()
    scan = io.BytesIO()
    render_page(scanned).save(scan, format="PDF", resolution=135)
    writer = PdfWriter()
    writer.add_page(PdfReader(buffer).pages[0])
    writer.add_page(PdfReader(scan).pages[0])
    path = tmp_path / "部分扫描.pdf"
    with open(path, "wb") as stream:
        writer.write(stream)
    source = read_file(path)
    on_page = {number: [] for number in (1, 2)}
    for line, (page_number, _), score in zip(source.lines, source.pages, source.ocr_confidence):
        on_page[page_number].append((line, score))
    assert all(score is None for _, score in on_page[1])  # the text layer, not OCR
    assert squash("".join(line for line, _ in on_page[1])) == squash("".join(typed))
    assert on_page[2] and all(score is not None for _, score in on_page[2])
    assert accuracy(scanned[0], "".join(line for line, _ in on_page[2])) >= 0.95
    assert source.warnings == ["第 2 页没有文字层，已用 OCR 识别"]


def test_a_multi_page_tiff_names_its_pages(tmp_path):
    need_ocr()
    pages = [render_page(sample_paragraphs(1, start=n)) for n in (1, 2)]
    path = tmp_path / "扫描.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate")
    source = read_file(path)
    assert [first for first, _ in source.pages] == [1, 2]
    assert source.warnings == ["图片（2 页）已用 OCR 识别"]


def test_without_the_extra_a_scan_is_skipped_with_the_extra_named(tmp_path):
    path = tmp_path / "扫描件.png"
    render_page(sample_paragraphs(1)).save(path)
    pdf = tmp_path / "扫描件.pdf"
    render_page(sample_paragraphs(1)).save(pdf, format="PDF")
    script = textwrap.dedent(f"""
        import sys
        sys.modules["rapidocr_onnxruntime"] = None  # as if the extra were not installed
        from huigu.ingest.read import read_file, ReadError
        for path in ({str(path)!r}, {str(pdf)!r}):
            try:
                read_file(path)
            except ReadError as err:
                print(err)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [images.NEEDS_OCR, SCANNED]
    assert all('pip install "huigu[ocr]"' in line for line in out.stdout.splitlines())
