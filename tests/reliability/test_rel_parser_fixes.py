"""Regression tests for the parser holes the reliability suite found (see RELIABILITY.md)."""

from __future__ import annotations

import io
import time

from rel_corpus import hidden_docx

from extractor.parsing import parse_bytes


def test_markdown_comments_are_blanked_keeping_lines_and_offsets() -> None:
    data = b"# Plan\n\nBefore <!-- secret\ntwo lines --> after.\n\nLast line.\n"
    doc = parse_bytes(data, account="a", source="n.md")
    raw = data.decode()
    assert "secret" not in doc.text and len(doc.text) == len(raw)
    assert doc.text.index("after.") == raw.index("after.")
    assert doc.text.count("\n") == raw.count("\n")
    assert doc.metadata["comments_blanked"] == 1
    assert doc.title == "Plan"


def test_comments_stay_in_plain_text_files_and_markdown_without_them() -> None:
    text = b"Paste of HTML: <!-- kept --> as written.\n"
    assert "kept" in parse_bytes(text, account="a", source="n.txt").text
    plain = b"# T\n\nNo comment here, a < b and c > d.\n"
    assert parse_bytes(plain, account="a", source="n.md").text == plain.decode()


def test_docx_hidden_runs_are_dropped_but_explicitly_unhidden_ones_kept() -> None:
    doc = parse_bytes(hidden_docx("Hidden Zorbalite plan."), account="a", source="s.docx")
    assert "Zorbalite" not in doc.text and "Acceptance" in doc.text

    import docx

    document = docx.Document()
    document.add_paragraph().add_run("Shown Quillmark text.").font.hidden = False
    buffer = io.BytesIO()
    document.save(buffer)
    assert "Quillmark" in parse_bytes(buffer.getvalue(), account="a", source="s.docx").text


def _seconds(data: bytes, source: str) -> float:
    started = time.perf_counter()
    parse_bytes(data, account="a", source=source)
    return time.perf_counter() - started


def test_long_transcript_and_long_thread_parse_in_linear_time() -> None:
    """Both were quadratic: 100k cues took over 10 minutes. 4x input must cost well under 16x."""
    cue = b"00:00:01.000 --> 00:00:02.000\n<v A>hi\n\n"
    header = b"-----Original Message-----\nFrom: x\n"
    for make, source in ((lambda n: b"WEBVTT\n\n" + cue * n, "t.vtt"),
                         (lambda n: b"From: a@b.example\nSubject: s\n\n" + header * n, "m.eml")):
        small, large = _seconds(make(2500), source), _seconds(make(10_000), source)
        assert large < 9 * small + 0.5, (source, small, large)
