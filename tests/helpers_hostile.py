"""Shared pieces of the hostile-input, crash and concurrency tests.

* ``run_huigu``: the ``huigu`` command in a subprocess, with its wall time and peak
  resident memory (its own VmHWM, or its largest worker's ru_maxrss if higher), under an
  address-space cap and a timeout, optionally subject to file permissions even as root.
* builders of hostile files: raw zip archives (so a bomb can be made without deflating
  gigabytes), minimal PDFs, an OLE header, good reports to sit beside them.
* ``index_snapshot`` / ``wholeness_problems``: what an index holds, per source file, and
  whether every file in it is whole.
"""
from __future__ import annotations

import io
import json
import os
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
MB = 1024 * 1024
GB = 1024 * MB

# Every line huigu writes to stderr starts with one of these (one message per line).
STDERR_PREFIXES = ("提示：", "注意：", "跳过：", "错误：", "已中断")
# Reasons that mean "a bug was caught", not "this file is bad because …".
GENERIC_REASONS = ("处理出错", "内部错误", "意外退出")



def needs_corpus():
    import pytest

    return pytest.mark.skipif(not CORPUS.is_dir(), reason=f"共享语料 {CORPUS} 不存在（CI 中它与仓库并列）")


# -- running the command -------------------------------------------------------------------


@dataclass
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # peak RSS of the huigu process, or of its largest worker process if higher
    timed_out: bool = False

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def describe(self) -> str:
        return (f"$ huigu {' '.join(self.args)}\nexit {self.returncode} in {self.seconds:.1f}s, "
                f"peak {self.peak_mb:.0f} MB\n--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}")


def huigu_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from huigu.cli import main; main()", *args]


# ``huigu`` that, on its way out, writes its own peak RSS (VmHWM: this program's memory only,
# not that of the big test process it was forked from, which ru_maxrss would count) and the
# peak of the worker processes it waited for.
_MEASURED = """
import atexit, os, resource
def _peak():
    own = 0
    try:
        with open("/proc/self/status") as status:
            own = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        pass
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["HUIGU_TEST_PEAK_FILE"], "w") as out:
        out.write(f"{own} {workers}")
atexit.register(_peak)
from huigu.cli import main
main()
"""


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_permission_override() -> None:
    """Root without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH in its bounding set: after
    exec, file permissions apply to it as to anyone (chmod 000 really is unreadable)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _preexec(memory_limit: Optional[int], unprivileged: bool, file_size_limit: Optional[int]):
    def setup() -> None:
        os.setsid()  # its own process group: a timeout kills the workers too
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        if file_size_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
        if unprivileged and os.geteuid() == 0:
            _drop_permission_override()
    return setup


def permissions_apply() -> Optional[str]:
    """None when ``run_huigu(unprivileged=True)`` really is subject to file permissions,
    else why not (for a skip)."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("x")
        probe.chmod(0)
        try:
            result = subprocess.run([sys.executable, "-c", f"open({str(probe)!r}).read()"],
                                    preexec_fn=_preexec(None, True, None), capture_output=True)
        except (OSError, subprocess.SubprocessError) as err:
            return f"cannot drop the permission override of root here: {err}"
        if result.returncode == 0:
            return "file permissions do not apply to this user (root with CAP_DAC_OVERRIDE that cannot be dropped)"
    return None


def start_huigu(*args: str, env: Optional[dict] = None, cwd: Optional[Path] = None,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """``huigu ARGS`` in the background, in its own process group."""
    return subprocess.Popen(huigu_command(*args), env=_environment(env), cwd=cwd, stdout=stdout, stderr=stderr,
                            start_new_session=True)


def _environment(extra: Optional[dict]) -> dict:
    env = dict(os.environ)
    env.pop("HUIGU_INDEX", None)
    env.pop("HUIGU_COMMIT_EVERY", None)
    env.update(extra or {})
    return env


def run_huigu(*args: str, env: Optional[dict] = None, timeout: float = 180, memory_limit: Optional[int] = 3 * GB,
              unprivileged: bool = False, file_size_limit: Optional[int] = None,
              cwd: Optional[Path] = None) -> Run:
    """Run ``huigu ARGS`` and measure it. A run over ``timeout`` is killed (``timed_out``).
    ``unprivileged``: as root, without the capabilities that bypass file permissions."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _MEASURED, *args],
                                env=_environment({**(env or {}), "HUIGU_TEST_PEAK_FILE": str(peak_file)}),
                                cwd=cwd, stdout=out, stderr=err,
                                preexec_fn=_preexec(memory_limit, unprivileged, file_size_limit))
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        try:  # leftovers of a killed group (workers) must not outlive the test
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        out.seek(0)
        err.seek(0)
        try:  # killed runs write nothing: fall back on wait4 (which counts the forked test process too)
            peak_kb = max(int(value) for value in peak_file.read_text().split())
        except (OSError, ValueError):
            peak_kb = usage.ru_maxrss
        return Run(list(args), proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, peak_kb / 1024, timed_out.is_set())


def assert_clean_cli_output(run: Run) -> None:
    """No traceback anywhere; each stderr line is one of huigu's one-line messages."""
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.describe()
    for line in run.stderr_lines:
        assert line.startswith(STDERR_PREFIXES), f"unexpected stderr line {line!r}\n{run.describe()}"


def skipped_reasons(run: Run) -> dict[str, str]:
    """source → reason, from the "跳过：source：reason" lines."""
    reasons = {}
    for line in run.stderr_lines:
        if line.startswith("跳过："):
            source, _, reason = line[len("跳过："):].partition("：")
            reasons[source] = reason
    return reasons


# -- what an index holds -----------------------------------------------------------------------


@dataclass
class Snapshot:
    files: dict[str, str] = field(default_factory=dict)  # source → hash
    file_documents: dict[str, list[str]] = field(default_factory=dict)  # source → document ids it lists
    documents: dict[str, dict] = field(default_factory=dict)  # doc id → {"source", "passages"}
    passages: dict[str, dict] = field(default_factory=dict)  # passage id → {"doc_id", "source", "text"}

    def per_source(self) -> dict[str, tuple[int, int]]:
        """source → (documents, passages)."""
        counts: dict[str, list[int]] = {}
        for doc in self.documents.values():
            counts.setdefault(doc["source"], [0, 0])[0] += 1
        for passage in self.passages.values():
            counts.setdefault(passage["source"], [0, 0])[1] += 1
        return {source: (d, p) for source, (d, p) in counts.items()}


def snapshot_searcher(searcher) -> Snapshot:
    snap = Snapshot()
    for fields in searcher.all_stored_fields():
        rtype = fields.get("rtype")
        if rtype == "file":
            snap.files[fields["source"]] = fields["file_hash"]
            snap.file_documents[fields["source"]] = list(fields["data"]["documents"])
        elif rtype == "document":
            snap.documents[fields["id"]] = {"source": fields["source"], "passages": fields["data"]["passages"]}
        elif rtype == "passage":
            snap.passages[fields["id"]] = {"doc_id": fields["doc_id"], "source": fields["source"],
                                           "text": fields["data"]["text"]}
    return snap


def index_snapshot(index_path: Path) -> Snapshot:
    from huigu import store
    ix = store.open_store(Path(index_path))
    with ix.ix.searcher() as searcher:
        return snapshot_searcher(searcher)


def wholeness_problems(snap: Snapshot) -> list[str]:
    """Every way the snapshot is not made of whole files (empty when it is)."""
    problems = []
    passages_of: dict[str, int] = {}
    for pid, passage in snap.passages.items():
        passages_of[passage["doc_id"]] = passages_of.get(passage["doc_id"], 0) + 1
        if passage["source"] not in snap.files:
            problems.append(f"passage {pid} of {passage['source']} has no file record")
        if passage["doc_id"] not in snap.documents:
            problems.append(f"passage {pid} has no document record")
    for doc_id, doc in snap.documents.items():
        if doc["source"] not in snap.files:
            problems.append(f"document {doc_id} of {doc['source']} has no file record")
        if passages_of.get(doc_id, 0) != doc["passages"]:
            problems.append(f"document {doc_id} of {doc['source']} has {passages_of.get(doc_id, 0)} "
                            f"passages, its record says {doc['passages']}")
    for source, doc_ids in snap.file_documents.items():
        missing = [d for d in doc_ids if d not in snap.documents]
        if missing:
            problems.append(f"file {source} lacks its documents {missing}")
    return problems


# -- good reports that sit beside the bad files ---------------------------------------------------

GOOD_TXT = """云溪市科学技术局2023年工作总结

一、主要成效
（一）科技特派员制度持续深化。全年选派科技特派员126名，覆盖全市38个行政村，帮助农户引进新品种17个，推广茶园绿色防控技术。
（二）高新技术企业培育成效明显。新认定高新技术企业23家，总数达到96家，高企研发投入同比增长18.5%。

二、存在问题
科技成果转化渠道不畅，企业创新主体地位有待加强。

三、2024年工作思路
继续实施科技特派员行动，建设星创天地3个，推动科技成果转化项目落地。
"""

GOOD_DOCX_PARAGRAPHS = [
    "云溪市民政局2024年工作要点",
    "一、兜牢民生底线",
    "全面落实最低生活保障制度，推进社会救助扩围增效，年内新建社区嵌入式养老服务站点12个。",
    "二、完善养老服务体系",
    "实施居家养老服务提升行动，为困难老年人家庭适老化改造300户，建设老年助餐点45个。",
]

# (relative path, query, text the hit must contain)
GOOD_FILES = (
    ("科技局/2023年工作总结.txt", "科技特派员", "科技特派员"),
    ("民政局/2024年工作要点.docx", "老年助餐点", "老年助餐点"),
)


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_good_files(folder: Path) -> None:
    (folder / "科技局").mkdir(parents=True, exist_ok=True)
    (folder / "民政局").mkdir(parents=True, exist_ok=True)
    (folder / GOOD_FILES[0][0]).write_text(GOOD_TXT, encoding="utf-8")
    (folder / GOOD_FILES[1][0]).write_bytes(docx_bytes(GOOD_DOCX_PARAGRAPHS))


# -- raw zip archives ---------------------------------------------------------------------------


@dataclass
class RawMember:
    name: str
    data: bytes  # as stored (deflated unless method is 0)
    crc: int
    size: int  # declared uncompressed size
    method: int = zipfile.ZIP_DEFLATED


def deflated_member(name: str, content: bytes) -> RawMember:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    return RawMember(name, data, zlib.crc32(content), len(content))


def zeros_member(name: str, size: int, declared: Optional[int] = None, prefix: bytes = b"") -> RawMember:
    """A part that inflates to ``prefix`` + zeros, ``size`` bytes in all, built without
    deflating them: after a full flush, deflating another MiB of zeros gives the same
    bytes again, so the stream is one block repeated."""
    chunk = 1 * MB
    assert size % chunk == 0 and len(prefix) < chunk
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first_chunk = prefix + bytes(chunk - len(prefix))
    head = packer.compress(first_chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(bytes(chunk)) + packer.flush(zlib.Z_FULL_FLUSH)
    assert packer.compress(bytes(chunk)) + packer.flush(zlib.Z_FULL_FLUSH) == block
    tail = packer.flush(zlib.Z_FINISH)
    count = size // chunk
    data = head + block * (count - 1) + tail
    crc = zlib.crc32(first_chunk)
    zero_chunk = bytes(chunk)
    for _ in range(count - 1):
        crc = zlib.crc32(zero_chunk, crc)
    return RawMember(name, data, crc, size if declared is None else declared)


def raw_zip(members: list[RawMember]) -> bytes:
    """A zip archive written field by field (sizes as declared, not as true)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for member in members:
        name = member.name.encode("utf-8")
        offset = out.tell()
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, member.method, 0, 0x21,
                             member.crc, len(member.data), member.size, len(name), 0)
        out.write(header + name + member.data)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, member.method, 0, 0x21,
                                  member.crc, len(member.data), member.size, len(name), 0, 0, 0, 0, 0, offset)
                      + name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def docx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_with(replace: dict[str, RawMember | bytes]) -> bytes:
    """A real python-docx package whose parts ``replace`` swaps (raw members kept as given)."""
    members = []
    for name, content in docx_members(docx_bytes(["占位段落"])).items():
        new = replace.get(name, content)
        members.append(new if isinstance(new, RawMember) else deflated_member(name, new))
    return raw_zip(members)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def document_xml(body_text: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document {W_NS}><w:body><w:p><w:r><w:t>{body_text}</w:t></w:r></w:p>'
            f"<w:p><w:r><w:t>云溪市科技创新工作取得新进展。</w:t></w:r></w:p></w:body></w:document>").encode("utf-8")


def xxe_document(secret: Path) -> bytes:
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    return document_xml("机密内容：&xxe;", doctype)


def billion_laughs_document() -> bytes:
    entities = ['<!ENTITY lol0 "哈哈哈哈哈哈哈哈哈哈">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE w:document [\n" + "\n".join(entities) + "\n]>\n"
    return document_xml("&lol9;", doctype)


# -- PDFs and other binary formats -----------------------------------------------------------------


def raw_pdf(pages: list[bytes], encrypt_entry: bytes = b"") -> bytes:
    """A minimal PDF: one content stream per page, Helvetica as the only font."""
    objects: list[bytes] = []
    count = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    font = 3 + 2 * count
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    for i, content in enumerate(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
                       f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {encrypt_entry.decode()}>>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def scanned_pdf(pages: int = 3) -> bytes:
    """Pages holding only drawn shapes (what a scan without OCR looks like to a reader)."""
    drawing = b"0.2 g 50 700 495 80 re f 0.6 g 50 100 495 560 re f"
    return raw_pdf([drawing] * pages)


def text_pdf(lines: list[str]) -> bytes:
    content = b"BT /F1 12 Tf 72 770 Td 14 TL " + b" ".join(f"({line}) '".encode("latin-1") for line in lines) + b" ET"
    return raw_pdf([content])


def encrypted_pdf(password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf(["Yunxi annual report 2023", "Science and technology"]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def ole_file(size: int = 8192, tag: str = "") -> bytes:
    """The first bytes of a Compound File (old .doc / .wps), padded; ``tag`` makes files differ."""
    header = OLE_MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    body = tag.encode("utf-16-le")
    return header + body + bytes(size - len(header) - len(body))


def write_figures(path: Path, figures: dict) -> None:
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")


FIGURES: dict[str, dict] = {}  # case → its time and peak memory, for the closing note and the docs


def record_figure(name: str, run: Optional[Run] = None, **extra) -> None:
    """Keep a case's figures; with $HUIGU_FIGURES set, (re)write them there as JSON."""
    entry = {"seconds": round(run.seconds, 2), "peak_mb": round(run.peak_mb, 1), "exit": run.returncode} if run else {}
    entry.update(extra)
    FIGURES[name] = entry
    if os.environ.get("HUIGU_FIGURES"):
        write_figures(Path(os.environ["HUIGU_FIGURES"]), FIGURES)
