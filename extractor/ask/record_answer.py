"""Answer questions about the record's own categories from the extracted record first.

"Who is the economic buyer?", "what risks are open?", "what expansion is there?"
and "what are the success criteria?" have a reviewed answer already: the handoff
record (the accepted one if the lead signed it off, else the draft). Its items
come with evidence, which become the citations; passages then add what the
record does not say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.ask.models import Citation
from extractor.ask.tokens import term_set
from extractor.models import (
    ExpansionSignal,
    HandoffRecord,
    Item,
    PersonStatus,
    Risk,
    RiskStatus,
    Role,
    Stakeholder,
    Stance,
    SuccessCriterion,
)

MAX_ITEMS = 6


@dataclass(frozen=True)
class Intent:
    """Which record category a question asks about, and which items of it."""

    category: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    stances: frozenset[Stance] = field(default_factory=frozenset)
    statuses: frozenset[PersonStatus] = field(default_factory=frozenset)
    words: frozenset[str] = field(default_factory=frozenset)  # the category's own words


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# Ordered: the first pattern that matches decides (specific roles before generic words).
_INTENTS: list[tuple[re.Pattern[str], Intent]] = [
    (_rx(r"economic buyer|\bEB\b|budget (owner|holder)|(holds?|owns?) the budget|"
         r"sign(s|ed)?( off)?( on)? the (budget|deal|contract|spend)|approve[sd]? the spend"),
     Intent("stakeholders", roles=frozenset({Role.ECONOMIC_BUYER}))),
    (_rx(r"exec(utive)? sponsor"),
     Intent("stakeholders", roles=frozenset({Role.EXECUTIVE_SPONSOR}))),
    (_rx(r"\bchampions?\b|\badvocates?\b"),
     Intent("stakeholders", stances=frozenset({Stance.CHAMPION}))),
    (_rx(r"skeptic|sceptic|push(ed|es)? back|pushback|undermin|detractor|blocker|resist"),
     Intent("stakeholders", stances=frozenset({Stance.SKEPTIC, Stance.BLOCKER}))),
    (_rx(r"\b(who|anyone|stakeholders?|sponsor|contact)\b.*\b(leav|left|depart|moving on)"),
     Intent("stakeholders", statuses=frozenset({PersonStatus.LEAVING, PersonStatus.LEFT}))),
    (_rx(r"stakeholder|key (people|contacts)|who are the"), Intent("stakeholders")),
    (_rx(r"expansion|upsell|cross-sell|\bopportunit|growth signal|more seats|additional seats"),
     Intent("expansion_signals")),
    (_rx(r"\brisks?\b|configuration debt|open issues|what could go wrong|red flags?"),
     Intent("risks")),
    (_rx(r"success criteria|success metrics?|\bkpis?\b|measur\w* success|what does success|"
         r"\bgoals?\b|success plan"),
     Intent("success_criteria")),
]
_CATEGORY_WORDS = term_set(
    "who is the economic buyer executive sponsor champion skeptic stakeholder stakeholders "
    "risks risk open expansion opportunities upsell success criteria metrics kpi goals "
    "account customer main key what which are there any")


def classify(question: str) -> Intent | None:
    """The record category a question asks about, or None for a free question."""
    for pattern, intent in _INTENTS:
        if pattern.search(question):
            return intent
    return None


def load_record(store: Any, account: str) -> tuple[HandoffRecord, str] | None:
    """The accepted record if present, else the draft, with which one it was."""
    loader = getattr(store, "load_record", None)
    if loader is None:
        return None
    for kind in ("accepted", "draft"):
        record = loader(account, kind=kind)
        if record is not None:
            return record, kind
    return None


def select_items(record: HandoffRecord, intent: Intent, question: str) -> list[Item]:
    """The record's items the question is about, the ones sharing its words first."""
    items = [i for i in record.items(intent.category) if _matches(i, intent)]
    specific = term_set(question) - _CATEGORY_WORDS
    if specific:
        overlap = {id(i): len(specific & term_set(_describe(i))) for i in items}
        if any(overlap.values()):
            items = sorted((i for i in items if overlap[id(i)]), key=lambda i: -overlap[id(i)])
    return items[:MAX_ITEMS]


def _matches(item: Item, intent: Intent) -> bool:
    """Whether an item fits the intent's role, stance and status constraints."""
    if isinstance(item, Stakeholder):
        return ((not intent.roles or item.role in intent.roles)
                and (not intent.stances or item.stance in intent.stances)
                and (not intent.statuses or item.status in intent.statuses))
    if isinstance(item, Risk):
        return item.status != RiskStatus.RESOLVED
    return True


def _describe(item: Item) -> str:
    """One line a CSM reads for an item (no citation)."""
    if isinstance(item, Stakeholder):
        title = f" ({item.title})" if item.title else ""
        facts = [str(item.role).replace("_", " "), str(item.stance),
                 f"{item.influence} influence", str(item.status)]
        notes = f". {item.notes}" if item.notes else ""
        return f"{item.name}{title}: {', '.join(facts)}{notes}"
    if isinstance(item, Risk):
        fix = f" Mitigation: {item.mitigation.rstrip('. ')}." if item.mitigation else ""
        category = str(item.category).replace("_", " ")
        return f"{item.summary.rstrip('. ')} ({item.severity} {category} risk, {item.status}).{fix}"
    if isinstance(item, ExpansionSignal):
        who = f"raised by {item.mentioned_by}" if item.mentioned_by else "source unnamed"
        when = f" on {item.date.isoformat()}" if item.date else ""
        return f"{item.summary.rstrip('. ')} ({str(item.kind).replace('_', ' ')}, {who}{when})"
    if isinstance(item, SuccessCriterion):
        due = f", due {item.due.isoformat()}" if item.due else ""
        vague = "" if item.measurable else " (not measurable as stated)"
        return f"{item.statement.rstrip('. ')}{due}{vague}"
    return str(item.id)


def _cite(item: Item) -> tuple[str, list[Citation]]:
    """The item's evidence as citations and as a ``[source, date]`` suffix."""
    citations = [Citation(doc_id=e.doc_id, source=e.source, date=e.doc_date, start=e.start,
                          end=e.end, quote=e.quote, score=round(item.confidence, 4))
                 for e in item.evidence]
    marks = dict.fromkeys(f"[{c.source}, {c.date.isoformat() if c.date else 'undated'}]"
                          for c in citations)
    return " ".join(marks), citations


def answer_from_record(question: str, record: HandoffRecord, kind: str,
                       intent: Intent) -> tuple[list[str], list[Citation]] | None:
    """Lines and citations from the record for the intent, or None if it has no such items."""
    items = select_items(record, intent, question)
    if not items:
        return None
    label = "accepted" if kind == "accepted" else "draft, not yet reviewed"
    lines = [f"From the handoff record ({label}):"]
    citations: list[Citation] = []
    for item in items:
        marks, cited = _cite(item)
        lines.append(f"- {_describe(item)} {marks}".rstrip())
        citations.extend(cited)
    return lines, citations


def merge(record_part: tuple[list[str], list[Citation]], passage_text: str,
          passage_citations: Sequence[Citation], found: bool) -> tuple[str, list[Citation]]:
    """The record's lines first, then the supporting passages (when any were found)."""
    lines, citations = record_part
    if not found:
        return "\n".join(lines), list(citations)
    return "\n".join(lines) + "\n\n" + passage_text, [*citations, *passage_citations]
