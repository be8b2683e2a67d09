"""Plain text and Markdown: the file's text as written, so offsets match what users see."""

from __future__ import annotations

import re

from extractor.documents import DocType
from extractor.parsing.base import Parsed, decode_text

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def parse_text(data: bytes, source: str, *, markdown: bool) -> Parsed:
    """Decode a .txt/.md file; the title is the first heading, else the first line."""
    text, encoding = decode_text(data, source)
    metadata = {"encoding": encoding}
    if encoding != "utf-8":
        metadata["encoding_fallback"] = True
    return Parsed(
        text=text,
        doc_type=DocType.MARKDOWN if markdown else DocType.TEXT,
        title=_title(text, markdown=markdown),
        metadata=metadata,
    )


def _title(text: str, *, markdown: bool) -> str | None:
    """First Markdown heading, else the first non-empty line (trimmed to 200 chars)."""
    if markdown:
        match = _HEADING.search(text[:20000])
        if match:
            return match.group(1).strip("*_ ")[:200] or None
    for line in text[:20000].splitlines():
        line = line.strip().strip("#*_= ").strip()
        if line:
            return line[:200]
    return None
