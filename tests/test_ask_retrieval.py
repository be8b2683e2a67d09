"""Hybrid retrieval: lexical terms found where vectors miss, filters, cached index."""

from __future__ import annotations

import datetime as dt

from ask_helpers import ACCOUNT, BlindEmbedder, ingested_store

from extractor.ask.retrieval import RetrievalFilter, lexical_index, retrieve
from extractor.ask.tokens import tokenize
from extractor.ingest import ingest_paths


def test_tokens_keep_names_dates_numbers_and_product_terms():
    terms = set(tokenize("Mira's SSO go-live moved to 2026-03-02 for NetSuite in Q3 (40%)"))
    for query in ("Mira", "SSO", "go-live", "live", "2026-03-02", "netsuite", "Q3", "40"):
        assert tokenize(query) and set(tokenize(query)) <= terms
    assert tokenize("the and of") == []
    assert tokenize("approved") == tokenize("approve") == tokenize("approving")


def test_product_term_found_lexically_when_vectors_miss(tmp_path):
    store = ingested_store(tmp_path, BlindEmbedder(), filler=30)
    question = "NetSuite connector"
    vector_only = store.vector_search(ACCOUNT, question, 3)
    assert all("NetSuite" not in chunk.text for chunk, _ in vector_only)
    passages = retrieve(question, account=ACCOUNT, store=store, k=3)
    assert "NetSuite" in passages[0].chunk.text
    assert passages[0].bm25_rank == 1


def test_name_and_date_found_lexically(tmp_path):
    store = ingested_store(tmp_path, BlindEmbedder(), filler=30)
    top = retrieve("Mira Olsen", account=ACCOUNT, store=store, k=1)[0]
    assert "Mira Olsen" in top.chunk.text
    top = retrieve("March 20", account=ACCOUNT, store=store, k=1)[0]
    assert "March 20" in top.chunk.text


def test_date_range_and_type_filters(tmp_path):
    store = ingested_store(tmp_path)
    flt = RetrievalFilter(since=dt.date(2026, 3, 1), until=dt.date(2026, 4, 30))
    passages = retrieve("workaround script", account=ACCOUNT, store=store, k=10, flt=flt)
    assert passages
    assert all(dt.date(2026, 3, 1) <= p.chunk.doc_date <= dt.date(2026, 4, 30) for p in passages)
    emails = retrieve("workaround", account=ACCOUNT, store=store, k=10,
                      flt=RetrievalFilter(doc_types=frozenset({"email"})))
    assert emails and {str(p.chunk.doc_type) for p in emails} == {"email"}


def test_bm25_index_is_cached_until_the_store_changes(tmp_path):
    store = ingested_store(tmp_path)
    first = lexical_index(store, ACCOUNT)
    assert lexical_index(store, ACCOUNT) is first
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "2026-06-01-note.txt").write_text("Kestrel analytics module was demoed to Mira.")
    ingest_paths([extra], ACCOUNT, store)
    rebuilt = lexical_index(store, ACCOUNT)
    assert rebuilt is not first
    assert len(rebuilt.chunks) == len(first.chunks) + 1
    assert "Kestrel" in retrieve("Kestrel", account=ACCOUNT, store=store, k=1)[0].chunk.text
