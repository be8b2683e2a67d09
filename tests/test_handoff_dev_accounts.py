"""Every handoff view works on realistic records: the dev set's gold labels as records."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.corpus import parse_account
from eval.dataset import load_account
from eval.gold_to_record import gold_record
from extractor.account import load_account_info
from extractor.handoff.check import check_record
from extractor.handoff.forecast import forecast_nrr
from extractor.handoff.plan import build_plan
from extractor.handoff.render_md import render_markdown
from extractor.handoff.review_html import render_review_html

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
ACCOUNTS = sorted(p.name for p in DEV.iterdir()) if DEV.is_dir() else []


@pytest.mark.skipif(not ACCOUNTS, reason="labelled dev set not present")
@pytest.mark.parametrize("slug", ACCOUNTS)
def test_views_on_gold_record(slug):
    docs = parse_account(load_account(DEV / slug)).documents
    record = gold_record(DEV / slug, docs)
    info = load_account_info(DEV / slug)
    result = check_record(record, info)
    assert 0.5 <= result.score <= 1.0  # gold labels are nearly complete handoffs
    assert not [f for f in result.failures if f.rule == "categories"]
    forecast = forecast_nrr(record, info)
    if forecast.produced:
        assert forecast.base.value <= forecast.expected.value <= forecast.upside.value
    else:
        assert forecast.missing
    plan = build_plan(record)
    ids = {item.id for cat in ("success_criteria", "stakeholders", "expansion_signals",
                               "risks") for item in record.items(cat)}
    assert {i for line in plan.lines for i in line.item_ids} <= ids
    text = render_markdown(record, account_info=info, check=result, forecast=forecast, plan=plan)
    assert text.count("## ") >= 7
    page = render_review_html(record, docs)
    assert page.count("</script>") == 2
