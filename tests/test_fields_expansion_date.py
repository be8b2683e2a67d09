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
