"""Parse the query syntax users already know into a small tree.

    科技特派员 乡村振兴        both words (passages with all of them first, then most)
    "科技特派员制度"           exact phrase
    高企 OR 高新技术企业       either
    -疫情   NOT 疫情           without
    (A OR B) C                 grouping
    year:2023  year:2022-2024  dept:民政局  type:工作总结  period:上半年  kind:plan  topic:科技创新

A malformed query raises QuerySyntaxError with one line that names the bad part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

from huigu.text.normalize import nfkc
from huigu.errors import HuiguError
FIELD_NAMES = {
    "year": "year", "年份": "year", "年": "year",
    "dept": "department", "department": "department", "部门": "department",
    "type": "doc_type", "doctype": "doc_type", "类型": "doc_type",
    "period": "period", "时段": "period",
    "kind": "kind", "类别": "kind",
    "topic": "topic", "主题": "topic",
}
KINDS = {"review": "review", "成效": "review", "problem": "problem", "问题": "problem",
         "plan": "plan", "计划": "plan", "other": "other"}
MAX_QUERY_CHARS = 1000


class QuerySyntaxError(HuiguError):
    pass


def _shown(text: str, limit: int = 20) -> str:
    """Part of the user's text, fit to quote in a one-line message."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass
class Word:
    text: str
    phrase: bool = False


@dataclass
class Not:
    child: "Node"


@dataclass
class And:
    children: list = field(default_factory=list)


@dataclass
class Or:
    children: list = field(default_factory=list)


Node = Union[Word, Not, And, Or]


@dataclass
class Parsed:
    tree: Optional[Node]
    filters: dict  # field filters found in the query text


_TOKEN_RE = re.compile(r'\s*(?:(?P<quote>["“”])|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"“”]+))')
# where a phrase opened by each quote ends: straight quotes pair with straight ones, so a pasted
# "“十五”期间年均经济增长" keeps its Chinese quotes as text; “…” pairs as Chinese quotes do
_CLOSERS = {'"': '"', "“": "”\"", "”": "”“\""}


def _closing(text: str, opener: str, position: int) -> int:
    found = [at for at in (text.find(ch, position) for ch in _CLOSERS[opener]) if at >= 0]
    if not found:
        return -1
    return min(found) if opener == "”" else found[0]


def _lex(text: str) -> list[tuple[str, str]]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN_RE.match(text, position)
        if not match or match.end() == position:
            if text[position:].strip() == "":
                break
            raise QuerySyntaxError(f"无法解析查询中的“{text[position:position + 10]}”")
        position = match.end()
        if match.group("quote"):
            end = _closing(text, match.group("quote"), position)
            if end < 0:
                raise QuerySyntaxError(f"引号不成对：“{match.group('quote')}{text[position:position + 20]}”缺少结束的引号")
            phrase = text[position:end].strip()
            position = end + 1
            if not phrase:
                raise QuerySyntaxError("引号里是空的：请在引号中写要精确查找的词句")
            tokens.append(("phrase", phrase))
        elif match.group("open"):
            tokens.append(("(", "("))
        elif match.group("close"):
            tokens.append((")", ")"))
        elif match.group("word"):
            tokens.append(("word", match.group("word")))
    return tokens


def _clean_query_text(text: str) -> str:
    text = nfkc(text)
    text = "".join(ch if ch.isprintable() or ch in "\t " else " " for ch in text)
    # Chinese quotes and brackets are the user's quotes and brackets too
    return text.replace("（", "(").replace("）", ")")


def parse(text: str) -> Parsed:
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"查询过长（{len(text)} 字，上限 {MAX_QUERY_CHARS} 字）：请只保留关键词")
    tokens = _lex(_clean_query_text(text))
    filters: dict = {}
    parser = _Parser(tokens, filters)
    tree = parser.parse()
    return Parsed(tree, filters)


class _Parser:
    def __init__(self, tokens, filters):
        self.tokens = tokens
        self.position = 0
        self.filters = filters

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.position += 1
        return token

    def parse(self) -> Optional[Node]:
        node = self.parse_or()
        if self.peek() is not None:
            kind, value = self.peek()
            if kind == ")":
                raise QuerySyntaxError("右括号多余：查询中的“)”没有对应的“(”")
            raise QuerySyntaxError(f"无法理解“{_shown(value)}”的位置：请检查括号和 OR/NOT 的写法")
        return node

    def parse_or(self) -> Optional[Node]:
        children = [self.parse_and()]
        while self._is_operator("OR"):
            operator = self.take()[1]
            if self.peek() is None or self.peek()[0] == ")" or self._is_operator("OR"):
                raise QuerySyntaxError(f"“{operator}”后面缺少词语：写成“A OR B”")
            children.append(self.parse_and())
        children = [c for c in children if c is not None]
        if len(children) > 1 and any(c is None for c in children):
            raise QuerySyntaxError("“OR”的一侧是空的：写成“A OR B”")
        if not children:
            return None
        return children[0] if len(children) == 1 else Or(children)

    def _is_operator(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] in ({"OR", "|", "或"} if name == "OR" else {"NOT"})

    def parse_and(self) -> Optional[Node]:
        children = []
        while True:
            token = self.peek()
            if token is None or token[0] == ")" or self._is_operator("OR"):
                break
            node = self.parse_unary()
            if node is not None:
                children.append(node)
        if not children:
            if self._is_operator("OR"):
                raise QuerySyntaxError("“OR”前面缺少词语：写成“A OR B”")
            return None
        return children[0] if len(children) == 1 else And(children)

    def parse_unary(self) -> Optional[Node]:
        kind, value = self.take()
        if kind == "word" and (value == "NOT" or value in ("-", "－")):
            following = self.peek()
            if following is None or following[0] == ")" or self._is_operator("OR"):
                raise QuerySyntaxError(f"“{value}”后面缺少要排除的词：写成“NOT 词”或“-词”")
            child = self.parse_unary()
            if child is None:
                raise QuerySyntaxError(f"“{value}”后面缺少要排除的词：写成“NOT 词”或“-词”")
            return Not(child)
        if kind == "word" and value.startswith("-") and len(value) > 1:
            return Not(Word(value[1:]))
        if kind == "(":
            node = self.parse_or()
            closing = self.take()
            if closing is None or closing[0] != ")":
                raise QuerySyntaxError("括号不成对：“(”缺少对应的“)”")
            if node is None:
                raise QuerySyntaxError("括号里是空的")
            return node
        if kind == ")":
            raise QuerySyntaxError("右括号多余：查询中的“)”没有对应的“(”")
        if kind == "phrase":
            return Word(value, phrase=True)
        field_match = re.match(r"^([A-Za-z_]+|年份|部门|类型|时段|类别|主题):(.*)$", value)
        if field_match:
            name, argument = field_match.groups()
            if name.lower() not in FIELD_NAMES and name not in FIELD_NAMES:
                known = "、".join(sorted({k for k in FIELD_NAMES if k.isascii()}))
                raise QuerySyntaxError(f"未知的字段“{_shown(name)}”：可用的字段有 {known}")
            if not argument:
                raise QuerySyntaxError(f"字段“{_shown(name)}:”后面缺少值，例如 year:2023")
            self._add_filter(FIELD_NAMES.get(name.lower(), FIELD_NAMES.get(name)), argument)
            return None
        if value in ("AND", "&&", "&"):
            return None
        if value in ("OR", "|"):
            raise QuerySyntaxError("“OR”前面缺少词语：写成“A OR B”")
        return Word(value)

    def _add_filter(self, name: str, argument: str) -> None:
        if name == "year":
            self.filters["year"] = parse_year_range(argument)
        elif name == "kind":
            if argument not in KINDS:
                raise QuerySyntaxError(f"kind 只能是 review（成效）、problem（问题）、plan（计划）：不认识“{_shown(argument)}”")
            self.filters["kind"] = KINDS[argument]
        else:
            self.filters[name] = argument


def parse_year_range(text: str) -> tuple[int, int]:
    """2023 → (2023, 2023); 2022-2024 / 2022..2024 / 2022~2024 → (2022, 2024)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:年)?\s*(?:(?:-|~|\.\.|至|到|—)\s*(\d{4})\s*(?:年)?)?\s*", nfkc(text))
    if not match:
        raise QuerySyntaxError(f"年份“{_shown(text)}”看不懂：写成 2023 或 2022-2024")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        first, last = last, first
    return first, last
