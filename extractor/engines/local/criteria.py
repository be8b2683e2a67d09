"""Success criteria with metric, baseline, target and due date filled from the text.

A criterion is a unit with goal language ("target", "wants ... by", "reduce X
from A to B", "at least 70%") or under a goals heading. Slots are filled with
patterns ("from A to B", "A -> B", "under N", "baseline N") and the due date
is the deadline phrase resolved against the document date. A goal with no
number to check is kept and flagged ``measurable: false``.
"""

from __future__ import annotations

import datetime as dt
import re

from extractor.engines.local import cues
from extractor.engines.local.analysis import Analysis, Group, group_score
from extractor.models import SuccessCriterion
from extractor.segmentation import Unit
from extractor.temporal import find_dates

THRESHOLD = 0.5
SUPPORT_PROB = 0.2
GROUP_SIMILARITY = 0.18
SUPPORT_SIMILARITY = 0.2
MAX_ITEMS = 5

_WORDNUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|" \
           r"thirty|" \
           r"forty|fifty|sixty|ninety|a hundred)(?:\s*\(\d+\))?"
_NUM = r"(?:~|approx\.?\s*|about\s+|around\s+|roughly\s+)?(?:\d[\d,.]*\+?|" + _WORDNUM + \
       r")\s*(?:%|percent|x\b|k\b)?"
_UNIT_WORDS = r"(?:\s*(?:business\s+|working\s+|calendar\s+)?(?:days?|d\b|hours?|hrs?|h\b|" \
              r"minutes?|mins?|" \
              r"weeks?|wks?|months?|seconds?|secs?|tables?|accounts?|suppliers?|users?|people|" \
              r"percent|points?|pts?|tickets?|calls?|clicks?))?"
_VALUE = _NUM + _UNIT_WORDS
_FROM_TO = re.compile(r"\bfrom\s+(?P<base>" + _VALUE + r")(?:\s*\([^)]*\))?[^.;]{0,40}?\bto\s+"
                      r"(?P<target>(?:under |below |less than |over |above |at least )?"
                      + _VALUE + ")",
                      re.I)
_ARROW = re.compile(r"(?P<base>" + _VALUE + r")\s*(?:->|\u2192|=>)\s*(?P<target>" + _VALUE + ")",
                    re.I)
_BOUND = re.compile(r"(?P<target>(?:under|below|less than|fewer than|at least|no more than|over|"
                    r"above|more than|<|>|>=|<=)\s?" + _VALUE + r")", re.I)
_BY_VALUE = re.compile(r"(?P<target>" + _VALUE + r"\s*(?:%\+|\+)?)(?=[^.;]{0,50}\bby\b)", re.I)
_TARGET_WORD = re.compile(r"\b(?:target|goal|wants?|aim)\b(?:\s+(?:is|of|was|=|:))?\s*"
                          r"(?P<target>(?:under |below |less than |at least |over |<\s?|>\s?)?"
                          + _VALUE + ")", re.I)
_BASELINE = re.compile(r"\b(?:baseline|today|currently|current state|now|was)\b[^.;\d]{0,20}?"
                       r"(?P<base>" + _VALUE + ")", re.I)
_METRIC = re.compile(r"\b(?:reduce|cut|increase|raise|improve|lift|grow|decrease|lower|shorten|"
                     r"bring down)\s+(?:the\s+)?(?P<metric>[a-z][\w\s\-/&]{3,60}?)\s+"
                     r"(?:from|to|by)\b",
                     re.I)
_METRIC_BEFORE = re.compile(r"\b(?:wants?|the|our|get)\s+"
                            r"(?P<metric>[a-z][\w\-/&]*(?:\s+[\w\-/&]+){0,4}?)\s+"
                            r"(?:cut|reduced?|increased?|raised?|improved?|lowered?|down|up)\s+from\b",
                            re.I)
_VAGUE = re.compile(r"\bno number\b|\bqualitative\b|\bno baseline\b|\bno way to measure\b", re.I)


def _unit_score(unit: Unit) -> float:
    """Success-criterion score of one unit from its words and heading."""
    value = cues.score(unit.text, cues.CRITERIA)
    if unit.heading and cues.CRITERIA_HEADINGS.search(unit.heading):
        value += 1.5
    if unit.heading and cues.RISK_HEADINGS.search(unit.heading):
        value -= 1.0
    if re.search(r"\b(budget|hours burned|invoice|fee|price|\$)", unit.text, re.I):
        value -= 1.0
    return value


def _clean(value: str | None) -> str | None:
    """Trim a slot value; None when empty."""
    if not value:
        return None
    value = value.strip(" .,;:()")
    return value or None


def fill_slots(text: str, ref: dt.date) -> dict[str, object]:
    """Metric, baseline, target and due date stated in one sentence.

    Args:
        text: the sentence.
        ref: the document date, for resolving relative deadlines.
    """
    base = target = None
    for pattern in (_FROM_TO, _ARROW):
        match = pattern.search(text)
        if match:
            base, target = match.group("base"), match.group("target")
            break
    if target is None:
        match = _TARGET_WORD.search(text) or _BOUND.search(text) or _BY_VALUE.search(text)
        target = match.group("target") if match else None
    if base is None:
        match = _BASELINE.search(text)
        base = match.group("base") if match else None
    metric = _METRIC.search(text)
    if metric is None or re.match(r"(?:from|to)\b", metric.group("metric"), re.I):
        metric = _METRIC_BEFORE.search(text)
    return {"metric": _clean(metric.group("metric")) if metric else None,
            "baseline": _clean(base), "target": _clean(target), "due": _due(text, ref)}


def _due(text: str, ref: dt.date) -> dt.date | None:
    """The deadline a goal sentence states: a date after 'by'/'before'/'due', else the last date."""
    dates = [d for d in find_dates(text, ref, future=True) if d.kind != "relative"]
    if not dates:
        return None
    for mention in dates:
        lead = text[max(0, mention.start - 12):mention.start].lower()
        if re.search(r"\b(by|before|due|until|end|at|in)\b", lead):
            return mention.date
    return dates[-1].date


_UNIVERSAL = re.compile(r"^\W*(?:all|every|each|100%|zero|no)\b", re.I)


def _measurable(statement: str, slots: dict[str, object]) -> bool:
    """A criterion is measurable when it states a number to check against.

    "All reconciliations prepared in the tool" counts: "all" is a 100% target.
    """
    if _VAGUE.search(statement):
        return False
    if _UNIVERSAL.search(statement):
        slots["target"] = slots.get("target") or "100%"
        return True
    target = slots.get("target")
    return bool(target and re.search(r"\d", str(target)))


def _build(group: Group, analysis: Analysis) -> SuccessCriterion:
    """One criterion from a group; later mentions revise target and due date."""
    seed = group.seed.unit
    slots = fill_slots(seed.text, analysis.date(seed))
    for cand in sorted(group.members, key=lambda c: c.unit.key):
        later = fill_slots(cand.unit.text, analysis.date(cand.unit))
        for key in ("baseline", "metric", "target", "due"):
            if later[key] and (not slots[key] or (key in ("target", "due")
                               and analysis.date(cand.unit) > analysis.date(seed))):
                slots[key] = later[key]
    measurable = _measurable(seed.text, slots)
    return SuccessCriterion(
        statement=seed.text,
        metric=slots["metric"], baseline=slots["baseline"], target=slots["target"],
        due=slots["due"], measurable=measurable,
        evidence=[analysis.evidence(u) for u in group.units()],
        confidence=round(min(1.0, group_score(group, analysis)), 3),
    )


_WORD_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "thirty": 30}


def _number(value: object) -> float | None:
    """The first number in a slot value ("five (5) business days" -> 5, "under 60" -> 60)."""
    if not value:
        return None
    match = re.search(r"\d+(?:\.\d+)?", str(value).replace(",", ""))
    if match:
        return float(match.group(0))
    word = re.search(r"[a-z]+", str(value).lower())
    return float(_WORD_VALUES[word.group(0)]) if word and word.group(0) in _WORD_VALUES else None


def _signature(group: Group, analysis: Analysis) -> tuple[float, float] | None:
    """(baseline, target) numbers a group's seed states, when it states both."""
    slots = fill_slots(group.seed.unit.text, analysis.date(group.seed.unit))
    base, target = _number(slots["baseline"]), _number(slots["target"])
    return (base, target) if base is not None and target is not None else None


def _merge_same_numbers(groups: list[Group], analysis: Analysis) -> list[Group]:
    """Merge goals stated with the same baseline and target ("6 days to 2" and "6d -> 2d")."""
    merged: list[Group] = []
    seen: dict[tuple[float, float], Group] = {}
    for group in groups:
        key = _signature(group, analysis)
        if key is not None and key in seen:
            seen[key].members.extend(group.members)
            continue
        if key is not None:
            seen[key] = group
        merged.append(group)
    return merged


def extract_criteria(analysis: Analysis) -> list[SuccessCriterion]:
    """Success criteria of an account, one per real-world goal."""
    groups = analysis.top_groups(
        "success_criteria", threshold=THRESHOLD, similarity=GROUP_SIMILARITY,
        max_items=MAX_ITEMS, support_similarity=SUPPORT_SIMILARITY,
        regroup=lambda found: _merge_same_numbers(found, analysis),
        support=lambda u: bool(re.search(r"\d", u.text)) and analysis.prob(
            "success_criteria", u) >= SUPPORT_PROB)
    return [_build(g, analysis) for g in groups]
