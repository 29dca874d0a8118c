"""Running an audit over a knowledge base (any ``huigu.store.base.Store``).

``commitments_of`` lists the promises of the plans; ``run_audit`` gives each one its
follow-up, evidence and verdict; ``evaluate`` scores both against hand-labelled cases.
Passages are read once per document (``PassageCache``); an audit of everything reads
them all in one pass.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from huigu.audit.copies import find_copies, without_copies
from huigu.audit.commitments import Commitment, budget_variants, extract_all, plan_only
from huigu.audit.followup import (
    Evidence,
    Followup,
    SentencePool,
    find_evidence,
    find_followup,
    plan_period,
    resolved_department,
)
from huigu.audit.verdicts import EVIDENCE_MIN_SCORE, STATUS_LABELS, AuditRow, classify
from huigu.lexicon.departments import department_matches
from huigu.text.normalize import match_key

Progress = Callable[[str, dict], None]  # progress(event, info): "start" {total}, "commitment" {text}, "done" {}



@dataclass
class AuditReport:
    rows: list[AuditRow]
    plans: list[dict]  # plan documents audited
    seconds: float = 0.0
    copies: list[tuple[dict, list[dict]]] = field(default_factory=list)  # (copy audited, copies left out)

    def counts(self) -> dict:
        out = {status: 0 for status in STATUS_LABELS}
        for row in self.rows:
            out[row.status] += 1
        return out

    def to_dict(self) -> dict:
        return {"commitments": [row.to_dict() for row in self.rows], "summary": self.counts(),
                "plans": [{"doc_id": d["id"], "title": d.get("title"), "source": d.get("source")} for d in self.plans],
                "copies": [{"used": chosen.get("source"), "doc_id": chosen["id"],
                            "left_out": [d.get("source") for d in others]} for chosen, others in self.copies]}


def _in_years(year: int | None, years: tuple[int, int] | None) -> bool:
    return years is None or (year is not None and years[0] <= year <= years[1])


class PassageCache:
    """Stored passages per document, read once."""

    def __init__(self, store):
        self.store = store
        self.cache: dict[str, list[dict]] = {}

    def preload(self) -> None:
        """Read every passage of the knowledge base in one pass (for an audit of everything)."""
        grouped: dict[str, list[dict]] = {}
        for passage in self.store.passages():
            grouped.setdefault(passage["doc_id"], []).append(passage)
        for doc_id, found in grouped.items():
            self.cache[doc_id] = sorted(found, key=lambda p: p["seq"])

    def get(self, doc_id: str) -> list[dict]:
        if doc_id not in self.cache:
            self.cache[doc_id] = self.store.passages_of(doc_id)
        return self.cache[doc_id]


def plan_documents(documents: list[dict], department: str | None = None) -> list[dict]:
    """Documents that hold a plan section, optionally of one department."""
    out = []
    for doc in documents:
        if department and not department_matches(doc, department):
            continue
        if any(s.get("kind") == "plan" for s in doc.get("outline") or []) or plan_only(doc) or doc.get("plan_year"):
            out.append(doc)
    return out


def audited_documents(documents: list[dict], cache: PassageCache, department: str | None = None
                      ) -> tuple[list[dict], list[tuple[dict, list[dict]]]]:
    """The documents an audit reads, each report once, and the copies left out
    (see ``audit.copies``): only copies within ``department`` are looked for."""
    selected = [d for d in documents if not department or department_matches(d, department)]
    copies = find_copies(selected, cache.get)
    return without_copies(documents, copies), copies


def commitments_of(store, department: str | None = None, years: tuple[int, int] | None = None,
                   documents: list[dict] | None = None, cache: PassageCache | None = None) -> list[Commitment]:
    """The commitments of every plan of ``department`` whose plan year is within ``years``
    (each report once, however many copies of it are in the knowledge base)."""
    cache = cache or PassageCache(store)
    if documents is None:
        documents, _ = audited_documents(store.documents(), cache, department)
    out = []
    for doc in plan_documents(documents, department):
        for commitment in extract_all(cache.get(doc["id"]), doc):
            if _in_years(commitment.plan_year, years):
                out.append(commitment)
    return out


def audit_commitments(commitments: Iterable[Commitment], documents: list[dict], cache: PassageCache,
                      progress: Progress | None = None) -> list[AuditRow]:
    """A row (follow-up, evidence, verdict) for each commitment."""
    by_id = {d["id"]: d for d in documents}
    followups: dict[tuple, Followup | None] = {}
    pools: dict[tuple, SentencePool] = {}
    names: dict[str, tuple[str, str]] = {}
    rows = []
    for commitment in commitments:
        if progress is not None:
            progress("commitment", {"text": commitment.text})
        plan_doc = by_id.get(commitment.doc_id) or commitment.passage.get("doc") or {}
        period = plan_period(plan_doc, commitment.passage)
        key = (commitment.doc_id, commitment.plan_year, period)
        if key not in followups:
            followups[key] = find_followup(plan_doc, commitment.plan_year, documents, period)
        followup = followups[key]
        evidence: list[Evidence] = []
        per_target = None
        pool = None
        if followup is not None:
            pool_key = (followup.doc["id"], commitment.plan_year)
            if pool_key not in pools:
                pools[pool_key] = SentencePool(cache.get(followup.doc["id"]), commitment.plan_year, followup.doc)
            pool = pools[pool_key]
            if commitment.kind == "target" and len(commitment.targets) > 1:
                per_target = []
                for target in commitment.targets:
                    terms = [target.indicator] + [t for t in budget_variants(target.indicator) if t != target.indicator]
                    per_target.append(find_evidence(commitment, pool, terms=terms, targets=[target]))
                evidence = _merge_evidence(per_target)
            else:
                evidence = find_evidence(commitment, pool)
        verdict = classify(commitment, followup, evidence, pool, per_target)
        shown = [e for e in evidence if e.score >= EVIDENCE_MIN_SCORE] if verdict.status != "not_reported" else []
        if verdict.used:  # the sentences whose numbers were compared come first
            first, seen = [], set()
            for item in verdict.used:
                if (item.passage["id"], item.start) not in seen:
                    seen.add((item.passage["id"], item.start))
                    first.append(item)
            used_passages = {item.passage["id"] for item in first}
            shown = first + [e for e in shown if e.passage["id"] not in used_passages]
        if commitment.doc_id not in names:
            names[commitment.doc_id] = office_of(plan_doc, documents)
        office, note = names[commitment.doc_id]
        rows.append(AuditRow(commitment, followup, shown, verdict.status, verdict.reason, verdict.comparisons,
                             office, note))
    return rows


def office_of(plan_doc: dict, documents: list[dict]) -> tuple[str, str]:
    """The office a plan's rows are listed under, and a note when it is uncertain.

    A plan that names its office without a place (科学技术局) is never filed under the one
    office of that kind the knowledge base happens to hold (泉州市科学技术局): it is listed
    as written, marked 地区不详, with a note."""
    written = plan_doc.get("department") or plan_doc.get("department_short") or ""
    if not written:
        return "（部门不详）", "部门存疑：文档没有写明部门"
    resolved = resolved_department(plan_doc, documents)
    if resolved and resolved != written and not resolved.endswith(written) and not written.endswith(resolved):
        return resolved, ""
    if resolved and resolved != written:
        return (f"{written}（地区不详）",
                f"部门存疑：文档只写“{written}”，没有写地区，未归入“{resolved}”")
    return written, ""


def _merge_evidence(lists: list[list[Evidence]], limit: int = 3) -> list[Evidence]:
    """Best evidence of several targets: the best of each first, then the rest by score."""
    out, seen = [], set()
    firsts = [found[0] for found in lists if found]
    rest = sorted((e for found in lists for e in found[1:]), key=lambda e: -e.score)
    for evidence in sorted(firsts, key=lambda e: -e.score) + rest:
        if evidence.passage["id"] in seen:
            continue
        seen.add(evidence.passage["id"])
        out.append(evidence)
    return out[:max(limit, len(firsts))]


def run_audit(store, department: str | None = None, years: tuple[int, int] | None = None,
              progress: Progress | None = None) -> AuditReport:
    """Audit every commitment of every plan in the knowledge base (or of one department /
    plan years).  ``progress(event, info)`` hears "start" (total), "commitment", "done"."""
    started = time.perf_counter()
    documents = store.documents()
    cache = PassageCache(store)
    if not department and years is None:
        cache.preload()
    documents, copies = audited_documents(documents, cache, department)
    plans = plan_documents(documents, department)
    commitments = commitments_of(store, department, years, documents, cache)
    if progress is not None:
        progress("start", {"total": len(commitments)})
    try:
        rows = audit_commitments(commitments, documents, cache, progress)
    finally:
        if progress is not None:
            progress("done", {})
    audited_docs = {row.commitment.doc_id for row in rows}
    plans = [d for d in plans if d["id"] in audited_docs]
    copy_note = {chosen["id"]: "同一报告另有副本 " + "、".join(d.get("source", "") for d in others) + "，只核对此份"
                 for chosen, others in copies}
    for row in rows:
        note = copy_note.get(row.commitment.doc_id)
        if note:
            row.note = "；".join(n for n in (row.note, note) if n)
    copies = [(chosen, others) for chosen, others in copies if chosen["id"] in audited_docs]
    return AuditReport(rows, plans, time.perf_counter() - started, copies)


# ── evaluation against labelled cases ────────────────────────────────────────


def _overlap(a: str, b: str) -> int:
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def match_commitment(quote: str, commitments: list[Commitment]) -> Commitment | None:
    """The extracted commitment that corresponds to a labelled quote (by overlap of text)."""
    q = match_key(quote)
    best, best_overlap = None, 0
    for commitment in commitments:
        c = match_key(commitment.text)
        if not c:
            continue
        if q in c or c in q:
            overlap = min(len(q), len(c))
        else:
            overlap = _overlap(q, c)
        good = overlap >= 0.5 * len(q) or (overlap >= 0.8 * len(c) and overlap >= 0.3 * len(q))
        if good and overlap > best_overlap:
            best, best_overlap = commitment, overlap
    return best


def evaluate(store, cases: list[dict]) -> dict:
    """Extraction share, evidence@3 and status agreement of the audit on labelled cases.

    A case names its plan and follow-up files by path; a document matches when the path
    ends with the document's source."""
    cache = PassageCache(store)
    everything = store.documents()
    documents, copies = audited_documents(everything, cache)
    chosen_for = {other["id"]: chosen for chosen, others in copies for other in others}
    results = []
    per_doc: dict[str, list[Commitment]] = {}
    for case in cases:
        plan_doc = _doc_for_path(everything, case["plan_file"], case.get("plan_part"))
        plan_doc = chosen_for.get(plan_doc["id"], plan_doc) if plan_doc else None
        outcome = {"id": case["id"], "extracted": False, "evidence_hit": None, "status": None,
                   "expected": case["status"]}
        if plan_doc is None:
            outcome["error"] = "plan not in index"
            results.append(outcome)
            continue
        if plan_doc["id"] not in per_doc:
            per_doc[plan_doc["id"]] = extract_all(cache.get(plan_doc["id"]), plan_doc)
        commitment = match_commitment(case["commitment_quote"], per_doc[plan_doc["id"]])
        if commitment is None:
            results.append(outcome)
            continue
        outcome["extracted"] = True
        outcome["text"] = commitment.text
        row = audit_commitments([commitment], documents, cache)[0]
        outcome["status"] = row.status
        outcome["reason"] = row.reason
        if case.get("evidence_quote"):
            quote = match_key(case["evidence_quote"])
            outcome["evidence_hit"] = any(quote in match_key(e.passage.get("text", "")) for e in row.evidence[:3])
        results.append(outcome)
    n = len(results) or 1
    with_evidence = [r for r in results if r["evidence_hit"] is not None or
                     (r["extracted"] is False and _case(cases, r["id"]).get("evidence_quote"))]
    evidence_cases = [c for c in cases if c.get("evidence_quote")]
    hits = sum(1 for r in results if r["evidence_hit"])
    return {
        "cases": len(results),
        "extracted": sum(r["extracted"] for r in results) / n,
        "evidence_at_3": hits / (len(evidence_cases) or 1),
        "status": sum(1 for r in results if r["status"] == r["expected"]) / n,
        "details": results,
        "evidence_cases": len(with_evidence),
    }


def _case(cases: list[dict], case_id: str) -> dict:
    return next(c for c in cases if c["id"] == case_id)


def _doc_for_path(documents: list[dict], path: str, part: int | None = None) -> dict | None:
    path = path.replace("\\", "/")
    matches = [d for d in documents if path == d["source"] or path.endswith("/" + d["source"])
               or path.endswith("/" + d["source"].split("/", 1)[-1])]
    if part:
        matches = [d for d in matches if d.get("part", 1) == part] or matches
    if not matches:
        return None
    matches.sort(key=lambda d: (-len(d["source"]), d.get("part", 1)))
    return matches[0]


