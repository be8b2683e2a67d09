"""An independent reading of a raw file's visible text, for the grounding check.

Grounding is checked twice: the quote must equal the stored text at its offsets,
and its words must appear, in order, in the raw file as a reader would see it.
The second check catches parsers or engines that invent text (synthesised
headers, merged fragments). It deliberately uses the simplest decoders, not the
product's parsers, and compares only letters and digits so markup, whitespace
and punctuation differences between renderings do not count.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

_VTT_TIMING = re.compile(r"^\s*(\d{2}:)?\d{2}:\d{2}[.,]\d{3}\s*-->.*$", re.MULTILINE)
_VTT_CUE_ID = re.compile(r"^\s*(\d+|WEBVTT.*|NOTE.*)\s*$", re.MULTILINE)
_VTT_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def letters(text: str) -> str:
    """Only the letters and digits of ``text``, case-folded."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _html_text(markup: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    for node in tree.css("script, style"):
        node.decompose()
    return tree.text(separator=" ") if tree.root is not None else ""


def _email_text(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = [f"{key}: {value}" for key, value in message.items()]
    for part in message.walk():
        if part.is_multipart():
            continue
        try:
            content = part.get_content()
        except (LookupError, KeyError, ValueError):
            continue
        if not isinstance(content, str):
            continue
        is_html = part.get_content_type() == "text/html"
        parts.append(_html_text(content) if is_html else content)
    return "\n".join(parts)


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def visible_text(path: Path) -> str:
    """The text a reader sees in ``path``, decoded per format (best effort)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".pdf":
        return _pdf_text(path)
    data = path.read_bytes()
    if suffix == ".eml":
        return _email_text(data)
    text = data.decode("utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        return _html_text(text)
    if suffix == ".vtt":
        text = _VTT_CUE_ID.sub(" ", _VTT_TIMING.sub(" ", text))
        return _TAG.sub(" ", _VTT_VOICE.sub(r"\1: ", text))
    return text
