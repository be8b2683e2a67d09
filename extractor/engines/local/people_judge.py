"""Judging one customer person: status as of a date, role, and stance, from cue sentences.

Every judgement reads only the sentences about the person (see ``people_mentions``)
and only the cues that belong to them, so "Anil told Tasha he's resigned" makes
Anil leaving, not Tasha.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from extractor.engines.base import ExtractionContext
from extractor.engines.local import people_cues as cues
from extractor.engines.local.people_mentions import Mention, UnitPeople, owned_matches
from extractor.models import PersonStatus, Role, Stance
from extractor.people import Person
from extractor.segmentation import Unit
from extractor.temporal import find_dates

_NOW = re.compile(r"(?i)(?:today|tonight|yesterday|this (?:week|morning|afternoon))$")
NEW_AFTER_DAYS = 30  # a person first seen this long after the first document can be "new"
_NOT_ARRIVAL = re.compile(
    r"^(?:joined|started|starts|starting)\s+(?:late|the call|the meeting|at|~|\d|for)", re.I
)


@dataclass
class Profile:
    """Everything known about one customer person, before it becomes a Stakeholder."""

    person: Person
    mentions: list[Mention]
    entries: list[UnitPeople]
    score: float = 0.0
    status: PersonStatus = PersonStatus.ACTIVE
    status_units: list[Unit] = field(default_factory=list)
    role: Role = Role.OTHER
    role_units: list[Unit] = field(default_factory=list)
    stance: Stance = Stance.NEUTRAL
    stance_units: list[Unit] = field(default_factory=list)


# --- status ----------------------------------------------------------------------------
def judge_status(profile: Profile, context: ExtractionContext, project_start: dt.date) -> None:
    """Active, leaving, left or new as of ``as_of``.

    A stated departure date decides leaving vs left; without one, the latest
    document's wording does ("has left" vs "is leaving"). "New" needs an arrival cue
    and a first appearance well after the project began.
    """
    person, as_of = profile.person, context.as_of
    departures: list[tuple[dt.date, dt.date | None, PersonStatus, Unit]] = []
    arrivals: list[Unit] = []
    for entry in profile.entries:
        text = entry.unit.text
        for m in owned_matches(entry, cues.DEPARTURE, person):
            if cues.TEMPORARY_LEAVE.search(text):
                continue
            when = _departure_date(entry, m)
            tense = (
                PersonStatus.LEFT
                if cues.PAST_DEPARTURE.search(m.group(0))
                else PersonStatus.LEAVING
            )
            departures.append((entry.doc.date, when, tense, entry.unit))
        for m in owned_matches(entry, cues.ARRIVAL, person):
            if not _NOT_ARRIVAL.match(text[m.start() : m.start() + 30]):
                arrivals.append(entry.unit)
    first_seen = min((m.doc.date for m in profile.mentions), default=project_start)
    if departures:
        profile.status = _departure_status(departures, as_of)
        profile.status_units = [d[3] for d in departures]
    elif arrivals and first_seen > project_start + dt.timedelta(days=NEW_AFTER_DAYS):
        profile.status = PersonStatus.NEW
        profile.status_units = arrivals


def _departure_date(entry: UnitPeople, match: re.Match[str]) -> dt.date | None:
    """The date a departure cue refers to, if the sentence states one after (or just before) it."""
    found = find_dates(entry.unit.text, entry.doc.date, future=True)
    dates = [d for d in found if d.start >= match.start() - 25 and not _NOW.match(d.text)]
    return dates[0].date if dates else None


def _departure_status(
    departures: list[tuple[dt.date, dt.date | None, PersonStatus, Unit]], as_of: dt.date
) -> PersonStatus:
    """Left if a stated date has passed; leaving if one is ahead; else the latest wording."""
    dated = [when for _, when, _, _ in departures if when is not None]
    if any(when <= as_of for when in dated):
        return PersonStatus.LEFT
    if dated:
        return PersonStatus.LEAVING
    latest = max(departures, key=lambda d: d[0])
    return latest[2]


# --- role ------------------------------------------------------------------------------
def judge_role(profile: Profile) -> None:
    """Role from structure notes, owned role cues and the title."""
    person = profile.person
    notes = " ".join(person.notes())
    signed = any(
        s.source == "signed" or re.search(r"\bsigned\b", s.title or "") for s in person.sightings
    )
    owned = {
        name: [e.unit for e in profile.entries if owned_matches(e, pattern, person)]
        for name, pattern in (
            ("sponsor", cues.SPONSOR),
            ("signer", cues.SIGNER),
            ("lead", cues.LEAD),
            ("admin", cues.ADMIN),
        )
    }
    title = person.title or ""
    if cues.SPONSOR.search(notes) or cues.SPONSOR.search(title) or owned["sponsor"]:
        profile.role, profile.role_units = Role.EXECUTIVE_SPONSOR, owned["sponsor"]
    elif signed or owned["signer"]:
        profile.role, profile.role_units = Role.ECONOMIC_BUYER, owned["signer"]
    elif cues.LEAD.search(notes) or owned["lead"]:
        profile.role, profile.role_units = Role.PROJECT_LEAD, owned["lead"]
    elif re.search(r"(?i)\b(?:system|platform|tool|application) admin", notes):
        profile.role = Role.ADMIN
    elif cues.TECH_TITLE.search(title):
        profile.role = Role.TECHNICAL_CONTACT
    elif owned["admin"]:
        profile.role, profile.role_units = Role.ADMIN, owned["admin"]
    elif (
        cues.OTHER_TITLE.search(title)
        or cues.EXECUTIVE_TITLE.search(title)
        or cues.SENIOR_TITLE.search(title)
    ):
        profile.role = Role.OTHER
    else:
        profile.role = Role.END_USER


def assign_buyer(profiles: list[Profile]) -> None:
    """With no signer or budget holder named, the one finance/owner-titled person buys."""
    if any(p.role == Role.ECONOMIC_BUYER for p in profiles):
        return
    finance = [
        p
        for p in profiles
        if cues.CFO_TITLE.search(p.person.title or "") and p.role in (Role.OTHER, Role.END_USER)
    ]
    if len(finance) == 1:
        finance[0].role = Role.ECONOMIC_BUYER


# --- stance ----------------------------------------------------------------------------
def judge_stance(profile: Profile) -> None:
    """Stance from cue words in the person's own units, with a role-based default."""
    totals = {"champion": 0.0, "support": 0.0, "skeptic": 0.0, "blocker": 0.0}
    tables = {
        "champion": cues.CHAMPION,
        "support": cues.SUPPORT,
        "skeptic": cues.SKEPTIC,
        "blocker": cues.BLOCKER,
    }
    hits: list[Unit] = []
    for entry in profile.entries:
        text = _own_text(entry, profile.person)
        if not text:
            continue
        found = False
        for name, table in tables.items():
            value = cues.cue_score(text, table)
            totals[name] += value
            found = found or value > 0
        if found:
            hits.append(entry.unit)
    profile.stance_units = hits
    profile.stance = _stance_from(totals, profile.role, profile.status, profile.person.title or "")


def _own_text(entry: UnitPeople, person: Person) -> str:
    """The part of a unit that is about ``person``: from their name to the next person's."""
    named = list(entry.named)
    spans = [(s, e) for s, e, p in named if p is person]
    if not spans:
        if entry.pronoun_ref is person:
            return entry.unit.text
        if (
            entry.author is person
            and entry.first_person
            and not _THIRD_PERSON.search(entry.unit.text)
        ):
            return entry.unit.text
        return ""
    start = spans[0][0]
    later = [s for s, _, p in named if s > start and p is not person]
    return entry.unit.text[start : later[0] if later else len(entry.unit.text)]


_THIRD_PERSON = re.compile(r"\b(?:he|she|his|him|her|he's|she's)\b", re.I)


def _stance_from(
    totals: dict[str, float], role: Role, status: PersonStatus, title: str
) -> Stance:
    """Map cue totals to a stance; without clear cues the default leans on the role."""
    negative = totals["skeptic"] + totals["blocker"]
    positive = totals["champion"] + totals["support"]
    if totals["blocker"] >= 2.0 and negative >= 2.5 and negative > positive:
        return Stance.BLOCKER
    if negative >= 2.0 and negative > positive * 0.8:
        return Stance.SKEPTIC
    if role in (Role.PROJECT_LEAD, Role.EXECUTIVE_SPONSOR) and status != PersonStatus.NEW:
        return Stance.CHAMPION if negative < 1.5 or totals["champion"] >= 1.0 else Stance.SUPPORTER
    if totals["champion"] >= 2.0:
        return Stance.CHAMPION
    if positive >= 1.0 and positive > negative:
        return Stance.SUPPORTER
    if status == PersonStatus.NEW or cues.GATEKEEPER_TITLE.search(title) or negative >= 1.0:
        return Stance.NEUTRAL
    return Stance.SUPPORTER
    if status == PersonStatus.NEW or role in (
        Role.OTHER,
        Role.TECHNICAL_CONTACT,
        Role.ECONOMIC_BUYER,
    ):
        return Stance.NEUTRAL
    return Stance.SUPPORTER
