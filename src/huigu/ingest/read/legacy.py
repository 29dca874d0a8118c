"""Older and other word-processor files (.doc, .wps, .rtf, .odt) through LibreOffice.

LibreOffice converts the file to .docx (``soffice --headless --convert-to docx``), which
the .docx reader then reads: paragraphs and table cells in body order, as for any Word
file.  Each conversion runs under a time limit, on a copy with a plain name in a
temporary folder, and with a throw-away LibreOffice profile (one per process, removed at
exit), so it neither touches nor waits for the person's own LibreOffice.

When LibreOffice is not installed, every such file is skipped with the same short
reason, and ``missing_notice`` turns them into one line per run saying how many were
skipped and what to install.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Optional

from huigu.errors import ReadError
from huigu.model import SourceText

from .files import load_bytes
from .limits import LIBREOFFICE_TIMEOUT_SECONDS, MAX_LEGACY_BYTES

# What LibreOffice is given the file as: the suffix tells it which import filter to use.
# A Kingsoft .wps is a Word binary file: named .wps, LibreOffice would take it for
# Microsoft Works, so it is converted as .doc.
DOC, RTF, ODT = ".doc", ".rtf", ".odt"
FORMATS = {".doc": "doc", ".dot": "doc", ".wps": "wps", ".wpt": "wps", ".rtf": "rtf", ".odt": "odt", ".ott": "odt"}
SUFFIXES = frozenset(FORMATS)
# The import filters tried, in order, for what the bytes are.  Named outright: left to
# guess, LibreOffice imports a file it cannot place as plain text, garbage and all.
IMPORT_FILTERS = {
    DOC: ("MS Word 97", "MS Word 95", "MS WinWord 6.0"),
    RTF: ("Rich Text Format",),
    ODT: ("writer8",),
}

SOFFICE_ENV = "HUIGU_SOFFICE"  # the path of soffice, when it is not found by itself
INSTALL_HINT = ("Debian / 统信 UOS / 麒麟：sudo apt install libreoffice-writer-nogui；"
                "Windows：安装 LibreOffice，或用 WPS / Word 另存为 .docx 后再导入")
NEEDS_LIBREOFFICE = "需要 LibreOffice 才能读取，本机未安装"
NEEDS_LIBREOFFICE_REASON = NEEDS_LIBREOFFICE + "（安装方法见本次导入的提示）"
FAILED = "LibreOffice 无法转换此文件（文件可能已损坏、加密或并非 Word 文档）：请用 WPS 或 Word 另存为 .docx 后再导入"
NOT_WORD = "不是 Word 文档（Office 旧格式文件里没有 Word 正文，可能是表格或演示文稿）：请用 WPS 或 Word 另存为 .docx 后再导入"
TIMED_OUT = ("LibreOffice 转换超时（超过 {seconds} 秒），已停止并跳过：文件可能过大或已损坏，"
             "请用 WPS 或 Word 另存为 .docx 后再导入")

# Every Word 6 / 95 / 97–2003 file (and WPS 文字's .wps) holds a stream of this name.
_WORD_STREAM = "WordDocument".encode("utf-16-le")

_WINDOWS_PLACES = ("LibreOffice/program/soffice.exe",)
_MAC_PLACE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"

_profile: Optional[str] = None
_profile_lock = threading.Lock()


def soffice() -> Optional[str]:
    """The LibreOffice program: $HUIGU_SOFFICE, soffice / libreoffice on PATH, or the
    usual install folders on Windows and macOS."""
    named = os.environ.get(SOFFICE_ENV, "").strip()
    if named:
        return named if Path(named).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in filter(None, (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)"))):
            for place in _WINDOWS_PLACES:
                candidate = Path(base) / place
                if candidate.is_file():
                    return str(candidate)
    if sys.platform == "darwin" and Path(_MAC_PLACE).is_file():
        return _MAC_PLACE
    return None


def missing_notice(skipped: Iterable[tuple[str, str]]) -> Optional[str]:
    """One line for a run that skipped files for want of LibreOffice, or None."""
    count = sum(1 for _, reason in skipped if reason.startswith(NEEDS_LIBREOFFICE))
    if not count:
        return None
    return f"有 {count} 个 .doc / .wps / .rtf / .odt 文件需要 LibreOffice 才能读取，本次已跳过。{INSTALL_HINT}"


def _profile_dir() -> str:
    """This process's throw-away LibreOffice profile (created once, removed at exit)."""
    global _profile
    with _profile_lock:
        if _profile is None:
            _profile = tempfile.mkdtemp(prefix="huigu-libreoffice-profile-")
            atexit.register(shutil.rmtree, _profile, True)
        return _profile


def read_legacy(path: Path, as_suffix: str) -> SourceText:
    """Read ``path`` by converting it with LibreOffice, given to it as ``as_suffix``
    (.doc, .rtf or .odt: what the bytes are)."""
    data = load_bytes(path, MAX_LEGACY_BYTES)
    if as_suffix == DOC and _WORD_STREAM not in data:
        raise ReadError(NOT_WORD)  # an OLE file without a Word body: LibreOffice or not, it is no report
    program = soffice()
    if program is None:
        raise ReadError(NEEDS_LIBREOFFICE_REASON)
    from .docx import read_docx

    with tempfile.TemporaryDirectory(prefix="huigu-convert-") as work:
        source = Path(work) / f"input{as_suffix}"
        source.write_bytes(data)
        for number, infilter in enumerate(IMPORT_FILTERS[as_suffix]):
            try:
                converted = convert(program, source, Path(work) / f"out{number}", infilter=infilter)
                break
            except ReadError as err:
                if str(err) != FAILED or infilter == IMPORT_FILTERS[as_suffix][-1]:
                    raise
        text = read_docx(converted)
    text.path = str(path)
    text.format = FORMATS.get(path.suffix.lower(), as_suffix.lstrip("."))
    return text


def convert(program: str, source: Path, out_dir: Path, target: str = "docx",
            timeout: float = LIBREOFFICE_TIMEOUT_SECONDS, infilter: Optional[str] = None) -> Path:
    """Convert ``source`` into ``out_dir`` with LibreOffice (with the import filter
    ``infilter`` when given); the converted file's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        program,
        f"-env:UserInstallation={Path(_profile_dir()).as_uri()}",
        "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        *([f"--infilter={infilter}"] if infilter else []),
        "--convert-to", target, "--outdir", str(out_dir), str(source),
    ]
    _run(command, timeout)
    converted = out_dir / f"{source.stem}.{target}"
    if not converted.is_file() or converted.stat().st_size == 0:
        raise ReadError(FAILED)
    return converted


def _run(command: list[str], timeout: float) -> None:
    """Run LibreOffice, killing it and everything it started when the time is up."""
    posix = os.name == "posix"
    options: dict = {"start_new_session": True} if posix else {
        "creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, **options)
    except OSError:
        raise ReadError(f"无法启动 LibreOffice（{command[0]}）：请检查安装是否完整") from None
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process, posix)
        raise ReadError(TIMED_OUT.format(seconds=int(timeout))) from None
    except BaseException:  # Ctrl-C while converting: leave no LibreOffice behind
        _kill(process, posix)
        raise


def _kill(process: subprocess.Popen, posix: bool) -> None:
    try:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    except OSError:
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
