"""A proposed 30-60-90 day priority list for the CSM, derived from the record.

The first 30-90 days after go-live are the highest-risk window, so the plan puts
what can lose the account first (open high risks, leaving sponsors, a missing
economic buyer), then what the first QBR needs (measurable criteria, signals to
test as hypotheses), and cites the items behind every line.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from extractor.handoff.check import covers, question_for, replacement_for
from extractor.handoff.common import live
from extractor.models import HandoffRecord, Level, PersonStatus, RiskStatus, Role

WINDOWS = (30, 60, 90)
_SEVERITY_WINDOW = {Level.HIGH: 30, Level.MEDIUM: 60, Level.LOW: 90}


class PlanLine(BaseModel):
    """One action with the window it belongs to and the items behind it."""

    window: int = Field(description="30, 60 or 90: by which day after handoff.")
    action: str
    item_ids: list[str] = Field(default_factory=list)


class Plan(BaseModel):
    """The 30-60-90 day list, in window order."""

    account: str
    lines: list[PlanLine] = Field(default_factory=list)

    def window(self, days: int) -> list[PlanLine]:
        """The lines due by one window."""
        return [line for line in self.lines if line.window == days]


def _risk_lines(record: HandoffRecord) -> list[PlanLine]:
    lines = []
    for risk in live(record, "risks"):
        if risk.status == RiskStatus.RESOLVED:
            continue
        if risk.status == RiskStatus.MITIGATED:
            lines.append(PlanLine(window=90, item_ids=[risk.id],
                                  action=f"Confirm the mitigation still holds: {risk.summary}"))
            continue
        step = (f"follow up on the mitigation ({risk.mitigation})" if risk.mitigation
                else "agree an owner and a mitigation with the customer")
        lines.append(PlanLine(window=_SEVERITY_WINDOW[risk.severity], item_ids=[risk.id],
                              action=f"{risk.severity.value.capitalize()} risk - {risk.summary}: "
                                     f"{step}."))
    return lines


def _people_lines(record: HandoffRecord) -> list[PlanLine]:
    people = live(record, "stakeholders")
    lines = []
    for person in people:
        if person.status not in (PersonStatus.LEAVING, PersonStatus.LEFT):
            continue
        successor = replacement_for(person, people)
        action = (f"Meet {successor.name}, who takes over from {person.name}, and re-confirm "
                  "the success criteria with them" if successor else
                  f"Find out who replaces {person.name} ({person.title or person.role.value}) "
                  "and build that relationship before the first QBR")
        ids = [person.id, *([successor.id] if successor else [])]
        lines.append(PlanLine(window=30, action=action, item_ids=ids))
    present = [p for p in people if p.status != PersonStatus.LEFT]
    for role, label in ((Role.ECONOMIC_BUYER, "economic buyer"),
                        (Role.EXECUTIVE_SPONSOR, "executive sponsor")):
        if not any(covers(p, role) for p in present):
            lines.append(PlanLine(window=30, action=f"Identify the {label} and get a first "
                                                   "meeting on the calendar"))
    buyers = [p for p in present if p.status != PersonStatus.LEAVING and (
        covers(p, Role.ECONOMIC_BUYER) or covers(p, Role.EXECUTIVE_SPONSOR))]
    if buyers:
        lines.append(PlanLine(window=60, item_ids=[p.id for p in buyers],
                              action="Schedule the first QBR with "
                                     f"{', '.join(p.name for p in buyers)} and report progress "
                                     "against the success criteria"))
    return lines


def _criteria_lines(record: HandoffRecord) -> list[PlanLine]:
    lines = []
    for criterion in live(record, "success_criteria"):
        if not criterion.measurable:
            lines.append(PlanLine(window=30, item_ids=[criterion.id],
                                  action=f"Make measurable - {question_for(criterion)}"))
        elif criterion.due and (criterion.due - record.as_of).days <= 90:
            lines.append(PlanLine(window=60, item_ids=[criterion.id],
                                  action=f"Measure progress before the {criterion.due.isoformat()} "
                                         f"deadline: {criterion.statement}"))
    return lines


def _signal_lines(record: HandoffRecord) -> list[PlanLine]:
    lines = []
    for signal in live(record, "expansion_signals"):
        who = signal.mentioned_by or "the customer"
        when = f" ({signal.date.isoformat()})" if signal.date else ""
        window = 60 if signal.unprompted else 90
        how = "raised unprompted" if signal.unprompted else "vendor-pitched"
        lines.append(PlanLine(window=window, item_ids=[signal.id],
                              action=f"Test as a hypothesis with {who}{when}, {how}: "
                                     f"{signal.summary}"))
    return lines


def build_plan(record: HandoffRecord) -> Plan:
    """The 30-60-90 priority list for one record (rejected items are ignored).

    Args:
        record: the draft or reviewed record.

    Returns:
        Lines ordered by window; within a window, risks, people, criteria, signals.
    """
    lines = [*_risk_lines(record), *_people_lines(record), *_criteria_lines(record),
             *_signal_lines(record)]
    lines.sort(key=lambda line: line.window)
    return Plan(account=record.account, lines=lines)
