"""Risk status as of the handoff date: open, mitigated or resolved.

Labels are true as of the account's ``as_of`` day and later documents win, but
many later mentions of a risk say nothing about its state ("thanks for the
patience on that issue"). So each dated mention is read for a *decisive*
status signal and the most recent decisive mention wins; a mention with no
status language defers to the one before it.

Within one mention the order of clauses matters: "closed in March; the new
release reset the flag" is open again, "hours bank done; rest rules still in
test" is still open, "fixed, monitoring daily" is under control (mitigated).
The lexicons here are this module's own: the cue regexes in ``cues`` also feed
the shipped classifier's features and must not drift.
"""

from __future__ import annotations

import re

from extractor.models import RiskStatus

# A status column: a cell holding just the status word, perhaps with a note in brackets or
# a short qualifier ("| Open (reopened 9 May) |", "| Open - Med |"). A free-text cell that
# starts with one ("| Closed 12 Mar via a flag; the release reset it |") is an update, read
# clause by clause.
_TABLE_STATUS = re.compile(r"(?:^|\|)\s*(?:\*\*)?(open|closed|mitigated|resolved|done)(?:\*\*)?"
                           r"\s*(?:\([^|()]*\)|[-\u2013/,:]\s*\w+(?: \w+){0,2})?\s*(?=\||$)",
                           re.I | re.M)

# Fixed for good: the problem is gone.
RESOLVED = re.compile(
    r"\b(resolved|fixed|closed|closing(?! date)|close (?:it|this) out|"
    r"done(?! by| (?:about |roughly |only )?(?:half|part))|"
    r"complete[d]?(?! by)|"
    r"went (?:in|live)|(?:is|now|fully|finally|been|gone) live|live (?:since|for)|stable|"
    r"no (?:\w+ )?(?:failures|complaints|issues|errors|duplicates|dups|recurrence|problems)|"
    r"zero (?:\w+ )?(?:exceptions|errors|defects|missing \w+)|ran clean|runs? clean|"
    r"signed off|works fine|working fine|fine (?:now|since)|now fine|cleared|no longer|"
    r"delivered|deployed|restored|back on track|sorted|(?:is|are|now|was|all) settled|finished|"
    r"re-?enabled|(?:is|are) (?:now |all )?gone|went away|disappeared|"
    r"reconcil(?:e|es|ed) (?:to|within)|passed|any ?more|approved|shipped|in production|"
    r"reclassified)\b",
    re.I)

# Still present but under control: a workaround, a watch, a partial fix, a cover.
MITIGATED = re.compile(
    r"\b(mitigat\w+|workaround|work around|temporar\w+|interim|for now|in the meantime|"
    r"half ?way|half done|partly done|"
    r"monitor(?:ed|ing)?|partial\w*|in progress|down (?:from|to)|reduced|fallback|contingency|"
    r"in place|covers|covering|cover(?:ing)? for|manual(?:ly)? (?:check|review|upload|"
    r"process|fix)\w*|by hand|on track|plan agreed|handover|hand over|largely|mostly|"
    r"takes over|taking over|took over|agreed to (?:assume|extend|cover|take)|holding|"
    r"polling|checklist|stays? on|until then|pending (?:a|\w+ (?:of|in) prod)|deputy|acting|"
    r"act as|\d+ left|(?<![\d.,/:-])(?!0+\b|0+\.0+\b)\d+(?:[.,]\d+)*%? "
    r"(?:(?!no\b|zero\b)\w+ )?(?:unmatched|exceptions|errors|failures|duplicates|dups|defects)|"
    r"\(?was \d+|capable|"
    r"\d+ of \d+ (?:\w+ ){0,3}(?:done|complete|trained|live|cleansed))\b", re.I)

# Explicitly still a problem, whatever was said before.
OPEN = re.compile(
    r"\b(still (?:open|failing|fails|fail|missing|manual|on paper|partly|using|sending|"
    r"in test|broken|an issue|a problem|waiting|outstanding|not|no|isn|hasn|haven|aren|"
    r"patchy|\W?\d|need\w*|\w+ing|keyed)|has not|have not|not given|remains? (?:the|a|an)|"
    r"(?:remains?|is|now|status:?|severity \w+,)\s+open|"
    r"^\s*open\b(?!\s+(?:items?|questions?|actions?|points?|topics?)\b)|"
    r"\bopen(?=\.?\s*$)|reopened|re-opened|reset|regressed|came back|recurr\w*|missing again|"
    r"(?:a|another) regression(?! (?:test|suite|run|pack|cycle))|regression (?:bug|defect)s?|"
    r"not (?:ok|convinced|loaded|scheduled|dated|fixed|resolved|started|yet|going to|sold)|"
    r"nobody|holdouts?|haven'?t|hasn'?t|aren'?t|won'?t|refus\w+|declin\w+|"
    r"no (?:owner|eta|decision|date|fix|reply|answer|response|backup)(?: yet)?|yet to|"
    r"(?<!no )(?<!not a )blocker|blocked|frozen|freeze|getting tight|at risk|unresolved|"
    r"outstanding|"
    r"worr\w+|leaving|last day|resign\w*|none of|0 of \d+)\b", re.I | re.M)

_SPLIT = re.compile(r"(?<=[.;!?])\s+|\s+(?:but|however|although|though)\s+|\s+-\s+|\n", re.I)
_ENDED_WORKAROUND = re.compile(
    r"\b(?:switched off|turned off|removed|retired|dropped|stopped|ended|no longer (?:need|use)\w*)"
    r"\s+(?:\w+\s+){0,2}(?:workaround|interim|manual|temporary|stop-?gap|fallback)\w*"
    r"(?:\s+(?:script|process|step|check|fix)s?)?", re.I)
_PLANNED = re.compile(r"\b(?:will|after that|once|expected|promised|(?<!as )(?<!re-)planned|"
                      r"due|target\w*|going to|should be|by (?:end|\d|next|mon|tue|wed|thu|fri))\b",
                      re.I)
_NEGATED_FIX = re.compile(r"\b(?:not|never|nobody|no one|isn'?t|wasn'?t|hasn'?t|haven'?t)\s+"
                          r"(?:\w+\s+){0,2}(?:fixed|resolved|closed|done|live|complete\w*)\b", re.I)


# "Manual check weekly until fixed": a condition on a stop-gap, not a fix.
_UNTIL_FIXED = re.compile(r"\b(?:until|till|once|when) (?:it(?:'s| is) |they(?:'re| are) )?"
                          r"(?:fixed|resolved|done|complete[d]?|closed)\b", re.I)


# "There is no further contingency", "no workaround": the lack of a stop-gap is open.
_NO_STOPGAP = re.compile(r"\b(?:no|without(?: a| any)?|not (?:a|an|any))\s+"
                         r"(?:further |more |other |real )?(?:contingency|workaround|"
                         r"work around|fallback|interim|backup|buffer|slack|float)\b", re.I)


def _clause_signal(clause: str) -> RiskStatus | None:
    """The status one clause asserts, or None when it says nothing about state."""
    clause = _UNTIL_FIXED.sub(" ", clause)
    if _NO_STOPGAP.search(clause):
        return RiskStatus.OPEN
    if _NEGATED_FIX.search(clause):
        return RiskStatus.OPEN
    ended = _ENDED_WORKAROUND.search(clause)
    if ended:  # "switched off the workaround script": the stop-gap is no longer needed
        clause = _ENDED_WORKAROUND.sub(" ", clause)
    opened = bool(OPEN.search(clause))
    fixed = bool(ended or RESOLVED.search(clause))
    eased = bool(MITIGATED.search(clause))
    if fixed and not ended and _PLANNED.search(clause):  # "done by 10/23": a plan, not a fix
        fixed = False
    if opened and not fixed:
        return RiskStatus.MITIGATED if eased else RiskStatus.OPEN
    if fixed:
        return RiskStatus.MITIGATED if (eased or opened) else RiskStatus.RESOLVED
    if eased:
        return RiskStatus.MITIGATED
    return None


def mention_status(text: str) -> RiskStatus | None:
    """The decisive status of one mention, or None when it has no status language.

    An explicit RAID/tracker status column wins; otherwise clauses are read in
    order and the last one that asserts a state wins, except that a fix followed
    by a caveat ("done, except ...", "fixed; still monitoring") is mitigated.
    """
    read: list[tuple[str, RiskStatus | None]] = []
    for line in text.split("\n"):
        table = _TABLE_STATUS.findall(line) if "|" in line else []
        if table:  # a tracker row: its status column speaks for the row
            word = table[-1].lower()  # "| was Open | now Closed |": the last column wins
            read.append((line, _TABLE_WORDS.get(word, RiskStatus.RESOLVED)))
        else:
            read.extend((c, _clause_signal(c)) for c in _SPLIT.split(line) if c)
    signals = [s for _, s in read if s is not None]
    if not signals:
        return None
    if signals[-1] == RiskStatus.RESOLVED:  # "operator 1 passed; operator 2 scheduled"
        last = max(i for i, (_, s) in enumerate(read) if s is not None)
        if any(_PENDING.search(c) for c, _ in read[last + 1:]) and not _CLOSURE.search(text):
            return RiskStatus.MITIGATED
    if signals[-1] != RiskStatus.RESOLVED and EXPLICIT_OPEN.search(text):
        return RiskStatus.OPEN
    if signals[-1] == RiskStatus.RESOLVED and RiskStatus.MITIGATED in signals \
            and not _CLOSURE.search(text):
        return RiskStatus.MITIGATED
    return signals[-1]


# A status written down as such ("Still open:", "R-04 open.", "no ETA") outranks
# descriptions of workarounds in the same mention.
EXPLICIT_OPEN = re.compile(r"\b(?:still open|reopened|re-opened|no eta|(?:status|severity \w+)[:,]?"
                           r"\s*open)\b|(?:^|[|*\n]\s*)open\b\s*[:.(\-]|\bopen\.?\s*$",
                           re.I | re.M)
# Work still to come after a fix ("operator 1 passed; operator 2 scheduled 21 July").
_PENDING = re.compile(r"\b(?:scheduled|planned|to follow|pending|remaining|next step|"
                      r"rest (?:of|to)|still to)\b", re.I)
_TABLE_WORDS = {"open": RiskStatus.OPEN, "mitigated": RiskStatus.MITIGATED}
_CLOSURE = re.compile(r"\b(closed|closing|resolved|considered closed|settled)\b", re.I)


def latest_status(dated_texts: list[tuple[object, str]]) -> RiskStatus:
    """Status from dated mentions: the most recent decisive mention wins.

    Args:
        dated_texts: (sortable date, text of all the item's mentions that day).

    Returns:
        The status of the latest mention that says anything about the state;
        open when none does (a raised risk is open until something says otherwise).
    """
    for _, text in sorted(dated_texts, key=lambda p: p[0], reverse=True):
        status = mention_status(text)
        if status is not None:
            return status
    return RiskStatus.OPEN
