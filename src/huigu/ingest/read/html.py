"""Web pages saved from government sites: the article body, one line per text block.

The content container is found by the ids/classes these sites use (``zoom``,
``TRS_Editor`` …), else as the block with the most Chinese text outside links.
Every walk over the tree is iterative, so nesting depth cannot raise RecursionError;
the number of tags is capped before parsing (see ``limits.MAX_HTML_TAGS``).
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Script, Stylesheet, Tag, TemplateString

from huigu.model import SourceText

from huigu.errors import ReadError
from .encoding import decode_bytes
from .files import load_bytes
from .hints import normalise_date, title_without_site
from .limits import MAX_HTML_BYTES, MAX_HTML_TAGS

NO_TEXT = "网页中没有找到正文文字"

# Never shown to a reader of the page.
_INVISIBLE_TAGS = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "canvas",
    "select", "option", "button", "input", "textarea", "audio", "video", "map",
}
# Page furniture around an article.
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "menu"}
# Class or id tokens (whole, case-insensitive) of page furniture: a word, optionally
# followed by "-suffix"/"_suffix" (``header_top``, ``nav-list``) but not ``headline``.
_FURNITURE_TOKEN = re.compile(
    r"^(?:nav|navbar|topnav|mainnav|menu|breadcrumbs?|bread[-_]?crumbs?|crumbs?|position|location|"
    r"weizhi|dqwz|footer|foot|header|head|topbar|top|sidebar|side|copyright|banner|search|login|"
    r"friendlinks?|links|related|xgxx|comments?|pager|pagination)(?:[-_][-_a-z0-9]*)?$",
    re.I,
)
# Widgets that sit even inside an article container: share, print, close, font size.
# Whole tokens only, so that ``print_content`` (the printable article) is kept.
_WIDGET_TOKEN = re.compile(
    r"^(?:bdshare\w*|share\w*|\w*[-_]share|fenxiang\w*|fx|print|printbtn|print[-_](?:btn|button|page|box)|"
    r"dayin|close|close[-_]?(?:btn|button|window)|toolbar|tools?|zihao|fontsize|font[-_]size|qrcode|ewm)$",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Content containers on Chinese government sites.  The specific ones (made by the TRS
# and similar CMSs) hold the article text and nothing else; the generic ones may wrap the
# title, the info line or the whole page.
_SPECIFIC_CONTAINERS = {
    "trs_editor", "trs_ueditor", "zoom", "pages_content", "article-content", "article_content",
    "news_content",
}
_GENERIC_CONTAINERS = {"content", "article", "view", "detail"}
_MIN_CONTAINER_CHINESE = 20  # a container with fewer Chinese characters is not the article
_CONTAINER_SHARE = 0.6  # prefer the innermost generic container holding this share of the largest

_BLOCK_TAGS = {
    "html", "body", "main", "article", "section", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "blockquote", "pre", "address", "figure", "figcaption", "center", "form",
    "fieldset", "legend", "hr", "nav", "header", "footer", "aside", "menu", "details", "summary",
}
_HIDDEN_STRING_TYPES = (PreformattedString, Script, Stylesheet, TemplateString)  # comments, CDATA …

_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n\s*(?=[{_WIDE}])")
_HTML_SPACE = re.compile(r"[ \t\n\r\f\v]+")
# A line made only of page widgets: 【打印本页】【关闭窗口】, 字号：大 中 小, 分享到：
# Separators are matched only after a word, so a long line cannot backtrack exponentially.
_CHROME_SEPARATORS = r"[\s：:【】\[\]()（）|｜>·]*"
_CHROME_LINE = re.compile(
    rf"^{_CHROME_SEPARATORS}(?:(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏|返回顶部|"
    rf"分享到|分享|扫一扫|(?:字号|字体)[：:]?(?:\s*[大中小默认])*){_CHROME_SEPARATORS})+$"
)
_MAX_CHROME_LINE = 60  # longer lines are text, whatever they contain

_DECLARED_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([-\w.:]+)|^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([-\w.:]+)",
    re.I,
)
_DATE_LINE = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|印发日期|日期|时间)\s*[：:]\s*"
    r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
_SOURCE_LINE = re.compile(r"来\s*源\s*[：:]\s*([^\s|｜【】\[\]]+)")
_AFTER_SOURCE = re.compile(r"(?:发布时间|发布日期|时间|日期|作者|浏览|点击|阅读|字号|编辑)")

START, END, TEXT = "start", "end", "text"
Event = tuple[str, Union[Tag, NavigableString]]


# -- bytes to tree --------------------------------------------------------------------


def declared_charset(data: bytes) -> Optional[str]:
    match = _DECLARED_CHARSET.search(data[:8192])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "ignore")


def _refuse_too_many_tags(data: bytes) -> None:
    tags = data.count(b"<")
    if tags > MAX_HTML_TAGS:
        raise ReadError(f"网页标签过多（约 {tags} 个，上限 {MAX_HTML_TAGS} 个），疑似异常或恶意构造，已拒绝")


def parse_html(text: str) -> BeautifulSoup:
    """Parse with lxml; fall back to Python's own parser if lxml refuses the markup."""
    text = text.replace("\x00", "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4's "looks like a URL/XML" advice is not for users
        for builder in ("lxml", "html.parser"):
            try:
                return BeautifulSoup(text, builder)
            except Exception:  # lxml/bs4 errors on hostile markup: try the next parser
                continue
    raise ReadError("网页无法解析（HTML 结构损坏）")


# -- walking the tree -------------------------------------------------------------------


def _class_and_id(tag: Tag) -> list[str]:
    """The tokens of a tag's class and id attributes."""
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    return [*classes, *str(tag.get("id") or "").split()]


def _is_invisible(tag: Tag) -> bool:
    if tag.name in _INVISIBLE_TAGS or tag.has_attr("hidden"):
        return True
    return bool(_HIDDEN_STYLE.search(str(tag.get("style") or "")))


def _is_widget(tag: Tag) -> bool:
    return _is_invisible(tag) or any(_WIDGET_TOKEN.match(token) for token in _class_and_id(tag))


def _is_furniture(tag: Tag) -> bool:
    if _is_widget(tag) or tag.name in _FURNITURE_TAGS:
        return True
    return any(_FURNITURE_TOKEN.match(token) for token in _class_and_id(tag))


def _events(root: Tag, skip: Callable[[Tag], bool]) -> Iterator[Event]:
    """START/END for each tag and TEXT for each visible string, depth-first, no recursion.

    Tags for which ``skip`` is true are left out with everything inside them.
    """
    yield START, root
    stack = [(root, iter(root.contents))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield END, node
        elif isinstance(child, Tag):
            if not skip(child):
                yield START, child
                stack.append((child, iter(child.contents)))
        elif isinstance(child, NavigableString) and not isinstance(child, _HIDDEN_STRING_TYPES):
            yield TEXT, child


def _chinese_count(text: str) -> int:
    return _CHINESE.subn("", text)[1]  # counts without a list of one-character strings


# -- finding the article ----------------------------------------------------------------


def _chinese_per_tag(root: Tag, skip: Callable[[Tag], bool]) -> dict[int, int]:
    """Chinese characters in each tag's visible subtree, keyed by ``id(tag)``."""
    counts: dict[int, int] = {}
    open_totals: list[int] = []
    for kind, node in _events(root, skip):
        if kind == START:
            open_totals.append(0)
        elif kind == TEXT:
            open_totals[-1] += _chinese_count(node)
        else:
            total = open_totals.pop()
            counts[id(node)] = total
            if open_totals:
                open_totals[-1] += total
    return counts


def _container_names(tag: Tag) -> set[str]:
    return {token.lower() for token in _class_and_id(tag)}


def _named_container(root: Tag) -> Optional[Tag]:
    """The article container by name: the largest specific one (``zoom``, ``TRS_Editor`` …),
    else the innermost generic one (``content``, ``article`` …) holding most of the text."""
    counts = _chinese_per_tag(root, _is_invisible)
    specific: list[tuple[int, int, Tag]] = []
    generic: list[tuple[int, int, Tag]] = []
    for order, (kind, tag) in enumerate(_events(root, _is_invisible)):
        if kind != START or tag is root or counts.get(id(tag), 0) < _MIN_CONTAINER_CHINESE:
            continue
        names = _container_names(tag)
        if names & _SPECIFIC_CONTAINERS:
            specific.append((counts[id(tag)], -order, tag))
        elif names & _GENERIC_CONTAINERS:
            generic.append((counts[id(tag)], order, tag))
    if specific:
        return max(specific, key=lambda entry: entry[:2])[2]
    if not generic:
        return None
    largest = max(count for count, _, _ in generic)
    holding_most = [entry for entry in generic if entry[0] >= _CONTAINER_SHARE * largest]
    return min(holding_most, key=lambda entry: (entry[0], -entry[1]))[2]


def _densest_block(root: Tag) -> Tag:
    """The block with the most Chinese text outside links, counting its child blocks' text.

    Each block's own text is credited to itself and to its parent block, so a container
    of many paragraphs beats any one paragraph; on a tie the inner block wins.
    """
    scores: dict[int, int] = {}
    closed: dict[int, tuple[int, Tag]] = {}  # id -> (order of closing, tag)
    open_blocks: list[list] = []  # [tag, its own Chinese count so far]
    links_open = 0
    for kind, node in _events(root, _is_furniture):
        if kind == TEXT:
            if not links_open and open_blocks:
                open_blocks[-1][1] += _chinese_count(node)
        elif node.name == "a":
            links_open += 1 if kind == START else -1
        elif node.name in _BLOCK_TAGS or node is root:
            if kind == START:
                open_blocks.append([node, 0])
                continue
            block, own = open_blocks.pop()
            closed[id(block)] = (len(closed), block)
            scores[id(block)] = scores.get(id(block), 0) + own
            if open_blocks:
                parent = open_blocks[-1][0]
                scores[id(parent)] = scores.get(id(parent), 0) + own
    ranked = [(score, -closed[key][0], closed[key][1]) for key, score in scores.items() if score > 0]
    if not ranked:
        return root
    return max(ranked, key=lambda entry: entry[:2])[2]


# -- lines ------------------------------------------------------------------------------


def _tidy(text: str) -> str:
    """HTML whitespace rules, except that a source line break between two Chinese
    characters disappears instead of turning into a space."""
    text = _BREAK_BETWEEN_WIDE.sub("", text)
    return _HTML_SPACE.sub(" ", text).strip()


def block_lines(root: Tag, skip: Callable[[Tag], bool]) -> list[str]:
    """One line per block-level element, <br> or <pre> line; trimmed, empty ones dropped."""
    lines: list[str] = []
    buffer: list[str] = []
    inside_pre = 0

    def flush() -> None:
        line = _tidy("".join(buffer))
        buffer.clear()
        if line:
            lines.append(line)

    for kind, node in _events(root, skip):
        if kind == TEXT:
            pieces = node.split("\n") if inside_pre else [str(node)]
            buffer.append(pieces[0])
            for piece in pieces[1:]:
                flush()
                buffer.append(piece)
        elif node.name == "br":
            if kind == START:
                flush()
        elif node.name in _BLOCK_TAGS:
            flush()
            if node.name == "pre":
                inside_pre += 1 if kind == START else -1
    flush()
    return lines


def _without_chrome(lines: list[str]) -> list[str]:
    return [line for line in lines if len(line) > _MAX_CHROME_LINE or not _CHROME_LINE.match(line)]


# -- hints ------------------------------------------------------------------------------


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or "").strip().lower()
        content = " ".join(str(meta.get("content") or "").split())
        if name and content:
            values.setdefault(name, content)
    return values


def _source_from_line(line: str) -> Optional[str]:
    match = _SOURCE_LINE.search(line)
    if not match:
        return None
    source = _AFTER_SOURCE.split(match.group(1))[0].strip("：: ")
    return source or None


def page_hints(soup: BeautifulSoup, page_lines: list[str]) -> dict[str, str]:
    """title, date, site, source from the meta tags that TRS-built sites emit, else the page."""
    meta = _meta_values(soup)
    title_tag = soup.find("title")
    page_title = title_without_site(title_tag.get_text()) if title_tag else ""
    date = normalise_date(meta.get("pubdate")) or normalise_date(meta.get("publishdate"))
    source = meta.get("contentsource")
    for line in page_lines:
        if date is None and (found := _DATE_LINE.search(line)):
            date = normalise_date(found.group(1))
        if source is None:
            source = _source_from_line(line)
    hints = {
        "title": meta.get("articletitle") or page_title,
        "date": date,
        "site": meta.get("sitename"),
        "source": source,
    }
    return {key: value for key, value in hints.items() if value}


# -- the reader -------------------------------------------------------------------------


def read_html(path: Path) -> SourceText:
    data = load_bytes(path, MAX_HTML_BYTES)
    _refuse_too_many_tags(data)
    decoded = decode_bytes(data, declared=declared_charset(data))
    soup = parse_html(decoded.text)
    page = soup.body if soup.body is not None else soup
    container = _named_container(page)
    if container is not None:
        lines = block_lines(container, _is_widget)
    else:
        lines = block_lines(_densest_block(page), _is_furniture)
    lines = _without_chrome(lines)
    if not lines:
        raise ReadError(NO_TEXT)
    return SourceText(
        path=str(path),
        format="html",
        lines=lines,
        unit="段",
        encoding=decoded.encoding,
        hints=page_hints(soup, block_lines(page, _is_invisible)),
        warnings=decoded.warnings,
    )
