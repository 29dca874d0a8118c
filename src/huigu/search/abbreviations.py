"""Short forms the index does not know, matched to how the knowledge base writes them.

Two sources, no model and nothing downloaded:

* **defined** — the pairs the documents themselves define (中国国际进口博览会（以下简称
  “进博会”）, 简称“放管服”, a glossary's “两新”：…), found at ingest
  (``ingest.describe.defined_abbreviations``) and kept in each document's data; read back
  through the Store protocol once per knowledge-base version (cached beside the index when
  the store has a cache folder);
* **spelled out** — index words, or runs of neighbouring index words, that hold the
  short form's characters in order, each word starting with the next of them
  (进博会 → 进口 博览会; 营改增 → 营业税 改征 增值税), kept only when a passage really
  holds the run;
* **spelled out over words between** — a two- or three-character short form whose full
  form has words that give it no character (汇改 → 汇率 形成 机制 改革, 股改 → 股权 分置
  改革): such runs are read off the reports' passages holding a word of the first
  character with one of the last, and kept only when the same run stands in the reports
  of more than one office or year, and the short form's characters rarely stand side by
  side in the text.

An expansion is an extra way to match a concept, scored below the word as typed
(``rank.EXPANSION_ONLY``), so a wrong expansion cannot push out a real match; the
expansions used are shown with the results.
"""
from __future__ import annotations

import json
import math
import re
from typing import Optional

from huigu.lexicon.doctypes import REPORT_TYPES
from huigu.search.vocabulary import segment
from huigu.store import query as N
from huigu.text.normalize import CJK_CHAR_RE, grams, match_key

FORCED_MAX_CHARS = 4  # on a search that found too little, words up to this long are spelled out too
RARE_DF = 30  # a word in fewer passages than this may be a short form worth spelling out
MAX_EXPANSIONS = 3
PREFIX_WORDS = 300  # index words tried per leading character …
PER_STEP = 25  # … of them per partial run (those holding more of the short form, then the commoner) …
BEAM = 8  # … partial runs kept per step (all of the first step's) …
MAX_COUNTS = 400  # … co-occurrence counts asked of the store in all …
VERIFIED = 12  # … and complete runs checked against passages
MIN_DF = 2  # a word in one passage only is no way of writing anything
HOLDING_SAMPLE = 20  # passages checked for holding a spelled-out run
CACHE_FILE = "abbreviations.json"
# runs with words between (汇率 形成 机制 改革 for 汇改)
GAP_MAX_SHORT = 3  # short forms up to this long
GAP_WORDS = 3  # words between that hold none of the short form's characters, at most
GAP_MAX_CHARS = 12  # a run this long at most
GAP_FIRSTS = 24  # the commonest words of the first character …
GAP_LASTS = 20  # … beside one of the commonest of the last: passages (one query) …
GAP_SAMPLE = 300  # … this many of them read for runs …
GAP_VERIFIED = 6  # … and the runs of the most documents kept
GAP_MIN_DOCS = 2  # a run in one report only (by office and year) is its phrase, no full form

_defined_memo: dict[tuple[int, str], dict] = {}


def defined(store) -> dict[str, list[str]]:
    """short → the full forms the knowledge base's documents define for it."""
    version = store.version()
    key = (id(store), version)
    if key in _defined_memo:
        return _defined_memo[key]
    cache = None
    cache_dir = getattr(store, "cache_dir", None)
    if callable(cache_dir):
        try:
            cache = cache_dir() / CACHE_FILE
            stored = json.loads(cache.read_text(encoding="utf-8"))
            if stored.get("version") == version:
                _defined_memo[key] = stored["pairs"]
                return stored["pairs"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    pairs: dict[str, list[str]] = {}
    for doc in store.documents():
        for short, full in doc.get("abbreviations") or ():
            short = short.lower()
            if full not in pairs.setdefault(short, []):
                pairs[short].append(full)
    if cache is not None:
        try:
            cache.write_text(json.dumps({"version": version, "pairs": pairs}, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a read-only knowledge base: computed again next time
    _defined_memo.clear()
    _defined_memo[key] = pairs
    return pairs


def worth_expanding(word: str, vocab, found_too_little: bool = False) -> bool:
    """A short Chinese word the index knows rarely (or not at all) — or any short word
    when searching it as written ``found_too_little`` (国企 in reports of 1994–1996)."""
    if not (2 <= len(word) <= 6) or not all(CJK_CHAR_RE.match(ch) for ch in word):
        return False
    return (found_too_little and len(word) <= FORCED_MAX_CHARS) or vocab.df(word) < RARE_DF


def _consumed(word: str, short: str, position: int) -> int:
    """How many of ``short``'s characters from ``position`` on ``word`` holds in order,
    starting with its first character (0: the word does not start with the next one)."""
    if not word or word[0] != short[position]:
        return 0
    count, at = 1, 1
    for char in short[position + 1:]:
        found = word.find(char, at)
        if found < 0:
            break
        count += 1
        at = found + 1
    return count


def spelled_out(short: str, store, vocab) -> list[str]:
    """Runs of index words that spell ``short`` out and stand in some passage, most used first."""
    terms_with_prefix = getattr(store, "terms_with_prefix", None)
    if terms_with_prefix is None:
        return []
    prefixed: dict[str, list[tuple[str, int]]] = {}
    together: dict[tuple[str, ...], int] = {}
    budget = [MAX_COUNTS]

    def words_from(char: str) -> list[tuple[str, int]]:
        if char not in prefixed:
            words = [w for w in terms_with_prefix("words", char)
                     if 2 <= len(w) <= 10 and all(CJK_CHAR_RE.match(c) for c in w) and w != short]
            scored = [(w, vocab.df(w)) for w in words]
            prefixed[char] = sorted([p for p in scored if p[1] >= MIN_DF], key=lambda p: -p[1])[:PREFIX_WORDS]
        return prefixed[char]

    def cooccurring(words: tuple[str, ...]) -> int:
        """Passages holding all of ``words`` (counted by the store, a query each)."""
        if words not in together:
            if budget[0] <= 0:
                return 0
            budget[0] -= 1
            together[words] = store.search(N.all_of([N.Term("words", w) for w in dict.fromkeys(words)]), 1).total
        return together[words]

    # beam over runs: (score, words, characters consumed); a run's words must be found
    # together, the more often relative to the rarer word the better
    beam: list[tuple[float, tuple[str, ...], int]] = [(0.0, (), 0)]
    complete: list[tuple[float, tuple[str, ...], int]] = []
    for _step in range(len(short)):
        grown = []
        for score, words, position in beam:
            options = []
            for word, df in words_from(short[position]):
                taken = _consumed(word, short, position)
                if not taken:
                    continue
                if words:
                    junction = words[-1][-1] + word[0]
                    if not (vocab.pair_df(junction) or vocab.df(junction)):
                        continue
                options.append((taken, df, word))
            # words holding more of the short form first, then the commoner
            options.sort(key=lambda o: (-o[0], -o[1]))
            for taken, df, word in options[:PER_STEP]:
                run = words + (word,)
                bonus = 2.0 * (taken - 1)
                if words:
                    both = cooccurring(run)
                    if not both:
                        continue
                    bonus += math.log(both / min(df, vocab.df(words[-1]) or 1) + 1e-3)
                entry = (score + bonus, run, position + taken)
                (complete if entry[2] == len(short) else grown).append(entry)
        grown.sort(key=lambda e: -e[0])
        beam = grown[:BEAM] if _step else grown  # a first word is judged by the words found with it
        if not beam:
            break
    complete.sort(key=lambda e: -e[0])
    found: list[tuple[int, str]] = []
    seen = set()
    for _score, words, _ in complete[:VERIFIED]:
        text = "".join(words)
        if text in seen or len(text) <= len(short) or short in text:  # 赤字率拟 is no way of writing 赤字率
            continue
        seen.add(text)
        holding = _passages_holding(store, words, text)
        # a short form is written less often than its full form: a "full form" far rarer than
        # the word as typed is some other phrase (大桥 is no short form of 大型桥梁)
        if holding and holding * 2 >= min(vocab.df(short), HOLDING_SAMPLE):
            found.append((holding, text))
    if len(short) <= GAP_MAX_SHORT and vocab.df(short) < RARE_DF:  # not a common word searched again (中部)
        # a guess over words between needs the short form rarely written as characters side by
        # side too, not only as a word (人参 is a word nowhere, 人参产业 and 个人参加 hundreds of
        # times: no short form of 人民代表大会代表参加)
        written = max(vocab.df(short), min((vocab.bigram_df(g) for g in grams(short)), default=0))
        for holding, text in _runs_with_words_between(short, store, vocab, words_from):
            if text not in seen and short not in text and holding * 2 >= min(written, HOLDING_SAMPLE):
                seen.add(text)
                found.append((holding, text))
    found.sort(key=lambda p: -p[0])
    return [text for _, text in found[:MAX_EXPANSIONS]]


def _runs_with_words_between(short: str, store, vocab, words_from) -> list[tuple[int, str]]:
    """Runs that spell ``short`` out with up to ``GAP_WORDS`` words between that hold none
    of its characters (汇改: 汇率 形成 机制 改革), read off the passages (the reports where
    the knowledge base has any) holding a word of its first character beside one of its
    last; those standing in ``GAP_MIN_DOCS`` reports or more (by office and year), each
    with the passages found holding it (at most ``HOLDING_SAMPLE``), of the most reports first."""
    firsts = {w for w, _ in words_from(short[0])[:GAP_FIRSTS] if _consumed(w, short, 0) < len(short)}
    lasts = [w for w, _ in words_from(short[-1])]
    if not firsts or not lasts:
        return []
    query = N.all_of([N.any_of([N.Term("words", w) for w in sorted(firsts)]),
                      N.any_of([N.Term("words", w) for w in lasts[:GAP_LASTS]])])
    if _has_reports(store):
        query = N.Within(query, _REPORTS_ONLY)
    closing = set(lasts)
    passages: dict[str, int] = {}
    documents: dict[str, set] = {}
    for data, _ in store.search(query, GAP_SAMPLE).hits:
        doc = data.get("doc") or {}
        source = (doc.get("department") or doc.get("source"), doc.get("year"))  # one report from two sources is one
        for text in _runs_in(data.get("text", ""), short, firsts, closing, vocab):
            passages[text] = passages.get(text, 0) + 1
            documents.setdefault(text, set()).add(source)
    kept = [(min(passages[t], HOLDING_SAMPLE), t) for t, d in documents.items() if len(d) >= GAP_MIN_DOCS]
    kept.sort(key=lambda p: (-len(documents[p[1]]), -p[0]))
    return kept[:GAP_VERIFIED]


def _runs_in(text: str, short: str, firsts: set, closing: set, vocab) -> set[str]:
    """The runs in ``text`` from a word of ``firsts`` to one of ``closing`` (words of the
    short form's first and last characters) that spell ``short`` out with words between."""
    runs = set()
    start = text.find(short[0])
    while start >= 0:
        first = next((text[start:start + n] for n in range(min(10, len(text) - start), 1, -1)
                      if text[start:start + n] in firsts), None)
        if first:
            end = start + len(first)
            for at in range(end + 1, min(len(text), start + GAP_MAX_CHARS)):
                if not CJK_CHAR_RE.match(text[at - 1]):
                    break
                if text[at] != short[-1]:
                    continue
                last = next((text[at:at + n] for n in range(min(start + GAP_MAX_CHARS, len(text)) - at, 1, -1)
                             if text[at:at + n] in closing), None)
                if last and _spelled_with_gap(first, segment(text[end:at], vocab), last, short, vocab):
                    runs.add(text[start:at + len(last)])
        start = text.find(short[0], start + 1)
    return runs


def _spelled_with_gap(first: str, middle: list[str], last: str, short: str, vocab) -> bool:
    """Do first + middle + last spell ``short`` out, each word either starting with its
    next character or (1 to ``GAP_WORDS`` of them) a word of the index holding none of its
    characters, ``last`` giving its last?"""
    chars = set(short)
    position = _consumed(first, short, 0)
    between = 0
    for word in middle:
        taken = _consumed(word, short, position)
        if taken and position + taken < len(short):
            position += taken
        elif len(word) >= 2 and not chars & set(word) and vocab.df(word) >= MIN_DF:
            between += 1
        else:
            return False
    return 1 <= between <= GAP_WORDS and position + _consumed(last, short, position) == len(short)


_NUMBERED_RE = re.compile(r"([两二三四五六七八九])(?:大|个|项|条|种)?([\u4e00-\u9fff]{2,6})")
_CN_SMALL = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LIST_START = "，。；：！？“”（）《》\n "


def numbered_short_form(word: str) -> bool:
    """五大发展理念, 三个代表, 两个确保: a count before what it counts."""
    return bool(_NUMBERED_RE.fullmatch(word))


def _list_before(text: str, at: int, count: int) -> list[str]:
    """The ``count`` items parted by 、 that end with 的 right before ``at`` (…创新、协调、绿色、开放、共享【的】发展理念),
    all of one length within a character (找准切入点、提高执行力、打好攻坚战 is none), or []."""
    if count < 2 or text[at - 1:at] != "的":
        return []
    start = max(text.rfind(ch, 0, at) for ch in _LIST_START) + 1
    items = text[start:at - 1].split("、")
    if len(items) != count:
        return []
    items[0] = items[0][-len(items[1]):]  # the first is as long as the second (牢固树立和贯彻落实【创新】、协调、…)
    lengths = [len(i) for i in items]
    if min(lengths) < 1 or max(lengths) > 6 or max(lengths) - min(lengths) > 1 or \
            not all(CJK_CHAR_RE.match(c) for i in items for c in i):
        return []
    return items


def numbered(short: str, store, vocab) -> list[str]:
    """A numbered short form spelled out as the list it counts (五大发展理念 → 创新、协调、绿色、开放、共享的发展理念):
    in the passages (the reports where the knowledge base has any) holding its head word (发展理念), the head
    right after exactly that many items parted by 、 (the count is the check: one report is enough), the
    list written in the most reports first."""
    match = _NUMBERED_RE.fullmatch(short)
    if not match or not vocab.df(match.group(2)) and not all(vocab.df(p) for p in segment(match.group(2), vocab)):
        return []
    count, head = _CN_SMALL[match.group(1)], match.group(2)
    pieces = [head] if vocab.df(head) else segment(head, vocab)
    query = N.all_of([N.Term("words", p) for p in pieces])
    if _has_reports(store):
        query = N.Within(query, _REPORTS_ONLY)
    documents: dict[str, set] = {}
    for data, _ in store.search(query, GAP_SAMPLE).hits:
        doc = data.get("doc") or {}
        source = (doc.get("department") or doc.get("source"), doc.get("year"))
        text = data.get("text", "")
        at = text.find(head)
        while at > 0:
            items = _list_before(text, at, count)
            if items:
                documents.setdefault(f"{'、'.join(items)}的{head}", set()).add(source)
            at = text.find(head, at + 1)
    return sorted(documents, key=lambda t: -len(documents[t]))[:MAX_EXPANSIONS]


def _passages_holding(store, words: tuple[str, ...], text: str) -> int:
    """How many of the passages holding every word hold them as one run (a sample) — in
    the reports, where the knowledge base has any: the office's own writing says how it
    spells a short form out, the laws beside it do not (两山 is no 两侧山坡地, 举办权 no
    举办者权益)."""
    query = N.all_of([N.Term("words", w) for w in dict.fromkeys(words)])
    if _has_reports(store):
        query = N.Within(query, _REPORTS_ONLY)
    found = store.search(query, HOLDING_SAMPLE)
    key = match_key(text)
    return sum(1 for data, _ in found.hits if key in match_key(data.get("text", "")))


_REPORTS_ONLY = N.any_of([N.Term("doc_type", t) for t in sorted(REPORT_TYPES)])
_reports_memo: dict[tuple[int, str], bool] = {}


def _has_reports(store) -> bool:
    key = (id(store), store.version())
    if key not in _reports_memo:
        _reports_memo.clear()
        _reports_memo[key] = store.search(_REPORTS_ONLY, 1).total > 0
    return _reports_memo[key]


_expansion_memo: dict[tuple, list[str]] = {}
MEMO_WORDS = 2000


def expansions_of(word: str, store, vocab, known: Optional[set] = None, found_too_little: bool = False) -> list[str]:
    """How the knowledge base writes ``word`` if it is a short form: defined pairs first.
    Kept per knowledge-base version for the process (a web page asks the same again)."""
    word = word.lower()
    if not worth_expanding(word, vocab, found_too_little):
        return []
    key = (id(store), store.version(), word)
    out = _expansion_memo.get(key)
    if out is None:
        out = [full for full in defined(store).get(word, []) if full.lower() != word]
        if len(out) < MAX_EXPANSIONS:
            out += [text for text in numbered(word, store, vocab) if text not in out]
        if len(out) < MAX_EXPANSIONS:
            out += [text for text in spelled_out(word, store, vocab) if text not in out]
        if len(_expansion_memo) >= MEMO_WORDS:
            _expansion_memo.clear()
        _expansion_memo[key] = out
    known = known or set()
    return [text for text in out if text.lower() not in known][:MAX_EXPANSIONS]
