"""An account's ``account.json`` (schema handoff-account/1): who, when, contract facts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extractor.errors import InputError

ACCOUNT_FILE = "account.json"
SCHEMA = "handoff-account/1"


class ContractInfo(BaseModel):
    """Contract facts the documents state; unknown extra fields are kept."""

    model_config = ConfigDict(extra="allow")

    acv_usd: int | float | None = Field(None, description="Annual contract value in US dollars.")
    seats: int | None = Field(None, description="Licensed seats.")
    start: dt.date | None = Field(None, description="Contract start date.")
    renewal: dt.date | None = Field(None, description="Renewal date.")
    active_users_at_go_live: int | None = Field(None, description="Active users at go-live.")


class AccountInfo(BaseModel):
    """The customer, the vendor onboarding them, and the handoff date."""

    model_config = ConfigDict(extra="allow")

    schema_: str | None = Field(None, alias="schema", description="handoff-account/1")
    account: str | None = Field(None, description="The customer's display name.")
    vendor: str | None = Field(None, description="The software company onboarding them.")
    product: str | None = Field(None, description="What was sold.")
    as_of: dt.date | None = Field(None, description="Handoff date: facts are true as of it.")
    contract: ContractInfo = Field(default_factory=ContractInfo)


def load_account_info(account_dir: Path) -> AccountInfo | None:
    """Read ``account_dir/account.json``; None when the folder has none.

    Raises:
        InputError: the file exists but is not valid JSON or not the expected shape.
    """
    path = Path(account_dir) / ACCOUNT_FILE
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a JSON object")
    if isinstance(raw.get("contract"), type(None)):
        raw.pop("contract", None)
    try:
        return AccountInfo.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{path}: invalid {where}: {first['msg']}") from exc
