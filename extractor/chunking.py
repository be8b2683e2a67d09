"""Split a stored document into retrievable chunks that point back into its text.

Only ``Document.indexable_segments()`` are chunked, so quoted email replies,
signatures and disclaimers are not embedded again (they stay in the stored
text for evidence). Units are transcript cues, paragraphs, and for oversized
paragraphs sentences: a chunk never cuts a cue or a sentence unless one alone
is longer than a chunk. Every chunk's text is exactly ``doc.text[start:end]``.

Why not LangChain's RecursiveCharacterTextSplitter: measured on the bench
corpus its ``add_start_index`` offsets are exact and it is somewhat faster
(both take a fraction of a millisecond per document, under 1% of ingest time; see
BENCHMARKS.md, "Ingest"), but it knows nothing of segments or cues: run over
the whole text it indexes quoted replies again, and it cannot say which
speakers a chunk covers. Packing our own units keeps those boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.documents import Chunk, Document, stable_id

MAX_CHARS = 1000
OVERLAP_CHARS = 150
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n")


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    speaker: str | None = None


def chunk_document(
    doc: Document, *, max_chars: int = MAX_CHARS, overlap: int = OVERLAP_CHARS
) -> list[Chunk]:
    """Chunks of about ``max_chars`` over the document's indexable text.

    Args:
        doc: a parsed document (its segments say what is new text).
        max_chars: upper bound of a chunk's length, unless a single word is longer.
        overlap: at most this many chars of whole trailing units are repeated
            at the start of the next chunk, so a fact cut at a boundary is still found.

    Returns:
        Chunks in document order with ids derived from (account, doc, span, text).
    """
    units = [u for unit in _units(doc) for u in _fit(doc.text, unit, max_chars)]
    sender = _sender(doc)
    chunks = []
    for group in _pack(doc.text, units, max_chars, overlap):
        start, end = group[0].start, group[-1].end
        speakers = list(dict.fromkeys(u.speaker for u in group if u.speaker))
        chunks.append(_make_chunk(doc, start, end, ", ".join(speakers) or sender))
    return chunks


def _make_chunk(doc: Document, start: int, end: int, author: str | None) -> Chunk:
    text = doc.text[start:end]
    return Chunk(
        chunk_id=stable_id(doc.account, doc.doc_id, str(start), str(end), text),
        account=doc.account,
        doc_id=doc.doc_id,
        source=doc.source,
        doc_type=doc.doc_type,
        doc_date=doc.date,
        start=start,
        end=end,
        text=text,
        author=author,
    )


def _units(doc: Document) -> list[_Unit]:
    """Cues as they are; other indexable segments split into paragraphs, trimmed."""
    units: list[_Unit] = []
    for segment in doc.indexable_segments():
        if segment.kind == "cue":
            units.extend(_trimmed(doc.text, segment.start, segment.end, segment.speaker))
            continue
        cursor = segment.start
        for brk in _PARAGRAPH_BREAK.finditer(doc.text, segment.start, segment.end):
            units.extend(_trimmed(doc.text, cursor, brk.start(), None))
            cursor = brk.end()
        units.extend(_trimmed(doc.text, cursor, segment.end, None))
    return units


def _trimmed(text: str, start: int, end: int, speaker: str | None) -> list[_Unit]:
    """The span without surrounding whitespace; nothing if it is blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [_Unit(start, end, speaker)] if end > start else []


def _fit(text: str, unit: _Unit, max_chars: int) -> list[_Unit]:
    """A unit longer than a chunk, split at sentence ends, then at spaces."""
    if unit.end - unit.start <= max_chars:
        return [unit]
    pieces: list[_Unit] = []
    cursor = unit.start
    for brk in _SENTENCE_END.finditer(text, unit.start, unit.end):
        pieces.extend(_trimmed(text, cursor, brk.start(), unit.speaker))
        cursor = brk.end()
    pieces.extend(_trimmed(text, cursor, unit.end, unit.speaker))
    return [p for piece in pieces for p in _hard_split(text, piece, max_chars)]


def _hard_split(text: str, unit: _Unit, max_chars: int) -> list[_Unit]:
    """Last resort for a sentence longer than a chunk: cut at the last space before the limit."""
    out: list[_Unit] = []
    start = unit.start
    while unit.end - start > max_chars:
        cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
        cut = cut if cut > start else start + max_chars
        out.extend(_trimmed(text, start, cut, unit.speaker))
        start = cut
    out.extend(_trimmed(text, start, unit.end, unit.speaker))
    return out


def _pack(text: str, units: list[_Unit], max_chars: int, overlap: int) -> list[list[_Unit]]:
    """Greedy packing of contiguous units, carrying short trailing units as overlap."""
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    for unit in units:
        if current and _fits(text, current, unit, max_chars):
            current.append(unit)
            continue
        if current:
            groups.append(current)
            current = _carry(text, current, unit, max_chars, overlap)
        current.append(unit)
    if current:
        groups.append(current)
    return groups


def _fits(text: str, group: list[_Unit], unit: _Unit, max_chars: int) -> bool:
    """The unit joins the chunk if only whitespace separates them and the size allows."""
    return unit.end - group[0].start <= max_chars and not text[group[-1].end : unit.start].strip()


def _carry(text: str, previous: list[_Unit], unit: _Unit, max_chars: int,
           overlap: int) -> list[_Unit]:
    """Trailing units of the previous chunk to repeat before ``unit`` (may be none)."""
    carried: list[_Unit] = []
    for candidate in reversed(previous[1:]):
        group = [candidate, *carried]
        if group[-1].end - candidate.start > overlap or not _fits(text, group, unit, max_chars):
            break
        carried = group
    return carried


def _sender(doc: Document) -> str | None:
    """The email sender's name (or address), for chunks that have no speaker."""
    for person in doc.participants:
        if person.source == "from":
            return person.name or person.email
    sender = doc.metadata.get("from") if isinstance(doc.metadata, dict) else None
    return str(sender) if sender else None
