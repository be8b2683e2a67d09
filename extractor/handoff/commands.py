"""Library bodies of the ``handoff review/accept/check/forecast`` commands.

The CLI only parses options and prints; what each command does against a store
lives here so tests (and other front ends) can call it directly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor.errors import GateFailedError, InputError, StoreError
from extractor.handoff.check import DEFAULT_MAX_EVIDENCE_AGE_DAYS, CheckResult, check_record
from extractor.handoff.forecast import Forecast, ForecastSettings, forecast_nrr
from extractor.handoff.portfolio import current_record
from extractor.handoff.review import accept_review
from extractor.handoff.review_html import render_review_html
from extractor.models import HandoffRecord


def load_current(store: Any, account: str) -> HandoffRecord:
    """The account's signed-off record (or newer draft).

    Raises:
        StoreError: the account has no record yet.
    """
    _, record = current_record(store, account)
    if record is None:
        raise StoreError(f"no record for account {account!r}: run `handoff extract` first")
    return record


def write_review_page(store: Any, account: str, out: Path | None = None) -> Path:
    """Write the account's self-contained review page and return its path."""
    record = load_current(store, account)
    path = Path(out) if out else Path(f"{account}-review.html")
    path.write_text(render_review_html(record, store.documents(account)), encoding="utf-8")
    return path


def accept_file(store: Any, account: str, reviewed_path: Path, reviewer: str) -> HandoffRecord:
    """Sign off the JSON the review page exported.

    Raises:
        InputError: the file is missing or not JSON (or not a record).
    """
    try:
        data = json.loads(Path(reviewed_path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise InputError(f"{reviewed_path}: file not found") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{reviewed_path}: not a JSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{reviewed_path}: expected a JSON object (a handoff record)")
    return accept_review(store, account, data, reviewer)


def run_check(store: Any, account: str,
              max_evidence_age_days: int = DEFAULT_MAX_EVIDENCE_AGE_DAYS) -> CheckResult:
    """Check the account's current record against the close-out rules."""
    record = load_current(store, account)
    return check_record(record, store.account_info(account),
                        max_evidence_age_days=max_evidence_age_days)


def gate(result: CheckResult) -> None:
    """Raise when the check found anything missing.

    Raises:
        GateFailedError: naming how many things are missing.
    """
    if not result.passed:
        raise GateFailedError(f"{result.account}: {len(result.failures)} handoff checks failed "
                              f"(completeness {result.score:.2f})")


def run_forecast(store: Any, account: str, settings: ForecastSettings | None = None) -> Forecast:
    """The NRR forecast for the account's current record and contract."""
    return forecast_nrr(load_current(store, account), store.account_info(account), settings)


def require_forecast(forecast: Forecast) -> None:
    """Raise when inputs were missing, naming them.

    Raises:
        InputError: the forecast could not be produced.
    """
    if not forecast.produced:
        raise InputError(f"{forecast.account}: no NRR forecast, missing contract inputs: "
                         f"{', '.join(forecast.missing)} (add them to account.json)")
