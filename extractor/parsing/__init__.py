"""Parse an account's files into normalised ``Document`` objects.

One entry point, :func:`parse_file`, dispatches on the file extension to a
focused parser (stdlib ``email``, selectolax, python-docx, pypdf, webvtt-py),
then dates and identifies the result. Unknown extensions are reported, never
guessed; bad input raises ``InputError`` with one line naming the file and why.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractor.documents import Document, stable_id
from extractor.errors import HandoffError, InputError, UnsupportedFormatError
from extractor.parsing.base import DEFAULT_MAX_BYTES, Parsed, is_blank, read_limited

CORE_EXTENSIONS: frozenset[str] = frozenset(
    {".md", ".markdown", ".txt", ".eml", ".html", ".htm", ".vtt", ".docx", ".pdf"})

__all__ = ["CORE_EXTENSIONS", "DEFAULT_MAX_BYTES", "SUPPORTED_EXTENSIONS", "parse_bytes",
           "parse_file", "supported_extensions"]


def supported_extensions() -> frozenset[str]:
    """Extensions parse_file reads here: the core set, plus the long tail when the
    optional `unstructured` extra is installed."""
    from extractor.parsing.longtail import LONGTAIL_EXTENSIONS, longtail_available

    return CORE_EXTENSIONS | LONGTAIL_EXTENSIONS if longtail_available() else CORE_EXTENSIONS


def __getattr__(name: str) -> frozenset[str]:
    """``SUPPORTED_EXTENSIONS`` is computed on first use, so an installed extra counts."""
    if name == "SUPPORTED_EXTENSIONS":
        return supported_extensions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_file(path: Path, *, account: str, source: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse one file into a ``Document`` with text, structure, date and ids.

    Args:
        path: the file to read.
        account: the account slug the document belongs to (part of its id).
        source: the path as ingested, e.g. ``docs/2026-03-04-x.eml``; defaults to
            the file name. It names the file in errors and may carry a date prefix.
        max_bytes: files larger than this are refused before being read.

    Returns:
        The document; ``doc_id`` is ``stable_id(account, source)`` and
        ``content_hash`` the sha256 of the file's bytes.

    Raises:
        UnsupportedFormatError: the extension has no parser.
        InputError: the file is missing, unreadable, empty, binary, corrupt or too big.
    """
    path = Path(path)
    source = source or path.name
    suffix = path.suffix.lower()
    _check_supported(source, suffix)
    data = read_limited(path, source, max_bytes)
    return parse_bytes(data, account=account, source=source, suffix=suffix, path=path)


def parse_bytes(data: bytes, *, account: str, source: str, suffix: str | None = None,
                path: Path | None = None) -> Document:
    """Parse already-read bytes (``suffix`` defaults to ``source``'s extension).

    ``path``, when given, supplies the mtime used as a last-resort date.
    """
    from extractor.dating import document_date

    suffix = (suffix or Path(source).suffix).lower()
    if is_blank(data):
        raise InputError(f"{source}: file is empty")
    try:
        parsed = _parse(data, source, suffix)
    except HandoffError:
        raise
    except RecursionError as exc:
        raise InputError(f"{source}: structure nested too deeply to parse") from exc
    except Exception as exc:  # a parser bug or odd input must fail this file, not the batch
        raise InputError(f"{source}: could not parse ({type(exc).__name__}: {exc})") from exc
    if is_blank(parsed.text):
        raise InputError(f"{source}: no text found")
    date, date_source = document_date(source=source, text=parsed.text,
                                      header_date=parsed.header_date, path=path)
    return Document(
        doc_id=stable_id(account, source),
        account=account,
        source=source,
        doc_type=parsed.doc_type,
        date=date,
        date_source=date_source,
        text=parsed.text,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=parsed.title,
        metadata=parsed.metadata,
        segments=parsed.segments,
        participants=parsed.participants,
    )


def _check_supported(source: str, suffix: str) -> None:
    """Raise UnsupportedFormatError naming the file, with an install hint for the long tail."""
    from extractor.parsing.longtail import INSTALL_HINT, LONGTAIL_EXTENSIONS

    supported = supported_extensions()
    if suffix in supported:
        return
    if suffix in LONGTAIL_EXTENSIONS:
        raise UnsupportedFormatError(
            f"{source}: {suffix} files need the optional unstructured extra ({INSTALL_HINT})")
    raise UnsupportedFormatError(f"{source}: unsupported file type {suffix or '(none)'} "
                                 f"(supported: {' '.join(sorted(supported))})")


def _parse(data: bytes, source: str, suffix: str) -> Parsed:
    """Dispatch to the parser for ``suffix`` (imports are lazy: no work at import time)."""
    if suffix in (".md", ".markdown", ".txt"):
        from extractor.parsing.text import parse_text

        return parse_text(data, source, markdown=suffix != ".txt")
    if suffix == ".eml":
        from extractor.parsing.email_message import parse_email

        return parse_email(data, source)
    if suffix in (".html", ".htm"):
        from extractor.parsing.html import parse_html

        return parse_html(data, source)
    if suffix == ".vtt":
        from extractor.parsing.vtt import parse_vtt

        return parse_vtt(data, source)
    if suffix == ".docx":
        from extractor.parsing.docx import parse_docx

        return parse_docx(data, source)
    if suffix == ".pdf":
        from extractor.parsing.pdf import parse_pdf

        return parse_pdf(data, source)
    _check_supported(source, suffix)
    from extractor.parsing.longtail import parse_longtail

    return parse_longtail(data, source, suffix)
