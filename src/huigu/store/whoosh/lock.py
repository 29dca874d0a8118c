"""One ingest at a time per index directory.

The lock is the operating system's own lock on ``huigu.lock`` (``flock`` on Linux and
other POSIX systems, ``msvcrt.locking`` on Windows, chosen when the lock is taken, so
nothing POSIX-only is imported on Windows), and the file holds the owner's pid.  The
system releases the lock when the owner dies (even by kill -9), so a pid found in a
file whose lock could be taken was left by a dead process: it is cleared, and said so.
"""
from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from typing import Optional

from huigu.errors import HuiguError
LOCK_NAME = "huigu.lock"


class _Busy(Exception):
    """Another process holds the lock."""


def _primitive() -> str:
    """The platform's own lock, chosen at run time: fcntl, msvcrt, or (neither: an exotic
    platform, or a test that hides fcntl) an exclusively created marker file."""
    for name in ("fcntl", "msvcrt"):
        try:
            __import__(name)
            return name
        except ImportError:
            continue
    return "marker"


def _try_lock(handle, path: Path) -> None:
    """Take the lock without waiting, or raise _Busy."""
    kind = _primitive()
    if kind == "fcntl":
        import fcntl

        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise _Busy() from None
    elif kind == "msvcrt":
        import msvcrt

        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            raise _Busy() from None
    else:
        marker = path.with_name(path.name + ".held")
        for _ in range(2):
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                return
            except FileExistsError:
                owner = _read_pid(path)
                if owner and _alive(owner):
                    raise _Busy() from None
                marker.unlink(missing_ok=True)  # left by a process that is gone
        raise _Busy()


def _unlock(handle, path: Path) -> None:
    kind = _primitive()
    if kind == "fcntl":
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_UN)
    elif kind == "msvcrt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        path.with_name(path.name + ".held").unlink(missing_ok=True)


def _read_pid(path: Path) -> Optional[int]:
    try:
        text = path.read_text().strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # (never reached: Windows has msvcrt)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class IngestLock:
    def __init__(self, index_path: Path, wait: float = 0.0):
        self.path = Path(index_path) / LOCK_NAME
        self.wait = wait
        self.handle = None
        self.cleared_stale: Optional[str] = None

    def __enter__(self) -> "IngestLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "a+")
        except OSError as err:
            why = {errno.EACCES: "没有写权限", errno.EPERM: "没有写权限", errno.EROFS: "文件系统只读",
                   errno.ENOSPC: "磁盘空间不足"}.get(err.errno, err.strerror or str(err))
            raise HuiguError(f"无法在索引目录 {self.path.parent} 建立锁文件（{why}）："
                             "请检查该目录的写权限和磁盘空间，或用 --index 指定可写的目录") from err
        deadline = time.monotonic() + self.wait
        while True:
            try:
                _try_lock(self.handle, self.path)
                break
            except _Busy:
                if time.monotonic() >= deadline:
                    owner = self._owner_soon()
                    self.handle.close()
                    who = f"进程 {owner} " if owner else "另一个进程"
                    raise HuiguError(
                        f"索引 {self.path.parent} 正被{who}导入，请等它结束后再试（或加 --wait 秒数 等待）"
                    ) from None
                time.sleep(0.2)
        previous = self._owner()
        if previous and previous != os.getpid():  # its lock was free: that process is gone
            self.cleared_stale = f"发现已退出的进程 {previous} 留下的导入锁，已清除；上次中断的导入将在本次补全"
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(str(os.getpid()))
        self.handle.flush()
        return self

    def _owner_soon(self) -> Optional[int]:
        """The holder's pid; it writes it just after taking the lock, so give it a moment."""
        for _ in range(10):
            owner = self._owner()
            if owner:
                return owner
            time.sleep(0.05)
        return None

    def _owner(self) -> Optional[int]:
        try:
            self.handle.seek(0)
            text = self.handle.read().strip()
            return int(text) if text else None
        except (OSError, ValueError):
            return None

    def __exit__(self, *exc) -> None:
        try:
            self.handle.seek(0)
            self.handle.truncate()
            _unlock(self.handle, self.path)
        finally:
            self.handle.close()


class PlatformFileLock:
    """whoosh's write lock on the platform's own primitive, chosen at run time (whoosh's
    own picks ``fcntl`` by ``os.name``): the storage hands this out (``backend._Storage``)."""

    def __init__(self, filename: str):
        self.path = Path(filename)
        self.handle = None

    def acquire(self, blocking: bool = False) -> bool:
        while True:
            try:
                self.handle = open(self.path, "a+")
                _try_lock(self.handle, self.path)
                return True
            except _Busy:
                self.handle.close()
                self.handle = None
                if not blocking:
                    return False
                time.sleep(0.1)

    def release(self) -> None:
        if self.handle is not None:
            try:
                _unlock(self.handle, self.path)
            finally:
                self.handle.close()
                self.handle = None
