"""The people directory: sides, aliases and mentions, on small hand-made documents."""

from __future__ import annotations

import datetime as dt

from extractor.engines.base import ExtractionContext
from extractor.parsing import parse_bytes
from extractor.people import PeopleDirectory

CONTEXT = ExtractionContext(account="acme", as_of=dt.date(2026, 6, 30), customer="Acme Foods Inc.",
                            vendor="Ledgerly", product="Ledgerly Close")


def doc(source: str, text: str):
    """A parsed document from literal text (the real parser, so offsets are what users see)."""
    return parse_bytes(text.encode("utf-8"), account="acme", source=source)


KICKOFF = doc("docs/2026-02-02-kickoff.md", """# Acme / Ledgerly kickoff

**Acme:** Dana Ruiz (CFO), Carmen Liu (Dir Finance Ops, PL), Omar Patel (IT Director)
**Ledgerly:** Sam Hill (impl lead), Jo Park (AE)

- Dana wants close in 5 days by Q3.
- CL owns the entity list. Omar asked about SSO.
- CL to send the chart of accounts by Friday.
""")

EMAIL = doc("docs/2026-03-04-re-sso.eml", """From: Carmen Liu <cliu@acmefoods.com>
To: Sam Hill <sam.hill@ledgerly.io>
Cc: Omar Patel <opatel@acmefoods.com>, Kim Lee <kim.lee@northbeamconsulting.com>
Date: Wed, 04 Mar 2026 10:00:00 -0600
Subject: RE: SSO

Sam,

Omar confirmed the SSO group today. Kim's team will help with the data load.

Carmen
""")

STEERING = doc("docs/2026-04-10-steering.md", """# Steering committee

Present: Dana Ruiz, Carmen Liu, Omar Patel; Kim Lee, Raj Rao (Northbeam Consulting)

- Kim Lee walked through the migration plan. Raj Rao asked for test data.
""")


def build(*documents):
    return PeopleDirectory.build(list(documents), CONTEXT)


def names(people):
    return sorted(p.name for p in people)


def test_sides_from_email_domains_and_attendee_labels():
    directory = build(KICKOFF, EMAIL)
    assert {"Dana Ruiz", "Carmen Liu", "Omar Patel"} <= set(names(directory.customers()))
    assert {"Sam Hill", "Jo Park"} <= set(names(directory.vendors()))
    assert directory.is_vendor("Sam Hill")
    assert not directory.is_vendor("Omar Patel")


def test_partner_firm_people_are_not_customers():
    directory = build(KICKOFF, EMAIL, STEERING)
    customers = set(names(directory.customers()))
    assert "Kim Lee" not in customers
    assert "Raj Rao" not in customers
    assert directory.is_vendor("Kim Lee")


def test_aliases_resolve_to_one_person():
    directory = build(KICKOFF, EMAIL)
    carmen = directory.resolve("Carmen Liu")
    assert carmen is not None
    assert directory.resolve("Carmen") is carmen
    assert directory.resolve("C. Liu") is carmen
    assert directory.resolve("CL") is carmen  # initials used in the notes
    assert directory.resolve("cliu@acmefoods.com") is carmen
    assert directory.resolve("Omar").name == "Omar Patel"
    assert carmen.title == "Dir Finance Ops"


def test_find_mentions_returns_offsets_and_people():
    directory = build(KICKOFF, EMAIL)
    text = "CL to send the list; Carmen agreed and Omar's team will test."
    found = [(text[s:e], p.name) for s, e, p in directory.find_mentions(text)]
    assert found == [("CL", "Carmen Liu"), ("Carmen", "Carmen Liu"), ("Omar", "Omar Patel")]


def test_nicknames_merge_and_ambiguous_first_names_do_not_resolve():
    notes = doc("docs/2026-05-01-notes.md", """# Notes

Attendees: Patricia Gallagher (CNO), Tom Baker (HRIS mgr), Tom Reyes (IT mgr)

- Trish Gallagher asked for the agency nurse report.
""")
    directory = build(notes)
    trish = directory.resolve("Trish Gallagher")
    assert trish is not None and trish.name == "Patricia Gallagher"
    assert directory.resolve("Tom") is None  # two Toms: a first name alone is not enough
    assert directory.resolve("Tom Reyes").title == "IT mgr"


def test_transcript_speakers_are_people():
    vtt = doc("docs/2026-04-16-uat.vtt", """WEBVTT

00:00:01.000 --> 00:00:05.000
<v Dana Ruiz>Let's start with the bank rules.

00:00:06.000 --> 00:00:09.000
<v Sam Hill>Sure, I'll share my screen.
""")
    directory = build(KICKOFF, vtt)
    assert directory.resolve("Dana Ruiz").side == "customer"
    assert any(s.source == "speaker" for s in directory.resolve("Dana Ruiz").sightings)


def test_build_is_deterministic():
    first = build(KICKOFF, EMAIL, STEERING)
    second = build(STEERING, EMAIL, KICKOFF)
    assert [(p.name, p.side, sorted(p.aliases)) for p in first.people] == \
        [(p.name, p.side, sorted(p.aliases)) for p in second.people]


def test_other_list_and_header_shapes():
    minutes = doc("docs/2026-05-04-kickoff.txt", """ACME / LEDGERLY KICKOFF
In the room: Margaret O'Brien - VP Operations (sponsor); Luis Fernandez - Plant Manager
From Ledgerly: Anna Kowalski (delivery lead), Ben Ortiz (solutions engineer)
""")
    mail = doc("docs/2026-07-15-re-pilot.eml", """From: "Fernandez, Luis" <lfernandez@acmefoods.com>
To: Anna Kowalski <anna.k@ledgerly.io>
Cc: John Q. Public <jpublic@acmefoods.com>
Date: Wed, 15 Jul 2026 08:12:00 -0500
Subject: RE: pilot

Anna, the pilot line is running.

Luis Fernandez
Plant Manager | Acme Foods Inc.
""")
    directory = build(minutes, mail)
    margaret = directory.resolve("Margaret O'Brien")
    assert margaret is not None and margaret.title == "VP Operations"
    assert "sponsor" in " ".join(margaret.notes())
    luis = directory.resolve("lfernandez@acmefoods.com")
    assert luis is not None and luis.name == "Luis Fernandez" and luis.side == "customer"
    assert directory.resolve("John Q. Public").side == "customer"
    assert {"Anna Kowalski", "Ben Ortiz"} <= set(names(directory.vendors()))


def test_outsiders_and_mention_tuples():
    minutes = doc("docs/2026-06-02-board.md", """# Project board

**Members present:** Mr James Whitfield (Director of Place, SRO), Ms Aisha Khan (Head of Planning)
**Also attending:** Henry Shaw (Audit Partner, external auditors)

- Mr Whitfield confirmed that he holds the budget. Aisha Khan will lead testing.
- Jim Hart from Kepler Stone asked for the validation pack.
""")
    directory = build(minutes)
    assert directory.resolve("Henry Shaw").side == "other"
    assert "Henry Shaw" not in names(directory.customers())
    assert directory.is_vendor("Jim Hart")  # "from <another firm>": not the customer's person
    mention = directory.find_mentions("Mr Whitfield agreed.")[0]
    assert directory.resolve(mention).name == "James Whitfield"  # a find_mentions tuple works too
    assert directory.resolve(mention[2]) is mention[2]


def test_shared_first_name_resolves_within_a_document():
    notes = doc("docs/2026-05-01-notes.md", """# Notes

**Acme:** Priya Shah (Data Coordinator)
**Ledgerly:** Priya Raman (impl lead)
""")
    later = doc("docs/2026-05-08-sync.md", """# Sync

Priya Shah joined the call about the state report.
Priya is not convinced the state report will be ready.
""")
    directory = build(notes, later)
    assert directory.resolve("Priya") is None  # ambiguous on its own
    text = "Priya is not convinced the state report will be ready."
    found = directory.find_mentions(text, document=later)
    assert [(text[s:e], p.name) for s, e, p in found] == [("Priya", "Priya Shah")]
    assert directory.find_mentions(text) == []


def test_unplaced_speaker_talking_about_our_product_is_vendor_side():
    vtt = doc("docs/2026-04-16-demo.vtt", """WEBVTT

00:00:01.000 --> 00:00:05.000
<v Rita Gomez>Our product team ships the connector next release; our support team can help.

00:00:06.000 --> 00:00:09.000
<v Rita Gomez>Other customers like you usually start with our sandbox.

00:00:10.000 --> 00:00:14.000
<v Omar Patel>We need SSO before any of that.
""")
    directory = build(KICKOFF, vtt)
    assert directory.resolve("Rita Gomez").side == "vendor"
    assert directory.resolve("Omar Patel").side == "customer"
