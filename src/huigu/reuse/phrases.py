"""Set phrases (套话、固定搭配) most used in a selection of passages.

Two kinds, both found from the text alone (no dictionary, no jieba):

* **四字格** — four-character units that stand between punctuation marks ("凝心聚力，"
  "攻坚克难、锐意进取"), recur across documents, and mostly stand alone wherever
  they occur (a noun such as 集成电路 stands alone only in lists and is mostly part of
  longer phrases: "集成电路产业").  Two that recur side by side are also reported as a
  pair ("凝心聚力、拼搏实干").
* **句式** — clause frames with a varying middle: clauses that open with the same
  characters and close with the same characters, with at least ``MIN_VARIANTS``
  different middles ("深入贯彻落实…精神", "强化…建设").  Of nested frames, one that
  holds (nearly) all the occurrences of a shorter one replaces it: "深入贯彻落实…精神",
  not "深入贯彻…精神".

The same report filed twice (two sources or formats of one year's report, a draft and
its final text) counts once: a document whose text is mostly in another of the same year
and office is left out, and so is a sentence already seen in a document of that year
(a report reprinted in a compilation).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Optional

from huigu.text.normalize import CJK

# a 四字格 stands between these marks (not quotes: “枫桥经验” is a name, 严格落实“一岗双责” one phrase)
_UNIT_RE = re.compile(r"([^，,、；;。！!？?：:\s（）()—…·]+)([，,、；;。！!？?：:\s（）()—…·]*)")
_CLAUSE_SPLIT_RE = re.compile(r"[，,；;。！!？?：:\s“”\"（）()《》「」『』【】—…·]+")  # not 、: it lists inside a clause
_FOUR_RE = re.compile(f"[{CJK}]{{4}}")
_QUOTED_RE = re.compile(f"^[“\"]([{CJK}]{{4}})[”\"]$")
_CLAUSE_RE = re.compile(f"[{CJK}、]+")
_ENUMERATOR_RE = re.compile(r"^(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+[、.．]|\d+[、.．])")
_PAIR_RE = re.compile(f"([{CJK}]{{4}})、([{CJK}]{{4}})(?![{CJK}、])")
_SENTENCE_RE = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]|$)")
_NOT_KEY_RE = re.compile(r"[\W_]+")
_NUMERAL_RE = re.compile(r"[0-9〇零一二三四五六七八九十百千万亿两几]")

# four-character words that stand alone but are connectives, salutations or headings, not set phrases
NOT_SET_PHRASES = frozenset(
    "各位代表 与此同时 总的来看 总体来看 总体上看 一年以来 今年以来 具体来说 主要包括 主要表现 主要做法 "
    "存在问题 工作措施 主要工作 主要成效 工作成效 工作打算 工作思路 下步打算 另一方面 特别是在 尤其是在 "
    "在此基础 为此我们 我们认为 我们相信 我们坚信 实践证明 事实证明 请予审议 同志们好 大家知道 这就是说 "
    "由此可见 毫无疑问 如前所说 在这同时 从今年起 去年以来 综上所述 总而言之 众所周知 不仅如此".split()
)
STANDALONE_SHARE = 0.6  # a 四字格 stands alone in at least this share of all its occurrences
PREFIX_CHARS = (2, 3, 4, 5, 6)
SUFFIX_CHARS = (2, 3, 4)
MIN_MIDDLE_CHARS = 2
MAX_CLAUSE_CHARS = 30
MIN_VARIANTS = 3  # a frame needs this many different middles (and occurrences)
COPY_SHARE = 0.8  # a document with this share of its text in another of the same year and office is a copy
CLOSED_SHARE = 0.8  # a longer frame replaces a shorter one when it holds this share of its occurrences
ALIGNMENT_SAMPLE = 12  # clauses of a frame checked for word boundaries …
ALIGNED_SHARE = 0.7  # … of which this share must not have a word cut by the frame


@dataclass
class Occurrence:
    text: str  # the phrase or clause as written
    year: Optional[int]
    doc_id: str
    passage: dict


@dataclass
class Phrase:
    phrase: str  # 凝心聚力 / 凝心聚力、拼搏实干 / 深入贯彻落实…精神
    kind: str  # 四字格 | 四字格对 | 句式
    count: int
    documents: int
    years: dict[int, int]
    example: Occurrence
    variants: list[str] = field(default_factory=list)  # for 句式: the commonest clauses it makes
    variants_sample: list[str] = field(default_factory=list, repr=False)


@dataclass
class PhraseReport:
    passages: int
    documents: int
    phrases: list[Phrase]
    copies: int = 0  # documents left out as another version of one counted


def copied_documents(passages: list[dict]) -> set[str]:
    """Documents that are another version of a document of the same year and office
    (the same report from a second source, a draft and its final text): most of their
    8-character pieces are in the first one's text too."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for data in passages:
        by_doc[data.get("doc_id") or ""].append(data)
    groups: dict[tuple, list[str]] = defaultdict(list)
    for doc_id, items in by_doc.items():
        doc = items[0].get("doc") or {}
        if doc.get("year"):
            groups[(doc["year"], doc.get("department") or "")].append(doc_id)
    copies = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        pieces = {doc_id: _sampled_pieces(by_doc[doc_id]) for doc_id in members}
        kept: list[str] = []
        for doc_id in sorted(members, key=lambda d: -len(pieces[d])):
            mine = pieces[doc_id]
            if mine and any(len(mine & pieces[other]) >= COPY_SHARE * len(mine) for other in kept):
                copies.add(doc_id)
            else:
                kept.append(doc_id)
    return copies


def _sampled_pieces(items: list[dict]) -> set[str]:
    key = _NOT_KEY_RE.sub("", "".join(d["text"] for d in sorted(items, key=lambda d: d.get("seq", 0))))
    return {piece for piece in (key[i:i + 8] for i in range(len(key) - 7)) if hash(piece) % 8 == 0}


def _new_sentences(text: str, year, seen: set) -> str:
    """``text`` without the sentences already seen in a document of the same year."""
    kept = []
    for sentence in _SENTENCE_RE.findall(text):
        key = (year, _NOT_KEY_RE.sub("", sentence))
        if len(key[1]) < 6 or key not in seen:
            seen.add(key)
            kept.append(sentence)
        else:
            kept.append("。")
    return "".join(kept)


def _standing_units(text: str) -> list[str]:
    """Four-character units between punctuation marks (“约法三章” too); in a list (、)
    only when the next item is one too (not 围绕茶叶、黄精、食用菌)."""
    runs = [(_QUOTED_RE.sub(r"\1", m.group(1)), m.group(2)) for m in _UNIT_RE.finditer(text)]
    found = []
    for i, (unit, after) in enumerate(runs):
        if len(unit) != 4 or not _FOUR_RE.fullmatch(unit) or not _is_four_char_phrase(unit):
            continue
        before = runs[i - 1][1] if i else ""
        if "、" in after and (i + 1 >= len(runs) or len(runs[i + 1][0]) != 4):
            continue
        if "、" in before and len(runs[i - 1][0]) < 4:
            continue
        found.append(unit)
    return found


def _is_four_char_phrase(unit: str) -> bool:
    return (unit not in NOT_SET_PHRASES and not _NUMERAL_RE.search(unit[:2])
            and not unit.endswith(("年", "月", "日")))


def collect(passages: list[dict], limit: int = 20, is_word: Optional[Callable[[str], bool]] = None) -> PhraseReport:
    """The set phrases of ``passages`` (stored passage data), most used first, ``limit`` of
    each kind.  ``is_word`` (is this two-character string a word?) keeps frames from
    cutting words: "深化…制改革" cuts 体制; without it frames are not checked."""
    units: dict[str, list[Occurrence]] = defaultdict(list)
    pairs: dict[str, list[Occurrence]] = defaultdict(list)
    clauses: list[Occurrence] = []
    documents = set()
    seen: set[tuple] = set()
    texts = []
    copies = copied_documents(passages)
    for data in passages:
        if data.get("doc_id") in copies:
            continue
        doc = data.get("doc") or {}
        year, doc_id = doc.get("year"), data.get("doc_id") or doc.get("id") or ""
        documents.add(doc_id)
        text = _new_sentences(data["text"], year, seen)
        texts.append(text)
        for unit in _standing_units(text):
            units[unit].append(Occurrence(unit, year, doc_id, data))
        for match in _PAIR_RE.finditer(text):
            first, second = match.groups()
            if _is_four_char_phrase(first) and _is_four_char_phrase(second) and first[2:] != second[2:]:
                pair = f"{first}、{second}"  # (not 服务贸易、数字贸易: a list of nouns with one head)
                pairs[pair].append(Occurrence(pair, year, doc_id, data))
        for clause in _CLAUSE_SPLIT_RE.split(text):
            clause = _ENUMERATOR_RE.sub("", clause)
            if MIN_MIDDLE_CHARS + 4 <= len(clause) <= MAX_CLAUSE_CHARS and _CLAUSE_RE.fullmatch(clause):
                clauses.append(Occurrence(clause, year, doc_id, data))
    min_docs = 2 if len(documents) > 1 else 1
    everything = "\n".join(texts)
    standing: dict[str, bool] = {}

    def stands_alone(unit: str) -> bool:
        """Does the unit stand alone in most of the places it occurs at all?"""
        if unit not in standing:
            items = units.get(unit, ())
            standing[unit] = len(items) >= 2 and len(items) >= STANDALONE_SHARE * everything.count(unit)
        return standing[unit]

    chosen = _best(_unit_phrases(pairs, "四字格对", min_docs), limit,
                   lambda ph: stands_alone(ph.phrase[:4]) or stands_alone(ph.phrase[5:]))
    chosen += _best(_unit_phrases(units, "四字格", min_docs), limit, lambda ph: stands_alone(ph.phrase))
    chosen += _best(_frame_phrases(clauses, min_docs), limit,
                    lambda ph: is_word is None or _word_aligned(ph, clauses, is_word))
    return PhraseReport(passages=len(passages), documents=len(documents) + len(copies), phrases=chosen,
                        copies=len(copies))


def _best(found: list[Phrase], limit: int, keep: Callable[[Phrase], bool]) -> list[Phrase]:
    """The ``limit`` most used phrases that pass ``keep`` (checked in order, only as far as needed)."""
    chosen = []
    for phrase in sorted(found, key=lambda ph: (-ph.count, -ph.documents, ph.phrase)):
        if len(chosen) >= limit:
            break
        if keep(phrase):
            chosen.append(phrase)
    return chosen


def _word_aligned(phrase: Phrase, clauses: list[Occurrence], is_word: Callable[[str], bool]) -> bool:
    """Do the frame's fixed parts end and begin at word boundaries in most of its clauses?
    Not when the two characters around a boundary make a word (体|制改革 cuts 体制)."""
    prefix, suffix = phrase.phrase.split("…")
    sample = phrase.variants_sample
    aligned = 0
    for text in sample:
        head = text[len(prefix) - 1:len(prefix) + 1]
        tail = text[len(text) - len(suffix) - 1:len(text) - len(suffix) + 1]
        aligned += not is_word(head) and not is_word(tail)
    return aligned >= ALIGNED_SHARE * len(sample)


def _summary(items: list[Occurrence]) -> tuple[int, dict[int, int], Occurrence]:
    years = Counter(o.year for o in items if o.year)
    example = max(items, key=lambda o: (o.year or 0, -len(o.passage["text"])))
    return len({o.doc_id for o in items}), dict(sorted(years.items())), example


def _unit_phrases(table: dict[str, list[Occurrence]], kind: str, min_docs: int) -> list[Phrase]:
    phrases = []
    for text, items in table.items():
        if len(items) < 2:
            continue
        documents, years, example = _summary(items)
        if documents >= min_docs:
            phrases.append(Phrase(text, kind, len(items), documents, years, example))
    return phrases


def _split(members: list[int], texts: list[str], part) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index in members:
        piece = part(texts[index])
        if piece is not None:
            groups[piece].append(index)
    return {piece: group for piece, group in groups.items() if len(group) >= MIN_VARIANTS}


def _frames(texts: list[str]) -> dict[tuple[str, str], list[int]]:
    """Clause frames (prefix, suffix) held by at least MIN_VARIANTS clauses, with their
    clauses: prefixes grow one character at a time inside the groups big enough to
    matter, and suffixes likewise inside each prefix group."""
    frames: dict[tuple[str, str], list[int]] = {}

    def cut(length: int, front: bool, keep: int):
        def part(text: str):
            if len(text) - keep - length < MIN_MIDDLE_CHARS:
                return None
            return text[:length] if front else text[-length:]
        return part

    prefixes = _split(list(range(len(texts))), texts, cut(PREFIX_CHARS[0], True, SUFFIX_CHARS[0]))
    for p in PREFIX_CHARS:
        longer = {}
        for prefix, group in prefixes.items():
            suffixes = _split(group, texts, cut(SUFFIX_CHARS[0], False, p))
            for s in SUFFIX_CHARS:
                next_suffixes = {}
                for suffix, members in suffixes.items():
                    frames[(prefix, suffix)] = members
                    if s < SUFFIX_CHARS[-1]:
                        next_suffixes.update(_split(members, texts, cut(s + 1, False, p)))
                suffixes = next_suffixes
            if p < PREFIX_CHARS[-1]:
                longer.update(_split(group, texts, cut(p + 1, True, SUFFIX_CHARS[0])))
        prefixes = longer
    return frames


def _frame_phrases(clauses: list[Occurrence], min_docs: int) -> list[Phrase]:
    frames = _frames([c.text for c in clauses])
    strong = {}
    for (prefix, suffix), members in frames.items():
        if len(members) < MIN_VARIANTS:
            continue
        middles = Counter(clauses[i].text[len(prefix):len(clauses[i].text) - len(suffix)] for i in members)
        if len(middles) >= MIN_VARIANTS:
            strong[(prefix, suffix)] = (members, middles)
    longest_extension: dict[tuple[str, str], int] = defaultdict(int)
    for (prefix, suffix), (members, _) in strong.items():
        for shorter in ((prefix[:-1], suffix), (prefix, suffix[1:])):
            longest_extension[shorter] = max(longest_extension[shorter], len(members))
    phrases = []
    for (prefix, suffix), (members, middles) in strong.items():
        if longest_extension[(prefix, suffix)] >= CLOSED_SHARE * len(members):
            continue
        chosen = [clauses[i] for i in members]
        documents, years, example = _summary(chosen)
        if documents < min_docs:
            continue
        variants = [prefix + middle + suffix for middle, _ in middles.most_common(ALIGNMENT_SAMPLE)]
        phrase = Phrase(f"{prefix}…{suffix}", "句式", len(members), documents, years, example, variants[:3])
        phrase.variants_sample = variants
        phrases.append(phrase)
    return phrases


def phrases(store, filters=None, limit: int = 20) -> PhraseReport:
    """Set phrases of the passages the filters select (all passages without filters)."""
    from huigu.reuse.index import WordTest, filter_node

    return collect(store.passages(filter_node(filters)), limit, is_word=WordTest(store))
