"""Shared pieces of the format parsers: the parse result, safe reading, decoding.

Every format parser turns bytes into a :class:`Parsed` (text plus structure);
``parse_file`` then adds identity, hash and date to make a ``Document``. Reading
and decoding live here so that every format enforces the same size limit and
reports bad input the same way: one line naming the file and the reason.
"""

from __future__ import annotations

import datetime as dt
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.documents import DocType, Participant, Segment
from extractor.errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MB = 1024 * 1024


@dataclass
class Parsed:
    """What a format parser extracts from one file, before dating and identity."""

    text: str
    doc_type: DocType
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    header_date: dt.date | None = None  # a date the format itself states (email Date)


def fail(source: str, reason: str) -> InputError:
    """An InputError whose one-line message names the file and the reason."""
    reason = " ".join(str(reason).split())
    return InputError(f"{source}: {reason}")


def read_limited(path: Path, source: str, max_bytes: int) -> bytes:
    """Read a file's bytes, refusing it before reading when it is over ``max_bytes``.

    Raises:
        InputError: missing, unreadable, empty or oversized file.
    """
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise fail(source, "file not found (it may have been moved or deleted)") from exc
    except OSError as exc:
        raise fail(source, f"cannot read file ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise fail(source, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block forever, /dev/zero never ends
        raise fail(source, "not a regular file (device, pipe or socket)")
    size = info.st_size
    if size > max_bytes:
        raise fail(source, f"file is {human_size(size)}, over the {human_size(max_bytes)} limit")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise fail(source, "file not found (it may have been moved or deleted)") from exc
    except IsADirectoryError as exc:
        raise fail(source, "is a directory, not a file") from exc
    except OSError as exc:
        raise fail(source, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # grew between stat and read
        raise fail(source, f"file is over the {human_size(max_bytes)} limit")
    if is_blank(data):
        raise fail(source, "file is empty")
    return data


def is_blank(value: str | bytes) -> bool:
    """Empty or whitespace only, without copying a possibly large value (as .strip() would)."""
    return not value or value.isspace()


def human_size(size: int) -> str:
    """``52428800`` -> ``50 MB``; ``1536`` -> ``1.5 KB``: sizes as users read them."""
    if size >= _MB:
        return f"{size / _MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes or mostly control characters."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 20)


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (BOM stripped), else byte by byte as cp1252.

    Files pasted together from several tools mix encodings; valid UTF-8 runs are
    kept and only the bytes that are not UTF-8 are read as cp1252 (latin-1 for
    the five bytes cp1252 leaves undefined).

    Returns:
        The text and the encoding used ("utf-8", "cp1252", or "utf-8+cp1252"
        when both occur), so callers can record a fallback.

    Raises:
        InputError: the bytes are binary, not text.
    """
    if looks_binary(data):
        raise fail(source, "looks like binary data, not text")
    try:
        return normalise_newlines(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    text = decode_mixed(data)
    encoding = "utf-8+cp1252" if _has_utf8_multibyte(data) else "cp1252"
    return normalise_newlines(text.removeprefix("\ufeff")), encoding


_FALLBACK = "handoff-cp1252"


def decode_mixed(data: bytes) -> str:
    """UTF-8 where valid, cp1252 (or latin-1) for the other bytes; never fails."""
    _register_fallback()
    return data.decode("utf-8", errors=_FALLBACK)


def repair_surrogates(text: str) -> str:
    """Turn undecodable bytes smuggled in as surrogates (email headers) into real characters.

    Such strings cannot be encoded as UTF-8, so they would break JSON and storage.
    """
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return decode_mixed(text.encode("utf-8", errors="surrogateescape"))


def _cp1252_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: decode the offending bytes as cp1252 (latin-1 if undefined)."""
    chunk = error.object[error.start:error.end]
    return "".join(_cp1252_byte(b) for b in chunk), error.end


def _cp1252_byte(value: int) -> str:
    try:
        return bytes([value]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([value]).decode("latin-1")


def _register_fallback() -> None:
    """Register the codec error handler once (on first use, not at import)."""
    import codecs

    try:
        codecs.lookup_error(_FALLBACK)
    except LookupError:
        codecs.register_error(_FALLBACK, _cp1252_bytes)


def _has_utf8_multibyte(data: bytes) -> bool:
    """True when ``data`` contains at least one valid multi-byte UTF-8 sequence."""
    import re

    return re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                     rb"[\xf0-\xf4][\x80-\xbf]{3}", data) is not None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets do not depend on the writer's OS."""
    if "\r" not in text:  # the usual case: no copy of a possibly large text
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
