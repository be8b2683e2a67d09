"""Expansion dates: when the customer raised it, from phrases against the document date."""

from __future__ import annotations

import datetime as dt

from extractor.engines.local.expansion import event_mentions

REF = dt.date(2026, 5, 22)  # a Friday


def test_yesterday_in_a_status_page() -> None:
    assert event_mentions("Frank pinged me yesterday about a second region.", REF, False) == [
        dt.date(2026, 5, 21)]


def test_meeting_date_written_in_the_heading() -> None:
    assert event_mentions("Steering committee - Tue May 19", REF, True)[0] == dt.date(2026, 5, 19)


def test_email_from_last_weekday_is_an_event() -> None:
    assert event_mentions("followed up on his email from last Friday", REF, False) == [
        dt.date(2026, 5, 15)]


def test_limits_and_plans_are_not_the_day_it_was_raised() -> None:
    assert event_mentions("Send me something, but not before Monday.", REF, False) == []
    assert event_mentions("Pricing due by 5/20 at the latest.", REF, False) == []


def test_vague_week_heading_is_ignored() -> None:
    assert event_mentions("this week", REF, True) == []


class _Doc:
    def __init__(self, text: str, date: dt.date) -> None:
        self.text, self.date = text, date


class _Analysis:
    def __init__(self, doc: _Doc) -> None:
        self._doc = doc

    def doc(self, unit: object) -> _Doc:
        return self._doc

    def date(self, unit: object) -> dt.date:
        return self._doc.date


def test_chat_line_timestamp_dates_the_line() -> None:
    from extractor.engines.local.expansion import line_date
    from extractor.segmentation import Unit

    text = "Slack export\n[2026-04-15 16:20] Jo Reed: could we also track renters insurance?\n"
    start = text.index("could")
    unit = Unit(doc_index=0, start=start, end=len(text) - 1, text=text[start:-1])
    assert line_date(unit, _Analysis(_Doc(text, dt.date(2026, 4, 17)))) == dt.date(2026, 4, 15)


def test_sentence_without_a_date_takes_the_date_of_its_line() -> None:
    from extractor.engines.local.expansion import event_date
    from extractor.segmentation import Unit

    text = ("- Ana asked at yesterday's finance session whether invoices could run through it. "
            "Told her that is the separate Invoice module.\n")
    start = text.index("Told")
    unit = Unit(doc_index=0, start=start, end=len(text) - 1, text=text[start:-1])
    analysis = _Analysis(_Doc(text, dt.date(2026, 7, 29)))
    assert event_date(unit, analysis) == dt.date(2026, 7, 28)  # type: ignore[arg-type]


def test_a_mention_chained_in_through_a_neighbour_does_not_date_the_item() -> None:
    """Best-link grouping can pull in an older, unrelated note that only shares words
    with another member ("budget season"); the date comes from mentions that resemble
    the item's own seed."""
    from extractor.engines.base import ExtractionContext
    from extractor.engines.local.analysis import Analysis, Candidate, Group
    from extractor.engines.local.expansion import _build
    from extractor.parsing import parse_bytes

    texts = {
        "2026-01-10-planning.md": "Finance wants the monthly pack before budget season.\n",
        "2026-03-02-chat.md": "Could we also get a LIMS integration for OOS results? "
                              "QC keys every result twice.\n",
        "2026-03-06-notes.md": "Still want that LIMS OOS conversation before budget season.\n",
    }
    docs = [parse_bytes(t.encode(), account="acme", source=name) for name, t in texts.items()]
    context = ExtractionContext(account="acme", as_of=dt.date(2026, 3, 31))
    analysis = Analysis(docs, context)
    first = {u.doc_index: u for u in reversed(analysis.units)}  # each doc's first unit
    assert analysis.similarity(first[0], first[1]) < 0.1 < analysis.similarity(first[2], first[1])
    group = Group([Candidate(first[1], 0.9), Candidate(first[2], 0.8), Candidate(first[0], 0.6)])
    assert _build(group, analysis).date == dt.date(2026, 3, 2)


def test_the_customer_dating_their_own_earlier_raise_dates_the_item() -> None:
    """"as I said on Monday's exec call" dates the ask at that Monday, even when the
    sentence shares few words with the item's summary line."""
    from extractor.engines.base import ExtractionContext
    from extractor.engines.local.analysis import Analysis, Candidate, Group
    from extractor.engines.local.expansion import _build
    from extractor.parsing import parse_bytes

    call = ("WEBVTT\n\n00:01:00.000 --> 00:01:09.000\n<v Victor Almeida>Go from me. And as I said "
            "on Monday's exec call, Rotterdam opens in September with about twelve people, so "
            "we'll need more users and a second office set up.\n")
    report = ("Exit report\n\n- Rotterdam office: pricing for 12 additional seats requested "
              "by Victor Almeida; Nadia Roy owns.\n")
    docs = [parse_bytes(call.encode(), account="o", source="docs/2026-04-03-readiness-call.vtt"),
            parse_bytes(report.encode(), account="o", source="docs/2026-04-30-exit-report.md")]
    analysis = Analysis(docs, ExtractionContext(account="o", as_of=dt.date(2026, 5, 1)))
    seed = next(u for u in analysis.units if "additional seats" in u.text)
    said = next(u for u in analysis.units if "as I said" in u.text)
    group = Group([Candidate(seed, 0.9), Candidate(said, 0.7)])
    assert _build(group, analysis).date == dt.date(2026, 3, 30)
