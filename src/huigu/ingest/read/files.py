"""Safe access to the file on disk: stat checks, size-capped reads, readable sizes."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from huigu.errors import ReadError
from .limits import GB, KB, MB

_GROWTH_CHUNK = MB  # read size once a file turns out longer than stat said

_ERRNO_REASONS = {
    errno.EACCES: "没有读取权限：请检查文件权限",
    errno.EPERM: "没有读取权限：请检查文件权限",
    errno.ELOOP: "符号链接形成循环，无法读取",
    errno.ENAMETOOLONG: "路径过长，无法读取",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EIO: "读取文件时发生输入/输出错误：磁盘或网络盘可能有问题",
}


def format_size(size: int) -> str:
    """A measured size for people: ``5.2 GB``, ``100.0 MB``, ``12.3 KB``, ``512 B``."""
    for unit, name in ((GB, "GB"), (MB, "MB"), (KB, "KB")):
        if size >= unit:
            return f"{size / unit:.1f} {name}"
    return f"{size} B"


def format_limit(size: int) -> str:
    """A limit for people, without decimals when it is round: ``200 MB``."""
    for unit, name in ((GB, "GB"), (MB, "MB"), (KB, "KB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    return format_size(size)


def too_large(size: int, limit: int) -> ReadError:
    return ReadError(f"文件过大（{format_size(size)}，上限 {format_limit(limit)}）：请拆分后再导入")


def _os_error(err: OSError) -> ReadError:
    reason = _ERRNO_REASONS.get(err.errno or 0)
    if reason is None:
        reason = f"无法读取文件（{err.strerror or type(err).__name__}）"
    return ReadError(reason)


def check_file(path: Path) -> os.stat_result:
    """Stat ``path`` and refuse what is not a non-empty regular file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ReadError("符号链接指向的文件不存在（链接已断开）") from None
        raise ReadError("文件不存在") from None
    except OSError as err:
        raise _os_error(err) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("这是文件夹，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("不是普通文件（可能是设备、管道或套接字），已跳过")
    if info.st_size == 0:
        raise ReadError("文件为空")
    return info


def _read_at_most(path: Path, count: int, expected: int) -> bytes:
    """Up to ``count`` bytes; a buffer of ``expected`` bytes is allocated first, so that
    memory follows the real size, not the limit."""
    try:
        with open(path, "rb") as stream:
            chunks = [stream.read(min(count, expected + 1))]
            read = len(chunks[0])
            while read < count and (chunk := stream.read(min(_GROWTH_CHUNK, count - read))):
                chunks.append(chunk)
                read += len(chunk)
    except OSError as err:
        raise _os_error(err) from None
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_head(path: Path, count: int) -> bytes:
    """The first ``count`` bytes of a checked file (for sniffing its format)."""
    check_file(path)
    return _read_at_most(path, count, count)


def load_bytes(path: Path, limit: int) -> bytes:
    """The whole file, refused when larger than ``limit`` (before and while reading)."""
    info = check_file(path)
    if info.st_size > limit:
        raise too_large(info.st_size, limit)
    data = _read_at_most(path, limit + 1, info.st_size)
    if len(data) > limit:  # the file grew after stat
        raise too_large(len(data), limit)
    if not data:
        raise ReadError("文件为空")
    return data
