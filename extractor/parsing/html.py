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
    if rendered.rows:
        metadata["table_rows"] = rendered.rows
    return Parsed(text=rendered.text, doc_type=DocType.HTML, title=rendered.title,
                  metadata=metadata)


class Rendered:
    """Visible text of an HTML page, its title, and how many hidden elements were dropped."""

    def __init__(self, text: str, title: str | None, hidden: int,
                 rows: list[list[int]] | None = None) -> None:
        self.text, self.title, self.hidden = text, title, hidden
        self.rows = rows or []  # [start, end) of each table row in ``text``


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
    text = tidy("".join(parts))
    return Rendered(text, title or None, hidden,
                    _row_spans(root, text) if root is not None else [])


ROW_WINDOW = 20_000  # characters searched for a row's next cell


def _row_spans(root, text: str) -> list[list[int]]:
    """Where each table row's cells sit in the rendered text, as [start, end).

    Cells render one per line (so each stays a unit of its own), which loses which
    cells share a row: a RAID row's id and status column belong with its description.
    Rows are found in reading order by their first and last cell's text.
    """
    spans: list[list[int]] = []
    cursor = 0
    for row in root.css("tr"):
        lines = [line.strip() for cell in _cells(row)
                 for line in cell.text(deep=True, separator="\n").replace("\u00a0", " ").split("\n")
                 if line.strip()]
        if len(lines) < 2:
            continue
        start = _find_line(text, lines[0], cursor)
        end = _find_line(text, lines[-1], start + len(lines[0])) if start >= 0 else -1
        if start < 0 or end < 0:
            continue
        cursor = end + len(lines[-1])
        spans.append([start, cursor])
    return spans


def _find_line(text: str, line: str, cursor: int) -> int:
    """Where ``line`` stands as a whole line of ``text`` within ``ROW_WINDOW`` characters
    after ``cursor``, or -1. The window keeps a table whose cells cannot be found (text
    hidden inside a cell, say) linear in the page size."""
    limit = cursor + ROW_WINDOW + len(line)
    pos = text.find(line, cursor, limit)
    while pos >= 0:
        before = text[text.rfind("\n", 0, pos) + 1:pos]
        after = pos + len(line)
        if not before.strip() and (after == len(text) or text[after] == "\n"):
            return pos
        pos = text.find(line, pos + 1, limit)
    return -1


def _cells(row) -> list:
    """The row's own cells, not those of a table nested inside one."""
    cells = []
    child = row.child
    while child is not None:
        if child.tag in ("td", "th"):
            cells.append(child)
        child = child.next
    return cells


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
