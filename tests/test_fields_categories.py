"""Risk category and expansion kind/unprompted rules on small hand-made texts."""

from __future__ import annotations

from extractor.engines.local.expansion import PITCH, expansion_kind
from extractor.engines.local.risks import risk_category
from extractor.models import ExpansionKind, RiskCategory


def test_named_interface_makes_duplicates_an_integration_risk() -> None:
    text = "The HL7 feed from the lab system sends duplicate records when an order is amended."
    assert risk_category(text) == RiskCategory.INTEGRATION


def test_privacy_gate_is_other() -> None:
    text = "DPIA not signed yet; the privacy office will not allow production data to load."
    assert risk_category(text) == RiskCategory.OTHER


def test_departure_is_sponsor_only_for_a_sponsor() -> None:
    assert risk_category("Our executive sponsor, the CFO, retires in May.") == RiskCategory.SPONSOR
    assert risk_category("Priya, the only admin, is leaving on June 12; nobody else knows "
                     "the routing logic.") == RiskCategory.OTHER


def test_separately_sold_module_is_module_even_with_team_words() -> None:
    text = ("The finance team asked whether the Forecast module could cover their "
            "group planning too; it is a separate licence.")
    assert expansion_kind(text) == ExpansionKind.MODULE


def test_pitched_product_is_module() -> None:
    text = "Two analysts could use the planner app for shift swaps."
    assert expansion_kind(text, pitched=True) == ExpansionKind.MODULE


def test_nightly_export_to_another_system_is_integration() -> None:
    text = "Transport wants a nightly roster export to RouteMax for the bus team."
    assert expansion_kind(text) == ExpansionKind.INTEGRATION


def test_vendor_pitch_language() -> None:
    assert PITCH.search("A lot of retailers pair scheduling with our staff app, it cuts overtime.")
    assert PITCH.search("Several of our clients have added our e-signature module.")
    assert PITCH.search("Could be a nice phase 2, happy to show the ops team.")
    assert not PITCH.search("Could the AP team run invoices through the same workflow?")
