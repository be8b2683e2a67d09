"""One-to-one matching of predicted items to gold items within a category.

Route 1, evidence: a prediction whose evidence overlaps a gold item's located
quote in the same document is a candidate for that item; the optimal
assignment (Hungarian, ``scipy.optimize.linear_sum_assignment``) prefers pairs
that cover more of the item's quotes and read alike. For stakeholders the
names must also agree: two people quoted in one sentence are not one person.
Route 2, text: only predictions that overlap no gold item's evidence may match
the gold items left over, and only above a high similarity threshold. Anything
left is a false positive (including duplicates) or a false negative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from eval.fields import KEY_FIELD, fallback_similarity, names_equal, text_similarity
from eval.locate import Span

FALLBACK_THRESHOLD = 0.9


@dataclass
class Candidate:
    """What the matcher needs from one item: its fields and its evidence spans."""

    fields: dict[str, Any]
    spans: list[Span]


@dataclass
class MatchResult:
    """Pairs (gold index, prediction index, route) and what stayed unmatched."""

    pairs: list[tuple[int, int, str]] = field(default_factory=list)
    unmatched_gold: list[int] = field(default_factory=list)
    unmatched_predicted: list[int] = field(default_factory=list)

    def routes(self) -> dict[str, int]:
        counts = {"evidence": 0, "text": 0}
        for _, _, route in self.pairs:
            counts[route] += 1
        return counts


def coverage(gold: Sequence[Span], predicted: Sequence[Span]) -> float:
    """Mean share of each gold quote covered by the best-overlapping predicted span."""
    if not gold or not predicted:
        return 0.0
    total = 0.0
    for g in gold:
        best = max(g.overlap(p) for p in predicted)
        total += min(1.0, best / g.length)
    return total / len(gold)


def _evidence_weights(category: str, gold: Sequence[Candidate],
                      predicted: Sequence[Candidate]) -> np.ndarray:
    """Pair weights for the evidence route; 0 where a pair is not a candidate."""
    key = KEY_FIELD[category]
    weights = np.zeros((len(gold), len(predicted)))
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            cover = coverage(g.spans, p.spans)
            if cover <= 0.0:
                continue
            if category == "stakeholders" and not names_equal(g.fields.get(key),
                                                              p.fields.get(key)):
                continue
            similarity = text_similarity(g.fields.get(key), p.fields.get(key))
            weights[i, j] = 1.0 + cover + 0.5 * similarity
    return weights


def _assign(weights: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one assignment, keeping only positive-weight pairs."""
    if weights.size == 0 or not weights.any():
        return []
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if weights[r, c] > 0]


def match_items(category: str, gold: Sequence[Candidate], predicted: Sequence[Candidate],
                *, threshold: float = FALLBACK_THRESHOLD) -> MatchResult:
    """Match predictions to gold items of one category, evidence route first.

    Args:
        category: record key, e.g. "risks".
        gold: gold items with their located quote spans.
        predicted: predicted items with their evidence spans.
        threshold: minimum fallback similarity (0..1) for the text route.
    """
    evidence = _evidence_weights(category, gold, predicted)
    result = MatchResult()
    result.pairs = [(i, j, "evidence") for i, j in _assign(evidence)]
    matched_gold = {i for i, _, _ in result.pairs}
    matched_pred = {j for _, j, _ in result.pairs}
    free_gold = [i for i in range(len(gold)) if i not in matched_gold]
    # Only predictions with no evidence candidate at all may use the fallback,
    # so a duplicate of an already matched item stays a false positive.
    free_pred = [j for j in range(len(predicted)) if not evidence[:, j].any()]
    text = np.zeros((len(free_gold), len(free_pred)))
    for a, i in enumerate(free_gold):
        for b, j in enumerate(free_pred):
            score = fallback_similarity(category, gold[i].fields, predicted[j].fields)
            text[a, b] = score if score >= threshold else 0.0
    for a, b in _assign(text):
        result.pairs.append((free_gold[a], free_pred[b], "text"))
        matched_gold.add(free_gold[a])
        matched_pred.add(free_pred[b])
    result.unmatched_gold = [i for i in range(len(gold)) if i not in matched_gold]
    result.unmatched_predicted = [j for j in range(len(predicted)) if j not in matched_pred]
    return result
