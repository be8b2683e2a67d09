"""NRR forecast at handoff: a range the CSM starts from instead of a blank.

Three inputs, as the handoff literature describes them: contractual mechanics
(seats bought vs active users at go-live, tier thresholds, the renewal date) give
a base case; expansion signals give a probability-weighted upside (weighted by
kind and by whether the customer raised them unprompted); a segment benchmark
calibrates the point estimate. Every number carries its inputs and formula, and
nothing is produced when a required input is missing: the result says which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from extractor.handoff.common import contract_of, live, to_date
from extractor.models import ExpansionKind, HandoffRecord

DEFAULT_BENCHMARK = 1.15  # segment median NRR (DOMAIN.md)
REQUIRED = ("seats", "active_users_at_go_live", "renewal")


class ForecastSettings(BaseModel):
    """The assumptions behind the forecast; every one is shown in the output."""

    benchmark: float = Field(DEFAULT_BENCHMARK, description="Segment median NRR.")
    benchmark_weight: float = Field(0.3, ge=0, le=1,
                                    description="Shrinkage of the point estimate toward it.")
    tier_threshold: float = Field(0.7, description="Utilisation where the next tier comes in view.")
    tier_step: float = Field(0.2, description="Next seat tier as a fraction of seats bought.")
    rightsize_below: float = Field(0.5, description="Utilisation below which seats may be cut.")
    prompted_factor: float = Field(0.5, description="Probability multiplier for vendor pitches.")
    signal_value: dict[str, float] = Field(default_factory=lambda: {
        "seats": 0.15, "module": 0.20, "new_team": 0.25, "integration": 0.05,
        "new_use_case": 0.10, "other": 0.05,
    }, description="Value of a converted signal as a fraction of current ACV, by kind.")
    signal_probability: dict[str, float] = Field(default_factory=lambda: {
        "seats": 0.5, "module": 0.3, "new_team": 0.3, "integration": 0.4,
        "new_use_case": 0.3, "other": 0.2,
    }, description="Chance an unprompted signal converts within a year, by kind.")


class Figure(BaseModel):
    """One number with the inputs and formula that produced it."""

    name: str
    value: float
    formula: str
    inputs: dict[str, Any] = Field(default_factory=dict)


class SignalTerm(BaseModel):
    """One expansion signal's contribution to the upside."""

    item_id: str
    summary: str
    kind: ExpansionKind
    unprompted: bool
    probability: float
    value: float
    weighted: float


class Forecast(BaseModel):
    """An NRR range (base, expected, upside) or the list of missing inputs."""

    account: str
    produced: bool
    missing: list[str] = Field(default_factory=list)
    currency: str | None = None
    acv: float | None = None
    base: Figure | None = None
    expected: Figure | None = None
    upside: Figure | None = None
    calibrated: Figure | None = None
    figures: list[Figure] = Field(default_factory=list)
    signals: list[SignalTerm] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    settings: ForecastSettings = Field(default_factory=ForecastSettings)


def _acv(contract: dict[str, Any]) -> tuple[str | None, float | None]:
    """The contract value and its currency from any ``acv_<currency>`` key."""
    for key, value in contract.items():
        if key.startswith("acv_") and isinstance(value, (int, float)):
            return key[4:].upper(), float(value)
    return None, None


def _tier_figures(seats: float, active: float, s: ForecastSettings) -> list[Figure]:
    """Utilisation and the base case from seat mechanics."""
    util = active / seats
    used = {"active_users_at_go_live": active, "seats": seats}
    utilisation = Figure(name="utilisation", value=round(util, 3),
                         formula="active_users_at_go_live / seats", inputs=used)
    if util > 1:
        base = Figure(name="base", value=round(max(util, 1 + s.tier_step), 3),
                      formula="max(utilisation, 1 + tier_step)  (over the seat cap: true-up due)",
                      inputs={"utilisation": round(util, 3), "tier_step": s.tier_step})
    elif util >= s.tier_threshold:
        p_tier = (util - s.tier_threshold) / (1 - s.tier_threshold)
        base = Figure(name="base", value=round(1 + s.tier_step * p_tier, 3),
                      formula="1 + tier_step * (utilisation - tier_threshold) / "
                              "(1 - tier_threshold)  (on a path to the next tier)",
                      inputs={"utilisation": round(util, 3), "tier_step": s.tier_step,
                              "tier_threshold": s.tier_threshold})
    elif util < s.rightsize_below:
        p_cut = (s.rightsize_below - util) / s.rightsize_below
        kept = min(1.0, util / s.tier_threshold)
        base = Figure(name="base", value=round(1 - p_cut * (1 - kept), 3),
                      formula="1 - p_cut * (1 - min(1, utilisation / tier_threshold)), "
                              "p_cut = (rightsize_below - utilisation) / rightsize_below  "
                              "(seats may be cut to usage at renewal)",
                      inputs={"utilisation": round(util, 3), "rightsize_below": s.rightsize_below,
                              "tier_threshold": s.tier_threshold, "p_cut": round(p_cut, 3)})
    else:
        base = Figure(name="base", value=1.0,
                      formula="1.0  (utilisation between rightsize_below and tier_threshold: "
                              "flat renewal)",
                      inputs={"utilisation": round(util, 3), "rightsize_below": s.rightsize_below,
                              "tier_threshold": s.tier_threshold})
    return [utilisation, base]


def _with_contract_tiers(s: ForecastSettings, seats: float, tiers: Any) -> ForecastSettings:
    """Use the contract's own seat tiers (a list of seat counts) for the next-tier step."""
    if not isinstance(tiers, list):
        return s
    above = sorted(float(t) for t in tiers if isinstance(t, (int, float)) and t > seats)
    return s.model_copy(update={"tier_step": round(above[0] / seats - 1, 4)}) if above else s


def _signal_terms(record: HandoffRecord, s: ForecastSettings) -> list[SignalTerm]:
    """Each live expansion signal's probability, value and weighted contribution."""
    terms = []
    for signal in live(record, "expansion_signals"):
        kind = signal.kind.value
        probability = s.signal_probability.get(kind, 0.2) * (
            1.0 if signal.unprompted else s.prompted_factor)
        value = s.signal_value.get(kind, 0.05)
        terms.append(SignalTerm(
            item_id=signal.id, summary=signal.summary, kind=signal.kind,
            unprompted=signal.unprompted, probability=round(probability, 3), value=value,
            weighted=round(probability * value, 4)))
    return terms


def forecast_nrr(record: HandoffRecord, account_info: Any = None,
                 settings: ForecastSettings | None = None) -> Forecast:
    """The NRR forecast range for one account at handoff.

    Args:
        record: the (reviewed) record; its live expansion signals give the upside.
        account_info: account.json facts; ``contract`` supplies seats, active users,
            renewal and ACV (``record.extra['contract']`` may fill gaps).
        settings: the assumptions; defaults use the DOMAIN.md segment median (115%).

    Returns:
        A Forecast; ``produced`` is False and ``missing`` names the inputs when the
        contractual mechanics cannot be computed.
    """
    s = settings or ForecastSettings()
    contract = contract_of(account_info, record)
    currency, acv = _acv(contract)
    missing = [key for key in REQUIRED if contract.get(key) in (None, "", 0)]
    result = Forecast(account=record.account, produced=False, missing=missing,
                      currency=currency, acv=acv, settings=s)
    if missing:
        return result
    seats, active = float(contract["seats"]), float(contract["active_users_at_go_live"])
    s = _with_contract_tiers(s, seats, contract.get("tiers"))
    result.settings = s
    figures = _tier_figures(seats, active, s)
    base = figures[-1]
    terms = _signal_terms(record, s)
    expected_gain = sum(t.weighted for t in terms)
    full_gain = sum(t.value for t in terms)
    expected = Figure(name="expected", value=round(base.value + expected_gain, 3),
                      formula="base + sum(probability_i * value_i) over expansion signals",
                      inputs={"base": base.value, "weighted_signals": round(expected_gain, 4)})
    upside = Figure(name="upside", value=round(base.value + full_gain, 3),
                    formula="base + sum(value_i)  (all signals convert)",
                    inputs={"base": base.value, "signal_values": round(full_gain, 4)})
    w = s.benchmark_weight
    calibrated = Figure(
        name="calibrated", value=round((1 - w) * expected.value + w * s.benchmark, 3),
        formula="(1 - benchmark_weight) * expected + benchmark_weight * benchmark",
        inputs={"expected": expected.value, "benchmark": s.benchmark, "benchmark_weight": w})
    result.notes = _notes(record, contract, calibrated.value, s)
    return result.model_copy(update={
        "produced": True, "base": base, "expected": expected, "upside": upside,
        "calibrated": calibrated, "figures": [*figures, expected, upside, calibrated],
        "signals": terms})


def _notes(record: HandoffRecord, contract: dict[str, Any], point: float,
           s: ForecastSettings) -> list[str]:
    """Plain-language context: renewal timing and where the estimate sits vs the segment."""
    notes = []
    renewal = to_date(contract.get("renewal"))
    if renewal:
        months = (renewal - record.as_of).days / 30.44
        notes.append(f"Renewal {renewal.isoformat()} ({months:.0f} months after handoff).")
        if renewal > record.as_of + dt.timedelta(days=366):
            notes.append("Renewal falls outside the 12-month NRR window: seat changes are "
                         "assumed at the annual true-up; confirm the contract allows one.")
    delta = (point - s.benchmark) * 100
    notes.append(f"Calibrated estimate is {abs(delta):.0f} pts "
                 f"{'above' if delta >= 0 else 'below'} the segment median "
                 f"({s.benchmark:.0%}).")
    return notes
