"""Stakeholders from hand-made documents: who is listed, with which status, role and stance."""

from __future__ import annotations

import datetime as dt

from extractor.engines.base import ExtractionContext
from extractor.engines.local.stakeholders import extract_stakeholders
from extractor.grounding import is_grounded
from extractor.models import HandoffRecord, PersonStatus, Role, Stance
from extractor.parsing import parse_bytes
from extractor.people import PeopleDirectory


def doc(source: str, text: str):
    return parse_bytes(text.encode("utf-8"), account="acme", source=source)


SOW = doc("docs/2026-01-20-sow.txt", """Statement of Work - Ledgerly Close for Acme Foods Inc.
Executive Sponsor: Helen Marsh, Chief Operating Officer.
Project Lead: Tom Reyes, Corporate Controller.
Ledgerly contacts: Sam Hill, Implementation Lead; Jo Park, Account Executive.
Signed for Acme Foods Inc.: Dana Ruiz, Chief Financial Officer.
""")

KICKOFF = doc("docs/2026-02-02-kickoff.md", """# Acme / Ledgerly kickoff

**Acme:** Dana Ruiz (CFO), Helen Marsh (COO), Tom Reyes (Controller), Omar Patel (IT Director)
**Ledgerly:** Sam Hill (impl lead), Jo Park (AE)

- Dana wants the close in 5 days by Q3. She wants a monthly summary, not weekly calls.
- Tom is day-to-day owner and decision maker on config.
- Omar pushed back on admin access: "we don't hand out admin to vendors". Not comfortable.
- Carla in treasury owns the bank logins.
""")

STATUS = doc("docs/2026-03-20-status.txt", """WEEKLY STATUS
Tom is pushing his team hard on template review. Omar declined the SSO session again.
Lucy Tremayne (AP Manager) begins her maternity leave on 13 April and will be back in the new year.
Lucy asked whether AP invoices could run through matching.
""")

DEPARTURE = doc("docs/2026-05-05-re-personal-note.eml", """From: Tom Reyes <treyes@acmefoods.com>
To: Sam Hill <sam.hill@ledgerly.io>
Cc: Dana Ruiz <druiz@acmefoods.com>, Lucy Tremayne <ltremayne@acmefoods.com>
Date: Tue, 05 May 2026 09:00:00 -0500
Subject: A personal note

Sam,

I've accepted a controller role at another company and my last day here is June 26.
Honestly this project is one of the things I'm proudest of here.

Tom
""")

STEERING = doc("docs/2026-05-22-steering.md", """# Steering committee

Attendees: Dana Ruiz, Tom Reyes, Frank Dorsey (new VP FP&A, started 5/11); Sam Hill, Jo Park

- Frank Dorsey mostly listened and asked how close metrics reach the board.
- Dana happy with progress.
""")

DOCS = [SOW, KICKOFF, STATUS, DEPARTURE, STEERING]


def stakeholders(as_of: dt.date, docs=DOCS):
    context = ExtractionContext(account="acme", as_of=as_of, customer="Acme Foods Inc.",
                                vendor="Ledgerly", product="Ledgerly Close")
    visible = [d for d in docs if d.date <= as_of]
    directory = PeopleDirectory.build(visible, context)
    return {s.name: s for s in extract_stakeholders(visible, context, directory)}


def test_customer_people_listed_vendor_people_and_passing_mentions_not():
    found = stakeholders(dt.date(2026, 6, 12))
    assert {"Dana Ruiz", "Tom Reyes", "Omar Patel", "Helen Marsh", "Frank Dorsey"} <= set(found)
    assert "Sam Hill" not in found and "Jo Park" not in found
    assert not any(name.startswith("Carla") for name in found)


def test_departure_is_leaving_before_the_last_day_and_left_after():
    assert stakeholders(dt.date(2026, 6, 12))["Tom Reyes"].status == PersonStatus.LEAVING
    assert stakeholders(dt.date(2026, 7, 15))["Tom Reyes"].status == PersonStatus.LEFT


def test_new_arrival_is_new_and_temporary_leave_stays_active():
    found = stakeholders(dt.date(2026, 6, 12))
    assert found["Frank Dorsey"].status == PersonStatus.NEW
    assert found["Lucy Tremayne"].status == PersonStatus.ACTIVE
    assert found["Dana Ruiz"].status == PersonStatus.ACTIVE


def test_roles_from_contracts_and_notes():
    found = stakeholders(dt.date(2026, 6, 12))
    assert found["Dana Ruiz"].role == Role.ECONOMIC_BUYER
    assert found["Helen Marsh"].role == Role.EXECUTIVE_SPONSOR
    assert found["Tom Reyes"].role == Role.PROJECT_LEAD
    assert found["Omar Patel"].role == Role.TECHNICAL_CONTACT
    assert found["Dana Ruiz"].title == "Chief Financial Officer"


def test_stance_from_cues():
    found = stakeholders(dt.date(2026, 6, 12))
    assert found["Omar Patel"].stance in (Stance.SKEPTIC, Stance.BLOCKER)
    assert found["Tom Reyes"].stance == Stance.CHAMPION


def test_evidence_is_grounded_and_about_the_person():
    found = stakeholders(dt.date(2026, 6, 12))
    by_id = {d.doc_id: d for d in DOCS}
    for item in found.values():
        assert item.evidence
        for ev in item.evidence:
            assert is_grounded(ev, by_id[ev.doc_id])
    quotes = [e.quote for e in found["Tom Reyes"].evidence]
    assert any("my last day here is June 26" in q for q in quotes)
    assert any("day-to-day owner" in q for q in quotes)


def test_output_is_deterministic():
    def render() -> str:
        items = sorted(stakeholders(dt.date(2026, 6, 12)).values(), key=lambda s: s.name)
        record = HandoffRecord(account="acme", as_of=dt.date(2026, 6, 12), stakeholders=items)
        return record.to_json()

    assert render() == render()
