"""huigu similar: past passages closest to a draft, with the source of a copy ranked
first, the shared phrases marked, and a plain "nothing close" when there is none."""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pytest

from conftest import SAMPLES, need_shared
from huigu.cli import cli
from huigu.reuse.similar import NEAR, shared_phrases, similar
from huigu.store import open_store

ANSWERS = json.loads((SAMPLES / "ANSWERS.json").read_text(encoding="utf-8"))

# a passage of the 科技局 2023 report (科技特派员), retyped for this year's draft: numbers and a word changed
LIGHT_COPY = ("深入推行科技特派员制度，全年选派科技特派员60名，围绕茶叶、黄精、食用菌等特色产业"
              "组建科技特派员服务团9个，实现全市9个乡镇全覆盖。科技特派员开展技术培训105场次，培训农民4300余人次。")
UNRELATED = "今年以来，我市大力发展低空经济，无人机整机制造和飞行服务企业落地12家，低空物流航线开通5条。"


def invoke(runner, index, *args):
    return runner.invoke(cli, [*args, "--index", str(index)])


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def passage_with(index, quote: str, file: str) -> dict:
    """Stored data of the passage of ``file`` (relative to examples/reports) holding ``quote``."""
    for data in open_store(index).passages():
        if data["doc"]["source"] == f"reports/{file}" and squash(quote) in squash(data["text"]):
            return data
    raise AssertionError(f"no passage of {file} holds {quote}")


# ── the sample reports: known copies ─────────────────────────────────────────


def test_light_copy_finds_its_source_first_with_shared_phrases(runner, sample_index):
    result = invoke(runner, sample_index, "similar", LIGHT_COPY, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["input"] == LIGHT_COPY
    [paragraph] = payload["results"]
    top = paragraph["matches"][0]
    assert "全年选派科技特派员56名" in top["text"]  # the 2023 report
    assert top["citation"]["source"] == "reports/科技局/关于印发2023年工作总结暨2024年工作思路的通知.txt"
    assert top["score"] >= 0.75 and top["verdict"] == "几乎相同"
    # the shared phrases are what the writer kept, as the old report writes them
    assert "深入推行科技特派员制度，全年选派科技特派员" in top["shared"]
    assert "实现全市9个乡镇全覆盖。科技特派员开展技术培训" in top["shared"]
    for phrase in top["shared"]:
        assert phrase in top["text"] and squash(phrase) in squash(LIGHT_COPY)
    # the 2024 version of the same paragraph is a match of its own, not folded away as a copy
    assert any("全年选派科技特派员52名" in m["text"] for m in paragraph["matches"][1:])


@pytest.mark.parametrize("reuse", ANSWERS["reuse"], ids=lambda r: f"{r['edit']}:{r['to_quote'][:8]}")
def test_every_known_copy_in_the_samples_is_found_first(runner, sample_index, reuse):
    copy = passage_with(sample_index, reuse["to_quote"], reuse["to_file"])
    result = invoke(runner, sample_index, "similar", "--passage", copy["id"], "--format", "json")
    assert result.exit_code == 0, result.output
    top = json.loads(result.output)["results"][0]["matches"][0]
    assert squash(reuse["from_quote"]) in squash(top["text"])
    assert top["citation"]["source"] == f"reports/{reuse['from_file']}"
    assert top["score"] >= (0.75 if reuse["edit"] == "verbatim" else 0.45)
    assert any(squash(reuse["from_quote"])[:8] in squash(phrase) for phrase in top["shared"])


def test_nothing_close_is_said_plainly(runner, sample_index):
    result = invoke(runner, sample_index, "similar", UNRELATED, "--format", "table")
    assert result.exit_code == 1
    assert "知识库中没有与这段相近的内容" in result.output and f"低于 {NEAR:.2f}" in result.output
    payload = json.loads(invoke(runner, sample_index, "similar", UNRELATED, "--format", "json").output)
    [paragraph] = payload["results"]
    assert paragraph["matches"] == [] and paragraph["nearest"] < NEAR
    assert "没有与这段相近的内容" in paragraph["note"]


def test_draft_file_is_compared_paragraph_by_paragraph(runner, sample_index, tmp_path):
    draft = tmp_path / "2025年上半年工作总结（草稿）.txt"
    draft.write_text("\n".join([
        "2025年上半年工作总结",
        "一、主要工作",
        LIGHT_COPY,
        UNRELATED,
        "坚持把校园安全作为教育工作的底线，严格落实校园安全“一岗双责”，开展安全隐患排查整治。",
    ]), encoding="utf-8")
    result = invoke(runner, sample_index, "similar", "--file", str(draft), "--limit", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["skipped_paragraphs"] == 2  # the title and the heading
    first, second, third = payload["results"]
    assert first["where"] == "第3行" and "选派科技特派员56名" in first["matches"][0]["text"]
    assert len(first["matches"]) <= 2
    assert second["matches"] == []
    assert "校园安全“一岗双责”" in third["matches"][0]["text"]
    table = invoke(runner, sample_index, "similar", "--file", str(draft), "--format", "table").output
    assert "比较了 3 段，其中 2 段在知识库中有相近段落" in table
    assert "■ 第2段（第4行）" in table and "【深入推行科技特派员制度，全年选派科技特派员】" in table


def test_docx_draft_and_markdown(runner, sample_index, tmp_path):
    import docx

    draft = tmp_path / "草稿.docx"
    document = docx.Document()
    document.add_paragraph(LIGHT_COPY)
    document.save(str(draft))
    result = invoke(runner, sample_index, "similar", "--file", str(draft), "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## 相似段落：")
    assert "### 第1段（第1段）" in result.output and "**深入推行科技特派员制度，全年选派科技特派员**" in result.output


def test_filters_restrict_the_matches(runner, sample_index):
    payload = json.loads(invoke(runner, sample_index, "similar", LIGHT_COPY, "--year", "2024",
                                "--format", "json").output)
    matches = payload["results"][0]["matches"]
    assert matches and all("2024" in m["citation"]["label"] or "2025" in m["citation"]["label"] for m in matches)
    assert "全年选派科技特派员52名" in matches[0]["text"]


def test_similar_writes_a_word_file(runner, sample_index, tmp_path):
    import docx

    out = tmp_path / "素材.docx"
    result = invoke(runner, sample_index, "similar", LIGHT_COPY, "--format", "docx", "-o", str(out))
    assert result.exit_code == 0 and "已写入" in result.output
    body = [p.text for p in docx.Document(str(out)).paragraphs]
    text = "\n".join(body)
    assert "全年选派科技特派员56名" in text and "云科〔2024〕12号" in text
    assert "输入的文字" in body and "原文：" + LIGHT_COPY in body  # typed text: no "draft paragraph 1"
    answers = [line for line in body if line.startswith("相似度 ")]
    assert answers and all(f"对应输入的文字：{LIGHT_COPY[:20]}" in line for line in answers)


@pytest.mark.parametrize("args, message", [
    ([], "三选一"),
    (["some text", "--passage", "x-1.1"], "三选一"),
    (["--file", "no-such-draft.txt"], "找不到文件"),
    (["--passage", "00000000-1.1"], "没有编号为"),
    (["年"], "文字太短"),
])
def test_usage_errors_are_one_line_and_status_2(runner, sample_index, args, message):
    result = invoke(runner, sample_index, "similar", *args)
    assert result.exit_code == 2 and message in result.output


def test_shared_phrases_are_whole_runs_without_stray_edges():
    draft = squash("全年选派科技特派员60名，围绕茶叶、食用菌等特色产业开展技术服务")
    old = "全年选派科技特派员56名，围绕茶叶、黄精、食用菌等特色产业，开展技术培训。"
    assert shared_phrases(draft, old) == ["全年选派科技特派员", "围绕茶叶", "食用菌等特色产业，开展技术"]


def test_query_path_does_not_load_jieba(sample_index):
    code = ("import sys; import huigu; "
            f"r = huigu.open({str(sample_index)!r}).similar(text={LIGHT_COPY!r}); "
            "assert r.paragraphs[0].matches; print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ── the State Council reports: a test set with known answers ─────────────────

SUBSTITUTIONS = [("推进", "推动"), ("加强", "强化"), ("加快", "加速"), ("积极", "主动"), ("进一步", "持续"),
                 ("完善", "健全"), ("提高", "提升"), ("促进", "带动"), ("支持", "扶持"), ("开展", "组织")]


def edited(text: str, rng: random.Random, heavy: bool) -> str:
    """A writer's reuse of ``text``: numbers changed and words swapped; a heavy edit also
    keeps only half of the clauses and adds a sentence of its own."""
    out = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), text)
    for old, new in rng.sample(SUBSTITUTIONS, len(SUBSTITUTIONS))[:4 if heavy else 2]:
        out = out.replace(old, new, 1)
    if heavy:
        clauses = re.findall(r"[^，；。]+[，；。]?", out)
        keep = max(2, len(clauses) // 2)
        start = rng.randrange(0, len(clauses) - keep + 1)
        out = "今年以来，" + "".join(clauses[start:start + keep]).rstrip("，；") + "，取得了明显成效。"
    return out


def test_precision_and_recall_on_edited_copies_of_the_state_council_reports(state_council_index):
    """Light and heavy edits of 40 passages must find their source first; 40 paragraphs of
    another government's reports (not in the index) must mostly be "nothing close"."""
    from huigu.reuse.index import reuse_key
    from huigu.reuse.overlap import file_passages
    from huigu.search.group import near_identical, shingles

    rng = random.Random(20240601)
    store = open_store(state_council_index)
    pool = [d for d in store.passages() if 80 <= len(d["text"]) <= 400]
    pool.sort(key=lambda d: d["id"])
    sources = rng.sample(pool, 40)
    queries = [(edited(d["text"], rng, heavy), d) for d in sources for heavy in (False, True)]
    hailaer = need_shared("corpus", "hailaer")
    strangers = [d["text"] for name in ("2014.txt", "2018.txt") for d in file_passages(hailaer / name)[1]
                 if len(reuse_key(d["text"])) >= 60][:40]

    hits = returned = 0
    for query, source in queries:
        [results] = similar(store, text=query, limit=3).paragraphs
        if results.matches:
            returned += 1
            top = results.matches[0]
            same = top.id == source["id"] or near_identical(shingles(top.data["text"]), shingles(source["text"]), 0.9)
            hits += same
    false_alarms = sum(bool(similar(store, text=t, limit=3).paragraphs[0].matches) for t in strangers)
    recall = hits / len(queries)
    precision = hits / (returned + false_alarms)
    assert recall >= 0.95, recall
    assert precision >= 0.9, precision
    assert false_alarms <= 0.1 * len(strangers), false_alarms


def test_the_same_report_from_two_sources_is_one_match_with_another_citation(runner, state_council_index):
    passage = next(d for d in open_store(state_council_index).passages()
                   if d["doc"]["source"].startswith("2016") and "僵尸企业" in d["text"])
    result = invoke(runner, state_council_index, "similar", passage["text"], "--format", "json")
    top = json.loads(result.output)["results"][0]["matches"][0]
    sources = {top["citation"]["source"], *(c["source"] for c in top["also"])}
    assert {"2016政府工作报告_李克强.txt", "state-council-wikisource/2016年中华人民共和国国务院政府工作报告.txt"} <= sources
    assert top["score"] >= 0.95


# ── the passage a sentence was lifted from ───────────────────────────────────

EMPLOYMENT_TARGET = "全年城镇新增就业1100万人以上，城镇调查失业率5.5%左右。"


def test_the_passage_that_holds_the_typed_sentence_ranks_first(runner, state_council_index):
    """The 2019 report's list of targets holds the sentence word for word; the 2018 one
    says 5.5%以内 and is shorter, so it used to rank first on wording and vocabulary."""
    result = invoke(runner, state_council_index, "similar", EMPLOYMENT_TARGET, "--format", "json")
    assert result.exit_code == 0, result.output
    matches = json.loads(result.output)["results"][0]["matches"]
    top = matches[0]
    assert top["citation"]["source"] == "2019年中华人民共和国国务院政府工作报告.txt"
    assert "城镇新增就业1100万人以上，城镇调查失业率5.5%左右" in top["text"]
    assert top["contained"] >= 0.9 and top["score"] > matches[1]["score"]
    assert "城镇新增就业1100万人以上，城镇调查失业率5.5%左右" in top["shared"]
    assert any("城镇调查失业率5.5%以内" in m["text"] for m in matches[1:])


def test_sentences_lifted_out_of_long_passages_find_them_first(state_council_index):
    from huigu.reuse.index import reuse_key

    rng = random.Random(7)
    store = open_store(state_council_index)
    pool = sorted((d for d in store.passages() if len(d["text"]) >= 300), key=lambda d: d["id"])
    found = tried = 0
    for data in rng.sample(pool, 40):
        sentences = [s for s in re.findall(r"[^。；]+[。；]", data["text"]) if 25 <= len(s) <= 60]
        if not sentences:
            continue
        sentence = rng.choice(sentences)
        tried += 1
        [paragraph] = similar(store, text=sentence, limit=1).paragraphs
        found += bool(paragraph.matches) and reuse_key(sentence) in reuse_key(paragraph.matches[0].data["text"])
    assert tried >= 30 and found >= 0.95 * tried, (found, tried)


def test_a_shared_phrase_never_ends_inside_a_decimal_number():
    """城镇调查失业率5.5%左右 against …失业率5.5%以内: the mark ends after 5.5, not after
    the 5 before the point (the digit after a decimal point is no stray character)."""
    from huigu.reuse.similar import reuse_key, shared_spans

    draft = "全年城镇新增就业1100万人以上，城镇调查失业率5.5%左右。"
    text = "今年发展主要预期目标是：国内生产总值增长6.5%左右；城镇新增就业1100万人以上，城镇调查失业率5.5%以内，城镇登记失业率4.5%以内。"
    marked = [text[a:b] for a, b in shared_spans(reuse_key(draft), text)]
    assert marked == ["城镇新增就业1100万人以上，城镇调查失业率5.5"]
