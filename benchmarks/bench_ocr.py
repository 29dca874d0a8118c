"""Scans and legacy formats: OCR speed and accuracy, LibreOffice seconds per file.

    .venv/bin/python benchmarks/bench_ocr.py           # every sample report
    .venv/bin/python benchmarks/bench_ocr.py --quick   # the sample PDF only (3 pages)
    .venv/bin/python benchmarks/bench_ocr.py --json

Needs the OCR extra (pip install "huigu[ocr]"), LibreOffice and a Chinese font (the
pages are typeset, then rendered; .ci/run installs what is missing on Debian).

* OCR: the bundled sample reports as printed pages — the sample PDF, and each sample
  .docx typeset by LibreOffice into a PDF — rendered to images at the OCR reader's
  resolution (``ocr.RENDER_DPI``) and put into image-only PDFs, as a scanner writes
  them; then read by huigu (``read_file``: pypdfium2 renders, rapidocr recognises).
  pages/s = pages / wall time of the reads (the engine loaded once beforehand);
  character accuracy = characters of the true text found in order in the recognised
  text (difflib matching blocks over both, NFKC, whitespace removed) / true characters.
  The truth is the text layer of the typeset PDF.
* LibreOffice: each sample .docx converted to .doc, .rtf and .odt by LibreOffice, then
  read by huigu (conversion back to .docx in a fresh process's throw-away profile
  included): seconds per file, the first of a process (profile created) apart.
"""
from __future__ import annotations

import argparse
import difflib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

SAMPLES = C.ROOT / "examples" / "reports"


def squash_text(text: str) -> str:
    from huigu.text.normalize import normalize_line, squash

    return squash(normalize_line(text))


def accuracy(truth: str, got: str) -> tuple[int, int]:
    matcher = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(truth)


def typeset_pdfs(work: Path, quick: bool) -> list[Path]:
    """The sample PDF, and (unless quick) each sample .docx typeset by LibreOffice."""
    from huigu.ingest.read import legacy

    pdfs = [next(SAMPLES.rglob("*.pdf"))]
    if not quick:
        program = legacy.soffice()
        for number, docx in enumerate(sorted(SAMPLES.rglob("*.docx"))):
            source = work / f"sample{number}.docx"
            shutil.copyfile(docx, source)
            pdfs.append(legacy.convert(program, source, work / "typeset", target="pdf"))
    return pdfs


def scanned_copy(pdf: Path, out: Path) -> tuple[Path, list[str]]:
    """An image-only copy of ``pdf`` and the true text of each page."""
    import pypdfium2
    from pypdf import PdfReader

    from huigu.ingest.read import ocr

    truth = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    document = pypdfium2.PdfDocument(str(pdf))
    images = [document[i].render(scale=ocr.RENDER_DPI / 72).to_pil().convert("RGB") for i in range(len(document))]
    document.close()
    images[0].save(out, save_all=True, append_images=images[1:], resolution=ocr.RENDER_DPI)
    return out, truth


def bench_ocr(work: Path, quick: bool) -> dict:
    from huigu.ingest.read import ocr, read_file
    from huigu.ingest.read.pdf import is_page_number

    ocr._get_engine()  # loading the models is not per page
    pages = seconds = 0.0
    found = total = 0
    low = paragraphs = 0
    per_file = []
    for number, pdf in enumerate(typeset_pdfs(work, quick)):
        scan, truth = scanned_copy(pdf, work / f"scan{number}.pdf")
        started = time.perf_counter()
        source = read_file(scan)
        took = time.perf_counter() - started
        true_text = squash_text("".join(line for page in truth for line in page.splitlines()
                                        if not is_page_number(line.strip())))
        got = squash_text("".join(source.lines))
        hit, size = accuracy(true_text, got)
        pages += len(truth)
        seconds += took
        found += hit
        total += size
        scores = [s for s in source.ocr_confidence if s is not None]
        low += sum(1 for s in scores if s < ocr.LOW_CONFIDENCE)
        paragraphs += len(scores)
        per_file.append([pdf.name, len(truth), f"{took / len(truth):.1f}", f"{hit / size:.4f}"])
    return {"pages": int(pages), "seconds": round(seconds, 1), "pages_per_second": round(pages / seconds, 3),
            "char_accuracy": round(found / total, 4), "chars": total, "low_confidence_paragraphs": low,
            "paragraphs": paragraphs, "per_file": per_file, "render_dpi": ocr.RENDER_DPI}


def bench_libreoffice(work: Path) -> dict:
    from huigu.ingest.read import legacy, read_file

    program = legacy.soffice()
    made = []
    for number, docx in enumerate(sorted(SAMPLES.rglob("*.docx"))):
        source = work / f"lo{number}.docx"
        shutil.copyfile(docx, source)
        for target in ("doc", "rtf", "odt"):
            made.append(legacy.convert(program, source, work / f"lo-{target}", target=target))
    times = []
    for path in made:
        started = time.perf_counter()
        read_file(path)
        times.append(time.perf_counter() - started)
    return {"files": len(made), "first_seconds": round(times[0], 2),
            "median_seconds": round(C.median(times[1:]), 2), "max_seconds": round(max(times[1:]), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from huigu.ingest.read import legacy, ocr

    if not ocr.available():
        sys.exit('需要 OCR 扩展：pip install "huigu[ocr]"')
    if legacy.soffice() is None:
        sys.exit("需要 LibreOffice：sudo apt install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as folder:
        work = Path(folder)
        results = {"machine": C.machine(), "ocr": bench_ocr(work, args.quick), "libreoffice": bench_libreoffice(work)}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    C.header("OCR and LibreOffice")
    o = results["ocr"]
    print(C.table(["file", "pages", "s/page", "char accuracy"], o["per_file"], title="OCR of scanned sample pages"))
    print(f"OCR: {o['pages']} pages in {o['seconds']} s = {o['pages_per_second']} pages/s at {o['render_dpi']} dpi; "
          f"character accuracy {o['char_accuracy']:.2%} of {o['chars']} characters; "
          f"{o['low_confidence_paragraphs']} of {o['paragraphs']} paragraphs below the low-confidence mark")
    lo = results["libreoffice"]
    print(f"LibreOffice: {lo['files']} files (.doc/.rtf/.odt), first {lo['first_seconds']} s (profile created), "
          f"then median {lo['median_seconds']} s, max {lo['max_seconds']} s per file")


if __name__ == "__main__":
    main()
