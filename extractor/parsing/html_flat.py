"""A flat, linear-time HTML-to-text pass for pages too deeply nested for a tree parser.

Lexbor's tree building slows down with the square of the nesting depth; a hostile
page nested tens of thousands of levels would take minutes. Such pages are read
here instead: scripts, styles and comments are cut with plain string searches,
block tags become break markers, other tags are stripped. Every regex is bounded
by the next ``<`` or ``>``, so no input makes it backtrack over the whole page.
"""

from __future__ import annotations

import html
import re

MAX_DEPTH = 1000
_NON_NESTING = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                          "meta", "source", "track", "wbr", "p", "li", "td", "th", "tr",
                          "option", "dt", "dd"})
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*?(/?)>")
_DECLARATION = re.compile(r"<[!?/][^<>]*>")
_DROPPED = re.compile(r"<!--|<(script|style|head|title|noscript|template|svg)\b", re.I)


def nesting_depth(markup: str) -> int:
    """An upper estimate of element nesting depth from one pass over the tags."""
    depth = deepest = 0
    for match in _TAG.finditer(markup):
        closing, name, selfclosing = match.groups()
        if selfclosing or name.lower() in _NON_NESTING:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def flat_render(markup: str) -> tuple[str, str | None]:
    """Text with break markers (for ``html.tidy``) and the <title>, without a tree."""
    from extractor.parsing.html import break_marker

    title, body = _cut_dropped(markup)
    text = _TAG.sub(lambda m: break_marker(m.group(2).lower()), body)
    text = html.unescape(_DECLARATION.sub("", text))
    return text, title


def _cut_dropped(markup: str) -> tuple[str | None, str]:
    """Remove comments and script/style/head/... blocks; return the title text and the rest."""
    lower = markup.lower()
    kept: list[str] = []
    title: str | None = None
    pos = 0
    while (match := _DROPPED.search(markup, pos)) is not None:
        kept.append(markup[pos:match.start()])
        name = (match.group(1) or "").lower()
        if not name:
            end = markup.find("-->", match.end())
            pos = len(markup) if end < 0 else end + 3
            continue
        close = lower.find(f"</{name}", match.end())
        if name == "title" and title is None:
            open_end = markup.find(">", match.end(), close if close >= 0 else len(markup))
            inner = markup[open_end + 1:close] if open_end >= 0 and close >= 0 else ""
            title = " ".join(html.unescape(inner).split()) or None
        end = markup.find(">", close) if close >= 0 else -1
        pos = len(markup) if end < 0 else end + 1
    kept.append(markup[pos:])
    return title, " ".join(kept)
