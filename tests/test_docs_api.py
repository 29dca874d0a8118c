"""docs/api.md's examples run, in order, as one program on the bundled sample reports."""
from __future__ import annotations

import re

from conftest import ROOT, SAMPLES


def test_api_examples_run(tmp_path, capsys):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 5
    namespace = {"index_dir": str(tmp_path / "index"), "samples": str(SAMPLES)}
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), namespace)  # noqa: S102 - our own documentation
    printed = capsys.readouterr().out
    assert "科技特派员" in printed
    assert "引号不成对" in printed
