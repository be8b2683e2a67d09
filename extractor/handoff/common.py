"""Small helpers shared by the handoff modules: live items, contract facts, citations.

A reviewed record keeps rejected items (so re-extraction does not propose them
again) but every downstream view (check, plan, forecast, documents) must ignore
them; ``live`` is the one place that rule lives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from extractor.models import CATEGORIES, Decision, Evidence, HandoffRecord, Item

CATEGORY_TITLES = {
    "success_criteria": "Success criteria",
    "stakeholders": "Stakeholders",
    "expansion_signals": "Expansion signals",
    "risks": "Risks",
}


def live(record: HandoffRecord, category: str) -> list[Any]:
    """Items of one category that a reviewer has not rejected."""
    return [
        item for item in record.items(category)
        if item.review is None or item.review.decision != Decision.REJECTED
    ]


def all_items(record: HandoffRecord) -> list[tuple[str, Item]]:
    """Every item with its category key, in category order."""
    return [(cat, item) for cat in CATEGORIES for item in record.items(cat)]


def item_ref(category: str, index: int, item: Item) -> str:
    """The item's id, or a positional fallback when an engine left it blank."""
    return item.id or f"{category}-{index + 1}"


def ensure_ids(record: HandoffRecord) -> HandoffRecord:
    """A copy of the record where every item has a non-empty id."""
    copy = record.model_copy(deep=True)
    for cat in CATEGORIES:
        for index, item in enumerate(getattr(copy, cat)):
            if not item.id:
                item.id = item_ref(cat, index, item)
    return copy


def as_mapping(obj: Any) -> dict[str, Any]:
    """A plain dict from a pydantic model, a dict, or None."""
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return dict(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="python")
    return dict(vars(obj))


def contract_of(account_info: Any, record: HandoffRecord | None = None) -> dict[str, Any]:
    """Contract facts from account.json, topped up from ``record.extra['contract']``."""
    contract = dict(as_mapping(as_mapping(account_info).get("contract")))
    if record is not None:
        for key, value in as_mapping(record.extra.get("contract")).items():
            if contract.get(key) is None:
                contract[key] = value
    return {key: value for key, value in contract.items() if value is not None}


def to_date(value: Any) -> dt.date | None:
    """A date from a date, datetime or ISO string; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def cite(evidence: Evidence) -> str:
    """A short citation: [source, date]."""
    date = evidence.doc_date.isoformat() if evidence.doc_date else "undated"
    return f"[{evidence.source}, {date}]"


def latest_evidence_date(item: Item) -> dt.date | None:
    """The newest document date among an item's evidence."""
    dates = [ev.doc_date for ev in item.evidence if ev.doc_date]
    return max(dates) if dates else None
