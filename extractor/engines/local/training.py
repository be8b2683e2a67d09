"""Train the unit classifier from labelled accounts (handoff-gold/1).

A unit is a positive example of a category when it overlaps a gold evidence
quote of that category. Only features used in at least ``min_accounts``
accounts are kept, so names of customers, people and products cannot become
weights. Evaluate with leave-one-account-out: train on all accounts but one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize

from extractor.engines.local.analysis import Analysis
from extractor.engines.local.classifier import CATEGORIES, UnitClassifier, from_json
from extractor.engines.local.features import unit_features
from extractor.grounding import align


@dataclass
class LabelledAccount:
    """Feature lists of one account's units and, per category, which are evidence."""

    name: str
    features: list[list[str]]
    labels: dict[str, list[int]]


def relative_positions(analysis: Analysis) -> list[float]:
    """Each document's position in the account's timeline, 0.0 (first) to 1.0 (last)."""
    n = len(analysis.documents)
    return [i / (n - 1) if n > 1 else 1.0 for i in range(n)]


def features_of(analysis: Analysis) -> list[list[str]]:
    """Feature lists of every unit of an account, in unit order."""
    positions = relative_positions(analysis)
    return [unit_features(u, analysis.doc(u).doc_type.value, positions[u.doc_index])
            for u in analysis.units]


def label_account(name: str, analysis: Analysis, gold: dict[str, Any]) -> LabelledAccount:
    """Mark the units that overlap a gold evidence quote, per category."""
    by_source = {d.source: i for i, d in enumerate(analysis.documents)}
    labels: dict[str, list[int]] = {}
    for category in CATEGORIES:
        spans: list[tuple[int, int, int]] = []
        for item in gold.get(category, []):
            for ev in item.get("evidence", []):
                index = by_source.get(ev.get("doc", ""))
                if index is None:
                    continue
                found = align(analysis.documents[index].text, ev.get("quote", ""))
                if found is not None:
                    spans.append((index, found.start, found.end))
        labels[category] = [int(any(u.doc_index == d and u.start < e and s < u.end
                                    for d, s, e in spans)) for u in analysis.units]
    return LabelledAccount(name, features_of(analysis), labels)


def _vocabulary(accounts: Sequence[LabelledAccount], min_accounts: int) -> list[str]:
    """Features present in at least ``min_accounts`` accounts, sorted."""
    seen: dict[str, set[str]] = {}
    for account in accounts:
        for feats in account.features:
            for f in feats:
                seen.setdefault(f, set()).add(account.name)
    return sorted(f for f, names in seen.items() if len(names) >= min_accounts)


def _fit(matrix: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by L-BFGS; returns (weights, bias)."""
    n, d = matrix.shape
    pos_weight = max(1.0, (len(y) - y.sum()) / max(1.0, y.sum()) / 3.0)
    sample_w = np.where(y > 0, pos_weight, 1.0)

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:d], params[d]
        z = matrix @ w + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-9
        value = -np.sum(sample_w * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        value += 0.5 * l2 * float(w @ w)
        grad_z = sample_w * (p - y)
        grad = np.concatenate([matrix.T @ grad_z + l2 * w, [grad_z.sum()]])
        return float(value), grad

    result = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B",
                      options={"maxiter": 300})
    return result.x[:d], float(result.x[d])


def train(accounts: Sequence[LabelledAccount], *, min_accounts: int = 3,
          l2: float = 4.0) -> UnitClassifier:
    """Fit one logistic regression per category on labelled accounts."""
    vocab = _vocabulary(accounts, min_accounts)
    index = {f: i for i, f in enumerate(vocab)}
    rows = [feats for account in accounts for feats in account.features]
    matrix = np.zeros((len(rows), len(vocab)), dtype=np.float64)
    for r, feats in enumerate(rows):
        for f in feats:
            if f in index:
                matrix[r, index[f]] = 1.0
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for category in CATEGORIES:
        y = np.array([lab for a in accounts for lab in a.labels[category]], dtype=np.float64)
        w, b = _fit(matrix, y, l2)
        weights[category] = {f: round(float(v), 4) for f, v in zip(vocab, w) if abs(v) >= 1e-3}
        bias[category] = round(b, 4)
    draft = UnitClassifier(weights, bias, "")
    return from_json(draft.to_json())
