"""Every CSV huigu writes opens in Excel and WPS 表格 on Chinese Windows: UTF-8 with a
byte-order mark (without it they decode the bytes as GBK and show mojibake)."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from huigu.cli import cli


@pytest.mark.parametrize("command", [
    ["search", "科技特派员"],
    ["lint"],
    ["phrases"],
    ["audit"],
])
def test_csv_output_starts_with_a_byte_order_mark(runner, sample_index, command):
    result = runner.invoke(cli, [*command, "--index", str(sample_index), "--format", "csv"])
    assert result.exit_code in (0, 1), result.output
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf"), data[:40]
    text = data.decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)
    assert "\ufeff" not in text  # one mark, at the start only
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_csv_written_to_a_file_decodes_as_excel_would(tmp_path, sample_index):
    """What Excel does with a .csv: a BOM means UTF-8; without one it reads GBK, and mojibake."""
    out = tmp_path / "结果.csv"
    with open(out, "wb") as stream:
        subprocess.run([sys.executable, "-c", "from huigu.cli import main; main()", "search", "健身步道", "--index", str(sample_index),
                        "--format", "csv"], stdout=stream, check=False, timeout=120)
    data = out.read_bytes()
    assert data[:3] == b"\xef\xbb\xbf"
    assert "健身步道" in data[3:].decode("utf-8")
    assert "健身步道" not in data[3:].decode("gbk", errors="replace")  # why the mark is needed
