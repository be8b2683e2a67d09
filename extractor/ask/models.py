"""What ``ask`` returns: an answer, its citations and how the passages were found.

These models are the contract with users (``handoff ask --json``) and with the
eval harness (hit@k over cited sources, mention rate over ``text``), so every
citation points into a stored document by offsets and carries its quote.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """A verbatim span of a stored document that the answer relies on."""

    doc_id: str = Field(description="Stable id of the stored document.")
    source: str = Field(description="Document path as ingested.")
    date: dt.date | None = Field(default=None, description="The document's date.")
    start: int = Field(ge=0, description="Start char offset into the stored text.")
    end: int = Field(ge=0, description="End char offset (exclusive) into the stored text.")
    quote: str = Field(description="The stored text between start and end, verbatim.")
    score: float = Field(default=0.0, description="Relevance of the span to the question.")


class RetrievalHit(BaseModel):
    """One retrieved passage with its fused and per-retriever ranks (1-based, None = missed)."""

    chunk_id: str
    source: str
    rrf: float
    bm25_rank: int | None = None
    vector_rank: int | None = None


class Answer(BaseModel):
    """An answer to a CSM's question, grounded in cited spans of the account's documents."""

    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    retrieval: list[RetrievalHit] = Field(default_factory=list)
    engine: str = "local"
    found: bool = Field(default=True, description="False when nothing relevant was found.")
    record_kind: str | None = Field(
        default=None, description="'accepted' or 'draft' when the record answered first.")
