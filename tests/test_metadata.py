"""Documents found in each file and what huigu infers about them, checked against real files."""
import json
import re
from pathlib import Path

import pytest

from conftest import SAMPLES, need_shared
from huigu.ingest.pipeline import file_hash, process_file

FIELDS = ["title", "department", "department_short", "year", "review_year", "plan_year", "period", "doc_type",
          "doc_number", "date"]


def documents_of(path: Path, source: str | None = None):
    result = process_file(path, source or path.name, file_hash(path))
    assert result.error is None, result.error
    return [item.document for item in result.documents]


def test_seed_000_is_one_notice_wrapped_report():
    [doc] = documents_of(need_shared("seeds", "000_e23e4b4a1776eb5c.txt"))
    assert (doc.title, doc.department, doc.department_short, doc.year, doc.review_year, doc.plan_year,
            doc.period, doc.doc_type, doc.doc_number, doc.date) == (
        "泉州市科技局2023年精神文明工作总结暨2024年工作思路", "泉州市科学技术局", "科技局", 2023, 2023, 2024,
        "全年", "工作总结", "泉科〔2024〕34号", "2024-03-29")
    assert doc.provenance["doc_number"] == "header"
    assert doc.provenance["title"] == "header"


def test_seed_002_holds_three_documents():
    docs = documents_of(need_shared("seeds", "002_51b2ba32670d637a.txt"))
    assert [(d.part, d.department_short, d.year, d.period, d.doc_type) for d in docs] == [
        (1, "科技局", 2024, "上半年", "工作总结"),
        (2, "教体局", 2024, "上半年", "工作总结"),
        (3, "民政局", 2023, "上半年", "意识形态工作报告"),
    ]
    assert docs[0].title == "2024科技局上半年工作总结"
    assert docs[2].title == "2023年上半年民政领域意识形态工作报告"
    assert docs[1].provenance["department"] == "body"


def test_bundled_samples_match_the_answer_key():
    answers = json.loads((SAMPLES / "ANSWERS.json").read_text(encoding="utf-8"))
    by_file: dict[str, list] = {}
    for expected in answers["documents"]:
        by_file.setdefault(expected["file"], []).append(expected)
    wrong = []
    for name, expected_docs in by_file.items():
        docs = documents_of(SAMPLES / name, name)
        assert len(docs) == len(expected_docs), name
        for doc, expected in zip(docs, sorted(expected_docs, key=lambda e: e["part"])):
            for field in FIELDS:
                got, want = getattr(doc, field), expected[field]
                if field == "department" and expected.get("metadata_source", {}).get("department") == "body":
                    # the region (云溪市) is not written anywhere in this body: the bureau must be right
                    ok = want.endswith(got) and got.endswith("局")
                else:
                    ok = (got or None) == (want or None)
                if not ok:
                    wrong.append(f"{name}#{doc.part} {field}: {got!r} != {want!r}")
    assert not wrong, "\n".join(wrong)


def test_provincial_reports_2025():
    folder = need_shared("corpus", "provinces-2025")
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 31
    for path in files:
        region = re.match(r"2025年(.+?)政府工作报告", path.stem).group(1)
        docs = documents_of(path)
        main = docs[0]
        assert len(docs) == 1, (path.name, [d.title for d in docs])
        assert (main.year, main.review_year, main.plan_year, main.doc_type) == (2025, 2024, 2025, "政府工作报告"), path.name
        assert main.department.endswith("人民政府") and main.department_short.startswith(region), (path.name, main.department)
        assert main.title == path.stem


@pytest.mark.parametrize("year", range(2012, 2020))
def test_hailaer_series(year):
    [doc] = documents_of(need_shared("corpus", "hailaer", f"{year}.txt"))
    assert (doc.department, doc.department_short, doc.year, doc.review_year, doc.plan_year, doc.doc_type) == (
        "海拉尔区人民政府", "海拉尔区", year, year - 1, year, "政府工作报告")
    assert doc.encoding == "gb18030"
    assert doc.date.startswith(str(year))


def test_state_council_series():
    files = sorted(need_shared("corpus", "state-council").glob("*.txt"))
    files += sorted(need_shared("corpus", "state-council-wikisource").glob("*.txt"))
    assert len(files) == 54
    # given at the end of the year (1964年12月21日, 1981年11月30日和12月1日, 1982年11月30日): it reviews
    # that year and plans the next one; the others are given early in the year
    late = {1964: "1964-12-21", 1981: "1981-11-30", 1982: "1982-11-30"}
    for path in files:
        year = int(path.name[:4])
        [doc] = documents_of(path)
        review, plan = (year, year + 1) if year in late else (year - 1, year)
        assert (doc.department, doc.department_short, doc.year, doc.review_year, doc.plan_year, doc.doc_type) == (
            "国务院", "国务院", year, review, plan, "政府工作报告"), path.name
        if year in late:
            assert doc.date == late[year], path.name


def test_manifest_and_options_override_inference(tmp_path):
    report = tmp_path / "总结.txt"
    report.write_text("2023年工作总结\n一、工作情况\n我局全年完成各项任务。\n", encoding="utf-8")
    (tmp_path / "huigu.csv").write_text("file,department,department_short,year\n总结.txt,云溪市审计局,审计局,2021\n",
                                        encoding="utf-8")
    from huigu.ingest.manifest import manifests_under

    table, errors = manifests_under([tmp_path])
    assert errors == []
    result = process_file(report, "总结.txt", file_hash(report), table[str(report.resolve())], {"year": 2022})
    doc = result.documents[0].document
    assert (doc.department, doc.department_short, doc.year) == ("云溪市审计局", "审计局", 2021)
    assert doc.provenance["department"] == "manifest" and doc.provenance["year"] == "manifest"
    result = process_file(report, "总结.txt", file_hash(report), None, {"year": 2022})
    assert result.documents[0].document.year == 2022
    assert result.documents[0].document.provenance["year"] == "option"


def test_department_from_folder_when_text_is_silent(tmp_path):
    folder = tmp_path / "2022" / "民政局"
    folder.mkdir(parents=True)
    report = folder / "上半年总结.txt"
    report.write_text("上半年总结\n一、主要工作\n全年完成各项任务，群众满意度提升。\n", encoding="utf-8")
    doc = documents_of(report, "reports/2022/民政局/上半年总结.txt")[0]
    assert (doc.department_short, doc.year) == ("民政局", 2022)
    assert doc.provenance["department"] == "folder" and doc.provenance["year"] == "folder"


def test_the_year_before_an_office_is_not_part_of_its_name(tmp_path):
    path = tmp_path / "2021年桂水区统计局工作总结.txt"
    path.write_text("2021年桂水区统计局工作总结\n一、主要工作\n全年完成统计调查任务12项。\n", encoding="utf-8")
    [doc] = documents_of(path)
    assert (doc.department, doc.department_short, doc.region) == ("桂水区统计局", "统计局", "桂水区")


def test_a_files_creation_date_is_not_the_documents_date(tmp_path):
    from test_read import cid_pdf

    lines = ["海拉尔区统计局2019年工作总结", "一、主要工作", "全年完成统计调查任务十二项，数据质量稳步提高，服务全区经济社会发展大局。"]
    path = tmp_path / "2019年工作总结.pdf"
    path.write_bytes(cid_pdf([lines], created="D:20261202093000+08'00'"))
    [doc] = documents_of(path)
    assert doc.year == 2019 and doc.date == ""


def test_short_names_of_autonomous_regions_and_cities_are_filed():
    from huigu.lexicon.departments import department_terms, filter_names

    folder = need_shared("corpus", "provinces-2025")
    for name, short in (("广西", "广西"), ("宁夏", "宁夏"), ("新疆", "新疆"), ("西藏", "西藏"), ("内蒙古自治区", "内蒙古")):
        [doc] = documents_of(folder / f"2025年{name}政府工作报告.docx")
        assert short in department_terms(doc), (name, department_terms(doc))
    assert "泉州市" in filter_names("泉州") and "广西壮族自治区" in filter_names("广西")


def test_the_wikisource_licence_footer_is_no_passage():
    path = need_shared("corpus", "state-council", "2018年中华人民共和国国务院政府工作报告.txt")
    result = process_file(path, path.name, file_hash(path))
    texts = [p.text for item in result.documents for p in item.passages]
    assert texts and not any("本作品是中华人民共和国的" in t or "公有领域" in t for t in texts)
    assert any("推进“厕所革命”" in t for t in texts)


def test_abbreviations_the_text_defines():
    from huigu.ingest.describe import defined_abbreviations

    text = ("办好中国国际进口博览会（以下简称“进博会”），深化合作。深圳市人民代表大会常务委员会（以下简称市人大常委会）任免。"
            "\n2.“两新”：大规模设备更新和消费品以旧换新。\n37.“千万工程”：“千村示范、万村整治”工程的简称。")
    pairs = defined_abbreviations(text)
    assert ["进博会", "进口博览会"] in pairs and ["市人大常委会", "市人民代表大会常务委员会"] in pairs
    assert ["两新", "大规模设备更新和消费品以旧换新"] in pairs and ["千万工程", "千村示范、万村整治"] in pairs
