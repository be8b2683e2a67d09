"""The portfolio audit: one row per account, scored exactly as `check` scores it."""

from __future__ import annotations

import datetime as dt

import handoff_fixtures as fx
import pytest

from extractor.errors import InputError
from extractor.handoff.check import check_record
from extractor.handoff.portfolio import COLUMNS, portfolio, to_csv
from extractor.handoff.review import accept_review


def _store_with_two_accounts(tmp_path):
    store = fx.make_store(tmp_path)
    better = fx.record()
    better.risks[0].mitigation = "owned by IT"
    better.account = "Beta Co"
    store.save_record("beta-co", better, "draft")
    return store


def test_rows_match_check_scores_and_counts(tmp_path):
    store = _store_with_two_accounts(tmp_path)
    rows = {row.account: row for row in portfolio(store)}
    assert set(rows) == {fx.ACCOUNT, "beta-co"}
    acme = rows[fx.ACCOUNT]
    expected = check_record(fx.record(), store.account_info(fx.ACCOUNT))
    assert acme.completeness == expected.score
    assert acme.failures == len(expected.failures)
    assert (acme.success_criteria, acme.stakeholders, acme.expansion_signals, acme.risks) == (
        2, 3, 2, 1)
    assert acme.open_high_risks == 1 and acme.leaving_stakeholders == 1
    assert acme.unreviewed_items == 8
    assert acme.last_document == dt.date(2026, 6, 1)
    assert rows["beta-co"].last_document is None and rows["beta-co"].open_high_risks == 1


def test_sorting_signed_off_records_and_csv(tmp_path):
    store = _store_with_two_accounts(tmp_path)
    ascending = [r.account for r in portfolio(store, sort="completeness")]
    descending = [r.account for r in portfolio(store, sort="completeness", descending=True)]
    assert ascending == list(reversed(descending)) and ascending[0] == fx.ACCOUNT
    data = __import__("json").loads(fx.record().to_json())
    data["risks"][0]["review"] = {"decision": "rejected"}
    accept_review(store, fx.ACCOUNT, data, "Jo")
    acme = next(r for r in portfolio(store) if r.account == fx.ACCOUNT)
    assert acme.record == "accepted" and acme.unreviewed_items == 7 and acme.risks == 0
    lines = to_csv(portfolio(store)).splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 3
    with pytest.raises(InputError, match="columns"):
        portfolio(store, sort="nope")
