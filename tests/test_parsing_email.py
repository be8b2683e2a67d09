"""Emails: headers as metadata, full body kept, quoted/signature/disclaimer spans labelled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractor.documents import DateSource, Document
from extractor.parsing import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "parsing"


def _parse(name: str) -> Document:
    return parse_file(FIXTURES / name, account="acme", source=f"docs/{name}")


def _kinds(doc: Document) -> list[tuple[str, str]]:
    return [(s.kind, doc.span(s.start, s.end)) for s in doc.segments]


def _segment_with(doc: Document, needle: str):
    return next(s for s in doc.segments if needle in doc.span(s.start, s.end))


def test_header_block_and_metadata():
    doc = _parse("2026-04-01-re-data-migration.eml")
    assert doc.text.startswith(
        "From: Jo Bloggs <jo.bloggs@acme.example>\nTo: Alex Vendorperson <alex@vendor.example>\n")
    assert "\nSubject: RE: Data migration - legacy vendor names\n\nAlex,\n" in doc.text
    assert doc.title == "RE: Data migration - legacy vendor names"
    meta = doc.metadata
    assert meta["from"] == "Jo Bloggs <jo.bloggs@acme.example>"
    assert meta["message_id"] == "<abc123@acme.example>"
    assert meta["date"] == "2026-04-01T23:30:00-07:00"
    # the sender's own calendar day, not the UTC one (which is already 2 April)
    assert (doc.date, doc.date_source) == (dt.date(2026, 4, 1), DateSource.HEADER)


def test_new_text_signature_disclaimer_and_quoted_parts_are_separated():
    doc = _parse("2026-04-01-re-data-migration.eml")
    assert _segment_with(doc, "Sam owns it.").kind == "body"
    signature = _segment_with(doc, "VP Finance | Acme Widgets Ltd")
    assert signature.kind == "signature"
    assert doc.span(signature.start, signature.end).startswith("Jo Bloggs\n")
    assert _segment_with(doc, "CONFIDENTIALITY NOTICE").kind == "disclaimer"
    older = _segment_with(doc, "truncated 212 vendor names")
    assert (older.kind, older.author, older.date) == ("quoted", "Alex Vendorperson",
                                                      dt.date(2026, 3, 31))
    oldest = _segment_with(doc, "cuts names at 40 chars")
    assert (oldest.kind, oldest.author, oldest.date) == ("quoted", "Sam Okafor",
                                                         dt.date(2026, 3, 30))
    # the quoted text stays in the stored text for evidence, but is not indexed
    indexed = " ".join(doc.span(s.start, s.end) for s in doc.indexable_segments())
    assert "Sam owns it." in indexed
    assert "truncated 212" not in indexed and "CONFIDENTIALITY" not in indexed
    assert "truncated 212 vendor names" in doc.text


def test_participants_from_headers_and_signature():
    doc = _parse("2026-04-01-re-data-migration.eml")
    people = {(p.name, p.email, p.source) for p in doc.participants}
    assert ("Jo Bloggs", "jo.bloggs@acme.example", "from") in people
    assert ("Alex Vendorperson", "alex@vendor.example", "to") in people
    assert ("Pat Riley", "pat.riley@acme.example", "cc") in people  # "Riley, Pat"
    sender = doc.participants[0]
    assert (sender.title, sender.organisation) == ("VP Finance", "Acme Widgets Ltd")


def test_forwarded_message_is_quoted_with_its_author():
    doc = _parse("fw-budget.eml")
    assert _kinds(doc)[1] == ("body", "FYI, see below. Phase 2 is not funded yet.")
    assert _segment_with(doc, "Sent from my iPhone").kind == "signature"
    forwarded = _segment_with(doc, "wait for the FY27 budget")
    assert (forwarded.kind, forwarded.author, forwarded.date) == ("quoted", "Jo Bloggs",
                                                                  dt.date(2026, 4, 8))
    assert doc.span(forwarded.start, forwarded.end).startswith("---------- Forwarded message")
    assert [(p.name, p.email, p.source) for p in doc.participants] == [
        ("Sam Okafor", "sam.okafor@acme.example", "from"),
        ("Alex Vendorperson", "alex@vendor.example", "to"),
        ("Jo Bloggs", "jo.bloggs@acme.example", "quoted")]  # "Sent from my iPhone" is no one


def test_inline_replies_keep_new_text_between_quotes():
    doc = _parse("2026-04-10-inline-reply.eml")
    assert doc.metadata["from"] == "Ren\u00e9e M\u00fcller <renee@acme.example>"  # RFC 2047
    assert doc.title == "Re: SSO \u2013 questions"
    assert [k for k, _ in _kinds(doc)] == [
        "header", "body", "quoted", "body", "quoted", "body", "signature"]
    assert _segment_with(doc, "Which IdP").author == "Alex Vendorperson"
    assert _segment_with(doc, "Caf\u00e9 staff").kind == "body"  # quoted-printable decoded
    assert _segment_with(doc, "IT Security Manager").kind == "signature"
    assert doc.participants[0].title == "IT Security Manager"


def test_html_only_body_is_rendered_and_attachments_listed():
    doc = _parse("html-only.eml")
    assert doc.text.endswith("\n\nHi Jo,\n\nUAT starts May 4.\n")
    assert doc.metadata["body_type"] == "text/html"
    assert doc.metadata["attachments"] == ["plan.pdf"]


def test_localised_reply_headers(tmp_path):
    path = tmp_path / "re.eml"
    path.write_text(
        "From: Ana <ana@x.example>\nDate: Tue, 2 Jun 2026 09:00:00 +0100\nSubject: RE: x\n\n"
        "Concordo.\n\nDe: Rui Costa <rui@y.example>\nEnviado: 28 de maio de 2026 16:20\n"
        "Para: Ana\nAssunto: x\n\nPrecisamos de uma decis\u00e3o.\n", encoding="utf-8")
    doc = parse_file(path, account="acme")
    quoted = _segment_with(doc, "Precisamos")
    assert (quoted.kind, quoted.author, quoted.date) == ("quoted", "Rui Costa",
                                                         dt.date(2026, 5, 28))
    assert _segment_with(doc, "Concordo.").kind == "body"


def test_signature_glued_to_disclaimer_and_unsigned_bottom_quote(tmp_path):
    path = tmp_path / "re.eml"
    path.write_text(
        "From: Dana Fox <dana@x.example>\nSubject: RE: y\n\nThanks all.\n\nDana\n\n"
        "Dana Fox, SHRM-CP\nChief People Officer\nX Health\n"
        "CONFIDENTIALITY NOTICE: This e-mail may contain privileged information. If you are "
        "not the intended recipient, delete it.\n\n"
        "> From: Lee Park <lee@y.example>\n> Sent: Monday, June 1, 2026 5:00 PM\n"
        "> To: Dana Fox\n> Subject: y\n>\n> Can we go live?\n", encoding="utf-8")
    doc = parse_file(path, account="acme")
    assert _segment_with(doc, "Chief People Officer").kind == "signature"
    assert _segment_with(doc, "CONFIDENTIALITY").kind == "disclaimer"
    quoted = _segment_with(doc, "Can we go live?")
    assert (quoted.kind, quoted.author, quoted.date) == ("quoted", "Lee Park",
                                                         dt.date(2026, 6, 1))
    assert doc.date_source is DateSource.CONTENT  # no Date header, no name prefix


def test_raw_8bit_headers_and_wrong_body_charset(tmp_path):
    path = tmp_path / "legacy.eml"
    path.write_bytes(b"From: Ren\xe9 Roy <r@x.example>\nSubject: Caf\xe9 plan\n"
                     b"Date: Mon, 1 Jun 2026 10:00:00 +0000\n"
                     b"Content-Type: text/plain; charset=utf-8\n\nBody caf\xe9 text.\n")
    doc = parse_file(path, account="acme")
    assert doc.text.endswith("Subject: Caf\u00e9 plan\n\nBody caf\u00e9 text.\n")
    assert doc.participants[0].name == "Ren\u00e9 Roy"
    doc.model_dump_json()  # no surrogates left to break storage


def test_closing_lists_and_sentences_are_not_mistaken_for_signatures(tmp_path):
    path = tmp_path / "plain.eml"
    path.write_text(
        "From: Jo Bloggs <jo@acme.example>\nSubject: plan\n\nQuick update.\n\n"
        "Next Steps\n- Sam to send the account list\n- Jo Bloggs: SSO sign-off\n\n"
        "Jo will send the file Friday.\n", encoding="utf-8")
    doc = parse_file(path, account="acme")
    assert [s.kind for s in doc.segments] == ["header", "body"]


def test_signature_followed_by_a_tagline(tmp_path):
    path = tmp_path / "tag.eml"
    path.write_text(
        "From: Lee Park <lee@x.example>\nSubject: s\n\nSee you Monday.\n\nLee\n\n"
        "Lee Park\nProgram Manager | X Corp\nP 555 010 0127\n\nThink before you click.\n\n"
        "P.S. We need six more seats in Q3.\n", encoding="utf-8")
    doc = parse_file(path, account="acme")
    assert _segment_with(doc, "Program Manager").kind == "signature"
    assert _segment_with(doc, "six more seats").kind == "body"  # a postscript is content


def test_external_sender_banner_is_boilerplate(tmp_path):
    path = tmp_path / "banner.eml"
    path.write_text(
        "From: Kim Lee <kim@x.example>\nSubject: s\n\nCAUTION: This email originated from "
        "outside of the organization. Do not click links unless you recognize the sender.\n\n"
        "Kim here - the CFO approved the budget.\n", encoding="utf-8")
    doc = parse_file(path, account="acme")
    assert _segment_with(doc, "originated from outside").kind == "disclaimer"
    assert _segment_with(doc, "CFO approved").kind == "body"


def test_body_sentences_that_sound_legal_stay_body(tmp_path):
    path = tmp_path / "legalish.eml"
    path.write_text(
        "From: Kim Lee <kim@x.example>\nSubject: s\n\n"
        "If you are not comfortable with the cutover plan, call me.\n\n"
        "The payroll export may contain confidential salary data, so we mask it.\n\n"
        "External email to vendors is blocked by policy until SSO is live.\n", encoding="utf-8")
    doc = parse_file(path, account="acme")
    assert [s.kind for s in doc.segments] == ["header", "body"]


def test_pathological_email_lines_are_fast(tmp_path):
    import time

    long_lines = ["-- Forwarded by " + " " * 200_000 + "x", "On " + " " * 200_000 + "x",
                  "> " + "> " * 100_000, "Thanks " + "a " * 100_000 + "?",
                  " " * 200_000 + "CONFIDENTIALITY"]
    path = tmp_path / "long.eml"
    path.write_text("From: a@b.example\nSubject: s\n\n" + "\n".join(long_lines) + "\n")
    started = time.perf_counter()
    parse_file(path, account="acme")
    assert time.perf_counter() - started < 10
