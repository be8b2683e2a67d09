"""Expansion signals: scope beyond what was bought, with who, when and whether unprompted.

A signal needs both an ask or interest ("could we also...", "asked whether",
"wants pricing") and something beyond the contract (another team, more seats,
a separate module, an integration, "not in this SOW"). The date is when the
customer first raised it, resolved from "yesterday" / "at Monday's meeting" /
"on 9/9" against the document date; a vendor demo or pitch is ``unprompted: false``.
"""

from __future__ import annotations

import datetime as dt
import re

from extractor.engines.local import cues
from extractor.engines.local.analysis import Analysis, Candidate, Group, group_score, item_cap
from extractor.models import ExpansionKind, ExpansionSignal
from extractor.segmentation import Unit
from extractor.temporal import find_dates

THRESHOLD = 0.5
SUPPORT_PROB = 0.2
GROUP_SIMILARITY = 0.13
SUPPORT_SIMILARITY = 0.2
MAX_ITEMS = 4
DATE_SUPPORT_PROB = 0.3  # support mentions this likely may date the first raise

_PITCH = re.compile(r"\b(demo(?:ed|'d)?|pitch(?:ed|ing)?|walked (?:\w+ )?through|showed|presented|"
                    r"want a demo|floated|mentioned [\w+ ]{0,30} exists?|introduced)\b", re.I)
_KIND_RULES: list[tuple[ExpansionKind, re.Pattern[str]]] = [
    (ExpansionKind.SEATS, re.compile(r"\b(seats?|licen[cs]es?|logins?|headcount|\d+ (?:more )?"
                                     r"(?:users|staff)|acquisition|acquiring|portfolio)\b", re.I)),
    (ExpansionKind.INTEGRATION, re.compile(r"\b(integrat\w+|connector|api|webhook|sync|"
                                           r"plug(?:s)? (?:straight )?into|auto-?create)\b", re.I)),
    (ExpansionKind.MODULE, re.compile(r"\b(module|add-?on|product|sku|subscription|suite)\b",
                                      re.I)),
    (ExpansionKind.NEW_TEAM, re.compile(r"\b(team|department|division|office|agents|analysts|"
                                        r"group|region|business unit)\b", re.I)),
]
_SOW_LINE = re.compile(r"^\s*(?:in scope|out of scope|exclusions?|excluded)\s*:", re.I)


def _unit_score(unit: Unit) -> float:
    """Expansion score of one unit from its words and heading."""
    value = cues.score(unit.text, cues.EXPANSION)
    if unit.heading and cues.EXPANSION_HEADINGS.search(unit.heading):
        value += 1.2
    if _SOW_LINE.search(unit.text) or re.search(r"\b(sow|statement of work)\b", unit.heading, re.I):
        value -= 2.0
    if unit.heading and cues.RISK_HEADINGS.search(unit.heading):
        value -= 0.8
    return value


def _kind(text: str) -> ExpansionKind:
    """The kind whose vocabulary the text uses most; rule order breaks ties."""
    best, best_hits = ExpansionKind.NEW_USE_CASE, 0
    for kind, pattern in _KIND_RULES:
        hits = len({m.group(0).lower() for m in pattern.finditer(text)})
        if hits > best_hits:
            best, best_hits = kind, hits
    return best


def event_date(unit: Unit, analysis: Analysis) -> dt.date:
    """When the thing a unit reports happened: a past date phrase in it or in its
    heading (minutes headed "Steering committee - Tue May 19"), else the document date."""
    ref = analysis.date(unit)
    for text in (unit.text, unit.heading):
        for mention in find_dates(text, ref, future=False):
            if mention.date < ref and (ref - mention.date).days <= 45:
                return mention.date
    return ref


def _person(group: Group, analysis: Analysis, unprompted: bool) -> str | None:
    """The customer person who raised the signal: the speaker/sender or a name in the text."""
    for cand in sorted(group.members, key=lambda c: c.unit.key):
        name, email = analysis.author(cand.unit)
        if name and not analysis.is_vendor_email(email) and not analysis.is_vendor_name(name):
            return name
        mentioned = analysis.customer_person_in(cand.unit.text)
        if mentioned:
            return mentioned
    return None


def _build(group: Group, analysis: Analysis) -> ExpansionSignal:
    """One signal from a group; date and person from its earliest mention."""
    raised = [c.unit for c in group.members] + [
        u for u in group.support if analysis.prob("expansion_signals", u) >= DATE_SUPPORT_PROB]
    first = min(raised, key=lambda u: (event_date(u, analysis), u.key))
    text = " ".join(c.unit.text for c in group.members)
    unprompted = not _PITCH.search(text)
    return ExpansionSignal(
        summary=group.seed.unit.text,
        date=event_date(first, analysis),
        mentioned_by=_person(group, analysis, unprompted),
        kind=_kind(text),
        unprompted=unprompted,
        context=first.line if first.line != first.text else None,
        evidence=[analysis.evidence(u) for u in group.units()],
        confidence=round(min(1.0, group_score(group, analysis)), 3),
    )


def extract_expansion(analysis: Analysis) -> list[ExpansionSignal]:
    """Expansion signals of an account, one per real-world opportunity."""
    candidates = [Candidate(u, s) for u in analysis.units
                  if (s := analysis.prob("expansion_signals", u)) >= THRESHOLD]
    groups = analysis.group(candidates, GROUP_SIMILARITY)
    groups.sort(key=lambda g: (-group_score(g, analysis), g.seed.unit.key))
    groups = groups[:item_cap(MAX_ITEMS, analysis)]
    analysis.attach_support(groups, lambda u: analysis.prob("expansion_signals", u) >= SUPPORT_PROB,
                            SUPPORT_SIMILARITY)
    return [_build(g, analysis) for g in groups]
