"""Which organisation a label, domain or title points to: the customer, the vendor, or another.

Vendor-side people (the implementation lead, AE, SE, CSM, a partner's consultants) are
not stakeholders. The only things that tell them apart in free text are labels
("**Ledgerly:**", "(Quillon)", "LRG:", "MB - "), email domains and the vendor role
words in their titles. Everything here compares against the account metadata
(customer and vendor names, vendor domains), never against known people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from extractor.engines.local.people_names import strip_accents

Side = Literal["customer", "vendor", "other"]

_LEGAL_LIST = """inc inc. ltd ltd. llc llp plc gmbh ag sa sas bv nv co co. corp corporation company
limited group the of and & nhs foundation trust holdings"""
_LEGAL = frozenset(_LEGAL_LIST.split())
_GENERIC_LIST = """software systems solutions technologies technology data labs services consulting
partners digital cloud analytics university health hospitals hospital insurance"""
_GENERIC = frozenset(_GENERIC_LIST.split())
_VENDOR_ROLE = re.compile(
    r"\b(?:impl(?:ementation)?\.?\s*(?:lead|consultant|manager|liaison|specialist|engineer)|"
    r"account\s+exec(?:utive)?|\bAE\b|\bSE\b|\bCSM\b|solutions?\s+(?:engineer|architect|consultant)|"
    r"customer\s+success|engagement\s+manager|onboarding|professional\s+services|"
    r"technical\s+consultant|sales\s+engineer|account\s+manager|delivery\s+(?:lead|manager))",
    re.I,
)
_PERSON_SIGNS = re.compile(
    r"\b(?:mins?|minutes|part|late|joined|left|dropped|first|last|only|"
    r"observing|remote|dial|phone|teams|zoom)\b",
    re.I,
)


def _words(name: str) -> list[str]:
    """Lower-case accent-folded words of an organisation name."""
    return [w for w in re.split(r"[^\w&]+", strip_accents(name).lower()) if w]


def _significant(name: str) -> list[str]:
    """Words of an organisation name that identify it (no legal suffixes)."""
    return [w for w in _words(name) if w not in _LEGAL and w != "&"]


def _acronyms(name: str) -> set[str]:
    """Acronyms a writer may use for an organisation: "Marlow Biologics" -> MB."""
    words = [w for w in _words(name) if w not in {"inc", "ltd", "llc", "llp", "plc", "gmbh", "the"}]
    full = "".join(w[0] for w in words if w != "&")
    core = "".join(w[0] for w in words if w not in _LEGAL and w != "&")
    out = {a for a in (full, core) if len(a) >= 2}
    out |= {core[:n] for n in range(2, len(core)) if len(core) > 2}
    return out


@dataclass
class OrgMatcher:
    """Classifies organisation labels and email domains against the account metadata."""

    customer: str | None = None
    vendor: str | None = None
    vendor_domains: list[str] = field(default_factory=list)
    product: str | None = None
    customer_domains: set[str] = field(default_factory=set)
    foreign: set[str] = field(default_factory=set)  # words naming non-customer organisations
    _labels: dict[str, Side | None] = field(default_factory=dict, repr=False, compare=False)

    def foreign_word(self, text: str) -> bool:
        """True when ``text`` names a vendor, partner or other non-customer organisation."""
        if not self.foreign:
            return False
        for word in re.findall(r"\b[A-Z][A-Za-z]{3,}", text):
            low = strip_accents(word).lower()
            if low in _GENERIC or low in _LEGAL:
                continue
            if any(f.startswith(low) or low.startswith(f) for f in self.foreign):
                return True
        return False

    def label_side(self, label: str) -> Side | None:
        """Side of an organisation label, or None when it does not look like an organisation."""
        if label not in self._labels:
            self._labels[label] = self._label_side(label)
        return self._labels[label]

    def _label_side(self, label: str) -> Side | None:
        """Uncached ``label_side``."""
        text = " ".join(label.replace("*", " ").split()).strip(" :-–—()")
        text = re.sub(
            r"(?i)^(?:from|at|for|with)\s+|\s+(?:team|side|people|contacts?|staff)$", "", text
        )
        if not text:
            return None
        if self._matches(text, self.customer):
            return "customer"
        if self._matches(text, self.vendor) or self._matches(text, self.product):
            return "vendor"
        return None

    def _matches(self, label: str, org: str | None) -> bool:
        """True when ``label`` names ``org`` (its first word, its words, or an acronym)."""
        if not org:
            return False
        words = _significant(label)
        org_words = _significant(org)
        if not words or not org_words:
            return False
        compact = re.sub(r"[^a-z]", "", strip_accents(label).lower())
        raw = re.sub(r"[^A-Za-z]", "", label)
        if raw.isupper() and 2 <= len(raw) <= 5 and compact in _acronyms(org):
            return True
        distinctive = [w for w in org_words if w not in _GENERIC] or org_words
        return words[0] == distinctive[0] or all(w in org_words for w in words)

    def domain_side(self, domain: str) -> Side:
        """Side of an email domain: vendor domains, then the customer's name, else other."""
        domain = domain.lower().strip(". >")
        if any(
            domain == d.lower() or domain.endswith("." + d.lower()) for d in self.vendor_domains
        ):
            return "vendor"
        if domain in self.customer_domains:
            return "customer"
        label = domain.split(".")[0]
        if self._domain_matches(label, self.customer):
            return "customer"
        if self._domain_matches(label, self.vendor):
            return "vendor"
        return "other"

    @staticmethod
    def _domain_matches(label: str, org: str | None) -> bool:
        """True when a domain label is built from an organisation's name or acronym."""
        if not org:
            return False
        words = [w for w in _significant(org) if len(w) >= 3]
        if not words:
            return False
        if any(label.startswith(w) and len(w) >= 4 for w in words[:2]):
            return True
        return label in _acronyms(org) or label.startswith("".join(words[:2]))

    def looks_like_org(self, text: str) -> bool:
        """True for a short parenthetical/label that names an organisation, not a person note."""
        text = text.strip(" ()*:")
        if (
            not text
            or _PERSON_SIGNS.search(text)
            or is_titleish(text)
            or re.search(r"[\d\"“”=]", text)
        ):
            return False
        if self.label_side(text) is not None:
            return True
        if text.isupper() and len(text) <= 4:
            return False
        words = text.split()
        return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words if w.isalpha())


_TITLE_WORDS = re.compile(
    r"\b(?:manager|mgr|director|dir|officer|head|lead|leader|vp|svp|evp|avp|president|chief|"
    r"ceo|cfo|coo|cio|cto|ciso|chro|cno|cco|cpo|cmo|cro|dpo|sro|controller|comptroller|analyst|"
    r"engineer|administrator|admin|coordinator|supervisor|superintendent|counsel|partner|chair|"
    r"dean|registrar|counselor|counsellor|specialist|consultant|architect|principal|owner|buyer|"
    r"accountant|assistant|associate|secretary|treasurer|surgeon|nurse|matron|executive|sponsor|"
    r"ae|se|pm|csm|planner|scientist|technician|rep|representative|auditor|founder|foreman|"
    r"superintendent|provost|registrar|clerk|agent|advisor|adviser|steward|trainer|champion|"
    r"expert|developer|dba|owner|president|gm|md|fd|hrbp|tl|supt|asst)\b",
    re.I,
)


def is_titleish(text: str) -> bool:
    """True when a phrase reads like a job title ("Dir IT / data platform", "CFO")."""
    return bool(_TITLE_WORDS.search(text)) and len(text) <= 90


def vendor_role(title: str | None) -> bool:
    """True for titles only a vendor's team has (implementation lead, AE, SE, CSM)."""
    return bool(title) and bool(_VENDOR_ROLE.search(title or ""))


def _sighting_votes(sighting, orgs: OrgMatcher) -> list[tuple[str, float]]:
    """(kind, vote) pairs one sighting gives: + customer, - vendor or third party."""
    votes: list[tuple[str, float]] = []
    label = sighting.org_label
    if (
        label
        and orgs.label_side(label) is None
        and (orgs.looks_like_org(label) or _ACRONYM.match(label))
    ):
        votes.append(("label", -1.5))
    described = " ".join(x for x in (sighting.title, sighting.note, sighting.org) if x)
    if described and orgs.foreign_word(described):
        votes.append(("foreign", -2.0))
    if sighting.email:
        side = orgs.domain_side(sighting.email.rpartition("@")[2])
        votes.append(("email", {"customer": 3.0, "vendor": -3.0, "other": -2.0}[side]))
    if sighting.org:
        side = orgs.label_side(sighting.org)
        if side is not None:
            votes.append(("org", 2.0 if side == "customer" else -2.0))
        elif (
            sighting.source in ("signature", "signed", "affiliation")
            and orgs.looks_like_org(sighting.org)
            and not orgs.foreign_word(sighting.org)
        ):
            votes.append(("org", -1.0))
    if vendor_role(sighting.title) or vendor_role(sighting.note):
        votes.append(("role", -2.0))
    if _OUTSIDER.search(described):
        votes.append(("outsider", -1.5))
    return votes


def vote_side(people: list, orgs: OrgMatcher) -> None:
    """Set each person's ``side`` from the votes of their sightings.

    Email domains that match neither the customer nor the vendor are learned from the
    other votes of the people who use them, so a customer whose domain does not
    resemble its name (or a partner firm's consultants) still lands on the right side.
    """
    _learn_customer_domains(people, orgs)
    _learn_foreign_orgs(people, orgs)
    for person in people:
        score = sum(v for s in person.sightings for _, v in _sighting_votes(s, orgs))
        person.side_score = score
        person.side = "customer" if score > 0 else ("vendor" if score < 0 else "unknown")
        if (
            score < 0
            and not any(
                orgs.domain_side(e.rpartition("@")[2]) == "vendor"
                or orgs.label_side(s.org or "") == "vendor"
                for s in person.sightings
                for e in [s.email or "x@x"]
            )
            and not any(vendor_role(s.title) or vendor_role(s.note) for s in person.sightings)
        ):
            person.side = "other"
    _side_from_groups(people)


def _side_from_groups(people: list) -> None:
    """People with no side evidence take the side of a one-sided attendee group they were in."""
    members: dict[str, set] = {}
    for person in people:
        for s in person.sightings:
            if s.group:
                members.setdefault(s.group, set()).add(person)
    sides = {person.name: person.side for person in people}
    for person in people:
        if sides[person.name] != "unknown":
            continue
        known = [
            sides[other.name]
            for s in person.sightings
            if s.group
            for other in members[s.group]
            if other is not person and sides[other.name] != "unknown"
        ]
        if len(known) < 2:
            continue
        customers = known.count("customer")
        if customers >= 0.75 * len(known):
            person.side = "customer"
        elif customers == 0:
            person.side = "vendor" if known.count("vendor") >= known.count("other") else "other"


_ACRONYM = re.compile(r"^[A-Z&]{2,5}$")
_OUTSIDER = re.compile(
    r"\b(?:auditors?|audit partner|external|agency|temp|investors?|dealer|regulator|"
    r"inspector|recruiter from|reseller|outside counsel)\b",
    re.I,
)


def _learn_foreign_orgs(people: list, orgs: OrgMatcher) -> None:
    """Words that name the vendor, its partners and third parties seen in this account."""
    words: set[str] = set()
    for name in (orgs.vendor, orgs.product):
        sig = [w for w in _significant(name or "") if w not in _GENERIC]
        words.update(sig[:1])
    for person in people:
        for s in person.sightings:
            if s.email:
                domain = s.email.rpartition("@")[2]
                if orgs.domain_side(domain) != "customer":
                    words.add(domain.split(".")[0])
            label = s.org_label
            if label and orgs.label_side(label) != "customer" and orgs.looks_like_org(label):
                sig = [w for w in _significant(label) if w not in _GENERIC]
                words.update(sig[:1])
    customer = set(_significant(orgs.customer or ""))
    orgs.foreign = {
        w
        for w in words
        if len(w) >= 4
        and w not in customer
        and not any(c.startswith(w) or w.startswith(c) for c in customer if len(c) >= 4)
    }


def _learn_customer_domains(people: list, orgs: OrgMatcher) -> None:
    """Treat an unknown domain as the customer's when its people are otherwise voted customer."""
    by_domain: dict[str, float] = {}
    for person in people:
        non_email = sum(
            v for s in person.sightings for k, v in _sighting_votes(s, orgs) if k != "email"
        )
        for email in {s.email for s in person.sightings if s.email}:
            domain = email.rpartition("@")[2]
            if orgs.domain_side(domain) == "other":
                by_domain[domain] = by_domain.get(domain, 0.0) + non_email
    orgs.customer_domains |= {d for d, v in by_domain.items() if v > 0}
