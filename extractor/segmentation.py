"""Split documents into sentence-sized units with char offsets into the stored text.

Every extraction rule works on units: one sentence, bullet, table row or
transcript cue line. Offsets point into ``Document.text`` so evidence is always
a verbatim span. Quoted email text is kept only where the quoted message has no
document of its own (the labelling convention), signatures and disclaimers are
skipped, and each unit remembers the heading it sits under, because "Risks &
issues" or "Goals" above a bullet says more than the bullet itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.documents import DocType, Document, Segment
from extractor.grounding import fold
from extractor.linewrap import logical_lines, wrap_width

_SKIP_KINDS = ("signature", "disclaimer")
_STRUCTURED = (DocType.DOCX, DocType.HTML)
_TIMING = re.compile(r"^\s*(\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}\s*-->")
_VTT_NOISE = re.compile(r"^\s*(WEBVTT|NOTE\b|\d+\s*$)")
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>")
_CHAT = re.compile(r"^\[[\d\-/: ]+\]\s*([A-Z][\w.'\- ]{1,40}?):\s")
_SPEAKER_LINE = re.compile(r"^([A-Z][\w.'\-]+(?: [A-Z][\w.'\-]+){0,2}):\s")
_LEAD = re.compile(r"^(\s*(?:>\s*)*(?:[-*+\u2022\u25aa]\s+|\d{1,2}[.)]\s+|#+\s+|\*\*)?)")
_RULE = re.compile(r"^[\s\-=_*|:~]{3,}$")
# A sentence ends at . ! ? followed by space and a capital/quote/digit, unless the
# word before the stop is a known abbreviation or a single initial.
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d)]?\s+(?=[\"'\u201c(]?[A-Z0-9])")
_ABBREV = {"e.g", "i.e", "approx", "dr", "mr", "mrs", "ms", "vs", "st", "no", "incl", "est",
           "etc", "inc", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec", "wk", "wks", "mgr", "dept", "sr", "jr", "fig", "ref",
           "u.s", "a.m", "p.m", "s", "ca", "cf", "min", "max", "hrs", "mo", "mos", "dir", "asst",
           "assoc", "prof", "supt", "govt", "corp", "intl", "univ", "hosp", "mgmt", "ext", "tel"}
_MIN_CHARS = 12
_LINE_UNIT_MAX = 260  # a bullet or short paragraph up to this length stays one unit
_DATED_TITLE = re.compile(r"\b(?:mon|tue|wed|thu|fri)\w*\.? \d{1,2}\b|\b\d{1,2}[ /-](?:\d{1,2}|"
                          r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:jan|feb|mar|apr|"
                          r"may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}\b", re.I)
_SECTION_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z]")
_MAX_CHARS = 400


@dataclass(frozen=True)
class Unit:
    """One sentence-sized span of one document, the atom every rule scores."""

    doc_index: int
    start: int
    end: int
    text: str
    kind: str = "body"  # segment kind: body, cue, quoted, header
    speaker: str | None = None  # transcript/chat speaker, or quoted-mail author
    heading: str = ""  # nearest heading above the unit, lower-cased
    line: str = ""  # the whole line the unit sits in (a bullet or row), for context
    line_start: int = -1  # offset where that (logical, unwrapped) line starts
    row: str = ""  # the table row an HTML cell belongs to, cells joined by " | "

    @property
    def record(self) -> str:
        """The tracker row this unit belongs to (an HTML cell's row, or a Markdown/pipe
        row it is), whose id, status and priority columns speak for it; else ""."""
        return self.row or (self.line if "|" in self.line else "")

    @property
    def key(self) -> tuple[int, int, int]:
        """Deterministic sort key: document order then position."""
        return (self.doc_index, self.start, self.end)


def _regions(document: Document) -> list[Segment]:
    """The segments worth reading: body, cues, quoted parts; never signatures."""
    if not document.segments:
        return [Segment(start=0, end=len(document.text))]
    return [s for s in document.segments if s.kind not in _SKIP_KINDS and s.kind != "header"]


def _is_heading(body: str, raw: str) -> bool:
    """A short line that introduces the lines below it."""
    stripped = body.strip().strip("*_ ")
    words = stripped.split()
    if not stripped or len(stripped) > 120 or "|" in stripped:
        return False
    bold = raw.strip().startswith("**") and raw.strip().endswith("**")
    if raw.lstrip().startswith("#") or bold:
        return len(words) <= 10
    if stripped.endswith(":") and len(words) <= 16:
        return True
    if len(words) > 6 or stripped[-1] in ".?!,;)":
        return False
    if _SECTION_NUMBER.match(raw) or (len(words) <= 8 and _DATED_TITLE.search(stripped)):
        return True
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    significant = [w for w in words if len(w) > 3]
    return bool(significant) and all(w[0].isupper() for w in significant) and len(words) <= 5


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one line: (start, end) offsets relative to ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENT_END.finditer(text):
        before = text[start:match.start()].rstrip("\"')\u201d")
        word = re.split(r"[\s(]", before)[-1].rstrip(".!?").lower() if before else ""
        if word in _ABBREV or (len(word) == 1 and word.isalpha()):
            continue
        if match.start() - start >= 2:
            spans.append((start, match.start()))
            start = match.end()
    if len(text) - start > 0:
        spans.append((start, len(text)))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_units(document: Document, doc_index: int, segment: Segment,
                heading: list[str], width: int | None = None,
                rows: _Rows | None = None) -> list[Unit]:
    """Units from one segment, line by line (hard-wrapped lines rejoined), updating
    the current heading."""
    units: list[Unit] = []
    for offset_in_segment, raw in logical_lines(document.text[segment.start:segment.end],
                                                width):
        line_start = segment.start + offset_in_segment
        if not raw.strip() or _TIMING.match(raw) or _VTT_NOISE.match(raw) or _RULE.match(raw):
            continue
        offset, speaker = _strip_prefixes(raw, segment)
        body = raw[offset:]
        if _is_heading(body, raw):
            heading[0] = body.strip().strip("#*_: ").lower()
            continue
        stripped = body.rstrip()
        spans = [(0, len(stripped))] if len(stripped) <= _LINE_UNIT_MAX else split_sentences(body)
        for s, e in spans:
            text = body[s:e].rstrip("*_ ").rstrip()
            if len(text) < _MIN_CHARS or sum(c.isalpha() for c in text) < 8:
                continue
            start = line_start + offset + s
            end = min(start + len(text), start + _MAX_CHARS)
            units.append(Unit(doc_index, start, end, document.text[start:end], segment.kind,
                              speaker, heading[0], body.strip(), line_start,
                              (rows.row_at(line_start) if rows else None) or ""))
    return units


def _strip_prefixes(raw: str, segment: Segment) -> tuple[int, str | None]:
    """Offset past quote marks, bullets and speaker tags, and the speaker if any."""
    offset = len(_LEAD.match(raw).group(1))
    rest = raw[offset:]
    speaker = segment.speaker or (segment.author if segment.kind == "quoted" else None)
    for pattern in (_VOICE, _CHAT, _SPEAKER_LINE):
        match = pattern.match(rest)
        if match and (pattern is not _SPEAKER_LINE or segment.kind == "cue"):
            speaker = match.group(1).strip()
            offset += match.end()
            rest = raw[offset:]
            break
    lead = _LEAD.match(rest)
    offset += len(lead.group(1))
    return offset, speaker


def segment_document(document: Document, doc_index: int = 0) -> list[Unit]:
    """All units of one document in text order."""
    heading = [""]
    units: list[Unit] = []
    # Word and HTML documents carry their own paragraphs: only plain text is hard-wrapped.
    width = None if document.doc_type in _STRUCTURED else wrap_width(document.text)
    rows = _Rows(document) if document.metadata.get("table_rows") else None
    for segment in sorted(_regions(document), key=lambda s: s.start):
        units.extend(_line_units(document, doc_index, segment, heading, width, rows))
    return units


class _Rows:
    """Table rows a parser recorded (HTML cells render one per line): a cell's unit
    keeps its own text and line, and knows its row, "R-01 | Risk | ... | Open"."""

    def __init__(self, document: Document) -> None:
        spans = sorted((int(s), int(e)) for s, e in document.metadata["table_rows"])
        self.starts = [s for s, _ in spans]
        self.spans = spans
        self.text = document.text

    def row_at(self, offset: int) -> str | None:
        """The row holding ``offset``, its cells joined by " | ", or None."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.spans[i][1]:
            return None
        start, end = self.spans[i]
        return " | ".join(c.strip() for c in self.text[start:end].split("\n") if c.strip())


def segment_documents(documents: Sequence[Document]) -> list[Unit]:
    """Units of every document, with quoted text dropped where it has its own document.

    A quoted unit is kept only if its folded text occurs in no other document
    outside a quoted part, so a reply chain does not count one message twice.
    """
    folded_bodies = [_folded_new_text(doc) for doc in documents]
    units: list[Unit] = []
    for index, document in enumerate(documents):
        for unit in segment_document(document, index):
            if unit.kind == "quoted" and _seen_elsewhere(unit, index, folded_bodies):
                continue
            units.append(unit)
    return units


def _folded_new_text(document: Document) -> str:
    """Folded text of a document's non-quoted parts."""
    if not document.segments:
        return fold(document.text).text
    parts = [document.text[s.start:s.end] for s in document.segments if s.kind != "quoted"]
    return fold("\n".join(parts)).text


def _seen_elsewhere(unit: Unit, index: int, folded_bodies: list[str]) -> bool:
    """True when a quoted unit's text is new text of another document."""
    needle = fold(unit.text).text
    return any(needle in body for i, body in enumerate(folded_bodies) if i != index)
