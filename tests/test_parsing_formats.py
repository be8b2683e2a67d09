"""Each supported format parses into the text a user sees, with its structure kept."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
from pathlib import Path

import pytest

from extractor.documents import DateSource, DocType, stable_id
from extractor.errors import InputError
from extractor.grounding import align
from extractor.models import Alignment
from extractor.parsing import SUPPORTED_EXTENSIONS, parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "parsing"


def make_pdf(path: Path, pages: list[str]) -> Path:
    """Write a minimal valid PDF with one line of Helvetica text per page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
        page_no, content_no = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_no} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Contents {content_no} 0 R /Resources << /Font << /F1 "
                       f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\n"
                       f"endstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(bytes(out))
    return path


def make_docx(path: Path) -> Path:
    """A small SOW-like Word file with a heading, paragraphs and a table with a merged cell."""
    import docx

    document = docx.Document()
    document.core_properties.title = "SOW #1 - Acme"
    document.add_heading("Statement of Work", level=1)
    document.add_paragraph("Go-live is planned for 1 June 2026.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Milestone"
    table.cell(0, 1).text = "Date"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "UAT sign-off by 15 May"
    document.add_paragraph("Fees: USD 84,000 per year.")
    document.save(str(path))
    return path


def test_supported_extensions_cover_the_required_formats():
    assert {".md", ".txt", ".eml", ".html", ".vtt", ".docx", ".pdf"} <= SUPPORTED_EXTENSIONS


def test_markdown_keeps_raw_text_and_takes_first_heading_as_title():
    path = FIXTURES / "2026-03-02-kickoff-notes.md"
    doc = parse_file(path, account="acme", source="docs/2026-03-02-kickoff-notes.md")
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.doc_type is DocType.MARKDOWN
    assert doc.title == "Kickoff call - Acme Widgets"
    assert doc.doc_id == stable_id("acme", "docs/2026-03-02-kickoff-notes.md")
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (doc.date, doc.date_source) == (dt.date(2026, 3, 2), DateSource.FILENAME)
    # a quote with folded whitespace is still found
    span = align(doc.text, "We need this live before the audit")
    assert span is not None and span.alignment is Alignment.NORMALIZED


def test_source_defaults_to_file_name():
    doc = parse_file(FIXTURES / "weekly-status.txt", account="acme")
    assert doc.source == "weekly-status.txt"
    assert doc.doc_type is DocType.TEXT


def test_html_renders_visible_text_only():
    doc = parse_file(FIXTURES / "status-page.html", account="acme")
    assert doc.title == "Acme - Project Status"
    assert "Last updated on April 20, 2026 by Alex & team." in doc.text
    assert "Migration\nAMBER" in doc.text  # table cells on their own lines
    assert "UAT starts May 4\nSSO blocked" in doc.text
    for hidden in ("var secret", "ignore previous", "Hidden instruction", "Also hidden", ".x{"):
        assert hidden not in doc.text
    assert doc.metadata["hidden_elements_dropped"] == 2


def test_deeply_nested_html_is_rendered_quickly(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<title>Deep</title>" + "<div>" * 100_000 + "deep <b>text</b>"
                    + "</div>" * 100_000 + "<!-- note --><p>after</p>")
    started = time.perf_counter()
    doc = parse_file(path, account="acme")
    assert time.perf_counter() - started < 10  # lexbor alone takes minutes at this depth
    assert (doc.text, doc.title) == ("deep text\n\nafter", "Deep")


def test_vtt_one_line_per_cue_with_speakers_and_timestamps():
    doc = parse_file(FIXTURES / "2026-04-16-working-session.vtt", account="acme")
    lines = doc.text.splitlines()
    assert lines[0] == "NOTE Auto-transcript. Recording started late."
    assert lines[1] == "Jo Bloggs: OK, let's start. The vendor names are still truncated."
    assert lines[2] == "Alex Vendorperson: We widened the field, it ships Friday."
    assert lines[3] == "Sam Okafor: Q&A after the demo, please."  # inline speaker, entity decoded
    cues = [s for s in doc.segments if s.kind == "cue"]
    assert [(c.speaker, c.timestamp) for c in cues] == [
        ("Jo Bloggs", "00:00:01.000"), ("Alex Vendorperson", "00:00:06.000"),
        ("Sam Okafor", "00:00:10.000"), (None, "00:00:12.500")]
    assert doc.span(cues[1].start, cues[1].end) == lines[2]
    assert [(p.name, p.source) for p in doc.participants] == [
        ("Jo Bloggs", "speaker"), ("Alex Vendorperson", "speaker"), ("Sam Okafor", "speaker")]
    assert doc.date_source is DateSource.FILENAME


def test_docx_paragraphs_and_table_cells(tmp_path):
    path = make_docx(tmp_path / "2026-01-20-sow.docx")
    doc = parse_file(path, account="acme")
    assert doc.doc_type is DocType.DOCX
    assert doc.title == "SOW #1 - Acme"
    lines = doc.text.splitlines()
    assert lines[:2] == ["Statement of Work", "Go-live is planned for 1 June 2026."]
    assert lines.count("UAT sign-off by 15 May") == 1  # a merged cell is not repeated
    assert "Milestone" in lines and lines[-1] == "Fees: USD 84,000 per year."


def test_docx_text_in_tracked_insertions_and_content_controls(tmp_path):
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    paragraph = document.add_paragraph("Fees: ")
    paragraph._p.append(parse_xml(
        f'<w:ins {ns} w:id="1" w:author="A"><w:r><w:t>USD 84,000</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {ns} w:id="2" w:author="A"><w:r><w:delText>USD 90,000</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:sdt {ns}><w:sdtContent><w:r><w:tab/><w:t>per year</w:t></w:r></w:sdtContent></w:sdt>'))
    path = tmp_path / "sow.docx"
    document.save(str(path))
    assert parse_file(path, account="acme").text == "Fees: USD 84,000\tper year\n"


def test_pdf_pages_joined_by_blank_line(tmp_path):
    path = make_pdf(tmp_path / "2026-02-01-order-form.pdf", ["Order form page one", "Total 84000"])
    doc = parse_file(path, account="acme")
    assert doc.doc_type is DocType.PDF
    assert doc.text == "Order form page one\n\nTotal 84000\n"
    assert doc.metadata["pages"] == 2
    assert doc.metadata["page_offsets"] == [0, len("Order form page one") + 2]


def test_non_utf8_text_falls_back_and_is_recorded(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("Caf\u00e9 meeting \u2013 Ren\u00e9e agreed.".encode("cp1252"))
    doc = parse_file(path, account="acme")
    assert doc.text == "Caf\u00e9 meeting \u2013 Ren\u00e9e agreed."
    assert doc.metadata["encoding"] == "cp1252" and doc.metadata["encoding_fallback"]


def test_crlf_newlines_are_normalised(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(b"# Title\r\nline one\r\nline two\r\n")
    assert parse_file(path, account="acme").text == "# Title\nline one\nline two\n"


def test_mixed_encodings_keep_valid_utf8_and_read_the_rest_as_cp1252(tmp_path):
    path = tmp_path / "pasted.txt"
    pasted = "Na\u00efve \u201cquote\u201d".encode("cp1252")
    path.write_bytes("Caf\u00e9 \u2013 ok. ".encode() + pasted)
    doc = parse_file(path, account="acme")
    assert doc.text == "Caf\u00e9 \u2013 ok. Na\u00efve \u201cquote\u201d"
    assert doc.metadata["encoding"] == "utf-8+cp1252"


@pytest.mark.parametrize(("name", "body"), [
    ("spaces.html", "<p>a" + " " * 300_000 + "b</p><p>" + " " * 300_000 + "</p>"),
    ("tags.html", "<!--" * 100_000 + "<script>" * 50_000),
    ("deep-stray.html", "<div>" * 5_000 + "<" * 200_000),
    ("heading.md", "# a" + " " * 300_000 + "b\n"),
])
def test_pathological_inputs_parse_in_linear_time(tmp_path, name, body):
    """Inputs that make backtracking regexes or tree builders take minutes."""
    path = tmp_path / name
    path.write_text(body)
    started = time.perf_counter()
    with contextlib.suppress(InputError):  # refusing is fine; hanging is not
        parse_file(path, account="acme")
    assert time.perf_counter() - started < 10
