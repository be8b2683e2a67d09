"""``answer_question``: retrieve an account's passages and answer from them, with citations.

The one function the CLI, the eval harness and notebooks call. Retrieval is the
same for every engine; the local engine answers from the record (for questions
about its categories) and the documents' own sentences, the OpenAI engine writes
an answer from the retrieved passages only and is checked against them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from extractor.ask.extractive import extractive_answer
from extractor.ask.models import Answer, Citation, RetrievalHit
from extractor.ask.record_answer import answer_from_record, classify, load_record, merge
from extractor.ask.retrieval import Passage, RetrievalFilter, lexical_index, retrieve
from extractor.errors import InputError, StoreError, UnknownEngineError

ENGINES = ("local", "openai")
READ_PASSAGES = 8  # the local engine reads at least this many passages for sentences
RECORD_SUPPLEMENT = 4  # passage spans added after the record's own items


def answer_question(question: str, *, account: str, store: Any, k: int = 5,
                    engine: str = "local", since: dt.date | str | None = None,
                    until: dt.date | str | None = None,
                    doc_types: Iterable[str] | None = None,
                    llm_options: dict[str, Any] | None = None) -> Answer:
    """Answer a CSM's question about one account from its stored documents.

    Args:
        question: the question in natural language.
        account: the account slug whose documents are searched (and only those).
        store: an ``AccountStore`` holding the account's chunks, vectors and records.
        k: how many fused passages to retrieve; the openai engine is given exactly
            these, the local engine picks sentences from at least ``READ_PASSAGES``.
        engine: "local" (offline, extractive) or "openai" (LLM grounded in the passages).
        since: only documents dated on or after this day (ISO string or date).
        until: only documents dated on or before this day.
        doc_types: only these document types (e.g. "email", "transcript").
        llm_options: for the openai engine: model, base_url, api_key, timeout, client.

    Returns:
        The answer text, citations with offsets into the stored documents, and the
        retrieval ranks behind them.

    Raises:
        InputError: empty question, bad k or unparsable date.
        StoreError: the account has no ingested documents.
        UnknownEngineError: an engine name other than "local" or "openai".
        EngineError: the LLM failed or cited a passage it was not given.
    """
    question = question.strip()
    if not question:
        raise InputError("the question is empty")
    if k < 1:
        raise InputError(f"k must be at least 1 (got {k})")
    if engine not in ENGINES:
        raise UnknownEngineError(f"unknown ask engine {engine!r}; known: {', '.join(ENGINES)}")
    flt = RetrievalFilter(since=_date(since, "since"), until=_date(until, "until"),
                          doc_types=frozenset(str(t) for t in doc_types) if doc_types else None)
    index = lexical_index(store, account)
    if not index.chunks:
        raise StoreError(f"account {account!r} has no ingested documents; "
                         "run `handoff ingest` first")
    depth = k if engine == "openai" else max(k, READ_PASSAGES)
    passages = retrieve(question, account=account, store=store, k=depth, flt=flt, index=index)
    answer = Answer(question=question, text="", engine=engine, retrieval=_hits(passages))
    if engine == "openai":
        from extractor.ask.llm_answer import llm_answer

        text, citations, found = llm_answer(question, passages, options=llm_options or {})
        return answer.model_copy(update={"text": text, "citations": citations, "found": found})
    return _local(answer, passages, index.term_idf, store, account, flt)


def _local(answer: Answer, passages: list[Passage], idf: Any, store: Any, account: str,
           flt: RetrievalFilter) -> Answer:
    """The offline answer: the record first for its categories, then passage sentences.

    The record is skipped when a date or type filter is set: its items summarise
    every document, so they would leak past the filter.
    """
    intent = classify(answer.question)
    loaded = load_record(store, account) if intent and not flt.active else None
    part = answer_from_record(answer.question, loaded[0], loaded[1], intent) if loaded else None
    if part is None:
        text, citations, found = extractive_answer(answer.question, passages, idf,
                                                   account=account)
        return answer.model_copy(update={"text": text, "citations": citations, "found": found})
    text, citations, found = extractive_answer(
        answer.question, passages, idf, account=account, limit=RECORD_SUPPLEMENT,
        header="Supporting passages, oldest first:")
    merged_text, merged = merge(part, text, citations, found)
    return answer.model_copy(update={"text": merged_text, "citations": _dedupe(merged),
                                     "found": True, "record_kind": loaded[1]})


def _dedupe(citations: list[Citation]) -> list[Citation]:
    """Citations without exact repeats, the first of each document leading.

    Readers (and hit@k) look at the first few citations, so those should span
    documents; within each part the original order (record first) is kept.
    """
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for c in citations:
        if (c.doc_id, c.start, c.end) not in seen:
            seen.add((c.doc_id, c.start, c.end))
            unique.append(c)
    docs: set[str] = set()
    firsts = [c for c in unique if not (c.doc_id in docs or docs.add(c.doc_id))]
    return firsts + [c for c in unique if c not in firsts]


def _hits(passages: list[Passage]) -> list[RetrievalHit]:
    return [RetrievalHit(chunk_id=p.chunk.chunk_id, source=p.chunk.source, rrf=round(p.rrf, 6),
                         bm25_rank=p.bm25_rank, vector_rank=p.vector_rank) for p in passages]


def _date(value: dt.date | str | None, name: str) -> dt.date | None:
    """A date from an ISO string (or a date), for the since/until filters."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise InputError(f"--{name} must be a date like 2026-03-31 (got {value!r})") from error
