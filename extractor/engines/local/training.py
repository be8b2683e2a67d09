"""Train the unit classifier from labelled accounts (handoff-gold/1).

A unit is a positive example of a category when it overlaps a gold evidence
quote of that category. Only features used in at least ``min_accounts``
accounts are kept, so names of customers, people and products cannot become
weights. Evaluate with leave-one-account-out: train on all accounts but one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from extractor.engines.local.analysis import Analysis
from extractor.engines.local.classifier import CATEGORIES, UnitClassifier, from_json
from extractor.engines.local.features import features_of
from extractor.grounding import align
from extractor.models import HandoffRecord


@dataclass
class LabelledAccount:
    """Feature lists of one account's units and, per category, which are evidence."""

    name: str
    features: list[list[str]]
    labels: dict[str, list[int]]
    person_tokens: frozenset[str] = frozenset()  # name parts of the account's people


Span = tuple[str, int, int]  # (doc_id, start, end)


def spans_from_gold(analysis: Analysis, gold: dict[str, Any]) -> dict[str, list[Span]]:
    """Located evidence spans of a gold.json (handoff-gold/1), per category."""
    by_source = {d.source: d for d in analysis.documents}
    out: dict[str, list[Span]] = {}
    for category in CATEGORIES:
        spans: list[Span] = []
        for item in gold.get(category, []):
            for ev in item.get("evidence", []):
                doc = by_source.get(ev.get("doc", ""))
                found = align(doc.text, ev.get("quote", "")) if doc is not None else None
                if doc is not None and found is not None:
                    spans.append((doc.doc_id, found.start, found.end))
        out[category] = spans
    return out


def spans_from_record(record: HandoffRecord) -> dict[str, list[Span]]:
    """Evidence spans of a labelled HandoffRecord, per category."""
    return {c: [(e.doc_id, e.start, e.end) for item in record.items(c) for e in item.evidence]
            for c in CATEGORIES}


def label_account(name: str, analysis: Analysis, spans: dict[str, list[Span]]) -> LabelledAccount:
    """Mark the units that overlap a labelled evidence span, per category."""
    labels: dict[str, list[int]] = {}
    for category in CATEGORIES:
        by_doc: dict[str, list[tuple[int, int]]] = {}
        for doc_id, start, end in spans.get(category, []):
            by_doc.setdefault(doc_id, []).append((start, end))
        labels[category] = [
            int(any(u.start < e and s < u.end for s, e in by_doc.get(analysis.doc(u).doc_id, [])))
            for u in analysis.units]
    return LabelledAccount(name, features_of(analysis), labels)


def _vocabulary(accounts: Sequence[LabelledAccount], min_accounts: int) -> list[str]:
    """Features present in at least ``min_accounts`` accounts, sorted, with no person names.

    A first name can recur across accounts (two "Aisha"s), so the account filter alone
    lets names carry weight; word features holding any training account's person-name
    parts are dropped, since other accounts have other people.
    """
    names = frozenset().union(*(a.person_tokens for a in accounts))
    seen: dict[str, set[str]] = {}
    for account in accounts:
        for feats in account.features:
            for f in feats:
                seen.setdefault(f, set()).add(account.name)
    return sorted(f for f, accounts_seen in seen.items()
                  if len(accounts_seen) >= min_accounts and not _names_a_person(f, names))


def _names_a_person(feature: str, names: frozenset[str]) -> bool:
    """True for a word/pair/heading feature with a person's name part in it."""
    kind, _, body = feature.partition(":")
    return kind in ("w", "b", "h") and any(t in names for t in body.split("_"))


def person_tokens(analysis: Analysis, gold: dict[str, Any]) -> frozenset[str]:
    """Lower-cased name parts of everyone the account names (people directory and labels)."""
    from extractor.engines.local.features import words
    from extractor.people import PeopleDirectory

    directory = PeopleDirectory.build(analysis.documents, analysis.context)
    names = [n for p in directory.customers() + directory.vendors() for n in (p.name, *p.aliases)]
    names += [s.get("name") or "" for s in gold.get("stakeholders", [])]
    names += [e.get("mentioned_by") or "" for e in gold.get("expansion_signals", [])]
    return frozenset(t for n in names for t in words(n) if len(t) > 1)


def _fit(matrix: Any, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by L-BFGS; returns (weights, bias)."""
    d = matrix.shape[1]
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
    cells = [(r, index[f]) for r, feats in enumerate(rows) for f in feats if f in index]
    coords = ([r for r, _ in cells], [c for _, c in cells])
    matrix = sparse.csr_matrix((np.ones(len(cells)), coords), shape=(len(rows), len(vocab)))
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for category in CATEGORIES:
        y = np.array([lab for a in accounts for lab in a.labels[category]], dtype=np.float64)
        w, b = _fit(matrix, y, l2)
        weights[category] = {f: round(float(v), 4)
                             for f, v in zip(vocab, w, strict=True) if abs(v) >= 1e-3}
        bias[category] = round(b, 4)
    draft = UnitClassifier(weights, bias, "", tuple(sorted(a.name for a in accounts)))
    return from_json(draft.to_json())


def labelled_from_dir(account_dir: Path) -> LabelledAccount:
    """Parse one labelled account folder (account.json, docs/, gold.json) into training rows."""
    from extractor.account import load_account_info
    from extractor.parsing import parse_file
    from extractor.pipeline import build_context

    docs = sorted((parse_file(p, account=account_dir.name, source=f"docs/{p.name}")
                   for p in sorted((account_dir / "docs").iterdir()) if p.is_file()),
                  key=lambda d: (d.date, d.source, d.doc_id))
    info = load_account_info(account_dir)
    context = build_context(account_dir.name, docs, info)
    analysis = Analysis([d for d in docs if d.date <= context.as_of], context)
    gold = json.loads((account_dir / "gold.json").read_text(encoding="utf-8"))
    labelled = label_account(account_dir.name, analysis, spans_from_gold(analysis, gold))
    labelled.person_tokens = person_tokens(analysis, gold)
    return labelled


@lru_cache(maxsize=256)
def labelled_cached(account_dir: Path) -> LabelledAccount:
    """``labelled_from_dir`` once per folder and process (cross-validation refits 20 times)."""
    return labelled_from_dir(account_dir)


def train_from_dataset(dataset: Path, exclude: Sequence[str] = ()) -> UnitClassifier:
    """Train on every labelled account folder of a dataset except ``exclude``."""
    folders = [p for p in sorted(dataset.iterdir())
               if (p / "gold.json").is_file() and p.name not in exclude]
    return train([labelled_from_dir(p) for p in folders])


if __name__ == "__main__":  # python -m extractor.engines.local.training DATASET OUT [EXCLUDE...]
    import sys

    model = train_from_dataset(Path(sys.argv[1]), exclude=sys.argv[3:])
    Path(sys.argv[2]).write_text(model.to_json(), encoding="utf-8")
