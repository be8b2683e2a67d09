"""End to end with the real MiniLM embedder: a paraphrased question still finds its answer."""

from __future__ import annotations

import pytest
from ask_helpers import ACCOUNT, ingested_store

from extractor.ask import answer_question
from extractor.embedding import load_embedder
from extractor.settings import Settings


@pytest.mark.slow
def test_paraphrased_question_is_answered_and_cited(tmp_path):
    embedder = load_embedder(None, Settings.resolve(store=tmp_path / "store").cache_dir)
    store = ingested_store(tmp_path, embedder)
    answer = answer_question("Which executive approved the spending?", account=ACCOUNT,
                             store=store)
    assert answer.found
    assert "Mira Olsen" in answer.text
    assert answer.citations[0].source == "2026-02-02-kickoff-notes.md"
    assert any(hit.vector_rank == 1 for hit in answer.retrieval)
    nothing = answer_question("What did the auditors say about the Lisbon warehouse lease?",
                              account=ACCOUNT, store=store)
    assert not nothing.found and nothing.text.startswith("Nothing relevant found")
    off_topic = answer_question("Who won the World Cup in 2018?", account=ACCOUNT, store=store)
    assert not off_topic.found and off_topic.citations == []
