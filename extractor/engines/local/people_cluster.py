"""Clustering a document set's name sightings into people, and choosing their names.

"Sam Okoro", "Sam", "S. Okoro" and "sokoro@..." must become one person;
"Trish Gallagher" and "Patricia Gallagher" too. Full names are grouped first (first
and last word, nicknames merged), then each partial name joins the one full name it
fits. Names only running text mentions are kept when they act like people.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from extractor.documents import Document
from extractor.engines.local.people_names import (
    compatible,
    first_last,
    is_full_name,
    name_key,
    same_first_name,
    strip_accents,
    tokens,
)
from extractor.engines.local.people_side import OrgMatcher
from extractor.engines.local.people_sightings import Sighting, prose_names

STRUCTURAL = frozenset(
    {"header", "speaker", "attendees", "contact", "signed", "signature", "titled"}
)


def corroborated_prose(
    docs: Sequence[Document], structural: list[Sighting], orgs: OrgMatcher
) -> list[Sighting]:
    """Full names in running text that act like people ("X asked"), not like places or firms.

    A name only prose mentions is kept when it is followed by a verb people do, is
    written that way twice or also by its first name alone, has no word that the
    account writes in lower case ("Consumer Duty"), and names no organisation.
    """
    texts = {d.doc_id: d.text for d in docs}
    found = [s for doc in docs for s in prose_names(doc)]
    known = {name_key(s.name) for s in structural}
    lower_vocab = {w for d in docs for w in re.findall(r"\b[a-z][a-z'-]+\b", d.text)}
    acting: Counter[str] = Counter()
    for s in found:
        after = texts[s.doc_id][s.end : s.end + 20]
        if _PERSON_VERB.match(after):
            acting[name_key(s.name)] += 0 if after.startswith(("'s", "’s")) else 1
    first_alone: dict[str, bool] = {}
    out = []
    for s in found:
        key = name_key(s.name)
        if key in known:
            out.append(s)
            continue
        if key not in acting or any(t.lower() in lower_vocab for t in tokens(s.name)):
            continue
        if orgs.label_side(s.name) or orgs.foreign_word(s.name):
            continue
        if key not in first_alone:
            first_alone[key] = _first_name_alone(s.name, texts[s.doc_id])
        if acting[key] >= 2 or first_alone[key]:
            out.append(s)
    return out


def _first_name_alone(name: str, text: str) -> bool:
    """True when the text also uses the first name without the last name."""
    first, last = first_last(name)
    return bool(re.search(rf"\b{re.escape(first)}\b(?! {re.escape(last)})", text))


_PERSON_VERB = re.compile(
    r"^(?:['’]s\b|:\s+[a-z\"“]|\s+(?:said|says|asked|asks|wants|wanted|thinks|agreed|agrees|confirmed|mentioned|"
    r"raised|joined|left|leaves|signed|approved|sent|noted|told|pinged|emailed|owns|leads|started|"
    r"replied|wrote|explained|suggested|will|would|has|had|is|was|took|takes|reported|presented|"
    r"declined|attended|covers|needs|prefers|proposed|accepted|welcomed|reiterated|remarked|"
    r"indicated|questioned|objected|insisted|chaired|recommended|offered|requested)\b)"
)


def group_sightings(structural: list[Sighting], prose: list[Sighting]) -> list[list[Sighting]]:
    """Group sightings by person: full names first, then partial names that fit one person."""
    groups: dict[str, list[Sighting]] = defaultdict(list)
    partial: list[Sighting] = []
    for s in structural + prose:
        if is_full_name(s.name):
            groups[_full_key(s.name)].append(s)
        elif s.source in STRUCTURAL:
            partial.append(s)
    keys = _merge_keys(sorted(groups))
    merged: dict[str, list[Sighting]] = defaultdict(list)
    for key, items in groups.items():
        merged[keys[key]].extend(items)
    people = {key: (canonical_name(items), items) for key, items in merged.items()}
    loose: dict[str, list[Sighting]] = defaultdict(list)
    for s in partial:
        fits = [items for name, items in people.values() if compatible(s.name, name)]
        if len(fits) == 1:
            fits[0].append(s)
        elif not fits:
            loose[name_key(s.name)].append(s)
    groups_out = [items for _, items in people.values()]
    groups_out += [items for key, items in loose.items() if key not in people]
    return groups_out


def _full_key(name: str) -> str:
    """Cluster key of a full name: first and last word, accent-folded."""
    first, last = first_last(name)
    return f"{name_key(first)} {name_key(last)}"


def _merge_keys(keys: list[str]) -> dict[str, str]:
    """Map each full-name key to its cluster, joining nicknames (Trish and Patricia)."""
    target = {k: k for k in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            fa, la = a.split(" ", 1)
            fb, lb = b.split(" ", 1)
            if la == lb and same_first_name(fa, fb):
                target[b] = target[a]
    return target


_TITLE_CUT = re.compile(r"\s+[—–]\s+|\.\s+[A-Z]|\s+-\s+(?=[a-z])|\bsigned\b|;")
_TITLE_LEAD = re.compile(r"^(?:the|our|their|your|new|recently appointed)\s+", re.I)


def canonical_name(items: list[Sighting]) -> str:
    """The fullest, most formal and most frequent form of a person's name."""
    forms = Counter(s.name for s in items)
    return max(forms, key=lambda n: _form_rank(n, forms[n]))


def best_title(items: list[Sighting]) -> str | None:
    """The title stated most often (short enough to be a title), cleaned."""
    titles = [t for t in (clean_title(s.title) for s in items if s.title) if t]
    if not titles:
        return None
    return max(titles, key=lambda t: (len(t) <= 60, titles.count(t), len(t), t))


def clean_title(title: str | None) -> str | None:
    """A title as stated, without trailing remarks ("— signed 9 Jan", ". Sponsor: ...")."""
    if not title:
        return None
    cut = _TITLE_CUT.search(title)
    text = title[: cut.start()] if cut else title
    text = _TITLE_LEAD.sub("", text.strip(" ,.;:-–—*"))
    return text.strip(" ,.;:-") or None


def _form_rank(name: str, count: int) -> tuple[int, int, int, int, str]:
    """Prefer full names, then the formal first name (Patricia over Trish), then frequency."""
    full = is_full_name(name)
    first = len(first_last(name)[0]) if full else 0
    return (len(tokens(name)) if full else 0, first, count, _accented(name), name)


def _accented(name: str) -> int:
    """How many accented letters a form keeps (prefer "Tomás" to "Tomas")."""
    return sum(1 for ch in name if strip_accents(ch) != ch)
