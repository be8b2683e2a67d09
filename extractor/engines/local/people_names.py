"""Person-name shapes: what a name looks like, how to normalise it, what its aliases are.

Notes from implementation projects name people in many shapes: "Sam Okoro",
"C. Liu", "Marcus H", "Dr. Katrin Weissmann", "SO", "sokoro@...". This module
knows those shapes; it has no list of real names, so it works for any writer.
Deciding *who* a name refers to is :mod:`extractor.people`'s job.
"""

from __future__ import annotations

import re
import unicodedata

_HONORIFIC_WORDS = "dr mr mrs ms miss prof sir dame mx herr frau cllr councillor rev lord lady hon"
HONORIFICS = frozenset(_HONORIFIC_WORDS.split())
PARTICLES = frozenset(
    {
        "de",
        "da",
        "dos",
        "das",
        "do",
        "van",
        "von",
        "der",
        "den",
        "di",
        "del",
        "la",
        "le",
        "du",
        "bin",
        "al",
        "ter",
    }
)

# A capitalised word that can be part of a name: "Tom", "O'Neil", "McDonald", "Tomás", "Krüger".
WORD = (
    r"(?:[A-Z]['’](?=[A-Z]))?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’\-][A-Za-zÀ-ÖØ-öø-ÿ]+|[A-Z][a-zß-öø-ÿ]+)*"
)
INITIAL = r"[A-ZÀ-ÖØ-Þ]\.?"
_PARTICLE = r"(?:de|da|dos|das|do|van|von|der|den|di|del|la|le|du|ter)"
# "Sam Okoro", "Ana Sofia Ferreira", "C. Liu", "Marcus H", "Nina C.", "Luis de la Cruz"
NAME = (
    rf"(?:{WORD}[ ][A-Z]\.[ ]{WORD}\b(?![ ][A-Z]\b)|{INITIAL}[ ]{WORD}|"
    rf"{WORD}(?:[ ](?:{_PARTICLE}[ ])*{WORD}){{0,3}}"
    rf"(?:[ ]{INITIAL}(?![\w])(?![ ]{WORD}))?)"
)
NAME_RE = re.compile(rf"(?<![\w@.]){NAME}")
_HONORIFIC_RE = re.compile(
    r"^(?:dr|mr|mrs|ms|miss|prof|sir|dame|mx|herr|frau|cllr|councillor|rev|lord|lady|hon)\.?\s+",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s?$")

# Capitalised words that are not names when they appear in a name position.
_NOT_NAME_LIST = """
a an the and or of for to in on at by with from per via re fw fwd cc bcc subject date sent
all any everyone team teams group board committee steering council project programme program
thanks thank hi hello dear regards best cheers kind hey ok okay yes no note notes action actions
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec today tomorrow yesterday week month quarter
q1 q2 q3 q4 eoq eom eod wk phase wave go live golive kickoff kick off uat sit cutover hypercare
it hr qa qc ops finance operations legal compliance procurement security sales marketing support
customer vendor client partner company inc ltd llc llp gmbh plc corp corporation group
status update summary agenda minutes present attendees apologies chair scribe author owner owners
risk risks issue issues decision decisions next steps open closed done rag
north south east west central region regional store stores site sites office hq
new old interim acting temp head chief director manager lead officer president vice
email call meeting mtg sync review workshop session chat export report page log
controller manager analyst engineer officer coordinator supervisor administrator
executive sponsor counsel consultant architect specialist professional corporate senior junior
st mt comms communications act law regulation policy standard rule rules consulting
consultants partners insights analytics labs technologies health hospital hospitals
university college school district bank capital holdings authority agency association institute
foundation commission regulatory trust council ministry department unit centre center
services service solutions systems software platform module suite portal
we i you he she they it our their my your his her us them this that these those there here
"""
NOT_NAME_WORDS = frozenset(_NOT_NAME_LIST.split())

NICKNAMES: dict[str, frozenset[str]] = {
    canonical: frozenset(short.split())
    for canonical, short in {
        "thomas": "tom tommy",
        "william": "bill will billy liam",
        "robert": "bob rob bobby robbie",
        "richard": "rick rich dick ricky",
        "james": "jim jimmy jamie",
        "john": "jack johnny",
        "jonathan": "jon jonny",
        "joseph": "joe joey",
        "michael": "mike mick mikey",
        "christopher": "chris",
        "christine": "chris",
        "daniel": "dan danny",
        "david": "dave",
        "edward": "ed ted ned eddie",
        "elizabeth": "liz beth lizzie betty eliza",
        "katherine": "kate kathy katie kat",
        "catherine": "cath cathy kate katie",
        "margaret": "meg maggie peggy",
        "patricia": "pat trish tricia patty",
        "jennifer": "jen jenny",
        "deborah": "deb debbie",
        "rebecca": "becky becca",
        "samuel": "sam",
        "samantha": "sam",
        "alexander": "alex",
        "alexandra": "alex sasha",
        "nicholas": "nick nicky",
        "benjamin": "ben benji",
        "matthew": "matt",
        "anthony": "tony",
        "andrew": "andy drew",
        "steven": "steve",
        "stephen": "steve",
        "gregory": "greg",
        "kenneth": "ken kenny",
        "lawrence": "larry",
        "susan": "sue susie",
        "walter": "walt wally",
        "henry": "hank harry",
        "charles": "charlie chuck",
        "nathan": "nate",
        "nathaniel": "nate",
        "joshua": "josh",
        "timothy": "tim",
        "victoria": "vicky tori",
        "frederick": "fred freddie",
        "douglas": "doug",
        "gerald": "gerry",
        "raymond": "ray",
        "ronald": "ron",
        "donald": "don",
        "abigail": "abby",
        "jessica": "jess jessie",
        "theodore": "ted theo",
        "philip": "phil",
        "phillip": "phil",
        "peter": "pete",
        "zachary": "zach",
        "leonard": "len lenny",
        "vincent": "vince",
        "francis": "frank",
        "franklin": "frank",
        "gabriel": "gabe",
        "kimberly": "kim",
        "pamela": "pam",
        "dorothy": "dot dottie",
        "suzanne": "suzy",
        "frances": "fran",
        "cynthia": "cindy",
        "melissa": "mel missy",
        "melanie": "mel",
        "natalie": "nat",
        "natasha": "tasha",
        "valerie": "val",
        "harold": "hal harry",
        "isabel": "izzy bel",
        "isabella": "izzy bella",
    }.items()
}


def strip_accents(text: str) -> str:
    """ASCII-fold accents so "Tomás" and "Tomas" are one person."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_name(raw: str) -> str:
    """Strip honorifics, stray punctuation and extra spaces from a name as written."""
    name = " ".join(raw.replace("\u00a0", " ").split()).strip(' ,;:*_-"')
    name = _POSSESSIVE.sub("", name).strip(" '")
    while True:
        stripped = _HONORIFIC_RE.sub("", name)
        if stripped == name:
            return name
        name = stripped


def name_key(name: str) -> str:
    """A comparison key for a name: accent-folded, lower-case, no dots."""
    return " ".join(strip_accents(clean_name(name)).lower().replace(".", " ").split())


def tokens(name: str) -> list[str]:
    """Name tokens without particles' case problems and without dots."""
    return [t for t in clean_name(name).replace(".", " ").split() if t]


def is_initial(token: str) -> bool:
    """True for "C" or "C." tokens."""
    core = token.rstrip(".")
    return len(core) == 1 and core.isalpha() and core.isupper()


def is_full_name(name: str) -> bool:
    """At least a first and a last word, both longer than an initial."""
    parts = [t for t in tokens(name) if t.lower() not in PARTICLES]
    return len(parts) >= 2 and not is_initial(parts[0]) and not is_initial(parts[-1])


def plausible_name(name: str) -> bool:
    """Shape check for a name candidate: 1-4 capitalised tokens, none a common word."""
    parts = tokens(name)
    if not 1 <= len(parts) <= 5:
        return False
    words = [t for t in parts if t.lower() not in PARTICLES]
    if not words or all(is_initial(t) for t in words):
        return False
    for part in words:
        if part.lower() in NOT_NAME_WORDS or part.lower() in HONORIFICS:
            return False
        if not (
            part[0].isupper()
            and (
                is_initial(part)
                or part[1:].replace("-", "").replace("'", "").replace("’", "").isalpha()
            )
        ):
            return False
        if len(part.rstrip(".")) > 1 and part.isupper():
            return False
    return True


def first_last(name: str) -> tuple[str, str]:
    """First and last name tokens (particles kept with the last name)."""
    parts = tokens(name)
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], parts[-1]


def initials_of(name: str) -> str:
    """Upper-case initials of the name's words: "Sam Okoro" -> "SO"."""
    return "".join(t[0].upper() for t in tokens(name) if t.lower() not in PARTICLES)


def same_first_name(a: str, b: str) -> bool:
    """True when two first names are the same person's: equal, a nickname, or a prefix (Mari)."""
    a, b = strip_accents(a).lower().rstrip("."), strip_accents(b).lower().rstrip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    return (
        b in NICKNAMES.get(a, ())
        or a in NICKNAMES.get(b, ())
        or bool(NICKNAMES.get(a, frozenset()) & NICKNAMES.get(b, frozenset()))
    )


def compatible(short: str, full: str) -> bool:
    """True when a partial name ("C. Liu", "Marcus H", "Mari Vega") can denote ``full``."""
    s_parts = [t for t in tokens(short) if t.lower() not in PARTICLES]
    f_parts = [t for t in tokens(full) if t.lower() not in PARTICLES]
    if not s_parts or len(f_parts) < 2:
        return False
    if len(s_parts) == 1:
        return same_first_name(s_parts[0], f_parts[0]) and not is_initial(s_parts[0])
    s_first, s_last = s_parts[0], s_parts[-1]
    f_first, f_last = f_parts[0], f_parts[-1]
    if not same_first_name(s_first, f_first):
        return False
    if is_initial(s_last):
        return strip_accents(s_last[0]).lower() == strip_accents(f_last[0]).lower()
    return name_key(s_last) == name_key(f_last)


def email_local_aliases(name: str) -> set[str]:
    """Local parts a corporate mailbox for ``name`` typically has."""
    first, last = first_last(strip_accents(name).lower())
    if not last:
        return {first}
    last = last.replace("'", "").replace("-", "")
    return {
        f"{first}.{last}",
        f"{first}{last}",
        f"{first[0]}{last}",
        f"{first[0]}.{last}",
        f"{first}_{last}",
        first,
        f"{last}.{first}",
        f"{first}{last[0]}",
    }
