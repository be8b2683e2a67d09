"""The people of an account: who they are, which side they are on, and how they are named.

Stakeholders, expansion signals ("who asked") and risk owners all need to turn a
mention ("Sam", "SO", "sokoro@...", "C. Liu") into one person, and to know whether
that person works for the customer or for the vendor. The directory is built once per
account from structural sightings (headers, speakers, attendee lines, contacts,
signatures) and corroborated full names in running text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.documents import Document
from extractor.engines.base import ExtractionContext
from extractor.engines.local.people_cluster import (
    STRUCTURAL,
    best_title,
    canonical_name,
    corroborated_prose,
    group_sightings,
)
from extractor.engines.local.people_names import (
    compatible,
    first_last,
    initials_of,
    is_full_name,
    name_key,
)
from extractor.engines.local.people_side import OrgMatcher, vote_side
from extractor.engines.local.people_sightings import Sighting, SightingFinder

# Acronyms that are almost never a person's initials in project notes.
_ACRONYM_LIST = """AE SE PM AM IT HR QA QC CS CSM PR UK US EU OK TBD ETA ASAP FYI ROI KPI SOW MSA
SSO API GL AP AR CR UAT SIT DE DB DR BI ML AI UI UX ID NA RO NS WF PO PS PL GM MD FD VP
CEO CFO COO CIO CTO
EOD EOM EOQ EOY YTD QBR EBR NRR GRR ACV ARR TTV NPS CSAT SLA RAG RAID SR JR OR TV IQ OQ PQ
BD FTE HQ NB PS
CC BCC RE FW TBC N/A AOB MB KB GB TB HA DC IP"""
COMMON_ACRONYMS = frozenset(_ACRONYM_LIST.split())


@dataclass
class Person:
    """One real person of the account, however the documents name them."""

    name: str
    side: str = "unknown"  # customer | vendor | other | unknown
    aliases: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    title: str | None = None
    sightings: list[Sighting] = field(default_factory=list)
    side_score: float = 0.0

    @property
    def first(self) -> str:
        """The person's first name as written."""
        return first_last(self.name)[0]

    @property
    def structural(self) -> bool:
        """True when a header, speaker line, attendee list or signature names the person."""
        return any(s.source in STRUCTURAL for s in self.sightings)

    def notes(self) -> list[str]:
        """Role annotations the structure attached ("Executive Sponsor", "PL", "signed")."""
        return [s.note for s in self.sightings if s.note]

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Person) and other.name == self.name


class PeopleDirectory:
    """Every person an account's documents name, with side, aliases and mention search."""

    def __init__(self, people: list[Person], orgs: OrgMatcher) -> None:
        self.people = sorted(people, key=lambda p: p.name)
        self.orgs = orgs
        self._alias: dict[str, Person] = {}
        self._pattern: re.Pattern[str] | None = None
        self._shared: dict[str, list[Person]] = {}  # first names several people share
        self._shared_pattern: re.Pattern[str] | None = None

    # -- construction ---------------------------------------------------------------
    @classmethod
    def build(cls, documents: Sequence[Document], context: ExtractionContext) -> PeopleDirectory:
        """Find, cluster and classify the people in ``documents``.

        Args:
            documents: the account's documents (any order; processed in date order).
            context: account metadata; customer, vendor and vendor_domains decide sides.
        """
        orgs = OrgMatcher(
            customer=context.customer or context.account,
            vendor=context.vendor,
            vendor_domains=list(context.vendor_domains),
            product=context.product,
        )
        docs = sorted(documents, key=lambda d: (d.date, d.source))
        sightings: list[Sighting] = []
        for doc in docs:
            sightings.extend(SightingFinder(doc, orgs).run())
        people = [
            _person(g)
            for g in group_sightings(sightings, corroborated_prose(docs, sightings, orgs))
        ]
        vote_side(people, orgs)
        directory = cls(people, orgs)
        directory._index(docs)
        directory._side_from_our(docs)
        directory._side_from_speech(docs)
        return directory

    def _index(self, docs: Sequence[Document]) -> None:
        """Build the alias table and the mention pattern."""
        corpus = "\n".join(d.text for d in docs)
        self._alias = _aliases(self.people, corpus, self.orgs)
        self._shared = _shared_first_names(self.people, self._alias)
        if self._shared:
            names = "|".join(re.escape(n) for n in sorted(self._shared, key=lambda n: (-len(n), n)))
            self._shared_pattern = re.compile(rf"(?<![\w@.])(?:{names})(?![\w@]|\.\w)")
        for alias, person in self._alias.items():
            person.aliases.add(alias)
        if self._alias:
            alternation = "|".join(
                re.escape(a) for a in sorted(self._alias, key=lambda a: (-len(a), a))
            )
            self._pattern = re.compile(rf"(?<![\w@.])(?:{alternation})(?![\w@]|\.\w)")

    def _side_from_our(self, docs: Sequence[Document]) -> None:
        """An unplaced person called "our Deputy CISO" in a customer's email is the customer's."""
        for doc in docs:
            author = next(
                (self.resolve(p.email or p.name) for p in doc.participants if p.source == "from"),
                None,
            )
            if author is None or author.side not in ("customer", "vendor"):
                continue
            body = doc.text[: _quoted_start(doc)]
            for start, end, person in self.find_mentions(body):
                if person.side != "unknown":
                    continue
                window = body[max(0, start - 40) : start] + " " + body[end : end + 12]
                if _OUR.search(window):
                    person.side = author.side

    def _side_from_speech(self, docs: Sequence[Document]) -> None:
        """An unplaced speaker who talks about "our product/connector/roadmap" is the vendor's."""
        vendor_words = [w for w in re.findall(r"[A-Za-z]{4,}", self.orgs.vendor or "")][:1]
        pattern = (
            _VENDOR_SPEECH
            if not vendor_words
            else re.compile(
                _VENDOR_SPEECH.pattern
                + rf"|\b(?:at|from) {re.escape(vendor_words[0])}\b[^.]{{0,30}}\bwe\b",
                re.I,
            )
        )
        hits: Counter[str] = Counter()
        for doc in docs:
            for seg in doc.segments:
                person = self.resolve(seg.speaker) if seg.kind == "cue" and seg.speaker else None
                if person is not None and person.side == "unknown":
                    hits[person.name] += len(pattern.findall(doc.text[seg.start : seg.end]))
        for person in self.people:
            if hits[person.name] >= 2:
                person.side = "vendor"

    # -- queries --------------------------------------------------------------------
    def customers(self) -> list[Person]:
        """People on the customer's side (including those no evidence places elsewhere)."""
        return [p for p in self.people if p.side in ("customer", "unknown")]

    def vendors(self) -> list[Person]:
        """People on the vendor's side or from a third party (partner, auditor, agency)."""
        return [p for p in self.people if p.side in ("vendor", "other")]

    def resolve(self, mention: str | Person | tuple) -> Person | None:
        """The person a mention denotes: full name, first name, initials or email; None if unsure.

        Also accepts a ``find_mentions`` tuple or a ``Person``, returned as is.
        """
        if isinstance(mention, Person):
            return mention
        if isinstance(mention, tuple):
            return mention[-1] if mention and isinstance(mention[-1], Person) else None
        mention = mention.strip().strip("<>\"' ")
        if not mention:
            return None
        if "@" in mention:
            low = mention.lower()
            return next((p for p in self.people if low in p.emails), None)
        if mention in self._alias:
            return self._alias[mention]
        key = name_key(mention)
        exact = [p for p in self.people if name_key(p.name) == key]
        if len(exact) == 1:
            return exact[0]
        matches = [p for p in self.people if compatible(mention, p.name)]
        return matches[0] if len(matches) == 1 else None

    def is_vendor(self, name: str) -> bool:
        """True when the named person is on the vendor's side or a third party."""
        person = self.resolve(name)
        return person is not None and person.side in ("vendor", "other")

    def find_mentions(
        self, text: str, *, document: Document | None = None
    ) -> list[tuple[int, int, Person]]:
        """Non-overlapping mentions of known people in ``text``, as (start, end, person).

        Args:
            text: the text to search (a sentence, a line, a whole document).
            document: the document ``text`` comes from; when given, a first name two
                people share ("Ravi") resolves to the one this document names in full.
        """
        if self._pattern is None:
            return []
        found = [
            (m.start(), m.end(), self._alias[m.group(0)]) for m in self._pattern.finditer(text)
        ]
        if document is None or self._shared_pattern is None:
            return found
        for m in self._shared_pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            present = [p for p in self._shared[m.group(0)] if _named_in(p, document)]
            if len(present) == 1:
                found.append((m.start(), m.end(), present[0]))
        return sorted(found, key=lambda f: (f[0], f[1]))


_OUR = re.compile(r"\bour\b", re.I)
_VENDOR_SPEECH = re.compile(
    r"\b(?:our|we)\b[^.?!]{0,25}\b(?:product|platform|connector|roadmap|release|product team|"
    r"support team|engineering team|professional services|implementation team|licen[cs]es?|"
    r"marketplace|customers like you|other customers|sandbox for you)\b",
    re.I,
)


def _quoted_start(doc: Document) -> int:
    """Where quoted text begins in an email (its own words come before)."""
    quoted = [s.start for s in doc.segments if s.kind in ("quoted", "signature", "disclaimer")]
    return min(quoted, default=len(doc.text))


def _person(items: list[Sighting]) -> Person:
    """A person from the sightings of one name cluster."""
    return Person(
        name=canonical_name(items),
        sightings=list(items),
        title=best_title(items),
        emails={s.email for s in items if s.email},
    )


def _shared_first_names(people: list[Person], alias: dict[str, Person]) -> dict[str, list[Person]]:
    """First names that belong to more than one person (so are not plain aliases)."""
    owners: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if is_full_name(person.name):
            owners[first_last(person.name)[0]].append(person)
    return {n: ps for n, ps in owners.items() if len(ps) > 1 and n not in alias}


def _named_in(person: Person, document: Document) -> bool:
    """True when the document names the person in full or lists them structurally."""
    if person.name in document.text:
        return True
    return any(s.doc_id == document.doc_id and s.source != "prose" for s in person.sightings)


def _aliases(people: list[Person], corpus: str, orgs: OrgMatcher) -> dict[str, Person]:
    """Mention strings that denote exactly one person."""
    claims: dict[str, set[Person]] = defaultdict(set)
    for person in people:
        for form in {s.name for s in person.sightings} | {person.name}:
            claims[form].add(person)
        if is_full_name(person.name):
            first, last = first_last(person.name)
            claims[first].add(person)
            for form in (f"{first[0]}. {last}", f"{first} {last[0]}."):
                claims[form].add(person)
            for hon in (
                "Dr",
                "Mr",
                "Mrs",
                "Ms",
                "Dr.",
                "Mr.",
                "Mrs.",
                "Ms.",
                "Prof",
                "Herr",
                "Frau",
            ):
                claims[f"{hon} {last}"].add(person)
        for email in person.emails:
            claims[email].add(person)
    org_words = {
        w.lower()
        for org in (orgs.customer, orgs.vendor, orgs.product)
        if org
        for w in re.findall(r"\w+", org)
    }
    out = {
        alias: next(iter(owners))
        for alias, owners in claims.items()
        if len(owners) == 1 and alias.lower() not in org_words and len(alias) >= 2
    }
    out.update(_initials(people, corpus))
    return out


def _initials(people: list[Person], corpus: str) -> dict[str, Person]:
    """Initials ("SO") used in the account's text for exactly one person."""
    owners: dict[str, set[Person]] = defaultdict(set)
    for person in people:
        if is_full_name(person.name):
            owners[initials_of(person.name)].add(person)
            first, last = first_last(person.name)
            owners[(first[0] + last[0]).upper()].add(person)
    out = {}
    for initials, who in owners.items():
        if len(who) != 1 or len(initials) < 2 or initials in COMMON_ACRONYMS:
            continue
        uses = re.findall(rf"(?<!\d )(?<![\w/.-]){initials}(?![\w/-])", corpus)
        if len(uses) >= 2:
            out[initials] = next(iter(who))
    return out
