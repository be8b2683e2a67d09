"""What a CSM's question is about, in words documents use: expansions and category cues.

Two small tables written from the domain (DOMAIN.md), not from any account:
question words mapped to the words implementation notes use for them ("push
back" -> "skeptical", "concern"), and which category cue lists (risk, expansion,
success criteria, people) a question calls for. The risk, expansion and
criteria cues are the offline extraction engine's own, so ``ask`` and the
record agree on what a risk or an expansion signal sounds like.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

Cue = tuple[re.Pattern[str], float]
CUE_FULL = 3.0  # a cue score this high counts as a full match

# CSM and implementation vocabulary: a question's word -> words documents use for it.
EXPANSIONS: dict[str, tuple[str, ...]] = {
    "buyer": ("budget", "signed", "sign-off", "signatory", "cfo", "eb", "purchase"),
    "sponsor": ("executive", "exec", "sponsor", "steering"),
    "executive": ("cfo", "ceo", "coo", "cio", "vp", "sponsor", "director", "exec"),
    "approve": ("signed", "sign-off", "budget", "approval"),
    "spend": ("budget", "cost", "price", "purchase"),
    "spending": ("budget", "cost", "price", "purchase"),
    "champion": ("advocate", "champion", "enthusiastic", "power"),
    "undermine": ("skeptic", "skeptical", "sceptical", "resist", "pushback", "concern", "doubt"),
    "push": ("skeptical", "sceptical", "concern", "object", "resist", "pushback", "worried"),
    "pushback": ("skeptical", "sceptical", "concern", "object", "resist", "worried"),
    "skeptic": ("skeptical", "sceptical", "concern", "doubt", "resist", "pushback"),
    "blocker": ("block", "blocking", "veto", "resist", "objection"),
    "risk": ("risk", "concern", "issue", "blocker", "gap", "delay", "workaround", "fragile"),
    "issue": ("risk", "problem", "bug", "defect", "gap", "fail"),
    "expansion": ("additional", "another", "interested", "extend", "rollout", "seat", "module"),
    "upsell": ("additional", "another", "interested", "extend", "seat", "module"),
    "opportunity": ("interested", "additional", "another", "extend", "expansion", "seat"),
    "goal": ("target", "reduce", "success", "kpi", "measure", "objective"),
    "success": ("target", "reduce", "goal", "kpi", "measure", "criteria"),
    "target": ("goal", "reduce", "kpi", "by", "within"),
    "kpi": ("target", "metric", "measure", "goal"),
    "leave": ("leaving", "left", "departure", "notice", "successor", "replace", "maternity"),
    "leaving": ("leave", "left", "departure", "notice", "successor", "replace", "maternity"),
    "contact": ("day-to-day", "point", "owner", "lead", "admin"),
    "promise": ("commit", "committed", "agreed", "guarantee", "promised"),
    "timeline": ("date", "go-live", "deadline", "cutover", "slip", "delay"),
    "renewal": ("renew", "renewal", "contract", "term"),
    "integration": ("api", "sync", "connector", "integration", "feed"),
    "adoption": ("usage", "active", "login", "adopt", "user"),
    "worry": ("concern", "worried", "risk", "nervous"),
    "concern": ("worried", "concern", "risk", "nervous", "skeptical"),
}

PEOPLE_CUES = [(re.compile(rx, re.I), w) for rx, w in [
    (r"\b(reservations?|not convinced|to be convinced|skeptic\w*|sceptic\w*|push(?:ed)? back|"
     r"resist\w*|objection|opposed|concerns?|unhappy|frustrat\w+)\b", 1.5),
    (r"\b(champion|supporter|advocate|enthusias\w+|strongest|sponsor|signed|budget|approv\w+)\b",
     1.0),
    (r"\b(leaving|last day|left|successor|take[sn]? over|step(?:s|ping)? into|acting|cover\w*|"
     r"maternity|parental|leave|replac\w+|day-to-day|point of contact|owner|owns)\b", 1.2),
    (r"\b(CFO|COO|CEO|CIO|CISO|CTO|VP|director|head of|manager|lead)\b", 0.8),
    (r"\b[A-Z][a-z]+ [A-Z][a-z'’-]+\b", 0.8),
]]
QUESTION_CUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"expan|upsell|cross-sell|opportunit|add-?ons?|buy(ing)? (anything|more)|beyond|"
                r"growth|new business|scope|more seats|additional", re.I), "EXPANSION"),
    (re.compile(r"risk|problem|issue|fix|wrong|slip|delay|behind|held up|hold up|blocker|"
                r"obstacle|standing in the way|concern|worr|restrict|why", re.I), "RISK"),
    (re.compile(r"target|goal|success|kpi|on track|tracking|how far|stand against|measure|"
                r"promis|commit", re.I), "CRITERIA"),
    (re.compile(r"^\s*(who|whom|whose)\b|\bwho\b|contact|sponsor|buyer|champion|skeptic|"
                r"resist|convinced|onside|leav|owns?|owner|stakeholder|think of|feel|"
                r"which (executive|person|people|manager|director|stakeholder)", re.I),
     "PEOPLE"),
]


@lru_cache(maxsize=1)
def _stemmed_expansions() -> dict[str, tuple[str, ...]]:
    """EXPANSIONS keyed by index term (stemmed), the form a tokenised question has."""
    from extractor.ask.tokens import tokenize

    out: dict[str, tuple[str, ...]] = {}
    for word, extras in EXPANSIONS.items():
        for term in tokenize(word) or [word]:
            out[term] = out.get(term, ()) + extras
    return out


def expansions_for(term: str) -> tuple[str, ...]:
    """Words documents use for a question's index term (empty when none are known)."""
    return _stemmed_expansions().get(term, ())


def question_cues(question: str) -> list[Sequence[Cue]]:
    """The category cue lists (risk, expansion, criteria, people) a question calls for."""
    from extractor.engines.local import cues

    lists = {"EXPANSION": cues.EXPANSION, "RISK": cues.RISK, "CRITERIA": cues.CRITERIA,
             "PEOPLE": PEOPLE_CUES}
    return [lists[name] for pattern, name in QUESTION_CUES if pattern.search(question)]


def cue_score(text: str, cue_lists: Sequence[Sequence[Cue]]) -> float:
    """0..1: how strongly a span reads as what the question's categories look for."""
    if not cue_lists:
        return 0.0
    best = max(sum(w for rx, w in cl if rx.search(text)) for cl in cue_lists)
    return min(best / CUE_FULL, 1.0)
