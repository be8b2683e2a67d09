"""Who signed an email: name, title and organisation from a signature block."""

from __future__ import annotations

import re

from extractor.documents import Participant

_SEP = re.compile(r"\s+[|•·]\s+")
_NAME = re.compile(r"^[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}$")
_SENT_FROM = re.compile(r"^(?:sent from|get outlook)\b", re.I)
_PHONE_OR_LINK = re.compile(r"(?:\+?\d[\d ().-]{6,}\d)|@|https?://|www\.|^[a-z]:\s", re.I)


def signature_participant(block: str, sender: list[Participant]) -> Participant | None:
    """Name, title and organisation a signature block states; None if it has no name line.

    A sign-off like ``Thanks,`` before the block is skipped. When the block names
    the sender, the sender's email is kept and the organisation defaults to the
    part of the title after a comma that matches the sender's email domain.
    """
    lines = [ln.strip() for ln in block.splitlines()
             if ln.strip() and ln.strip() != "--" and not _SENT_FROM.match(ln.strip())]
    if not lines:
        return None
    first = _SEP.split(lines[0])
    name = first[0].split(",")[0].strip()
    if not _NAME.match(name):
        return None
    rest = [p for p in first[1:]] + lines[1:]
    details = [p for part in rest for p in _SEP.split(part) if not _PHONE_OR_LINK.search(p)]
    title = details[0] if details else None
    organisation = details[1] if len(details) > 1 else None
    person = sender[0] if sender and sender[0].name.lower().startswith(name.lower()) else None
    if person is not None:
        name = person.name
    if title and organisation is None and person is not None and person.email:
        title, organisation = _split_company(title, person.email)
    return Participant(name=name, email=person.email if person else None, title=title,
                       organisation=organisation, source="signature")


def _split_company(title: str, mail: str) -> tuple[str, str | None]:
    """``Implementation Lead, Ledgerly`` + ``x@ledgerly.io`` -> (title, company)."""
    domain = mail.rsplit("@", 1)[-1].split(".")[0].lower()
    head, sep, tail = title.rpartition(",")
    if sep and tail.strip().lower().replace(" ", "").startswith(domain[:5]):
        return head.strip(), tail.strip()
    return title, None
