"""The markdown handoff document reads like what an implementation lead sends."""

from __future__ import annotations

import handoff_fixtures as fx

from extractor.handoff.check import check_record
from extractor.handoff.forecast import forecast_nrr
from extractor.handoff.plan import build_plan
from extractor.handoff.render_md import render_markdown
from extractor.models import Decision, ItemReview


def test_document_has_every_section_with_citations():
    record = fx.record()
    text = render_markdown(record, account_info=fx.ACCOUNT_INFO,
                           check=check_record(record, fx.ACCOUNT_INFO),
                           forecast=forecast_nrr(record, fx.ACCOUNT_INFO),
                           plan=build_plan(record))
    for heading in ("# Handoff: Acme Tools", "## Account context", "## Success criteria",
                    "## Stakeholder map", "## Expansion signals",
                    "## Open risks and configuration debt", "## Proposed 30-60-90 day plan",
                    "## NRR forecast", "## Completeness"):
        assert heading in text
    assert "Vendorly / Vendorly AP" in text
    assert "Ask: For \"Make the team more efficient\"" in text
    assert "**leaving** → Lena Brandt" in text
    assert "raised by Priya Raman on 2026-06-01" in text
    assert "[docs/2026-05-20-status.txt, 2026-05-20]" in text
    assert "none recorded: needs an owner" in text
    assert "(items: rk-sync)" in text
    assert "base + sum(probability_i * value_i)" in text
    assert "USD" in text


def test_rejected_items_are_left_out_and_missing_forecast_says_why():
    record = fx.record()
    record.risks[0].review = ItemReview(decision=Decision.REJECTED)
    text = render_markdown(record, forecast=forecast_nrr(record, None))
    assert "ERP sync" not in text
    assert "missing inputs seats, active_users_at_go_live, renewal" in text


def test_plan_forecast_and_gaps_are_computed_when_not_given():
    text = render_markdown(fx.record(), account_info=fx.ACCOUNT_INFO)
    assert "## Proposed 30-60-90 day plan" in text and "Range **" in text
    assert "Completeness score" in text
