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
from extractor.engines.local.analysis import Analysis, Group, group_score
from extractor.models import ExpansionKind, ExpansionSignal
from extractor.segmentation import Unit
from extractor.temporal import find_dates

THRESHOLD = 0.5
SUPPORT_PROB = 0.2
GROUP_SIMILARITY = 0.13
SUPPORT_SIMILARITY = 0.2
MAX_ITEMS = 4
DATE_SUPPORT_PROB = 0.3  # support mentions this likely may date the first raise
# A mention dates the item only if it shares vocabulary with the item's seed itself
# (or names the item's tracker id): best-link grouping can chain a mention in through a
# neighbour ("budget season"), and an unrelated early mention would then set a
# months-early date. 0.14-0.17 score alike on dev; 0.12 and 0.2 worse (BENCHMARKS.md).
DATE_SEED_SIMILARITY = 0.15

PITCH = re.compile(
    r"\b(demo(?:ed|'d)?|pitch(?:ed|ing)?|walked (?:\w+ )?through|showed|presented|"
    r"want a demo|floated|mentioned [\w+ ]{0,30} exists?|introduced|offered|show you|"
    r"happy to (?:show|demo)|mentioned [^.]{0,40}near the end|"
    r"(?:a lot|many|several|some|most|a few) of (?:our|the) (?:[\w-]+ ){0,2}(?:clients|customers)|"
    r"a lot of [\w-]+ (?:pair|add|use)|our (?:[\w-]+ ){0,3}(?:module|add-?on|app|accelerator)|"
    r"(?:would|could) (?:be a )?(?:nice |good )?(?:fit|phase 2))\b", re.I)
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


# A product sold separately, or one the vendor pitched, is a module however many
# teams or seats the same sentences mention; a feed between two named systems is
# an integration.
_STRONG_MODULE = re.compile(
    r"\b(module|add-?on|not (?:in (?:your|the|their) )?licen[cs]\w*|not licensed|unlicensed|"
    r"separate (?:licen[cs]e|subscription|product|sku|contract))\b", re.I)
_STRONG_INTEGRATION = re.compile(
    r"\b((?i:integrat\w+|connector|api|webhook|edi|nightly (?:\w+ )?(?:export|feed|file)|"
    r"trigger\w*)|(?i:export|feed|sync) (?:\w+ ){0,3}(?i:to|into|from) [A-Z]\w+|"
    r"(?i:(?:call|take|pull|push)\w* (?:\w+ ){0,3}from (?:the|their|our) [\w-]+ system))\b")
STRONG_WEIGHT = 2


def expansion_kind(text: str, pitched: bool = False) -> ExpansionKind:
    """The kind whose vocabulary the text uses most; rule order breaks ties.

    Strong cues (a separately sold module, a pitch, a system-to-system feed)
    outweigh the team and seat words that describe who would use it.
    """
    scores = {kind: len({m.group(0).lower() for m in pattern.finditer(text)})
              for kind, pattern in _KIND_RULES}
    if _STRONG_MODULE.search(text) or pitched:
        scores[ExpansionKind.MODULE] += STRONG_WEIGHT
    if _STRONG_INTEGRATION.search(text):
        scores[ExpansionKind.INTEGRATION] += STRONG_WEIGHT
    best, best_hits = ExpansionKind.NEW_USE_CASE, 0
    for kind, _ in _KIND_RULES:
        if scores[kind] > best_hits:
            best, best_hits = kind, scores[kind]
    return best


_NOT_AN_EVENT = re.compile(r"\b(?:before|by|until|till|after|due|starting|next|"
                           r"no later than|deadline|target)\W+(?:\w+\W+)?$", re.I)
_VAGUE_HEADING_DATE = re.compile(r"\b(?:this|last|next) week\b|\btoday\b", re.I)


def event_mentions(text: str, ref: dt.date, heading: bool) -> list[dt.date]:
    """Past dates in ``text`` that say when something happened.

    A date after "before/by/until/next..." is a limit or a plan, not the day the
    customer said it; a heading's "this week" only restates the document's week.
    """
    out: list[dt.date] = []
    for mention in find_dates(text, ref, future=False):
        if _NOT_AN_EVENT.search(text[:mention.start]):
            continue
        if heading and _VAGUE_HEADING_DATE.search(mention.text):
            continue
        if mention.date < ref and (ref - mention.date).days <= 45:
            out.append(mention.date)
    return out


_LINE_STAMP = re.compile(r"^\W{0,3}(20\d\d)-(\d\d)-(\d\d)\b")


def line_date(unit: Unit, analysis: Analysis) -> dt.date | None:
    """The timestamp a chat or log line starts with ("[2026-04-15 16:20] Jo: ..."), which
    dates what the line says more precisely than the export's file date."""
    doc = analysis.doc(unit)
    start = _line_start(unit, doc.text)
    match = _LINE_STAMP.match(doc.text[start:unit.start + 1])
    if not match:
        return None
    try:
        stamp = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    ref = analysis.date(unit)
    return stamp if stamp <= ref and (ref - stamp).days <= 45 else None


def event_date(unit: Unit, analysis: Analysis) -> dt.date:
    """When the thing a unit reports happened: a past date phrase in it or in its
    heading (minutes headed "Steering committee - Tue May 19"), else the document date."""
    ref = line_date(unit, analysis) or analysis.date(unit)
    found = event_mentions(unit.text, ref, False)
    if found:
        return found[0]
    earlier = event_mentions(_line_before(unit, analysis), ref, False)
    if earlier:  # "Sheila asked at yesterday's session whether ... Told her it's a module."
        return earlier[-1]
    in_row = event_mentions(unit.row, ref, False)
    if in_row:  # a tracker row's "Created" column: "CR-04 ... | 26/Mar/26 | 08/Apr/26"
        return in_row[0]
    found = event_mentions(unit.heading, ref, True)
    return found[0] if found else ref


def _line_before(unit: Unit, analysis: Analysis) -> str:
    """The text of the unit's own line (bullet, paragraph or cue) before the unit starts."""
    text = analysis.doc(unit).text
    return text[_line_start(unit, text):unit.start]


def _line_start(unit: Unit, text: str) -> int:
    """Where the unit's line starts: the logical line when hard wrapping was undone."""
    return unit.line_start if unit.line_start >= 0 else text.rfind("\n", 0, unit.start) + 1


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


_ASK = re.compile(r"\b(asked|asks|asking|could (?:we|you|it|they|our)|can (?:we|you|it|they|our)|"
                  r"is there|any (?:way|integration|chance)|would (?:it|we) be able|wants?|"
                  r"would like|we'?d like|interested in|keen)\b", re.I)


def _is_vendor(unit: Unit, analysis: Analysis) -> bool:
    """True when the unit was said or written by a vendor-side person."""
    name, email = analysis.author(unit)
    return analysis.is_vendor_email(email) or bool(name and analysis.is_vendor_name(name))


def _unprompted(group: Group, analysis: Analysis, text: str) -> bool:
    """Raised by the customer unless the vendor pitched it first.

    The earliest mention decides: a customer's own ask ("could we also...",
    "asked whether") is unprompted even if a demo follows; otherwise any pitch
    or demo language in the mentions means the vendor brought it up.
    """
    first = min((c.unit for c in group.members), key=lambda u: u.key)
    if _ASK.search(first.text) and not PITCH.search(first.text) and not _is_vendor(first,
                                                                                   analysis):
        return True
    return not PITCH.search(text)


# "as I said on Monday's exec call": the customer dates their own first raise.
_EARLIER_RAISE = re.compile(r"\bas I (?:said|mentioned|asked|told|raised|flagged)\b", re.I)


def _build(group: Group, analysis: Analysis) -> ExpansionSignal:
    """One signal from a group; date and person from its earliest mention."""
    seed = group.seed.unit
    members = [c.unit for c in group.members]
    named = {u.key for u in members + group.support
             if analysis.id_relation(u, [m for m in members if m is not u]) > 0}
    named |= {u.key for u in members if _EARLIER_RAISE.search(u.text)}
    raised = [u for u in members + [
        u for u in group.support if analysis.prob("expansion_signals", u) >= DATE_SUPPORT_PROB
        or u.key in named]
        if u is seed or u.key in named or analysis.similarity(u, seed) >= DATE_SEED_SIMILARITY]
    text = " ".join(c.unit.text for c in group.members)
    unprompted = _unprompted(group, analysis, text)
    first = min(raised, key=lambda u: (event_date(u, analysis), u.key))
    return ExpansionSignal(
        summary=group.seed.unit.text,
        date=event_date(first, analysis),
        mentioned_by=_person(group, analysis, unprompted),
        kind=expansion_kind(text, pitched=not unprompted),
        unprompted=unprompted,
        context=first.line if first.line != first.text else None,
        evidence=[analysis.evidence(u) for u in group.units()],
        confidence=round(min(1.0, group_score(group, analysis)), 3),
    )


def extract_expansion(analysis: Analysis) -> list[ExpansionSignal]:
    """Expansion signals of an account, one per real-world opportunity."""
    groups = analysis.top_groups(
        "expansion_signals", threshold=THRESHOLD, similarity=GROUP_SIMILARITY,
        max_items=MAX_ITEMS, support_similarity=SUPPORT_SIMILARITY,
        support=lambda u: analysis.prob("expansion_signals", u) >= SUPPORT_PROB)
    return [_build(g, analysis) for g in groups]
