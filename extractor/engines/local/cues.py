"""Lexical cues: the words and shapes that tell a success criterion, an expansion
signal and a risk apart, written from the domain (DOMAIN.md), not from any one
account's documents.

Each cue is a regex with a weight; a unit's score for a category is the sum of
the weights of the cues it matches, plus cues from the heading it sits under.
Scores are only compared with thresholds and with each other, so their scale
is arbitrary but shared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Cue = tuple[re.Pattern[str], float]


def _cues(pairs: Iterable[tuple[str, float]]) -> list[Cue]:
    """Compile (regex, weight) pairs case-insensitively."""
    return [(re.compile(rx, re.IGNORECASE), w) for rx, w in pairs]


NUMBER = r"(?:~|approx\.?\s*|about\s+|around\s+)?\d[\d,.]*\s*(?:%|percent|x|k|m)?"

CRITERIA = _cues([
    (r"\b(goals?|targets?|objectives?|kpis?|success (?:criteri\w+|measures?|metrics?)|"
     r"measures? of success|north star|outcomes?)\b", 1.5),
    (r"\b(reduce|cut|increase|raise|improve|lift|grow|decrease|lower|shorten|bring down|"
     r"get (?:it |that )?(?:down|up)|double|halve|reach|hit|achieve)\b", 0.8),
    (r"\bfrom\s+" + NUMBER + r"[^.;]{0,40}?\bto\s+" + NUMBER, 2.0),
    (r"\d[\d.,]*\s*\w{0,6}\s*(?:->|\u2192|=>)\s*\d", 1.8),
    (r"\b(under|below|less than|fewer than|at least|no more than|above|over|within)\s+"
     + NUMBER, 0.8),
    (r"(?:<|>|>=|<=)\s?\d", 0.6),
    (r"\bwants?\b|\bwould like\b|\bjudge\b|\bsuccess\b|\bmeasured? by\b|\bbe able to\b", 0.7),
    (r"\bby (?:the )?(?:end of |eo)?(?:q[1-4]|year|month|quarter|\w+ close|go-?live|"
     r"\d{1,2}/\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)", 1.0),
    (r"\b(baseline|today|currently|current state|as is)\b", 0.5),
    (r"\bno number\b|\bqualitative\b|\bhard to measure\b|\bno way to measure\b|"
     r"\bno baseline\b|\bless of a\b|\bfeel(?:ing)?\b|\btrust\b|\beasier\b|\bless painful\b", 0.9),
    (r"\b(?:single view|confidence|visibility|happier|on time|fire drill)\b", 0.4),
])

CRITERIA_HEADINGS = re.compile(
    r"goal|objective|success|target|kpi|measure|outcome|vs the goals|why they bought|metric",
    re.IGNORECASE)

EXPANSION = _cues([
    (r"\bseparate (?:product|module|licen[cs]e|sku|subscription|add-?on|contract|tenant)\b", 2.5),
    (r"\b(?:not in|outside(?: of)?|out of|beyond)\s+(?:the |this |our |current |phase[- ]?\w+ )*"
     r"(?:sow|scope|contract)\b|\bnew scope\b|\bout of scope\b", 2.2),
    (r"\b(add-?on|upsell|cross-?sell|expansion|expand)\b", 1.5),
    (r"\b(?:\d+|more|additional|extra|another)\s+(?:more\s+)?(?:seats?|licen[cs]es?|users?|"
     r"logins?|staff|agents|analysts|people|units|sites|properties|stores|locations)\b", 1.2),
    (r"\b(?:more|additional|extra) seats\b|\badd seats\b", 1.5),
    (r"\b(?:could|can|would|might)\s+(?:we|our|they|their|it|this|you)\b[^.?]{0,60}"
     r"\b(?:also|too|same|as well|instead|replace|cover|run|use|bring|add|go through|"
     r"plug|connect|integrate|handle|monitor|check)\b", 1.2),
    (r"\basked (?:whether|if|about|for)\b|\bany integration\b|\bis there a way\b", 1.0),
    (r"\b(interested in|keen on|want(?:s)? a demo|demo(?:ed|'d)?|pitch(?:ed)?|walked through|"
     r"showed|pricing|proposal|quote|budget request|budget season|put a number)\b", 1.0),
    (r"\b(module|connector|marketplace|integration|webhook|api)\b", 0.7),
    (r"\b(acquisition|acquiring|acquire|merger|new (?:office|site|region|entity|business))\b", 1.0),
    (r"\b(?:other|another|new)\s+(?:teams?|departments?|division|business units?|group|domain|"
     r"use case|region)\b", 1.0),
    (r"\bfor later\b|\bphase (?:2|two)\b|\bnext phase\b|\bafter go-?live\b|\bnot (?:asking )?for "
     r"(?:now|ph(?:ase)?\s?1)\b", 0.8),
])

EXPANSION_HEADINGS = re.compile(r"commercial|expansion|upsell|opportunit|growth|future|"
                                r"out of scope|parking", re.IGNORECASE)

RISK = _cues([
    (r"\b(risks?|issues?|concerns?|problems?|blockers?|blocked|blocking|at risk|red flag)\b", 1.2),
    (r"\b(worr(?:y|ied|ies)|nervous|afraid|scared|the thing i'?d worry|honestly)\b", 1.2),
    (r"\b(behind|slip(?:s|ped|ping)?|delay(?:s|ed)?|late|overdue|pushed|moved (?:from|out)|"
     r"compressed|lost ~?\d)\b", 1.0),
    (r"\b(RED|AMBER)\b", 1.0),
    (r"\b(fragile|workaround|manual(?:ly)?|by hand|gap|missing|orphan\w*|not (?:yet )?"
     r"(?:named|assigned|loaded|done|signed|started|approved|covered)|no (?:owner|backup|eta|"
     r"answer|decision|lineage)|nobody|single person|only person|only one)\b", 1.0),
    (r"\b(leaving|last day|resign\w*|departure|retir\w+|accepted a (?:\w+ )?role|handing over|"
     r"moving on|left the company|notice)\b", 1.8),
    (r"\b(refus\w+|won'?t|will not|not comfortable|declined|push(?:ed|ing)? back|skeptic\w*|"
     r"resist\w*|not sold|veto)\b", 1.0),
    (r"\b(fail(?:s|ed|ing|ures?)?|errors?|broken|bugs?|defects?|outage|spam|junk|bounced?)\b", 0.8),
    (r"\b(duplicat\w+|mismatch\w*|don'?t tie|unmapped|unmatched|exceptions|inconsistent|"
     r"dirty|clean(?:se|up)?|data quality|expired|incomplete)\b", 1.0),
    (r"\b(excel|spreadsheets?|paper|bypass\w*|not using|not logging|low (?:adoption|usage)|"
     r"adoption|uptake|muted|ignored|log in|logged)\b", 0.8),
    (r"\b(freeze|frozen|budget cuts?|cost|drop to|cancel\w*|churn|downgrade|fewer seats)\b", 0.9),
    (r"\b(depends on|dependency|waiting on|pending|chasing|escalat\w+)\b", 0.6),
    (r"\b(the long pole|biggest|big loss|top concern|watch)\b", 0.8),
])

RISK_HEADINGS = re.compile(r"risk|issue|raid|watch|open|concern|blocker|problem|debt|"
                           r"decision", re.IGNORECASE)

# Status language: what the latest mention of a risk says about it.
RESOLVED = re.compile(
    r"\b(resolved|fixed|closed|done|complete[d]?|approved|went in|published|(?:is|now|went|"
    r"finally|been|gone|fully) live|live since|live for|stable|"
    r"no (?:\w+ )?(?:failures|complaints|issues|errors|misroutes)|"
    r"all (?:\w+ ){1,2}(?:tie|pass(?:ed)?)|tie[sd]? out|"
    r"zero (?:\w+ )?(?:exceptions|errors|defects)|"
    r"0 (?:dup\w*|errors|exceptions|defects)|ran clean|run clean|signed off|works fine|"
    r"fine (?:now|since)|now fine|cleared|no longer|delivered|restored|back on track|sorted|"
    r"switched on|flowing|configured and tested|in production|that one's closed)\b", re.IGNORECASE)
MITIGATED = re.compile(
    r"\b(mitigat\w+|workaround|temporar\w+|temp[- ]assigned|interim|in progress|down (?:from|to)|"
    r"partial\w*|monitor\w*|plan agreed|for now|acting|covering|being rebuilt|rebuilt|chasing|"
    r"improv\w+|better|trained|contingency|fallback|in place|pending|manual check|"
    r"weekly manual|remaining|left to|\d+ of \d+|\d+\s*(?:->|\u2192)\s*\d+|owns|taken over|"
    r"took over|new (?:to|but)|capable|until)\b", re.IGNORECASE)
STILL_OPEN = re.compile(
    r"\b(reopened|reset|regress\w*|came back|recurr\w*|"
    r"no (?:reply|answer|response|decision|eta|owner|backup)(?: yet)?|not started|"
    r"nobody|frozen|freeze|not yet|not scheduled|getting tight|0 of \d+|none of|won'?t|refus\w+|"
    r"worr\w+|declin\w+|reality|unresolved|outstanding|at risk|only person|not sold|"
    r"isn'?t going to|not going to|leaving|last day|retir\w+|still (?:not|no|isn|hasn|haven))\b",
    re.IGNORECASE)
_CAVEAT = re.compile(r"\b(still|except|but|remaining|left|pending|partial\w*|only \d+)\b",
                     re.IGNORECASE)


def caveated(text: str) -> bool:
    """True when a 'fixed' statement carries a caveat (still, except, but, remaining)."""
    return bool(_CAVEAT.search(text))


HIGH = re.compile(r"\b(high|RED|critical|major|severe|worr\w+|biggest|big loss|top|blocker|"
                  r"P1|sev ?1|showstopper|the thing i'?d worry|dies|engine of)\b", re.IGNORECASE)
LOW = re.compile(r"\b(low|minor|small|not a big deal|cosmetic|low-sev|nice to have|P3)\b",
                 re.IGNORECASE)


def score(text: str, cues: list[Cue]) -> float:
    """Sum of the weights of the cues that match ``text`` (each counted once)."""
    return sum(weight for pattern, weight in cues if pattern.search(text))
