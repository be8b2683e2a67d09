"""Scoring rules of the eval harness, on small synthetic accounts (no parsers, no engine)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eval.dataset import GoldEvidence, GoldItem, Question
from eval.fields import names_equal
from eval.locate import locate_gold
from eval.qa import QATally, score_answer, score_failure
from eval.scoring import check_grounding, score_record, scores
from extractor.documents import DateSource, DocType, Document
from extractor.grounding import evidence_at, evidence_for
from extractor.models import Evidence, ExpansionSignal, HandoffRecord, Risk, Stakeholder

NOTES = ("Kickoff notes. Priya Nair (Head of Finance) owns the budget. "
         "Bank feed from the legacy ERP drops about 2% of transactions every night. "
         "Priya asked if the treasury team could use the same dashboards next quarter.")
EMAIL = ("Subject: status\nThe bank feed still drops transactions; Tom is on it. "
         "Also Marco from procurement wants seats for his team of twelve.")


def _doc(source: str, text: str) -> Document:
    return Document(doc_id=source, account="acme", source=source, doc_type=DocType.TEXT,
                    date=dt.date(2026, 3, 1), date_source=DateSource.FILENAME, text=text,
                    content_hash=source)


DOCS = [_doc("docs/2026-03-01-notes.txt", NOTES), _doc("docs/2026-03-05-status.eml", EMAIL)]


def _gold() -> dict[str, list[GoldItem]]:
    notes = "docs/2026-03-01-notes.txt"
    return {
        "success_criteria": [],
        "stakeholders": [GoldItem("stakeholders", "st1", {
            "name": "Priya Nair", "title": "Head of Finance", "role": "economic_buyer",
            "stance": "supporter", "influence": "high", "status": "active"},
            [GoldEvidence(notes, "Priya Nair (Head of Finance) owns the budget.")])],
        "expansion_signals": [GoldItem("expansion_signals", "ex1", {
            "summary": "Treasury team wants the same dashboards", "date": "2026-03-01",
            "mentioned_by": "Priya Nair", "kind": "new_team", "unprompted": True},
            [GoldEvidence(notes, "treasury team could use the same dashboards")])],
        "risks": [GoldItem("risks", "rk1", {
            "summary": "Legacy ERP bank feed drops about 2% of transactions nightly",
            "category": "integration", "severity": "high", "status": "open"},
            [GoldEvidence(notes, "drops about 2% of transactions every night"),
             GoldEvidence("docs/2026-03-05-status.eml",
                          "The bank feed still drops transactions")])],
    }


def _ev(source: str, quote: str) -> Evidence:
    doc = next(d for d in DOCS if d.source == source)
    found = evidence_for(doc, quote)
    assert found is not None
    return found


def _perfect() -> HandoffRecord:
    notes = "docs/2026-03-01-notes.txt"
    return HandoffRecord(
        account="acme", as_of=dt.date(2026, 3, 31),
        stakeholders=[Stakeholder(name="Priya Nair", title="Head of Finance",
                                  role="economic_buyer", stance="supporter", influence="high",
                                  status="active", evidence=[_ev(notes, "Priya Nair (Head")])],
        expansion_signals=[ExpansionSignal(
            summary="Treasury team wants the same dashboards", date=dt.date(2026, 3, 1),
            mentioned_by="Priya", kind="new_team", unprompted=True,
            evidence=[_ev(notes, "Priya asked if the treasury team could use")])],
        risks=[Risk(summary="Bank feed drops transactions", category="integration",
                    severity="high", status="open",
                    evidence=[_ev("docs/2026-03-05-status.eml", "bank feed still drops")])])


def _score(record: HandoffRecord | None):
    gold = _gold()
    located = locate_gold([i for items in gold.values() for i in items], DOCS)
    return score_record(gold, located, record)


def test_a_perfect_record_scores_one_and_matches_by_evidence() -> None:
    result = _score(_perfect())
    report = scores(result.tally)
    assert report.micro.f1 == 1.0
    assert report.macro_f1 == 1.0
    assert report.matches_by_route == {"evidence": 3, "text": 0, "weak_evidence": 0}
    assert all(value == 1.0 for value in report.fields.values())
    assert "stakeholders.name" in report.fields  # first name only counts as the same person


def test_an_empty_record_scores_zero_and_lists_every_gold_item_as_missed() -> None:
    result = _score(HandoffRecord(account="acme", as_of=dt.date(2026, 3, 31)))
    report = scores(result.tally)
    assert report.micro.f1 == 0.0 and report.micro.recall == 0.0
    assert sorted(m.id for m in result.unmatched_gold) == ["ex1", "rk1", "st1"]
    assert result.unmatched_gold[0].quote  # the first gold quote is shown


def test_a_duplicate_prediction_is_a_false_positive() -> None:
    record = _perfect()
    record.risks.append(record.risks[0].model_copy(update={"summary": "Bank feed unreliable"}))
    report = scores(_score(record).tally)
    assert report.categories["risks"].tp == 1
    assert report.categories["risks"].fp == 1
    assert report.categories["risks"].precision == 0.5


def test_evidence_in_the_wrong_document_does_not_match() -> None:
    record = _perfect()
    risk = record.risks[0]
    right = risk.evidence[0]
    # Same offsets, other document: the span overlaps nothing the gold item quotes.
    wrong = Evidence(doc_id="x", source="docs/2026-03-01-notes.txt", start=right.start,
                     end=right.end, quote=NOTES[right.start:right.end])
    record.risks[0] = risk.model_copy(update={"evidence": [wrong],
                                              "summary": "Some concern was raised"})
    report = scores(_score(record).tally)
    assert report.categories["risks"].tp == 0
    assert report.categories["risks"].fp == 1 and report.categories["risks"].fn == 1


def test_a_wrong_date_is_a_match_with_a_field_error() -> None:
    record = _perfect()
    signal = record.expansion_signals[0]
    record.expansion_signals[0] = signal.model_copy(update={"date": dt.date(2026, 4, 14)})
    result = _score(record)
    report = scores(result.tally)
    assert report.categories["expansion_signals"].tp == 1
    assert report.fields["expansion_signals.date"] == 0.0
    assert [(e.field, e.gold, e.predicted) for e in result.field_errors] == [
        ("date", "2026-03-01", "2026-04-14")]


def test_text_fallback_matches_only_without_overlapping_evidence_and_is_counted() -> None:
    record = _perfect()
    other = evidence_at(DOCS[1], 0, 15)  # "Subject: status": overlaps no gold quote
    risk = record.risks[0]
    record.risks[0] = risk.model_copy(update={
        "evidence": [other],
        "summary": "Legacy ERP bank feed drops about 2% of transactions nightly"})
    report = scores(_score(record).tally)
    assert report.categories["risks"].tp == 1
    assert report.matches_by_route == {"evidence": 2, "text": 1, "weak_evidence": 0}


def test_stakeholder_overlap_with_another_persons_name_is_not_a_match() -> None:
    record = _perfect()
    record.stakeholders[0] = record.stakeholders[0].model_copy(update={"name": "Tom Baker"})
    report = scores(_score(record).tally)
    assert report.categories["stakeholders"].tp == 0


def test_names_are_compared_folded_and_first_name_only_counts() -> None:
    assert names_equal("José Álvarez", "jose alvarez")
    assert names_equal("Dana Whitfield", "Dana")
    assert names_equal("Dr. Dana Whitfield", "Dana J. Whitfield")
    assert names_equal("Dana Whitfield", "Dana W.")
    assert not names_equal("Dana Whitfield", "Dana Smith")
    assert not names_equal("Dana Whitfield", None)


def test_grounding_rate_drops_for_a_fabricated_or_invented_quote(tmp_path: Path) -> None:
    raw = tmp_path / "2026-03-05-status.eml"
    raw.write_text(EMAIL.replace("Subject: status\n", "Subject: status\n\n"), encoding="utf-8")
    (tmp_path / "2026-03-01-notes.txt").write_text(NOTES, encoding="utf-8")
    files = {p.name: p for p in tmp_path.iterdir()}
    record = _perfect()
    result = _score(record)
    check_grounding(record, DOCS, files, result)
    assert scores(result.tally).grounding_rate == 1.0

    fabricated = Evidence(doc_id="x", source="docs/2026-03-01-notes.txt", start=0, end=20,
                          quote="Priya will sign 200")
    record.risks[0] = record.risks[0].model_copy(update={"evidence": [fabricated]})
    result = _score(record)
    check_grounding(record, DOCS, files, result)
    assert scores(result.tally).grounding_rate < 1.0
    assert result.ungrounded[0]["reason"].startswith("quote differs")


def test_a_quote_the_parser_invented_is_not_grounded(tmp_path: Path) -> None:
    doc = _doc("docs/2026-03-09-call.txt", "Attendees: Priya Nair\nWe agreed the plan.")
    (tmp_path / "2026-03-09-call.txt").write_text("We agreed the plan.", encoding="utf-8")
    record = HandoffRecord(account="acme", as_of=dt.date(2026, 3, 31), stakeholders=[
        Stakeholder(name="Priya Nair", evidence=[evidence_at(doc, 0, 21)])])
    result = _score(record)
    check_grounding(record, [doc], {"2026-03-09-call.txt": tmp_path / "2026-03-09-call.txt"},
                    result)
    assert result.tally.evidence_checked == 1 and result.tally.evidence_grounded == 0


def test_qa_hit_at_k_and_mention_rate() -> None:
    class Citation:
        def __init__(self, source: str) -> None:
            self.source = source

    class Answer:
        def __init__(self) -> None:
            self.text = "Dana Whitfield signed; she wants a monthly summary."
            self.citations = [Citation("acme/docs/2026-03-01-notes.txt")]

    question = Question("q1", "Who signed?", ["Dana Whitfield", "weekly"],
                        ["docs/2026-03-01-notes.txt"])
    tally = QATally()
    score_answer(question, Answer(), tally, k=5)
    score_failure(Question("q2", "?", ["x"], ["docs/a.md"]), "ask failed", tally)
    qa = tally.score(5)
    assert qa.hit_at_k == 0.5
    assert qa.mention_rate == round(1 / 3, 4)
    assert qa.failed == 1


def test_an_evidence_match_that_reads_like_another_item_is_counted_as_weak() -> None:
    record = _perfect()
    record.risks[0] = record.risks[0].model_copy(update={"summary": "Sponsor is leaving"})
    report = scores(_score(record).tally)
    assert report.categories["risks"].tp == 1  # the overlap route still matches it
    assert report.matches_by_route["weak_evidence"] == 1
