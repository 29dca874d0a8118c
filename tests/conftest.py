"""Shared fixtures: where the real corpus is, and indexes built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "examples" / "reports"


def need_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test with a reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} 不在（CI 中有）：跳过需要真实语料的测试")
    return path


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """An index of the bundled sample reports."""
    from huigu.ingest.runner import ingest

    path = tmp_path_factory.mktemp("sample-index")
    report = ingest([SAMPLES], path, workers=1)
    assert not report.skipped, report.skipped
    return path


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """An index of ../shared/seeds and ../shared/corpus (skips when ../shared is absent)."""
    from huigu.ingest.runner import ingest

    seeds, corpus = need_shared("seeds"), need_shared("corpus")
    path = tmp_path_factory.mktemp("corpus-index")
    report = ingest([seeds, corpus], path)
    return path, report


STATE_COUNCIL_YEARS = range(2013, 2020)


@pytest.fixture(scope="session")
def state_council_index(tmp_path_factory):
    """An index of the State Council reports 2013–2019 and of 2015–2017 again from
    Wikisource (the same reports from a second source): a few seconds to build."""
    from huigu.ingest.runner import ingest

    folder = need_shared("corpus", "state-council")
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and int(p.name[:4]) in STATE_COUNCIL_YEARS)
    path = tmp_path_factory.mktemp("state-council-index")
    report = ingest([*files, need_shared("corpus", "state-council-wikisource")], path)
    assert not report.skipped, report.skipped
    return path
