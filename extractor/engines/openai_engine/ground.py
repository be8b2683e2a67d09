"""Turn the model's items into record items whose evidence code located in customer text.

Rules, in order, for each quote the model gave:
1. align it (exact, normalised, fuzzy) in the document it names, else in the
   batch's other documents (models mix up ids);
2. reject the span if it overlaps text that instructs a model (``injection``);
3. an item keeps the quotes that survive; with none left it is dropped and the
   reason counted: ``injection`` (its quotes were injected text), ``leakage``
   (its quotes come from the prompt or few-shot examples), else ``ungrounded``.
Stakeholders must also be named in the customer text itself (outside injected
spans): a person who exists only in an injection or an example is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from extractor.documents import Document
from extractor.engines.openai_engine.injection import clean_text, overlaps, suspicious_spans
from extractor.grounding import FoldedText, align, evidence_at, fold
from extractor.models import CATEGORIES, Alignment, Evidence, Item

_CONFIDENCE = {Alignment.EXACT: 0.8, Alignment.NORMALIZED: 0.75, Alignment.FUZZY: 0.6}
_DATE_FIELDS = ("due", "date")


@dataclass
class GroundingCounts:
    """What grounding kept and dropped in one batch."""

    candidates: int = 0
    kept: int = 0
    dropped: dict[str, int] = field(default_factory=lambda: {"ungrounded": 0, "leakage": 0,
                                                            "injection": 0})


class Grounder:
    """Grounds one batch's items against that batch's documents."""

    def __init__(self, documents: Sequence[Document], leakage_texts: Sequence[str]) -> None:
        self.documents = {doc.doc_id: doc for doc in documents}
        self._folded: dict[str, FoldedText] = {}
        self._spans = {doc.doc_id: suspicious_spans(doc.text) for doc in documents}
        self._clean = " ".join(fold(clean_text(d.text, self._spans[d.doc_id])).text
                               for d in documents)
        self._raw = " ".join(fold(d.text).text for d in documents)
        self._leakage = [(text, fold(text)) for text in leakage_texts]
        self.counts = GroundingCounts()

    def ground(self, category: str, item: BaseModel) -> Item | None:
        """The record item with located evidence, or None (and the reason counted)."""
        self.counts.candidates += 1
        data = item.model_dump()
        evidence, blocked, leaked = self._evidence(data.pop("quotes", []))
        reason = None
        if not evidence:
            reason = "injection" if blocked else "leakage" if leaked else "ungrounded"
        elif category == "stakeholders" and not self._named(data.get("name", "")):
            reason = self._why_unnamed(data.get("name", ""))
        record_item = None if reason else self._build(category, data, evidence)
        if record_item is None:
            self.counts.dropped[reason or "ungrounded"] += 1
            return None
        self.counts.kept += 1
        return record_item

    def _evidence(self, quotes: list[dict[str, Any]]) -> tuple[list[Evidence], bool, bool]:
        """Located, non-injected evidence for the quotes; flags for blocked and leaked quotes."""
        found: dict[tuple[str, int, int], Evidence] = {}
        blocked = leaked = False
        pieces = [(str(q.get("doc_id", "")), piece) for q in quotes
                  for piece in _pieces(str(q.get("quote", "")))]
        for doc_id, text in pieces:
            hits = self._locate(doc_id, text)
            clean = [ev for ev in hits if not overlaps(self._spans[ev.doc_id], ev.start, ev.end)]
            blocked = blocked or len(clean) < len(hits)
            if clean:
                ev = clean[0]
                found.setdefault((ev.doc_id, ev.start, ev.end), ev)
            elif not hits and self._in_leakage(text):
                leaked = True
        return list(found.values()), blocked, leaked

    def _locate(self, doc_id: str, quote: str) -> list[Evidence]:
        """Evidence for the quote in the named document first, then in the others."""
        order = [doc_id] if doc_id in self.documents else []
        order += [d for d in self.documents if d != doc_id]
        hits = []
        for candidate in order:
            document = self.documents[candidate]
            folded = self._folded.setdefault(candidate, fold(document.text))
            span = align(document.text, quote, folded_text=folded)
            if span is not None:
                hits.append(evidence_at(document, span.start, span.end, span.alignment))
                if not overlaps(self._spans[candidate], span.start, span.end):
                    break
        return hits

    def _named(self, name: str, haystack: str | None = None) -> bool:
        """True when a word of the person's name (3+ letters) is in the clean customer text."""
        haystack = self._clean if haystack is None else haystack
        words = [w for w in fold(name).text.split() if len(w) >= 3]
        return any(re.search(rf"(?<!\w){re.escape(w)}", haystack) for w in words)

    def _why_unnamed(self, name: str) -> str:
        """Why a person absent from the clean text was proposed: injected, leaked or invented."""
        if self._named(name, self._raw):
            return "injection"  # named only inside injected text
        return "leakage" if self._in_leakage(name) else "ungrounded"

    def _in_leakage(self, text: str) -> bool:
        """True when the text comes from the prompt or few-shot examples."""
        needle = fold(text).text
        return len(needle) >= 6 and any(needle in folded.text for _, folded in self._leakage)

    def _build(self, category: str, data: dict[str, Any], evidence: list[Evidence]) -> Item | None:
        """The record item; None if the model's values do not fit the record."""
        for name in _DATE_FIELDS:
            if name in data:
                data[name] = _parse_date(data[name])
        if category == "expansion_signals" and data.get("mentioned_by") and not self._named(
                data["mentioned_by"]):
            data["mentioned_by"] = None
        if data.get("emails"):  # only addresses the documents actually show
            data["emails"] = [e for e in data["emails"] if e.strip().lower() in self._raw]
        confidence = max(_CONFIDENCE[ev.alignment] for ev in evidence)
        try:
            return CATEGORIES[category].model_validate(
                {**data, "evidence": evidence, "confidence": confidence})
        except ValidationError:
            return None


def _pieces(quote: str) -> list[str]:
    """A quote split at ellipses (models join fragments with "..."); short bits dropped."""
    if "..." not in quote and "\u2026" not in quote:
        return [quote]
    parts = re.split(r"\.\.\.+|\u2026", quote)
    return [part.strip() for part in parts if len(part.strip()) >= 12]


def _parse_date(value: Any) -> dt.date | None:
    """An ISO date from the model's string, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
