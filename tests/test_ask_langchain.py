"""The account store as a LangChain retriever (optional ``langchain`` extra)."""

from __future__ import annotations

import pytest
from ask_helpers import ACCOUNT, ingested_store

pytest.importorskip("langchain_core")


def test_retriever_returns_documents_with_citable_metadata(tmp_path):
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    from extractor.ask.langchain_retriever import AccountRetriever

    store = ingested_store(tmp_path)
    retriever = AccountRetriever(store=store, account=ACCOUNT, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("NetSuite connector workaround")
    assert 0 < len(docs) <= 3 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert "NetSuite" in top.page_content
    assert top.metadata["source"] == "2026-03-09-status-report.txt"
    assert top.metadata["date"] == "2026-03-09"
    stored = store.document(ACCOUNT, top.metadata["doc_id"]).text
    assert stored[top.metadata["start"]:top.metadata["end"]] == top.page_content


def test_retriever_applies_the_date_filter(tmp_path):
    import datetime as dt

    from extractor.ask.langchain_retriever import AccountRetriever

    store = ingested_store(tmp_path)
    retriever = AccountRetriever(store=store, account=ACCOUNT, k=5,
                                 since=dt.date(2026, 4, 1))
    docs = retriever.invoke("workaround")
    assert docs and all(d.metadata["date"] >= "2026-04-01" for d in docs)
