"""Sign-off keeps who/when/what was edited; re-extraction keeps reviewed decisions."""

from __future__ import annotations

import datetime as dt
import json

import handoff_fixtures as fx
import pytest

from extractor.errors import InputError
from extractor.handoff.review import accept_review, carry_decisions
from extractor.models import Decision, ItemReview


def _exported(record):
    """What the review page exports: the record JSON with review fields on items."""
    data = json.loads(record.to_json())
    data["risks"][0]["review"] = {"decision": "accepted", "edited_fields": [],
                                  "reviewer": "", "at": None}
    data["risks"][0]["mitigation"] = "IT caps batches at 4k rows"  # edited in the page
    data["success_criteria"][1]["review"] = {"decision": "rejected", "edited_fields": [],
                                             "reviewer": "kim", "at": "2026-06-13T09:00:00Z"}
    data["stakeholders"][0]["review"] = {"decision": "accepted", "edited_fields": [],
                                         "reviewer": "", "at": None}
    return data


def test_accept_stores_signed_off_record_with_edits_found(tmp_path):
    store = fx.make_store(tmp_path)
    signed = accept_review(store, fx.ACCOUNT, _exported(fx.record()), "Jo Lead")
    stored = store.load_record(fx.ACCOUNT, "accepted")
    assert stored == signed
    assert stored.signoff.reviewer == "Jo Lead"
    assert stored.signoff.edited == ["rk-sync"]
    assert stored.signoff.rejected == ["sc-vague"]
    assert stored.signoff.accepted == ["st-priya"]
    assert len(stored.signoff.unreviewed) == 5
    risk = stored.risks[0]
    assert risk.review.decision == Decision.EDITED and risk.review.edited_fields == ["mitigation"]
    assert risk.review.reviewer == "Jo Lead" and risk.review.at is not None
    assert stored.success_criteria[1].review.reviewer == "kim"  # named in the page: kept
    assert store.load_record(fx.ACCOUNT, "draft").risks[0].mitigation is None


def test_accept_refuses_bad_input(tmp_path):
    store = fx.make_store(tmp_path)
    with pytest.raises(InputError, match="reviewer"):
        accept_review(store, fx.ACCOUNT, _exported(fx.record()), " ")
    with pytest.raises(InputError, match="invalid"):
        accept_review(store, fx.ACCOUNT, {"account": "x"}, "Jo")
    other = _exported(fx.record())
    other["account"] = "Someone Else"
    with pytest.raises(InputError, match="Someone Else"):
        accept_review(store, fx.ACCOUNT, other, "Jo")


def _reviewed():
    record = fx.record()
    now = dt.datetime(2026, 6, 13, tzinfo=dt.timezone.utc)
    record.risks[0].mitigation = "IT caps batches"
    record.risks[0].review = ItemReview(decision=Decision.EDITED, edited_fields=["mitigation"],
                                        reviewer="Jo", at=now)
    record.success_criteria[1].review = ItemReview(decision=Decision.REJECTED, reviewer="Jo",
                                                   at=now)
    return record


def test_re_extraction_keeps_decisions_matched_by_id():
    new = fx.record()
    merged = carry_decisions(new, _reviewed())
    assert merged.risks[0].mitigation == "IT caps batches"
    assert merged.risks[0].review.decision == Decision.EDITED
    assert merged.success_criteria[1].review.decision == Decision.REJECTED
    assert merged.stakeholders[0].review is None
    assert merged.extra["carried_decisions"] == {"carried": 2, "kept_unmatched": 0, "new": 6}


def test_re_extraction_matches_by_evidence_overlap_when_ids_change():
    new = fx.record()
    for cat in ("success_criteria", "risks"):
        for item in new.items(cat):
            item.id = "new-" + item.id
    new.risks[0].summary = "ERP connector loses rows in big batches"
    merged = carry_decisions(new, _reviewed())
    assert [r.id for r in merged.risks] == ["rk-sync"]  # not re-proposed as new
    assert merged.risks[0].summary == "ERP sync drops records above 5k rows"
    assert [c.id for c in merged.success_criteria] == ["new-sc-cycle", "sc-vague"]
    assert merged.success_criteria[1].review.decision == Decision.REJECTED


def test_decided_items_the_new_run_missed_are_kept_and_new_evidence_added():
    new = fx.record()
    new.risks = []
    extra_ev = new.expansion_signals[0].evidence[0]
    new.success_criteria[0].evidence.append(extra_ev)
    reviewed = _reviewed()
    reviewed.success_criteria[0].review = ItemReview(decision=Decision.ACCEPTED)
    merged = carry_decisions(new, reviewed)
    assert [r.id for r in merged.risks] == ["rk-sync"]
    assert merged.success_criteria[0].evidence[-1] == extra_ev
    assert merged.extra["carried_decisions"]["kept_unmatched"] == 1


def test_draft_with_decisions_uses_the_signed_off_record(tmp_path):
    from extractor.handoff.review import draft_with_decisions

    store = fx.make_store(tmp_path)
    fresh = fx.record()
    assert draft_with_decisions(store, fx.ACCOUNT, fresh) is fresh  # nothing signed off yet
    accept_review(store, fx.ACCOUNT, _exported(fx.record()), "Jo")
    merged = draft_with_decisions(store, fx.ACCOUNT, fx.record())
    assert merged.risks[0].review.decision == Decision.EDITED
    assert merged.signoff is None


def test_people_match_by_name_when_id_and_evidence_differ():
    reviewed = fx.record()
    reviewed.stakeholders[1].review = ItemReview(decision=Decision.REJECTED)
    new = fx.record()
    new.stakeholders[1].id = "other-id"
    new.stakeholders[1].evidence = new.stakeholders[0].evidence[:0]
    new.stakeholders[1].name = "tom  okafor"
    merged = carry_decisions(new, reviewed)
    toms = [p for p in merged.stakeholders if "okafor" in p.name.lower()]
    assert len(toms) == 1 and toms[0].review.decision == Decision.REJECTED
