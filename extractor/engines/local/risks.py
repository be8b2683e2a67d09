"""Open risks and configuration debt, with time-aware status.

A risk is found where a unit carries risk language (or sits under a risks/RAID
heading); mentions are grouped across documents; the status comes from what
the most recent mentions say (fixed -> resolved, workaround/interim -> mitigated,
else open), because labels are true as of the handoff date and later documents win.
"""

from __future__ import annotations

import re

from extractor.engines.local import cues
from extractor.engines.local.analysis import Analysis, Candidate, Group, group_score, item_cap
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


_TABLE_STATUS = re.compile(r"\|\s*(?:\*\*)?(open|closed|mitigated|resolved|done)\b", re.I)


def status_from_text(latest: str) -> RiskStatus:
    """Status from what the latest mentions say (an explicit RAID status wins)."""
    table = _TABLE_STATUS.findall(latest)
    if table:
        word = table[-1].lower()  # "| was Open | now Closed |": the last status column wins
        return {"open": RiskStatus.OPEN, "mitigated": RiskStatus.MITIGATED}.get(
            word, RiskStatus.RESOLVED)
    resolved = bool(cues.RESOLVED.search(latest))
    if cues.STILL_OPEN.search(latest) and not (resolved and not cues.caveated(latest)):
        return RiskStatus.OPEN
    if resolved:
        return RiskStatus.MITIGATED if cues.caveated(latest) else RiskStatus.RESOLVED
    if cues.MITIGATED.search(latest):
        return RiskStatus.MITIGATED
    return RiskStatus.OPEN


def _status(group: Group, analysis: Analysis) -> RiskStatus:
    """Status as of the latest document that mentions the item (later documents win).

    When the latest mention only says the problem persists, an earlier mention of
    a workaround or owner still makes it mitigated rather than open.
    """
    units = group.units()
    latest_date = max(analysis.date(u) for u in units)
    recent = [u for u in units if analysis.date(u) == latest_date]
    status = status_from_text(" ".join(u.line if "|" in u.line else u.text for u in recent))
    if status == RiskStatus.OPEN and not _TABLE_STATUS.search(" ".join(u.line for u in recent)):
        earlier = " ".join(u.text for u in units if analysis.date(u) < latest_date)
        if _MITIGATION_ACTION.search(earlier) and not _HARD_OPEN.search(
                " ".join(u.text for u in recent)):
            return RiskStatus.MITIGATED
    return status


_MITIGATION_ACTION = re.compile(r"\b(workaround|interim|temporar\w+|acting|covering|owner:|"
                                r"mitigat\w+|fallback|contingency|in place)\b", re.I)
_HARD_OPEN = re.compile(r"\b(reopened|no (?:reply|answer|owner|backup|eta)|nobody|frozen|"
                        r"worr\w+|leaving|last day|not started|getting tight)\b", re.I)


def _category(text: str) -> RiskCategory:
    """The category whose vocabulary the text uses most; rule order breaks ties."""
    best, best_hits = RiskCategory.OTHER, 0
    for category, pattern in _CATEGORY_RULES:
        hits = len({m.group(0).lower() for m in pattern.finditer(text)})
        if hits > best_hits:
            best, best_hits = category, hits
    return best


def severity_from_text(text: str, category: RiskCategory) -> Level:
    """High for sponsor loss and alarm words, low for 'minor', else medium."""
    if category == RiskCategory.SPONSOR or cues.HIGH.search(text):
        return Level.HIGH
    if cues.LOW.search(text):
        return Level.LOW
    return Level.MEDIUM


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
    candidates = [Candidate(u, s) for u in analysis.units
                  if (s := analysis.prob("risks", u)) >= THRESHOLD]
    groups = analysis.group(candidates, GROUP_SIMILARITY)
    groups.sort(key=lambda g: (-group_score(g, analysis), g.seed.unit.key))
    groups = groups[:item_cap(MAX_ITEMS, analysis)]
    analysis.attach_support(groups, lambda u: analysis.prob("risks", u) >= SUPPORT_PROB or bool(
        cues.RESOLVED.search(u.text) or cues.MITIGATED.search(u.text)), SUPPORT_SIMILARITY)
    risks: list[Risk] = []
    for group in groups:
        text = " ".join(c.unit.text for c in group.members)
        category = _category(text)
        risks.append(Risk(
            summary=group.seed.unit.text,
            category=category,
            severity=severity_from_text(" ".join(u.line or u.text for u in group.units()),
                                        category),
            status=_status(group, analysis),
            mitigation=_mitigation(group, analysis),
            evidence=[analysis.evidence(u) for u in group.units()],
            confidence=round(min(1.0, group_score(group, analysis)), 3),
        ))
    return risks
