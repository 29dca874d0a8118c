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
