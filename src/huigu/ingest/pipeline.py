"""One file through the one-way flow: read → clean → split → outline → describe → passages → tag.

``process_file`` is a plain function over plain data so that worker processes can run it;
``records_for`` turns its result into the records the store writes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from huigu.ingest import tokenize as analysis
from huigu.text.cite import citation_label, source_label  # noqa: F401 (re-exported)
from huigu.ingest.clean import clean_lines
from huigu.ingest.describe import Hints, describe
from huigu.text.normalize import match_key
from huigu.ingest.outline import build_outline
from huigu.ingest.passages import make_passages
from huigu.ingest.read import read_file
from huigu.model import Document, Passage, Section, doc_summary
from huigu.errors import ReadError
from huigu.ingest.split import split_documents
from huigu.ingest.tag import topics_of
from huigu.lexicon import doctypes
from huigu.lexicon.departments import department_terms


@dataclass
class DocumentResult:
    document: Document
    sections: list[Section]
    passages: list[Passage]


@dataclass
class FileResult:
    source: str
    file_hash: str
    path: str
    documents: list[DocumentResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: Optional[str] = None
    records: list[dict] = field(default_factory=list)  # what the store writes, made where the work is done


def file_hash(path: Path) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def process_file(path: Path, source: str, digest: str, manifest: dict | None = None,
                 options: dict | None = None) -> FileResult:
    """Read and describe one file. Bad input gives a FileResult with ``error`` set."""
    result = FileResult(source=source, file_hash=digest, path=str(path))
    try:
        text = read_file(path)
    except ReadError as err:
        result.error = str(err)
        return result
    result.warnings.extend(text.warnings)
    clean = clean_lines(text.lines, pages=text.pages, ocr_confidence=text.ocr_confidence)
    if not clean.text.strip():
        result.error = "没有可索引的文字（清理后为空）"
        return result
    parts = split_documents(clean)
    for part_number, part in enumerate(parts, 1):
        doc_id = f"{digest[:8]}-{part_number}"
        sections = build_outline(part.text)
        paragraphs = [part.text[a:b] for a, b in part.paragraphs]
        hints = Hints(source=source, reader=dict(text.hints), manifest=dict(manifest or {}),
                      options=dict(options or {}))
        facts = describe(part.text, paragraphs, sections, hints, part_number)
        document = Document(
            id=doc_id, source=source, part=part_number, format=text.format,
            encoding=text.encoding, unit=text.unit,
            warnings=list(text.warnings) if part_number == 1 else [],
            **{k: v for k, v in facts.values.items() if k in _DOCUMENT_FIELDS},
            provenance=dict(facts.provenance),
        )
        _fill_section_years(sections, document)
        passages = make_passages(doc_id, part, sections)
        not_a_report = document.doc_type == doctypes.LAW
        for passage in passages:
            if not_a_report:
                passage.kind = "other"  # a law's 第三章 is no review or plan of anyone's work
            if passage.about_year is None:
                passage.about_year = _default_about_year(passage.kind, document)
            passage.topics = topics_of(passage.text, passage.section_titles)
        result.documents.append(DocumentResult(document, sections, passages))
    return result


_DOCUMENT_FIELDS = {
    "title", "department", "department_short", "region", "year", "review_year", "plan_year",
    "period", "doc_type", "doc_number", "date", "abbreviations",
}


def _default_about_year(kind: str, document: Document) -> Optional[int]:
    if kind == "plan":
        return document.plan_year or document.year
    if kind in ("review", "problem"):
        return document.review_year or document.year
    return document.year


def _fill_section_years(sections: list[Section], document: Document) -> None:
    for section in sections:
        if section.kind == "other" and section.about_year and document.plan_year != document.review_year:
            # "二、2025年主要任务" in a report that plans 2025: a plan, though no plan word says so
            if section.about_year == document.plan_year:
                section.kind = "plan"
            elif section.about_year == document.review_year:
                section.kind = "review"
        if section.about_year is None:
            section.about_year = _default_about_year(section.kind, document)


def records_for(result: FileResult) -> list[dict]:
    """The store's records for one processed file: its passages, documents and file entry."""
    records = []
    for item in result.documents:
        document = item.document
        doc_dict = document.to_dict()
        doc_dict["passages"] = len(item.passages)
        doc_dict["outline"] = [
            {"heading": s.heading, "path": s.path, "level": s.level, "kind": s.kind, "about_year": s.about_year}
            for s in item.sections
        ]
        dept = ",".join(department_terms(document))
        common = dict(doc_id=document.id, source=result.source, dept=dept,
                      doc_type=document.doc_type or "", period=document.period or "")
        if document.year:
            common["year"] = document.year
        records.append(dict(id=document.id, rtype="document", data=doc_dict,
                            heading=analysis.joined(analysis.words(document.title)), **common))
        summary = doc_summary(doc_dict)
        for passage in item.passages:
            data = passage.to_dict()
            data["doc"] = summary
            data["label"] = citation_label(doc_dict, data)
            data["dup"] = hashlib.sha1(match_key(passage.text).encode()).hexdigest()[:16]
            words = analysis.words(passage.text)
            record = dict(
                id=passage.id, rtype="passage", data=data,
                words=analysis.joined(words),
                grams=analysis.joined(analysis.passage_grams(passage.text, words)),
                kind=passage.kind, topics=",".join(passage.topics),
                **common,
            )
            if passage.about_year:
                record["about_year"] = passage.about_year
            records.append(record)
    records.append(dict(
        id="file:" + result.source, rtype="file", source=result.source, file_hash=result.file_hash,
        data={"path": result.path, "documents": [d.document.id for d in result.documents],
              "warnings": result.warnings},
    ))
    return records
