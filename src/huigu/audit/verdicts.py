"""Audit past commitments: for every commitment of a plan, the follow-up document, the
evidence in it, a status and a one-line reason a person can check.

Statuses:

* ``met`` — the follow-up reports the target reached (numbers compared in the same unit,
  respecting 以上 / 以内 / 左右 / 下降) or the action done (建成, 出台, 开通 …);
* ``partly`` — reported below target, or only part of an action (核准 but not 开工), or
  still in progress (开工, 推进);
* ``not_reported`` — no passage of the follow-up's review mentions it;
* ``unclear`` — mentioned without a comparable number or a clear state, or no follow-up
  document is in the index.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from dataclasses import dataclass, field

from huigu.audit.commitments import Commitment, project_list, project_names
from huigu.audit.followup import (
    Evidence,
    Followup,
    SentencePool,
    comparable,
    names_which,
    term_match,
)
from huigu.audit.quantities import Quantity
from huigu.audit.stages import Stage, highest_stage
from huigu.text.cite import source_label
from huigu.text.normalize import match_key

STATUS_LABELS = {"met": "已完成", "partly": "部分完成", "not_reported": "未提及", "unclear": "无法判断"}
KIND_LABELS = {"target": "指标", "action": "事项"}
EVIDENCE_MIN_SCORE = 0.62

_LOWER_IS_BETTER_RE = re.compile(r"失业率|涨幅|价格|CPI|赤字|能耗|排放|发生率|死亡率|负债率|杠杆率|事故|亏损|"
                                 r"物流总费用|浓度|比率降|费用|成本|时间|天数")
_DONE_RE = re.compile(r"建成|完成|竣工|投入使用|投入运营|交付使用|投用|开通|通车|出台|印发|颁布|实现|落地|挂牌|揭牌|"
                      r"开业|营业|运营|获批|通过|成立|举办|举行|召开|闭幕|启用|上线|实施|达到|超额|全覆盖|全部|贯通|互联互通|"
                      r"建立|制定|组建|设立|开放|取得|落户|签约|引进|获评|被评为|认定|创建成功|创成|新增|新建|实行|"
                      r"(?:扩大|推广)(?:到|至)全国(?![^，。；]{0,6}\d)|全国(?:范围内)?推开|得到[^，。；]{0,6}批复|获得批复|"
                      r"具备[^，。；]{0,6}条件")
_PROGRESS_RE = re.compile(r"主体工程完工|主体封顶|开工|启动|推进|进展|加快|主体完工|基本完成|正在|前期|筹备|论证|规划|设计|招标|在建|"
                          r"有序|稳步|初步|阶段性|部分(?![地城省市县区行企农学])|试点|起草|送审稿|征求意见")
_SHORTFALL_RE = re.compile(r"未能|未完成|没有完成|没有实现|未实现|尚未|滞后|推迟|低于预期|低于年初|少于年初|不及预期|差距|放缓|未达")
_ALL_DONE_RE = re.compile(r"超额完成|全面完成|圆满完成|顺利完成|如期完成|完成(?:全年)?(?:目标|任务)|达到预期|实现目标|"
                          r"达到(?:了)?(?:年度|预定|预期|全年)目标")


@dataclass
class AuditRow:
    commitment: Commitment
    followup: Followup | None
    evidence: list[Evidence]
    status: str
    reason: str
    comparisons: list[dict] = field(default_factory=list)
    department: str = ""  # the office, as the index knows it best
    note: str = ""  # what a reader should know about the row: an uncertain office, the copy used

    def to_dict(self) -> dict:
        c = self.commitment
        doc = c.passage.get("doc") or {}
        written = doc.get("department") or ""
        return {
            "id": c.id,
            "text": c.text,
            "kind": c.kind,
            "target": _target_dict(c.target),
            "targets": [q.to_dict() for q in c.targets],
            "indicator": c.indicator,
            "plan_year": c.plan_year,
            "department": self.department or written,
            **({"department_written": written} if self.department and written != self.department else {}),
            "citation": c.citation(),
            "followup": self.followup.to_dict() if self.followup else None,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "reason": self.reason,
            "comparisons": self.comparisons,
            "evidence": [evidence_dict(e) for e in self.evidence],
            **({"note": self.note} if self.note else {}),
        }


def _target_dict(q: Quantity | None) -> dict | None:
    return q.to_dict() if q else None


def evidence_citation(evidence: Evidence) -> dict:
    """Where an evidence sentence stands: its passage's label and ``source:line``."""
    passage = evidence.passage
    doc = passage.get("doc") or {}
    return {"label": passage.get("label", ""), "source": doc.get("source"), "line_start": passage.get("line_start"),
            "line_end": passage.get("line_end"), "unit": doc.get("unit", "行"), "where": source_label(doc, passage),
            "passage_id": passage.get("id"), "quote": evidence.sentence}


def evidence_dict(evidence: Evidence) -> dict:
    return {"id": evidence.passage.get("id"), "text": evidence.sentence, "passage_text": evidence.passage.get("text"),
            "score": evidence.score, "matched": evidence.matched, "five_year": evidence.five_year,
            "citation": evidence_citation(evidence)}


# ── comparing numbers ────────────────────────────────────────────────────────


def _tolerance(target: Quantity) -> float:
    if target.qualifier == "左右":
        if target.family in ("%", "pp", "‰"):
            return max(0.2, 0.05 * abs(target.base_value))
        return 0.05 * abs(target.base_value)
    if target.qualifier in ("以上",) and target.text.endswith(("余", "多")):
        return 0.0
    return 1e-9 + 0.001 * abs(target.base_value)


_PRICE_RE = re.compile(r"价格|物价|CPI|涨幅|通胀|通货膨胀")


def lower_is_better(indicator: str, target: Quantity) -> bool:
    """Is the target a ceiling (失业率5.5%以内, 居民消费价格涨幅3%左右) rather than a floor?"""
    if target.measure == "decline":
        return False  # a decline target is met by declining at least that much
    if target.qualifier == "以内":
        return True
    if target.measure == "growth":
        return bool(_PRICE_RE.search(indicator))
    return bool(_LOWER_IS_BETTER_RE.search(indicator))


def judge(target: Quantity, actual: Quantity, indicator: str) -> bool:
    """Does ``actual`` meet ``target``?"""
    tol = _tolerance(target)
    value = actual.base_value
    if target.measure == "decline":
        if actual.measure == "growth":
            return False
        return value >= target.base_value - tol
    if target.measure == "growth" and actual.measure == "decline":
        return target.base_value <= 0
    if lower_is_better(indicator, target):
        return value <= (target.upper if target.upper is not None else target.base_value) + tol
    return value >= target.base_value - tol


def _verb_before(text: str, position: int) -> str:
    match = re.search(r"(新增|新建|建成|完成|选派|引进|新认定|认定|培育|培训|改造|开工|实施|达到|发放|帮扶|减少|"
                      r"转移|安置|吸引|接待|招引|签约|备案|登记|申报|总数|累计|共有|总量)[^，。；、]{0,10}$",
                      text[max(0, position - 14):position])
    return match.group(1) if match else ""


def _of_plan_year(sentence: str, actual: Quantity, year: int | None) -> bool:
    """Is a number of a five-year sentence the plan year's own (…五年累计7.79万亿元，
    【2012年】占国内生产总值比例达到4%), not a total or a comparison with a base year?"""
    if not year:
        return False
    clause = _clause_at(sentence, actual.start)
    return f"{year}年" in clause and not re.search(r"比(?:19|20)\d\d年|年均|累计|以来", clause)


def _clause_at(sentence: str, position: int) -> str:
    start = max(sentence.rfind(mark, 0, position) for mark in "，,；;。") + 1
    ends = [i for i in (sentence.find(mark, position) for mark in "，,；;。") if i >= 0]
    return sentence[start:min(ends) if ends else len(sentence)]


_CONTINUES_RE = re.compile(r"^(?:同比|比上年|比去年|较上年|较去年|年均|分别|其中)?(?:增长|增加|下降|达到|达|突破|提高|提升|降低|"
                           r"减少|超过|占|为|是|完成)")


_QUALIFIER_CLAUSE_RE = re.compile(r"^(?:按可比价(?:格)?计算|扣除价格因素|剔除价格因素|按可比口径)[，,]")


def _near_indicator(sentence: str, q: Quantity, terms: list[str]) -> bool:
    """Is ``q`` said of the indicator: in the clause that names it, or in the clauses that
    go on about it (…，达到282亿元)?  True when the indicator is not written out."""
    named = [m.start() for t in terms if t and len(t) >= 2 for m in re.finditer(re.escape(t), sentence)]
    if not named:
        return True
    for position in named:
        start = max(sentence.rfind(mark, 0, position) for mark in "，,；;。") + 1
        end = position
        while True:
            ends = [i for i in (sentence.find(mark, end) for mark in "，,；;。") if i >= 0]
            end = min(ends) if ends else len(sentence)
            if start <= q.start < end:
                return True
            following = sentence[end + 1:].lstrip()
            if end >= len(sentence) or not (_CONTINUES_RE.match(following) or _QUALIFIER_CLAUSE_RE.match(following)):
                break
            end += 1
    return False


def _pick_actual(target: Quantity, commitment: Commitment, evidence: Evidence) -> Quantity | None:
    """The number of an evidence sentence that answers ``target``: same unit family and
    measure, preceded by the same verb (新增 … 31家, not 总数达到189家), near the indicator."""
    candidates = [q for q in evidence.quantities if comparable(target, q)]
    # a count that belongs to another thing: 等14个【项目】 is not a number of 幼儿园
    candidates = [q for q in candidates
                  if not (target.family not in ("%", "pp", "‰", "元") and _OTHER_THING_RE.match(evidence.sentence[q.end:]))
                  or _names_after(evidence.sentence, q.end, [target.indicator])]
    # a number in another clause belongs to another thing (继续推进农村危房改造，解决了6398万农村人口…)
    candidates = [q for q in candidates if _near_indicator(evidence.sentence, q, [target.indicator])]
    if target.indicator.endswith("标准") and target.base_value:
        # a standard is per person or per unit (补助标准由20元提高到40元): not a total of 112亿元
        candidates = [q for q in candidates if target.base_value / 100 <= q.base_value <= target.base_value * 100]
    # the target quoted back (没有实现年初确定的单位国内生产总值能耗降低4%左右…的目标): not an outcome
    candidates = [q for q in candidates if not (
        re.search(r"(?:确定|提出|预定|规定|要求)的[^，。；]{0,30}$", evidence.sentence[max(0, q.start - 32):q.start]) and
        re.match(r"^[^。；]{0,30}?的?(?:目标|任务|要求)", evidence.sentence[q.end:])) and not (
        # …增长7.8%，虽然略低于8%的预定目标 (国务院 1999): 8% is the target the outcome is held against
        re.search(r"(?:低于|高于|超过|超出|少于|多于)$", evidence.sentence[max(0, q.start - 3):q.start]) and
        re.match(r"^的?(?:预定|预期|既定|年初|原定)?(?:目标|计划|指标)", evidence.sentence[q.end:]))]
    # the old value of a change (补助标准由每人每年120元提高到200元): the new one answers
    candidates = [q for q in candidates if not _FROM_VALUE_RE.search(evidence.sentence[max(0, q.start - 10):q.start]) or
                  not _TO_AFTER_RE.match(evidence.sentence[q.end:])] or candidates
    if not candidates:
        return None
    # one sum for several things (…基本生活保障专项补助、再就业补助209亿元) answers none of them alone,
    # unless the promise listed the same things
    candidates = [q for q in candidates if not _joint_total(target, commitment, evidence.sentence, q)]
    # the change on last year (…209亿元，比上年增加29亿元) is not the level promised
    promised_change = re.search(r"(?:增加|减少|多|少)$", commitment.text[max(0, target.start - commitment.start - 4):
                                                                     max(0, target.start - commitment.start)])
    if target.measure == "level" and target.family not in ("%", "pp", "‰") and not promised_change:
        candidates = [q for q in candidates if not re.search(r"(?:比上年|比去年|较上年|较去年|同比)(?:增加|减少|多|少)$",
                                                             evidence.sentence[max(0, q.start - 6):q.start])]
    if target.measure in ("growth", "decline") and target.family not in ("%", "pp", "‰"):
        # a change promised in amount (比上年压缩920亿元) is answered by a change (比上年减少近500亿元), not by the
        # level reached (共完成4000亿元)
        candidates = [q for q in candidates if q.measure == target.measure]
    if not candidates:
        return None
    respective = _respective_pick(target, commitment, evidence.sentence, candidates)
    if respective is not None:
        return respective
    item_text = commitment.text
    target_verb = _verb_before(item_text, target.start - commitment.start) if target.start >= commitment.start \
        else _verb_before(item_text, len(item_text))
    terms = [target.indicator] if target.indicator else []
    key_position = _term_position(evidence.sentence, terms + commitment.terms)

    def rank(q: Quantity) -> tuple:
        verb = _verb_before(evidence.sentence, q.start)
        same_verb = bool(target_verb) and verb == target_verb
        total_like = verb in ("总数", "累计", "共有", "总量") and target_verb not in ("总数", "累计", "共有", "总量")
        distance = abs(q.start - key_position) if key_position is not None else q.start
        after = key_position is None or q.start >= key_position
        right_after = key_position is not None and 0 <= q.start - key_position <= 8 and \
            not re.search(r"[，,；;、]", evidence.sentence[key_position:q.start])
        right_before = _names_after(evidence.sentence, q.end, terms + commitment.terms)
        same_measure = q.measure == target.measure
        return (not (right_after or right_before), not same_verb, total_like, not same_measure, not after, distance)

    return sorted(candidates, key=rank)[0]


def _joint_total(target: Quantity, commitment: Commitment, sentence: str, q: Quantity) -> bool:
    if target.family != "元" or not target.indicator:
        return False
    clause = re.split(r"[，,；;。]", sentence[:q.start])[-1]
    if "分别" in clause or "、" not in clause:
        return False
    parts = [p for p in re.split(r"[、和及]", clause) if p]
    key = target.indicator[:2]
    mine = [p for p in parts if key in p]
    others = [p for p in parts if key not in p and len(p) >= 2]
    return bool(mine) and bool(others) and not any(p[-4:] in commitment.text for p in others)


_RESPECTIVE_RE = re.compile(r"(?:用于|对)?(?P<items>[\u4e00-\u9fff“”\"]{2,12}(?:[、和及][\u4e00-\u9fff“”\"]{1,12}){1,8})"
                            r"(?:事业|工作|领域)?(?:的)?(?:支出|投入|经费|资金|投资)?分别(?:为|是|达到|达|增长|增加)")


def _respective_pick(target: Quantity, commitment: Commitment, sentence: str, candidates: list[Quantity]) -> Quantity | None:
    """用于科技、教育、卫生和文化事业的支出分别为774亿元、536亿元、138亿元和123亿元: the i-th number is the
    i-th thing's (科技投入 → 774亿元, 教育 → 536亿元)."""
    match = _RESPECTIVE_RE.search(sentence)
    if not match:
        return None
    listed = re.split(r"用于|对", match.group("items"))[-1]
    listed = re.sub(r"(?:事业|工作|领域)?(?:的)?(?:支出|投入|经费|资金|投资)?$", "", listed)
    items = [re.sub(r"[“”\"]", "", x) for x in re.split(r"[、和及]", listed) if x]
    names = [target.indicator, *commitment.terms]
    index = next((i for i, item in enumerate(items) if len(item) >= 2 and any(item in re.sub(r"[“”\"]", "", n) for n in names if n)), None)
    if index is None:
        return None
    after = [q for q in candidates if q.start >= match.end()]
    same = [q for q in after if q.family == target.family and q.measure == target.measure] or after
    return same[index] if index < len(same) else None


_FROM_VALUE_RE = re.compile(r"(?:由|从)[^，。；由从]{0,8}$")
_TO_AFTER_RE = re.compile(r"^[^，。；]{0,4}?(?:提高|增加|扩大|降低|下降|减少|提升|上调|下调|增至|降至|升至)?(?:到|至)")
_OTHER_THING_RE = re.compile(r"(?:的)?(?:项目|工程|个项目|批|期|轮|次|所学校|家企业|个乡镇|个村)")


def _names_after(sentence: str, position: int, terms: list[str]) -> bool:
    """Is the number at ``position`` directly followed by the indicator (取消和下放246项【行政审批事项】)?"""
    following = re.sub(r"^(?:左右|以上|多|余)", "", sentence[position:position + 24]).lstrip()
    for term in terms:
        if not term or len(term) < 2:
            continue
        if following.startswith(term[:4]):
            return True
        # the indicator's tail: …下放【行政审批事项】
        if any(following.startswith(term[-k:]) for k in range(len(term), min(4, len(term)) - 1, -1)):
            return True
    return False


def _lead_text(text: str, position: int) -> str:
    """The words just before a number, back to the last punctuation (…，全年新增学位|1260个)."""
    before = text[max(0, position - 12):max(0, position)]
    return re.split(r"[，,；;。、：:（）()]", before)[-1]


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _term_position(sentence: str, terms: list[str]) -> int | None:
    """Where the first term (or its longest part of two or more characters) ends in the sentence."""
    for term in terms:
        for size in range(len(term), 1, -1):
            for begin in range(len(term) - size, -1, -1):  # prefer the end of the term (its head)
                position = sentence.find(term[begin:begin + size])
                if position >= 0:
                    return position + size
    return None


# ── statuses ─────────────────────────────────────────────────────────────────


@dataclass
class Verdict:
    status: str
    reason: str  # one line in Chinese a person can check
    comparisons: list[dict] = field(default_factory=list)  # target vs reported numbers
    used: list[Evidence] = field(default_factory=list)  # the sentences the verdict rests on


def classify(commitment: Commitment, followup: Followup | None, evidence: list[Evidence],
             pool: SentencePool | None = None,
             per_target: list[list[Evidence]] | None = None) -> Verdict:
    """Status, a reason in Chinese and the number comparisons for one commitment."""
    name = _short_name(commitment)
    if followup is None:
        return Verdict("unclear", f"索引中没有同一部门回顾{commitment.plan_year}年的后续总结，无法核对")
    where = _followup_name(followup)
    if commitment.kind == "target" and commitment.targets:
        lists = per_target if per_target is not None else [evidence] * len(commitment.targets)
        lists = [[e for e in found if e.score >= EVIDENCE_MIN_SCORE] for found in lists]
        if not any(lists):
            return Verdict("not_reported", f"{where}的回顾部分没有提到“{name}”")
        return _classify_target(commitment, lists, where)
    # the evidence of an action names its object (not only words around it: 扶贫开发纲要 is
    # not evidence for 集中连片特殊困难地区扶贫开发攻坚工程)
    strong = [e for e in evidence if e.score >= EVIDENCE_MIN_SCORE and
              (e.match >= 0.75 or pool is None or _names_object(commitment, e.sentence, pool))]
    promised = highest_stage(commitment.text)
    if pool is not None and promised is not None:
        verdict = _classify_project(commitment, promised, where, pool)
        if verdict is not None:
            return verdict
    if not strong:
        mentioned = _mentions(commitment, pool) if pool is not None else []
        if mentioned:  # the review names the object: never 未提及
            return _with_used(_classify_action(commitment, mentioned, where, pool), mentioned[0])
        return Verdict("not_reported", f"{where}的回顾部分没有提到“{name}”")
    return _with_used(_classify_action(commitment, strong, where, pool), strong[0])


def _with_used(verdict: Verdict, evidence: Evidence) -> Verdict:
    if not verdict.used:
        verdict.used = [evidence]
    return verdict


# ── projects: the stage promised against the stage reported ──────────────────

def project_objects(commitment: Commitment) -> list[str]:
    """The projects an action names, each to be reported on (see ``project_names``)."""
    return project_names(commitment.text, commitment.department) or list(commitment.objects)


@lru_cache(maxsize=65536)
def _bare(text: str) -> str:
    """A key without sizes and investment amounts (亘富200万吨褐煤提质 → 亘富褐煤提质)."""
    return re.sub(r"[\d.]+[万亿千百]*(?:吨|千瓦|平方米|亩|公里|元|米|个|座)?|总投资|投资", "", match_key(text))


def _object_in(obj: str, clause: str, pool: SentencePool) -> float:
    """How surely ``clause`` is about ``obj``: the name itself or close (内蒙古冰上运动训练中心
    ~ 自治区冰上运动训练中心), or its proper-name head (中网科技云计算数据中心 ~ 中网科技云计算基地)."""
    key, name = _bare(clause), _bare(obj)
    if len(name) < 2:
        return 0.0
    score = term_match(name, key, pool)
    if len(name) >= 6 and names_which(name, key):
        common = SequenceMatcher(None, name, key, autojunk=False).find_longest_match(0, len(name), 0, len(key)).size
        if common >= 6 and common >= 0.6 * len(name) and (common >= 8 or not _GENERIC_HEAD_RE.match(name[:4])):
            score = max(score, 0.8)
    return score


_GENERIC_HEAD_RE = re.compile(r"^(?:新建|重点|全区|全市|城市|农村|社区|公共|综合|现代|国家|自治|城区|中心|一批|主要)")
_CLAUSE_RE = re.compile(r"[^，,；;。]+")


def _object_clause(obj: str, pool: SentencePool) -> tuple[Evidence, str] | None:
    """The clause of the follow-up's review that reports on ``obj`` (best match first)."""
    name = _bare(obj)
    grams = {name[i:i + 2] for i in range(len(name) - 1)}
    if not grams:
        return None
    enough = max(2, len(grams) // 2)
    best = None
    for index in pool.candidates([name, obj[:4]]):
        passage, start, end, sentence, key = pool.items[index]
        if sum(1 for gram in grams if gram in key) < enough:
            continue  # shares too little with the name to be about it
        for clause in _CLAUSE_RE.findall(sentence):
            score = _object_in(obj, clause, pool)
            if score < 0.75:
                continue
            score += 0.1 if highest_stage(clause) else 0.0  # the clause that says how far it got
            if best is None or score > best[0]:
                best = (score, Evidence(passage, sentence, start, end, round(score, 4), [obj], match=score), clause)
    if best is None:
        return None
    return best[1], best[2]


def _classify_project(commitment: Commitment, promised: Stage, where: str, pool: SentencePool) -> Verdict | None:
    """Each project of the promise (an action with a stage: 开工 / 建成 / 投入使用) against the
    stage its own clause of the review reports.  None when no project is named there."""
    objects = project_objects(commitment)
    found = [(obj, _object_clause(obj, pool)) for obj in objects]
    if not any(hit for _, hit in found):
        return None
    parts, outcomes, used = [], [], []
    for obj, hit in found:
        if hit is None:
            outcomes.append("missing")
            parts.append(f"{obj}：未见报告")
            continue
        evidence, clause = hit
        used.append(evidence)
        clause = clause.strip()
        if _SHORTFALL_RE.search(clause):
            outcomes.append("short")
            parts.append(f"{obj}：承诺“{promised.word}”，报告“{clause}”")
            continue
        reached = highest_stage(clause)
        if reached is None:
            outcomes.append("unclear")
            parts.append(f"{obj}：报告提到但没有写明进度（“{clause}”）")
            continue
        phase = re.search(r"[一二三四五六七八九]期", clause)
        phase_note = f"（报告写的是{phase.group(0)}）" if phase and phase.group(0) not in commitment.text else ""
        if reached.rank >= promised.rank:
            outcomes.append("met")
            parts.append(f"{obj}：承诺“{promised.word}”，报告“{clause}”{phase_note}")
        else:
            outcomes.append("short")
            parts.append(f"{obj}：承诺“{promised.word}”，报告只写到“{reached.word}”（“{clause}”）{phase_note}")
    reason = f"{where}：" + "；".join(parts)
    if all(o == "met" for o in outcomes):
        return Verdict("met", reason, used=used)
    if all(o == "unclear" for o in outcomes):
        return Verdict("unclear", reason, used=used)
    if all(o in ("unclear", "missing") for o in outcomes):
        return Verdict("unclear", reason, used=used)
    return Verdict("partly", reason, used=used)


def _names_object(commitment: Commitment, sentence: str, pool: SentencePool) -> bool:
    names = [n for n in [commitment.indicator, *commitment.objects] if n and len(_bare(n)) >= 2]
    return not names or any(_object_in(n, clause, pool) >= 0.75 for n in names for clause in _CLAUSE_RE.findall(sentence))


_EVENT_KIND_RE = re.compile(r"(?:表彰大会|代表大会|大会|会议|运动会|博览会)$")


def _mentions(commitment: Commitment, pool: SentencePool) -> list[Evidence]:
    """Sentences of the review that name the commitment's object, however weakly they
    scored as evidence (so that a mentioned object is never 未提及)."""
    out = []
    names = [commitment.indicator, *commitment.objects]
    # an event is mentioned by what it is about: 召开全国劳动模范表彰大会 ~ 大力表彰劳动模范和先进工作者的事迹
    names += [_EVENT_KIND_RE.sub("", n) for n in names if n and _EVENT_KIND_RE.search(n)]
    for name in names:
        for spelling in _spellings(name) if name and len(_bare(name)) >= 4 else []:
            hit = _object_clause(spelling, pool)
            if hit:
                out.append(hit[0])
                break
    return out


def _short_name(commitment: Commitment) -> str:
    name = commitment.indicator or (commitment.terms[0] if commitment.terms else commitment.text)
    name = re.sub(r"[（(].*?[）)]", "", name)
    return name[:20]


def _followup_name(followup: Followup) -> str:
    doc = followup.doc
    year = doc.get("year")
    kind = doc.get("doc_type") or "报告"
    return f"{year}年{kind}" if year else f"《{doc.get('title') or doc.get('source')}》"


def _classify_target(commitment: Commitment, lists: list[list[Evidence]], where: str) -> Verdict:
    comparisons, outcomes, parts = [], [], []
    used: list[Evidence] = []  # the sentences whose numbers were compared, shown first
    for target, found in zip(commitment.targets, lists):
        name = target.indicator or _short_name(commitment)
        if not found:
            outcomes.append("missing")
            parts.append(f"{name}：目标{target_text(target.to_dict())}，未见报告")
            continue
        # the reported number described most like the target (全年新增学位 ~ 全年新增学位1260个,
        # not 城西小学…新增学位450个); a five-year total or average is not the year's figure
        candidates = []
        sentences = [e for lead in found for e in [lead] + lead.others]
        for rank, item in enumerate(sorted(sentences, key=lambda e: -e.score)):
            actual = _pick_actual(target, commitment, item)
            if actual is not None and (not item.five_year or _of_plan_year(item.sentence, actual, commitment.plan_year)):
                candidates.append((item, actual, rank))
        picked = None
        if candidates:
            lead = _lead_text(commitment.text, target.start - commitment.start)
            best_score = candidates[0][0].score

            def closeness(candidate):
                item, actual, rank = candidate
                similar = _common_suffix(lead, _lead_text(item.sentence, actual.start))
                aggregate = bool(re.search(r"全年|共|全市|全区|全县|全省|全国|总", item.sentence))
                return (item.score < best_score - 0.5, -min(similar, 6), not aggregate, rank)

            item, actual, _ = sorted(candidates, key=closeness)[0]
            picked = (item, actual)
        multi_year = [e for e in found if e.five_year and _pick_actual(target, commitment, e) is not None]
        if picked is None and multi_year:
            outcomes.append("nonumber")
            parts.append(f"{name}：目标{target_text(target.to_dict())}，报告只给出多年累计或年均数"
                         f"（“{snippet(multi_year[0].sentence, multi_year[0].matched, 40)}”）")
            continue
        if picked is None:
            text = " ".join(e.sentence for e in found)
            if _ALL_DONE_RE.search(text):
                outcomes.append("met")
                done = next(e for e in found if _ALL_DONE_RE.search(e.sentence))
                used.append(done)  # the sentence that says the target was reached is the one shown first
                parts.append(f"{name}：报告写明“{_ALL_DONE_RE.search(text).group(0)}”（无数字）："
                             f"“{snippet(done.sentence, done.matched, 40)}”")
            elif fell_below(target, name, found):
                # 商品零售价格涨幅控制在3%以内 → “社会商品零售价格和消费价格的总水平都比上年下降” (1999): a fall is within the cap
                fell = fell_below(target, name, found)
                used.append(fell)
                outcomes.append("met")
                parts.append(f"{name}：目标{target_text(target.to_dict())}，报告写明比上年下降（无数字）："
                             f"“{snippet(fell.sentence, fell.matched, 40)}”")
            elif _SHORTFALL_RE.search(text):
                outcomes.append("short")
                parts.append(f"{name}：报告称“{_SHORTFALL_RE.search(text).group(0)}”（无数字）")
            else:
                focus = _focus(found[0].sentence, found[0].matched)
                if re.search(r"主体完工|主体工程完工|主体封顶|开工|基本完成|正在|在建", focus):  # 建材城完工 → 建材城主体完工
                    outcomes.append("short")
                    word = re.search(r"主体完工|主体工程完工|主体封顶|开工|基本完成|正在|在建", focus).group(0)
                    parts.append(f"{name}：目标{target_text(target.to_dict())}，报告只写到“{word}”"
                                 f"（“{snippet(found[0].sentence, found[0].matched, 40)}”）")
                else:
                    outcomes.append("nonumber")
                    parts.append(f"{name}：目标{target_text(target.to_dict())}，报告提到但没有可比的数字"
                                 f"（“{snippet(found[0].sentence, found[0].matched, 40)}”）")
            continue
        item, actual = picked
        ok = judge(target, actual, name)
        comparisons.append({"indicator": name, "target": target.to_dict(), "reported": actual.to_dict(), "met": ok,
                            "evidence_id": item.passage.get("id"), "evidence_text": item.sentence.strip(),
                            "five_year": item.five_year})
        used.append(item)
        outcomes.append("met" if ok else "short")
        parts.append(f"{name}：目标{target_text(target.to_dict())}，报告{target_text(actual.to_dict())}"
                     + ("（五年累计数）" if item.five_year else "") + ("，达到" if ok else "，未达到"))
    detail = "；".join(parts)
    if len(commitment.targets) == 1:
        detail = detail.split("：", 1)[1] if "：" in detail else detail
        detail = f"{_short_name(commitment)}：{detail}"
    if all(o == "met" for o in outcomes):
        return Verdict("met", detail, comparisons, used)
    if all(o == "nonumber" for o in outcomes):
        return Verdict("unclear", detail, comparisons, used)
    if all(o in ("missing", "nonumber") for o in outcomes) and "nonumber" not in outcomes:
        return Verdict("not_reported", detail, comparisons, used)
    return Verdict("partly", detail, comparisons, used)


_FELL_RE = re.compile(r"(?:比上年|比去年|同比|较上年)(?:有所|略有|继续)?下降|负增长")


def fell_below(target: Quantity, name: str, found: list[Evidence]) -> Evidence | None:
    """The sentence saying a rise capped above zero (涨幅控制在3%以内) turned into a fall, without a number."""
    if target.measure != "growth" or target.value <= 0 or not lower_is_better(name, target):
        return None
    return next((e for e in found if _FELL_RE.search(_focus(e.sentence, e.matched))), None)


def target_text(q: dict) -> str:
    sign = {"以上": "≥", "以内": "≤", "左右": "≈"}.get(q.get("qualifier"), "")
    verb = {"growth": "增长", "decline": "下降"}.get(q.get("measure"), "")
    number = str(q["value"])
    if q.get("upper") is not None and q.get("base_value"):
        factor = q["base_value"] / q["value"] if q["value"] else 1
        number += "–" + str(round(q["upper"] / factor, 6)).rstrip("0").rstrip(".")
    aspirational = "（力争）" if q.get("aspirational") else ""
    return f"{verb}{sign}{number}{q['unit']}{aspirational}"


_PREPARING_RE = re.compile(r"(?:围绕|为|着手|开始|启动|正在)(?:制定|编制|起草|修订)|研究论证|调研论证")


def _state(text: str) -> str:
    """done | progress | short | "" for what a sentence says about a thing."""
    if _SHORTFALL_RE.search(text):
        return "short"
    if _PREPARING_RE.search(text):
        return "progress"  # 围绕制定…规划，组织…专家…研究论证: the plan is not finished
    if re.search(r"(?:扩大|推广)(?:到|至)全国(?![^，。；]{0,6}\d)|全国(?:范围内)?推开", text):
        return "done"  # 农村税费改革试点扩大到全国 (not 扩大到全国40%的县)
    done = _DONE_RE.search(text)
    progress = _PROGRESS_RE.search(text)
    if progress and progress.group(0) in ("主体完工", "主体工程完工", "主体封顶", "基本完成", "开工", "启动", "正在",
                                          "在建", "起草", "送审稿", "征求意见", "前期", "筹备", "试点", "初步"):
        if not done or progress.start() <= done.start() or progress.group(0) in (
                "主体完工", "主体工程完工", "主体封顶", "基本完成", "送审稿"):
            return "progress"
    if done:
        return "done"
    if progress:
        return "progress"
    return ""


_ROUTE_RE = re.compile(r"^([\u4e00-\u9fff]{2,6})至([\u4e00-\u9fff]{2,6}?)((?:农村|一级|二级|城际)?(?:公路|铁路|高速公路|高速|快速路|通道|航线))$")


def _spellings(name: str) -> list[str]:
    """A route is also written with the first character of each end: 海拉尔至宝日希勒农村公路 ~ 海—宝农村公路."""
    route = _ROUTE_RE.match(name)
    return [name, route.group(1)[0] + route.group(2)[0] + route.group(3)] if route else [name]


def _object_sentence(name: str, pool: SentencePool) -> str | None:
    """The clause of the follow-up's review that reports on a named object."""
    best, best_score, spelled = None, 0.0, name
    for spelling in _spellings(name):
        for passage, start, end, sentence, key in pool.items:
            score = term_match(spelling, key, pool)
            if score >= 0.85 and score > best_score:
                best, best_score, spelled = sentence, score, spelling
    if best is None:
        return None
    for clause in re.split(r"[，,；;]", best):
        if term_match(spelled, match_key(clause), pool) >= 0.85:
            return clause
    return best


def _classify_action(commitment: Commitment, evidence: list[Evidence], where: str,
                     pool: SentencePool | None) -> Verdict:
    best = evidence[0]
    if pool is not None and not _names_object(commitment, best.sentence, pool):
        # a sentence that names the object (第十四届全国冬运会主场馆 for 十四冬主场馆) says more about it
        # than one that scored higher on words around it (相约十四冬)
        best = next((e for e in evidence[1:] if _names_object(commitment, e.sentence, pool)), best)
    name = _short_name(commitment)
    # several named objects (城西小学、杏花村小学): each must be reported done
    starts = _starts(commitment.text)
    places = getattr(commitment, "places", [])
    if places:  # 将试点范围扩大到黑龙江和吉林两省: the review must name the places
        named = [p for p in places if any(p in e.sentence for e in evidence)]
        quoted = snippet(best.sentence, best.matched)
        if not named:
            return Verdict("unclear", f"{where}提到{name}（“{quoted}”），但没有写明是否扩大到{'、'.join(places)}")
        if len(named) < len(places):
            missing = "、".join(p for p in places if p not in named)
            return Verdict("partly", f"{where}写到{'、'.join(named)}，未见{missing}：“{quoted}”")
    if commitment.objects and pool is not None:
        # the promise is to build on (抓好…等重点工程建设), not to finish or open
        ongoing = bool(project_list(commitment.text)) and not re.search(r"建成|竣工|完工|投入使用|投产|通车|开工", commitment.text)
        states = []
        for obj in commitment.objects:
            clause = _object_sentence(obj, pool)
            state = _state(clause) if clause else "missing"
            if starts and state == "progress" and _STARTED_RE.search(clause):
                state = "done"  # 启动…项目 → “…项目主体封顶”: started, and further
            if ongoing and state == "progress":
                state = "done"  # 抓好青藏铁路、西气东输…等重点工程建设 → “…建设进展顺利”: building was the promise
            states.append((obj, state, clause))
        done = [o for o, st, _ in states if st == "done"]
        if done and len(done) == len(states):
            return Verdict("met", f"{where}：" + "；".join(f"“{c.strip()}”" for _, _, c in states))
        if done or any(st in ("progress", "short") for _, st, _ in states):
            parts = []
            for obj, st, clause in states:
                label = {"done": "已完成", "progress": "未完成", "short": "未完成", "missing": "未提及", "": "情况不明"}[st]
                parts.append(f"{obj}{label}" + (f"（“{clause.strip()}”）" if clause and st != "done" else ""))
            return Verdict("partly", f"{where}：" + "，".join(parts))
    # steps of the action that are reported at all (核准 yes, 开工 no), in the clauses
    # that name the object
    if commitment.subactions:
        pool_text = " ".join(_focus(e.sentence, e.matched) for e in evidence if e.match >= 0.85)
        reported, missing = [], []
        for step in commitment.subactions:
            verb = _step_key(step)
            (reported if verb and verb in pool_text else missing).append(verb or step)
        if reported and missing:
            return Verdict("partly", f"{where}报告了“{'、'.join(reported)}”，未见“{'、'.join(missing)}”")
    text = best.sentence
    quoted = snippet(text, best.matched)
    focus = _focus(text, best.matched)
    phases = re.findall(r"[一二三四五六七八九]期", commitment.text)
    if phases:  # 完成…二期工程: what the report says about 二期, not 一期
        phase_clauses = [c for c in re.split(r"[，,；;]", text) if any(p in c for p in phases)]
        if phase_clauses:
            focus = "，".join(phase_clauses)
    state = _state(focus)
    early = highest_stage(focus)
    if state == "" and early is not None and early.rank == 0:
        state = "progress"  # 为完善…补偿制度做了大量准备工作: 出台…条例 is not done yet
    verb = _main_verb(commitment.text)
    if state == "progress" and re.search(r"(?:启动|开展|进行|推行|扩大)[^，。；]*试点$|^启动", _strip_lead_words(commitment.text)) \
            and re.search(r"启动|开展|试点|试行", focus):
        state = "done"  # the promise was to start a pilot: 88个城市启动城镇居民基本医疗保险试点
    if state in ("", "progress") and any(w in commitment.text for w in _WAIVE_VERBS) and \
            any(w in focus for w in _WAIVE_VERBS + ("免费",)) and not re.search(r"(?:将|要|拟|计划)(?:全面|全部|逐步)?(?:免征|免除|取消)", focus):
        state = "done"  # 全部免征牧业税 → “全国取消了牧业税”: waived is waived, whichever word
    if state == "progress" and re.search(r"基本(?:完成|建成)", commitment.text) and re.search(r"基本(?:完成|建成)", focus):
        state = "done"  # 基本完成建设领域清理拖欠工程款任务 → “这项工作基本完成”: as much as was promised
    if state in ("", "progress") and verb and verb in focus and not re.search(r"正在|启动|开工|起草|筹备", focus):
        state = "done"  # 开展…专项治理行动 → “扎实开展…专项治理行动”
    if state in ("", "progress") and _RUN_PROGRAMME_RE.search(_strip_lead_words(commitment.text)) and \
            _UNDER_WAY_RE.search(focus):
        state = "done"  # the promise was to run a pilot or start a programme: 股份制改革顺利推进, 三年行动深入实施
    if starts and state == "progress" and _STARTED_RE.search(focus):
        state = "done"  # the promise was to start it: 开工, 主体封顶, 推进 all say it started
    if state == "done" and re.search(r"完成|建成", commitment.text) and \
            re.search(r"取得(?:了)?(?:新的|一定|积极|重要|较大|明显|很大)?进展", focus) and not re.search(r"完成|建成|实现", focus):
        state = "progress"  # 基本完成…政府机构改革 → “…政府机构改革，都取得新的进展”: under way, not finished
    if state in ("", "progress") and re.search(r"好收成|丰收", commitment.text) and \
            re.search(r"好收成|丰收|增产|总产量(?:达到|在|突破|超过)|创历史", text) and not re.search(r"减产|歉收", text):
        state = "done"  # 力争农业有一个好收成 → “全国粮食总产量在4800亿公斤以上”: the harvest was brought in
    if state == "done" and re.search(r"基本(?:完成|建成)", focus) and not re.search(r"基本(?:完成|建成)", commitment.text):
        state = "progress"  # 全面建成疾病预防控制体系 → “基本建成了…疾病预防控制体系”: short of the promise
    if state == "short":
        return Verdict("partly", f"{where}：“{quoted}”（{_SHORTFALL_RE.search(text).group(0)}）")
    if state == "done":
        return Verdict("met", f"{where}写明：“{quoted}”")
    if state == "progress":
        word = re.search(r"基本(?:完成|建成)", focus) or _PROGRESS_RE.search(focus) or _PROGRESS_RE.search(text)
        word = word.group(0) if word else (early.word if early else "进展")
        return Verdict("partly", f"{where}只写到“{word}”：“{quoted}”")
    return Verdict("unclear", f"{where}提到{name}，但没有写明完成情况：“{quoted}”")


# a promise to run a pilot or to start a programme, not to finish it (做好…试点工作, 启动…攻坚计划,
# 开展…三年行动): the review saying it is under way is the promise kept
_RUN_PROGRAMME_RE = re.compile(r"^(?:重点|认真|精心|扎实|全面|依法|深入|积极|稳妥|积极稳妥地)*(?:做好|搞好|抓好|办好|开展|启动|启动实施|推行|进行|"
                               r"组织实施|实施|推进|实行)"
                               r"[^，。；]*(?:试点|试点工作|攻坚计划|计划|三年行动|攻坚行动|专项行动|专项斗争|重大专项)(?:工作|任务)?$"
                               # a reform to advance (重点推进中国农业银行股份制改革和国家开发银行改革): under way is kept
                               r"|^(?:重点|积极|稳步|深入)*推进[^，。；]{4,}改革$")
_UNDER_WAY_RE = re.compile(r"推进|推开|进行|开展|实施|启动|扩大|试行|深化|成果|成效|取得|顺利|稳步|扎实|全面")


# a promise to start something (启动东山组团社区卫生服务中心…项目), not to finish it; 启动…前期工作
# promises only the preparation
_START_PROMISE_RE = re.compile(r"^(?:优先|全面|率先|适时)?启动(?!.*(?:前期|筹备|规划编制|可研))")
_STARTED_RE = re.compile(r"启动|开工|动工|开建|主体封顶|主体完工|主体工程完工|在建|推进|进展|实施|运行|试运行|建成|完工|投入使用|投用|运营")


def _starts(text: str) -> bool:
    return bool(_START_PROMISE_RE.match(_strip_lead_words(text)))


def _strip_lead_words(text: str) -> str:
    return re.sub(r"^(?:今年|年内|将|要|再|继续|积极|稳步|全面|认真|进一步)+", "", text)


_WAIVE_VERBS = ("免征", "免除", "取消", "停征", "废止")
_SAME_VERB_DONE = ("开展", "举办", "组织", "实施", "出台", "建成", "完成", "开通", "召开", "承办", "设立", "成立",
                   "引进", "创建", "印发", "制定", "取消", "实现")


def _main_verb(text: str) -> str:
    found = [(text.find(v), v) for v in _SAME_VERB_DONE if v in text]
    return min(found)[1] if found else ""


def _focus(sentence: str, terms: list[str]) -> str:
    """The clauses of a sentence around the matched term (what it says about *that* thing)."""
    clauses = re.split(r"(?<=[，,；;])", sentence)
    for index, clause in enumerate(clauses):
        if any(t and t in clause for t in terms):
            return "".join(clauses[index:index + 3])
    # the term written another way (两河圣山文化旅游景区 ~ 两河圣山旅游文化景区): the clause sharing most
    # of its characters, so that another clause's 完成 or 实行 is not read as this one's
    best, best_share = None, 0.5
    for index, clause in enumerate(clauses):
        for term in terms:
            chars = set(re.sub(r"[^\u4e00-\u9fff]", "", term or ""))
            share = len(chars & set(clause)) / len(chars) if len(chars) >= 4 else 0.0
            if share > best_share:
                best, best_share = index, share
    if best is not None:
        return "".join(clauses[best:best + 3])
    return sentence


_STEP_WORDS = ("核准", "开工", "竣工", "投入使用", "投用", "开放", "运营", "营业", "通车", "出台", "开通", "挂牌",
               "验收", "审批", "签约", "落地", "投产", "达产", "搬迁", "拆除", "取消", "建成", "启动", "完成")


def _step_key(step: str) -> str:
    """The word that says a step is done: 核准 of 完成核准, 开工 of 开工建设."""
    for word in _STEP_WORDS:  # specific words first; 完成 only when nothing else is said
        if word in step:
            return word
    return ""


def snippet(text: str, terms: list[str], width: int = 60) -> str:
    """The clauses of ``text`` from the one naming a term on, cut to about ``width``."""
    text = text.strip().rstrip("。；;")
    if len(text) <= width:
        return text
    clauses = re.split(r"(?<=[，,；;])", text)
    start = 0
    for index, clause in enumerate(clauses):
        if any(t and t in clause for t in terms):
            start = index
            break
    out = "".join(clauses[start:])
    out = out.rstrip("，,；;")
    prefix = "…" if start else ""
    return prefix + (out if len(out) <= width else out[:width] + "…")
