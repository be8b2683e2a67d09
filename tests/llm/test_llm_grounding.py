"""Grounding rules the LLM engine applies to what a model returns (live scripted server)."""

from __future__ import annotations

from llm_docs import CONTEXT, buyer, kickoff, q, tobias
from llm_fake_server import reply

from extractor.engines import get_engine
from extractor.models import Alignment


def _run(live_fake, engine_options, **categories):
    live_fake.push(reply(**categories))
    engine = get_engine("openai", base_url=live_fake.url, **engine_options)
    return engine.extract([kickoff()], CONTEXT)


def test_quote_joined_with_ellipsis_grounds_each_fragment(live_fake, engine_options):
    kick = kickoff()
    joined = {**buyer(kick), "quotes": [q(kick, "Maren signed the order form ... owns the "
                                               "budget. Goal: cut month-end close")]}
    record = _run(live_fake, engine_options, stakeholders=[joined])
    quotes = [e.quote for e in record.stakeholders[0].evidence]
    assert "Maren signed the order form" in quotes
    assert any(quote.startswith("owns the budget") for quote in quotes)


def test_paraphrase_within_threshold_is_fuzzy_and_recorded(live_fake, engine_options):
    kick = kickoff()
    near = {**buyer(kick), "quotes": [q(kick, "Maren signed the order-form and owns the budget")]}
    record = _run(live_fake, engine_options, stakeholders=[near])
    evidence = record.stakeholders[0].evidence[0]
    assert evidence.alignment in (Alignment.NORMALIZED, Alignment.FUZZY)
    assert kick.text[evidence.start:evidence.end] == evidence.quote


def test_wrong_doc_id_is_forgiven_but_invented_emails_are_not(live_fake, engine_options):
    kick = kickoff()
    person = tobias(kick, "Tobias raised that the legacy GL export drops")
    person["quotes"][0]["doc_id"] = "no-such-doc"
    person["emails"] = ["tobias.kell@hollowpine.example", "tk@invented.example"]
    record = _run(live_fake, engine_options, stakeholders=[person])
    assert record.stakeholders[0].evidence[0].doc_id == kick.doc_id
    assert record.stakeholders[0].emails == ["tobias.kell@hollowpine.example"]


def test_vendor_pitch_credited_to_an_unknown_person_loses_the_name(live_fake, engine_options):
    kick = kickoff()
    signal = {"summary": "Procurement workflow", "date": "2026-02-10",
              "mentioned_by": "Someone Invented", "kind": "new_team", "unprompted": True,
              "context": None, "quotes": [q(kick, "Maren asked whether procurement could use "
                                                 "the approvals workflow next year.")]}
    record = _run(live_fake, engine_options, expansion_signals=[signal])
    assert record.expansion_signals[0].mentioned_by is None


def test_cached_replies_live_per_account_and_can_be_forgotten(live_fake, engine_options):
    from extractor.engines.openai_engine.cache import forget_account

    kick = kickoff()
    record = _run(live_fake, engine_options, stakeholders=[buyer(kick)])
    root = engine_options["cache_dir"]
    assert record.stakeholders and list((root / CONTEXT.account).rglob("*.json"))
    assert forget_account(CONTEXT.account, root) == 1
    assert not (root / CONTEXT.account).exists()
    assert forget_account("never-seen", root) == 0
