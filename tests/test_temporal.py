"""Relative and abbreviated date phrases resolve against the document date."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.temporal import find_dates, looks_future, quarter_end, resolve_date

FRIDAY = dt.date(2026, 4, 10)


@pytest.mark.parametrize(("phrase", "expected"), [
    ("next Tues", "2026-04-14"),
    ("EOQ", "2026-06-30"),
    ("end of next month", "2026-05-31"),
    ("3rd May", "2026-05-03"),
    ("by the Sept close", "2026-09-30"),
    ("Q3", "2026-09-30"),
    ("by end of Q3 2026", "2026-09-30"),
    ("w/c 13 Apr", "2026-04-13"),
    ("mid-April", "2026-04-15"),
    ("6/26", "2026-06-26"),
    ("2026-05-01", "2026-05-01"),
    ("May 22, 2026", "2026-05-22"),
    ("30 September 2026", "2026-09-30"),
    ("13-Apr", "2026-04-13"),
    ("end of the year", "2026-12-31"),
    ("by middle of next year", "2027-06-30"),
    ("EOM", "2026-04-30"),
    ("tomorrow", "2026-04-11"),
    ("in two weeks", "2026-04-24"),
    ("within 10 days", "2026-04-20"),
    ("three weeks ago", "2026-03-20"),
    ("a fortnight ago", "2026-03-27"),
    ("in 3 months", "2026-07-10"),
])
def test_phrases_resolve_against_document_date(phrase: str, expected: str) -> None:
    assert resolve_date(phrase, FRIDAY) == dt.date.fromisoformat(expected)


def test_spans_count_from_the_document_not_from_an_event() -> None:
    """"within 90 days of go-live" needs the go-live date; "two weeks of testing" is a
    duration; a month step clamps to the month's last day."""
    assert find_dates("within 90 days of go-live", FRIDAY) == []
    assert find_dates("after two weeks of testing", FRIDAY) == []
    assert resolve_date("in 1 month", dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)


def test_past_weekday_and_yesterday_point_back() -> None:
    text = "Frank pinged me yesterday; Sheila asked at Monday's session"
    dates = [m.date for m in find_dates(text, FRIDAY, future=False)]
    assert dates == [dt.date(2026, 4, 9), dt.date(2026, 4, 6)]


def test_offsets_cover_the_phrase() -> None:
    text = "Go-live moved to 3rd May after UAT."
    (mention,) = find_dates(text, FRIDAY)
    assert text[mention.start:mention.end] == "3rd May"


def test_non_dates_are_ignored() -> None:
    assert find_dates("14.9% click rate, 24/7 support, version 1.0, BD4-BD6", FRIDAY) == []


def test_quarter_end_and_tense() -> None:
    assert quarter_end(2026, 1) == dt.date(2026, 3, 31)
    assert looks_future("Training is booked for next week")
    assert not looks_future("Training happened")


def test_bare_day_month_prefers_the_nearest_year() -> None:
    assert resolve_date("Jan 5", dt.date(2026, 12, 20)) == dt.date(2027, 1, 5)


def test_tracker_export_dates_with_two_digit_years() -> None:
    """Jira-style "26/Mar/26" and "26-Mar-26"; a count after a plain date is not a year."""
    ref = dt.date(2026, 4, 9)
    assert [m.date for m in find_dates("Created 26/Mar/26, updated 08/Apr/26", ref)] == [
        dt.date(2026, 3, 26), dt.date(2026, 4, 8)]
    assert [m.date for m in find_dates("26-Mar-26", ref)] == [dt.date(2026, 3, 26)]
    (mention,) = find_dates("on 3 May 12 users joined", ref)
    assert mention.text == "3 May"
