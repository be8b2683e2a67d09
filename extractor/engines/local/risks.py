"""Open risks and configuration debt, with time-aware status.

A risk is found where a unit carries risk language (or sits under a risks/RAID
heading); mentions are grouped across documents; the status comes from what
the most recent mentions say (fixed -> resolved, workaround/interim -> mitigated,
else open), because labels are true as of the handoff date and later documents win.
"""

from __future__ import annotations

import datetime as dt
import re

from extractor.engines.local import cues
from extractor.engines.local.analysis import Analysis, Group, group_score
from extractor.engines.local.risk_status import latest_status, mention_status
from extractor.merge import cosine
from extractor.models import Level, Risk, RiskCategory, RiskStatus
from extractor.segmentation import Unit

THRESHOLD = 0.5
SUPPORT_PROB = 0.2
GROUP_SIMILARITY = 0.13
SUPPORT_SIMILARITY = 0.2
MAX_ITEMS = 6

_CATEGORY_RULES: list[tuple[RiskCategory, re.Pattern[str]]] = [
    (RiskCategory.SPONSOR, re.compile(
        r"\b(leaving|last day|resign\w*|retir\w+|departure|accepted a (?:\w+ )?role|sponsor|"
        r"champion|moving on|new job)\b", re.I)),
    (RiskCategory.COMMERCIAL, re.compile(
        r"\b(budget|freeze|frozen|pric\w+|renewal|cost|contract|invoice|discount|drop to|"
        r"fewer seats|downgrade|spend)\b", re.I)),
    (RiskCategory.DATA_QUALITY, re.compile(
        r"\b(data|duplicat\w+|mismatch\w*|tie|unmapped|unmatched|cleans\w*|records?|ledgers?|"
        r"balances?|master|migrat\w+|quality|exceptions|fields?|numbering)\b", re.I)),
    (RiskCategory.INTEGRATION, re.compile(
        r"\b(integrat\w+|api|connector|sync|sso|feed|interface|lineage|export scripts?|"
        r"permissions?|role|endpoint|webhook|allow-?list\w*)\b", re.I)),
    (RiskCategory.ADOPTION, re.compile(
        r"\b(adoption|excel|spreadsheets?|paper|not using|logging|log in|logins?|usage|uptake|"
        r"bypass\w*|muted|trained|training|attend\w*|engag\w+|portal)\b", re.I)),
    (RiskCategory.TIMELINE, re.compile(
        r"\b(slip\w*|delay\w*|late|behind|deadline|go-?live date|timeline|moved|audit|"
        r"schedule\w*|date)\b", re.I)),
    (RiskCategory.CONFIGURATION, re.compile(
        r"\b(config\w*|rules?|templates?|macros?|workflow|settings?|thresholds?|dns|spf|dkim|"
        r"match rate)\b", re.I)),
    (RiskCategory.SCOPE, re.compile(r"\b(scope|change request|CR-?\d+)\b", re.I)),
]


def _unit_score(unit: Unit) -> float:
    """Risk score of one unit from its own words and its heading."""
    value = cues.score(unit.text, cues.RISK)
    if unit.heading and cues.RISK_HEADINGS.search(unit.heading):
        value += 1.5
    if "|" in unit.line and re.search(r"\b(risk|issue)\b", unit.line, re.I):
        value += 1.0
    if re.search(r"\b(goal|target)\b", unit.heading):
        value -= 1.0
    return value


def status_from_text(latest: str) -> RiskStatus:
    """Status from what one mention says; open when it says nothing about state."""
    return mention_status(latest) or RiskStatus.OPEN


LIST_PARTS = 3  # a line of this many ";"-separated parts lists several topics


def _about_item(unit: Unit, group: Group, analysis: Analysis) -> str:
    """The part of a mention that talks about this item.

    A tracker row is read whole (its status column speaks for it). A line that lists
    several topics ("Phase 1 live since 29 June; Phase 2 now w/c 16 Nov; utilisation
    82% by Q4") is read only at the part most like the item's seed, so another
    topic's "live" does not close this one. One ";" usually joins two clauses about
    the same thing ("hours bank done; rest rules still in test") and is read whole.
    """
    if unit.record:
        return unit.record
    parts = [p for p in unit.text.split(";") if p.strip()]
    if len(parts) < LIST_PARTS or unit is group.seed.unit:
        return unit.text
    seed = analysis.vector(group.seed.unit)
    day = analysis.date(unit)
    return max(parts, key=lambda p: cosine(analysis.text_vector(p, day), seed))


def _status(group: Group, analysis: Analysis, category: RiskCategory) -> RiskStatus:
    """Status as of the latest mention that says anything about the item's state.

    Later documents win, but a later mention with no status language ("thanks for
    the patience on that issue") defers to the one before it.
    """
    by_date: dict[dt.date, list[Unit]] = {}
    for unit in group.units():
        by_date.setdefault(analysis.date(unit), []).append(unit)
    status = latest_status([(day, "\n".join(_about_item(u, group, analysis) for u in units))
                            for day, units in by_date.items()])
    if status == RiskStatus.RESOLVED and category in (RiskCategory.SPONSOR, RiskCategory.OTHER) \
            and _DEPARTURE.search(" ".join(c.unit.text for c in group.members)):
        return RiskStatus.MITIGATED  # the person is still gone: cover or handover contains it
    return status


# Category evidence stronger than shared vocabulary: a named interface technology
# makes a duplicate/mismatch an integration fault; a regulatory or works-council
# gate is its own kind of risk (labelled "other"); a departure is a sponsor risk
# only when the person sponsors the programme, else a key-person ("other") risk.
_STRONG_INTEGRATION = re.compile(
    r"\b(hl7|edi|adapter|connector|interface|feed|sso|api|sync|endpoint|webhook|boarding|"
    r"map(?:ping|ped)? (?:dropped|failed|fails)|fail(?:s|ed|ing)? to map|message types?|"
    r"\d{3} errors?|export file|file (?:was )?rejected)\b", re.I)
_REGULATORY = re.compile(
    r"\b(dpia|gdpr|caldicott|privacy|works council|co-?determination|union|mou|"
    r"data protection|dpo|article \d+|consent|regulator\w*|collective agreement)\b", re.I)
_DEPARTURE = re.compile(r"\b(leaving|leaves|left|last day|resign\w*|retir\w+|departure|"
                        r"stepping (?:back|down)|moving on|new job|maternity|parental)\b", re.I)
_SPONSOR_ROLE = re.compile(r"\b(sponsor|sro|senior responsible|executive|chief|ceo|cfo|coo|cio|"
                           r"ciso|cto|vp|vice president|director|champion)\b", re.I)
STRONG_WEIGHT = 2.0


def risk_category(text: str) -> RiskCategory:
    """The category whose vocabulary the text uses most; rule order breaks ties.

    Strong signals (interface technology, regulatory gates, who is leaving) add
    weight so shared words like "data" or "records" do not decide alone.
    """
    scores: dict[RiskCategory, float] = {}
    for category, pattern in _CATEGORY_RULES:
        scores[category] = float(len({m.group(0).lower() for m in pattern.finditer(text)}))
    scores[RiskCategory.INTEGRATION] += STRONG_WEIGHT * min(
        2, len({m.group(0).lower() for m in _STRONG_INTEGRATION.finditer(text)}))
    scores[RiskCategory.OTHER] = STRONG_WEIGHT * min(
        2, len({m.group(0).lower() for m in _REGULATORY.finditer(text)}))
    if _DEPARTURE.search(text):
        target = RiskCategory.SPONSOR if _SPONSOR_ROLE.search(text) else RiskCategory.OTHER
        scores[target] += STRONG_WEIGHT
    best, best_score = RiskCategory.OTHER, 0.0
    for category in [c for c, _ in _CATEGORY_RULES] + [RiskCategory.OTHER]:
        if scores[category] > best_score:
            best, best_score = category, scores[category]
    return best


def severity_from_text(text: str, category: RiskCategory) -> Level:
    """High for sponsor loss and alarm words, low for 'minor', else medium."""
    if category == RiskCategory.SPONSOR or cues.HIGH.search(text):
        return Level.HIGH
    if cues.LOW.search(text):
        return Level.LOW
    return Level.MEDIUM


def _severity(group: Group, category: RiskCategory) -> Level:
    """Severity from every mention, read with its row or line ("| High |" in a RAID row)."""
    return severity_from_text(" ".join(u.record or u.line or u.text for u in group.units()),
                              category)


def _mitigation(group: Group, analysis: Analysis) -> str | None:
    """The latest mention that describes a fix, workaround or owner."""
    for unit in sorted(group.units(), key=lambda u: u.key, reverse=True):
        if unit is group.seed.unit:
            continue
        if cues.MITIGATED.search(unit.text) or cues.RESOLVED.search(unit.text):
            return unit.text
    return None


def extract_risks(analysis: Analysis) -> list[Risk]:
    """Risk items of an account, grouped across documents, status as of the latest mention."""
    groups = analysis.top_groups(
        "risks", threshold=THRESHOLD, similarity=GROUP_SIMILARITY, max_items=MAX_ITEMS,
        support=lambda u: analysis.prob("risks", u) >= SUPPORT_PROB or bool(
            cues.RESOLVED.search(u.text) or cues.MITIGATED.search(u.text)),
        support_similarity=SUPPORT_SIMILARITY)
    risks: list[Risk] = []
    for group in groups:
        text = " ".join(c.unit.text for c in group.members)
        category = risk_category(text)
        risks.append(Risk(
            summary=group.seed.unit.text,
            category=category,
            severity=_severity(group, category),
            status=_status(group, analysis, category),
            mitigation=_mitigation(group, analysis),
            evidence=[analysis.evidence(u) for u in group.units()],
            confidence=round(min(1.0, group_score(group, analysis)), 3),
        ))
    return risks
