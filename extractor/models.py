"""The handoff record: the contract between engines, review, eval, ask and users.

Enums and field meanings follow ``shared/eval/LABELS.md`` (handoff-gold/1) so the
eval harness compares field by field. Field descriptions double as the LLM
engine's schema descriptions, so they are written for a model as much as a human.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

RECORD_SCHEMA = "handoff-record/1"


class StrEnum(str, Enum):
    """A string enum that serialises as its value (Python 3.10 has no enum.StrEnum)."""

    def __str__(self) -> str:
        return self.value


class Role(StrEnum):
    ECONOMIC_BUYER = "economic_buyer"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    PROJECT_LEAD = "project_lead"
    TECHNICAL_CONTACT = "technical_contact"
    ADMIN = "admin"
    END_USER = "end_user"
    OTHER = "other"


class Stance(StrEnum):
    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTIC = "skeptic"
    BLOCKER = "blocker"


class Level(StrEnum):
    """Influence of a stakeholder or severity of a risk."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PersonStatus(StrEnum):
    ACTIVE = "active"
    LEAVING = "leaving"
    LEFT = "left"
    NEW = "new"


class ExpansionKind(StrEnum):
    NEW_TEAM = "new_team"
    NEW_USE_CASE = "new_use_case"
    INTEGRATION = "integration"
    SEATS = "seats"
    MODULE = "module"
    OTHER = "other"


class RiskCategory(StrEnum):
    DATA_QUALITY = "data_quality"
    INTEGRATION = "integration"
    ADOPTION = "adoption"
    SPONSOR = "sponsor"
    CONFIGURATION = "configuration"
    TIMELINE = "timeline"
    SCOPE = "scope"
    COMMERCIAL = "commercial"
    OTHER = "other"


class RiskStatus(StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"


class Alignment(StrEnum):
    """How a quote was located in the stored text (computed by code, never by a model)."""

    EXACT = "exact"
    NORMALIZED = "normalized"  # equal after folding whitespace and case
    FUZZY = "fuzzy"  # best fuzzy window above the threshold


class Evidence(BaseModel):
    """A verbatim span of a stored document that supports an item."""

    model_config = ConfigDict(frozen=True)

    doc_id: str = Field(description="Stable id of the stored document.")
    source: str = Field(description="Document path as ingested, e.g. docs/2026-03-02-kickoff.md.")
    doc_date: dt.date | None = Field(default=None, description="The document's date.")
    start: int = Field(ge=0, description="Start char offset into the stored normalised text.")
    end: int = Field(ge=0, description="End char offset (exclusive) into the stored text.")
    quote: str = Field(description="The stored text between start and end, verbatim.")
    alignment: Alignment = Alignment.EXACT


class Decision(StrEnum):
    """A reviewer's verdict on one extracted item."""

    ACCEPTED = "accepted"
    EDITED = "edited"
    REJECTED = "rejected"


class ItemReview(BaseModel):
    """Who decided what about an item in review; set by people, never by an engine."""

    decision: Decision
    edited_fields: list[str] = Field(default_factory=list)
    reviewer: str = ""
    at: dt.datetime | None = None


class Item(BaseModel):
    """Fields every extracted item shares."""

    id: str = Field(default="", description="Stable id derived from the item's content.")
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    review: ItemReview | None = Field(
        default=None, description="Reviewer decision; engines leave this null."
    )


class SuccessCriterion(Item):
    statement: str = Field(description="What the customer will judge success by.")
    metric: str | None = Field(default=None, description="What is measured, if stated.")
    baseline: str | None = Field(default=None, description="Value before the project, if stated.")
    target: str | None = Field(default=None, description="Value to reach, if stated.")
    due: dt.date | None = Field(default=None, description="Absolute due date, if stated.")
    measurable: bool = Field(description="False for vague goals with no number to check.")


class Stakeholder(Item):
    name: str = Field(description="Full name of a person on the customer's side.")
    title: str | None = Field(default=None, description="Job title as stated.")
    role: Role = Role.OTHER
    stance: Stance = Stance.NEUTRAL
    influence: Level = Level.MEDIUM
    status: PersonStatus = PersonStatus.ACTIVE
    notes: str | None = Field(default=None, description="Honest assessment a CSM needs.")
    emails: list[str] = Field(default_factory=list, description="Known email addresses.")


class ExpansionSignal(Item):
    summary: str = Field(description="Scope beyond what was bought, in one sentence.")
    date: dt.date | None = Field(default=None, description="When the customer first raised it.")
    mentioned_by: str | None = Field(default=None, description="Customer person who raised it.")
    kind: ExpansionKind = ExpansionKind.OTHER
    unprompted: bool = Field(default=True, description="Raised by the customer, not pitched.")
    context: str | None = Field(default=None, description="The situation it came up in.")


class Risk(Item):
    summary: str = Field(description="The open risk or configuration debt, in one sentence.")
    category: RiskCategory = RiskCategory.OTHER
    severity: Level = Level.MEDIUM
    status: RiskStatus = RiskStatus.OPEN
    mitigation: str | None = Field(default=None, description="Mitigation or owner, if any.")


CATEGORIES: dict[str, type[Item]] = {
    "success_criteria": SuccessCriterion,
    "stakeholders": Stakeholder,
    "expansion_signals": ExpansionSignal,
    "risks": Risk,
}


class RunStats(BaseModel):
    """What an extraction run did and cost; ungrounded drops are counted, not hidden."""

    documents: int = 0
    candidates: int = 0
    dropped_ungrounded: int = 0
    dropped_leakage: int = 0
    failed_batches: list[str] = Field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated_cost_usd: float = 0.0
    cache_hits: int = 0
    seconds: float = 0.0


class SignOff(BaseModel):
    """Who signed a reviewed record off, when, and what they changed."""

    reviewer: str
    at: dt.datetime
    accepted: list[str] = Field(default_factory=list)
    edited: list[str] = Field(default_factory=list)
    rejected: list[str] = Field(default_factory=list)
    unreviewed: list[str] = Field(default_factory=list)


class HandoffRecord(BaseModel):
    """The candidate handoff record an implementation lead reviews and signs off."""

    schema_: str = Field(default=RECORD_SCHEMA, alias="schema")
    account: str
    as_of: dt.date
    success_criteria: list[SuccessCriterion] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    expansion_signals: list[ExpansionSignal] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    engine: str = ""
    engine_version: str = ""
    prompt_version: str = ""
    generated_at: dt.datetime | None = None
    stats: RunStats = Field(default_factory=RunStats)
    extra: dict[str, Any] = Field(default_factory=dict)
    signoff: SignOff | None = None

    model_config = ConfigDict(populate_by_name=True)

    def items(self, category: str) -> list[Item]:
        """The list of items of one category by its record key."""
        return list(getattr(self, category))

    def to_json(self) -> str:
        """Deterministic JSON (the contract users and eval read)."""
        return self.model_dump_json(by_alias=True, indent=2) + "\n"
