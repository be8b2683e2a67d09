"""HTML pages (exported wikis, status pages) rendered to the text a reader sees.

Block elements start new lines, table cells are separated, script/style/head
and comments are dropped, and so is text hidden from readers (``hidden``,
``display:none``): a user never sees it, and it is a classic hiding place for
instructions aimed at a model.
"""

from __future__ import annotations

import re

from extractor.documents import DocType
from extractor.parsing.base import Parsed, decode_text, fail, is_blank

BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "table", "thead", "tbody", "tfoot", "section", "article", "header",
    "footer", "nav", "aside", "main", "blockquote", "pre", "hr", "dl", "dt", "dd",
    "figure", "figcaption", "caption", "form", "fieldset", "address", "details", "summary",
})
# Blocks that read as paragraphs get a blank line around them; other blocks a line break.
PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
                            "blockquote", "pre", "section", "article", "hr", "dl", "figure"})
SKIP_TAGS = frozenset({"script", "style", "head", "noscript", "template", "svg", "iframe",
                       "object", "title", "meta", "link"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_EXTRA_BLANKS = re.compile(r"\n{3,}")
_LINE, _PARA = "\x00", "\x01"  # break markers, resolved by tidy() after the walk
_NO_MARKERS = str.maketrans({_LINE: None, _PARA: None})
_MARKER_RUNS = re.compile(r"([\x00\x01][\x00\x01\s]*)")


def parse_html(data: bytes, source: str) -> Parsed:
    """Render an .html file to visible text; the title comes from <title>."""
    markup, encoding = decode_text(data, source)
    rendered = render_html(markup, source)
    if is_blank(rendered.text):
        raise fail(source, "HTML has no visible text")
    metadata = {"encoding": encoding}
    if rendered.hidden:
        metadata["hidden_elements_dropped"] = rendered.hidden
    return Parsed(text=rendered.text, doc_type=DocType.HTML, title=rendered.title,
                  metadata=metadata)


class Rendered:
    """Visible text of an HTML page, its title, and how many hidden elements were dropped."""

    def __init__(self, text: str, title: str | None, hidden: int) -> None:
        self.text, self.title, self.hidden = text, title, hidden


def render_html(markup: str, source: str = "html") -> Rendered:
    """Render markup to visible text without recursion.

    Lexbor's tree building slows down with the square of the nesting depth, so a
    hostile page nested thousands of levels deep is rendered by a flat tag-stripping
    pass instead (same text, no hidden-element detection).
    """
    from extractor.parsing.html_flat import MAX_DEPTH, flat_render, nesting_depth

    if nesting_depth(markup) > MAX_DEPTH:
        text, title = flat_render(markup)
        return Rendered(tidy(text), title, 0)
    from selectolax.lexbor import LexborHTMLParser

    try:
        tree = LexborHTMLParser(markup)
    except Exception as exc:  # lexbor raises plain errors on pathological input
        raise fail(source, f"cannot parse HTML ({exc})") from exc
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node is not None else None
    root = tree.body or tree.root
    parts: list[str] = []
    hidden = _walk(root, parts) if root is not None else 0
    return Rendered(tidy("".join(parts)), title or None, hidden)


def _walk(root, parts: list[str]) -> int:
    """Depth-first walk appending text; returns the number of hidden elements skipped."""
    hidden = 0
    stack: list[tuple[object, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:
            parts.append(break_marker(tag))
            continue
        if tag == "-text":
            parts.append((node.text_content or "").translate(_NO_MARKERS))
            continue
        if tag in SKIP_TAGS or (tag or "").startswith(("_", "!")) or tag == "-comment":
            continue
        if _is_hidden(node):
            hidden += 1
            continue
        parts.append(break_marker(tag))
        stack.append((node, False))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, True) for c in reversed(children))
    return hidden


def break_marker(tag: str | None) -> str:
    """A marker for the break a block boundary renders as ("" for inline elements)."""
    if tag in PARAGRAPH_TAGS:
        return _PARA
    return _LINE if tag in BLOCK_TAGS else ""


def tidy(marked: str) -> str:
    """Resolve break markers: adjacent block boundaries and the source's whitespace around
    them make one line break (or one blank line); trailing spaces and extra blank lines go.

    Linear time by construction (split and strip, no backtracking regex), so a page with
    a megabyte of spaces costs no more than any other megabyte.
    """
    pieces = _MARKER_RUNS.split(marked)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append("\n\n" if _PARA in piece else "\n")
        else:
            out.append(piece.rstrip() if index + 1 < len(pieces) else piece)
    lines = "".join(out).replace("\u00a0", " ").split("\n")
    text = "\n".join(line.rstrip(" \t") for line in lines)
    return _EXTRA_BLANKS.sub("\n\n", text).strip("\n")


def _is_hidden(node) -> bool:
    """True for elements a browser would not show."""
    attrs = node.attributes or {}
    if "hidden" in attrs:
        return True
    style = attrs.get("style") or ""
    return bool(_HIDDEN_STYLE.search(style))
