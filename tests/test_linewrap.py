"""Hard-wrapped text (plain-text mail, PDF text layers) is read as logical lines."""

from __future__ import annotations

import textwrap

from extractor.linewrap import logical_lines, wrap_width
from extractor.parsing import parse_bytes
from extractor.segmentation import segment_document

PROSE = ("Gwen wants the close down to five days by the September close and said it twice, "
         "because the board keeps asking about it. ")
WRAPPED_NOTE = "\n".join([
    "# Kickoff notes",
    "",
    *textwrap.wrap(PROSE * 3, 72),
    "",
    "- " + "\n  ".join(textwrap.wrap("Ray refused to hand an admin role to vendors, so the "
                                     "integration role is parked until Priya sends the exact "
                                     "permission list to IT.", 70)),
    "- Wells is one of the three accounts in the SOW, confirmed by Marisol.",
    "| Risk | Owner | Status |",
    "| Memphis adoption is lagging behind the other hubs | Lena | Open |",
    "-" * 60,
    "Owner: Lena Ortiz, GL manager, who runs the close checklist every month.",
])


def test_wrapped_text_is_detected_and_unwrapped_text_is_not() -> None:
    assert wrap_width(WRAPPED_NOTE) is not None
    long_lines = "\n".join(PROSE * (i % 3 + 1) for i in range(8))
    assert wrap_width(long_lines) is None


def test_a_few_lines_kept_as_sent_do_not_hide_the_wrap() -> None:
    """A reply wrapped at 72 whose subject line and quoted message were not re-wrapped."""
    reply = "\n".join([
        "Subject: Re: go-live date for Joliet building one and the peak season question",
        "",
        *textwrap.wrap(PROSE * 5, 72),
        "",
        "> " + PROSE * 2,
        "> " + PROSE,
        "Regards, Tasha Green, Operations Director, Ridgeway Third Party Logistics, Joliet",
    ])
    assert wrap_width(reply) in (70, 71, 72)  # its body's longest lines are 70-71


def test_a_sentence_broken_by_the_wrap_is_one_logical_line_at_its_own_offsets() -> None:
    lines = logical_lines(WRAPPED_NOTE, wrap_width(WRAPPED_NOTE))
    for offset, text in lines:
        assert WRAPPED_NOTE[offset:offset + len(text)] == text  # spans of the stored text
    texts = [t for _, t in lines]
    bullet = next(t for t in texts if t.startswith("- Ray"))
    assert bullet.endswith("permission list to IT.") and "\n  " in bullet
    # new items, table rows, rules and "Key: value" lines are never glued on
    assert "- Wells is one of the three accounts in the SOW, confirmed by Marisol." in texts
    assert all(t.count("|") in (0, 4) for t in texts)
    assert any(t.startswith("Owner: Lena") for t in texts)


def test_units_of_a_wrapped_note_are_whole_sentences() -> None:
    document = parse_bytes(WRAPPED_NOTE.encode(), account="acme", source="2026-02-10-notes.md")
    units = segment_document(document)
    assert any(" ".join(u.text.split()) == PROSE.strip() for u in units)
    ray = next(u for u in units if u.text.startswith("Ray refused"))
    assert ray.text.endswith("to IT.")
    assert document.text[ray.start:ray.end] == ray.text


def test_unwrapped_documents_segment_as_before() -> None:
    text = "\n".join(["# Notes", "", PROSE * 2, "- a short bullet that ends here",
                      "continuing words that are not part of it"])
    assert wrap_width(text) is None
    assert [t for _, t in logical_lines(text, None)] == text.split("\n")
