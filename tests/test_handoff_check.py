"""The completeness gate flags what a CS-ops reviewer would send back."""

from __future__ import annotations

import datetime as dt

import handoff_fixtures as fx

from extractor.handoff.check import check_record
from extractor.models import Decision, ItemReview, PersonStatus


def test_synthetic_record_lists_each_gap_with_its_item_and_question():
    result = check_record(fx.record(), fx.ACCOUNT_INFO)
    by_rule = {f.rule: f for f in result.failures}
    assert set(by_rule) == {"measurable", "buyer_sponsor", "high_risks", "signals"}
    assert by_rule["measurable"].item_ids == ["sc-vague"]
    assert "by when" in by_rule["measurable"].question
    assert "executive sponsor" in by_rule["buyer_sponsor"].message
    assert by_rule["high_risks"].item_ids == ["rk-sync"]
    assert by_rule["signals"].item_ids == ["ex-returns"]
    assert not result.passed
    assert 0 < result.score < 1


def test_fixing_every_gap_passes_with_full_score():
    record = fx.record()
    record.success_criteria[1].measurable = True
    record.success_criteria[1].target = "3 days"
    record.success_criteria[1].due = dt.date(2026, 12, 31)
    record.stakeholders[0].notes = "Signed the order form; exec sponsor for the programme."
    record.risks[0].mitigation = "Tom owns a batch-size cap until the vendor patch"
    record.expansion_signals[0].mentioned_by = "Warehouse lead"
    result = check_record(record, fx.ACCOUNT_INFO)
    assert result.passed, result.summary()
    assert result.score == 1.0


def test_leaver_without_replacement_fails_and_with_one_passes():
    record = fx.record()
    record.stakeholders = record.stakeholders[:2]  # drop the new IT lead
    failure = next(f for f in check_record(record).failures if f.rule == "leavers")
    assert failure.item_ids == ["st-tom"]
    record.stakeholders[1].notes = "Leaving end of June; Sam Ortiz covering until a hire."
    assert "leavers" in {f.rule for f in check_record(record).failures}  # Sam not a stakeholder
    full = fx.record()
    assert "leavers" not in {f.rule for f in check_record(full).failures}


def test_missing_category_and_rejected_items_do_not_count():
    record = fx.record()
    for risk in record.risks:
        risk.review = ItemReview(decision=Decision.REJECTED)
    result = check_record(record)
    assert any(f.rule == "categories" and "risks" in f.message for f in result.failures)
    assert "high_risks" not in {f.rule for f in result.failures}


def test_stale_evidence_on_open_items_is_flagged_by_configurable_age():
    record = fx.record()
    record.stakeholders[1].status = PersonStatus.LEAVING
    strict = check_record(record, max_evidence_age_days=15)
    stale = {i for f in strict.failures if f.rule == "fresh" for i in f.item_ids}
    assert stale == {"rk-sync", "ex-returns", "st-tom"}  # 23 days old; ex-seats is 11
    relaxed = check_record(record, max_evidence_age_days=30)
    assert not [f for f in relaxed.failures if f.rule == "fresh"]


def test_account_as_of_later_than_record_ages_the_evidence():
    info = {**fx.ACCOUNT_INFO, "as_of": "2026-12-31"}
    result = check_record(fx.record(), info, max_evidence_age_days=90)
    assert any(f.rule == "fresh" for f in result.failures)
