"""Document dates come from the most trustworthy source present; account.json loads."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from extractor.account import AccountInfo, load_account_info
from extractor.dating import (
    date_from_filename,
    document_date,
    find_date,
    parse_email_date,
    parse_loose_date,
)
from extractor.documents import DateSource
from extractor.errors import InputError
from extractor.parsing import parse_file


def test_email_date_header_wins_over_file_name(tmp_path):
    path = tmp_path / "2026-01-01-note.eml"
    path.write_text("From: a@b.example\nDate: Sat, 07 Mar 2026 01:00:00 +1300\nSubject: s\n\nhi\n")
    doc = parse_file(path, account="acme")
    assert (doc.date, doc.date_source) == (dt.date(2026, 3, 7), DateSource.HEADER)


def test_invalid_email_date_falls_back_to_file_name(tmp_path):
    path = tmp_path / "2026-01-02-note.eml"
    path.write_text("From: a@b.example\nDate: sometime last week\nSubject: s\n\nhi\n")
    doc = parse_file(path, account="acme")
    assert (doc.date, doc.date_source) == (dt.date(2026, 1, 2), DateSource.FILENAME)


def test_file_name_prefix_uses_the_source_name_not_the_folder():
    assert date_from_filename("docs/2026-03-04-re-x.eml") == dt.date(2026, 3, 4)
    assert date_from_filename("2026_03_04 notes.md") == dt.date(2026, 3, 4)
    assert date_from_filename("20260304-notes.md") == dt.date(2026, 3, 4)
    assert date_from_filename("2026-02-30-notes.md") is None  # not a real day
    assert date_from_filename("2026-03-04/notes.md") is None


def test_content_date_when_no_header_or_prefix(tmp_path):
    path = tmp_path / "status.md"
    path.write_text("# Status\n\nUpdated March 9th, 2026. Next review 2026-04-01.\n")
    doc = parse_file(path, account="acme")
    assert (doc.date, doc.date_source) == (dt.date(2026, 3, 9), DateSource.CONTENT)


@pytest.mark.parametrize(("text", "expected"), [
    ("Meeting on 2026-05-06 at noon", dt.date(2026, 5, 6)),
    ("Signed 4 June 2026", dt.date(2026, 6, 4)),
    ("as of Sept. 30, 2026", dt.date(2026, 9, 30)),
    ("due 7/15/2026", dt.date(2026, 7, 15)),
    ("Tue 11/4/25 · 11:00-12:30 ET", dt.date(2025, 11, 4)),  # US notes, two-digit year
    ("Tessel Consulting. Export 30-Mar-2026.", dt.date(2026, 3, 30)),
    ("exported 08-Apr-2026 16:20 CT", dt.date(2026, 4, 8)),
    ("version 1.2, 40 users, no dates", None),
    ("ratio 3/4/5 of the sites", None),
])
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_mtime_is_the_flagged_last_resort(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("no dates here at all")
    stamp = dt.datetime(2025, 12, 24, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))
    doc = parse_file(path, account="acme")
    assert (doc.date, doc.date_source) == (dt.date(2025, 12, 24), DateSource.MTIME)


def test_document_date_without_a_file():
    date, source = document_date(source="notes.txt", text="nothing")
    assert source is DateSource.MTIME and date == dt.date.today()


def test_parse_email_date_keeps_the_senders_offset():
    parsed = parse_email_date("Wed, 04 Mar 2026 23:42:10 -0600")
    assert parsed is not None and parsed.date() == dt.date(2026, 3, 4)
    assert parse_email_date("not a date") is None
    assert parse_email_date(None) is None


def test_parse_loose_date_in_reply_headers():
    assert parse_loose_date("On Fri, Jun 5, 2026 at 2:10 PM Priya") == dt.date(2026, 6, 5)
    assert parse_loose_date("Tuesday, March 3, 2026 9:15 AM") == dt.date(2026, 3, 3)
    assert parse_loose_date("no date") is None


def test_load_account_info(tmp_path):
    (tmp_path / "account.json").write_text(json.dumps({
        "schema": "handoff-account/1", "account": "Acme Widgets", "vendor": "Vendorco",
        "product": "Vendorco Close", "as_of": "2026-06-30",
        "contract": {"acv_usd": 96000, "seats": 50, "start": "2026-02-15",
                     "renewal": "2027-02-15", "payment_terms": "net 30"}}))
    info = load_account_info(tmp_path)
    assert isinstance(info, AccountInfo)
    assert (info.account, info.vendor, info.as_of) == ("Acme Widgets", "Vendorco",
                                                      dt.date(2026, 6, 30))
    assert info.contract.acv_usd == 96000 and info.contract.renewal == dt.date(2027, 2, 15)
    assert info.contract.model_extra == {"payment_terms": "net 30"}
    assert info.contract.active_users_at_go_live is None


def test_account_info_is_optional_but_must_be_valid(tmp_path):
    assert load_account_info(tmp_path) is None
    (tmp_path / "account.json").write_text("{}")
    assert load_account_info(tmp_path).account is None
    (tmp_path / "account.json").write_text("{not json")
    with pytest.raises(InputError, match=r"account\.json: not valid JSON"):
        load_account_info(tmp_path)
    (tmp_path / "account.json").write_text('{"as_of": "someday"}')
    with pytest.raises(InputError, match=r"account\.json: invalid as_of"):
        load_account_info(tmp_path)


def test_dev_account_files_load():
    dev = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "dev"
    if not dev.is_dir():
        pytest.skip(f"labelled dev set not found at {dev}")
    for account_dir in sorted(p for p in dev.iterdir() if p.is_dir()):
        info = load_account_info(account_dir)
        assert info is not None and info.account and info.as_of, account_dir.name
