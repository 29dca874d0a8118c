"""Page images (.png / .jpg / .tif …): a photographed or scanned report, through OCR.

A multi-page TIFF (what many office scanners write) is read page by page.  Without the
OCR extra the image is refused with a line naming it.
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Optional

from huigu.errors import ReadError
from huigu.model import SourceText

from . import ocr
from .files import load_bytes
from .limits import MAX_IMAGE_BYTES, MAX_PDF_PAGES

NEEDS_OCR = f"图片文件（扫描件或照片），未索引：{ocr.NEEDS_EXTRA}"
BROKEN = "图片文件已损坏或格式不受支持，无法识别"
EMPTY = f"图片中没有识别出文字：{ocr.NOTHING_RECOGNISED}"


def read_image(path: Path) -> SourceText:
    if not ocr.available(for_pdf=False):
        raise ReadError(NEEDS_OCR)
    from PIL import Image, ImageSequence

    data = load_bytes(path, MAX_IMAGE_BYTES)
    Image.MAX_IMAGE_PIXELS = ocr.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ReadError(f"图片像素过多（上限 {ocr.MAX_IMAGE_PIXELS // 1_000_000} 百万像素），疑似异常文件，已拒绝") from None
    except (OSError, SyntaxError, ValueError):  # PIL's errors for truncated or unknown data
        raise ReadError(BROKEN) from None
    lines: list[str] = []
    pages: list[tuple[int, int]] = []
    confidence: list[Optional[float]] = []
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_PDF_PAGES:
        raise ReadError(f"图片页数过多（{frames} 页，上限 {MAX_PDF_PAGES} 页）：请拆分后再导入")
    for number, frame in enumerate(ImageSequence.Iterator(image), 1):
        for text, score in ocr.recognise_image(frame.copy()).paragraphs:
            lines.append(text)
            pages.append((number, number))
            confidence.append(score)
    if not lines:
        raise ReadError(EMPTY)
    note = ocr.ocr_note("图片" if frames == 1 else f"图片（{frames} 页）", confidence)
    return SourceText(
        path=str(path),
        format="image",
        lines=lines,
        unit="段",
        warnings=[note] if note else [],
        pages=pages if frames > 1 else [],
        ocr_confidence=confidence,
    )
