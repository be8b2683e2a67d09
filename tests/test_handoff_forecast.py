"""The NRR forecast shows its inputs and formulas and refuses to guess."""

from __future__ import annotations

import handoff_fixtures as fx

from extractor.handoff.forecast import ForecastSettings, forecast_nrr
from extractor.models import Decision, ItemReview


def test_range_from_seat_mechanics_and_weighted_signals():
    result = forecast_nrr(fx.record(), fx.ACCOUNT_INFO)
    assert result.produced and result.currency == "USD" and result.acv == 100000
    # 42 of 50 seats: on a path to the next tier (base above 100%)
    assert result.base.inputs["utilisation"] == 0.84
    assert 1.0 < result.base.value < 1.2
    assert result.base.value <= result.expected.value <= result.upside.value
    assert {t.item_id for t in result.signals} == {"ex-returns", "ex-seats"}
    weighted = sum(t.probability * t.value for t in result.signals)
    assert abs(result.expected.value - (result.base.value + weighted)) < 1e-3
    for figure in result.figures:
        assert figure.formula and figure.inputs


def test_benchmark_calibrates_the_point_estimate():
    low = forecast_nrr(fx.record(), fx.ACCOUNT_INFO, ForecastSettings(benchmark=1.0))
    high = forecast_nrr(fx.record(), fx.ACCOUNT_INFO, ForecastSettings(benchmark=1.3))
    assert low.expected.value == high.expected.value
    assert low.calibrated.value < high.calibrated.value
    assert high.calibrated.inputs["benchmark"] == 1.3


def test_low_utilisation_gives_a_contraction_base_case():
    info = {**fx.ACCOUNT_INFO, "contract": {**fx.ACCOUNT_INFO["contract"],
                                            "active_users_at_go_live": 15}}
    assert forecast_nrr(fx.record(), info).base.value < 1.0


def test_prompted_and_rejected_signals_weigh_less_or_nothing():
    record = fx.record()
    before = forecast_nrr(record, fx.ACCOUNT_INFO).expected.value
    record.expansion_signals[0].unprompted = False
    prompted = forecast_nrr(record, fx.ACCOUNT_INFO).expected.value
    record.expansion_signals[1].review = ItemReview(decision=Decision.REJECTED)
    after = forecast_nrr(record, fx.ACCOUNT_INFO)
    assert prompted < before
    assert [t.item_id for t in after.signals] == ["ex-returns"]


def test_missing_inputs_produce_nothing_and_say_which():
    info = {"contract": {"acv_usd": 50000, "seats": 20}}
    result = forecast_nrr(fx.record(), info)
    assert not result.produced
    assert result.missing == ["active_users_at_go_live", "renewal"]
    assert result.base is None and result.figures == []
    assert forecast_nrr(fx.record(), None).missing == ["seats", "active_users_at_go_live",
                                                       "renewal"]


def test_contract_seat_tiers_set_the_next_tier_step():
    info = {**fx.ACCOUNT_INFO, "contract": {**fx.ACCOUNT_INFO["contract"],
                                            "tiers": [25, 50, 100]}}
    result = forecast_nrr(fx.record(), info)
    assert result.base.inputs["tier_step"] == 1.0  # 50 -> 100 seats
    assert result.base.value > forecast_nrr(fx.record(), fx.ACCOUNT_INFO).base.value
