"""Lexical cues that say something about a person: role, stance, departure, arrival.

Each cue is a regular expression with a weight. They describe how project notes talk
about people in general ("pushed back", "last day is", "day-to-day owner"), never
particular people or accounts, so they carry over to other writers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """A weighted pattern."""

    pattern: re.Pattern[str]
    weight: float


def _cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(p, re.I), w) for p, w in pairs)


_NEGATED = re.compile(
    r"\b(?:not|no|never|isn't|wasn't|aren't|don't|doesn't|didn't|without)\b[\w ,'-]{0,12}$", re.I
)


def cue_score(text: str, cues: tuple[Cue, ...]) -> float:
    """Sum of the weights of the cues found in ``text``, skipping negated ones ("not a blocker")."""
    total = 0.0
    for cue in cues:
        for m in cue.pattern.finditer(text):
            if not _NEGATED.search(text[max(0, m.start() - 20) : m.start()]):
                total += cue.weight
                break
    return total


# --- status ------------------------------------------------------------------------
DEPARTURE = re.compile(
    r"\b(?:last day|(?:his|her|my|their) last (?:day|week|month|steering|meeting|call|go|board|"
    r"session)|"
    r"(?:is |are |am |'m |’m )?leaving\b(?! (?:on time|early|at \d|for (?:the day|lunch|a)|it|"
    r"that|this|them|the (?:call|meeting)))|"
    r"will leave|has left|have left|had left|"
    r"\bleft\b(?= (?:on |in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|at the end|"
    r"the (?:company|business|"
    r"firm|organi[sz]ation|trust|school|district|team|project|programme|group)|us\b|\d|(?:jan|feb|"
    r"mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec)))|gone (?:since|as of|from)\b|"
    r"\bleaves\b(?! (?:it|that|this|them|a|some|room|open|out))|"
    r"resign(?:ed|ing|ation)?|stepping (?:back|down|away)|step(?:s|ped)? (?:back|down) from|"
    r"accepted (?:a|an|the) (?:\w+ ){0,3}(?:role|job|position|offer)|"
    r"(?:is |will be |are )?moving (?:on\b|to (?:a|an|another|the|our|\w+['’]s)\b)|mov(?:es|"
    r"ed) to\b|"
    r"(?:['’]s|his|her|their|my) departure|departing|no longer (?:with|at|on|part)|"
    r"retir(?:e|es|ing|ed|ement)\b|take up the role of|"
    r"(?:took|taking|takes) (?:a|an|the) (?:\w+ ){0,3}(?:role|job|position) (?:at|with|in)|"
    r"(?:role|job) at another|(?:was|is) (?:being )?(?:made redundant|let go|laid off))",
    re.I,
)
TEMPORARY_LEAVE = re.compile(
    r"\b(?:maternity|paternity|parental|medical|sick|annual|adoption|family|compassionate|"
    r"study)\s+leave|"
    r"\bon leave\b|\bholiday\b|\bvacation\b|\bPTO\b|\bsabbatical\b|\bout of (?:the )?office\b|"
    r"\bout (?:from|until|till|next)\b|\bback (?:on|in|from|with us)\b|\bcover(?:s|ing)? (?:for|"
    r"while)\b",
    re.I,
)
PAST_DEPARTURE = re.compile(
    r"\b(?:has left|have left|had left|left\b|gone|last day was|departed|no longer (?:with|at)|"
    r"resigned and left|moved to|retired)\b",
    re.I,
)
ARRIVAL = re.compile(
    r"\b(?:new(?:ly)?(?: \w+){0,3} (?:hire|joiner|starter|manager|director|head|lead|analyst|admin|"
    r"officer|vp|cio|cfo|coo|ceo|cto|ciso|controller|coordinator|supervisor|engineer|owner|"
    r"superintendent|"
    r"buyer|chief|specialist|contact|member|accounting|it)|"
    r"(?:just |recently )?(?:started|joined|joins|starts|starting)\b(?! (?:to|the|a|an|work|on|"
    r"in q\d|with|using|late|early)\b)|"
    r"start date|will act as|acting\b|interim\b|stepping in|step(?:s|ping)? into|"
    r"(?:has )?taken over|"
    r"takes? over|taking over|replac(?:es|ing|ement)|successor|"
    r"assume the role|first (?:week|day|month)|since (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)\w*"
    r"|new to the role|hired|onboarded|came on board|comes on board|offer accepted)",
    re.I,
)

# --- role --------------------------------------------------------------------------
SPONSOR = re.compile(
    r"\b(?:exec(?:utive)?\.? sponsor|sponsor\b|SRO\b|senior responsible owner)", re.I
)
SIGNER = re.compile(
    r"\b(?:signed (?:the |our |their )?(?:contract|order|SOW|statement of work|agreement|deal|MSA|"
    r"PO|purchase|"
    r"renewal|subscription|cheque|check)|signs the (?:checks|cheques|contract)|signer|signatory|"
    r"budget (?:owner|holder)|holds? the (?:budget|purse)|purse strings|"
    r"approved (?:the )?(?:budget|spend|purchase)|"
    r"economic buyer|\bEB\b|controls the budget|decides budgets?|owns the budget|"
    r"approves? (?:all |any )?(?:new )?spend)",
    re.I,
)
LEAD = re.compile(
    r"\b(?:project lead|project manager|\bPL\b|day[- ]to[- ]day|runs this|programme lead|"
    r"program lead|"
    r"project owner|lead(?:s|ing)? the project|decision maker on config|main contact|"
    r"primary contact|acting project lead|owns the project|implementation owner)",
    re.I,
)
ADMIN = re.compile(
    r"\b(?:(?:will be|is|as|be|becomes?|named|the only|our|main|primary|system|tool|platform|"
    r"\w+(?: side)?)\s+admin(?:istrator)?s?\b|admin(?:istrator)? (?:rights|access|role|owner|for)|"
    r"system owner|owns? (?:the )?(?:tool|platform|config(?:uration)?))",
    re.I,
)
TECH_TITLE = re.compile(
    r"\b(?:IT\b|ICT\b|I\.T\.|information technology|technology|technical|digital|infrastructure|"
    r"applications?|architect(?:ure)?|engineer(?:ing)?|systems?|data platform|integration|"
    r"ERP|IAM|identity|GIS|network|developer|DBA|messaging|security engineer|validation|CTO|CIO|"
    r"data engineering|enterprise apps|devops|it coordinator)",
    re.I,
)
OTHER_TITLE = re.compile(
    r"\b(?:data protection|DPO|privacy|procurement|purchasing director|compliance|legal|counsel|"
    r"risk|audit|CISO|information security officer|information governance|governance|works council|"
    r"finance director|FD\b|controller|FP&A|treasur|HR\b|human resources|employee relations|"
    r"people officer|clinical director|surgeon|plant manager|general manager|chair\b|union|"
    r"group sales|sales director|marketing|communications director)",
    re.I,
)
END_USER_TITLE = re.compile(
    r"\b(?:manager|mgr|supervisor|team lead(?:er)?|buyer|counsel?lor|registrar|planner|clerk|"
    r"leasing|store|branch|site|regional|superintendent|agent|coordinator|analyst|accountant|"
    r"officer|lead|head of|specialist)\b",
    re.I,
)
EXECUTIVE_TITLE = re.compile(
    r"\b(?:chief|CEO|CFO|COO|CIO|CTO|CISO|CHRO|CNO|CCO|CPO|CRO|president|owner|founder|"
    r"managing director|general manager|MD\b|VP\b|SVP|EVP|vice president|dean|"
    r"superintendent of schools|"
    r"assistant superintendent|partner|general counsel|chair|director of (?:operations|finance))",
    re.I,
)
# Control functions that review rather than use the product: neutral unless they say otherwise.
GATEKEEPER_TITLE = re.compile(
    r"\b(?:data protection|DPO|privacy|procurement|purchasing director|governance|works council|"
    r"counsel|legal|CISO|security officer|audit|risk officer|chief risk|CFO|chief financial|"
    r"finance director|FD\b|COO|chief operating)",
    re.I,
)
SENIOR_TITLE = re.compile(r"\b(?:director|dir\b|head|VP|chief|principal|senior manager)", re.I)
JUNIOR_TITLE = re.compile(
    r"\b(?:analyst|buyer|clerk|coordinator|associate|assistant(?! superintendent)|specialist|"
    r"counsel?lor|store manager|team lead|part[- ]time|agent|planner|registrar|leasing)",
    re.I,
)
CFO_TITLE = re.compile(
    r"\b(?:CFO|chief financial officer|finance director|FD|president|owner|"
    r"managing director|general manager|GM|chief business official)\b",
    re.I,
)

# --- stance ------------------------------------------------------------------------
CHAMPION = _cues(
    (r"\bchampion", 2.0),
    (r"\bengine of\b", 2.0),
    (r"\bproud(?:est)?\b", 1.5),
    (r"\bdriv(?:ing|es|er)\b", 1.0),
    (r"\bpushing (?:his|her|their|the) team\b", 1.5),
    (r"\bkeen\b", 1.0),
    (r"\benthusias", 1.5),
    (r"\bexcellent\b", 1.0),
    (r"\bbrilliant\b", 1.0),
    (r"\bgreat (?:first )?(?:week|work|job)\b", 1.0),
    (r"\bthe thing (?:I|we) wanted\b|\bthat'?s what I wanted\b", 1.0),
    (r"\bbuilt\b", 0.5),
    (r"\badvocat", 1.5),
    (r"\bexactly (?:the|what)\b", 1.0),
    (r"!!", 0.5),
    (r"\blove\b", 1.0),
    (r"\bbig loss\b", 1.5),
    (r"\bgutted\b", 1.0),
    (r"\bwants? (?:this|it) to work\b", 1.0),
    (r"\bsingle view\b", 0.3),
    (r"\bowns? it\b", 0.5),
    (r"\bdelighted\b|\bthrilled\b", 1.5),
)
SUPPORT = _cues(
    (r"\bhappy\b", 1.0),
    (r"\bsupport(?:ive|s|ed)?\b", 0.7),
    (r"\bagreed?\b", 0.5),
    (r"\bconfirmed\b", 0.5),
    (r"\bcapable\b", 1.0),
    (r"\bfriendly\b", 1.0),
    (r"\bfine\b", 0.3),
    (r"\bcomfortable\b", 0.5),
    (r"\bon board\b", 1.0),
    (r"\bcontent\b", 0.5),
    (r"\bhelpful\b", 1.0),
    (r"\bgood (?:document|progress)\b", 0.5),
    (r"\bpleased\b", 1.0),
    (r"\bthanks?\b", 0.2),
    (r"\bwelcome\b", 0.3),
    (r"\bcame round\b", 0.5),
    (r"\bgo from me\b|\bis a go\b", 0.5),
    (r"\bcredit where due\b", 0.7),
    (r"\bresponsive\b", 0.7),
)
SKEPTIC = _cues(
    (r"\bskeptic|\bsceptic", 2.0),
    (r"\bnot convinced\b", 2.0),
    (r"\bdoubt", 1.5),
    (r"\breservations?\b", 1.5),
    (r"\bnot comfortable\b", 1.5),
    (r"\bhaven'?t seen\b", 1.0),
    (r"\bROI\b", 0.5),
    (r"\bconcern", 1.0),
    (r"\bworr(?:y|ied)\b", 1.0),
    (r"\bnot sold\b", 1.5),
    (r"\bnot happy\b", 1.5),
    (r"\bhesitan", 1.0),
    (r"\bwon'?t pretend\b", 1.0),
    (r"\bon record\b", 1.0),
    (r"\bdon'?t expect enthusiasm\b", 1.5),
    (r"\bpush(?:ed|ing)? back\b", 1.5),
    (r"\bquestion(?:ed|s) (?:whether|why|the)\b", 0.8),
    (r"\bunconvinced\b", 2.0),
    (r"\bwary\b", 1.5),
    (r"\bresist", 1.5),
    (r"\bnot (?:realistic|achievable)\b", 0.8),
    (r"\bcomplain", 1.0),
    (r"\bfrustrat", 1.0),
    (r"\bdidn'?t (?:laugh|want)\b", 1.0),
    (r"\bwhat does this give us\b", 1.5),
    (r"\bstill think\b", 1.0),
    (r"\bwill dent\b|\bwill drop\b", 1.0),
    (r"\bon the (?:\w+ )?conviction, not mine\b", 2.0),
    (r"\bnot blocking\b", 1.0),
    (r"\bquiet\b", 0.3),
    (r"\bexcel\b", 0.3),
    (r"\bskipped\b|\bno[- ]show\b|\bmissed\b", 1.0),
)
BLOCKER = _cues(
    (r"\bblocker\b", 2.5),
    (r"\brefus(?:ed|es|ing)\b", 1.5),
    (r"\bwon'?t (?:sign|approve|allow|agree)\b", 1.5),
    (r"\bnot (?:going to|gonna) (?:drop|use|sign|move|stop)\b", 2.0),
    (r"\bnot negotiable\b|\bnon-negotiable\b", 1.5),
    (r"\bkeep using\b|\bkeeps? using\b|\bstill (?:using|uses|on)\b", 1.0),
    (r"\buntil (?:I|he|she|they) see", 1.5),
    (r"\bvetoed?\b", 2.0),
    (r"\bdeclined\b", 1.0),
    (r"\bhas (?:not yet )?(?:asked|told) (?:his|her)\b", 1.0),
    (r"\bhasn'?t (?:asked|told)\b|\bhas not (?:yet )?asked\b", 1.5),
    (r"\bblock(?:ed|ing|s)?\b", 0.7),
    (r"\bwe don'?t (?:hand out|open|give)\b", 1.5),
    (r"\bfull stop\b", 1.0),
    (r"\bdefend", 1.0),
    (r"\bkeeping the\b", 1.0),
    (r"\bproved itself\b", 1.0),
    (r"\bsupervises?\b", 0.5),
)
