"""Each index segment's postings as numpy arrays, beside whoosh's own files.

whoosh stays the index of record (documents, stored fields, deletions, atomic
commits); these arrays let a query be scored with vector operations instead of a
Python call per posting (see ``engine``).  They are written from the same in-memory
postings whoosh's segment is written from, so the two always agree, into
``<index>/arrays/<segment id>/``; a segment without them (an index from an older
huigu, one merged by whoosh itself) is searched by whoosh alone.

Per field: ``terms`` (sorted UTF-8 bytes, fixed width), ``starts`` (where each term's
postings begin), ``docs`` (segment document numbers); for the scored text fields also
``freqs`` and each document's ``lengths`` as whoosh stores them.  Years are kept as
one value per document instead.  All arrays of a segment lie in one file
(``arrays.bin``, described by ``meta.json``), mapped into memory once.
"""
from __future__ import annotations

import json
import os
import shutil
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

ARRAYS_DIR = "arrays"
FORMAT = 1
SCORED_FIELDS = ("words", "grams")
FILTER_FIELDS = ("rtype", "dept", "doc_type", "period", "kind", "topics")
YEAR_FIELDS = ("year", "about_year")
MAX_TERM_BYTES = 48  # longer terms are left out; a query naming one is run by whoosh


def arrays_root(index_path: Path) -> Path:
    return Path(index_path) / ARRAYS_DIR


_DOCNUM = itemgetter(2)
_WEIGHT = itemgetter(3)


def write_segment(index_path: Path, segment_id: str, doc_count: int, pool, lengths, schema) -> None:
    """Write the arrays of one segment from its in-memory postings (``store.MemoryPostings``:
    ``(field, term bytes) → [(field, term, docnum, weight, value)]``, keys sorted once for
    whoosh and here); ``lengths(field)`` gives each document's field length."""
    by_field: dict[str, list] = {}
    for key in pool.sorted_keys():
        fieldname, text = key
        if fieldname in SCORED_FIELDS or fieldname in FILTER_FIELDS or fieldname in YEAR_FIELDS:
            by_field.setdefault(fieldname, []).append((text, pool.postings[key]))
    final = arrays_root(index_path) / segment_id
    partial = final.with_name(final.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    meta = {"format": FORMAT, "doc_count": doc_count, "field_length": {}, "fields": [], "long_terms": [],
            "arrays": {}}
    arrays: dict[str, np.ndarray] = {}
    for fieldname, terms in by_field.items():
        meta["fields"].append(fieldname)
        if fieldname in YEAR_FIELDS:
            values = np.zeros(doc_count, dtype=np.uint16)
            field = schema[fieldname]
            for text, plist in terms:
                values[[item[2] for item in plist]] = field.from_bytes(text)
            arrays[f"{fieldname}.values"] = values
            continue
        kept = [(text, plist) for text, plist in terms if len(text) <= MAX_TERM_BYTES]
        if len(kept) < len(terms):
            meta["long_terms"].append(fieldname)
        width = max((len(text) for text, _ in kept), default=1)
        starts = np.zeros(len(kept) + 1, dtype=np.int64)
        np.cumsum([len(plist) for _, plist in kept], out=starts[1:])
        count = int(starts[-1])
        arrays[f"{fieldname}.terms"] = np.array([t for t, _ in kept], dtype=f"S{width}")
        arrays[f"{fieldname}.starts"] = starts
        arrays[f"{fieldname}.docs"] = np.fromiter(map(_DOCNUM, chain.from_iterable(p for _, p in kept)),
                                                  dtype=np.uint32, count=count)
        if fieldname in SCORED_FIELDS:
            freqs = np.fromiter(map(_WEIGHT, chain.from_iterable(p for _, p in kept)), dtype=np.float32, count=count)
            arrays[f"{fieldname}.freqs"] = freqs
            arrays[f"{fieldname}.lengths"] = np.fromiter(map(lengths(fieldname), range(doc_count)),
                                                         dtype=np.float32, count=doc_count)
            left_out = sum(item[3] for text, plist in terms if len(text) > MAX_TERM_BYTES for item in plist)
            meta["field_length"][fieldname] = float(freqs.sum(dtype=np.float64)) + left_out
    with open(partial / "arrays.bin", "wb") as out:
        for name, array in arrays.items():
            out.write(b"\0" * (-out.tell() % 8))  # each array starts on an 8-byte boundary
            meta["arrays"][name] = [out.tell(), array.dtype.str, len(array)]
            out.write(np.ascontiguousarray(array).tobytes())
    (partial / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(partial, final)


def remove_unused(index_path: Path, segment_ids: Iterable[str]) -> None:
    """Delete the arrays of segments the index no longer holds (after a commit)."""
    root = arrays_root(index_path)
    if not root.is_dir():
        return
    keep = set(segment_ids)
    for entry in root.iterdir():
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


class FieldArrays:
    """One field of one segment: term lookup and postings."""

    def __init__(self, arrays: "SegmentArrays", fieldname: str, scored: bool):
        self.terms = arrays.array(f"{fieldname}.terms")
        self.starts = arrays.array(f"{fieldname}.starts")
        self.docs = arrays.array(f"{fieldname}.docs")
        self.freqs = arrays.array(f"{fieldname}.freqs") if scored else None
        self.lengths = arrays.array(f"{fieldname}.lengths") if scored else None
        self.width = self.terms.dtype.itemsize

    def find(self, text: bytes) -> int:
        """The term's number, or -1."""
        if len(text) > self.width or not len(self.terms):
            return -1
        i = int(self.terms.searchsorted(text))
        if i < len(self.terms) and self.terms[i] == text:
            return i
        return -1

    def postings(self, text: bytes) -> tuple[np.ndarray, Optional[np.ndarray]]:
        i = self.find(text)
        if i < 0:
            return _NO_DOCS, (_NO_FREQS if self.freqs is not None else None)
        start, end = int(self.starts[i]), int(self.starts[i + 1])
        return self.docs[start:end], (self.freqs[start:end] if self.freqs is not None else None)


_NO_DOCS = np.zeros(0, dtype=np.uint32)
_NO_FREQS = np.zeros(0, dtype=np.float32)


class SegmentArrays:
    """The arrays of one segment, memory-mapped (one file, one mapping)."""

    def __init__(self, folder: Path):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"unknown arrays format {meta.get('format')}")
        self.doc_count = meta["doc_count"]
        self.field_length = meta["field_length"]
        self.long_terms = set(meta["long_terms"])  # fields with terms too long to be kept here
        self._layout = meta["arrays"]
        size = (folder / "arrays.bin").stat().st_size
        self._buffer = np.memmap(folder / "arrays.bin", dtype=np.uint8, mode="r") if size else np.zeros(0, np.uint8)
        self.fields: dict[str, FieldArrays] = {}
        self.values: dict[str, np.ndarray] = {}
        for fieldname in meta["fields"]:
            if fieldname in YEAR_FIELDS:
                self.values[fieldname] = self.array(f"{fieldname}.values")
            else:
                self.fields[fieldname] = FieldArrays(self, fieldname, fieldname in SCORED_FIELDS)
        for fieldname in YEAR_FIELDS:
            self.values.setdefault(fieldname, np.zeros(self.doc_count, dtype=np.uint16))

    def array(self, name: str) -> np.ndarray:
        offset, dtype, count = self._layout[name]
        return np.frombuffer(self._buffer, dtype=np.dtype(dtype), count=count, offset=offset)

    def field(self, fieldname: str) -> Optional[FieldArrays]:
        return self.fields.get(fieldname)


def load_segment(index_path: Path, segment_id: str) -> Optional[SegmentArrays]:
    """The segment's arrays, or None when it has none (or they cannot be read)."""
    folder = arrays_root(index_path) / segment_id
    if not (folder / "meta.json").is_file():
        return None
    try:
        return SegmentArrays(folder)
    except (OSError, ValueError, KeyError):
        return None
