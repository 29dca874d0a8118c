"""huigu overlap: the share of a report or draft that repeats earlier text, and where."""
from __future__ import annotations

import json
import random
import re
import time

import pytest

from conftest import SAMPLES, need_shared
from huigu.cli import cli
from huigu.reuse.index import CACHE_FILE, reuse_key
from huigu.reuse.overlap import file_passages, overlap
from huigu.store import open_store

ANSWERS = json.loads((SAMPLES / "ANSWERS.json").read_text(encoding="utf-8"))
SC_2015, WS_2015 = "2015政府工作报告_李克强.txt", "state-council-wikisource/2015年中华人民共和国国务院政府工作报告.txt"


def invoke(runner, index, *args):
    return runner.invoke(cli, [*args, "--index", str(index)])


def doc_id(index, source: str) -> str:
    return next(d["id"] for d in open_store(index).documents() if d["source"] == source)


def passages(index, source: str) -> list[dict]:
    store = open_store(index)
    return store.passages_of(doc_id(index, source))


# ── known pairs ──────────────────────────────────────────────────────────────


def test_the_same_report_from_two_sources_reads_as_identical(state_council_index):
    a, b = doc_id(state_council_index, SC_2015), doc_id(state_council_index, WS_2015)
    for first, second in ((a, b), (b, a)):
        result = overlap(open_store(state_council_index), first, second)
        assert result.ratio >= 0.97, result.ratio
        assert result.b["id"] == second


def test_unrelated_reports_read_about_zero(state_council_index):
    hailaer = need_shared("corpus", "hailaer", "2016.txt")
    result = overlap(open_store(state_council_index), str(hailaer),
                     doc_id(state_council_index, "2016政府工作报告_李克强.txt"))
    assert result.ratio < 0.03
    assert result.a["file"] == str(hailaer) and result.a["year"] == 2016


def test_two_files_need_no_index(tmp_path):
    first = need_shared("corpus", "state-council", "2017政府工作报告_李克强.txt")
    second = need_shared("corpus", "state-council-wikisource", "2017年中华人民共和国国务院政府工作报告.txt")
    result = overlap(None, str(first), str(second))  # no knowledge base needed
    assert result.ratio >= 0.95


def write_draft(path, paragraphs: list[str]) -> None:
    path.write_text("2020年工作总结（草稿）\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def respaced(text: str) -> str:
    """The same words typed again: half-width punctuation, spaces, a line break."""
    text = text.replace("，", ", ").replace("；", "; ").replace("。", "。 ")
    middle = len(text) // 2
    return text[:middle] + "\n" + text[middle:]


@pytest.mark.parametrize("copied_share", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_a_draft_of_copied_and_new_paragraphs_reads_its_true_share(state_council_index, tmp_path, copied_share):
    """Paragraphs copied from the index (retyped with other punctuation and line breaks)
    mixed with paragraphs of another government's report, in a known proportion."""
    rng = random.Random(int(copied_share * 100))
    old = [d["text"] for d in passages(state_council_index, "2018年中华人民共和国国务院政府工作报告.txt")
           if len(d["text"]) >= 100]
    new = [d["text"] for d in _file_paragraphs(need_shared("corpus", "hailaer", "2014.txt")) if len(d["text"]) >= 100]
    n = 12
    copied = rng.sample(old, round(n * copied_share))
    fresh = rng.sample(new, n - len(copied))
    mixed = [(t, True) for t in copied] + [(t, False) for t in fresh]
    rng.shuffle(mixed)
    truth = sum(len(reuse_key(t)) for t, c in mixed if c) / sum(len(reuse_key(t)) for t, _ in mixed)
    draft = tmp_path / "草稿.txt"
    write_draft(draft, [respaced(t) if c else t for t, c in mixed])
    result = overlap(open_store(state_council_index), str(draft))
    assert result.a["year"] == 2020 and result.b["scope"] == "all" and result.b["chosen_by"] == "default"
    assert abs(result.ratio - truth) <= 0.05, (result.ratio, truth)


def _file_paragraphs(path) -> list[dict]:
    return file_passages(path)[1]


def test_without_b_a_report_is_compared_with_earlier_years_only(runner, state_council_index):
    a = doc_id(state_council_index, "2019年中华人民共和国国务院政府工作报告.txt")
    result = invoke(runner, state_council_index, "overlap", a, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) >= {"a", "b", "ratio", "runs"}
    assert payload["b"]["scope"] == "before" and payload["b"]["chosen_by"] == "default"
    assert payload["b"]["before_year"] == 2019 and payload["b"]["documents"] == 9
    assert 0.08 < payload["ratio"] < 0.4  # set wording repeats from year to year; most of the report is new
    years = {int(y) for run in payload["runs"] for y in re.findall(r"(20\d\d)", run["b_citation"]["label"])[:1]}
    assert years and max(years) < 2019
    for run in payload["runs"]:
        assert len(reuse_key(run["text"])) >= 12
        assert reuse_key(run["text"]) == reuse_key(run["b_text"])
        assert run["a_citation"]["source"] == "2019年中华人民共和国国务院政府工作报告.txt"
        assert run["a_citation"]["line_start"] <= run["a_citation"]["line_end"]
    # the best known formula is there, with both citations
    opening = next(r for r in payload["runs"] if "我代表国务院，向大会报告政府工作" in r["text"])
    assert opening["a_citation"]["label"].startswith("国务院《2019年")


def test_min_chars_raises_the_bar(state_council_index):
    a = doc_id(state_council_index, "2019年中华人民共和国国务院政府工作报告.txt")
    store = open_store(state_council_index)
    loose = overlap(store, a, min_chars=12)
    strict = overlap(store, a, min_chars=30)
    assert strict.ratio < loose.ratio and len(strict.runs) < len(loose.runs)
    assert all(run["chars"] >= 30 for run in strict.runs)


def test_a_whole_report_against_the_index_takes_seconds(state_council_index):
    a = doc_id(state_council_index, "2019年中华人民共和国国务院政府工作报告.txt")
    overlap(open_store(state_council_index), a)  # builds or loads the reuse index
    started = time.perf_counter()
    overlap(open_store(state_council_index), a)
    assert time.perf_counter() - started < 2.0


# ── the sample reports ───────────────────────────────────────────────────────


@pytest.mark.parametrize("reuse", [r for r in ANSWERS["reuse"] if r["edit"] == "verbatim"],
                         ids=lambda r: r["to_quote"][:8])
def test_known_verbatim_copies_are_listed_with_both_citations(runner, sample_index, reuse):
    copy = doc_id(sample_index, f"reports/{reuse['to_file']}")
    source = doc_id(sample_index, f"reports/{reuse['from_file']}")
    payload = json.loads(invoke(runner, sample_index, "overlap", copy, source, "--format", "json").output)
    run = next(r for r in payload["runs"] if reuse_key(reuse["to_quote"]) in reuse_key(r["text"]))
    assert run["a_citation"]["source"] == f"reports/{reuse['to_file']}"
    assert run["b_citation"]["source"] == f"reports/{reuse['from_file']}"
    assert 0 < payload["ratio"] < 1


def test_table_markdown_and_csv(runner, sample_index):
    ids = [doc_id(sample_index, "reports/科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt"),
           doc_id(sample_index, "reports/科技局/2022年工作总结暨2023年工作思路.docx")]
    table = invoke(runner, sample_index, "overlap", *ids, "--format", "table").output
    assert "重复：" in table and "占 A 的" in table and "重复片段" in table and "严格落实“三会一课”制度" in table
    md = invoke(runner, sample_index, "overlap", *ids, "--format", "md").output
    assert md.startswith("## 重复文字") and "| # | 字数 | 重复片段 | A 出处 | B 出处 |" in md
    csv = invoke(runner, sample_index, "overlap", *ids, "--format", "csv").output
    assert csv.removeprefix("\ufeff").splitlines()[0] == "chars,text,a_label,a_where,b_label,b_where"


@pytest.mark.parametrize("args, message", [
    (["no-such-file.docx"], "找不到文件"),
    (["00000000-1"], "没有编号为 00000000-1 的文档"),
    (["examples"], "是文件夹"),
])
def test_errors_are_one_line_and_status_2(runner, sample_index, args, message):
    result = invoke(runner, sample_index, "overlap", *args)
    assert result.exit_code == 2 and message in result.output


# ── the cached n-gram index follows the store's version ──────────────────────


def test_cache_is_rebuilt_when_the_index_changes(tmp_path):
    from huigu.ingest.runner import ingest

    index = tmp_path / "index"
    first = SAMPLES / "科技局" / "2022年工作总结暨2023年工作思路.docx"
    second = SAMPLES / "科技局" / "关于印发2023年工作总结暨2024年工作思路的通知.txt"
    ingest([first], index, workers=1)
    draft = tmp_path / "draft.txt"
    draft.write_text(second.read_text(encoding="utf-8"), encoding="utf-8")
    before = overlap(open_store(index), str(draft))
    stamp = (index / CACHE_FILE).stat().st_mtime_ns
    ingest([second], index, workers=1)
    after = overlap(open_store(index), str(draft), doc_id(index, second.name))  # a document the cache did not know
    assert (index / CACHE_FILE).stat().st_mtime_ns != stamp
    assert before.ratio < 0.5 and after.ratio > 0.95


# ── scopes: a draft against everything, an indexed report against what came before it ──


def plain_repeated_share(text: str, passages: list[dict], n: int = 13) -> float:
    """The plain check: the share of the draft's key characters inside an ``n``-character
    window that some passage holds too (no passage boundaries, no run logic)."""
    key = reuse_key(text)
    wanted = {key[i:i + n] for i in range(len(key) - n + 1)}
    found = set()
    for data in passages:
        other = reuse_key(data["text"])
        found.update(g for g in (other[i:i + n] for i in range(len(other) - n + 1)) if g in wanted)
    covered = bytearray(len(key))
    for i in range(len(key) - n + 1):
        if key[i:i + n] in found:
            covered[i:i + n] = b"\x01" * n
    return covered.count(1) / len(key)


def copied_draft(store, folder, title: str = "2019年工作总结（草稿）"):
    """A draft of 12 paragraphs copied from the index: six from the 2019 report (the
    draft's own year), six from 2013–2018."""
    rng = random.Random(2019)
    long = [d for d in store.passages() if len(reuse_key(d["text"])) >= 80 and not d.get("is_heading")]
    long.sort(key=lambda d: d["id"])
    this_year = [d for d in long if d["doc"]["source"] == "2019年中华人民共和国国务院政府工作报告.txt"]
    earlier = [d for d in long if d["doc"]["year"] < 2019]
    chosen = rng.sample(this_year, 6) + rng.sample(earlier, 6)
    rng.shuffle(chosen)
    path = folder / "草稿.txt"
    text = title + "\n\n" + "\n\n".join(d["text"] for d in chosen) + "\n"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_a_copied_draft_reads_what_a_plain_13_character_check_finds(state_council_index, tmp_path):
    """A draft is compared with the whole knowledge base, same-year documents included:
    text copied from this year's report counts as repeated."""
    store = open_store(state_council_index)
    draft, text = copied_draft(store, tmp_path)
    plain = plain_repeated_share(text, store.passages())
    result = overlap(store, str(draft))
    assert plain >= 0.95
    assert abs(result.ratio - plain) <= 0.03, (result.ratio, plain)
    assert result.b["scope"] == "all" and result.b["documents"] == 10
    assert any(run["b_citation"]["source"] == "2019年中华人民共和国国务院政府工作报告.txt" for run in result.runs)
    # --before: only what came before the draft's year
    before = overlap(store, str(draft), scope="before")
    assert before.b["scope"] == "before" and before.b["before_year"] == 2019 and before.b["documents"] == 9
    assert before.ratio < result.ratio - 0.2
    assert all(not run["b_citation"]["source"].startswith("2019") for run in before.runs)


def write_dated(folder, name: str, date: str, paragraphs: list[str]) -> None:
    lines = ["云溪市科学技术局" + name.removesuffix(".txt"), "", *paragraphs, "", "云溪市科学技术局", date]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


SHARED_PARAGRAPHS = [
    "（一）深化科技特派员制度。上半年选派科技特派员58名，围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团10个，"
    "开展技术培训64场次，培训农民2600余人次。",
    "（二）培育创新主体。新认定高新技术企业12家、科技型中小企业46家，组织企业申报省级研发平台5个，全市研发投入强度稳步提升。",
]


def test_an_indexed_report_is_compared_with_what_came_before_it_by_date(tmp_path):
    """Two reports of one year: the full-year summary (January) copies the half-year one
    (July): by date the half-year one came first, although both are 2024's."""
    from huigu.ingest.runner import ingest

    folder = tmp_path / "reports"
    folder.mkdir()
    write_dated(folder, "2024年上半年工作总结.txt", "2024年7月10日", SHARED_PARAGRAPHS)
    write_dated(folder, "2024年工作总结.txt", "2025年1月12日", SHARED_PARAGRAPHS + [
        "（三）推进低空经济发展。引进无人机整机制造和飞行服务企业4家，开通低空物流航线2条，低空经济产业园一期主体完工。"])
    ingest([folder], tmp_path / "index", workers=1)
    store = open_store(tmp_path / "index")
    half = doc_id(tmp_path / "index", "reports/2024年上半年工作总结.txt")
    full = doc_id(tmp_path / "index", "reports/2024年工作总结.txt")
    later = overlap(store, full)
    assert later.b["scope"] == "before" and later.b["before_date"] == "2025-01-12" and later.b["documents"] == 1
    assert later.ratio > 0.6 and {run["b_citation"]["source"] for run in later.runs} == {"reports/2024年上半年工作总结.txt"}
    earlier = overlap(store, half)
    assert earlier.b["documents"] == 0 and earlier.ratio == 0 and earlier.runs == []
    everything = overlap(store, half, scope="all")
    assert everything.b["documents"] == 1 and everything.ratio > 0.8


def test_scope_options_and_the_output_names_the_scope(runner, state_council_index, tmp_path):
    store = open_store(state_council_index)
    draft, _ = copied_draft(store, tmp_path)
    table = invoke(runner, state_council_index, "overlap", str(draft), "--format", "table")
    assert table.exit_code == 0, table.output
    assert "B：全部已导入文档（含同年的）（10 篇文档" in table.output
    assert "比较范围：全部（草稿文件默认与整个知识库比较，含同年的文档；只比较更早的用 --before）" in table.output
    before = invoke(runner, state_council_index, "overlap", str(draft), "--before", "--format", "table")
    assert "B：2019年以前的文档（9 篇文档" in before.output and "比较范围：更早的文档（--before）" in before.output
    report = doc_id(state_council_index, "2019年中华人民共和国国务院政府工作报告.txt")
    default = invoke(runner, state_council_index, "overlap", report, "--format", "md").output
    assert "比较范围：更早的文档（已导入的文档默认只与在它之前的比较；与全部比较用 --all）" in default
    everything = json.loads(invoke(runner, state_council_index, "overlap", report, "--all", "--format", "json").output)
    assert everything["b"]["scope"] == "all" and everything["b"]["chosen_by"] == "option"
    assert everything["b"]["documents"] == 9  # all but the report itself
    both = invoke(runner, state_council_index, "overlap", report, report, "--all")
    assert both.exit_code == 2 and "只在不给 B 时使用" in both.output
    undated = tmp_path / "草稿.md"
    undated.write_text("关于推进工作的几点意见\n\n" + SHARED_PARAGRAPHS[0] + "\n", encoding="utf-8")
    refused = invoke(runner, state_council_index, "overlap", str(undated), "--before")
    assert refused.exit_code == 2 and "没有年份或日期" in refused.output and "Traceback" not in refused.output


def test_a_damaged_cache_file_is_rebuilt_not_trusted(tmp_path):
    from huigu.ingest.runner import ingest
    from huigu.reuse import index as reuse_index_module

    index = tmp_path / "index"
    ingest([SAMPLES / "科技局"], index, workers=1)
    report = doc_id(index, "科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt")
    expected = overlap(open_store(index), report)
    cache = index / CACHE_FILE
    whole = cache.read_bytes()
    head = 24 + int.from_bytes(whole[8:16], "little")
    for damaged in (whole[:len(whole) // 2], whole[:head + 7], b"not a cache", whole[:8] + b"\xff" * 40,
                    whole[:head] + b"\xff\xfe" + whole[head + 2:]):
        cache.write_bytes(damaged)
        reuse_index_module._MEMORY.clear()  # a new process: only the file is there
        again = overlap(open_store(index), report)
        assert (again.ratio, again.runs) == (expected.ratio, expected.runs)
        assert cache.read_bytes() != damaged  # written again


def test_an_indexed_file_given_as_a_draft_is_not_compared_with_itself(runner, sample_index):
    path = SAMPLES / "科技局" / "关于印发2023年工作总结暨2024年工作思路的通知.txt"
    store = open_store(sample_index)
    as_file = overlap(store, str(path))
    as_document = overlap(store, doc_id(sample_index, "reports/科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt"),
                          scope="all")
    assert as_file.b["left_out"] == 1 and as_file.b["documents"] == as_document.b["documents"] == 12
    assert as_file.ratio == as_document.ratio < 0.5
    table = invoke(runner, sample_index, "overlap", str(path), "--format", "table").output
    assert "这个文件已导入，它自己不算" in table


def test_a_drafts_title_line_is_no_repeated_wording(sample_index, tmp_path):
    """云溪市科学技术局2025年上半年工作总结（草稿）: the office and the year stand in every
    report of the office; the title line is neither listed as copied nor counted."""
    from huigu.reuse.overlap import overlap
    from huigu.store import open_store

    draft = tmp_path / "2025年上半年工作总结（草稿）.txt"
    body = ("（一）深化科技特派员制度。上半年选派科技特派员58名，围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团10个，"
            "开展技术培训120场次。")
    draft.write_text("云溪市科学技术局2025年上半年工作总结（草稿）\n" + body + "\n", encoding="utf-8")
    result = overlap(open_store(sample_index), str(draft))
    assert result.runs and all("科学技术局2025年" not in run["text"] for run in result.runs)
    assert "围绕茶叶、黄精、食用菌等特色产业组建科技特派员服务团" in [run["text"] for run in result.runs]
    assert result.a_chars < len(body)  # the body only (punctuation aside), not the title
