"""Plain text and Markdown: the file's text as written, so offsets match what users see.

One exception: HTML comments in Markdown are never rendered, so no reader sees
them, and they are a classic hiding place for instructions aimed at a model.
They are blanked (newlines kept, so every other line and offset stays put).
"""

from __future__ import annotations

import re

from extractor.documents import DocType
from extractor.parsing.base import Parsed, decode_text

_TITLE_SCAN = 20_000  # chars searched for a title
_TITLE_MAX = 200
_COMMENT = re.compile(r"<!--[\s\S]*?(?:-->|\Z)")  # unclosed: to the end, as CommonMark does


def parse_text(data: bytes, source: str, *, markdown: bool) -> Parsed:
    """Decode a .txt/.md file; the title is the first heading, else the first line."""
    text, encoding = decode_text(data, source)
    metadata: dict[str, object] = {"encoding": encoding}
    if markdown and "<!--" in text:
        text, dropped = _blank_comments(text)
        if dropped:
            metadata["comments_blanked"] = dropped
    if encoding != "utf-8":
        metadata["encoding_fallback"] = True
    return Parsed(
        text=text,
        doc_type=DocType.MARKDOWN if markdown else DocType.TEXT,
        title=_title(text, markdown=markdown),
        metadata=metadata,
    )


def _blank_comments(text: str) -> tuple[str, int]:
    """The text with every HTML comment replaced by spaces (newlines kept), and their count."""
    found = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal found
        found += 1
        return re.sub(r"[^\n]", " ", match.group())

    return _COMMENT.sub(blank, text), found


def _title(text: str, *, markdown: bool) -> str | None:
    """First Markdown ATX heading, else the first non-empty line, trimmed.

    Plain string operations on a bounded prefix, not a regex: a hostile line of
    spaces must not make a title search backtrack for minutes.
    """
    lines = text[:_TITLE_SCAN].split("\n")
    if markdown:
        for line in lines:
            heading = _heading(line)
            if heading:
                return heading
    for line in lines:
        cleaned = line.strip().strip("#*_= ").strip()
        if cleaned:
            return " ".join(cleaned[:_TITLE_MAX * 2].split())[:_TITLE_MAX]
    return None


def _heading(line: str) -> str | None:
    """The text of an ATX heading line (``## Title ##``), else None."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    hashes = len(stripped) - len(stripped.lstrip("#"))
    rest = stripped[hashes:]
    if hashes > 6 or (rest and not rest[0].isspace()):
        return None
    title = " ".join(rest.strip().rstrip("#").replace("**", "").replace("__", "").split())
    return title[:_TITLE_MAX] or None
