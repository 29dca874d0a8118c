"""Every size and expansion limit the readers enforce, in one place.

The readers refuse input beyond these limits with a ``ReadError`` rather than spend
unbounded time or memory on it.  ``docs/limits.md`` describes them for users: keep the
two in step.
"""
from __future__ import annotations

KB = 1024
MB = 1024 * KB
GB = 1024 * MB

# -- size of the file itself, per format -------------------------------------------
MAX_TEXT_BYTES = 50 * MB  # .txt / .md
MAX_HTML_BYTES = 10 * MB  # .html / .htm
MAX_DOCX_BYTES = 50 * MB  # the .docx (zip) file as stored on disk
MAX_PDF_BYTES = 100 * MB
MAX_LEGACY_BYTES = 50 * MB  # .doc / .wps / .rtf / .odt, converted by LibreOffice
MAX_OFD_BYTES = 100 * MB
MAX_IMAGE_BYTES = 50 * MB  # .png / .jpg / .tif, read by OCR

# -- LibreOffice (.doc / .wps / .rtf / .odt) --------------------------------------------
# One conversion may take this long before LibreOffice is stopped and the file skipped
# (a first conversion in a fresh profile takes a few seconds of that).
LIBREOFFICE_TIMEOUT_SECONDS = 120

# -- .html ---------------------------------------------------------------------------
# Parsing time grows with the number of tags (about 20 µs each), not with nesting:
# every walk over the tree is iterative, so depth alone never raises RecursionError.
# Counting "<" before parsing bounds both the tag count and the nesting depth.
MAX_HTML_TAGS = 200_000

# -- .docx (a zip archive): checked before python-docx parses anything ---------------
MAX_ZIP_MEMBERS = 2_000  # parts in the package
MAX_ZIP_MEMBER_BYTES = 50 * MB  # one part, uncompressed
MAX_ZIP_TOTAL_BYTES = 200 * MB  # all parts together, uncompressed
MAX_ZIP_RATIO = 100  # uncompressed / compressed, for parts larger than the grace size
ZIP_RATIO_GRACE_BYTES = 1 * MB  # small parts may compress as well as they like
ZIP_READ_CHUNK_BYTES = 64 * KB  # parts are streamed in chunks this big when verified

# -- .pdf ----------------------------------------------------------------------------
MAX_PDF_PAGES = 2_000
# A PDF whose pages carry on average fewer non-blank characters than this (after page
# numbers are dropped) is taken for a scan without a text layer.
MIN_PDF_CHARS_PER_PAGE = 20
# A page of an otherwise readable PDF with fewer characters than this gets a warning.
MIN_PDF_CHARS_ON_A_PAGE = 5

# -- decoding text -------------------------------------------------------------------
# Keep a text whose best decoding leaves at most this share of undecodable bytes
# (each replaced with U+FFFD and reported as a warning).
MAX_UNDECODABLE_SHARE = 0.01
# Refuse as binary when control characters (other than tab, newlines and form feed) or
# replacement characters make up more than this share of the text.
MAX_CONTROL_CHAR_SHARE = 0.05
# How much of the raw bytes is looked at for the quick binary check.
BINARY_SNIFF_BYTES = 64 * KB
