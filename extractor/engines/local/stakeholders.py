"""Stakeholders: the customer's people worth a CSM's attention, with role, stance and status.

Who is listed is decided by a score, not by "every name": structural presence
(attendee lines, email headers, transcript speakers, signatures, contact lists),
how many documents say something about the person, a stated title, and role words.
Fields come from cues in the sentences about the person (see ``people_cues``);
status is judged as of ``context.as_of`` with dates resolved against each
document's date, so "my last day is June 26" is ``leaving`` before that day and
``left`` after it. Every evidence span is a sentence (or a "Name (Title)" item)
located in the stored text by construction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from extractor.documents import Document
from extractor.engines.base import ExtractionContext
from extractor.engines.local import people_cues as cues
from extractor.engines.local.people_judge import (
    Profile,
    assign_buyer,
    judge_role,
    judge_stance,
    judge_status,
)
from extractor.engines.local.people_mentions import (
    Mention,
    UnitPeople,
    mentions_by_person,
    unit_people,
)
from extractor.grounding import evidence_at
from extractor.models import Evidence, Level, PersonStatus, Role, Stakeholder, Stance
from extractor.people import PeopleDirectory, Person
from extractor.segmentation import Unit, segment_documents

MIN_SCORE = 3.0
MAX_EVIDENCE = 8
_STRUCT_WEIGHT = {
    "attendees": 1.0,
    "header": 1.0,
    "speaker": 1.5,
    "contact": 1.5,
    "signed": 2.0,
    "signature": 1.0,
    "titled": 0.5,
}


def extract_stakeholders(
    documents: Sequence[Document],
    context: ExtractionContext,
    directory: PeopleDirectory,
    units: Sequence[Unit] | None = None,
) -> list[Stakeholder]:
    """The customer's stakeholders as of ``context.as_of``, each with grounded evidence.

    Args:
        documents: the account's documents, in the order ``units`` index them.
        context: account metadata; ``as_of`` decides leaving vs left.
        directory: the account's people (``PeopleDirectory.build``).
        units: sentence units of ``documents`` (``segment_documents``), if already made.
    """
    docs = list(documents)
    units = list(units) if units is not None else segment_documents(docs)
    entries = unit_people(docs, units, directory)
    by_person = mentions_by_person(entries)
    start = min((d.date for d in docs), default=context.as_of)
    profiles = []
    for person in directory.customers():
        mentions = by_person.get(person, [])
        related = [e for e in entries if _involves(e, person)]
        profile = Profile(person, mentions, related)
        profile.score = _score(profile)
        if profile.score + 3.0 < MIN_SCORE or not (mentions or _listing_spans(person, docs)):
            continue
        _judge_all(profile, context, start)
        profile.score += _judged_bonus(profile)
        if profile.score >= MIN_SCORE:
            profiles.append(profile)
    assign_buyer(profiles)
    return sorted((_stakeholder(p, docs) for p in profiles), key=lambda s: s.name)


def _involves(entry: UnitPeople, person: Person) -> bool:
    """True when a unit names the person, is their first-person text, or continues about them."""
    return (
        any(p is person for _, _, p in entry.named)
        or entry.pronoun_ref is person
        or (entry.author is person and entry.first_person)
    )


def _score(profile: Profile) -> float:
    """How clearly a person is a stakeholder: structure, breadth, substance, title, role words."""
    person = profile.person
    sources = {s.source for s in person.sightings}
    score = sum(w for src, w in _STRUCT_WEIGHT.items() if src in sources)
    docs = {m.doc.doc_id for m in profile.mentions}
    docs |= {s.doc_id for s in person.sightings if s.source in _STRUCT_WEIGHT and not s.email}
    score += 0.75 * min(len(docs), 5) + 0.15 * min(len(profile.mentions), 12)
    if person.title:
        score += 1.0
    if person.side == "unknown":
        score -= 0.5
    if len(docs) <= 1 and not sources & {"attendees", "header", "speaker", "contact", "signed"}:
        score -= 1.0
    return score


def _judged_bonus(profile: Profile) -> float:
    """Arrivals, departures and named roles make a person worth listing."""
    bonus = 1.0 if profile.status != PersonStatus.ACTIVE else 0.0
    if any(re.search(r"(?i)\bchair", note) for note in profile.person.notes()):
        bonus += 1.0
    if profile.role in (Role.ECONOMIC_BUYER, Role.EXECUTIVE_SPONSOR, Role.PROJECT_LEAD):
        bonus += 1.0
    return bonus


def _judge_all(profile: Profile, context: ExtractionContext, start: dt.date) -> None:
    """Fill status, role and stance from the person's units."""
    judge_status(profile, context, start)
    judge_role(profile)
    judge_stance(profile)


# --- output ----------------------------------------------------------------------------
def _influence(profile: Profile) -> Level:
    """High for buyers, sponsors, leads, senior titles and blockers; low for junior end users."""
    title = profile.person.title or ""
    if (
        profile.role in (Role.ECONOMIC_BUYER, Role.EXECUTIVE_SPONSOR, Role.PROJECT_LEAD)
        or cues.EXECUTIVE_TITLE.search(title)
        or profile.stance == Stance.BLOCKER
    ):
        return Level.HIGH
    if profile.role in (Role.END_USER, Role.OTHER) and (
        cues.JUNIOR_TITLE.search(title) or profile.status == PersonStatus.NEW
    ):
        return Level.LOW
    return Level.MEDIUM


def _stakeholder(profile: Profile, docs: list[Document]) -> Stakeholder:
    """The record item: fields, notes and the evidence spans that support them."""
    evidence = _evidence(profile, docs)
    return Stakeholder(
        name=profile.person.name,
        title=profile.person.title,
        role=profile.role,
        stance=profile.stance,
        influence=_influence(profile),
        status=profile.status,
        notes=_notes(profile),
        emails=sorted(profile.person.emails),
        evidence=evidence,
        confidence=round(min(0.95, 0.4 + profile.score / 20), 2),
    )


def _evidence(profile: Profile, docs: list[Document]) -> list[Evidence]:
    """Up to MAX_EVIDENCE spans: status, role and stance sentences first, then coverage."""
    chosen = _ranked_spans(profile)[:MAX_EVIDENCE]
    if len(chosen) < 2:
        taken = {(d.doc_id, s) for d, s, _, _ in chosen}
        extra = [
            c for c in _listing_spans(profile.person, docs) if (c[0].doc_id, c[1]) not in taken
        ]
        chosen += extra[: MAX_EVIDENCE - len(chosen)]
    chosen.sort(key=lambda c: (c[0].date, c[0].source, c[1]))
    return [evidence_at(doc, start, end) for doc, start, end, _ in chosen]


def _listing_spans(person: Person, docs: list[Document]) -> list[tuple[Document, int, int, int]]:
    """Where structure names the person outside sentences: "Chair: X", "X (Title)" items."""
    by_id = {d.doc_id: d for d in docs}
    out: list[tuple[Document, int, int, int]] = []
    for s in person.sightings:
        doc = by_id.get(s.doc_id)
        if doc is None or s.email or s.source in ("prose", "speaker", "signature"):
            continue
        if s.item_end:
            out.append((doc, s.start, s.item_end, 0))
            continue
        line_start = doc.text.rfind("\n", 0, s.start) + 1
        line_end = doc.text.find("\n", s.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        if line_end - line_start <= 200:
            start, end = line_start, line_end
            while start < end and doc.text[start] in " \t*-#>":
                start += 1
            out.append((doc, start, end, 0))
    return out


def _ranked_spans(profile: Profile) -> list[tuple[Document, int, int, int]]:
    """Distinct evidence spans about the person, most telling first."""
    by_unit = {(m.unit.doc_index, m.unit.start): m for m in profile.mentions}
    priority = profile.status_units + profile.role_units + profile.stance_units
    ranked = [by_unit.get((u.doc_index, u.start)) for u in priority]
    ranked += sorted(profile.mentions, key=lambda m: (m.others, m.doc.date, m.unit.start))
    seen: set[tuple[str, int]] = set()
    out: list[tuple[Document, int, int, int]] = []
    for mention in ranked:
        span = _span(mention) if mention is not None else None
        if span is None or (mention.doc.doc_id, span[0]) in seen:
            continue
        seen.add((mention.doc.doc_id, span[0]))
        out.append((mention.doc, span[0], span[1], mention.others))
    return out


def _span(mention: Mention) -> tuple[int, int] | None:
    """The sentence; in a list of people only the "Name (Title, ...)" item, or nothing."""
    start, end = mention.span
    if mention.others >= 2 and mention.how == "named" and _LIST_LIKE.search(mention.unit.text):
        for s in mention.person.sightings:
            if s.doc_id == mention.doc.doc_id and start <= s.start < end and s.item_end:
                return s.start, min(s.item_end, end)
        return None
    return (start, end) if end > start else None


_LIST_LIKE = re.compile(r"(?:[,;|][^,;|]*){2,}")


def _notes(profile: Profile) -> str | None:
    """A short summary: status first, then the most telling sentences about the person."""
    parts: list[str] = []
    for doc, start, end, others in _ranked_spans(profile):
        text = _clip(doc.text[start:end])
        listing = (others >= 2 and _LIST_LIKE.search(text)) or (
            others > 0 and re.search(r"[;|]", text)
        )
        if text not in parts and len(text) > 25 and not listing:
            parts.append(text)
        if len(parts) >= 3:
            break
    return " ".join(p if p.endswith((".", "…", "!", "?")) else p + "." for p in parts) or None


def _clip(text: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
