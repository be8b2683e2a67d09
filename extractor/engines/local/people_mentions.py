"""Which sentences say something about which person, and which cue belongs to whom.

A sentence is about a person when it names them ("Tom is day-to-day owner"), when
they say it about themselves ("my last day is June 26" in Tom's email or transcript
line), or when it continues about them with a pronoun right after they were named
("He declined."). When a sentence names several people, a cue word belongs to the
person named closest before it: in "Peter's last day is March 27. Nate is hiring",
the departure is Peter's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from extractor.documents import Document
from extractor.engines.local.people_names import NOT_NAME_WORDS
from extractor.engines.local.people_side import is_titleish
from extractor.people import PeopleDirectory, Person
from extractor.segmentation import Unit, split_sentences

_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|I'd|my|me|myself|mine)\b|\bI’(?:m|ve|ll|d)\b")
_PRONOUN_START = re.compile(r"^(?:[-*•>\s]*)(?:he|she|his|her)\b", re.I)
_OWNER_REACH = 60  # a cue more than this many chars after the nearest name belongs to no one
_PRONOUN_REACH = 40  # in a sentence continuing about someone, cues near its start are theirs


@dataclass
class Mention:
    """One unit that says something about one person."""

    person: Person
    unit: Unit
    doc: Document
    how: str  # named | self | pronoun
    name_at: int  # offset of the person's mention in the unit text (-1 for self/pronoun)
    others: int  # other people named in the same unit
    span: tuple[int, int]  # evidence span in the document text


@dataclass
class UnitPeople:
    """The people a unit names (unit-relative offsets) and who wrote or said it."""

    unit: Unit
    doc: Document
    named: list[tuple[int, int, Person]]
    author: Person | None
    first_person: bool
    pronoun_ref: Person | None = None
    mentions: list[Mention] = field(default_factory=list)

    def owner_at(self, pos: int) -> Person | None:
        """The person a cue at ``pos`` in the unit text most likely belongs to.

        The nearest person named before the cue, unless an unknown name sits closer
        ("Andrew retires"); the sentence's first person when a he/she comes between
        ("Anil told Tasha he's resigned"); the pronoun's referent; the author when
        they speak in the first person right there ("my last day"); else nobody.
        """
        text = self.unit.text
        labelled = _LABEL_AFTER.match(text, pos)
        if labelled:
            following = [
                p for s, _, p in self.named if labelled.end() - 1 <= s <= labelled.end() + 4
            ]
            if following:
                return following[0]
        before = [(s, e, p) for s, e, p in self.named if s <= pos]
        stranger = _stranger_before(text, pos, [(s, e) for s, e, _ in self.named])
        if before:
            _, end, person = before[-1]
            if stranger is not None and stranger >= end:
                return None
            if _PRONOUN.search(text[end:pos]):
                return self.named[0][2]
            return person if pos - end <= _OWNER_REACH else None
        if stranger is not None:
            return None
        if self.pronoun_ref is not None:
            return self.pronoun_ref if pos <= _PRONOUN_REACH else None
        if self.author is not None and _FIRST_PERSON.search(text[max(0, pos - 40) : pos + 12]):
            return self.author
        return None


_PRONOUN = re.compile(r"\b(?:he|she|he's|she's|he'll|she'll|he’s|she’s)\b", re.I)
_LABEL_AFTER = re.compile(r"[\w .'&-]{0,40}?(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?=\S)")
_CAPITAL = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+\b")
_NOT_PEOPLE_WORDS = (
    "The This That We They It And But So Also Then Our Their His Her He She I "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)
_NOT_PEOPLE = frozenset(_NOT_PEOPLE_WORDS.split())


def _stranger_before(text: str, pos: int, known: list[tuple[int, int]]) -> int | None:
    """End offset of a capitalised name right before ``pos`` that is not a known person."""
    window_start = max(0, pos - 25)
    found = None
    for m in _CAPITAL.finditer(text, window_start, pos):
        word = m.group(0)
        if (
            word in _NOT_PEOPLE
            or word.lower() in NOT_NAME_WORDS
            or is_titleish(word)
            or any(s <= m.start() < e for s, e in known)
        ):
            continue
        if text.count("(", 0, m.start()) > text.count(")", 0, m.start()):
            continue
        if m.start() == 0:
            continue
        found = m.end()
    return found


def unit_people(
    documents: Sequence[Document], units: Sequence[Unit], directory: PeopleDirectory
) -> list[UnitPeople]:
    """People per unit, with pronoun continuations resolved to the previous unit's one person."""
    out: list[UnitPeople] = []
    previous: UnitPeople | None = None
    for whole in units:
        for index, unit in enumerate(sentences(whole)):
            doc = documents[unit.doc_index]
            named = [  # "thanks Marco, ..." addresses a person, it says nothing about them
                (s, e, p)
                for s, e, p in directory.find_mentions(unit.text, document=doc)
                if not _GREETING.search(unit.text[max(0, s - 14) : s])
            ]
            author = _author(unit, doc, directory)
            entry = UnitPeople(unit, doc, named, author, bool(_FIRST_PERSON.search(unit.text)))
            if not named and previous is not None and previous.doc is doc:
                people = {p for _, _, p in previous.named} or (
                    {previous.pronoun_ref} if previous.pronoun_ref else set()
                )
                subject = bool(previous.named) and previous.named[0][0] <= 3
                continues = (index > 0 and subject) or _PRONOUN_START.match(unit.text)
                if (
                    len(people) == 1
                    and continues
                    and not _OTHER_SUBJECT.match(unit.text)
                    and not entry.first_person
                ):
                    entry.pronoun_ref = next(iter(people))
            out.append(entry)
            previous = entry
    return out


_GREETING = re.compile(
    r"(?:^|\W)(?:thanks|thank you|thx|hi|hello|hey|dear|cheers|morning|welcome|bye)[,!]?\s*$", re.I
)
_OTHER_SUBJECT = re.compile(r"^(?:[-*•>\s]*)(?:I|we|they|you|it|this|that|there)\b", re.I)


def sentences(unit: Unit) -> list[Unit]:
    """A unit split into sentences: a line can say things about several people."""
    spans = split_sentences(unit.text)
    if len(spans) <= 1:
        return [unit]
    return [
        replace(unit, start=unit.start + s, end=unit.start + e, text=unit.text[s:e])
        for s, e in spans
    ]


def _author(unit: Unit, doc: Document, directory: PeopleDirectory) -> Person | None:
    """Who said or wrote a unit: the transcript/chat speaker or the email sender."""
    if unit.speaker:
        return directory.resolve(unit.speaker)
    if doc.doc_type.value != "email" or unit.kind != "body":
        return None
    for participant in doc.participants:
        if participant.source == "from":
            return directory.resolve(participant.email or participant.name) or directory.resolve(
                participant.name
            )
    return None


def mentions_by_person(entries: Sequence[UnitPeople]) -> dict[Person, list[Mention]]:
    """Every unit about each person, each unit once per person."""
    found: dict[Person, list[Mention]] = defaultdict(list)
    for entry in entries:
        unit = entry.unit
        span = (unit.start, unit.end)
        people = {p for _, _, p in entry.named}
        for person in sorted(people, key=lambda p: p.name):
            at = min(s for s, _, p in entry.named if p is person)
            found[person].append(
                Mention(person, unit, entry.doc, "named", at, len(people) - 1, span)
            )
        if entry.author is not None and entry.first_person and entry.author not in people:
            found[entry.author].append(
                Mention(entry.author, unit, entry.doc, "self", -1, len(people), span)
            )
        if entry.pronoun_ref is not None and entry.pronoun_ref not in people:
            found[entry.pronoun_ref].append(
                Mention(entry.pronoun_ref, unit, entry.doc, "pronoun", -1, 0, span)
            )
    return found


def owned_matches(
    entry: UnitPeople, pattern: re.Pattern[str], person: Person
) -> list[re.Match[str]]:
    """Matches of ``pattern`` in the unit that belong to ``person``."""
    return [m for m in pattern.finditer(entry.unit.text) if entry.owner_at(m.start()) is person]
