"""Locate gold quotes in the parsed documents' stored text, by code.

Labels give a document path and a quote, never offsets. The scorer needs spans
in the same stored text the engines point into, so each quote is aligned with
``extractor.grounding.align`` (exact, then normalised, then fuzzy). Quotes that
cannot be located are counted: they usually mean a parser lost text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from eval.dataset import GoldItem
from extractor.documents import Document
from extractor.grounding import FoldedText, align, fold


@dataclass(frozen=True)
class Span:
    """A located span: document source path and [start, end) into its stored text."""

    source: str
    start: int
    end: int

    def overlap(self, other: Span) -> int:
        """Characters shared with ``other`` when both are in the same document, else 0."""
        if not same_document(self.source, other.source):
            return 0
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    @property
    def length(self) -> int:
        return max(1, self.end - self.start)


@dataclass
class LocatedGold:
    """Gold items with their located spans, and the quotes that could not be located."""

    spans: dict[tuple[str, str], list[Span]] = field(default_factory=dict)
    total_quotes: int = 0
    unlocated: list[dict[str, str]] = field(default_factory=list)

    def for_item(self, item: GoldItem) -> list[Span]:
        return self.spans.get((item.category, item.id), [])


def file_name(source: str) -> str:
    """The file name of a source path, whatever its separators."""
    return PurePosixPath(source.replace("\\", "/")).name


def same_document(predicted: str, gold: str) -> bool:
    """True when a predicted source names the labelled document.

    Engines may store sources relative to another ingest root ("docs/x.md",
    "x.md", "acct/docs/x.md"); equal paths or equal file names both count.
    """
    if predicted == gold:
        return True
    return bool(predicted) and file_name(predicted) == file_name(gold)


def find_document(documents: Iterable[Document], source: str) -> Document | None:
    """The document whose source is ``source`` (or has the same file name)."""
    fallback = None
    for doc in documents:
        if doc.source == source:
            return doc
        if fallback is None and same_document(doc.source, source):
            fallback = doc
    return fallback


def locate_gold(items: Iterable[GoldItem], documents: Sequence[Document]) -> LocatedGold:
    """Align every gold quote in its document's stored text."""
    folded: dict[str, FoldedText] = {}
    located = LocatedGold()
    for item in items:
        spans: list[Span] = []
        for evidence in item.evidence:
            located.total_quotes += 1
            doc = find_document(documents, evidence.doc)
            span = None
            if doc is not None:
                folded_text = folded.setdefault(doc.source, fold(doc.text))
                span = align(doc.text, evidence.quote, folded_text=folded_text)
            if span is None:
                reason = "document not parsed" if doc is None else "quote not found in text"
                located.unlocated.append({"category": item.category, "id": item.id,
                                          "doc": evidence.doc, "quote": evidence.quote,
                                          "reason": reason})
                continue
            spans.append(Span(doc.source, span.start, span.end))
        located.spans[(item.category, item.id)] = spans
    return located
