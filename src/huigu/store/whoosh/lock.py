"""One ingest at a time per index directory.

The lock is an ``flock`` on ``huigu.lock`` holding the owner's pid: the kernel releases
it when the owner dies (even by kill -9), so a lock file left by a dead process is
recognised as stale, cleared, and said so.
"""
from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path
from typing import Optional

from huigu.errors import HuiguError
LOCK_NAME = "huigu.lock"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
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
                fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    owner = self._owner_soon()
                    self.handle.close()
                    who = f"进程 {owner} " if owner else "另一个进程"
                    raise HuiguError(
                        f"索引 {self.path.parent} 正被{who}导入，请等它结束后再试（或加 --wait 秒数 等待）"
                    ) from None
                time.sleep(0.2)
        previous = self._owner()
        if previous and previous != os.getpid() and not _pid_alive(previous):
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
            fcntl.flock(self.handle, fcntl.LOCK_UN)
        finally:
            self.handle.close()
