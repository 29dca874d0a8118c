"""Offline OCR for scans: page images and PDF pages without a text layer.

The optional extra ``huigu[ocr]`` brings rapidocr-onnxruntime (PP-OCR Chinese models
shipped inside its wheel) and pypdfium2 (renders PDF pages); nothing is downloaded at
run time.  Without the extra a scan is refused with a line naming the extra.

Recognised boxes are put back into lines (by their vertical position) and lines into
paragraphs with the PDF reader's rules; a line that starts right of the page's left
margin counts as indented, as a first line of a paragraph is in a Chinese report.
Each paragraph keeps the mean recognition confidence of its characters.
"""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass, field
from typing import Optional

from huigu.errors import ReadError

EXTRA = 'pip install "huigu[ocr]"'
NEEDS_EXTRA = f"安装 OCR 扩展后即可识别：{EXTRA}"
NOTHING_RECOGNISED = "OCR 没有识别出文字（页面空白，或图片中没有文字）"
# A passage whose text was recognised with a lower mean confidence gets a warning in its
# citation (one threshold, kept with the citation rules).
from huigu.text.cite import LOW_OCR_CONFIDENCE as LOW_CONFIDENCE  # noqa: E402
# PDF pages are rendered at this many dots per inch: enough for 10.5 pt Chinese body text
# (see benchmarks/bench_ocr.py for accuracy and speed at this setting).
RENDER_DPI = 150
# A rendered page or an image is scaled down to this many pixels on its longer side.
MAX_SIDE_PIXELS = 2400
MAX_IMAGE_PIXELS = 60_000_000  # larger images are refused (decompression bombs)

_MODULES = ("rapidocr_onnxruntime",)
_PDF_MODULES = ("pypdfium2",)
_engine = None
_engine_lock = threading.Lock()


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # ValueError: sys.modules[name] is None (made unimportable)
        return False


def available(for_pdf: bool = True) -> bool:
    """Is the OCR extra installed (and, for PDFs, the page renderer)?"""
    names = _MODULES + (_PDF_MODULES if for_pdf else ())
    return all(_importable(name) for name in names)


def _get_engine():
    global _engine
    with _engine_lock:
        if _engine is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR()
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        return _engine


@dataclass
class Box:
    text: str
    left: float
    top: float
    bottom: float
    score: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageText:
    """What OCR made of one page: paragraphs, each with its mean confidence."""

    paragraphs: list[tuple[str, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(text for text, _ in self.paragraphs)


# A page with less ink than this share of its pixels is blank (or holds a page number
# only): it is not run through OCR, which saves loading the models for blank scans.
BLANK_INK_SHARE = 0.0005


def is_blank(image) -> bool:
    """Hardly any dark pixel on the page."""
    gray = image.convert("L")
    histogram = gray.histogram()
    dark = sum(histogram[:128])
    return dark < BLANK_INK_SHARE * gray.width * gray.height


def recognise_image(image) -> PageText:
    """OCR one page image (a PIL image)."""
    import numpy as np

    image = _prepared(image)
    if is_blank(image):
        return PageText()
    array = np.asarray(image)
    result, _ = _get_engine()(array)
    boxes = [_box(item) for item in (result or []) if str(item[1]).strip()]
    return _page_text(boxes)


def _prepared(image):
    """RGB, no larger than MAX_SIDE_PIXELS on its longer side."""
    image = image.convert("RGB")
    longer = max(image.size)
    if longer > MAX_SIDE_PIXELS:
        scale = MAX_SIDE_PIXELS / longer
        image = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    return image


def _box(item) -> Box:
    points, text, score = item[0], str(item[1]).strip(), float(item[2])
    xs = [point[0] for point in points]
    ys = [point[1] for point in points]
    return Box(text, min(xs), min(ys), max(ys), score)


def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into text lines: a box joins a line when its vertical middle lies
    within the line's first box."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        if lines and lines[-1][0].top <= middle <= lines[-1][0].bottom:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.left) for line in lines]


def _page_text(boxes: list[Box]) -> PageText:
    from .pdf import _joined, paragraph_groups

    lines = _lines(boxes)
    if not lines:
        return PageText()
    margin = min(line[0].left for line in lines)
    raw_lines, scores = [], []
    for line in lines:
        text = _joined([box.text for box in line])
        char_height = sorted(box.height for box in line)[len(line) // 2]
        indented = line[0].left - margin > 1.2 * char_height  # about two characters in
        raw_lines.append(("\u3000" if indented else "") + text)
        scores.append([(box.score, len(box.text)) for box in line])
    page = PageText()
    for group in paragraph_groups(raw_lines):
        text = _joined([raw_lines[i].strip() for i in group])
        weighted = [pair for i in group for pair in scores[i]]
        chars = sum(n for _, n in weighted) or 1
        page.paragraphs.append((text, sum(score * n for score, n in weighted) / chars))
    return page


def recognise_pdf_pages(data: bytes, numbers: list[int]) -> dict[int, PageText]:
    """OCR the given pages (1-based) of a PDF, rendered with pypdfium2."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise ReadError("扫描版 PDF 无法渲染（文件损坏），无法识别文字") from None
    pages: dict[int, PageText] = {}
    try:
        for number in numbers:
            page = document[number - 1]
            try:
                image = page.render(scale=RENDER_DPI / 72).to_pil()
            finally:
                page.close()
            pages[number] = recognise_image(image)
    finally:
        document.close()
    return pages


def ocr_note(what: str, confidence: list[Optional[float]]) -> Optional[str]:
    """The file's one warning about OCR (``what`` was recognised) and how surely."""
    scores = [score for score in confidence if score is not None]
    if not scores:
        return None
    note = f"{what}已用 OCR 识别"
    low = sum(1 for score in scores if score < LOW_CONFIDENCE)
    if low:
        note += f"，其中 {low} 段识别置信度低（低于 {LOW_CONFIDENCE:.0%}），引用前请核对原件"
    return note
