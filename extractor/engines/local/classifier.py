"""A small logistic-regression unit classifier per category, stored as JSON.

The model says how likely a unit is to be evidence of a success criterion, an
expansion signal or a risk. It is trained by :mod:`training` on labelled
accounts; its vocabulary is restricted to features seen in several accounts so
it learns language, not names. The weights file is versioned data under
``prompts/local/`` and its hash goes into every record's ``prompt_version``.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache

from extractor.errors import PromptError

CATEGORIES = ("success_criteria", "expansion_signals", "risks")
MODEL_FILE = "unit_classifier.json"


@dataclass(frozen=True)
class UnitClassifier:
    """Per-category weights over sparse binary features."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    version: str
    trained_on: tuple[str, ...] = ()  # labelled account slugs: eval flags those as in-sample

    def probability(self, category: str, features: list[str]) -> float:
        """P(unit is evidence of ``category``) for a unit's features."""
        table = self.weights.get(category, {})
        z = self.bias.get(category, 0.0) + sum(table.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        """Deterministic JSON of the model."""
        return json.dumps({"schema": "unit-classifier/1", "weights": self.weights,
                           "bias": self.bias, "trained_on": sorted(self.trained_on)},
                          sort_keys=True, indent=0) + "\n"


def from_json(text: str) -> UnitClassifier:
    """Parse and check a model file.

    Raises:
        PromptError: the file is not a unit-classifier/1 model.
    """
    try:
        data = json.loads(text)
        weights = {c: {str(k): float(v) for k, v in data["weights"][c].items()} for c in CATEGORIES}
        bias = {c: float(data["bias"][c]) for c in CATEGORIES}
        trained_on = tuple(str(name) for name in data.get("trained_on", []))
    except (ValueError, KeyError, TypeError) as exc:
        raise PromptError(f"local engine classifier file is invalid: {exc}") from exc
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return UnitClassifier(weights, bias, version, trained_on)


@lru_cache(maxsize=1)
def load_classifier() -> UnitClassifier:
    """The packaged model (read once per process)."""
    from extractor.prompt_files import default_root

    path = default_root() / "local" / MODEL_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PromptError(f"local engine classifier missing: prompts/local/{MODEL_FILE}") from exc
    return from_json(text)
