"""Chunking: exact offsets, no quoted email text, whole transcript cues, bounded sizes."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import FILES

from extractor.chunking import MAX_CHARS, chunk_document
from extractor.documents import DateSource, DocType, Document, Segment
from extractor.parsing import parse_file


def _parse(tmp_path: Path, name: str) -> Document:
    path = tmp_path / name
    path.write_text(FILES[name])
    return parse_file(path, account="fjord", source=f"docs/{name}")


def test_chunk_text_is_exactly_the_stored_span(tmp_path: Path) -> None:
    for name in FILES:
        doc = _parse(tmp_path, name)
        chunks = chunk_document(doc)
        assert chunks, name
        for chunk in chunks:
            assert chunk.text == doc.text[chunk.start : chunk.end]
            assert len(chunk.text) <= MAX_CHARS
            assert (chunk.account, chunk.doc_id, chunk.doc_date) == ("fjord", doc.doc_id, doc.date)


def test_quoted_email_reply_is_not_indexed_but_kept_in_text(tmp_path: Path) -> None:
    doc = _parse(tmp_path, "2026-03-12-re-bank-feed.eml")
    joined = " ".join(c.text for c in chunk_document(doc))
    assert "payroll system" in joined
    assert "ships next sprint" not in joined
    assert "ships next sprint" in doc.text
    assert {c.author for c in chunk_document(doc)} == {"Jonas Berg"}


def test_transcript_chunks_keep_cues_whole_with_speakers(tmp_path: Path) -> None:
    doc = _parse(tmp_path, "2026-03-16-workshop.vtt")
    chunks = chunk_document(doc)
    cues = [s for s in doc.segments if s.kind == "cue"]
    for cue in cues:
        assert any(c.start <= cue.start and cue.end <= c.end + 1 for c in chunks)
    assert chunks[0].author == "Mira Olsen, Ana Ruiz"


def test_long_document_is_split_with_small_overlap(tmp_path: Path) -> None:
    doc = _parse(tmp_path, "2026-03-02-kickoff.md")
    chunks = chunk_document(doc)
    assert len(chunks) >= 2
    for a, b in itertools.pairwise(chunks):
        assert b.start > a.start and a.end - b.start <= 150


def test_chunk_ids_are_stable(tmp_path: Path) -> None:
    doc = _parse(tmp_path, "2026-03-02-kickoff.md")
    assert [c.chunk_id for c in chunk_document(doc)] == [c.chunk_id for c in chunk_document(doc)]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n\t!x"), max_size=4000))
def test_any_text_gives_exact_bounded_chunks(text: str) -> None:
    doc = Document(doc_id="d", account="a", source="s.txt", doc_type=DocType.TEXT,
                   date="2026-01-01", date_source=DateSource.MTIME, text=text, content_hash="h",
                   segments=[Segment(start=0, end=len(text) // 2),
                             Segment(start=len(text) // 2, end=len(text), kind="quoted")])
    for chunk in chunk_document(doc):
        assert chunk.text == text[chunk.start : chunk.end] and chunk.text.strip()
        assert len(chunk.text) <= MAX_CHARS and chunk.end <= len(text) // 2
