"""The eval report: a pydantic model with a stable JSON shape, plus Markdown and deltas.

The top-level keys named in the issue (engine, dataset, accounts, micro,
macro_f1, categories, fields, grounding_rate, qa, per_account, seconds) are a
contract CI and dashboards read; everything else is extra and may grow.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from extractor.errors import InputError

REPORT_SCHEMA = "handoff-eval/1"


class PRF(BaseModel):
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0


class CategoryScore(PRF):
    tp: int = 0
    fp: int = 0
    fn: int = 0


class QAScore(BaseModel):
    """Q&A over the account store: did a cited source hold the answer, did it say it."""

    hit_at_k: float | None = None
    mention_rate: float | None = None
    all_mentioned_rate: float | None = None
    k: int = 5
    questions: int = 0
    failed: int = 0


class Miss(BaseModel):
    """A gold item no prediction matched, or a prediction no gold item matched."""

    category: str
    id: str | None = None
    text: str = ""
    doc: str | None = None
    quote: str | None = None
    mentions: int = 0  # gold: how many quotes label it (more = a worse miss)
    confidence: float | None = None  # prediction: the engine's confidence


class FieldError(BaseModel):
    """A matched pair that disagrees on an exact field."""

    category: str
    gold_id: str
    field: str
    gold: Any = None
    predicted: Any = None


class Scores(BaseModel):
    """The extraction numbers, for the whole run or for cross-validation."""

    micro: PRF = Field(default_factory=PRF)
    macro_f1: float = 0.0
    categories: dict[str, CategoryScore] = Field(default_factory=dict)
    fields: dict[str, float] = Field(default_factory=dict)
    free_text: dict[str, float] = Field(default_factory=dict)
    grounding_rate: float = 1.0
    matches_by_route: dict[str, int] = Field(default_factory=dict)
    # 95% account-bootstrap intervals, "fields/risks.status" -> [low, high] (eval.intervals)
    intervals: dict[str, list[float]] = Field(default_factory=dict)


class AccountReport(Scores):
    status: Literal["ok", "failed"] = "ok"
    error: str | None = None
    error_trace: str | None = None
    gold_items: int = 0
    predicted_items: int = 0
    gold_quotes: int = 0
    qa: QAScore | None = None
    questions: list[dict[str, Any]] = Field(default_factory=list)
    seconds: float = 0.0
    qa_seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list)
    unmatched_gold: list[Miss] = Field(default_factory=list)
    unmatched_predictions: list[Miss] = Field(default_factory=list)
    field_errors: list[FieldError] = Field(default_factory=list)
    ungrounded: list[dict[str, Any]] = Field(default_factory=list)
    gold_quotes_unlocated: list[dict[str, str]] = Field(default_factory=list)


class EvalReport(Scores):
    schema_: str = Field(default=REPORT_SCHEMA, alias="schema")
    engine: str
    model: str | None = None
    dataset: str
    accounts: int = 0
    grounding: dict[str, int] = Field(default_factory=dict)
    qa: QAScore = Field(default_factory=QAScore)
    per_account: dict[str, AccountReport] = Field(default_factory=dict)
    failed_accounts: list[dict[str, str]] = Field(default_factory=list)
    gold_quotes: dict[str, int] = Field(default_factory=dict)
    learned_from_labels: bool = False
    in_sample_accounts: list[str] = Field(default_factory=list)
    cv: Scores | None = None
    warnings: list[str] = Field(default_factory=list)
    compare: dict[str, Any] | None = None
    seconds: float = 0.0
    created_at: str = ""

    model_config = {"populate_by_name": True}

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2) + "\n"


def load_report(path: Path) -> dict[str, Any]:
    """Read a saved report as plain JSON (older shapes are still comparable).

    Raises:
        InputError: the file is missing or not JSON.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: baseline report not found") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not a JSON report ({exc.msg})") from exc


def _number(data: dict[str, Any], path: str) -> float | None:
    value: Any = data
    for part in path.split("/"):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, (int, float)) and value is not None else None


def headline_keys(report: dict[str, Any]) -> list[str]:
    """Slash paths of the numbers worth comparing between two reports."""
    keys = ["micro/precision", "micro/recall", "micro/f1", "macro_f1", "grounding_rate",
            "qa/hit_at_k", "qa/mention_rate"]
    keys += [f"categories/{c}/f1" for c in sorted(report.get("categories") or {})]
    keys += [f"fields/{f}" for f in sorted(report.get("fields") or {})]
    keys += [f"free_text/{f}" for f in sorted(report.get("free_text") or {})]
    return keys


def compare_reports(current: dict[str, Any], baseline: dict[str, Any]
                    ) -> dict[str, dict[str, float | None]]:
    """Per-metric current, baseline and delta (None where either side lacks it)."""
    deltas: dict[str, dict[str, float | None]] = {}
    for key in headline_keys(current):
        now, before = _number(current, key), _number(baseline, key)
        delta = None if now is None or before is None else round(now - before, 4)
        deltas[key] = {"current": now, "baseline": before, "delta": delta}
    return deltas
