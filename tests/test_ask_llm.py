"""LLM answers: grounded in the given passages only, citations checked by code."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from ask_helpers import ACCOUNT, ingested_store

from extractor.ask import answer_question
from extractor.errors import UngroundedAnswerError


@dataclass
class Reply:
    content: str


class FakeClient:
    """Stands in for the chat client: records the messages, returns a canned reply."""

    def __init__(self, reply: dict) -> None:
        self.reply = reply
        self.messages: list[dict[str, str]] = []

    def complete(self, messages, schema):  # type: ignore[no-untyped-def]
        self.messages = messages
        return Reply(json.dumps(self.reply))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ingested_store(tmp_path_factory.mktemp("llm"))


def ask(store, reply: dict, question: str = "What is the NetSuite workaround?"):
    client = FakeClient(reply)
    answer = answer_question(question, account=ACCOUNT, store=store, k=3, engine="openai",
                             llm_options={"client": client})
    return answer, client


def test_answer_cites_given_passages_as_document_and_date(store):
    answer, client = ask(store, {"answer": "Jonas runs a nightly workaround script [P1].",
                                 "citations": ["P1"], "supported": True})
    prompt = client.messages[-1]["content"]
    assert "[P1]" in prompt and "[P3]" in prompt and "[P4]" not in prompt
    assert "NetSuite" in prompt
    top = answer.retrieval[0]
    assert answer.engine == "openai" and answer.found
    assert answer.citations[0].source == top.source
    assert f"[{top.source}, " in answer.text and "[P1]" not in answer.text
    doc = store.document(ACCOUNT, answer.citations[0].doc_id)
    c = answer.citations[0]
    assert doc.text[c.start:c.end] == c.quote


def test_answer_citing_a_passage_it_was_not_given_is_rejected(store):
    with pytest.raises(UngroundedAnswerError, match="P7"):
        ask(store, {"answer": "The payroll team wants SSO [P7].", "citations": ["P7"],
                    "supported": True})
    with pytest.raises(UngroundedAnswerError):
        ask(store, {"answer": "A fact [P2].", "citations": ["P2", "P9"], "supported": True})


def test_unsupported_answer_says_not_in_the_documents(store):
    answer, _ = ask(store, {"answer": "Not in the documents.", "citations": [],
                            "supported": False}, question="What is the CEO's salary?")
    assert answer.text == "Not in the documents." and not answer.found
    assert answer.citations == []
    uncited, _ = ask(store, {"answer": "Probably next year.", "citations": [],
                             "supported": True})
    assert uncited.text == "Not in the documents."
