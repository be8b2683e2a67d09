"""Units are verbatim spans; quoted mail counts once; signatures are not content."""

from __future__ import annotations

from extractor.parsing import parse_bytes
from extractor.segmentation import segment_document, segment_documents, split_sentences


def _doc(name: str, text: str):  # type: ignore[no-untyped-def]
    return parse_bytes(text.encode(), account="acme", source=f"docs/{name}")


NOTES = ("# Kickoff notes\n\n## Risks\n- Data migration has duplicate vendor records. Owner: Kim.\n"
         "- SSO depends on IT, who are behind.\n\n| ID | Risk | Status |\n|---|---|---|\n"
         "| R-1 | Payroll feed fails nightly | Open |\n")


def test_units_are_exact_spans_with_headings() -> None:
    doc = _doc("2026-03-02-kickoff.md", NOTES)
    units = segment_document(doc)
    assert units
    for unit in units:
        assert doc.text[unit.start:unit.end] == unit.text
    first = units[0]
    assert first.text.startswith("Data migration has duplicate vendor records")
    assert first.heading == "risks"
    assert any("Payroll feed fails nightly" in u.text for u in units)


def test_sentences_split_but_not_on_abbreviations() -> None:
    text = "Go-live is approx. 3 weeks out. Dr. Lee signed. Next steps follow!"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["Go-live is approx. 3 weeks out.", "Dr. Lee signed.", "Next steps follow!"]


EMAIL_1 = ("From: Ana Ruiz <ana@vendor.example>\nTo: Jo Berg <jo@cust.example>\n"
           "Date: Wed, 11 Mar 2026 09:00:00 +0000\nSubject: bank feed\n\n"
           "Jo, the bank feed patch ships next sprint and the workaround stays until then.\n\n"
           "Ana Ruiz | Implementation Lead\n")
EMAIL_2 = ("From: Jo Berg <jo@cust.example>\nTo: Ana Ruiz <ana@vendor.example>\n"
           "Date: Thu, 12 Mar 2026 10:00:00 +0000\nSubject: Re: bank feed\n\n"
           "Thanks, the workaround held all week.\n\n"
           "On Wed, 11 Mar 2026 Ana Ruiz wrote:\n"
           "> Jo, the bank feed patch ships next sprint and the workaround stays until then.\n")


def test_quoted_reply_is_dropped_when_the_original_is_a_document() -> None:
    first, reply = _doc("2026-03-11-bank-feed.eml", EMAIL_1), _doc("2026-03-12-re.eml", EMAIL_2)
    texts = [u.text for u in segment_documents([first, reply])]
    assert sum("patch ships next sprint" in t for t in texts) == 1
    alone = [u.text for u in segment_documents([reply])]
    assert any("patch ships next sprint" in t for t in alone)


def test_transcript_cues_carry_speakers() -> None:
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Mira Olsen>Could the Oslo team use "
           "this too?\n")
    (unit,) = segment_document(_doc("2026-03-16-workshop.vtt", vtt))
    assert unit.speaker == "Mira Olsen"
    assert unit.text == "Could the Oslo team use this too?"


def test_job_title_abbreviations_do_not_end_a_sentence() -> None:
    """"(Dir. Group Sales)" sits inside a sentence; splitting it cut the ask off its date."""
    text = ("At Tuesday's huddle Aisha Bello (Dir. Group Sales) asked for the pace dashboard. "
            "Asst. Supt. Reese agreed. Passed to Ben.")
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["At Tuesday's huddle Aisha Bello (Dir. Group Sales) asked for the pace "
                     "dashboard.", "Asst. Supt. Reese agreed.", "Passed to Ben."]
