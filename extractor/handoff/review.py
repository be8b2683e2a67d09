"""Sign-off of a reviewed record, and carrying decisions across re-extraction.

The implementation lead reviews the draft in the HTML page and exports JSON;
``accept_review`` stores it as the account's signed-off record with who, when and
what was edited. When new documents arrive and the account is extracted again,
``carry_decisions`` keeps those decisions: an item the lead accepted, edited or
rejected is matched (by id, else by overlapping evidence) and not proposed anew.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from extractor.errors import InputError, StoreError
from extractor.handoff.common import ensure_ids
from extractor.models import (
    CATEGORIES,
    Decision,
    Evidence,
    HandoffRecord,
    Item,
    ItemReview,
    SignOff,
)

_UNCOMPARED = {"id", "evidence", "confidence", "review"}
MIN_OVERLAP = 0.5


def _as_record(reviewed: dict[str, Any] | HandoffRecord) -> HandoffRecord:
    """A HandoffRecord from the page's exported JSON (or a record)."""
    if isinstance(reviewed, HandoffRecord):
        return reviewed.model_copy(deep=True)
    try:
        return HandoffRecord.model_validate(reviewed)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"reviewed record is invalid at {where}: {first['msg']}") from exc


def _load(store: Any, account: str, kind: str) -> HandoffRecord | None:
    """A stored record, or None when the store has none of that kind."""
    try:
        return store.load_record(account, kind)
    except (StoreError, FileNotFoundError, KeyError):
        return None


def changed_fields(item: Item, original: Item | None) -> list[str]:
    """Names of the fields a reviewer changed relative to the draft item."""
    if original is None:
        return []
    before = original.model_dump(mode="json", exclude=_UNCOMPARED)
    after = item.model_dump(mode="json", exclude=_UNCOMPARED)
    return sorted(key for key in after if after[key] != before.get(key))


def _sign_item(item: Item, original: Item | None, reviewer: str, now: dt.datetime) -> None:
    """Complete an item's review: reviewer, time, and edited fields found by diffing."""
    if item.review is None:
        return
    diff = changed_fields(item, original)
    edited = sorted(set(item.review.edited_fields) | set(diff))
    decision = item.review.decision
    if decision == Decision.ACCEPTED and edited:
        decision = Decision.EDITED
    item.review = ItemReview(decision=decision, edited_fields=edited,
                             reviewer=item.review.reviewer or reviewer, at=item.review.at or now)


def accept_review(store: Any, account: str, reviewed: dict[str, Any] | HandoffRecord,
                  reviewer: str) -> HandoffRecord:
    """Store a reviewed record as the account's signed-off record.

    Args:
        store: the account store (``load_record``/``save_record``).
        account: the account slug.
        reviewed: the JSON the review page exported, or a record.
        reviewer: who signs off; also fills items whose review names nobody.

    Returns:
        The signed-off record, as stored (kind ``accepted``).

    Raises:
        InputError: the JSON is not a record, or is for another account than the draft.
    """
    if not reviewer.strip():
        raise InputError("a reviewer name is required to sign off a record")
    record = ensure_ids(_as_record(reviewed))
    draft = _load(store, account, "draft")
    if draft is not None and draft.account != record.account:
        raise InputError(f"reviewed record is for {record.account!r}, "
                         f"but {account!r} holds {draft.account!r}")
    originals = {item.id: item for cat in CATEGORIES for item in
                 (ensure_ids(draft).items(cat) if draft else [])}
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    signoff = SignOff(reviewer=reviewer, at=now)
    for cat in CATEGORIES:
        for item in getattr(record, cat):
            _sign_item(item, originals.get(item.id), reviewer, now)
            bucket = item.review.decision.value if item.review else "unreviewed"
            getattr(signoff, bucket).append(item.id)
    record.signoff = signoff
    store.save_record(account, record, kind="accepted")
    return record


def _overlap(a: Evidence, b: Evidence) -> float:
    """Share of the shorter span that two evidence spans in one document share."""
    if a.doc_id != b.doc_id:
        return 0.0
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = max(1, min(a.end - a.start, b.end - b.start))
    return max(0, shared) / shorter


def evidence_overlap(a: Item, b: Item) -> float:
    """The best span overlap between two items' evidence (0 when none)."""
    return max((_overlap(x, y) for x in a.evidence for y in b.evidence), default=0.0)


def _match(item: Item, candidates: list[Item]) -> Item | None:
    """The previous item this new one is: same id or person, else most-overlapping evidence."""
    for candidate in candidates:
        if item.id and candidate.id == item.id:
            return candidate
    name = _person(item)
    for candidate in candidates:
        if name and _person(candidate) == name:
            return candidate
    scored = [(evidence_overlap(item, c), i) for i, c in enumerate(candidates)]
    best = max(scored, default=(0.0, -1))
    return candidates[best[1]] if best[0] >= MIN_OVERLAP else None


def _person(item: Item) -> str:
    """A stakeholder's name folded for comparison ('' for other items)."""
    return " ".join(str(getattr(item, "name", "") or "").casefold().split())


def _carry(new_item: Item, previous: Item) -> Item:
    """The reviewed item, with any new evidence the re-extraction found appended."""
    known = previous.evidence
    extra = [ev for ev in new_item.evidence if all(_overlap(ev, k) < MIN_OVERLAP for k in known)]
    return previous.model_copy(update={"evidence": [*known, *extra]}, deep=True)


def carry_decisions(new_draft: HandoffRecord, previous_reviewed: HandoffRecord) -> HandoffRecord:
    """Re-apply reviewed decisions to a fresh draft so nothing decided is re-proposed.

    Args:
        new_draft: the record from re-extraction after new documents.
        previous_reviewed: the last reviewed (signed-off) record of the account.

    Returns:
        A draft where matched accepted/edited items are the reviewer's versions (plus
        new evidence), matched rejected items stay rejected, decided items the new run
        missed are kept, and only truly new items are left unreviewed.
    """
    draft = ensure_ids(new_draft)
    previous = ensure_ids(previous_reviewed)
    counts = {"carried": 0, "kept_unmatched": 0, "new": 0}
    for cat in CATEGORIES:
        decided = [item for item in previous.items(cat) if item.review is not None]
        merged: list[Item] = []
        for item in draft.items(cat):
            match = _match(item, decided)
            if match is None:
                merged.append(item)
                counts["new"] += 1
                continue
            decided.remove(match)
            merged.append(_carry(item, match))
            counts["carried"] += 1
        merged.extend(decided)
        counts["kept_unmatched"] += len(decided)
        setattr(draft, cat, merged)
    draft.signoff = None
    draft.extra = {**draft.extra, "carried_decisions": counts}
    return draft


def draft_with_decisions(store: Any, account: str, new_draft: HandoffRecord) -> HandoffRecord:
    """The new draft with the account's signed-off decisions carried over (if any).

    Call this before saving a re-extracted draft so the review page shows earlier
    decisions instead of proposing accepted or rejected items again.
    """
    previous = _load(store, account, "accepted")
    return carry_decisions(new_draft, previous) if previous is not None else new_draft
