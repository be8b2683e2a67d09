"""RFC 822 email (.eml): a header block plus the full decoded body, with labelled spans.

The stored text is ``From/To/Cc/Date/Subject`` lines, a blank line, and the
whole body including quoted replies, so any sentence can be cited; segments
tell indexing which parts are new text.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

from extractor.dating import parse_email_date
from extractor.documents import DocType, Participant, Segment
from extractor.parsing.base import (
    Parsed,
    decode_mixed,
    fail,
    looks_binary,
    normalise_newlines,
    repair_surrogates,
)
from extractor.parsing.email_segments import segment_body
from extractor.parsing.signature import signature_participant

HEADER_FIELDS = ("From", "To", "Cc", "Date", "Subject")
_ADDRESS_AFTER_NAME = r'"?\s*[<\[](?:mailto:)?([^<>\[\]\s]+@[^<>\[\]\s]+)[>\]]'


def parse_email(data: bytes, source: str) -> Parsed:
    """Parse an .eml file into text, header metadata, participants and segments.

    Raises:
        InputError: binary data, or no From/To/Date/Subject header at all.
    """
    if looks_binary(data):
        raise fail(source, "looks like binary data, not an email")
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        headers = _headers(msg)
    except Exception as exc:  # the email package raises many kinds on broken headers
        raise fail(source, f"malformed email ({type(exc).__name__}: {exc})") from exc
    if not any(headers.get(k) for k in ("From", "To", "Date", "Subject")):
        raise fail(source, "malformed email (no From, To, Date or Subject header)")
    header_text = "\n".join(f"{k}: {headers[k]}" for k in HEADER_FIELDS if headers.get(k))
    body, body_type = _body(msg)
    base = len(header_text) + 2
    text = header_text + "\n\n" + body
    sender = _participants(msg, "From")
    sender_id = f"{sender[0].name} {sender[0].email or ''}" if sender else None
    segments = [Segment(start=0, end=len(header_text), kind="header"),
                *segment_body(body, base, sender_id)]
    sent = parse_email_date(headers.get("Date"))
    return Parsed(
        text=text,
        doc_type=DocType.EMAIL,
        title=headers.get("Subject") or None,
        metadata=_metadata(msg, headers, sent, body_type),
        segments=segments,
        participants=_all_participants(msg, text, segments, sender),
        header_date=sent.date() if sent else None,
    )


def _headers(msg: EmailMessage) -> dict[str, str]:
    """Decoded, unfolded values of the header fields we keep."""
    raw = {k.lower(): v for k, v in reversed(list(msg.raw_items()))}  # first occurrence wins
    out: dict[str, str] = {}
    for name in (*HEADER_FIELDS, "Message-ID", "In-Reply-To"):
        value = msg.get(name)
        if value is None:
            continue
        text = str(value)
        original = raw.get(name.lower(), "")
        if not original.isascii():  # raw 8-bit header: read its bytes ourselves
            text = repair_surrogates(original)
        out[name] = " ".join(text.split())
    return out


def _body(msg: EmailMessage) -> tuple[str, str]:
    """The body as text (plain preferred, HTML rendered) and the MIME type it came from."""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", "none"
    content_type = part.get_content_type()
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        content = decode_mixed(part.get_payload(decode=True) or b"")
    if not isinstance(content, str):
        content = decode_mixed(content) if isinstance(content, bytes) else ""
    elif "\ufffd" in content:  # wrong declared charset: re-read the bytes ourselves
        payload = part.get_payload(decode=True) or b""
        if b"\xef\xbf\xbd" not in payload:
            content = decode_mixed(payload)
    if content_type == "text/html":
        from extractor.parsing.html import render_html

        content = render_html(content).text
    return normalise_newlines(content).rstrip() + "\n", content_type


def _metadata(msg: EmailMessage, headers: dict[str, str], sent, body_type: str) -> dict:
    """JSON-friendly header metadata plus attachment names."""
    attachments = [p.get_filename() for p in msg.iter_attachments() if p.get_filename()]
    return {
        "from": headers.get("From"),
        "to": headers.get("To"),
        "cc": headers.get("Cc"),
        "date": sent.isoformat() if sent else headers.get("Date"),
        "subject": headers.get("Subject"),
        "message_id": headers.get("Message-ID"),
        "in_reply_to": headers.get("In-Reply-To"),
        "body_type": body_type,
        "attachments": attachments,
    }


def _participants(msg: EmailMessage, field: str) -> list[Participant]:
    """People in an address header (display name, else the address's local part)."""
    try:
        header = msg.get(field)
        addresses = list(getattr(header, "addresses", ()) or ())
    except Exception:  # a malformed address header must not fail the whole email
        addresses = []
    people = []
    for address in addresses:
        mail = address.addr_spec or None
        mail = repair_surrogates(mail) if mail else None
        name = _natural_order(repair_surrogates(address.display_name or "").strip()) \
            or _name_from_address(mail)
        if name:
            people.append(Participant(name=name, email=mail, source=field.lower()))
    return people


def _natural_order(name: str) -> str:
    """``Riley, Pat`` (directory order) -> ``Pat Riley``; other names unchanged."""
    last, sep, first = name.partition(",")
    if sep and len(last.split()) == 1 and len(first.split()) in (1, 2) and "," not in first:
        return f"{first.strip()} {last.strip()}"
    return name


def _name_from_address(mail: str | None) -> str:
    """``jane.doe@x.com`` -> ``jane.doe`` (only as a last resort for a name)."""
    return mail.split("@", 1)[0] if mail else ""


def _all_participants(msg: EmailMessage, text: str, segments: list[Segment],
                      sender: list[Participant]) -> list[Participant]:
    """From/To/Cc people, with the sender's title and organisation from the signature."""
    people = [*sender, *_participants(msg, "To"), *_participants(msg, "Cc")]
    signature = next((s for s in segments if s.kind == "signature"), None)
    if signature is not None:
        found = signature_participant(text[signature.start:signature.end], sender)
        if found is not None and sender and found.name == sender[0].name:
            sender[0].title = found.title
            sender[0].organisation = found.organisation
        elif found is not None:
            people.append(found)
    people.extend(_quoted_authors(text, segments))
    return _dedupe(people)


def _quoted_authors(text: str, segments: list[Segment]) -> list[Participant]:
    """Authors of quoted and forwarded messages, with the address their header shows."""
    people = []
    for segment in segments:
        if segment.kind != "quoted" or not segment.author:
            continue
        head = text[segment.start:min(segment.end, segment.start + 600)]
        found = re.search(re.escape(segment.author) + _ADDRESS_AFTER_NAME, head)
        people.append(Participant(name=segment.author, email=found.group(1) if found else None,
                                  source="quoted"))
    return people


def _dedupe(people: list[Participant]) -> list[Participant]:
    """One entry per person (same address or same name), keeping the first role seen."""
    names: set[str] = set()
    mails: set[str] = set()
    out = []
    for person in people:
        name = " ".join(person.name.split()).lower()
        mail = (person.email or "").lower()
        if name in names or (mail and mail in mails):
            continue
        names.add(name)
        if mail:
            mails.add(mail)
        out.append(person)
    return out
