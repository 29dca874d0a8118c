"""The audit on reports it was not built on (issue 11): each defect found by a new user,
asserted on the real corpus, and the scores on hand-labelled unseen cases."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from huigu.audit.run import commitments_of, evaluate, office_of, run_audit
from huigu.audit.verdicts import evidence_citation
from huigu.cli import cli
from huigu.store import open_store

from conftest import ROOT, need_shared

UNSEEN = ROOT / "tests" / "data" / "audit_unseen.jsonl"


def read_cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ingest(files, path):
    from huigu.ingest.runner import ingest

    report = ingest(list(files), path, workers=1)
    assert not report.skipped, report.skipped
    return path


@pytest.fixture(scope="module")
def unseen_index(tmp_path_factory):
    """The plans and follow-ups of audit_unseen.jsonl: State Council 2007, 2008, 2011–2013
    and 海拉尔区 2013–2016."""
    council, hailaer = need_shared("corpus", "state-council"), need_shared("corpus", "hailaer")
    files = [p for p in council.iterdir() if p.suffix == ".txt" and int(p.name[:4]) in (2007, 2008, 2011, 2012, 2013)]
    files += [hailaer / f"{year}.txt" for year in range(2013, 2017)]
    return _ingest(files, tmp_path_factory.mktemp("unseen-index"))


@pytest.fixture(scope="module")
def copies_index(tmp_path_factory):
    """The State Council's 2016 and 2017 reports from both sources, and the 2019 report as
    .txt and again as a .docx made from the same text (another format of one report)."""
    from docx import Document

    council = need_shared("corpus", "state-council")
    wikisource = need_shared("corpus", "state-council-wikisource")
    folder = tmp_path_factory.mktemp("copies")
    report_2019 = next(p for p in council.iterdir() if p.name.startswith("2019"))
    word = Document()
    for line in report_2019.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word.add_paragraph(line.strip())
    word.save(folder / "2019年政府工作报告（另存）.docx")
    files = [council / "2016政府工作报告_李克强.txt", council / "2017政府工作报告_李克强.txt", report_2019,
             *(p for p in wikisource.iterdir() if p.name.startswith(("2016", "2017"))), folder / "2019年政府工作报告（另存）.docx"]
    return _ingest(files, tmp_path_factory.mktemp("copies-index"))


@pytest.fixture(scope="module")
def hailaer_index(tmp_path_factory):
    return _ingest([need_shared("corpus", "hailaer")], tmp_path_factory.mktemp("hailaer"))


# ── one report, one audit ────────────────────────────────────────────────────


def test_the_2016_report_and_its_wikisource_copy_are_audited_once(copies_index):
    kb = open_store(copies_index)
    report = run_audit(kb, "国务院", (2016, 2016))
    sources = {row.commitment.passage["doc"]["source"] for row in report.rows}
    assert len(sources) == 1 and "李克强" in sources.pop()  # the main folder's copy
    texts = [row.commitment.text for row in report.rows]
    assert len(texts) == len(set(texts)), "a commitment listed twice"
    assert len(report.plans) == 1
    (chosen, others), = report.copies
    assert others[0]["source"] == "2016年中华人民共和国国务院政府工作报告.txt" and "李克强" in chosen["source"]
    assert all("2016年中华人民共和国国务院政府工作报告.txt" in row.note for row in report.rows)  # the copy left out


def test_the_2019_txt_and_docx_are_one_report_and_the_txt_is_used(copies_index):
    kb = open_store(copies_index)
    first = commitments_of(kb, "国务院", (2019, 2019))
    again = commitments_of(kb, "国务院", (2019, 2019))
    assert {c.passage["doc"]["source"] for c in first} == {c.passage["doc"]["source"] for c in again}
    assert {Path(c.passage["doc"]["source"]).suffix for c in first} == {".txt"}
    assert 30 <= len(first) <= 80, len(first)


def test_the_sheet_shows_which_copy_was_used(runner, copies_index):
    result = runner.invoke(cli, ["audit", "--index", str(copies_index), "--department", "国务院", "--year", "2016",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    copies = json.loads(result.output)["copies"]
    assert len(copies) == 1 and copies[0]["left_out"] == ["2016年中华人民共和国国务院政府工作报告.txt"]
    assert "李克强" in copies[0]["used"]
    table = runner.invoke(cli, ["audit", "--index", str(copies_index), "--department", "国务院", "--year", "2016",
                                "--format", "table"])
    assert "只核对一次：使用" in table.output


# ── evidence only from the review of the plan year ───────────────────────────


def test_next_years_budget_is_not_evidence_for_the_2016_deficit(copies_index):
    """The 2017 report's 二、2017年工作总体部署 says 中央财政赤字1.55万亿元: the 2017 budget."""
    report = run_audit(open_store(copies_index), "国务院", (2016, 2016))
    row = next(r for r in report.rows if r.commitment.text.startswith("中央财政赤字1.4万亿元"))
    assert all("1.55万亿元" not in e.sentence for e in row.evidence)
    assert "1.55" not in row.reason
    for other in report.rows:
        for evidence in other.evidence:
            titles = "".join(evidence.passage.get("section_titles") or [])
            assert "2017年工作总体部署" not in titles and "2017年重点工作任务" not in titles, (other.commitment.text,
                                                                                       evidence.sentence)


# ── stages of a project ──────────────────────────────────────────────────────


def test_equipment_being_installed_is_progress_not_silence(hailaer_index):
    report = run_audit(open_store(hailaer_index), "海拉尔", (2016, 2016))
    row = next(r for r in report.rows if r.commitment.text == "中网科技云计算基地数据楼竣工投入使用")
    assert row.status == "partly", row.reason
    assert "进入设备安装阶段" in row.reason
    assert row.evidence and "hailaer/2017.txt" in row.evidence[0].passage["doc"]["source"]
    assert row.evidence[0].passage["line_start"] <= 15 <= row.evidence[0].passage["line_end"]


def test_the_stage_is_read_from_the_projects_own_clause(hailaer_index):
    """时代广场…开工建设，…，万家惠农贸批发市场一期投入使用: the 开工 is another project's."""
    report = run_audit(open_store(hailaer_index), "海拉尔", (2016, 2016))
    row = next(r for r in report.rows if r.commitment.text == "实现万家惠农贸批发市场投入运营")
    assert row.status == "met", row.reason
    assert "万家惠农贸批发市场一期投入使用" in row.reason and "开工" not in row.reason
    assert "一期" in row.reason  # the phase the report names is said


def test_a_mentioned_object_is_never_not_reported(hailaer_index):
    report = run_audit(open_store(hailaer_index), "海拉尔", (2015, 2015))
    row = next(r for r in report.rows if "中网科技云计算数据中心" in r.commitment.text)
    assert row.status != "not_reported" and "开工" in row.reason


# ── what is not a commitment ─────────────────────────────────────────────────


@pytest.mark.parametrize("source, text", [
    ("provinces-2025/2025年贵州省政府工作报告.docx", "两条底线"),
    ("provinces-2025/2025年新疆政府工作报告.docx", "十三次全会"),
    ("state-council/2019年中华人民共和国国务院政府工作报告.txt", "近14亿中国人"),
    ("state-council/1955政府工作报告_李富春.txt", "两种错误的偏向"),
])
def test_figures_of_speech_meetings_and_population_are_not_commitments(tmp_path, source, text):
    path = need_shared("corpus", *source.split("/"))
    kb = open_store(_ingest([path], tmp_path / "index"))
    found = commitments_of(kb)
    assert found, "the plan gives commitments"
    assert not [c.text for c in found if text in c.text]
    # the passage is there and is searched: the words are in the plan text
    assert any(text in p["text"] for p in kb.passages())


# ── offices ──────────────────────────────────────────────────────────────────


def test_a_bureau_without_a_place_is_not_filed_under_quanzhou(tmp_path):
    kb = open_store(_ingest([need_shared("seeds")], tmp_path / "seeds"))
    documents = kb.documents()
    district = next(d for d in documents if d.get("title") == "2024科技局上半年工作总结")
    office, note = office_of(district, documents)
    assert office != "泉州市科学技术局" and "地区不详" in office
    assert "部门存疑" in note and "泉州市科学技术局" in note
    report = run_audit(kb)
    for row in report.rows:
        if row.commitment.doc_id == district["id"]:
            assert row.department != "泉州市科学技术局" and row.note


# ── progress ─────────────────────────────────────────────────────────────────


def test_progress_is_reported_for_every_commitment(hailaer_index):
    events = []
    report = run_audit(open_store(hailaer_index), progress=lambda event, info: events.append((event, info)))
    assert events[0] == ("start", {"total": len(report.rows)})
    assert sum(1 for event, _ in events if event == "commitment") == len(report.rows)
    assert events[-1][0] == "done"


def test_no_progress_bar_when_stderr_is_not_a_terminal(runner, hailaer_index):
    result = runner.invoke(cli, ["audit", "--index", str(hailaer_index), "--format", "json"])
    assert result.exit_code == 0
    assert "核对承诺" not in (result.stderr if result.stderr_bytes is not None else "")
    json.loads(result.stdout)


# ── unseen labelled cases ────────────────────────────────────────────────────


def test_unseen_cases(unseen_index):
    """Labelled before the rules were changed for them: see docs/audit.md for the figures
    before (0.72 / 0.38 / 0.39 on the State Council cases) and after."""
    cases = read_cases(UNSEEN)
    assert len(cases) >= 40 and sum(c["kind"] == "action" for c in cases) >= 20
    result = evaluate(open_store(unseen_index), cases)
    wrong = [(d["id"], d["expected"], d["status"]) for d in result["details"] if d["status"] != d["expected"]]
    assert result["extracted"] >= 0.9
    assert result["evidence_at_3"] >= 0.75, wrong
    assert result["status"] >= 0.75, wrong


# ── the second unseen set: weaker verbs, pilots, programmes started this year ─

UNSEEN2 = ROOT / "tests" / "data" / "audit_unseen2.jsonl"


@pytest.fixture(scope="module")
def unseen2_index(tmp_path_factory):
    """The plans and follow-ups of audit_unseen2.jsonl: State Council 2003–2005, 海拉尔区 2018–2019."""
    council, hailaer = need_shared("corpus", "state-council"), need_shared("corpus", "hailaer")
    files = [p for p in council.iterdir() if p.suffix == ".txt" and p.name[:4] in ("2003", "2004", "2005")]
    files += [hailaer / "2018.txt", hailaer / "2019.txt"]
    return _ingest(files, tmp_path_factory.mktemp("unseen2-index"))


def _row(report, text):
    rows = [r for r in report.rows if text in r.commitment.text]
    assert rows, f"not listed: {text}"
    return rows[0]


def _checked_row(index, year, text, status, evidence):
    """The State Council's row for ``text`` of ``year``: its verdict, the sentence it rests on,
    and that sentence cited in the next year's report."""
    row = _row(run_audit(open_store(index), "国务院", (year, year)), text)
    assert row.status == status, row.reason
    assert evidence in row.evidence[0].sentence, row.reason
    assert evidence_citation(row.evidence[0])["label"].startswith(f"国务院《{year + 1}年政府工作报告》")
    return row


@pytest.mark.parametrize("year, text, status", [
    # a programme or pilot the plan year starts or runs: under way in the review is the promise kept
    (2004, "今年要启动西部地区“两基”攻坚计划", "met"),  # → 西部地区“两基”攻坚计划开始实施
    (2004, "做好新型农村合作医疗制度试点工作", "met"),  # → 稳步进行新型农村合作医疗制度试点
    (2004, "重点做好中国银行和中国建设银行股份制改造试点工作", "met"),  # → 国有商业银行股份制改革顺利推进
    (2004, "继续搞好农村信用社改革试点", "met"),  # → 农村信用社改革扩大到29个省
    (2003, "搞好农村新型合作医疗制度试点工作", "met"),  # → 新型农村合作医疗制度…试点: the same words reordered
    (2004, "继续实施第二期农村中小学危房改造", "met"),  # a numbered phase of a programme
    (2004, "扩大农作物良种补贴范围和规模", "met"),  # → 对部分地区农民实行良种补贴
    (2003, "农村税费改革试点在总结经验、完善政策的基础上，在全国范围内推开", "met"),  # → 试点扩大到全国
    # preparing a plan is not finishing it: 围绕制定…规划，组织2000多位专家…研究论证
    (2004, "完成国家中长期科学和技术发展规划的编制", "partly"),
])
def test_pilots_programmes_and_phases_on_the_state_council(unseen2_index, year, text, status):
    report = run_audit(open_store(unseen2_index), "国务院", (year, year))
    row = _row(report, text)
    assert row.commitment.kind == "action"
    assert row.status == status, row.reason


def test_money_from_a_fund_is_named_by_what_it_is_for(unseen2_index):
    """今年国家从粮食风险基金中拿出100亿元，直接补贴种粮农民: the 2005 review says the subsidy was
    paid (对种粮农民实行直接补贴) but not its amount."""
    report = run_audit(open_store(unseen2_index), "国务院", (2004, 2004))
    row = _row(report, "今年国家从粮食风险基金中拿出100亿元，直接补贴种粮农民")
    assert row.commitment.indicator == "直接补贴种粮农民"
    assert row.status == "unclear", row.reason
    assert "对种粮农民实行直接补贴" in row.evidence[0].sentence


def test_a_pilot_extended_to_named_provinces_needs_them_in_the_review(unseen2_index):
    """…将试点范围扩大到黑龙江和吉林两省 → 2005: 完善城镇社会保障体系试点工作继续推进 (no province named)."""
    report = run_audit(open_store(unseen2_index), "国务院", (2004, 2004))
    row = _row(report, "将试点范围扩大到黑龙江和吉林两省")
    assert row.commitment.indicator == "完善城镇社会保障体系试点"
    assert row.commitment.places == ["黑龙江", "吉林"]
    assert row.status == "unclear", row.reason
    assert "黑龙江、吉林" in row.reason


def test_the_growth_target_is_checked_against_gdp(unseen2_index):
    """中央提出今年经济增长预期目标为7%左右: the indicator is 经济增长, not 中央提出经济."""
    report = run_audit(open_store(unseen2_index), "国务院", (2004, 2004))
    row = _row(report, "中央提出今年经济增长预期目标为7%左右")
    assert row.commitment.indicator == "经济增长"
    assert row.status == "met", row.reason
    assert "生产总值" in row.evidence[0].sentence and "9.5%" in row.reason


@pytest.mark.parametrize("text, status", [
    ("开展农村人居环境整治三年行动", "met"),  # started this year, not a far goal → 三年行动深入实施
    ("全面启动扫黑除恶专项斗争", "met"),  # → “扫黑除恶”专项斗争工作成果突出
    ("启动东山组团社区卫生服务中心、计划生育服务中心项目", "met"),  # 启动 → 主体封顶 is past the start
    ("重点推进海拉尔大数据中心建设", "met"),  # → 海拉尔大数据中心（一期）工程全部封顶
    ("构建区、镇、村三级河长管理体系", "met"),  # → 全面实施“河长制”
    ("科学调整西山自然保护区范围及功能", "met"),  # → 保护区规划范围调整得到自治区批复
    ("把十四冬主场馆建设作为2018年头号工程全力推进", "met"),
    # two roads sharing 农村公路; the first is reported as 海—宝农村公路 (the first character of each end)
    ("加快推进海拉尔至宝日希勒、特尼河农村公路建设", "partly"),
    # only the 2019 plan names 桃李中学: listed, and never answered by the follow-up's own plan
    ("重点实施桃李中学、三中分校、素质教育研学基地等项目", "not_reported"),
])
def test_named_projects_with_weaker_verbs_on_hailaer_2018(unseen2_index, text, status):
    report = run_audit(open_store(unseen2_index), "海拉尔", (2018, 2018))
    row = _row(report, text)
    assert row.commitment.kind == "action"
    assert row.status == status, row.reason


def test_unseen2_cases(unseen2_index):
    """Labelled before the rules were changed for them: 0.22 / 0.15 / 0.14 on the first run,
    0.43 / 0.24 / 0.27 before this round; see docs/audit.md for the figures after."""
    cases = read_cases(UNSEEN2)
    assert len(cases) >= 45 and sum(c["kind"] == "action" for c in cases) >= 35
    result = evaluate(open_store(unseen2_index), cases)
    wrong = [(d["id"], d["expected"], d["status"]) for d in result["details"] if d["status"] != d["expected"]]
    assert result["extracted"] >= 0.75
    assert result["evidence_at_3"] >= 0.78, wrong
    assert result["status"] >= 0.68, wrong


def test_the_verdict_reads_the_clause_that_names_the_project(hailaer_index):
    """2018: 积极申报完成…19件商标，世界反法西斯战争海拉尔纪念园、两河圣山旅游文化景区基础设施建设工程进展顺利 —
    the 完成 is the trademarks', the two projects are only under way (旅游文化 ~ 文化旅游, the same words)."""
    report = run_audit(open_store(hailaer_index), "海拉尔", (2017, 2017))
    for text in ("完成反法西斯战争海拉尔纪念园二期建设", "实施两河圣山文化旅游景区的基础设施建设"):
        row = _row(report, text)
        assert row.status == "partly", row.reason
        assert "进展" in row.reason


def test_roads_listed_with_their_own_kind_are_each_checked(hailaer_index):
    """四要完成对胜利大街、西大街、胜利三路等主干道路的综合改造 → 2015: only 胜利三路 is reported done."""
    report = run_audit(open_store(hailaer_index), "海拉尔", (2014, 2014))
    row = _row(report, "胜利大街、西大街、胜利三路")
    assert row.commitment.objects == ["胜利大街", "西大街", "胜利三路"]
    assert row.status == "partly", row.reason


UNSEEN3 = ROOT / "tests" / "data" / "audit_unseen3.jsonl"


@pytest.fixture(scope="module")
def unseen3_index(tmp_path_factory):
    """The plans and follow-ups of audit_unseen3.jsonl: State Council 2005–2009."""
    council = need_shared("corpus", "state-council")
    files = [p for p in council.iterdir() if p.suffix == ".txt" and p.name[:4] in ("2005", "2006", "2007", "2008", "2009")]
    return _ingest(files, tmp_path_factory.mktemp("unseen3-index"))


@pytest.fixture(scope="module")
def plan_gap_index(tmp_path_factory):
    """State Council reports whose year plan was not found: 1959 (its heading names the
    five-year plan and 一九五九年), 1996 (九、努力做好1996年的工作，为“九五”创造一个良好开局),
    2002 (no heading says plan: 今年要着重做好以下八个方面工作 announces it), 1979 (no section is told
    apart: every one reviews and plans)."""
    council = need_shared("corpus", "state-council")
    files = [p for p in council.iterdir() if p.suffix == ".txt" and p.name[:4] in ("1959", "1979", "1996", "2002")]
    return _ingest(files, tmp_path_factory.mktemp("plan-gap-index"))


def _listed(index, year):
    return [c.text for c in commitments_of(open_store(index), "国务院", (year, year))]


def test_a_year_plan_under_a_heading_that_names_the_five_year_plan(plan_gap_index):
    texts = _listed(plan_gap_index, 1959)
    assert any("一九五九年将生产二百八十万到三百万千瓦" in t for t in texts)
    assert not any("一九五八年我国只生产八十万千瓦" in t for t in texts)  # an earlier year's fact
    texts = _listed(plan_gap_index, 1996)
    assert "今年经济增长速度的调控目标定为8%" in texts and "物价上涨幅度控制在10%左右" in texts
    # the section opens with 过去的一年，…: last year's results are not this year's plan
    assert not any("国内生产总值比上年增长10.2%" in t or "储蓄存款余额" in t for t in texts)


def test_a_paragraph_that_announces_the_year_s_work_starts_the_plan(plan_gap_index):
    texts = _listed(plan_gap_index, 2002)
    assert "今年拟发行1500亿元长期建设国债" in texts
    assert any("进行收入分配制度改革试点" in t for t in texts)
    assert not any("城镇居民人均可支配收入" in t for t in texts)  # 首先报告２００１年的工作: the review


@pytest.mark.parametrize("text, indicator, status", [
    ("今年中央财政将安排科技支出1134亿元", "科技支出", "met"),  # → 中央财政科技投入１１６３亿元
    ("今年中央财政安排“三农”支出5625亿元", "三农支出", "met"),  # → 中央财政用于“三农”的投入５９５５亿元
    ("中央财政今年安排再就业补助资金251亿元", "再就业补助资金", "partly"),  # → 就业再就业资金234亿元
    ("国务院决定今年安排30亿元建设资金，支持国有煤矿安全技术改造", "国有煤矿安全技术改造", None),
    # with its growth (比上年增加…) it has two targets, each looked for by the budget's other words:
    # → 全年中央财政用于科技、教育、卫生和文化事业的支出分别为774亿元、…
    ("今年中央财政安排科技投入716亿元", "科技投入", "met"),
])
def test_central_budget_lines_are_targets(unseen3_index, text, indicator, status):
    report = run_audit(open_store(unseen3_index), "国务院", (2005, 2008))
    row = _row(report, text)
    assert row.commitment.kind == "target" and row.commitment.indicator == indicator
    if status:
        assert row.status == status, row.reason


@pytest.mark.parametrize("year, text, indicator, status", [
    # 把试点范围扩大到全国40%的县: the pilot is the sentence's topic (新型农村合作医疗) → …试点范围扩大到1451个县，占…50.7％
    (2006, "今年把试点范围扩大到全国40%的县", None, "met"),
    # the old value of a change is not the answer, nor is a total for a standard (112亿元 is not a 补助标准)
    (2006, "补助标准由20元提高到40元", "中央和地方财政对参加合作医疗农民的补助标准", "unclear"),
    # …试点要扩大到全国50%以上的城市: the indicator is the pilot, reported as 试点城市由上年的８８个增加到３１７个
    (2008, "城镇居民基本医疗保险试点要扩大到全国50%以上的城市", "城镇居民基本医疗保险试点", "unclear"),
])
def test_pilots_and_standards_raised_to_a_level(unseen3_index, year, text, indicator, status):
    report = run_audit(open_store(unseen3_index), "国务院", (year, year))
    row = _row(report, text)
    if indicator:
        assert row.commitment.indicator == indicator
    assert row.status == status, row.reason


def test_a_long_object_is_looked_for_by_whose_and_what(unseen3_index):
    """免除国家扶贫开发工作重点县农村义务教育阶段贫困家庭学生的书本费、杂费 → 2006: 对592个重点贫困县
    1700万名贫困家庭学生免除学杂费 (found: 贫困家庭学生, 杂费); an ordinal 要 is a lead, not the object."""
    report = run_audit(open_store(unseen3_index), "国务院", (2005, 2005))
    row = _row(report, "贫困家庭学生的书本费、杂费")
    assert "贫困家庭学生" in row.commitment.terms and "杂费" in row.commitment.terms
    assert row.status != "not_reported" and "592个重点贫困县" in row.evidence[0].sentence
    # a general policy line with no deliverable (dropped by the fresh-4 labeller); 二要 as a lead is tested in
    # test_commitments.test_an_ordinal_yao_is_a_lead
    assert not [r for r in report.rows if "加快国有大型企业股份制改革" in r.commitment.text]


@pytest.mark.parametrize("year, text, status", [
    (2005, "全部免征牧业税", "met"),  # → 全国取消了牧业税: waived is waived, whichever word
    (2005, "推进新型农村合作医疗制度试点", "met"),  # → 试点已扩大到671个县: a pilot to advance, advanced
    (2008, "重点推进中国农业银行股份制改革和国家开发银行改革", "met"),  # → …股份制改革顺利进行
    (2006, "今年在全国彻底取消农业税", "met"),
    (2005, "继续实施西部地区“两基”攻坚计划", "met"),
    # → 对592个重点贫困县1700万名贫困家庭学生免除学杂费: waived, in the review
    (2005, "免除国家扶贫开发工作重点县农村义务教育阶段贫困家庭学生的书本费、杂费", "met"),
    # → 这项工作基本完成，各地已偿还拖欠工程款1834亿元: 基本完成 was the promise (found by 拖欠工程款)
    (2006, "基本完成建设领域清理拖欠工程款任务", "met"),
    # → 实施１６个国家重大科技专项: found by the kind they are listed under
    (2008, "组织实施大型飞机、水体污染控制与治理、大型油气田及煤层气开发等国家重大专项", "met"),
    # → 基本建成了覆盖省市县三级的疾病预防控制体系: 全面建成 was promised, 基本建成 is short of it
    (2005, "今年要全面建成疾病预防控制体系", "partly"),
    (2008, "全面推进集体林权制度改革", "met"),  # → 集体林权制度改革全面推开
    (2008, "从今年秋季起全面免除城市义务教育学杂费", "met"),  # → 全面实行城乡免费义务教育: fees waived, schooling free
    # → 农村计划生育家庭奖励扶助制度和少生快富工程实施范围继续扩大
    (2008, "扩大实施农村计划生育家庭奖励制度和少生快富工程范围", "met"),
])
def test_programmes_reforms_and_taxes_on_state_council_2005_2008(unseen3_index, year, text, status):
    report = run_audit(open_store(unseen3_index), "国务院", (year, year))
    row = _row(report, text)
    assert row.status == status, row.reason


def test_a_target_quoted_back_is_not_its_outcome(unseen3_index):
    """2007: 但是，全国没有实现年初确定的单位国内生产总值能耗降低4%左右…的目标 — the 4% is the target."""
    row = _row(run_audit(open_store(unseen3_index), "国务院", (2006, 2006)), "单位国内生产总值能耗降低4%左右")
    assert row.status == "partly", row.reason


def test_unseen3_cases(unseen3_index):
    """Labelled before the rules were changed for them: 0.61 / 0.41 / 0.40 on the first run;
    see docs/audit.md for the figures after."""
    cases = read_cases(UNSEEN3)
    assert len(cases) >= 55
    result = evaluate(open_store(unseen3_index), cases)
    wrong = [(d["id"], d["expected"], d["status"]) for d in result["details"] if d["status"] != d["expected"]]
    assert result["extracted"] >= 0.87
    assert result["evidence_at_3"] >= 0.82, wrong
    assert result["status"] >= 0.80, wrong


def test_a_report_with_no_plan_section_lists_what_it_says_is_for_this_year(plan_gap_index):
    from huigu.audit.commitments import sentences

    listed = commitments_of(open_store(plan_gap_index), "国务院", (1979, 1979))
    texts = [c.text for c in listed]
    assert any("今年计划在全民所有制和集体所有制单位安排七百多万人就业" in t for t in texts)
    assert any(t == "节约油百分之五到十" for t in texts)  # per cent in words, in the sentence of 今年计划定额
    assert any(t.startswith("全国将用三十亿元建设职工住宅") for t in texts)  # 将… in a paragraph about this year
    for c in listed:  # nothing from the review sentences: each item is in a sentence about this year, or says
        text = c.passage["text"]  # what will be done in a paragraph about this year
        at = text.find(c.text)
        sentence = next(text[a:b] for a, b in sentences(text) if a <= at < b)
        assert "今年" in sentence or "办好劳动服务公司" in c.text or \
            ("今年" in text and re.search(r"将|抓紧|尽快|要", sentence)), sentence


def test_a_joint_sum_and_a_change_on_last_year_do_not_answer_a_budget_line(unseen3_index):
    """2006: 去年中央财政安排国有企业下岗职工基本生活保障专项补助、再就业补助209亿元，比上年增加29亿元 —
    209亿 is for two things together, 29亿 is the change: neither answers 109亿元资金支持再就业."""
    row = _row(run_audit(open_store(unseen3_index), "国务院", (2005, 2005)), "今年中央财政安排109亿元资金支持再就业")
    assert row.status == "unclear", row.reason


UNSEEN4 = ROOT / "tests" / "data" / "audit_unseen4.jsonl"


@pytest.fixture(scope="module")
def unseen4_index(tmp_path_factory):
    """The plans and follow-ups of audit_unseen4.jsonl: State Council 1998–2003 (the 1998 report is
    letter-spaced: "8 ％", "4 9 2 5 0 万吨"; the 2001 and 2003 reports review five years)."""
    council = need_shared("corpus", "state-council")
    files = [p for p in council.iterdir() if p.suffix == ".txt" and p.name[:4] in ("1998", "1999", "2000", "2001", "2002", "2003")]
    return _ingest(files, tmp_path_factory.mktemp("unseen4-index"))


@pytest.mark.parametrize("text, indicator, status, reported", [
    # → 国内生产总值比上年增长7.8%，虽然略低于8%的预定目标: 8% is the target held against, 7.8% the outcome
    ("经济增长速度8%", "经济增长", "partly", "7.8%"),
    # → 全社会固定资产投资增长14·1%: a middle dot for the decimal point
    ("今年全社会固定资产投资预定增长10%或者更多一些", "全社会固定资产投资", "met", "14.1%"),
    # → 国务院组成部门从40个减少到29个: 40 is where it starts, 29 the target
    ("国务院组成部门从40个减少到29个", "国务院组成部门", "met", "29个"),
])
def test_letter_spaced_targets_of_1998(unseen4_index, text, indicator, status, reported):
    row = _row(run_audit(open_store(unseen4_index), "国务院", (1998, 1998)), text)
    assert row.commitment.kind == "target" and row.commitment.indicator == indicator
    assert row.status == status and reported in row.reason, row.reason


@pytest.mark.parametrize("year, text, status", [
    (1998, "开征遗产税", "not_reported"),  # never levied
    (1998, "要加快建立城市贫困居民的最低生活保障制度", "met"),  # → 大多数城市建立了居民最低生活保障制度
    (1999, "办好“中国’99昆明世界园艺博览会”", "not_reported"),
    (2000, "努力实现“八七”扶贫攻坚计划的目标", "met"),  # → “八七”扶贫攻坚目标基本实现
    (2000, "实现国有企业改革和脱困三年目标", "met"),  # → …改革和脱困的三年目标基本实现
    (2000, "今年还要研究制定我国国民经济和社会发展第十个五年计划", "met"),
    (2000, "今年将在安徽省进行试点", "not_reported"),  # the 2001 review is silent on 农村税费改革试点
    (2001, "建立创业板股票市场", "not_reported"),
    # → 青藏铁路、西电东送等重大项目相继开工 (2002): 西气东输 is not said to have started
    (2001, "要集中力量建设西气东输、西电东送、青藏铁路等一批具有战略意义的重大项目", "partly"),
    # → 青藏铁路、西气东输、西电东送、水利枢纽、干线公路等重大项目建设进展顺利 (2003, five years reviewed)
    (2002, "着力抓好青藏铁路、西气东输、西电东送等重点工程建设", "met"),
    (2002, "做好我国申办2010年上海世界博览会的工作", "met"),  # → 上海赢得2010年世界博览会举办权
    (2002, "推行国库集中收付制度", "partly"),  # → …国库集中收付制度改革试点稳步推进: still a pilot
    # → 在辽宁全省进行完善城镇社会保障体系的试点，取得明显成效: the pilot was run
    (2002, "进一步搞好在辽宁全省和其他省、自治区部分城市完善社会保障体系的试点工作", "met"),
])
def test_named_reforms_and_projects_on_state_council_1998_2002(unseen4_index, year, text, status):
    row = _row(run_audit(open_store(unseen4_index), "国务院", (year, year)), text)
    assert row.status == status, row.reason


@pytest.mark.parametrize("year, text, status, reason, evidence", [
    # the review says the year's target was reached, without a number: met, and that sentence is shown
    (1998, "基本普及九年义务教育的地区要增加到全国人口的72%", "met", "普及九年义务教育：报告写明“达到了年度目标”（无数字）",
     "全国基本普及九年义务教育和基本扫除青壮年文盲的工作达到了年度目标"),
    # the indicator after the number (使全国80%以上的人口地区【普及九年义务教育】), named without a number: unclear
    (1999, "要使全国80%以上的人口地区普及九年义务教育", "unclear", "普及九年义务教育：目标≥80%，报告提到但没有可比的数字",
     "基本普及九年义务教育和基本扫除青壮年文盲的工作取得重要进展"),
    # a harvest without a number is the grain output mentioned
    (1998, "粮食总产量稳定在49250万吨", "unclear", "粮食总产量：目标49250万吨，报告提到但没有可比的数字（“大灾之年，农业仍然获得了好收成”）",
     "大灾之年，农业仍然获得了好收成"),
    # a cap on a rise, and prices fell (said in the 1999 plan chapter, after 去年…比年初计划少了近500亿元: a look-back)
    (1998, "商品零售价格涨幅控制在3%以内", "met", "商品零售价格：目标增长≤3%，报告写明比上年下降（无数字）",
     "社会商品零售价格和消费价格的总水平都比上年下降"),
])
def test_a_review_sentence_naming_the_target_without_a_number_is_evidence(unseen4_index, year, text, status, reason, evidence):
    row = _checked_row(unseen4_index, year, text, status, evidence)
    assert row.reason.startswith(reason), row.reason


@pytest.mark.parametrize("year, text, name", [
    # 2003 reviews five years: “垄断行业管理体制改革迈出实质性步伐” shares only the kind of reform, not 铁路
    (2002, "抓紧研究制定铁路管理体制改革方案", "铁路管理体制改革方案"),
    # who is to do it is not what: “…商业银行改革不断推进” is not the loan classification
    (2002, "商业银行从今年开始要全面实行贷款质量五级分类制度", "贷款质量五级分类制度"),
    # preparing for the Expo is about the Expo: not “作好克服更大困难的准备”
    (1998, "做好1999年将在昆明举办的世界园艺博览会的准备工作", "世界园艺博览会"),
])
def test_evidence_names_what_is_specific_in_the_commitment(unseen4_index, year, text, name):
    row = _row(run_audit(open_store(unseen4_index), "国务院", (year, year)), text)
    assert row.status == "not_reported", row.reason
    assert row.reason == f"{year + 1}年政府工作报告的回顾部分没有提到“{name}”"


def test_unseen4_cases(unseen4_index):
    """Labelled before the rules were changed for them: 0.33 / 0.15 / 0.22 on the first run;
    see docs/audit.md for the figures after."""
    cases = read_cases(UNSEEN4)
    assert len(cases) >= 60
    result = evaluate(open_store(unseen4_index), cases)
    wrong = [(d["id"], d["expected"], d["status"]) for d in result["details"] if d["status"] != d["expected"]]
    assert result["extracted"] >= 0.62
    assert result["evidence_at_3"] >= 0.50, wrong
    assert result["status"] >= 0.60, wrong


# ── the State Council 1992–1998 (audit_unseen5 / audit_unseen6) ─────────────

UNSEEN5 = ROOT / "tests" / "data" / "audit_unseen5.jsonl"
UNSEEN6 = ROOT / "tests" / "data" / "audit_unseen6.jsonl"


@pytest.fixture(scope="module")
def nineties_index(tmp_path_factory):
    """The State Council's reports of 1989–1998: per cent in words (百分之八至九), the 1989 report with
    one plan heading among 120 passages, the 1991 file holding its report twice, the 1996 report
    mostly the ninth five-year plan with its look-back at 1995 inside the chapter on 1996, and the
    1998 report reviewing five years."""
    council = need_shared("corpus", "state-council")
    files = [p for p in council.iterdir() if p.suffix == ".txt" and "1989" <= p.name[:4] <= "1998"]
    return _ingest(files, tmp_path_factory.mktemp("nineties-index"))


@pytest.mark.parametrize("year, text, reported", [
    # per cent in words, the subject in the clause before: the growth of GDP
    (1995, "今年经济增长速度的宏观调控目标，定为百分之八至九", "国内生产总值比上年增长10.2%"),
    # the 1996 report looks back at 1995 in its chapter on 1996, past 实现了年初预定的调控目标, 将近 and 主要
    (1995, "力争粮食产量达到4550亿公斤以上", "粮食总产量达到4650亿公斤"),
    # the indicator in the clause before (without 比去年…), and the 1990s' spelling of it: 14.8 ≈ 15 (左右)
    (1995, "确保物价上涨幅度比去年有明显回落，力争控制在百分之十五左右", "零售物价涨幅从21.7%回落到14.8%"),
    (1996, "今年经济增长速度的调控目标定为8%", "比上年增长9.7%"),
    # the year's growth, not the five years' average (平均每年增长11%) of the 1998 review
    (1997, "经济增长速度的调控目标定为8%", "去年经济增长8.8%"),
])
def test_growth_targets_of_the_nineties_are_checked_against_the_year(nineties_index, year, text, reported):
    _checked_row(nineties_index, year, text, "met", reported)


@pytest.mark.parametrize("year, text, status, evidence", [
    (1995, "贯穿南北的京九铁路将全线铺通", "met", "京九铁路提前两年全线铺通"),  # a stage: 铺通 is 建成
    (1996, "力争农业有一个好收成", "met", "全国粮食总产量在4800亿公斤以上"),  # the harvest brought in
    (1995, "今年要召开全国科学技术大会", "not_reported", None),  # a named conference, not in the 1996 review
    (1995, "全面开展清产核资工作", "not_reported", None),
    (1994, "实行在合理划分中央与地方事权基础上的分税制", None, None),  # a fiscal system named by its kind
    (1994, "适当提高粮食收购价和棉花定购价", None, None),  # a named price to raise
    (1994, "实现人民币牌价与外汇调剂市场价并轨", None, None),
])
def test_named_actions_of_the_nineties_are_listed(nineties_index, year, text, status, evidence):
    row = _row(run_audit(open_store(nineties_index), "国务院", (year, year)), text)
    assert row.commitment.kind == "action"
    if status:
        assert row.status == status, row.reason
    if evidence:
        assert evidence in row.evidence[0].sentence, row.reason


def test_a_partial_report_of_progress_is_not_a_finished_reform(nineties_index):
    """基本完成各级地方政府机构改革的任务 → “…政府机构改革，都取得新的进展”: under way, not done."""
    row = _row(run_audit(open_store(nineties_index), "国务院", (1995, 1995)), "基本完成各级地方政府机构改革的任务")
    assert row.status != "met", row.reason


def test_past_results_spelled_in_words_are_not_targets(plan_gap_index):
    """Per cent in words brings the reports before 2000 in; what they say of earlier years stays out."""
    texts = _listed(plan_gap_index, 1959)
    assert not any(t.startswith("比一九五二年") for t in texts)  # a comparison over seven years
    assert any("计划规定一九五九年生产资料的生产增长百分之四十六" in t for t in texts)


def test_unseen5_and_unseen6_cases(nineties_index):
    """Labelled before the rules were changed: unseen5 0.18 / 0.06 / 0.16, unseen6 0.49 / 0.24 / 0.27
    on the first run (docs/audit.md has the figures after)."""
    _meets_floors(nineties_index, UNSEEN5, (0.50, 0.30, 0.25), at_least=35)
    _meets_floors(nineties_index, UNSEEN6, (0.72, 0.50, 0.55), at_least=35)


def _meets_floors(index, path: Path, floors: tuple, at_least: int) -> None:
    """Extracted / evidence in the top 3 / status on a labelled set, each at least its floor."""
    cases = read_cases(path)
    assert len(cases) >= at_least
    result = evaluate(open_store(index), cases)
    scores = (result["extracted"], result["evidence_at_3"], result["status"])
    assert all(v >= f for v, f in zip(scores, floors)), (path.name, scores)


@pytest.mark.parametrize("year, text, status, reason, evidence", [
    # a cut promised in amount is held against the cut reported, not the level (4000亿元)
    (1989, "今年全社会固定资产投资规模要比上年压缩920亿元，减少21%", "partly", "报告下降≈500亿元，未达到", "比上年减少近500亿元"),
    # tonnes against kilograms in Chinese numerals
    (1990, "粮食产量达到41250万吨，比上年增加505万吨", "met", "报告4350亿公斤，达到", "四千三百五十亿公斤"),
    (1991, "计划安排粮食总产量四千二百五十亿公斤", "met", "报告43524万吨，达到", "粮食产量达到43524万吨"),
    # an event reported under its short name, held
    (1990, "今年将在我国举办第十一届亚洲运动会", "met", "第十一届亚运会在我国成功举行", "第十一届亚运会在我国成功举行"),
])
def test_the_plans_of_1989_to_1991_are_audited(nineties_index, year, text, status, reason, evidence):
    row = _checked_row(nineties_index, year, text, status, evidence)
    assert reason in row.reason


def test_a_report_held_twice_in_its_file_is_one_row_per_promise(nineties_index):
    rows = run_audit(open_store(nineties_index), "国务院", (1991, 1991)).rows
    texts = [r.commitment.text for r in rows]
    assert texts.count("全社会固定资产投资总规模五千亿元") == 1
    assert len(texts) == len(set(texts))


def test_a_report_with_no_sections_told_apart_lists_what_it_will_do(nineties_index):
    """国务院 1989: one plan heading among 120 passages; besides 今年…要 sentences, what a paragraph about this
    year says will be done (将…, 抓紧…) is listed too."""
    from huigu.audit.run import commitments_of
    texts = [c.text for c in commitments_of(open_store(nineties_index), "国务院", (1989, 1989))]
    assert "今年全社会固定资产投资规模要比上年压缩920亿元，减少21%" in texts
    assert any(t.startswith("政府的教育经费将达到374亿元") for t in texts), texts
    assert "抓紧制订到本世纪末我国教育发展和改革纲要" in texts
    assert not any("1988年是我国实行改革开放的第十年" in t for t in texts)


def test_an_event_mentioned_by_what_it_is_about_is_not_unmentioned(nineties_index):
    """召开全国劳动模范表彰大会 (1989): the 1990 review says 大力表彰劳动模范和先进工作者的事迹 — mentioned,
    whether the conference was held is not said: 无法判断 with that sentence, never 未提及."""
    row = _row(run_audit(open_store(nineties_index), "国务院", (1989, 1989)), "召开全国劳动模范表彰大会")
    assert row.status == "unclear", row.reason
    assert "表彰劳动模范" in row.evidence[0].sentence


UNSEEN9 = ROOT / "tests" / "data" / "audit_unseen9.jsonl"
UNSEEN10 = ROOT / "tests" / "data" / "audit_unseen10.jsonl"


@pytest.fixture(scope="module")
def eighties_index(tmp_path_factory):
    """State Council 1981–1985: two reports given at the end of their year (1981年11月30日, 1982年11月30日),
    the five-year report of June 1983 and the 1984 report, whose reforms follow 在新的一年里，我们要…"""
    council = need_shared("corpus", "state-council")
    files = [p for p in council.iterdir() if p.suffix == ".txt" and p.name[:4] in ("1981", "1982", "1983", "1984", "1985")]
    return _ingest(files, tmp_path_factory.mktemp("eighties-index"))


def test_a_report_given_at_the_end_of_the_year_plans_the_next_one(eighties_index):
    store = open_store(eighties_index)
    years = {Path(d["source"]).name[:4]: (d["review_year"], d["plan_year"]) for d in store.documents()}
    assert years["1981"] == (1981, 1982) and years["1982"] == (1982, 1983) and years["1984"] == (1983, 1984)
    row = _row(run_audit(store, "国务院", (1982, 1982)), "工农业总产值的增长速度由今年预计的3%提高到4%")
    assert row.commitment.passage["doc"]["source"].endswith("1981政府工作报告_赵紫阳.txt")
    assert [q.value for q in row.commitment.targets] == [4.0]  # the 3% is where it starts
    assert row.evidence and row.evidence[0].passage["doc"]["source"].endswith("1982政府工作报告_赵紫阳.txt")


def test_the_reforms_announced_for_the_new_year_are_listed_not_the_foreign_policy_after(eighties_index):
    texts = _listed(eighties_index, 1984)
    assert "进行利改税的第二步改革" in texts
    assert any(t.startswith("进一步开放大连、秦皇岛、天津") for t in texts), texts
    assert not any(re.search(r"七十七国集团|美中关系|政治磋商", t) for t in texts), texts
    assert "国务院提请这次大会批准成立国家安全部" in _listed(eighties_index, 1983)


def test_unseen9_and_unseen10_cases(eighties_index):
    """Labelled before the rules were changed; first run (c63dfd6): unseen9 0.23 / 0.09 / 0.10, unseen10
    0.00 / 0.00 / 0.00 — the 1981–1984 reports are mostly reforms and five-year goals (docs/audit.md)."""
    _meets_floors(eighties_index, UNSEEN9, (0.26, 0.09, 0.10), at_least=30)
    _meets_floors(eighties_index, UNSEEN10, (0.14, 0.0, 0.0), at_least=21)


def test_a_later_year_s_plan_in_the_follow_up_is_no_evidence(eighties_index):
    """社会商品零售总额增长８％ (the 1981 report's plan for 1982): the 1982 report is about the sixth five-year plan;
    its 社会商品零售总额一九八五年将达到二千九百亿元 is a plan, its 一九八二年预计比一九八一年增长百分之八点九 the review."""
    row = _row(run_audit(open_store(eighties_index), "国务院", (1982, 1982)), "社会商品零售总额增长8%")
    assert row.evidence
    assert not any("一九八五年将达到" in e.sentence for e in row.evidence), [e.sentence for e in row.evidence]
    assert "一九八二年预计比一九八一年增长百分之八点九" in row.evidence[0].sentence
