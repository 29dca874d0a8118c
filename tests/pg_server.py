"""A real PostgreSQL server for the tests: the one Debian ships, started in a temporary
folder, listening on 127.0.0.1 only (a free port, its socket in that folder), with
password authentication, stopped when the test session ends.

    from pg_server import pg_server, fresh_db   # fixtures

Running as root (CI containers): initdb refuses root, so the cluster is made and run
as the ``postgres`` user (``runuser``), in a folder owned by it.  Where no PostgreSQL
can be started, the tests that need it skip and say why.
"""
from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

PASSWORD = "huigu-test-Secret-7"
USER = "huigu"


def _bindir() -> Optional[Path]:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    folder: Path
    port: int
    bindir: Path
    as_user: list

    def url(self, dbname: str = "postgres", password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{dbname}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True, check=check,
                              cwd=str(self.folder))

    def stop(self) -> None:
        if not self.folder.exists():
            return
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop",
                 check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self) -> None:
        """Stop (as if it crashed) and start again: every connection is cut."""
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        self._start()

    def _start(self) -> None:
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-w", "-t", "60",
                 "-l", str(self.folder / "server.log"),
                 "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder / 'sock'} -c fsync=off", "start")


_SERVER: Optional[Server] = None
_FAILED: Optional[str] = None


class Unavailable(RuntimeError):
    """No PostgreSQL server can be started here (the reason is the message)."""


def start() -> Server:
    """The process's server, started on first use (raises Unavailable)."""
    global _SERVER, _FAILED
    if _SERVER is not None:
        return _SERVER
    if _FAILED:
        raise Unavailable(_FAILED)
    bindir = _bindir()
    if bindir is None:
        _FAILED = "PostgreSQL 不可用：没有 initdb（Debian：apt-get install postgresql）"
        raise Unavailable(_FAILED)
    as_user: list = []
    folder = Path(tempfile.mkdtemp(prefix="huigu-pg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            _FAILED = "PostgreSQL 无法以 root 启动，且没有 runuser"
            raise Unavailable(_FAILED)
        as_user = [runuser, "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    server = Server(folder, _free_port(), bindir, as_user)
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    if as_user:
        shutil.chown(pwfile, "postgres", "postgres")
    (folder / "sock").mkdir()
    if as_user:
        shutil.chown(folder / "sock", "postgres", "postgres")
    try:
        server.run(str(bindir / "initdb"), "-D", str(folder / "data"), "-U", USER, "--auth=scram-sha-256",
                   f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8")
        server._start()
    except subprocess.CalledProcessError as err:
        shutil.rmtree(folder, ignore_errors=True)
        _FAILED = f"PostgreSQL 无法启动：{(err.stderr or err.stdout or '').strip()[-300:]}"
        raise Unavailable(_FAILED) from None
    _SERVER = server
    atexit.register(server.stop)
    return server


_NAMES = itertools.count(1)


def create_database(server: Server) -> str:
    """A new empty database; its URL (with the password)."""
    import psycopg

    name = f"t{os.getpid()}_{next(_NAMES)}"
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    return server.url(name)


def server_or_skip() -> Server:
    try:
        return start()
    except Unavailable as err:
        pytest.skip(str(err))


@pytest.fixture(scope="session")
def pg_server() -> Server:
    return server_or_skip()


@pytest.fixture
def fresh_db(pg_server) -> str:
    """The URL of an empty database of its own."""
    return create_database(pg_server)
