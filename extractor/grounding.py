"""Locate quotes in stored document text by code, and compute their offsets.

Engines (and the eval harness, for gold quotes) never trust offsets from a model
or a label file: a quote is aligned to the stored text exactly, then after
folding whitespace, case and typographic punctuation, then fuzzily above a
threshold, and the route taken is recorded. A quote that cannot be aligned is
not evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extractor.documents import Document
from extractor.models import Alignment, Evidence

FUZZY_THRESHOLD = 90.0
_TYPOGRAPHIC = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
     "\u00a0": " ", "\u2026": "."}
)


@dataclass(frozen=True)
class Span:
    """Offsets of an aligned quote in a text, and how it was found."""

    start: int
    end: int
    alignment: Alignment


@dataclass(frozen=True)
class FoldedText:
    """Text folded for matching, with a map from folded offsets back to the original."""

    text: str
    origin: list[int]  # origin[i] = offset in the original text of folded char i


def fold(text: str) -> FoldedText:
    """Lower-case, straighten quotes/dashes and collapse whitespace runs to one space."""
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for i, ch in enumerate(text.translate(_TYPOGRAPHIC)):
        if ch.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            origin.append(i - 1)
            pending_space = False
        chars.append(ch.lower())
        origin.append(i)
    return FoldedText("".join(chars), origin)


def _unfold(folded: FoldedText, start: int, end: int) -> tuple[int, int]:
    """Map a folded [start, end) back to original offsets."""
    return folded.origin[start], folded.origin[end - 1] + 1


def align(text: str, quote: str, *, fuzzy_threshold: float = FUZZY_THRESHOLD,
          folded_text: FoldedText | None = None) -> Span | None:
    """Find ``quote`` in ``text``: exact, then normalised, then fuzzy; None if absent.

    Args:
        text: the stored document text.
        quote: the claimed verbatim quote.
        fuzzy_threshold: minimum rapidfuzz partial-ratio score (0-100) to accept a
            fuzzy match; fuzzy matches must also be of similar length to the quote.
        folded_text: ``fold(text)`` when the caller aligns many quotes in one text.
    """
    quote = quote.strip()
    if len(quote) < 3:
        return None
    index = text.find(quote)
    if index >= 0:
        return Span(index, index + len(quote), Alignment.EXACT)
    folded = folded_text or fold(text)
    needle = fold(quote).text
    if not needle:
        return None
    index = folded.text.find(needle)
    if index >= 0:
        start, end = _unfold(folded, index, index + len(needle))
        return Span(start, end, Alignment.NORMALIZED)
    if len(needle) < 12:
        return None
    found = fuzz.partial_ratio_alignment(needle, folded.text, score_cutoff=fuzzy_threshold)
    if found is None or found.dest_end <= found.dest_start:
        return None
    if (found.dest_end - found.dest_start) < 0.8 * len(needle):
        return None
    start, end = _unfold(folded, found.dest_start, found.dest_end)
    return Span(start, end, Alignment.FUZZY)


def evidence_for(document: Document, quote: str, **kwargs: float) -> Evidence | None:
    """Evidence for ``quote`` in ``document`` with code-computed offsets, or None."""
    span = align(document.text, quote, **kwargs)
    if span is None:
        return None
    return evidence_at(document, span.start, span.end, span.alignment)


def evidence_at(document: Document, start: int, end: int,
                alignment: Alignment = Alignment.EXACT) -> Evidence:
    """Evidence for a span the caller already located in ``document.text``."""
    return Evidence(
        doc_id=document.doc_id,
        source=document.source,
        doc_date=document.date,
        start=start,
        end=end,
        quote=document.text[start:end],
        alignment=alignment,
    )


def is_grounded(evidence: Evidence, document: Document) -> bool:
    """True when the evidence quote is exactly the stored text at its offsets."""
    return document.text[evidence.start:evidence.end] == evidence.quote and bool(evidence.quote)
