"""Forms that name people with their role: contact tables, signatures, signers, "Name (Title)".

Statements of work list contacts and signers, emails end in signature blocks, and
notes write "Frank Dorsey (new VP FP&A)" or "a new IT Director, Deb Santos". These
finders add :class:`Sighting` s to a :class:`SightingFinder`, which owns the shared
list parsing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractor.engines.local.people_names import (
    NAME,
    NOT_NAME_WORDS,
    clean_name,
    is_full_name,
    plausible_name,
)
from extractor.engines.local.people_side import is_titleish
from extractor.engines.local.people_sightings import (
    ATTENDEE_LABEL,
    HEADER_LINE,
    TextLine,
    text_lines,
)

if TYPE_CHECKING:
    from extractor.engines.local.people_sightings import SightingFinder

_CONTACT = re.compile(
    rf"(?:^[ \t]*|(?<=[.;:]\s)|(?<=\n))([A-Z][\w&/' -]{{1,50}}?):\s+((?:(?:Dr|Mr|Mrs|Ms|"
    rf"Prof)\.?\s)?{NAME})"
    rf"(?P<rest>[^\n]{{0,160}})",
    re.M,
)
_SIGNED_BY = re.compile(
    rf"^\s*(?:signed|approved|accepted|agreed|executed)(?: by)?\s*:\s*"
    rf"((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME})(?P<rest>[^\n]{{0,160}})",
    re.I | re.M,
)
_SIGNED = re.compile(
    rf"(?:\b(?:signed|approved|executed|accepted|agreed)\s+(?:for|on behalf of)|"
    rf"^for)\s+([^:\n]{{2,80}}?)"
    rf"(?::|,?\s+by)\s+((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME})(?:,\s+([^,.;\n]{{2,80}}))?",
    re.I | re.M,
)
_NAME_PAREN = re.compile(rf"((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME})\s*\(([^()\n]{{2,120}})\)")
_NAME_COMMA_TITLE = re.compile(
    rf"((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME}),\s+((?:the\s+|our\s+|their\s+|new\s+|interim\s+|"
    rf"acting\s+)?"
    rf"[A-Za-z][\w&/' -]{{1,60}}?)(?=,|\.|;|\s+who\b|\s+and\b|\)|$)",
    re.M,
)
_TABLE_HEAD = re.compile(r"(?i)^(?:name|contact|person|stakeholder)s?$")
_TABLE_COLUMN = re.compile(
    r"(?i)^(?:company|organi[sz]ation|org|side|role|title|position|responsibilit(?:y|ies)|"
    r"email|e-mail|phone|department|dept|team)$"
)
_SIG_LINE = re.compile(
    rf"^\s*({NAME})(?:,\s*[A-Z][A-Za-z]{{1,5}}\.?)?\s*(?:(?:[|,]|\s[-–—])\s*(.+))?$"
)
_ORGISH = re.compile(
    r"\b(?:inc|ltd|llc|llp|plc|gmbh|corp|co|group|university|trust|council|"
    r"[A-Z][a-z]+ [A-Z][a-z]+)\b|^[A-Z][\w&.' -]+$"
)
_TITLE_COMMA_NAME = re.compile(
    rf"\b(?:a|an|the|our|their|"
    rf"new)\s+(?:new\s+)?((?:[A-Z][\w&/-]*\s){{0,4}}(?:[A-Z][\w&/-]*)),\s+({NAME})"
)


def table_rows(finder: SightingFinder) -> None:
    """Contact tables ("Name | Company | Role" rows, or one cell per line after a header)."""
    lines = list(text_lines(finder.text))
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.text.split("|")]
        if len(cells) >= 2 and _TABLE_HEAD.match(cells[0]) and len(cells) <= 5:
            _table_body(finder, lines[i + 1 :], len(cells), cells, joined=True)
        elif _TABLE_HEAD.match(line.text.strip()):
            head = [ln.text.strip() for ln in lines[i : i + 5]]
            width = 1
            while width < len(head) and _TABLE_COLUMN.match(head[width]):
                width += 1
            if width >= 2:
                _table_body(finder, lines[i + width :], width, head[:width], joined=False)


def _table_body(
    finder: SightingFinder, rows: list[TextLine], width: int, header: list[str], *, joined: bool
) -> None:
    """Rows of a contact table until a row whose first cell is not a name."""
    roles = [k for k, h in enumerate(header) if re.match(r"(?i)role|title|position|responsib", h)]
    orgs = [
        k for k, h in enumerate(header) if re.match(r"(?i)company|organi[sz]ation|org\b|side", h)
    ]
    cells_lines: list[list[TextLine]] = []
    if joined:
        cells_lines = [[ln] for ln in rows]
    else:
        cells_lines = [rows[k : k + width] for k in range(0, len(rows) - width + 1, width)]
    for row in cells_lines:
        values = (
            [c.strip() for c in row[0].text.split("|")] if joined else [r.text.strip() for r in row]
        )
        if len(values) < width or not plausible_name(clean_name(values[0])):
            return
        role = values[roles[0]] if roles else None
        org = values[orgs[0]] if orgs else None
        title, note, _ = (
            finder._paren(role.replace(";", ","), fallback=True) if role else (None, None, None)
        )
        start = row[0].start + row[0].text.find(values[0])
        finder._add(values[0], start, "contact", title=title, note=note, org=org, org_label=org)


def signatures(finder: SightingFinder) -> None:
    """Signature blocks: a name line, then title and company ("Name | Title | Org" too)."""
    lines = list(text_lines(finder.text))
    for i, line in enumerate(lines):
        m = _SIG_LINE.match(line.text)
        if not m or not is_full_name(clean_name(m.group(1))):
            continue
        parts = [p.strip() for p in re.split(r"\s*\|\s*", m.group(2) or "") if p.strip()]
        following = [ln.text.strip() for ln in lines[i + 1 : i + 3]]
        if not parts and following and following[0]:
            parts = [p.strip() for p in re.split(r"\s*\|\s*", following[0]) if p.strip()]
            if len(following) > 1 and following[1]:
                parts.append(following[1].split("|")[0].strip())
        title = next((p for p in parts if is_titleish(p)), None)
        org = next((p for p in parts if p != title and _ORGISH.search(p)), None)
        if title is None and org is None:
            continue
        if title and "," in title and org is None:
            head, _, tail = title.rpartition(",")
            if finder.known_org(tail):
                title, org = head.strip(), tail.strip()
        finder._add(m.group(1), line.start + m.start(1), "signature", title=title, org=org)


def contacts(finder: SightingFinder) -> None:
    """ "Project Lead: Carmen Liu, Director of Property Operations." contact statements."""
    for m in _CONTACT.finditer(finder.text):
        label = m.group(1).strip()
        if ATTENDEE_LABEL.match(label) or HEADER_LINE.match(label + ":"):
            continue
        if not (
            is_titleish(label) or finder.known_org(label) or re.search(r"contact|\bIT\b", label)
        ):
            continue
        title, email = _title_and_email(m.group("rest"))
        finder._add(
            m.group(2),
            m.start(2),
            "contact",
            title=title,
            email=email,
            note=label,
            org=label if finder.known_org(label) else None,
        )


def _title_and_email(rest: str) -> tuple[str | None, str | None]:
    """From ", Title, name@example.com. More text": the title and the address, if any."""
    if not rest.startswith(","):
        return None, None
    parts = [p.strip() for p in re.split(r",\s+|;\s*|\.\s+(?=[A-Z])", rest[1:])]
    title = parts[0].rstrip(".") if parts and is_titleish(parts[0]) else None
    email = next(
        (p.rstrip(".").lower() for p in parts[:3] if _EMAIL.fullmatch(p.rstrip("."))), None
    )
    return title, email


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def signed(finder: SightingFinder) -> None:
    """ "Signed for Acme Freight, Inc.: Dana Whitfield, Chief Financial Officer"."""
    signature_section = re.search(r"(?i)\bsignature", finder.text)
    for m in _SIGNED.finditer(finder.text):
        if m.group(0)[:3].lower() == "for" and (
            signature_section is None or signature_section.start() > m.start()
        ):
            continue
        title = m.group(3).strip() if m.group(3) and is_titleish(m.group(3)) else None
        finder._add(
            m.group(2), m.start(2), "signed", title=title, org=m.group(1).strip(), note="signed"
        )
    for m in _SIGNED_BY.finditer(finder.text):  # "Accepted by: Gerald Hsu, CFO, Redwood ..."
        parts = [p.strip() for p in m.group("rest").split(",")]
        title = parts[1] if len(parts) > 1 and is_titleish(parts[1]) else None
        org = next((p for p in parts[1:] if finder.known_org(p)), None)
        finder._add(m.group(1), m.start(1), "signed", title=title, org=org, note="signed")


def titled(finder: SightingFinder) -> None:
    """ "Frank Dorsey (new VP FP&A, started 5/11)" and "Charles Whitmore, Managing Director"."""
    for m in _NAME_PAREN.finditer(finder.text):
        title, note, org = finder._paren(m.group(2))
        if (title or org) and (title or is_full_name(clean_name(m.group(1)))):
            finder._add(
                m.group(1),
                m.start(1),
                "titled",
                title=title,
                org=org,
                note=note,
                item_end=m.end(),
            )
    for m in _TITLE_COMMA_NAME.finditer(finder.text):
        if is_titleish(m.group(1)) and is_full_name(clean_name(m.group(2))):
            finder._add(m.group(2), m.start(2), "titled", title=m.group(1).strip())
    for m in _NAME_COMMA_TITLE.finditer(finder.text):
        phrase = m.group(2).strip()
        if (
            is_titleish(phrase)
            and not plausible_name(clean_name(phrase))
            and is_full_name(clean_name(m.group(1)))
        ):
            title = re.sub(r"^(?:the|our|their)\s+", "", phrase)
            finder._add(m.group(1), m.start(1), "titled", title=title, item_end=m.end(2))


_AFFILIATION = re.compile(
    rf"((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s)?{NAME}),?\s+(?:from|at|of|with)\s+(?:the\s+)?"
    rf"([A-Z][\w&.'-]+(?:\s(?:&\s)?[A-Z][\w&.'-]+){{0,3}})"
)


def affiliations(finder: SightingFinder) -> None:
    """ "Jim Hart from Kepler & Stone": the organisation a person is said to be with."""
    for m in _AFFILIATION.finditer(finder.text):
        org = m.group(2)
        words = org.replace("&", " ").split()
        if any(w.lower() in NOT_NAME_WORDS or is_titleish(w) or not w.isalpha() for w in words):
            continue
        if is_full_name(clean_name(m.group(1))) and finder.is_org(org):
            finder._add(m.group(1), m.start(1), "affiliation", org=org)

