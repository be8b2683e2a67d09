"""Portfolio audit: one row per stored account, for the CS-ops monthly review.

Rows use the same completeness score as ``handoff check`` (``check_record``), so
an account that passes the gate scores 1.0 here and nowhere says otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from pydantic import BaseModel

from extractor.errors import InputError
from extractor.handoff.check import DEFAULT_MAX_EVIDENCE_AGE_DAYS, check_record
from extractor.handoff.common import all_items, live
from extractor.models import HandoffRecord, Level, PersonStatus, RiskStatus


class PortfolioRow(BaseModel):
    """What ops needs to know about one account's handoff."""

    account: str
    record: str  # "accepted", "draft" or "none"
    completeness: float | None
    success_criteria: int
    stakeholders: int
    expansion_signals: int
    risks: int
    open_high_risks: int
    leaving_stakeholders: int
    unreviewed_items: int
    failures: int
    last_document: dt.date | None


COLUMNS = list(PortfolioRow.model_fields)


def current_record(store: Any, account: str) -> tuple[str, HandoffRecord | None]:
    """The record that stands for the account: the signed-off one, unless a later draft exists."""
    accepted = store.load_record(account, "accepted")
    draft = store.load_record(account, "draft")
    newer_draft = (accepted is not None and draft is not None and draft.generated_at
                   and accepted.signoff
                   and _utc(draft.generated_at) > _utc(accepted.signoff.at))
    if newer_draft:
        return "draft", draft
    if accepted is not None:
        return "accepted", accepted
    return ("draft", draft) if draft is not None else ("none", None)


def _utc(moment: dt.datetime) -> dt.datetime:
    """Naive datetimes are taken as UTC so stored times always compare."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _last_document(store: Any, account: str) -> dt.date | None:
    dates = [summary.date for summary in store.document_summaries(account)]
    return max(dates) if dates else None


def portfolio_row(store: Any, account: str, *,
                  max_evidence_age_days: int = DEFAULT_MAX_EVIDENCE_AGE_DAYS) -> PortfolioRow:
    """One account's row, scored exactly as ``check_record`` scores it."""
    kind, record = current_record(store, account)
    last = _last_document(store, account)
    if record is None:
        return PortfolioRow(account=account, record=kind, completeness=None, success_criteria=0,
                            stakeholders=0, expansion_signals=0, risks=0, open_high_risks=0,
                            leaving_stakeholders=0, unreviewed_items=0, failures=0,
                            last_document=last)
    result = check_record(record, store.account_info(account),
                          max_evidence_age_days=max_evidence_age_days)
    risks = live(record, "risks")
    people = live(record, "stakeholders")
    return PortfolioRow(
        account=account, record=kind, completeness=result.score,
        success_criteria=len(live(record, "success_criteria")), stakeholders=len(people),
        expansion_signals=len(live(record, "expansion_signals")), risks=len(risks),
        open_high_risks=sum(r.status == RiskStatus.OPEN and r.severity == Level.HIGH
                            for r in risks),
        leaving_stakeholders=sum(p.status in (PersonStatus.LEAVING, PersonStatus.LEFT)
                                 for p in people),
        unreviewed_items=sum(item.review is None for _, item in all_items(record)),
        failures=len(result.failures), last_document=last)


def portfolio(store: Any, *, sort: str = "completeness", descending: bool = False,
              max_evidence_age_days: int = DEFAULT_MAX_EVIDENCE_AGE_DAYS) -> list[PortfolioRow]:
    """One row per stored account, sorted by a column (accounts without a score last).

    Raises:
        InputError: ``sort`` is not a column name.
    """
    if sort not in COLUMNS:
        raise InputError(f"cannot sort by {sort!r}; columns: {', '.join(COLUMNS)}")
    rows = [portfolio_row(store, account, max_evidence_age_days=max_evidence_age_days)
            for account in store.accounts()]
    present = [r for r in rows if getattr(r, sort) is not None]
    absent = [r for r in rows if getattr(r, sort) is None]
    present.sort(key=lambda r: (getattr(r, sort), r.account), reverse=descending)
    return present + absent


def to_csv(rows: list[PortfolioRow]) -> str:
    """The rows as CSV with a header line."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.model_dump(mode="json"))
    return buffer.getvalue()
