"""Bad input fails one file with a typed error naming the file and the reason."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from extractor.errors import InputError, UnsupportedFormatError
from extractor.parsing import parse_file


def _expect(path: Path, reason: str, error: type[InputError] = InputError, **kwargs) -> str:
    source = f"docs/{path.name}"
    with pytest.raises(error) as info:
        parse_file(path, account="acme", source=source, **kwargs)
    message = str(info.value)
    assert message.startswith(f"{source}: "), message
    assert reason in message, message
    assert "\n" not in message
    return message


def test_unknown_extension_is_reported_not_guessed(tmp_path):
    path = tmp_path / "deck.key"
    path.write_text("slides")
    _expect(path, "unsupported file type .key", UnsupportedFormatError)
    noext = tmp_path / "README"
    noext.write_text("text")
    _expect(noext, "unsupported file type (none)", UnsupportedFormatError)


def test_empty_and_whitespace_only_files(tmp_path):
    for name, data in (("a.md", b""), ("b.txt", b"  \n\n"), ("c.eml", b""), ("d.vtt", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        _expect(path, "file is empty")


def test_binary_data_named_md(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(os.urandom(4096) + b"\x00\x00")
    _expect(path, "looks like binary data")


def test_corrupt_docx(tmp_path):
    path = tmp_path / "sow.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    _expect(path, "not a valid .docx (bad zip file")


def test_zip_without_word_document(tmp_path):
    path = tmp_path / "sow.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    _expect(path, "not a valid .docx")


def test_zip_bomb_named_docx_is_refused_before_decompressing(tmp_path):
    path = tmp_path / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/document.xml", "w") as member:
        chunk = b"\0" * (1 << 20)
        for _ in range(40):  # 40 MB of zeros, ~40 KB compressed
            member.write(chunk)
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 2**20
    _expect(path, "zip bomb")


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "order.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF garbage")
    _expect(path, "not a valid .pdf (PdfReadError")
    other = tmp_path / "fake.pdf"
    other.write_bytes(b"just text pretending to be a pdf")
    _expect(other, "not a valid .pdf (no %PDF header)")


def test_malformed_eml(tmp_path):
    path = tmp_path / "mail.eml"
    path.write_text("this is just a sentence, not an email\nsecond line\n")
    _expect(path, "malformed email")


def test_malformed_vtt(tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text("not a transcript\n00:00 -> nonsense\n")
    _expect(path, "not a valid WebVTT transcript")


def test_oversized_file_is_refused_by_size_alone(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 60 MB on paper, nothing to read
        handle.truncate(60 * 2**20)
    _expect(path, "file is 60 MB, over the 50 MB limit")
    small = tmp_path / "small.txt"
    small.write_text("x" * 2048)
    _expect(small, "file is 2 KB, over the 1 KB limit", max_bytes=1024)


def test_missing_file_and_directory(tmp_path):
    _expect(tmp_path / "gone.md", "file not found")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    _expect(folder, "directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_permissions(tmp_path):
    path = tmp_path / "secret.md"
    path.write_text("hidden")
    path.chmod(0)
    try:
        _expect(path, "cannot read file")
    finally:
        path.chmod(0o600)


def test_permission_error_while_reading(tmp_path, monkeypatch):
    """Same path as above, for runs as root (which ignores file modes)."""
    path = tmp_path / "secret.md"
    path.write_text("hidden")
    real_open = Path.open

    def guarded(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    _expect(path, "cannot read file (Permission denied)")


def test_html_without_visible_text(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>x=1</script></head><body>  </body></html>")
    _expect(path, "no visible text")


def test_pdf_without_text_layer_and_encrypted_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter
    from test_parsing_formats import make_pdf

    _expect(make_pdf(tmp_path / "scan.pdf", [""]), "PDF has no text layer (scanned image?)")
    plain = make_pdf(tmp_path / "plain.pdf", ["Secret plan"])
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt("password", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    writer.write(str(locked))
    _expect(locked, "PDF is encrypted")


def test_special_files_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _expect(fifo, "not a regular file")
