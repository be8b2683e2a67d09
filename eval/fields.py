"""Field comparisons between a gold item and a predicted one.

Exact fields (dates, enums, booleans) and names are scored as right or wrong;
free text is scored by similarity and reported separately, never mixed into F1,
because two good summaries of one risk rarely share their wording.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from rapidfuzz import fuzz

# category -> (exact fields, name fields, free-text fields)
EXACT_FIELDS: dict[str, list[str]] = {
    "success_criteria": ["due", "measurable"],
    "stakeholders": ["role", "stance", "influence", "status"],
    "expansion_signals": ["date", "kind", "unprompted"],
    "risks": ["category", "severity", "status"],
}
NAME_FIELDS: dict[str, list[str]] = {
    "success_criteria": [],
    "stakeholders": ["name"],
    "expansion_signals": ["mentioned_by"],
    "risks": [],
}
FREE_TEXT_FIELDS: dict[str, list[str]] = {
    "success_criteria": ["statement", "metric", "baseline", "target"],
    "stakeholders": ["title", "notes"],
    "expansion_signals": ["summary"],
    "risks": ["summary", "mitigation"],
}
# The text that identifies an item, used by the text-similarity fallback.
KEY_FIELD: dict[str, str] = {
    "success_criteria": "statement",
    "stakeholders": "name",
    "expansion_signals": "summary",
    "risks": "summary",
}
_HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "prof", "sir", "dame", "mx"}


def plain(value: Any) -> Any:
    """A comparable form of a field value: enums to their value, dates to ISO strings."""
    if value is None:
        return None
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def name_tokens(name: str | None) -> list[str]:
    """Case- and accent-folded name tokens without honorifics or punctuation."""
    if not name:
        return []
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", ascii_name.casefold())
    return [w for w in words if w not in _HONORIFICS]


def names_equal(gold: str | None, predicted: str | None) -> bool:
    """Same person: equal after folding, or one is the other's first name only.

    "Dana Whitfield", "dana whitfield", "Dr. Dana Whitfield", "Dana" and
    "Dana J. Whitfield" are equal; "Dana Smith" is not.
    """
    a, b = name_tokens(gold), name_tokens(predicted)
    if not a or not b:
        return not a and not b
    if a == b:
        return True
    if a[0] != b[0]:
        return False
    if len(a) == 1 or len(b) == 1 or a[-1] == b[-1]:
        return True
    initial = min(a[-1], b[-1], key=len)  # "Dana W." against "Dana Whitfield"
    return len(initial) == 1 and max(a[-1], b[-1], key=len).startswith(initial)


def exact_equal(gold: Any, predicted: Any) -> bool:
    """Exact comparison of dates, enums and booleans by their plain value."""
    return plain(gold) == plain(predicted)


def text_similarity(gold: str | None, predicted: str | None) -> float:
    """Similarity 0..1 of two free texts.

    The mean of rapidfuzz's token_set_ratio (word order and extra words do not
    matter) and token_sort_ratio (but length does), so a two-word fragment of
    a long summary is not scored as a perfect summary.
    """
    a, b = (gold or "").strip().casefold(), (predicted or "").strip().casefold()
    if not a or not b:
        return 1.0 if a == b else 0.0
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200.0


def fallback_similarity(category: str, gold: dict[str, Any], predicted: dict[str, Any]) -> float:
    """How sure the text-only fallback is that two items are the same (0..1).

    Stakeholders match on the person's name; other items on their statement or
    summary, with token_sort_ratio (word-order free, but unlike token_set_ratio
    a short text is not a perfect match for any longer text containing it).
    """
    key = KEY_FIELD[category]
    if category == "stakeholders":
        return 1.0 if names_equal(gold.get(key), predicted.get(key)) else 0.0
    a, b = str(gold.get(key) or "").casefold(), str(predicted.get(key) or "").casefold()
    if not a or not b:
        return 0.0
    return fuzz.token_sort_ratio(a, b) / 100.0


def compare_fields(category: str, gold: dict[str, Any], predicted: dict[str, Any]
                   ) -> tuple[dict[str, bool], dict[str, float]]:
    """Per-field correctness and free-text similarities for one matched pair.

    Free text is scored only where the gold value is stated (a null gold
    baseline says nothing about a predicted one).
    """
    correct: dict[str, bool] = {}
    for name in EXACT_FIELDS[category]:
        correct[name] = exact_equal(gold.get(name), predicted.get(name))
    for name in NAME_FIELDS[category]:
        correct[name] = names_equal(gold.get(name), predicted.get(name))
    similarity = {name: text_similarity(gold.get(name), predicted.get(name))
                  for name in FREE_TEXT_FIELDS[category] if gold.get(name)}
    return correct, similarity
