"""Structure-aware fuzzing of the parsers, on top of tests/test_parsing_fuzz.py.

That file feeds random bytes and mangled text fixtures to every extension; it
has no .docx or .pdf seed, so those parsers only ever saw garbage that fails
at the first check. Here valid Word and PDF files are generated, then mutated
at the byte level and inside the zip (the XML Word reads), and HTML is built
from a grammar of nested, hidden and commented elements. Every input must
parse and chunk into consistent offsets, or raise InputError naming the file,
nothing else (and not the catch-all "could not parse" InputError that hides a
parser bug from users). Bounded: ~200 examples per format, derandomised, no database.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.chunking import chunk_document
from extractor.documents import Document
from extractor.errors import InputError
from extractor.parsing import parse_bytes

_EXAMPLES = int(os.environ.get("HANDOFF_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_EXAMPLES or 200, deadline=None, derandomize=not _EXAMPLES,
                database=None, suppress_health_check=list(HealthCheck))


def _check(data: bytes, suffix: str, seen: Counter) -> None:
    """Parse then chunk; anything but a consistent Document or an InputError fails."""
    seen["tried"] += 1
    source = f"docs/fuzz{suffix}"
    try:
        doc = parse_bytes(data, account="fuzz", source=source)
    except InputError as error:
        assert str(error).startswith(f"{source}: ") and "\n" not in str(error), str(error)
        seen["refused"] += 1
        # parse_bytes turns a parser bug into "could not parse (SomeError: ...)" so a batch
        # goes on; for a fuzzer that is still a bug hiding behind the safety net
        assert "could not parse (" not in str(error), str(error)
        return
    assert isinstance(doc, Document) and isinstance(doc.text, str) and doc.text.strip()
    doc.model_dump_json()
    for segment in doc.segments:
        assert 0 <= segment.start <= segment.end <= len(doc.text)
    for chunk in chunk_document(doc):
        assert 0 <= chunk.start < chunk.end <= len(doc.text)
        assert chunk.text == doc.text[chunk.start:chunk.end]
    seen["parsed"] += 1


def _docx_seed() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Statement of work", level=1)
    document.add_paragraph("Go-live is planned for 16 March 2026. Sponsor: Ingrid Solberg.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "Milestone", "Cutover weekend"
    document.add_paragraph().add_run("hidden run").font.hidden = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_seed(tmp: Path) -> bytes:
    from test_parsing_formats import make_pdf

    return make_pdf(tmp / "seed.pdf", ["Kickoff notes: go-live in March",
                                       "Risk: the export drops cost centres"]).read_bytes()


def _replace_member(docx_bytes: bytes, name: str, body: bytes) -> bytes:
    """The same zip with one member's bytes replaced (the zip itself stays valid)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, body if info.filename == name else src.read(info))
    return out.getvalue()


def _mutate(seed: bytes, cut: int, junk: bytes, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(seed[:cut] + junk + seed[cut:])
    for position, value in flips:
        if data:
            data[position % len(data)] = value
    return bytes(data)


MUTATION = dict(cut=st.integers(0, 60_000), junk=st.binary(max_size=64),
                flips=st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)),
                               max_size=8))


def _report(capsys: pytest.CaptureFixture, name: str, seen: Counter) -> None:
    # A broken seed or mutator that never reaches the parsers must fail, not pass quietly.
    assert seen["tried"] >= 50 and seen["parsed"] > 0, f"fuzz {name} reached no parser: {seen}"
    with capsys.disabled():
        print(f"\nfuzz {name}: inputs {seen['tried']}, parsed {seen['parsed']}, "
              f"refused with InputError {seen['refused']}, crashes 0")


@pytest.mark.timeout(300)
def test_fuzz_mutated_docx_bytes(capsys: pytest.CaptureFixture) -> None:
    seed, seen = _docx_seed(), Counter()

    @FUZZ
    @given(**MUTATION)
    def run(cut: int, junk: bytes, flips: list[tuple[int, int]]) -> None:
        _check(_mutate(seed, cut % (len(seed) + 1), junk, flips), ".docx", seen)

    run()
    _report(capsys, ".docx bytes", seen)


@pytest.mark.timeout(300)
def test_fuzz_mutated_docx_xml_inside_a_valid_zip(capsys: pytest.CaptureFixture) -> None:
    seed, seen = _docx_seed(), Counter()
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        xml = archive.read("word/document.xml")

    @FUZZ
    @given(**MUTATION)
    def run(cut: int, junk: bytes, flips: list[tuple[int, int]]) -> None:
        body = _mutate(xml, cut % (len(xml) + 1), junk, flips)
        _check(_replace_member(seed, "word/document.xml", body), ".docx", seen)

    run()
    _report(capsys, ".docx XML", seen)


@pytest.mark.timeout(300)
def test_fuzz_mutated_pdf(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    seed, seen = _pdf_seed(tmp_path), Counter()

    @FUZZ
    @given(**MUTATION)
    def run(cut: int, junk: bytes, flips: list[tuple[int, int]]) -> None:
        _check(_mutate(seed, cut % (len(seed) + 1), junk, flips), ".pdf", seen)

    run()
    _report(capsys, ".pdf", seen)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_ATTRS = st.sampled_from(["", ' style="display:none"', " hidden", ' style="visibility: hidden"',
                          ' class="x"', ' aria-hidden="true"', ' style="color:red"'])
_TAGS = st.sampled_from(["div", "p", "span", "table", "tr", "td", "ul", "li", "br", "h1",
                         "pre", "script", "style", "template", "noscript", "a", "b"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda t, a, c: f"<{t}{a}>{''.join(c)}</{t}>", _TAGS, _ATTRS,
                  st.lists(children, max_size=4)),
        st.builds(lambda c: f"<!--{c}-->", _TEXT),
        st.builds(lambda t, c: f"<{t}>{c}", _TAGS, _TEXT),  # unclosed
    )


_HTML = st.recursive(_TEXT | st.sampled_from(["&amp;", "&nbsp;", "&#xD800;", "&bogus;", "<", ">"]),
                     _element, max_leaves=30)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("suffix", [".html", ".md", ".eml"])
def test_fuzz_html_grammar(suffix: str, capsys: pytest.CaptureFixture) -> None:
    """Nested, hidden, commented and unclosed markup as a page, a Markdown note, an HTML mail."""
    seen = Counter()
    prefix = ("From: a@b.example\nSubject: s\nContent-Type: text/html; charset=utf-8\n\n"
              if suffix == ".eml" else "")

    @FUZZ
    @given(body=_HTML)
    def run(body: str) -> None:
        _check((prefix + body).encode("utf-8"), suffix, seen)

    run()
    _report(capsys, f"HTML grammar as {suffix}", seen)
