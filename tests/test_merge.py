"""finalize_record: one item per real-world item, grounded evidence, stable ids and order."""

from __future__ import annotations

import datetime as dt

from extractor.engines.base import ExtractionContext
from extractor.grounding import evidence_at
from extractor.merge import finalize_record
from extractor.models import Evidence, HandoffRecord, Risk, RiskStatus
from extractor.parsing import parse_bytes

CTX = ExtractionContext(account="acme", as_of=dt.date(2026, 6, 1))


def _doc(name: str, text: str):  # type: ignore[no-untyped-def]
    return parse_bytes(text.encode(), account="acme", source=f"docs/{name}")


def _risk(doc, quote: str, status: RiskStatus) -> Risk:  # type: ignore[no-untyped-def]
    start = doc.text.index(quote)
    evidence = [evidence_at(doc, start, start + len(quote))]
    return Risk(summary=quote, status=status, evidence=evidence)


MARCH = _doc("2026-03-02-notes.md", "Notes\n\nThe payroll feed drops accented payee names.\n")
MAY = _doc("2026-05-04-status.md",
           "Status\n\nThe payroll feed drops accented payee names: fixed and stable since 4/20.\n")


def test_same_risk_in_two_documents_becomes_one_item_with_both_mentions() -> None:
    record = HandoffRecord(account="acme", as_of=CTX.as_of, risks=[
        _risk(MAY, "The payroll feed drops accented payee names: fixed and stable since 4/20.",
              RiskStatus.RESOLVED),
        _risk(MARCH, "The payroll feed drops accented payee names.", RiskStatus.OPEN)])
    final = finalize_record(record, [MARCH, MAY], CTX)
    (risk,) = final.risks
    assert [e.source for e in risk.evidence] == ["docs/2026-03-02-notes.md",
                                                 "docs/2026-05-04-status.md"]
    assert risk.status == RiskStatus.RESOLVED  # the later document wins
    assert risk.id


def test_ungrounded_evidence_is_dropped_and_counted() -> None:
    bad = Evidence(doc_id=MARCH.doc_id, source=MARCH.source, start=0, end=5,
                   quote="nothing like this")
    record = HandoffRecord(account="acme", as_of=CTX.as_of,
                           risks=[Risk(summary="made up", evidence=[bad])])
    final = finalize_record(record, [MARCH, MAY], CTX)
    assert final.risks == []
    assert final.stats.dropped_ungrounded == 1


def test_moved_quote_is_realigned_by_code() -> None:
    moved = Evidence(doc_id=MAY.doc_id, source=MAY.source, start=0, end=3,
                     quote="fixed and stable since 4/20")
    record = HandoffRecord(account="acme", as_of=CTX.as_of,
                           risks=[Risk(summary="feed", evidence=[moved])])
    (risk,) = finalize_record(record, [MARCH, MAY], CTX).risks
    ev = risk.evidence[0]
    assert MAY.text[ev.start:ev.end] == ev.quote == "fixed and stable since 4/20"


def test_ids_and_order_do_not_depend_on_input_order() -> None:
    a = _risk(MARCH, "The payroll feed drops accented payee names.", RiskStatus.OPEN)
    other = _doc("2026-04-01-x.md", "Notes\n\nThe CFO is leaving at the end of June.\n")
    b = _risk(other, "The CFO is leaving at the end of June.", RiskStatus.OPEN)
    one = finalize_record(HandoffRecord(account="acme", as_of=CTX.as_of, risks=[a, b]),
                          [MARCH, other], CTX)
    two = finalize_record(HandoffRecord(account="acme", as_of=CTX.as_of, risks=[b, a]),
                          [other, MARCH], CTX)
    assert one.to_json() == two.to_json()
    assert one.risks[0].summary.startswith("The payroll feed")


def test_term_overlap_counts_word_forms_as_one_term() -> None:
    """Mentions of one item say "keyed"/"key", "IEPs"/"IEP": stems make them overlap."""
    from extractor.merge import TermWeights, cosine, tokens

    assert tokens("report keyed on timestamps") == tokens("reports key on timestamp")
    assert tokens("IEPs") == tokens("IEP")
    weights = TermWeights(["IEPs in Brightbook", "the IEP module", "unrelated budget line"])
    assert cosine(weights.vector("duplicates merged"), weights.vector("duplicate records")) > 0
