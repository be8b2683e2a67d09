"""Shared per-account analysis for the offline engine's category extractors.

Segments every document once, weighs terms across the account, and groups
scored units into real-world items. Category modules (criteria, expansion,
risks) only decide which units are candidates and how to fill fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.documents import Document
from extractor.engines.base import ExtractionContext
from extractor.grounding import evidence_at
from extractor.merge import TermWeights, cosine
from extractor.models import Evidence
from extractor.segmentation import Unit, segment_documents
from extractor.temporal import find_dates

NAME_BOOST = 1.5  # weight multiplier for proper names and ids when comparing mentions
MAX_COMPARED = 12  # strongest mentions of an item compared against; bounds time on long documents
SEED_FACTOR = 0.8  # a mention must also resemble the item's seed, so summaries do not chain items
SAME_ID_BONUS = 1.0  # added to the similarity of mentions that name the same tracker id
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_FROM = re.compile(r"^From:\s*\"?([^<\"\n]+?)\"?\s*(?:<([^>\n]+)>)?\s*$", re.MULTILINE)
# Tracker ids ("R-03", "CR-11", "PRJ-215"): two mentions naming different ids of the
# same series are different items, however much of a RAID row's wording they share.
_TRACKER_ID = re.compile(r"\b([A-Z]{1,6})-(\d{1,5})\b")
# Hyphenated codes that name years, quarters, standards or encodings, not tracker items.
_NOT_TRACKERS = frozenset({"FY", "CY", "Q", "H", "COVID", "ISO", "SHA", "UTF", "SOC", "PCI", "TLS",
                           "SSL", "IPV", "HTTP", "GPT", "NIST", "SP"})


@dataclass
class Candidate:
    """A unit proposed for one category, with its score."""

    unit: Unit
    score: float


@dataclass
class Group:
    """Candidates judged to be one real-world item, strongest first, plus support units."""

    members: list[Candidate]
    support: list[Unit] = field(default_factory=list)

    @property
    def seed(self) -> Candidate:
        """The strongest candidate: its text becomes the item's summary."""
        return self.members[0]

    def units(self) -> list[Unit]:
        """Every unit of the group, in document order."""
        return sorted({c.unit for c in self.members} | set(self.support), key=lambda u: u.key)


class Analysis:
    """Units, term weights and authorship of one account's documents."""

    def __init__(self, documents: Sequence[Document], context: ExtractionContext,
                 classifier: Any = None) -> None:
        self.documents = list(documents)
        self.context = context
        self.units = segment_documents(self.documents)
        texts = [_without_dates(u.text, self.documents[u.doc_index].date) for u in self.units]
        self.weights = TermWeights(texts)
        self._vectors = {u.key: self._weigh(t) for u, t in zip(self.units, texts, strict=True)}
        self._ids = {u.key: tracker_ids(u.record or u.text) for u in self.units}
        self.vendor_domains = [d.lower() for d in context.vendor_domains]
        self.directory: Any = None  # extractor.people.PeopleDirectory, set by the engine
        self._probs: dict[str, dict[tuple[int, int, int], float]] = {}
        if classifier is not None:
            self.classify(classifier)

    def classify(self, classifier: Any) -> None:
        """Score every unit for every category with the unit classifier."""
        from extractor.engines.local.classifier import CATEGORIES
        from extractor.engines.local.features import features_of

        feats = features_of(self)
        for category in CATEGORIES:
            self._probs[category] = {u.key: classifier.probability(category, f)
                                     for u, f in zip(self.units, feats, strict=True)}

    def prob(self, category: str, unit: Unit) -> float:
        """The classifier's probability that ``unit`` is evidence of ``category``."""
        return self._probs.get(category, {}).get(unit.key, 0.0)

    def doc(self, unit: Unit) -> Document:
        """The document a unit comes from."""
        return self.documents[unit.doc_index]

    def date(self, unit: Unit) -> dt.date:
        """The date of the document a unit comes from."""
        return self.documents[unit.doc_index].date

    def vector(self, unit: Unit) -> dict[str, float]:
        """Idf-weighted token vector of a unit's text, date phrases left out."""
        return self._vectors[unit.key]

    def text_vector(self, text: str, day: dt.date) -> dict[str, float]:
        """The vector of any text (part of a unit, say), built like a unit's."""
        return self._weigh(_without_dates(text, day))

    def _weigh(self, text: str) -> dict[str, float]:
        """Idf weights of a date-free text's terms, names and ids weighed up."""
        return _boost_names(self.weights.vector(text), text)

    def similarity(self, a: Unit, b: Unit) -> float:
        """Weighted token cosine of two units."""
        return cosine(self.vector(a), self.vector(b))

    def id_relation(self, unit: Unit, members: Sequence[Unit]) -> int:
        """What tracker ids say about ``unit`` joining an item of ``members``.

        -1 when they name different ids of one series (R-03 vs R-05: never one
        item), 1 when they share one ("can we close PRJ-135?" is about PRJ-135
        whatever its wording), else 0.
        """
        ids = self._ids[unit.key]
        if not ids:
            return 0
        shared = 0
        for member in members:
            other = self._ids[member.key]
            for series, numbers in ids.items():
                if series in other:
                    if not numbers & other[series]:
                        return -1
                    shared = 1
        return shared

    def evidence(self, unit: Unit) -> Evidence:
        """Evidence pointing at a unit's exact span."""
        return evidence_at(self.doc(unit), unit.start, unit.end)

    def author(self, unit: Unit) -> tuple[str | None, str | None]:
        """Who wrote or said a unit: (name, email) from speaker or email sender."""
        if unit.speaker:
            return unit.speaker, None
        doc = self.doc(unit)
        if doc.doc_type.value != "email" or unit.kind == "quoted":
            return None, None
        for p in doc.participants:
            if p.source == "from":
                return p.name, p.email
        match = _FROM.search(doc.text)
        if match:
            return match.group(1).strip(), (match.group(2) or "").strip() or None
        return None, None

    def is_vendor_email(self, email: str | None) -> bool:
        """True when an address belongs to one of the vendor's domains."""
        if not email:
            return False
        domain = email.rsplit("@", 1)[-1].lower()
        return any(domain == d or domain.endswith("." + d) for d in self.vendor_domains)

    def is_vendor_name(self, name: str) -> bool:
        """True when the people directory knows ``name`` as a vendor-side person."""
        return bool(self.directory is not None and self.directory.is_vendor(name))

    def customer_person_in(self, text: str) -> str | None:
        """The first customer person named in ``text``, by full name, if any."""
        if self.directory is None:
            return None
        for mention in self.directory.find_mentions(text):
            person = self.directory.resolve(mention)
            name = getattr(person, "name", None) if person is not None else None
            if name and not self.directory.is_vendor(name):
                return str(name)
        return None

    def group(self, candidates: list[Candidate], threshold: float) -> list[Group]:
        """Cluster candidates of one category into items, strongest seeds first."""
        ordered = sorted(candidates, key=lambda c: (-c.score, c.unit.key))
        clusters: list[list[int]] = []
        for i, cand in enumerate(ordered):
            best, best_sim = -1, threshold
            for c, members in enumerate(clusters):
                relation = self.id_relation(cand.unit, [ordered[j].unit for j in members])
                if relation < 0:
                    continue
                bonus = SAME_ID_BONUS * relation
                seed_sim = self.similarity(cand.unit, ordered[members[0]].unit) + bonus
                sim = bonus + max(self.similarity(cand.unit, ordered[j].unit)
                                  for j in members[:MAX_COMPARED])
                if sim >= best_sim and seed_sim >= threshold * SEED_FACTOR:
                    best, best_sim = c, sim
            if best >= 0:
                clusters[best].append(i)
            else:
                clusters.append([i])
        return [Group([ordered[i] for i in members]) for members in clusters]

    def top_groups(self, category: str, *, threshold: float, similarity: float, max_items: int,
                   support: Callable[[Unit], bool], support_similarity: float,
                   regroup: Callable[[list[Group]], list[Group]] | None = None) -> list[Group]:
        """A category's items: candidate units grouped across documents, strongest first.

        Units scoring ``threshold`` or more become candidates and are grouped by
        ``similarity``; the best ``max_items`` per ~8 documents are kept, then units
        ``support`` accepts join the group they talk about as extra evidence.
        """
        candidates = [Candidate(u, s) for u in self.units
                      if (s := self.prob(category, u)) >= threshold]
        groups = self.group(candidates, similarity)
        if regroup is not None:
            groups = regroup(groups)
        groups.sort(key=lambda g: (-group_score(g, self), g.seed.unit.key))
        groups = groups[:item_cap(max_items, self)]
        self.attach_support(groups, support, support_similarity)
        return groups

    def attach_support(self, groups: list[Group], accept: Callable[[Unit], bool],
                       threshold: float) -> None:
        """Add non-candidate units that talk about a group's item as extra evidence.

        A unit joins the single group it is most similar to, if ``accept`` allows
        it and the similarity reaches ``threshold``; a unit that names an item's
        tracker id needs no ``accept`` ("CR-11: as I mentioned on Tuesday's call").
        """
        taken = {c.unit.key for g in groups for c in g.members}
        for unit in self.units:
            if unit.key in taken:
                continue
            accepted = accept(unit)
            if not accepted and not self._ids[unit.key]:
                continue
            best, best_sim = None, threshold
            for group in groups:
                relation = self.id_relation(unit, [c.unit for c in group.members])
                if relation < 0 or (not accepted and relation == 0):
                    continue
                bonus = SAME_ID_BONUS * relation
                sim = bonus + max(self.similarity(unit, c.unit)
                                  for c in group.members[:MAX_COMPARED])
                if sim >= best_sim:
                    best, best_sim = group, sim
            if best is not None:
                best.support.append(unit)


_NAME_TOKEN = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][A-Za-z0-9&\-]+|[A-Z]{2,}[\w\-]*|[A-Z]+-\d+)")


def _boost_names(vector: dict[str, float], text: str) -> dict[str, float]:
    """Weigh names, acronyms and ids ("Intacct", "JPM", "R-03") up: they identify an item."""
    names = {m.group(1).lower() for m in _NAME_TOKEN.finditer(text)}
    return {t: (w * NAME_BOOST if t in names else w) for t, w in vector.items()}


def _without_dates(text: str, ref: dt.date) -> str:
    """The text with its date phrases blanked: "pitched 4/16" and "asked 4/17" share a
    month number, not a topic."""
    for mention in reversed(find_dates(text, ref)):
        text = text[:mention.start] + " " + text[mention.end:]
    return text


def tracker_ids(text: str) -> dict[str, set[str]]:
    """Tracker ids in a text, by series: {"R": {"03"}, "CR": {"11"}}."""
    ids: dict[str, set[str]] = {}
    for match in _TRACKER_ID.finditer(text):
        if match.group(1) in _NOT_TRACKERS:
            continue
        ids.setdefault(match.group(1), set()).add(match.group(2).lstrip("0") or "0")
    return ids


def item_cap(base: int, analysis: Analysis) -> int:
    """How many items of a category to keep: ``base`` per ~8 documents (a typical account)."""
    return max(base, round(base * len(analysis.documents) / 8))


def group_score(group: Group, analysis: Analysis) -> float:
    """Rank of an item: its best mention, plus a bonus for repeated mentions across documents."""
    docs = {u.doc_index for u in group.units()}
    return group.seed.score + 0.08 * (len(docs) - 1) + 0.03 * (len(group.members) - 1)
