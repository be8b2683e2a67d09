"""Account-level bootstrap intervals for the headline numbers.

A dev set of 20 accounts gives field accuracies from 50-150 matched items, so one
item more or less moves a figure by one to two points: without an interval nobody
can tell a real change from noise. Items of one account share writers, documents
and grouping mistakes, so the account, not the item, is the unit resampled.
The resampling is seeded, so the same tallies always give the same intervals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from eval.scoring import Tally
from extractor.models import CATEGORIES

ROUNDS = 1000
LEVEL = 0.95


def format_interval(bounds: list[float] | None) -> str:
    """"0.691-0.857" for a report's interval, "" when there is none."""
    return f"{bounds[0]:.3f}-{bounds[1]:.3f}" if bounds else ""


def _counts(tallies: Sequence[Tally]) -> tuple[list[str], np.ndarray]:
    """Column names and an accounts x columns matrix of the counts the numbers come from."""
    fields = sorted({name for t in tallies for name in t.field_total})
    columns = [f"{kind}/{c}" for c in CATEGORIES for kind in ("tp", "fp", "fn")]
    columns += [f"{kind}/{name}" for name in fields for kind in ("right", "total")]
    rows = [[*(getattr(t, kind)[c] for c in CATEGORIES for kind in ("tp", "fp", "fn")),
             *(n for name in fields for n in (t.field_right[name], t.field_total[name]))]
            for t in tallies]
    return columns, np.asarray(rows, dtype=float)


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """F1 with the scorer's conventions (nothing to find, nothing found: 1.0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(tp + fp + fn == 0, 1.0, 2 * tp / (2 * tp + fp + fn))
    return np.nan_to_num(f1)


def _headline(columns: list[str], totals: np.ndarray) -> dict[str, np.ndarray]:
    """Micro/macro/category F1 and field accuracies for each row of summed counts."""
    col = {name: totals[:, i] for i, name in enumerate(columns)}
    out: dict[str, np.ndarray] = {}
    for c in CATEGORIES:
        out[f"categories/{c}/f1"] = _f1(col[f"tp/{c}"], col[f"fp/{c}"], col[f"fn/{c}"])
    out["macro_f1"] = sum(out[f"categories/{c}/f1"] for c in CATEGORIES) / len(CATEGORIES)
    out["micro/f1"] = _f1(*(sum(col[f"{kind}/{c}"] for c in CATEGORIES)
                            for kind in ("tp", "fp", "fn")))
    for name in [n[len("total/"):] for n in columns if n.startswith("total/")]:
        total = col[f"total/{name}"]
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"fields/{name}"] = np.where(total > 0, col[f"right/{name}"] / total, np.nan)
    return out


def bootstrap_intervals(tallies: Sequence[Tally], rounds: int = ROUNDS, level: float = LEVEL,
                        seed: int = 0) -> dict[str, list[float]]:
    """Percentile intervals of the headline numbers over accounts drawn with replacement.

    Args:
        tallies: one tally per scored account.
        rounds: resamples drawn.
        level: coverage of the interval (0.95 gives the 2.5th and 97.5th percentiles).
        seed: seeds the resampling, so reports are reproducible.

    Returns:
        ``{"fields/risks.status": [low, high], ...}``; empty for fewer than two accounts.
    """
    if len(tallies) < 2:
        return {}
    columns, counts = _counts(tallies)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(len(tallies), [1 / len(tallies)] * len(tallies), size=rounds)
    tail = (1 - level) / 2 * 100
    result = {}
    for key, values in sorted(_headline(columns, draws @ counts).items()):
        low, high = np.nanpercentile(values, [tail, 100 - tail])
        result[key] = [round(float(low), 3), round(float(high), 3)]
    return result
