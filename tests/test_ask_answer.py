"""answer_question, local engine: cited extractive answers, record first, nothing found."""

from __future__ import annotations

import datetime as dt

import pytest
from ask_helpers import ACCOUNT, ingested_store

from extractor.ask import answer_question
from extractor.errors import InputError, StoreError, UnknownEngineError
from extractor.grounding import evidence_for
from extractor.models import HandoffRecord, Role, Stakeholder


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ingested_store(tmp_path_factory.mktemp("ask"))


def test_answer_cites_document_and_date_with_exact_offsets(store):
    answer = answer_question("What is the workaround for the NetSuite connector?",
                             account=ACCOUNT, store=store)
    assert answer.found and answer.engine == "local"
    assert "workaround script" in answer.text
    assert "[2026-03-09-status-report.txt, 2026-03-09]" in answer.text
    assert answer.citations[0].source == "2026-03-09-status-report.txt"
    for citation in answer.citations:
        doc = store.document(ACCOUNT, citation.doc_id)
        assert doc.text[citation.start:citation.end] == citation.quote
        assert citation.date == doc.date
    assert answer.retrieval and answer.retrieval[0].rrf > 0


def test_sentences_from_several_documents_ordered_by_date(store):
    answer = answer_question("How long did the month-end close take against the target?",
                             account=ACCOUNT, store=store)
    lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
    dates = [line.rsplit(", ", 1)[1].rstrip("]") for line in lines]
    assert len(lines) >= 2 and dates == sorted(dates)
    assert "six days" in answer.text


def test_nothing_relevant_found_is_said_plainly(store):
    answer = answer_question("Kubernetes helm charts?", account=ACCOUNT, store=store)
    assert not answer.found
    assert answer.text.startswith("Nothing relevant found")
    assert answer.citations == []


def test_date_filter_limits_citations(store):
    answer = answer_question("workaround", account=ACCOUNT, store=store,
                             since="2026-04-01", until=dt.date(2026, 4, 30))
    assert answer.citations
    assert {c.source for c in answer.citations} == {"2026-04-14-re-payroll.eml"}


def test_record_answers_first_with_its_evidence(tmp_path):
    store = ingested_store(tmp_path)
    kickoff = next(d for d in store.documents(ACCOUNT) if "kickoff" in d.source)
    evidence = evidence_for(kickoff, "Mira Olsen signed off the budget")
    buyer = Stakeholder(name="Mira Olsen", title="CFO", role=Role.ECONOMIC_BUYER,
                        evidence=[evidence])
    other = Stakeholder(name="Jonas Berg", title="IT lead", role=Role.TECHNICAL_CONTACT,
                        evidence=[evidence_for(kickoff, "Jonas Berg is worried")])
    record = HandoffRecord(account=ACCOUNT, as_of=dt.date(2026, 6, 1),
                           stakeholders=[buyer, other])
    store.save_record(ACCOUNT, record, "draft")
    answer = answer_question("Who is the economic buyer?", account=ACCOUNT, store=store)
    assert answer.record_kind == "draft"
    assert answer.text.startswith("From the handoff record (draft")
    assert "Mira Olsen (CFO)" in answer.text and "Jonas Berg (IT" not in answer.text
    first = answer.citations[0]
    assert (first.doc_id, first.start, first.end) == (evidence.doc_id, evidence.start,
                                                        evidence.end)
    store.save_record(ACCOUNT, record.model_copy(update={"stakeholders": [buyer]}), "accepted")
    assert answer_question("who is the EB", account=ACCOUNT,
                           store=store).record_kind == "accepted"


def test_free_question_does_not_use_the_record(store):
    answer = answer_question("When is the AP training?", account=ACCOUNT, store=store)
    assert answer.record_kind is None and "March 20" in answer.text


def test_bad_input_is_a_typed_error(store, tmp_path):
    with pytest.raises(InputError):
        answer_question("   ", account=ACCOUNT, store=store)
    with pytest.raises(InputError):
        answer_question("x", account=ACCOUNT, store=store, since="last tuesday")
    with pytest.raises(UnknownEngineError):
        answer_question("x", account=ACCOUNT, store=store, engine="magic")
    with pytest.raises(StoreError):
        answer_question("anything", account="no-such-account", store=store)
