"""The 30-60-90 plan puts what can lose the account first and cites its items."""

from __future__ import annotations

import handoff_fixtures as fx

from extractor.handoff.plan import build_plan


def test_plan_windows_and_citations():
    plan = build_plan(fx.record())
    first = plan.window(30)
    cited = {i for line in first for i in line.item_ids}
    assert {"rk-sync", "st-tom", "st-lena", "sc-vague"} <= cited
    assert any("executive sponsor" in line.action for line in first)
    sixty = {i for line in plan.window(60) for i in line.item_ids}
    assert {"ex-returns", "ex-seats"} <= sixty  # unprompted signals
    assert [line.window for line in plan.lines] == sorted(line.window for line in plan.lines)
    known = {item.id for cat in ("success_criteria", "stakeholders", "expansion_signals",
                                 "risks") for item in fx.record().items(cat)}
    assert {i for line in plan.lines for i in line.item_ids} <= known


def test_resolved_risks_stay_out_and_mitigated_ones_are_monitored():
    record = fx.record()
    record.risks[0].status = "resolved"
    assert "rk-sync" not in {i for line in build_plan(record).lines for i in line.item_ids}
    record.risks[0].status = "mitigated"
    line = next(ln for ln in build_plan(record).lines if "rk-sync" in ln.item_ids)
    assert line.window == 90
