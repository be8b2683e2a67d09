"""Find the places a document names a person, with offsets, title and organisation.

Structure is the most reliable evidence of who is who: email headers pair names with
addresses, transcripts and chat exports name the speaker of every line, meeting
notes list attendees by side ("**Ledgerly:** Ravi Menon (impl lead), ..."),
statements of work list contacts and signers, and signatures carry titles and
companies. Each find is a :class:`Sighting`; :mod:`extractor.people` clusters them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractor.documents import Document
from extractor.engines.local.people_names import (
    NAME,
    WORD,
    clean_name,
    is_full_name,
    plausible_name,
)
from extractor.engines.local.people_side import OrgMatcher, is_titleish

Source = str  # header | speaker | attendees | contact | signed | signature | titled | prose


@dataclass(frozen=True)
class Sighting:
    """One place a document names a person."""

    name: str  # cleaned surface form: "Sam Okoro", "C. Liu", "Marcus"
    doc_id: str
    start: int  # offsets of the name in the document text
    end: int
    source: Source
    email: str | None = None
    title: str | None = None
    org: str | None = None  # the organisation label the structure attaches to the name
    item_end: int | None = None  # end of "Name (Title, ...)" when a title follows the name
    note: str | None = None  # role annotations from the structure, e.g. "Executive Sponsor"
    group: str | None = None  # id of the attendee group the name was listed in
    org_label: str | None = None  # the organisation label of the group or line, if any


_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_NAMED_ADDRESS = re.compile(
    rf"(?<![\w@.])(\"?)((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME})\1\s*<\s*({_ADDRESS.pattern})\s*>"
)
HEADER_LINE = re.compile(
    r"(?:^|(?<=\|)|(?<=\|\s))[>\s]*(?:\*\*)?(from|to|cc|bcc|sent by|author|prepared by|"
    r"distribution|"
    r"notes(?: by)?|scribe|minutes|chair|owner)(?:\*\*)?\s*:\s*(?:\*\*)?",
    re.I | re.M,
)
_INLINE_LABEL = re.compile(r"\s(?:from|to|cc)\s*:\s*", re.I)
_SPEAKER = re.compile(
    rf"^(?:\[[^\]\n]{{1,40}}\]\s*)?((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME})\s*:\s+\S", re.M
)
ATTENDEE_LABEL = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\*\*)?\s*(?:members\s+|also\s+|board\s+|others\s+)?"
    r"(present|attendees?|attending|participants|in attendance|"
    r"apologies|in the room|on the call|on call|attendance|who attended|roll call|"
    r"invitees|invited|absent|people)\s*(?:\(([^)]{1,40})\)|"
    r"[—–-]\s*([^:*]{1,40}))?\s*(?:\*\*)?\s*:?\s*(?:\*\*)?",
    re.I,
)
_ORG_LINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\*\*)?([A-Z][\w&.' ]{0,40}?)(?:\*\*)?\s*(?::|\s[-–—]\s)\s*(?:\*\*)?\s*"
)
_NOISE = re.compile(
    r"\b(?:mins?|minutes|part|late|joined|left|dropped|first|last|only|observing|remote|"
    r"invited|declined|apologies|tbc|tbd|\d)\b",
    re.I,
)
_KEY_VALUE = re.compile(r"\*\*[^*\n]{1,30}:\*\*|\|\s*\*?\*?[A-Z][a-z]+:")
_LAST_FIRST = re.compile(rf"(?<![\w@.])\"?({WORD}), ({WORD})\"?\s*<\s*({_ADDRESS.pattern})\s*>")
_PROSE_NAME = re.compile(rf"(?<![\w@.])({NAME})")
_LIST_SPLIT = re.compile(r",\s*|\s+and\s+|\s*&\s*|/")


def _split_top(text: str, seps: str) -> list[tuple[int, str]]:
    """Split ``text`` on any of ``seps`` outside parentheses; returns (offset, piece)."""
    out: list[tuple[int, str]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            out.append((start, text[start:i]))
            start = i + 1
    out.append((start, text[start:]))
    return out


def _first_sentence(text: str) -> str:
    """Text up to the first sentence end that is not an initial's dot ("C. Liu")."""
    for m in re.finditer(r"\.\s+(?=[A-Z])", text):
        token = text[: m.start()].split()[-1:] or [""]
        if len(token[0].strip("(")) > 1:
            return text[: m.start()]
    return text


def _trimmed(offset: int, piece: str) -> tuple[int, str]:
    """Strip a piece and move its offset past leading whitespace."""
    lead = len(piece) - len(piece.lstrip())
    return offset + lead, piece.strip()


@dataclass
class TextLine:
    text: str
    start: int  # offset of the line in the document


def text_lines(text: str) -> Iterator[TextLine]:
    """Lines of a text with their offsets."""
    offset = 0
    for line in text.split("\n"):
        yield TextLine(line, offset)
        offset += len(line) + 1


class SightingFinder:
    """Finds sightings in one document; ``is_org`` tells organisation labels from people."""

    def __init__(self, document: Document, orgs: OrgMatcher) -> None:
        self.doc = document
        self.text = document.text
        self.is_org = orgs.looks_like_org
        self.known_org = lambda text: orgs.label_side(text) is not None
        self.found: list[Sighting] = []

    def run(self) -> list[Sighting]:
        """All sightings in the document, in text order, without duplicates."""
        self._addresses()
        self._header_lines()
        self._speakers()
        self._attendee_lines()
        from extractor.engines.local import people_forms as forms  # imports this module

        forms.contacts(self)
        forms.signed(self)
        forms.titled(self)
        forms.table_rows(self)
        forms.affiliations(self)
        if self.doc.doc_type.value == "email":
            forms.signatures(self)
        seen: set[tuple[int, int, str]] = set()
        out = []
        for s in sorted(self.found, key=lambda s: (s.start, s.end, s.source)):
            key = (s.start, s.end, s.source)
            if key not in seen:
                seen.add(key)
                out.append(s)
        return out

    def _add(self, name: str, start: int, source: Source, **fields: object) -> None:
        raw = self.text[start : start + len(name)]
        cleaned = clean_name(raw)
        if not plausible_name(cleaned) or self.known_org(cleaned):
            return
        shift = raw.find(cleaned)
        begin = start + max(shift, 0)
        self.found.append(
            Sighting(
                name=cleaned,
                doc_id=self.doc.doc_id,
                start=begin,
                end=begin + len(cleaned),
                source=source,
                **fields,
            )
        )

    def _add_name(self, name: str, start: int, end: int, source: Source, **fields: object) -> None:
        """A sighting whose name is not written as one span (e.g. "Last, First")."""
        if plausible_name(name) and not self.known_org(name):
            self.found.append(
                Sighting(
                    name=name, doc_id=self.doc.doc_id, start=start, end=end, source=source, **fields
                )
            )

    def _addresses(self) -> None:
        """ "Name <address>" pairs anywhere: headers, quoted headers, "... wrote:" lines."""
        for m in _NAMED_ADDRESS.finditer(self.text):
            self._add(m.group(2), m.start(2), "header", email=m.group(3).lower())
        for m in _LAST_FIRST.finditer(self.text):  # "Okoro, Sam <sokoro@...>"
            self._add_name(
                f"{m.group(2)} {m.group(1)}",
                m.start(1),
                m.end(2),
                "header",
                email=m.group(3).lower(),
            )

    def _header_lines(self) -> None:
        """From/To/Cc/Notes/Author lines whose values are bare names ("Cc: A B; C D")."""
        for m in HEADER_LINE.finditer(self.text):
            line_end = self.text.find("\n", m.end())
            line_end = len(self.text) if line_end < 0 else line_end
            value = self.text[m.end() : line_end]
            if "@" in value:
                continue
            cut = _INLINE_LABEL.search(value)
            if cut:  # "from: A (Org)   to: B   cc: C, D" - the rest is handled below
                self._name_list(value[: cut.start()], m.end(), "header")
                rest_start = m.end() + cut.start()
                for part in re.split(r"(?i)\s(?=(?:to|cc)\s*:)", self.text[rest_start:line_end]):
                    offset = self.text.find(part, rest_start)
                    label = re.match(r"\s*(?:to|cc)\s*:\s*", part, re.I)
                    if label:
                        self._name_list(part[label.end() :], offset + label.end(), "header")
                continue
            self._name_list(value.split("|")[0], m.end(), "header", note=m.group(1).lower())

    def _speakers(self) -> None:
        """Transcript cues and chat lines: the speaker of each line."""
        cues = [s for s in self.doc.segments if s.kind == "cue" and s.speaker]
        for seg in cues:
            idx = self.text.find(seg.speaker, seg.start, seg.end)
            if idx >= 0:
                self._add(seg.speaker, idx, "speaker")
        if cues:
            return
        matches = [m for m in _SPEAKER.finditer(self.text) if is_full_name(clean_name(m.group(1)))]
        if len(matches) >= 3 or (matches and self.doc.doc_type.value == "transcript"):
            for m in matches:
                self._add(m.group(1), m.start(1), "speaker")

    def _attendee_lines(self) -> None:
        """Attendee lines and blocks, with the side label of each group."""
        block_org: str | None = None
        in_block = False
        for line in text_lines(self.text):
            label = ATTENDEE_LABEL.match(line.text)
            if label and (
                label.group(0).rstrip().endswith((":", "**")) or label.group(2) or label.group(3)
            ):
                org = label.group(2) or label.group(3)
                rest = line.text[label.end() :]
                block_org = org
                if rest.strip():
                    self._attendee_rest(rest, line.start + label.end(), org)
                in_block = not rest.strip() or rest.rstrip().endswith((";", ","))
                continue
            if in_block and line.text.strip():
                self._block_line(line, block_org)
                continue
            in_block = False
            self._org_line(line)

    def _attendee_rest(self, rest: str, offset: int, org: str | None) -> None:
        """The list after an attendee label, up to the sentence end; a following label too."""
        first = _first_sentence(rest)
        self._groups(first, offset, org)
        tail = rest[len(first) :].lstrip(". ")
        label = ATTENDEE_LABEL.match(tail)
        if tail and label and label.group(0).rstrip().endswith(":"):
            start = offset + len(rest) - len(tail) + label.end()
            self._groups(
                _first_sentence(tail[label.end() :]), start, label.group(2) or label.group(3)
            )

    def _block_line(self, line: TextLine, org: str | None) -> None:
        """A line inside an attendee block: "MB - S. Kraus (...)" or "- Name (Title)"."""
        m = _ORG_LINE.match(line.text)
        person_like = (
            m
            and is_full_name(clean_name(m.group(1)))
            and not self.known_org(m.group(1))
            and ":" not in m.group(0)
        )
        if (
            m
            and not person_like
            and (self.is_org(m.group(1)) or re.fullmatch(r"[A-Z&]{2,5}", m.group(1).strip()))
        ):
            self._groups(line.text[m.end() :], line.start + m.end(), m.group(1))
            return
        bullet = re.match(r"^\s*(?:[-*•]\s*)?", line.text)
        self._groups(line.text[bullet.end() :], line.start + bullet.end(), org)

    def _org_line(self, line: TextLine) -> None:
        """ "**Ledgerly:** Ravi Menon (impl lead), ..." lines labelled by an organisation."""
        m = _ORG_LINE.match(line.text)
        if not m or not self.is_org(m.group(1)):
            return
        known = self.known_org(m.group(1))
        if (
            HEADER_LINE.match(line.text)
            or ATTENDEE_LABEL.match(m.group(1))
            or _KEY_VALUE.search(line.text[m.end() :])
        ):
            return
        if not known and (
            is_full_name(clean_name(m.group(1))) or self.doc.doc_type.value == "transcript"
        ):
            return
        rest = _first_sentence(line.text[m.end() :])
        items = [p for _, p in _split_top(rest, ",;")]
        names = [p for p in items if plausible_name(clean_name(re.sub(r"\(.*", "", p)))]
        if names and len(names) >= 0.6 * len(items) and (known or len(names) >= 2 or "(" in rest):
            self._groups(rest, line.start + m.end(), m.group(1))

    def _groups(self, text: str, offset: int, org: str | None) -> None:
        """A list of people split into ';'/'|' groups; a trailing "(Org)" labels its group."""
        groups = _split_top(text, ";|")
        for g_off, group in groups:
            g_off, group = _trimmed(offset + g_off, group)
            group_org = org
            tail = re.search(r"\(([^()]{2,40})\)\s*\.?$", group)
            items = _split_top(group, ",")
            shared = (len(groups) > 1 and len(items) > 1) or (len(items) == 1 and " and " in group)
            if tail and org is None and self.is_org(tail.group(1)) and shared:
                group_org = tail.group(1)
            self._name_list(
                group, g_off, "attendees", org=group_org, group=f"{self.doc.doc_id}:{offset}"
            )

    def _name_list(
        self,
        text: str,
        offset: int,
        source: Source,
        org: str | None = None,
        group: str | None = None,
        note: str | None = None,
    ) -> None:
        """Names in a comma/and-separated list, each with an optional "(Title, note)"."""
        label = re.match(
            rf"\s*([A-Z][\w&.' ]{{1,40}}?):\s+(?=(?:(?:Dr|Mr|Mrs|Ms)\.?\s)?{NAME})", text
        )
        if label and (self.known_org(label.group(1)) or self.is_org(label.group(1))):
            org, offset, text = org or label.group(1), offset + label.end(), text[label.end() :]
        pieces = _split_top(text, ",")
        i = 0
        while i < len(pieces):
            p_off, piece = _trimmed(offset + pieces[i][0], pieces[i][1])
            i += 1
            for s_off, sub in self._and_split(piece):
                m = re.match(rf"((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME})\s*(?:\(([^()]*)\))?", sub)
                if not m or not plausible_name(clean_name(m.group(1))):
                    continue
                title, item_note, item_org = self._paren(m.group(2), fallback=True)
                dashed = re.match(r"\s*[-–—]\s+([^()]{2,60})(?:\(([^()]*)\))?\s*$", sub[m.end() :])
                if title is None and dashed and is_titleish(dashed.group(1)):
                    title = dashed.group(1).strip(" .")
                    item_note = item_note or dashed.group(2)
                if title is None and i < len(pieces) and self._is_title_piece(pieces[i][1]):
                    title = pieces[i][1].strip(" .")
                    i += 1
                self._add(
                    m.group(1),
                    p_off + s_off + m.start(1),
                    source,
                    title=title,
                    org=org or item_org,
                    note="; ".join(n for n in (item_note, note) if n) or None,
                    group=group,
                    org_label=org,
                    item_end=p_off + s_off + m.end() if m.group(2) else None,
                )

    @staticmethod
    def _is_title_piece(piece: str) -> bool:
        """True when a list piece is the previous name's title, not another name."""
        head = re.match(rf"\s*((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME})", piece)
        if head and plausible_name(clean_name(head.group(1))):
            return False
        return is_titleish(piece)

    @staticmethod
    def _and_split(piece: str) -> list[tuple[int, str]]:
        """Split "A and B" (outside parentheses) into its names."""
        parts, start = [], 0
        if re.match(r"^[A-Z][\w.]* (?:&|and) (?:Co|Company|Partners|Sons)\b", piece):
            return []  # "Grant & Co": a firm, not two people
        for m in re.finditer(r"\s+and\s+", piece):
            if piece.count("(", 0, m.start()) == piece.count(")", 0, m.start()):
                parts.append((start, piece[start : m.start()]))
                start = m.end()
        parts.append((start, piece[start:]))
        return parts

    def _paren(
        self, inner: str | None, *, fallback: bool = False
    ) -> tuple[str | None, str | None, str | None]:
        """Split a parenthetical into (title, role note, organisation)."""
        if not inner:
            return None, None, None
        titles, notes, org = [], [], None
        for _, part in _split_top(inner, ",;"):
            part = part.strip()
            pieces = re.split(r"\s+[-–—]\s+", part)
            head = pieces[0].strip()
            if not head:
                continue
            notes.extend(p.strip() for p in pieces[1:] if p.strip())
            if re.search(
                r"\b(?:sponsor|project lead|PL|SRO|chair|day-to-day|owner|lead)\b", head, re.I
            ) and not re.search(r"\b(?:manager|director|officer|head|mgr|vp|chief)\b", head, re.I):
                notes.append(part)
            elif is_titleish(head):
                titles.append(head)
            elif self.is_org(head) and org is None:
                org = head
            else:
                notes.append(part)
        if (
            fallback
            and not titles
            and notes
            and not _NOISE.search(notes[0])
            and len(notes[0]) <= 60
            and not re.search(r"\b(?:sponsor|project lead|PL|SRO|owner|lead)\b", notes[0], re.I)
        ):
            titles.append(notes.pop(0))
        return (", ".join(titles) or None), ("; ".join(notes) or None), org


def prose_names(document: Document) -> list[Sighting]:
    """Full names written in running text (weak: kept only when corroborated elsewhere)."""
    out = []
    for m in _PROSE_NAME.finditer(document.text):
        name = clean_name(m.group(1))
        if is_full_name(name) and plausible_name(name):
            start = m.start(1) + max(m.group(1).find(name), 0)
            out.append(
                Sighting(
                    name=name,
                    doc_id=document.doc_id,
                    start=start,
                    end=start + len(name),
                    source="prose",
                )
            )
    return out
