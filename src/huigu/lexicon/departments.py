"""Departments: one matcher for every place that asks "which office is this?".

* at ingest: ``department_from_name`` (泉州市科技局 → 泉州市科学技术局, 科技局, 泉州市),
  ``government_from_text`` (a 政府工作报告's government) and ``department_terms`` (every
  name a ``--department`` filter may use, filed with the document);
* at search: ``filter_names`` (what a typed ``--department`` looks up);
* in the audit: ``canonical_department``, ``same_department``, ``department_matches``.

The names come from ``data/departments.toml`` (bureaus with full and short names and
aliases; provinces with their short names).
"""
from __future__ import annotations

import re
from typing import Optional

from huigu.lexicon.tables import bureaus, prefectures, provinces
from huigu.text.normalize import CJK, LazyPattern, normalize_line


_REGION_RE = LazyPattern(rf"([{CJK}]{{2,12}}?(?:省|市|区|县|自治州|州|旗|盟))")


def _bureau_patterns():
    names = []
    for bureau in bureaus():
        for name in [bureau["full"], bureau["short"], *bureau["aliases"]]:
            names.append((name, bureau))
    names.sort(key=lambda pair: -len(pair[0]))
    return names


def department_from_name(text: str) -> Optional[tuple[str, str, str]]:
    """(full, short, region) for a name like 泉州市科技局 / 云溪市科学技术局 / 民政系统."""
    for name, bureau in _bureau_patterns():
        position = text.find(name)
        if position < 0:
            continue
        prefix = text[max(0, position - 12):position]
        # 2021年桂水区统计局 / 二〇二一年度…: the year is no part of the office's name
        prefix = re.split(r"(?:\d{2,4}|[〇零一二三四五六七八九]{2,4})\s*年度?|上半年|下半年|年度|全年", prefix)[-1]
        region_match = re.search(rf"([{CJK}*＊]{{1,10}}?(?:省|市|区|县|旗))$", prefix)
        region = region_match.group(1) if region_match else ""
        region = re.sub(r"^.*?(?:关于|印发|的|局|委|办)", "", region)
        return region + bureau["full"], bureau["short"], region
    return None


def government_from_text(text: str) -> Optional[tuple[str, str, str]]:
    """(full, short, region) for a 政府工作报告's government."""
    if "国务院" in text[:400] or "代表国务院" in text:
        return "国务院", "国务院", "全国"
    for full, short in provinces():
        if full in text[:200] or short in text[:60]:
            return full + "人民政府", full, full
    match = re.search(rf"我代表([{CJK}]{{2,16}}?)人民政府", text)
    if match:
        region = _local_region(match.group(1))
        return region + "人民政府", region, region
    match = re.search(rf"([{CJK}]{{2,10}}?(?:市|区|县|旗))人民政府", text[:400])
    if match:
        region = _local_region(match.group(1))
        return region + "人民政府", region, region
    return None


def _local_region(region: str) -> str:
    """呼伦贝尔市海拉尔区 → 海拉尔区: name a district the way its own reports do."""
    match = re.fullmatch(rf"[{CJK}]{{2,8}}?(?:市|州|盟|地区)([{CJK}]{{2,8}}?(?:区|县|旗|市))", region)
    return match.group(1) if match else region


def region_short_names(region: str) -> set[str]:
    """The short names of a region (广西壮族自治区 → 广西, 泉州市 → 泉州, 延边朝鲜族自治州 → 延边)."""
    names = set()
    for full, short in provinces():
        if region == full or region.startswith(full):
            names.add(short)
    for full, short in prefectures():
        if region == full or region.startswith(full):
            names.add(short)
    match = _AUTONOMOUS_RE.fullmatch(region)
    if names:
        pass
    elif match:
        names.add(match.group(1))
    elif len(region) > 2 and region[-1] in "省市州盟" and not region.endswith("自治州"):
        names.add(region[:-1])
    return {name for name in names if len(name) >= 2}


_AUTONOMOUS_RE = LazyPattern(rf"([{CJK}]{{2,5}}?)(?:[{CJK}]{{1,4}}族)*自治(?:区|州|县|旗)")
REGION_SUFFIXES = ("市", "省", "州", "盟", "区", "县", "旗", "地区")
_NAMED_ALREADY = ("市", "省", "区", "县", "旗", "盟", "政府", "局", "委", "办", "厅", "部")


def department_terms(document) -> list[str]:
    """Every name a --department filter may use for this document's office."""
    terms = {document.department, document.department_short, document.region}
    if document.region:
        terms.update(region_short_names(document.region))
    for bureau in bureaus():
        if document.department_short == bureau["short"] or document.department.endswith(bureau["full"]):
            terms.update([bureau["full"], bureau["short"], *bureau["aliases"]])
            if document.region:
                terms.update(document.region + name for name in [bureau["full"], bureau["short"]])
    if document.department.endswith("人民政府"):
        region = document.department[: -len("人民政府")]
        terms.update([region, region + "政府"])
        short = document.department_short
        if short and len(short) > 2 and short[-1] in "省市区县":
            terms.add(short[:-1])
    return sorted(t.replace(",", " ") for t in terms if t)


def filter_names(name: str) -> list[str]:
    """The names a ``--department`` filter looks up in the ``dept`` field (see
    ``department_terms``, which files every name of a document's office there)."""
    name = normalize_line(name).lower()
    names = {name}
    for bureau in bureaus():
        if name in (bureau["full"], bureau["short"], *bureau["aliases"]):
            names.update([bureau["full"], bureau["short"]])
        for alias in (bureau["full"], bureau["short"]):
            if name.endswith(alias) and len(name) > len(alias):
                names.add(name)
    if name.endswith("人民政府"):
        names.add(name[: -len("人民政府")])
    # a region's short name (广西, 宁夏, 泉州, 延边) also finds what was filed under its full name
    for full, short in (*provinces(), *prefectures()):
        if name == short:
            names.update([full, full + "人民政府"])
    if 2 <= len(name) <= 6 and re.fullmatch(rf"[{CJK}]+", name) and not name.endswith(_NAMED_ALREADY) \
            and not any(name in (b["full"], b["short"], *b["aliases"]) for b in bureaus()):
        names.update(name + suffix for suffix in REGION_SUFFIXES)
    return sorted(names)


_REGION_MARK_RE = re.compile(r"[省市区县州旗盟]")


def canonical_department(doc: dict) -> str:
    """One spelling per office: bureau short names and aliases become the full name
    (云溪市科技局 → 云溪市科学技术局); 人民政府 is dropped (海拉尔区人民政府 → 海拉尔区)."""
    name = (doc.get("department") or "").strip()
    short = (doc.get("department_short") or "").strip()
    region = (doc.get("region") or "").strip()
    if not name and short:
        name = region + short
    if name.endswith("人民政府"):
        return name[: -len("人民政府")]
    if name == "国务院" or name.endswith("政府"):
        return name
    for bureau in bureaus():
        for spelling in sorted({bureau["full"], bureau["short"], *bureau["aliases"]}, key=len, reverse=True):
            if name.endswith(spelling):
                return name[: -len(spelling)] + bureau["full"]
    return name


def same_department(a: dict, b: dict) -> bool:
    """True when two documents come from the same office (full name, short name, alias;
    a name with more of the region in front still matches: 呼伦贝尔市海拉尔区 ~ 海拉尔区)."""
    ca, cb = canonical_department(a), canonical_department(b)
    if not ca or not cb:
        return False
    if ca == cb:
        return True
    shorter, longer = sorted((ca, cb), key=len)
    if not longer.endswith(shorter):
        return False
    # the shorter must still name a place, not only the kind of office (科学技术局)
    prefix_of_shorter = shorter
    for bureau in bureaus():
        if shorter.endswith(bureau["full"]):
            prefix_of_shorter = shorter[: -len(bureau["full"])]
            break
    return bool(_REGION_MARK_RE.search(prefix_of_shorter)) and len(prefix_of_shorter) >= 2


def _region_part(canonical: str) -> str:
    """The place in front of an office's name: 云溪市 of 云溪市科学技术局 ("" for 科学技术局)."""
    for bureau in bureaus():
        if canonical.endswith(bureau["full"]):
            prefix = canonical[: -len(bureau["full"])]
            return prefix if _REGION_MARK_RE.search(prefix) else ""
    return canonical if _REGION_MARK_RE.search(canonical) else ""


def department_matches(doc: dict, name: str) -> bool:
    """Does ``--department name`` select this document? Full name, short name, alias or
    region all work (科技局, 科学技术局, 海拉尔, 云南)."""
    name = (name or "").strip()
    if not name:
        return True
    department = doc.get("department") or ""
    short = doc.get("department_short") or ""
    region = doc.get("region") or ""
    terms = {department, short, region, canonical_department(doc)}
    for bureau in bureaus():
        spellings = {bureau["full"], bureau["short"], *bureau["aliases"]}
        if short in spellings or any(department.endswith(s) for s in spellings):
            terms.update(spellings)
            if region:
                terms.update(region + s for s in spellings)
    if name in terms:
        return True
    return len(name) >= 2 and any(name in term for term in (department, canonical_department(doc)) if term)
