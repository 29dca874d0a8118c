"""Who wrote a document, when, and what it is: title, department, year, period, type, 文号, date.

The abbreviations a document defines (中国国际进口博览会（以下简称“进博会”）) are kept
with it: search reads them back to expand the short form (``search.abbreviations``).

Each value is recorded with where it came from (manifest, option, header, title, body,
folder, filename, reader), so a person can see why huigu believes it and correct it.
Precedence, strongest first: manifest / command-line option > header / title > body >
folder name > file name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Optional

from huigu.lexicon.doctypes import ADDRESS_TYPES, PLAN_TYPES, REPORT_TYPES, REVIEW_TYPES, doc_type_of  # noqa: F401
from huigu.model import Section
from huigu.text.normalize import CJK
from huigu.text.numerals import arabic_years
from huigu.lexicon.departments import _bureau_patterns, department_from_name, government_from_text  # noqa: F401
from huigu.lexicon.tables import bureaus

_YEAR = r"(?:19[4-9]\d|20[0-4]\d)"
_TITLE_YEAR_RE = re.compile(rf"(?<!\d)({_YEAR})(?:\s*年|(?=[^\d\-]))")
_DOC_NUMBER_RE = re.compile(rf"[{CJK}]{{1,10}}[〔\[［【(（]\s*(\d{{4}})\s*[〕\]］】)）]\s*\d{{1,4}}\s*号")
_DATE_RE = re.compile(rf"({_YEAR})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")
_ISO_DATE_RE = re.compile(rf"({_YEAR})[-/.](\d{{1,2}})[-/.](\d{{1,2}})")
_NOTICE_TITLE_RE = re.compile(r"关于(?:印发|转发|报送|上报)?《([^》]{4,80})》")
_REPORT_SENTENCE_RE = re.compile(r"现将(?:《)?([^，。！？：]{2,40}?(?:总结|报告|计划|思路|要点|情况))(?:》)?(?:汇报|报告|印发|报送)?如下")
# ——1982年11月30日在…会议上; 1981年11月30日和12月1日在…; 3月5日至6日在…
_DELIVERY_RE = re.compile(rf"({_YEAR})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日"
                          rf"(?:\s*(?:[至到—-]|和)\s*(?:\d{{1,2}}\s*月\s*)?\d{{1,2}}\s*日)?\s*在")
_PEOPLES_CONGRESS_RE = re.compile(r"人民代表大会|各位代表")
_GOVERNMENT_SPEAKER_RE = re.compile(rf"我代表(?:国务院|[{CJK}]{{2,16}}?人民政府)")

_PLAN_TITLE_RE = re.compile(rf"({_YEAR})\s*年(?:度)?(?:[^，。]{{0,12}}?)(?:工作思路|工作计划|工作要点|工作打算|工作安排|计划)")


@dataclass
class Facts:
    """Metadata being gathered: value and provenance per field."""

    values: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)

    def offer(self, name: str, value, source: str) -> None:
        """Set ``name`` unless a stronger source already did (first offer wins)."""
        if value in (None, "") or name in self.values:
            return
        self.values[name] = value
        self.provenance[name] = source

    def get(self, name: str, default=None):
        return self.values.get(name, default)


def _first_year(text: str) -> Optional[int]:
    match = _TITLE_YEAR_RE.search(arabic_years(text))
    return int(match.group(1)) if match else None


def iso_date(text: str) -> str:
    match = _DATE_RE.search(text) or _ISO_DATE_RE.search(text)
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def period_of(title: str) -> str:
    if "上半年" in title:
        return "上半年"
    if "下半年" in title:
        return "下半年"
    if re.search(r"(?:第?[一二三四1-4]季度|前三季度)", title):
        return "季度"
    return ""


# ── the whole description ───────────────────────────────────────────────────


@dataclass
class Hints:
    """What the caller knows from outside the text."""

    source: str  # path relative to the ingest root
    reader: dict = field(default_factory=dict)  # title/date/site/source from the reader
    manifest: dict = field(default_factory=dict)  # values from a manifest row
    options: dict = field(default_factory=dict)  # --department / --year


def _header_lines(paragraphs: list[str]) -> list[str]:
    return paragraphs[:12]


_TYPE_WORDS = r"(?:工作总结|工作思路|工作计划|工作要点|工作报告|工作打算|工作安排|情况报告|述职报告)"
# a title glued to the body ("…工作总结2024年上半年,在市委…", PDF lines re-joined, dumps without line breaks)
_GLUED_TITLE_RE = re.compile(
    rf"^(.{{4,60}}{_TYPE_WORDS})(?=(?:19|20)\d{{2}}年(?:度)?[，,上下全以来]|在|根据|按照|今年|过去|一年来|我[局委区县市])"
)


def _title_from_text(paragraphs: list[str], reader_title: str = "") -> tuple[Optional[str], str]:
    """The report title and where it was found: 《…》 of a notice, a title paragraph,
    a title glued to the body, the reader's (HTML/PDF metadata), or 现将…如下."""
    head = "\n".join(paragraphs[:15])
    match = _NOTICE_TITLE_RE.search(head)
    if match:
        return match.group(1), "header"
    for text in paragraphs[:8]:
        candidate = re.sub(r"\.(docx?|wps|pdf|txt)$", "", text.strip())
        candidate = re.sub(r"^第[一二三四五六七八九十\d]{1,3}篇", "", candidate)
        if 4 <= len(candidate) <= 60 and "。" not in candidate and doc_type_of(candidate) \
                and not re.match(r"^[—\-]", candidate):
            return candidate, "title"
    for text in paragraphs[:3]:
        candidate = re.sub(r"^第[一二三四五六七八九十\d]{1,3}篇", "", text.strip())
        glued = _GLUED_TITLE_RE.match(candidate)
        if glued:
            return glued.group(1), "title"
    if reader_title:
        return reader_title, "reader"
    match = _REPORT_SENTENCE_RE.search("\n".join(paragraphs[:5]))
    if match:
        return match.group(1).lstrip("将"), "body"
    return None, ""


def describe(text: str, paragraphs: list[str], sections: list[Section], hints: Hints, part: int) -> Facts:
    facts = Facts()
    path = PurePath(hints.source)
    stem = path.stem
    folders = list(path.parts[:-1])

    # manifest and options first: they win
    for name, value in hints.manifest.items():
        facts.offer(name, value, "manifest")
    for name, value in hints.options.items():
        facts.offer(name, value, "option")

    # title
    title, title_source = _title_from_text(paragraphs, hints.reader.get("title", ""))
    facts.offer("title", title, title_source)
    if part == 1:
        facts.offer("title", stem, "filename")
    else:
        facts.offer("title", (paragraphs[0][:30] if paragraphs else stem), "body")
    title = facts.get("title", "")

    # 文号 and date from the header
    head = "\n".join(_header_lines(paragraphs))
    number = _DOC_NUMBER_RE.search(head)
    if number:
        facts.offer("doc_number", re.sub(r"\s+", "", number.group(0)), "header")
    delivery = _DELIVERY_RE.search(head)
    if delivery:
        facts.offer("date", iso_date(delivery.group(0)), "header")
    for line in paragraphs[:16]:
        if len(line) <= 16 and _DATE_RE.fullmatch(line.strip()):
            facts.offer("date", iso_date(line), "header")
            break
    for line in reversed(paragraphs[-6:]):
        if len(line) <= 16 and _DATE_RE.fullmatch(line.strip()):
            facts.offer("date", iso_date(line), "signature")
            break
    # a web page's stated publication date (PubDate) is the document's date when the text
    # gives none; a file's creation date (``created``: a PDF made today of a 2019 report) is not
    facts.offer("date", iso_date(hints.reader.get("date", "")), "reader")

    # type, period, year
    title_type = doc_type_of(title)
    if title_type in ("", "工作报告") and _PEOPLES_CONGRESS_RE.search(text[:600]) \
            and _GOVERNMENT_SPEAKER_RE.search(text[:3000]):
        facts.offer("doc_type", "政府工作报告", "body")
    if title_type in ("", "工作报告") and "政府工作报告" in stem:
        facts.offer("doc_type", "政府工作报告", "filename")
    facts.offer("doc_type", title_type, "title")
    body_head = text[:3000]
    facts.offer("doc_type", doc_type_of(body_head[:300]), "body")
    facts.offer("period", period_of(title), "title")
    facts.offer("period", period_of(text[:200]), "body")
    doc_type = facts.get("doc_type", "")
    if doc_type in REPORT_TYPES:
        facts.offer("period", "全年", "default")

    facts.offer("year", _first_year(title), "title")
    if delivery:
        facts.offer("year", int(delivery.group(1)), "header")
    for folder in reversed(folders):
        if re.fullmatch(_YEAR, folder):
            facts.offer("year", int(folder), "folder")
    if part == 1:
        facts.offer("year", _first_year(stem), "filename")
    years = [int(y) for y in re.findall(rf"(?<!\d)({_YEAR})\s*年", body_head)]
    if years:
        facts.offer("year", max(set(years), key=lambda y: (years.count(y), -years.index(y))), "body")

    # department
    _describe_department(facts, title, text, paragraphs, folders, stem, hints)

    # review / plan years from the outline
    _describe_years(facts, sections)

    # abbreviations the document defines (…（以下简称“X”）, 简称X, “X”：…的简称)
    found = defined_abbreviations(text)
    if found:
        facts.offer("abbreviations", found, "body")

    # a file with no title of its own (hailaer/2017.txt): name it by what it is
    if facts.provenance.get("title") in ("filename", "body") and facts.get("doc_type") \
            and not doc_type_of(facts.get("title", "")):
        year = facts.get("year")
        facts.values["title"] = (f"{year}年" if year else "") + facts.get("doc_type")
        facts.provenance["title"] = "derived"
    return facts


def _describe_department(facts: Facts, title: str, text: str, paragraphs: list[str], folders, stem: str, hints: Hints) -> None:
    if "department" in facts.values:
        # given by a manifest or --department: complete the short name and region from it
        given = facts.values["department"]
        found = department_from_name(given) or government_from_text(given)
        if found:
            source = facts.provenance["department"]
            facts.offer("department_short", found[1], source)
            facts.offer("region", found[2], source)
        return
    doc_type = facts.get("doc_type", "")
    head = "\n".join(paragraphs[:6])
    if doc_type == "政府工作报告":
        gov = government_from_text(title) or government_from_text(head) or government_from_text(stem)
        if not gov:
            gov = government_from_text(text[:3000])
        if gov:
            facts.offer("department", gov[0], "title" if government_from_text(title) else "body")
            facts.offer("department_short", gov[1], facts.provenance["department"])
            facts.offer("region", gov[2], facts.provenance["department"])
            return
    # a government speaking to its people's congress
    if _GOVERNMENT_SPEAKER_RE.search(text[:3000]) and (gov := government_from_text(text[:3000])):
        facts.offer("department", gov[0], "body")
        facts.offer("department_short", gov[1], "body")
        facts.offer("region", gov[2], "body")
        return
    # issuing office in the header ("泉州市科学技术局文件"), then the title, then signature lines
    for line in paragraphs[:3]:
        if line.endswith("文件") and (found := department_from_name(line[:-2])):
            _offer_department(facts, found, "header")
            return
    if found := department_from_name(title):
        _offer_department(facts, found, "title")
        return
    for line in paragraphs[:12]:
        if len(line) <= 20 and (found := department_from_name(line)):
            _offer_department(facts, found, "header")
            return
    body = text[:4000]
    if found := _department_from_body(body):
        _offer_department(facts, found, "body")
        return
    for folder in reversed(folders):
        if found := department_from_name(folder):
            _offer_department(facts, found, "folder")
            return
    if found := department_from_name(stem):
        _offer_department(facts, found, "filename")
        return
    if hints.reader.get("site") and (found := department_from_name(hints.reader["site"])):
        _offer_department(facts, found, "reader")


def _department_from_body(body: str) -> Optional[tuple[str, str, str]]:
    """The office a body speaks for: the bureau named most often (科技局, 民政系统, 教体工委),
    with the region it is most often named with (云溪市科技局 → 云溪市科学技术局)."""
    names = _bureau_patterns()
    pattern = re.compile("|".join(re.escape(name) for name, _ in names))
    bureau_of = {name: bureau for name, bureau in names}
    counts: dict[str, int] = {}
    regions: dict[str, dict[str, int]] = {}
    for match in pattern.finditer(body):
        bureau = bureau_of[match.group(0)]
        counts[bureau["full"]] = counts.get(bureau["full"], 0) + 1
        prefix = body[max(0, match.start() - 8):match.start()]
        region = re.search(r"([^\s\d，。、；：“”（）()全本我该各年度的和与及在对]{1,5}[市区县])$", prefix)
        if region:
            found = regions.setdefault(bureau["full"], {})
            found[region.group(1)] = found.get(region.group(1), 0) + 1
    if not counts:
        return None
    full = max(counts, key=counts.get)
    short = next(b["short"] for b in bureaus() if b["full"] == full)
    region = ""
    if regions.get(full):
        region = max(regions[full], key=regions[full].get)
    elif re.search(r"全区|区委|我区", body[:2000]):
        region = "区"
    elif re.search(r"县委|全县|我县", body[:2000]):
        region = "县"
    return region + full, short, region


def _offer_department(facts: Facts, found: tuple[str, str, str], source: str) -> None:
    full, short, region = found
    facts.offer("department", full, source)
    facts.offer("department_short", short, source)
    facts.offer("region", region, source)


def _describe_years(facts: Facts, sections: list[Section]) -> None:
    year = facts.get("year")
    doc_type = facts.get("doc_type", "")
    date = facts.get("date", "")
    if doc_type in ADDRESS_TYPES and year and date[:4] == str(year) and date[5:7] in ("10", "11", "12"):
        # one given at the end of year N (国务院 1981, 1982: 11月30日) reviews N and plans N+1
        facts.offer("review_year", year, "date")
        facts.offer("plan_year", year + 1, "date")
    if doc_type in ADDRESS_TYPES and year:
        # a government report is given early in year N: it reviews N-1 and plans N
        facts.offer("review_year", year - 1, "default")
        facts.offer("plan_year", year, "default")
    period = facts.get("period", "")
    title = facts.get("title", "")
    review_sections = [s for s in sections if s.kind == "review" and s.level == 1]
    plan_sections = [s for s in sections if s.kind == "plan" and s.level == 1]
    for section in review_sections:
        if section.about_year:
            facts.offer("review_year", section.about_year, "body")
    for section in plan_sections:
        if section.about_year:
            facts.offer("plan_year", section.about_year, "body")
    plan_in_title = _PLAN_TITLE_RE.search(title)
    if plan_in_title:
        facts.offer("plan_year", int(plan_in_title.group(1)), "title")
    if year is None:
        return
    if doc_type in ADDRESS_TYPES:
        facts.offer("review_year", year - 1, "default")
        facts.offer("plan_year", year, "default")
    elif doc_type in REVIEW_TYPES:
        facts.offer("review_year", year, "default")
        if plan_sections:
            facts.offer("plan_year", year if period == "上半年" else year + 1, "default")
    elif doc_type in PLAN_TYPES and doc_type in REPORT_TYPES:
        facts.offer("plan_year", year, "default")


# ── abbreviations the text defines ───────────────────────────────────────────

_SHORT = rf"[{CJK}A-Za-z0-9]{{2,10}}"
_DEFINED_RES = (
    # 中国国际进口博览会（以下简称“进博会”） / （下称进博会） / （简称“进博会”）
    re.compile(rf"(?P<before>[^。；！？\n]{{2,60}}?)[（(]\s*(?:以下|下文)?简?称[为作]?\s*[“\"‘]?(?P<short>{_SHORT})[”\"’]?\s*[)）]"),
    # 中国国际进口博览会，简称“进博会”
    re.compile(rf"(?P<before>[^。；！？\n，,]{{2,60}}?)[，,]\s*(?:以下|下文)?简称[为作]?\s*[“\"‘](?P<short>{_SHORT})[”\"’]"),
)
# a glossary line: “千万工程”：“千村示范、万村整治”工程的简称 / “两新”：大规模设备更新和消费品以旧换新。
_GLOSSARY_RES = (
    re.compile(rf"[“\"](?P<short>{_SHORT})[”\"][：:]\s*[“\"]?(?P<full>[^”\"。：]{{4,40}}?)[”\"]?(?:工程|行动|计划)?的简称"),
    re.compile(rf"(?:^|\n)\s*\d{{1,3}}\s*[.．、]\s*[“\"](?P<short>{_SHORT})[”\"][：:]\s*(?:是指|指)?(?P<full>[^，,；。：“”\"\n]{{4,30}})[。\n]"),
)
MAX_ABBREVIATIONS = 200


def _subsequence(short: str, text: str) -> bool:
    position = 0
    for char in short:
        position = text.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _full_form(before: str, short: str) -> str:
    """The words a definition abbreviates: the longest tail of ``before`` that starts with
    the short form's first character and holds its characters in order (深圳市人民代表大会
    常务委员会 → 市人民代表大会常务委员会 for 市人大常委会); else the tail after the last
    connective (对本省…的部门 → 部门)."""
    tail = re.split(r"[，,：:“”《》\s]", before)[-1]
    for start, char in enumerate(tail):
        if char == short[0] and _subsequence(short, tail[start:]):
            return tail[start:]
    return re.split(r"[的和及与对在由]", tail)[-1]


def defined_abbreviations(text: str) -> list[list[str]]:
    """[short, full] pairs the text defines, in order of appearance, without repeats.
    A short form the full one already contains (知识城 for 中新广州知识城) adds nothing."""
    pairs: dict[tuple[str, str], None] = {}
    for pattern in _DEFINED_RES:
        for match in pattern.finditer(text):
            short = match.group("short")
            full = _full_form(match.group("before"), short)
            pairs.setdefault((short, full), None)
    for pattern in _GLOSSARY_RES:
        for match in pattern.finditer(text):
            pairs.setdefault((match.group("short"), match.group("full").strip("“”\"")), None)
    found = [[short, full] for short, full in pairs
             if len(full) > len(short) and short not in full and len(full) <= 40]
    return found[:MAX_ABBREVIATIONS]
