"""Hostile and ordinary input, generated at test time in a tmp dir (nothing big is committed).

Everything here is invented: an ordinary account (the "good" files) and the
files a real folder of implementation notes can hold by accident or by malice.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MB = 1024 * 1024

GOOD = {
    "2026-02-03-kickoff.md": (
        "# Kickoff\n\nPresent: Ingrid Solberg (CFO, executive sponsor), Tomas Lind (IT lead).\n\n"
        "Ingrid wants supplier invoices approved within two days of receipt by the end of Q2.\n\n"
        "Tomas worries the legacy ERP export drops cost centre codes on credit notes.\n"),
    "2026-02-10-status.txt": (
        "Weekly status\n\nThe ERP export fix is in test. Training for the AP clerks is booked "
        "for 24 February.\n\nTomas Lind asked whether the Danish entity could join after "
        "go-live.\n"),
    "2026-02-12-re-export.eml": (
        "From: Tomas Lind <tomas@brightwater.example>\nTo: Ana Ruiz <ana@ledgerly.example>\n"
        "Date: Thu, 12 Feb 2026 10:00:00 +0000\nSubject: Re: export fix\n\n"
        "Ana, the export now keeps cost centres. Can we also connect the payroll system?\n"),
}


def write_good(folder: Path, files: dict[str, str] | None = None) -> list[Path]:
    """Ordinary customer files; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in (files or GOOD).items():
        (folder / name).write_text(text, encoding="utf-8")
        out.append(folder / name)
    return out


def zip_bomb(member_mb: int = 40) -> bytes:
    """A small zip whose word/document.xml inflates to ``member_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/document.xml", "w") as member:
        for _ in range(member_mb):
            member.write(b"\0" * MB)
    return buffer.getvalue()


def deep_html(depth: int = 100_000) -> bytes:
    """``depth`` nested divs around one sentence."""
    return (b"<html><body>" + b"<div>" * depth + b"Nested status: all green."
            + b"</div>" * depth + b"</body></html>")


def write_big_text(path: Path, size: int = 100 * MB) -> Path:
    """A real (not sparse) text file of ``size`` bytes, written in 1 MB blocks."""
    line = b"Status line: the cutover checklist item is still open for review.\n"
    block = line * (MB // len(line)) + b"x" * (MB % len(line))
    with path.open("wb") as handle:
        for _ in range(size // MB):
            handle.write(block)
    return path


# name -> (bytes, a word the one-line reason must contain)
def hostile_files() -> dict[str, tuple[bytes, str]]:
    """Bad files that each must fail alone with a reason (the 100 MB file is added apart)."""
    return {
        "corrupt.docx": (b"PK\x03\x04" + b"\x13\x37" * 300, "not a valid .docx"),
        "bomb.docx": (zip_bomb(), "zip bomb"),
        "corrupt.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF junk",
                        "not a valid .pdf"),
        "fake.pdf": (b"plain words pretending to be a PDF file", "not a valid .pdf"),
        "binary.md": (bytes(range(256)) * 64, "binary"),
        "empty.txt": (b"", "empty"),
        "blank.md": (b"  \n\t\n  ", "empty"),
        "malformed.eml": (b"this is a sentence, not an email\nsecond line\n", "malformed"),
        "no-cues.vtt": (b"WEBVTT\n\njust words, no cue timings\n", "WebVTT"),
        "invisible.html": (b"<html><head><script>var a = 1;</script></head><body> </body></html>",
                           "no visible text"),
    }


def odd_but_valid_files() -> dict[str, bytes]:
    """Files that look hostile but hold real text: they must be stored, not refused."""
    return {
        "2026-02-14-latin1.txt": "Réunion: le déploiement à Genève est prévu.\n".encode("cp1252"),
        "2026-02-15-mixed.md": ("Notes from Zoë: go-live “confirmed”. ".encode()
                                + "Café budget approuvé.\n".encode("cp1252")),
        "2026-02-16-utf16ish.txt": b"\xef\xbb\xbfBOM first, then text: the sandbox is ready.\n",
        "2026-02-17-deep.html": deep_html(),
        "2026-02-18-crlf.eml": (b"From: Ana Ruiz <ana@ledgerly.example>\r\nSubject: CRLF mail\r\n"
                                b"Date: Wed, 18 Feb 2026 09:00:00 +0000\r\n\r\n"
                                b"Lines end in CRLF here.\r\n"),
    }
