"""A draft sent to 复用: pasted text or an uploaded .docx / .txt / .md.

It is written to a private temporary folder only so that the same readers the CLI uses
(with their limits on size and zip expansion) can read it, never into the knowledge base,
and the folder is removed as soon as the answer is ready.  Work on it runs in a worker
with a time limit: past it the person gets a clear line and the server goes on.
"""
from __future__ import annotations

import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Callable, Optional

from huigu.errors import HuiguError

ALLOWED_SUFFIXES = (".docx", ".txt", ".md")
MAX_PASTE_CHARS = 200_000
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="huigu-draft")
_busy = threading.BoundedSemaphore(4)  # drafts in work at once (running or waiting); more get a clear line


@dataclass
class Draft:
    path: Path  # in a private temporary folder
    name: str  # what the person called it (shown, never used as a path)


def display_name(filename: str) -> str:
    name = PurePath((filename or "").replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isprintable())[:100] or "草稿"


def file_name_for(name: str, suffix: str) -> str:
    """A file name for the temporary copy that keeps what the person's name says (a year,
    草稿, the office) but can name nothing outside the private folder."""
    stem = PurePath(name).stem if PurePath(name).suffix.lower() == suffix else name
    kept = "".join(ch for ch in stem if ch.isalnum() or ch in "（）()【】《》-_ ").strip(" ")[:80]
    return (kept or "草稿") + suffix


def draft_from(upload, text: Optional[str]) -> Optional[tuple[bytes, str, str]]:
    """(content, suffix, shown name) of an upload or pasted text; None when neither."""
    if upload is not None and upload.filename:
        name = display_name(upload.filename)
        suffix = PurePath(name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise HuiguError(f"只能上传 .docx / .txt / .md 草稿：{name}")
        return upload.read(), suffix, name
    if text and text.strip():
        if len(text) > MAX_PASTE_CHARS:
            raise HuiguError(f"粘贴的文字太长：最多 {MAX_PASTE_CHARS} 字，较长的草稿请上传文件")
        return text.encode("utf-8"), ".txt", "草稿"
    return None


def with_draft(content: bytes, suffix: str, name: str, work: Callable, seconds: float, stores):
    """``work(draft, store)`` on the draft written to a temporary file, in a worker thread
    with that thread's own store; the file is gone when it ends."""
    if not _busy.acquire(blocking=False):
        raise HuiguError("正在处理的草稿太多：请稍后再试")

    def run():
        folder = Path(tempfile.mkdtemp(prefix="huigu-draft-"))
        try:
            path = folder / file_name_for(name, suffix)
            path.write_bytes(content)
            return work(Draft(path, name), stores.get())
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            _busy.release()

    future = _pool.submit(run)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        raise HuiguError(f"草稿处理超过 {seconds:.0f} 秒仍未完成：请分段粘贴或上传较短的草稿") from None
