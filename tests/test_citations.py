"""Every passage can be found again at the place its citation names.

Over the whole real corpus, not a sample: for .txt sources the cited lines of the file
hold the passage text (compared after NFKC and without whitespace)."""
from pathlib import Path

from conftest import SAMPLES, need_shared
from huigu.text.normalize import normalize_line, squash
from huigu.ingest.pipeline import file_hash, process_file
from huigu.ingest.read import read_file


def check_file(path: Path) -> tuple[int, list[str]]:
    result = process_file(path, path.name, file_hash(path))
    assert result.error is None, (path, result.error)
    lines = read_file(path).lines
    checked, bad = 0, []
    for item in result.documents:
        for passage in item.passages:
            cited = "".join(normalize_line(line) for line in lines[passage.line_start - 1:passage.line_end])
            if squash(normalize_line(passage.text)) not in squash(cited):
                bad.append(f"{path.name}:{passage.line_start}-{passage.line_end} {passage.text[:30]}")
            checked += 1
    return checked, bad


def text_files():
    shared = [need_shared("seeds"), need_shared("corpus")]
    return sorted(p for folder in shared for p in folder.rglob("*.txt"))


def test_every_txt_passage_of_the_corpus_is_at_its_cited_lines():
    files = text_files()
    assert len(files) >= 60
    total, bad = 0, []
    for path in files:
        checked, wrong = check_file(path)
        total += checked
        bad.extend(wrong)
    assert total > 5000
    assert not bad, f"{len(bad)} of {total} passages not at their cited lines:\n" + "\n".join(bad[:20])


def test_every_passage_of_every_sample_file_is_at_its_cited_paragraphs():
    paths = [p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix in {".txt", ".docx", ".html", ".pdf"}]
    assert len(paths) >= 12
    for path in paths:
        checked, bad = check_file(path)
        assert checked > 5 and not bad, bad


def covered_offsets(result) -> list[tuple[str, set[int]]]:
    """Offsets inside a passage or inside a bare heading, per document."""
    out = []
    for item in result.documents:
        covered = set()
        for passage in item.passages:
            covered.update(range(passage.start, passage.end))
        for section in item.sections:
            covered.update(range(section.start, section.start + len(section.heading) + 1))
        out.append((item, covered))
    return out


def test_no_sentence_of_the_corpus_is_lost_between_passages():
    """Every paragraph that holds a sentence lies inside passages (only bare headings are left out)."""
    from huigu.ingest.clean import clean_lines
    from huigu.ingest.split import split_documents

    paths = sorted(need_shared("corpus").rglob("*.docx")) + text_files()
    lost = []
    for path in paths:
        result = process_file(path, path.name, file_hash(path))
        parts = split_documents(clean_lines(read_file(path).lines))
        for (item, covered), part in zip(covered_offsets(result), parts):
            for a, b in part.paragraphs:
                text = part.text[a:b]
                if any(mark in text for mark in "。！？；") and not all(i in covered for i in range(a, b)):
                    missing = "".join(part.text[i] for i in range(a, b) if i not in covered)
                    lost.append(f"{path.name}: {missing[:40]}")
    assert not lost, f"{len(lost)} paragraphs partly outside every passage:\n" + "\n".join(lost[:15])


# -- pages and OCR in the citation ----------------------------------------------------------


def test_pdf_citations_give_the_page_beside_the_paragraph():
    from huigu.ingest.pipeline import records_for
    from huigu.text.cite import source_label

    path = SAMPLES / "科技局" / "2024年工作总结暨2025年工作思路.pdf"
    result = process_file(path, "科技局/" + path.name, file_hash(path))
    records = [r["data"] for r in records_for(result) if r["rtype"] == "passage"]
    on_page_2 = [data for data in records if data["page_start"] == 2]
    assert on_page_2
    data = on_page_2[0]
    assert data["label"].endswith(f"第{data['paragraph']}段（第2页）"), data["label"]
    span = f"{data['line_start']}" if data["line_start"] == data["line_end"] else f"{data['line_start']}-{data['line_end']}"
    assert source_label(data["doc"], data) == f"科技局/{path.name} 第2页（全文第{span}段）"
    assert all("OCR" not in data["label"] for data in records)


def test_text_and_docx_citations_name_no_page():
    from huigu.ingest.pipeline import records_for

    for path in (SAMPLES / "2024" / "民政局" / "2024年工作要点.docx", SAMPLES / "2024" / "民政局" / "2024年工作总结.txt"):
        result = process_file(path, path.name, file_hash(path))
        labels = [r["data"]["label"] for r in records_for(result) if r["rtype"] == "passage"]
        assert labels and not any("页" in label.split("》")[-1] for label in labels)


def test_ocr_citations_say_so_and_warn_when_unsure():
    from huigu.text.cite import LOW_OCR_CONFIDENCE, citation_label, source_label

    document = {"department": "云溪市民政局", "title": "2019年工作总结", "source": "民政局/2019年总结.pdf", "unit": "段"}
    passage = {"section_path": ["二、"], "paragraph": 3, "pieces": 1, "line_start": 40, "line_end": 41,
               "page_start": 4, "page_end": 5, "ocr": True, "ocr_confidence": 0.97}
    assert citation_label(document, passage) == "云溪市民政局《2019年工作总结》二、 第3段（第4-5页，OCR识别）"
    unsure = dict(passage, ocr_confidence=LOW_OCR_CONFIDENCE - 0.2, pieces=2, piece=1)
    assert citation_label(document, unsure) == (
        "云溪市民政局《2019年工作总结》二、 第3段（1/2，第4-5页，OCR识别，置信度低（65%），请核对原件）")
    assert source_label(document, passage) == "民政局/2019年总结.pdf 第4-5页（全文第40-41段）"
