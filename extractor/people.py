"""The people of an account: who they are, which side they are on, and how they are named.

Stakeholders, expansion signals ("who asked") and risk owners all need to turn a
mention ("Tom", "TR", "treinholt@...", "C. Liu") into one person, and to know whether
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
from extractor.engines.local.people_names import (
    compatible,
    first_last,
    initials_of,
    is_full_name,
    name_key,
    same_first_name,
    strip_accents,
    tokens,
)
from extractor.engines.local.people_side import OrgMatcher, vote_side
from extractor.engines.local.people_sightings import Sighting, SightingFinder, prose_names

STRUCTURAL = frozenset(
    {"header", "speaker", "attendees", "contact", "signed", "signature", "titled"}
)
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
        people = _cluster(sightings, _prose_corroborated(docs, sightings, orgs))
        vote_side(people, orgs)
        directory = cls(people, orgs)
        directory._index(docs)
        directory._side_from_our(docs)
        return directory

    def _index(self, docs: Sequence[Document]) -> None:
        """Build the alias table and the mention pattern."""
        corpus = "\n".join(d.text for d in docs)
        self._alias = _aliases(self.people, corpus, self.orgs)
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

    def find_mentions(self, text: str) -> list[tuple[int, int, Person]]:
        """Non-overlapping mentions of known people in ``text``, as (start, end, person)."""
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self._alias[m.group(0)]) for m in self._pattern.finditer(text)]


_OUR = re.compile(r"\bour\b", re.I)


def _quoted_start(doc: Document) -> int:
    """Where quoted text begins in an email (its own words come before)."""
    quoted = [s.start for s in doc.segments if s.kind in ("quoted", "signature", "disclaimer")]
    return min(quoted, default=len(doc.text))


def _prose_corroborated(
    docs: Sequence[Document], structural: list[Sighting], orgs: OrgMatcher
) -> list[Sighting]:
    """Full names in running text that act like people ("X asked"), not like places or firms."""
    found = [s for doc in docs for s in prose_names(doc)]
    texts = {d.doc_id: d.text for d in docs}
    known = {name_key(s.name) for s in structural}
    lower_vocab = {w for d in docs for w in re.findall(r"\b[a-z][a-z'-]+\b", d.text)}
    acting = _acting_names(docs, found)
    counts = Counter(
        name_key(s.name)
        for s in found
        if _PERSON_VERB.match(texts[s.doc_id][s.end : s.end + 20])
        and texts[s.doc_id][s.end : s.end + 2] not in ("'s", "’s")
    )
    firsts = {
        name_key(s.name): bool(
            re.search(
                rf"\b{re.escape(first_last(s.name)[0])}\b(?! {re.escape(first_last(s.name)[1])})",
                texts[s.doc_id],
            )
        )
        for s in found
    }
    out = []
    for s in found:
        key = name_key(s.name)
        if key in known:
            out.append(s)
            continue
        if any(t.lower() in lower_vocab for t in tokens(s.name)) or orgs.label_side(s.name):
            continue
        if key in acting and (counts[key] >= 2 or firsts[key]) and not orgs.foreign_word(s.name):
            out.append(s)
    return out


_PERSON_VERB = re.compile(
    r"^(?:['’]s\b|:\s+[a-z\"“]|\s+(?:said|says|asked|asks|wants|wanted|thinks|agreed|agrees|confirmed|mentioned|"
    r"raised|joined|left|leaves|signed|approved|sent|noted|told|pinged|emailed|owns|leads|started|"
    r"replied|wrote|explained|suggested|will|would|has|had|is|was|took|takes|reported|presented|"
    r"declined|attended|covers|needs|prefers|proposed|accepted|welcomed|reiterated|remarked|"
    r"indicated|questioned|objected|insisted|chaired|recommended|offered|requested)\b)"
)


def _acting_names(docs: Sequence[Document], found: list[Sighting]) -> set[str]:
    """Name keys that are at least once followed by a verb people do ("X asked", "X's")."""
    texts = {d.doc_id: d.text for d in docs}
    return {
        name_key(s.name) for s in found if _PERSON_VERB.match(texts[s.doc_id][s.end : s.end + 20])
    }


def _cluster(structural: list[Sighting], prose: list[Sighting]) -> list[Person]:
    """Group sightings into people: full names first, then partial names that fit one person."""
    groups: dict[str, list[Sighting]] = defaultdict(list)
    partial: list[Sighting] = []
    for s in structural + prose:
        if is_full_name(s.name):
            groups[_full_key(s.name)].append(s)
        elif s.source in STRUCTURAL:
            partial.append(s)
    keys = _merge_keys(sorted(groups))
    merged: dict[str, list[Sighting]] = defaultdict(list)
    for key, items in groups.items():
        merged[keys[key]].extend(items)
    people = {key: _person(items) for key, items in merged.items()}
    loose: dict[str, list[Sighting]] = defaultdict(list)
    for s in partial:
        fits = [p for p in people.values() if compatible(s.name, p.name)]
        if len(fits) == 1:
            fits[0].sightings.append(s)
        elif not fits:
            loose[name_key(s.name)].append(s)
    for key, items in loose.items():
        if key not in people:
            people[key] = _person(items)
    return [_person(p.sightings) for p in people.values()]


def _full_key(name: str) -> str:
    """Cluster key of a full name: first and last word, accent-folded."""
    first, last = first_last(name)
    return f"{name_key(first)} {name_key(last)}"


def _merge_keys(keys: list[str]) -> dict[str, str]:
    """Map each full-name key to its cluster, joining nicknames (Trish and Patricia)."""
    target = {k: k for k in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            fa, la = a.split(" ", 1)
            fb, lb = b.split(" ", 1)
            if la == lb and same_first_name(fa, fb):
                target[b] = target[a]
    return target


def _person(items: list[Sighting]) -> Person:
    """A person from sightings: canonical name = the fullest, most frequent form."""
    forms = Counter(s.name for s in items)
    canonical = max(
        forms, key=lambda n: (len(tokens(n)) if is_full_name(n) else 0, forms[n], _accented(n), n)
    )
    titles = [t for t in (clean_title(s.title) for s in items if s.title) if t]
    title = (
        max(titles, key=lambda t: (len(t) <= 60, titles.count(t), len(t), t)) if titles else None
    )
    return Person(
        name=canonical,
        sightings=list(items),
        title=title,
        emails={s.email for s in items if s.email},
    )


_TITLE_CUT = re.compile(r"\s+[—–]\s+|\.\s+[A-Z]|\s+-\s+(?=[a-z])|\bsigned\b|;")
_TITLE_LEAD = re.compile(r"^(?:the|our|their|your|new|recently appointed)\s+", re.I)


def clean_title(title: str | None) -> str | None:
    """A title as stated, without trailing remarks ("— signed 9 Jan", ". Sponsor: ...")."""
    if not title:
        return None
    cut = _TITLE_CUT.search(title)
    text = title[: cut.start()] if cut else title
    text = _TITLE_LEAD.sub("", text.strip(" ,.;:-–—*"))
    return text.strip(" ,.;:-") or None


def _accented(name: str) -> int:
    """How many accented letters a form keeps (prefer "Tomás" to "Tomas")."""
    return sum(1 for ch in name if strip_accents(ch) != ch)


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
    """Initials ("TR") used in the account's text for exactly one person."""
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
