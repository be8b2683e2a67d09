"""Stored documents and chunks: what ingest produces and every later stage reads.

A document's normalised ``text`` is stored once. Everything that points into a
document (chunks, evidence, citations) does so by char offsets into that text,
so a quote can always be shown in context and re-checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, Field

from extractor.models import StrEnum


class DocType(StrEnum):
    MARKDOWN = "markdown"
    TEXT = "text"
    EMAIL = "email"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    TRANSCRIPT = "transcript"
    OTHER = "other"


class DateSource(StrEnum):
    """Where a document's date came from, most to least trustworthy."""

    HEADER = "header"  # email Date header
    FILENAME = "filename"  # YYYY-MM-DD file-name prefix
    CONTENT = "content"  # a date written in the text
    MTIME = "mtime"  # file modification time: a guess, flagged as such


SegmentKind = Literal["header", "body", "quoted", "signature", "disclaimer", "cue"]


class Segment(BaseModel):
    """A labelled span of a document's text.

    Email text is split into new body, quoted replies, signatures and disclaimers
    so the same sentence is not indexed five times, while the full original stays
    in ``Document.text`` for evidence. Transcript cues carry speaker and time.
    """

    start: int
    end: int
    kind: SegmentKind = "body"
    speaker: str | None = None
    timestamp: str | None = None  # cue start, "HH:MM:SS.mmm"
    author: str | None = None  # for quoted email parts: who wrote the quoted message
    date: dt.date | None = None  # for quoted email parts: when it was sent, if known


class Participant(BaseModel):
    """A person a document names structurally (header, attendee line, speaker)."""

    name: str
    email: str | None = None
    organisation: str | None = None
    title: str | None = None  # job title, e.g. from an email signature
    source: str = ""  # "from", "to", "cc", "speaker", "attendees", "signature"


class Document(BaseModel):
    """One ingested file of one account, normalised to plain text."""

    doc_id: str
    account: str
    source: str = Field(description="Path as ingested, relative to the ingest root.")
    doc_type: DocType
    date: dt.date
    date_source: DateSource
    text: str
    content_hash: str
    title: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)  # e.g. email headers
    segments: list[Segment] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)

    def span(self, start: int, end: int) -> str:
        """The stored text between two offsets."""
        return self.text[start:end]

    def indexable_segments(self) -> list[Segment]:
        """Segments whose text is new in this document (not quoted, not boilerplate)."""
        if not self.segments:
            return [Segment(start=0, end=len(self.text))]
        return [s for s in self.segments if s.kind in ("header", "body", "cue")]


class Chunk(BaseModel):
    """A retrievable piece of a document, with offsets into its stored text."""

    chunk_id: str
    account: str
    doc_id: str
    source: str
    doc_type: DocType
    doc_date: dt.date
    start: int
    end: int
    text: str
    author: str | None = None  # email sender or transcript speaker(s)


def stable_id(*parts: str, length: int = 16) -> str:
    """A short content hash used for document, chunk and item ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]
