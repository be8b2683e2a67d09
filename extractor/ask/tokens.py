"""Tokenisation for lexical retrieval and sentence scoring.

Names, dates, numbers and product terms must survive: "SSO", "NetSuite", "Q3",
"2026-03-02", "40%" and "go-live" are exactly what a CSM searches for and what
embeddings blur. So tokens are lower-cased word runs that keep inner joiners
(``-``, ``/``, ``.``, ``&``); a joined compound is indexed whole and by its
parts; plurals and -ing/-ed forms fold to one stem; common English words and
question words are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-/.&'’][A-Za-z0-9]+)*")
_JOINERS = re.compile(r"[-/.&'’]")
_POSSESSIVE = re.compile(r"['’]s$")

_STOPWORD_TEXT = """
a about above after again against all also am an and any are aren as at be because been before
being below between both but by can could did didn do does doesn doing don down during each few
for from further had has have having he her here hers herself him himself his how i if in into is
isn it its itself just let me more most my myself no nor not now of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up us very was we were what
when where which while who whom why will with would you your yours yourself yourselves
anyone anything someone something tell know please get got going go ve ll re s t d m
said say says mentioned mention
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold plurals, -ing/-ed and a final -e so "approve", "approved", "approving" meet."""
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _strip_suffix(word)
    if word.endswith("e") and len(word) > 4 and not word.endswith("ee"):
        word = word[:-1]
    return word


def _strip_suffix(word: str) -> str:
    """Remove one inflection suffix (plural, -ing, -ed)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ing") and len(word) > 6:
        return word[:-3]
    if word.endswith("ed") and len(word) > 5 and not word.endswith("eed"):
        return word[:-2]
    if word.endswith("es") and word[-3] in "sxz" and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _normal(word: str) -> str:
    return stem(_POSSESSIVE.sub("", word.lower()))


def tokenize(text: str) -> list[str]:
    """Index terms of ``text`` in order; compounds yield the whole and their parts."""
    terms: list[str] = []
    for match in _TOKEN.finditer(text):
        raw = match.group(0).rstrip(".")
        word = _normal(raw)
        if word and word not in STOPWORDS:
            terms.append(word)
        if _JOINERS.search(raw) and not raw[0].isdigit():
            for part in _JOINERS.split(raw):
                part = _normal(part)
                if part and part != word and part not in STOPWORDS and len(part) > 1:
                    terms.append(part)
    return terms


def term_set(text: str) -> frozenset[str]:
    """Unique index terms of ``text``."""
    return frozenset(tokenize(text))
