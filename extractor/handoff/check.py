"""The completeness gate: check a record the way a CS-ops reviewer would at close-out.

Each rule returns a score in [0, 1] and the failures behind it. The completeness
score is the mean of the rule scores, so one missing sponsor costs as much as a
vague criterion list; the portfolio audit uses the very same numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field, computed_field

from extractor.handoff.common import CATEGORY_TITLES, latest_evidence_date, live, to_date
from extractor.models import (
    CATEGORIES,
    HandoffRecord,
    Level,
    PersonStatus,
    RiskStatus,
    Role,
    Stakeholder,
    SuccessCriterion,
)

DEFAULT_MAX_EVIDENCE_AGE_DAYS = 90
_REPLACEMENT_WORDS = re.compile(
    r"\b(replac\w*|successor|taking over|takes over|backfill\w*|covering|interim|handover to|"
    r"hand(?:ing)? over to|new (?:owner|sponsor|lead))\b",
    re.IGNORECASE,
)


class Failure(BaseModel):
    """One thing missing from the handoff, with the items it concerns."""

    rule: str
    message: str
    item_ids: list[str] = Field(default_factory=list)
    question: str | None = None


class RuleResult(BaseModel):
    """One rule's score and failures."""

    rule: str
    title: str
    score: float
    failures: list[Failure] = Field(default_factory=list)


class CheckResult(BaseModel):
    """What a close-out reviewer would send back, and a completeness score 0-1."""

    account: str
    as_of: dt.date
    max_evidence_age_days: int
    rules: list[RuleResult]
    score: float
    warnings: list[str] = Field(default_factory=list)

    @property
    def failures(self) -> list[Failure]:
        """Every failure across rules, in rule order."""
        return [failure for rule in self.rules for failure in rule.failures]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """True when nothing is missing."""
        return not self.failures

    def summary(self) -> str:
        """A plain-text list of what is missing, one line per failure."""
        lines = [f"{self.account}: completeness {self.score:.2f}"]
        for failure in self.failures:
            lines.append(f"- [{failure.rule}] {failure.message}")
            if failure.question:
                lines.append(f"    ask: {failure.question}")
        return "\n".join(lines)


def question_for(criterion: SuccessCriterion) -> str:
    """The question that would turn a vague criterion into a measurable one."""
    missing = []
    if not criterion.metric:
        missing.append("what number would show it (and how is it measured today)")
    if not criterion.baseline:
        missing.append("where it stands today")
    if not criterion.target:
        missing.append("what value counts as success")
    if not criterion.due:
        missing.append("by when")
    ask = "; ".join(missing) or "which measured value and date would prove it"
    return f'For "{criterion.statement}": {ask}?'


def _categories(record: HandoffRecord, _: Any) -> RuleResult:
    missing = [cat for cat in CATEGORIES if not live(record, cat)]
    failures = [
        Failure(rule="categories", message=f"no {CATEGORY_TITLES[cat].lower()} in the record")
        for cat in missing
    ]
    return RuleResult(rule="categories", title="All four categories present",
                      score=1 - len(missing) / len(CATEGORIES), failures=failures)


def _measurable(record: HandoffRecord, _: Any) -> RuleResult:
    criteria = live(record, "success_criteria")
    vague = [c for c in criteria if not c.measurable]
    failures = [
        Failure(rule="measurable", message=f"vague success criterion: {c.statement}",
                item_ids=[c.id], question=question_for(c))
        for c in vague
    ]
    score = 1 - len(vague) / len(criteria) if criteria else 0.0
    return RuleResult(rule="measurable", title="Every success criterion measurable",
                      score=score, failures=failures)


_ROLE_WORDS = {
    Role.ECONOMIC_BUYER: re.compile(
        r"\b(economic buyer|EB|budget|signed|signs|signer|signatory|funded|approved the SOW)\b",
        re.IGNORECASE),
    Role.EXECUTIVE_SPONSOR: re.compile(r"\b(exec(utive)? sponsor|sponsor|SRO)\b", re.IGNORECASE),
}


def covers(person: Stakeholder, role: Role) -> bool:
    """True when a person holds a role, by label or because their notes say they act in it.

    One senior person often both signs and sponsors; labels name only one role,
    so the other is read from the title and notes.
    """
    if person.role == role:
        return True
    if person.role not in (Role.ECONOMIC_BUYER, Role.EXECUTIVE_SPONSOR) or role not in _ROLE_WORDS:
        return False
    text = f"{person.title or ''} {person.notes or ''}"
    return _ROLE_WORDS[role].search(text) is not None


def _buyer_and_sponsor(record: HandoffRecord, _: Any) -> RuleResult:
    people = [p for p in live(record, "stakeholders") if p.status != PersonStatus.LEFT]
    failures = []
    for role, label in ((Role.ECONOMIC_BUYER, "economic buyer"),
                        (Role.EXECUTIVE_SPONSOR, "executive sponsor")):
        if not any(covers(p, role) for p in people):
            failures.append(Failure(
                rule="buyer_sponsor", message=f"no {label} identified",
                question=f"Who is the customer's {label}, and how engaged were they?"))
    return RuleResult(rule="buyer_sponsor", title="Economic buyer and executive sponsor",
                      score=1 - len(failures) / 2, failures=failures)


def replacement_for(person: Stakeholder, people: list[Stakeholder]) -> Stakeholder | None:
    """Who takes over from a leaving person, judged from names in the notes or a new hire."""
    others = [p for p in people if p.id != person.id and p.status not in
              (PersonStatus.LEFT, PersonStatus.LEAVING)]
    notes = person.notes or ""
    for other in others:
        if other.name and _mentions(notes, other.name):
            return other
        if _mentions(other.notes or "", person.name) and _REPLACEMENT_WORDS.search(
                other.notes or ""):
            return other
    new_same_role = [p for p in others if p.status == PersonStatus.NEW and p.role == person.role]
    return new_same_role[0] if new_same_role else None


def _mentions(text: str, name: str) -> bool:
    """True when the full name, or its first name as a word, occurs in the text."""
    if not text or not name:
        return False
    if name.lower() in text.lower():
        return True
    first = name.split()[0]
    return len(first) > 2 and re.search(rf"\b{re.escape(first)}\b", text) is not None


def _leavers(record: HandoffRecord, _: Any) -> RuleResult:
    people = live(record, "stakeholders")
    leaving = [p for p in people if p.status in (PersonStatus.LEAVING, PersonStatus.LEFT)]
    failures = [
        Failure(rule="leavers", item_ids=[p.id],
                message=f"{p.name} is {p.status.value} and nobody is named to replace them",
                question=f"Who takes over {p.name}'s role ({p.title or p.role.value})?")
        for p in leaving if replacement_for(p, people) is None
    ]
    score = 1 - len(failures) / len(leaving) if leaving else 1.0
    return RuleResult(rule="leavers", title="Leaving stakeholders have a replacement",
                      score=score, failures=failures)


def _high_risks(record: HandoffRecord, _: Any) -> RuleResult:
    high = [r for r in live(record, "risks")
            if r.status == RiskStatus.OPEN and r.severity == Level.HIGH]
    failures = [
        Failure(rule="high_risks", item_ids=[r.id],
                message=f"open high-severity risk without mitigation or owner: {r.summary}",
                question="Who owns this risk, and what is the mitigation?")
        for r in high if not (r.mitigation or "").strip()
    ]
    score = 1 - len(failures) / len(high) if high else 1.0
    return RuleResult(rule="high_risks", title="Open high risks have a mitigation or owner",
                      score=score, failures=failures)


def _signals(record: HandoffRecord, _: Any) -> RuleResult:
    signals = live(record, "expansion_signals")
    failures = []
    for signal in signals:
        missing = [name for name, value in (("date", signal.date),
                                            ("who raised it", signal.mentioned_by)) if not value]
        if missing:
            failures.append(Failure(
                rule="signals", item_ids=[signal.id],
                message=f"expansion signal missing {' and '.join(missing)}: {signal.summary}",
                question="Who raised it, when, and in what situation?"))
    score = 1 - len(failures) / len(signals) if signals else 1.0
    return RuleResult(rule="signals", title="Expansion signals dated and attributed",
                      score=score, failures=failures)


def open_items(record: HandoffRecord) -> list[Any]:
    """Items still in play at handoff: open risks, expansion signals, leaving people."""
    risks = [r for r in live(record, "risks") if r.status == RiskStatus.OPEN]
    people = [p for p in live(record, "stakeholders") if p.status == PersonStatus.LEAVING]
    return [*risks, *live(record, "expansion_signals"), *people]


def _fresh(record: HandoffRecord, max_age: int) -> RuleResult:
    items = open_items(record)
    failures = []
    for item in items:
        newest = latest_evidence_date(item)
        age = (record.as_of - newest).days if newest else None
        if age is None or age > max_age:
            label = getattr(item, "summary", None) or getattr(item, "name", item.id)
            when = f"{age} days old" if age is not None else "undated"
            failures.append(Failure(
                rule="fresh", item_ids=[item.id],
                message=f"newest evidence is {when} (limit {max_age}): {label}",
                question="Is this still true? Confirm with the customer before handoff."))
    score = 1 - len(failures) / len(items) if items else 1.0
    return RuleResult(rule="fresh", title=f"Open items have evidence under {max_age} days old",
                      score=score, failures=failures)


_RULES: list[Callable[[HandoffRecord, Any], RuleResult]] = [
    _categories, _measurable, _buyer_and_sponsor, _leavers, _high_risks, _signals,
]


def check_record(record: HandoffRecord, account_info: Any = None, *,
                 max_evidence_age_days: int = DEFAULT_MAX_EVIDENCE_AGE_DAYS) -> CheckResult:
    """Run every close-out rule over a record.

    Args:
        record: the draft or reviewed record (rejected items are ignored).
        account_info: account.json facts; its ``as_of`` is used when later than the record's.
        max_evidence_age_days: open items whose newest evidence is older than this fail.

    Returns:
        The rule scores, failures (with questions to ask) and a completeness score 0-1.
    """
    info_as_of = to_date(getattr(account_info, "as_of", None) or (
        account_info.get("as_of") if isinstance(account_info, dict) else None))
    if info_as_of and info_as_of > record.as_of:
        record = record.model_copy(update={"as_of": info_as_of})
    rules = [rule(record, account_info) for rule in _RULES]
    rules.append(_fresh(record, max_evidence_age_days))
    warnings = [
        f"success criterion has no target or due date: {c.statement}"
        for c in live(record, "success_criteria") if c.measurable and not (c.target and c.due)
    ]
    score = round(sum(rule.score for rule in rules) / len(rules), 3)
    return CheckResult(account=record.account, as_of=record.as_of,
                       max_evidence_age_days=max_evidence_age_days, rules=rules,
                       score=score, warnings=warnings)
