"""Undo hard line wrapping: which physical lines are one logical line.

Plain-text mail and PDF text layers break lines at a fixed column, so a sentence
or a bullet runs over several lines. Units are read line by line, and a rule that
sees "Wants 5 days by the Sept close - said it twice, board is asking about" and
"it" as two units reads neither. A document is treated as wrapped only when most of
its longer lines end near one column (60-100); then a line joins the next when the
next line's first word would not have fitted after it, and the next line does not
start a new item (bullet, table row, heading, quote, speaker, "Key: value").
Offsets are never changed: a logical line is a span of the stored text.
"""

from __future__ import annotations

import re

MIN_WIDTH, MAX_WIDTH = 40, 100
_LONG = 30  # lines at least this long vote on the wrap column
_NEW_ITEM = re.compile(
    r"^\s*(?:[-*+\u2022\u25aa]\s|\d{1,2}[.)]\s|#|>|\||\[[\d\-/: ]+\]|<v[\s.]|\*\*|"
    r"[A-Z][\w.'&/ -]{0,40}:(?:\s|$)|\d{1,2}:\d{2})")
_ROW = re.compile(r"\||\S {2,}\S.* {2,}\S|\t")  # pipe tables, fixed-width columns, tabs
_RULE = re.compile(r"^[\s\-=_*~]{3,}$")
_TERMINAL = re.compile(r"[.!?:]['\")\u201d]*$")


def wrap_width(text: str) -> int | None:
    """The column a hard-wrapped text breaks at, or None when it is not wrapped.

    The wrap column is the narrowest width at which most prose lines end within 20
    columns of it. A quarter of the lines may exceed it (a subject, a signature or a
    URL kept as sent); table rows and quoted lines do not vote.
    """
    lengths = sorted(len(line.rstrip()) for line in text.split("\n")
                     if len(line.strip()) >= _LONG and not _ROW.search(line)
                     and not line.lstrip().startswith(">"))
    for width in sorted({n for n in lengths if MIN_WIDTH <= n <= MAX_WIDTH}):
        within = [n for n in lengths if n <= width]
        near = sum(n >= width - 20 for n in within)
        if len(within) >= 5 and near >= 0.6 * len(within) \
                and len(lengths) - len(within) <= 0.25 * len(lengths):
            return width
    return None


def _continues(line: str, following: str, width: int) -> bool:
    """True when ``following`` is the rest of ``line``, broken only by the wrap."""
    body = line.rstrip()
    words = following.split()
    if not body or not words or _NEW_ITEM.match(following) or _RULE.match(following) \
            or _ROW.search(following) or _ROW.search(body):
        return False
    if _TERMINAL.search(body) and words[0][:1].isupper():
        return False  # a sentence ended here anyway
    return len(body) + 1 + len(words[0]) > width


def logical_lines(text: str, width: int | None) -> list[tuple[int, str]]:
    """(offset, text) of each logical line of ``text``; joined lines keep their newlines."""
    out: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        if width and out and out[-1][1].strip() and _continues(
                out[-1][1].rsplit("\n", 1)[-1], raw, width):
            start, joined = out[-1]
            out[-1] = (start, joined + "\n" + raw)
        else:
            out.append((pos, raw))
        pos += len(raw) + 1
    return out
