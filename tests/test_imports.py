"""What the code's layout promises, checked the way click's own test suite checks its
imports: in a fresh interpreter.

* ``huigu search`` loads neither jieba nor the readers (bs4, lxml, python-docx, pypdf):
  its cold start is click, the store and numpy;
* nothing POSIX-only is imported on a path a command takes: ingest and search run where
  ``fcntl`` cannot be imported (as on Windows);
* only ``store/whoosh/`` names whoosh; no two modules import each other.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

SRC = ROOT / "src" / "huigu"
HEAVY = ("jieba", "bs4", "lxml", "docx", "pypdf", "charset_normalizer", "openpyxl")


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)


def test_search_loads_no_tokenizer_and_no_reader(sample_index):
    code = """
import json, sys
from huigu.cli import cli
try:
    cli(["search", "科技特派员", "--index", sys.argv[1], "--format", "json"], prog_name="huigu")
except SystemExit as exit:
    status = exit.code
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""
    run = _run(code, str(sample_index))
    assert run.returncode == 0, run.stderr
    last = json.loads(run.stdout.strip().splitlines()[-1])
    assert last["status"] == 0
    loaded = {name.split(".")[0] for name in last["modules"]}
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "科技特派员" in run.stdout


def test_ingest_and_search_where_fcntl_cannot_be_imported(tmp_path):
    index = tmp_path / "index"
    code = """
import sys
sys.modules["fcntl"] = None  # as on Windows: importing it raises ImportError
from huigu.cli import cli
for args in (["ingest", sys.argv[1], "--index", sys.argv[2], "--workers", "1", "-q"],
             ["search", "健身步道", "--index", sys.argv[2], "--format", "table"]):
    try:
        cli(args, prog_name="huigu")
    except SystemExit as exit:
        print("EXIT", exit.code)
print("fcntl" in sys.modules and sys.modules["fcntl"] is not None)
"""
    run = _run(code, str(SAMPLES), str(index))
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stdout.splitlines()
    assert lines.count("EXIT 0") == 2, run.stdout + run.stderr
    assert "健身步道" in run.stdout
    assert lines[-1] == "False"


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The huigu modules ``path`` imports at module level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("huigu"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                out.add(name if name in modules else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("huigu"))
    return {name for name in out if name in modules}


def test_no_import_cycles():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    # a package's __init__ re-exporting its parts is not a cycle with them
    for name in graph:
        graph[name] = {other for other in graph[name] if not other.startswith(name + ".")}
    state: dict[str, int] = {}

    def visit(name, trail):
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                pytest.fail("import cycle: " + " → ".join(trail + [name, other]))
            if other not in state:
                visit(other, trail + [name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_only_the_store_names_whoosh():
    """``grep -rln whoosh src/huigu`` lists only files under store/ (the engine's code
    under store/whoosh/; the protocol's docs may name the backend they were written for)."""
    outside = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
               if "whoosh" in p.read_text(encoding="utf-8") and not p.relative_to(SRC).as_posix().startswith("store/")]
    assert outside == []
    importing = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if re.search(r"^\s*(?:from|import) whoosh", p.read_text(encoding="utf-8"), re.M)
                 and "store/whoosh/" not in p.relative_to(SRC).as_posix()]
    assert importing == []
