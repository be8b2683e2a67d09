"""Cross-document merge, grounding check, stable ids and ordering of a record.

Every engine's draft goes through :func:`finalize_record`: evidence that is not
verbatim at its offsets is re-aligned or dropped (and counted), duplicate items
within a category (the same risk in notes, an email and a status page) become
one item whose evidence lists every mention, the fields of the most recent
mention win, and ids and order are derived from content so the same inputs give
byte-identical JSON.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

import snowballstemmer

from extractor.documents import Document, stable_id
from extractor.engines.base import ExtractionContext
from extractor.grounding import evidence_for, is_grounded
from extractor.models import CATEGORIES, Evidence, HandoffRecord, Item, Stakeholder

T = TypeVar("T")

_STEMMER = snowballstemmer.stemmer("english")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'\-]*[A-Za-z0-9]|\d[\d,.]*%?")
STOPWORDS = frozenset((
    'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any',
    'are', 'as', 'at', 'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both',
    'but', 'by', 'can', 'could', 'did', 'do', 'does', 'doing', 'down', 'during', 'each', 'few',
    'for', 'from', 'further', 'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'him',
    'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'me', 'more',
    'most', 'my', 'no', 'nor', 'not', 'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other',
    'our', 'ours', 'out', 'over', 'own', 'same', 'she', 'should', 'so', 'some', 'such', 'than',
    'that', 'the', 'their', 'theirs', 'them', 'then', 'there', 'these', 'they', 'this', 'those',
    'through', 'to', 'too', 'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what', 'when',
    'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your',
    'yours', 'yes', 'yeah', 'ok', 'okay', 'hi', 'thanks', 'thank', 'please', 'also', 'get', 'got',
    'going', 'gonna', 'let', 'lets', 'one', 'two', 'three', 'said', 'says', 'say', 'told', 'tell',
    'asked', 'ask', 'think', 'know', 'need', 'needs', 'want', 'wants', 'like', 'really', 'still',
    'just', 'well', 'much', 'many', 'way', 'thing', 'things', 'lot', 'bit', 'week', 'weeks',
    'day', 'days', 'today', 'yesterday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
    'mon', 'tue', 'tues', 'wed', 'weds', 'thu', 'thurs', 'fri', 'team', 'project', 'call',
    'meeting', 'note', 'notes', 'update', 'status', 'email', 're', 'fw', 'fwd', 'per', 'via',
    'etc', 'vs',
))


@functools.lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    """Snowball (Porter2) stem, so "keyed"/"key" and "IEPs"/"IEP" count as one term."""
    if not token[0].isalpha():
        return token
    return _STEMMER.stemWord(token)


def tokens(text: str) -> list[str]:
    """Content tokens of a text: lower-cased, stopwords dropped, plural 's' folded."""
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        token = raw.lower().strip("'")
        if token in STOPWORDS or (len(token) < 2 and not token.isdigit()):
            continue
        out.append(_stem(token))
    return out


class TermWeights:
    """Inverse document frequency over a set of texts, for weighted token overlap."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.total = max(1, len(texts))
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(set(tokens(text)))
        self.counts = counts

    def weight(self, token: str) -> float:
        """IDF of a token; unseen tokens are rare and weigh most."""
        return math.log((1 + self.total) / (1 + self.counts.get(token, 0))) + 0.1

    def vector(self, text: str) -> dict[str, float]:
        """Binary idf-weighted bag of content tokens."""
        return {t: self.weight(t) for t in sorted(set(tokens(text)))}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two sparse weight vectors."""
    if not a or not b:
        return 0.0
    shared = sum(a[t] * b[t] for t in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return shared / norm if norm else 0.0


def greedy_clusters(count: int, similarity: Callable[[int, int], float],
                    threshold: float) -> list[list[int]]:
    """Group indices 0..count-1 (visited in that order) by best-link similarity.

    Each index joins the existing cluster holding its most similar member when
    that similarity reaches ``threshold``, else starts a new cluster. Callers
    order indices strongest-first so each cluster is seeded by its best mention.
    """
    clusters: list[list[int]] = []
    for i in range(count):
        best, best_sim = -1, threshold
        for c, members in enumerate(clusters):
            sim = max(similarity(i, j) for j in members)
            if sim >= best_sim:
                best, best_sim = c, sim
        if best >= 0:
            clusters[best].append(i)
        else:
            clusters.append([i])
    return clusters


# --------------------------------------------------------------------- finalize

def _evidence_key(ev: Evidence) -> tuple[str, str, int, int]:
    """Chronological, then positional order of evidence."""
    return (ev.doc_date.isoformat() if ev.doc_date else "", ev.source, ev.start, ev.end)


def _ground(items: list[Item], docs: dict[str, Document]) -> tuple[list[Item], int]:
    """Keep only evidence verbatim at its offsets (re-aligning quotes that moved)."""
    dropped = 0
    kept: list[Item] = []
    for item in items:
        good: list[Evidence] = []
        for ev in item.evidence:
            doc = docs.get(ev.doc_id)
            if doc is None:
                dropped += 1
                continue
            if is_grounded(ev, doc):
                good.append(ev)
                continue
            fixed = evidence_for(doc, ev.quote)
            if fixed is None:
                dropped += 1
            else:
                good.append(fixed)
        if good:
            kept.append(item.model_copy(update={"evidence": _dedupe_evidence(good)}))
    return kept, dropped


def _dedupe_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Sorted evidence with exact duplicates and contained spans removed."""
    out: list[Evidence] = []
    for ev in sorted(evidence, key=lambda e: (_evidence_key(e), -(e.end - e.start))):
        if any(o.doc_id == ev.doc_id and o.start <= ev.start and ev.end <= o.end for o in out):
            continue
        out.append(ev)
    return sorted(out, key=_evidence_key)


def item_text(item: Item) -> str:
    """The main free-text field of an item (statement, summary or name)."""
    for field in ("statement", "summary", "name"):
        value = getattr(item, field, None)
        if value:
            return str(value)
    return ""


def _overlaps(a: Item, b: Item) -> bool:
    """True when two items cite overlapping spans of the same document."""
    return any(x.doc_id == y.doc_id and x.start < y.end and y.start < x.end
               for x in a.evidence for y in b.evidence)


def _same_item(a: Item, b: Item, weights: TermWeights, threshold: float) -> bool:
    """Two drafts describe one real-world item."""
    if isinstance(a, Stakeholder) and isinstance(b, Stakeholder):
        return _name_key(a.name) == _name_key(b.name)
    if _overlaps(a, b):
        return True
    va, vb = weights.vector(item_text(a)), weights.vector(item_text(b))
    return cosine(va, vb) >= threshold or containment(va, vb) >= 0.85


def containment(a: dict[str, float], b: dict[str, float], min_tokens: int = 4) -> float:
    """Share of the shorter text's weight that the longer one repeats (0 for short texts)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < min_tokens:
        return 0.0
    total = sum(small.values())
    return sum(v for t, v in small.items() if t in large) / total if total else 0.0


def _name_key(name: str) -> str:
    """Case- and space-folded person name."""
    return " ".join(name.lower().split())


def _latest(item: Item) -> tuple[str, ...]:
    """Sort key of an item's most recent evidence (later documents win)."""
    return max((_evidence_key(e)[:2] for e in item.evidence), default=("", ""))


def merge_items(items: Sequence[Item], weights: TermWeights | None = None,
                threshold: float = 0.6) -> list[Item]:
    """Merge drafts of one category that describe the same real-world item.

    Drafts merge when they cite overlapping spans or their texts are similar
    (idf-weighted token cosine, idf from ``weights``, by default from the drafts).
    The merged item keeps the fields of its most recently evidenced draft and
    the union of all drafts' evidence.
    """
    ordered = sorted(items, key=lambda it: (_evidence_key(it.evidence[0]), item_text(it)))
    weights = weights or TermWeights([item_text(it) for it in ordered])
    groups = greedy_clusters(len(ordered), lambda i, j: 1.0 if _same_item(
        ordered[i], ordered[j], weights, threshold) else 0.0, 0.5)
    merged: list[Item] = []
    for group in groups:
        members = [ordered[i] for i in group]
        lead = max(members, key=lambda it: (_latest(it), it.confidence, item_text(it)))
        evidence = _dedupe_evidence([e for it in members for e in it.evidence])
        confidence = max(it.confidence for it in members)
        merged.append(lead.model_copy(update={"evidence": evidence, "confidence": confidence}))
    return merged


def _with_id(category: str, account: str, item: Item) -> Item:
    """Give an item an id derived from its category, first evidence and text."""
    first = item.evidence[0]
    key = (_name_key(item_text(item)) if isinstance(item, Stakeholder)
           else f"{first.doc_id}:{first.start}")
    return item.model_copy(update={"id": stable_id(category, account, key, length=12)})


def finalize_record(record: HandoffRecord, documents: Sequence[Document],
                    context: ExtractionContext) -> HandoffRecord:
    """Ground, merge, id and order a draft record; the single exit of every engine.

    Args:
        record: the engine's draft; items may repeat across documents.
        documents: the documents the draft was extracted from.
        context: the account and as-of date.

    Returns:
        A new record with only grounded evidence, one item per real-world item,
        stable content-derived ids and a deterministic order.
    """
    docs = {d.doc_id: d for d in documents}
    weights = TermWeights([line for d in documents for line in d.text.splitlines() if line.strip()])
    updates: dict[str, list[Item]] = {}
    dropped_total = 0
    for category in CATEGORIES:
        grounded, dropped = _ground(record.items(category), docs)
        dropped_total += dropped
        merged = [_with_id(category, context.account, it) for it in merge_items(grounded, weights)]
        updates[category] = sorted(merged, key=lambda it: (_evidence_key(it.evidence[0]), it.id))
    stats = record.stats.model_copy(update={
        "dropped_ungrounded": record.stats.dropped_ungrounded + dropped_total,
        "documents": len(documents)})
    return record.model_copy(update={**updates, "stats": stats})
