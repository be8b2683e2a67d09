"""Tracker ids decide grouping: different ids of one series are different items,
the same id links a terse later update to its item whatever the wording."""

from __future__ import annotations

import datetime as dt

from extractor.engines.base import ExtractionContext
from extractor.engines.local.analysis import Analysis, Candidate, tracker_ids
from extractor.parsing import parse_bytes

CONTEXT = ExtractionContext(account="orbit", as_of=dt.date(2026, 5, 1), customer="Orbit Freight",
                            vendor="Corvid")
RAID = (
    "RAID log\n\n"
    "| ID | Type | Description | Owner | Pri | Status |\n"
    "|---|---|---|---|---|---|\n"
    "| R-03 | Risk | Rate data quality - expired rate lines in the legacy sheets | LF | Med | Open |\n"
    "| R-05 | Risk | Project lead change mid-build - decisions stall | VA | Med | Open |\n"
)
CHAT = "[2026-04-17 09:12] Owen: R-05 is done, new lead fully in place. can we close it?\n"


def _analysis() -> Analysis:
    docs = [parse_bytes(RAID.encode(), account="orbit", source="docs/2026-03-09-raid-log.md"),
            parse_bytes(CHAT.encode(), account="orbit", source="docs/2026-04-17-chat.txt")]
    return Analysis(docs, CONTEXT)


def _unit(analysis: Analysis, needle: str):  # type: ignore[no-untyped-def]
    return next(u for u in analysis.units if needle in u.text)


def test_tracker_ids_are_read_by_series() -> None:
    assert tracker_ids("CR-10 and CR-11; see PRJ-0215") == {"CR": {"10", "11"}, "PRJ": {"215"}}
    assert tracker_ids("ISO 9001, Part 11, COVID19") == {}
    assert tracker_ids("deferred to FY-27 budget; ISO-9001 audit; UTF-8 export") == {}


def test_rows_with_different_ids_never_group() -> None:
    """Two RAID rows share most of their words ("Risk", "Med", "Open") but not their id."""
    analysis = _analysis()
    rows = [_unit(analysis, "R-03"), _unit(analysis, "R-05")]
    groups = analysis.group([Candidate(u, 0.9) for u in rows], threshold=0.0)
    assert len(groups) == 2


def test_same_id_links_a_terse_update() -> None:
    """The chat line shares almost no words with the row, only its id."""
    analysis = _analysis()
    rate, lead = _unit(analysis, "R-03"), _unit(analysis, "R-05")
    update = _unit(analysis, "can we close it")
    assert analysis.similarity(update, lead) < 0.2
    groups = analysis.group([Candidate(rate, 0.9), Candidate(lead, 0.8)], threshold=0.13)
    analysis.attach_support(groups, lambda u: True, threshold=0.2)
    by_seed = {g.seed.unit: g for g in groups}
    assert update in by_seed[lead].support
    assert update not in by_seed[rate].support


def test_a_unit_naming_the_id_joins_even_when_not_accepted() -> None:
    """The classifier may not score "R-05 is done" as a risk; its id still says which item."""
    analysis = _analysis()
    rate, lead = _unit(analysis, "R-03"), _unit(analysis, "R-05")
    update = _unit(analysis, "can we close it")
    groups = analysis.group([Candidate(rate, 0.9), Candidate(lead, 0.8)], threshold=0.13)
    analysis.attach_support(groups, lambda u: False, threshold=0.2)
    assert [u for g in groups for u in g.support] == [update]


def test_a_mention_naming_the_id_dates_the_expansion() -> None:
    """"CR-11: as I mentioned on Tuesday's call" dates the ask, though it reads like admin."""
    from extractor.engines.local.expansion import _build

    email = ("From: Dev Rao <dev@sunvale.example>\nDate: Thu, 16 Apr 2026 09:00:00 +0000\n"
             "Subject: CR-11\n\nCR-11: as I mentioned on Tuesday's call, our security committee "
             "picked Sentinel ID as the identity platform for the whole credit union.\n")
    row = ("Ticket export\n\n| PRJ-215 | CR | CR-11 Sentinel ID identity check called from the "
           "loan application flow - NEW SCOPE, phase 2 | Backlog |\n")
    docs = [parse_bytes(email.encode(), account="orbit", source="docs/2026-04-16-re-cr-11.eml"),
            parse_bytes(row.encode(), account="orbit", source="docs/2026-05-22-tickets.md")]
    analysis = Analysis(docs, CONTEXT.model_copy(update={"as_of": dt.date(2026, 6, 1)}))
    seed = _unit(analysis, "PRJ-215")
    groups = analysis.group([Candidate(seed, 0.9)], threshold=0.13)
    analysis.attach_support(groups, lambda u: False, threshold=0.2)
    assert _build(groups[0], analysis).date == dt.date(2026, 4, 14)


def test_an_id_alone_does_not_date_the_item() -> None:
    """A member naming an id no other mention shares gets no pass from the date filter."""
    from extractor.engines.local.expansion import _build

    early = "Weekly status\n\n- CR-07 supplier scorecards quoted to procurement, no decision.\n"
    late = "Handover\n\n- Galway site, ~60 users: sponsor wants licence pricing this autumn.\n"
    docs = [parse_bytes(early.encode(), account="orbit", source="docs/2026-03-02-status.md"),
            parse_bytes(late.encode(), account="orbit", source="docs/2026-05-27-handover.md")]
    analysis = Analysis(docs, CONTEXT.model_copy(update={"as_of": dt.date(2026, 6, 1)}))
    seed, other = _unit(analysis, "Galway"), _unit(analysis, "CR-07")
    assert analysis.similarity(seed, other) < 0.15
    group = analysis.group([Candidate(seed, 0.9)], threshold=0.13)[0]
    group.members.append(Candidate(other, 0.6))
    assert _build(group, analysis).date == dt.date(2026, 5, 27)
