"""Split retrieved passages into sentences with offsets, and score them against a question.

An offline answer is made of the stored documents' own sentences, so each one
keeps its char offsets into the document text and can be cited verbatim. A
sentence's score is the share of the question's (IDF-weighted) terms it holds,
with a small boost from the rank of its passage, and CSM vocabulary expansions
("pushed back" also looks for "skeptical", "concern") counted at reduced weight.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractor.ask.cues import Cue, cue_score, expansions_for, question_cues
from extractor.ask.retrieval import Passage
from extractor.ask.tokens import term_set, tokenize
from extractor.documents import Chunk

_BREAK = re.compile(r"\n\s*|(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9@#$])|(?<=[;])\s+")
_LEAD = re.compile(r"^(?:[-*•>#|]+\s*|\d{1,2}[.)]\s+|\[?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\]?\s*)+")
MIN_CHARS = 12
MIN_WORDS = 5
MAX_CHARS = 420
WINDOW_CHARS = 360  # a window of neighbouring sentences stays readable
WINDOW_SENTENCES = 3
CUE_WEIGHT = 0.35  # how much a sentence's category cues (risk, expansion...) can add
SPECIFIC_WEIGHT = 0.05  # per kind of specific fact (name, number, date) a sentence states
WINDOW_PENALTY = 0.0  # per extra sentence; 0 lets neighbours ride along when they add terms
EXPANSION_WEIGHT = 0.4
PRIOR_WEIGHT = 0.3

_HEADER = re.compile(r"^(from|to|cc|bcc|subject|date|sent|attendees|distribution|author)\s*:", re.I)
_WHO = re.compile(r"^\s*(who|whom|whose)\b", re.I)
_WHEN = re.compile(r"^\s*(when|by when|what date)\b|\bdeadline\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z'’-]+\b")
_NUMBER = re.compile(r"\d")
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|Q[1-4]|{_MON}[a-z]*\.? \d{{1,2}}|\d{{1,2}} {_MON})")


@dataclass(eq=False)
class Sentence:
    """A sentence of a retrieved passage, with offsets into its document's stored text."""

    chunk: Chunk
    start: int  # offset into the document text
    end: int
    text: str  # the stored text between start and end, verbatim
    passage_rank: int
    score: float = 0.0
    coverage: float = 0.0
    cue: float = 0.0  # category-cue part of the score
    size: int = 1  # how many sentences the span holds
    terms: frozenset[str] = frozenset()
    facts: frozenset[str] = frozenset()  # "name", "number", "date" when the span states one


@dataclass(frozen=True)
class QueryTerms:
    """A question's weighted terms: its own words and their CSM-vocabulary expansions."""

    weights: dict[str, float]
    own_total: float  # sum of the question's own term weights

    @classmethod
    def build(cls, question: str, idf: Callable[[str], float]) -> QueryTerms:
        """Weight the question's terms by IDF and add expansions at reduced weight."""
        own = set(tokenize(question))
        weights = {t: idf(t) for t in own}
        for term in own:
            for extra in expansions_for(term):
                for t in tokenize(extra):
                    weights.setdefault(t, EXPANSION_WEIGHT * idf(t))
        return cls(weights, sum(weights[t] for t in own) or 1.0)


def split_sentences(chunk: Chunk, passage_rank: int) -> list[Sentence]:
    """The chunk's sentences (and bullet lines), trimmed, with document offsets."""
    sentences: list[Sentence] = []
    pos = 0
    text = chunk.text
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        _add_sentence(sentences, chunk, pos, end, passage_rank)
        if match:
            pos = match.end()
    return sentences


def _add_sentence(out: list[Sentence], chunk: Chunk, start: int, end: int, rank: int) -> None:
    """Trim a raw span (bullets, timestamps, whitespace) and keep it if it reads as a sentence."""
    raw = chunk.text[start:end]
    lead = _LEAD.match(raw)
    skip = lead.end() if lead else 0
    body = raw[skip:]
    stripped = body.strip()
    if len(stripped) < MIN_CHARS or len(stripped.split()) < MIN_WORDS:
        return
    if _HEADER.match(stripped):
        return
    s = start + skip + (len(body) - len(body.lstrip()))
    e = s + len(stripped)
    if e - s > MAX_CHARS:
        cut = chunk.text.rfind(" ", s, s + MAX_CHARS)
        e = cut if cut > s + MIN_CHARS else s + MAX_CHARS
    text = chunk.text[s:e]
    out.append(Sentence(chunk, chunk.start + s, chunk.start + e, text, rank, terms=term_set(text)))


def windows(sentences: Sequence[Sentence]) -> list[Sentence]:
    """Each sentence alone and with up to two following neighbours, within a size limit.

    A fact often spans sentences ("Her last day is June 12. Ryan will step into
    her role."), so candidates are short runs of consecutive sentences. A run's
    features are its members' combined (terms united, cue strength the best one).
    """
    out: list[Sentence] = []
    for i, first in enumerate(sentences):
        out.append(first)
        for size, last in enumerate(sentences[i + 1 : i + WINDOW_SENTENCES], 2):
            if last.end - first.start > WINDOW_CHARS:
                break
            members = sentences[i : i + size]
            chunk = first.chunk
            out.append(Sentence(
                chunk, first.start, last.end,
                chunk.text[first.start - chunk.start : last.end - chunk.start],
                first.passage_rank, size=size,
                terms=frozenset().union(*(m.terms for m in members)),
                cue=max(m.cue for m in members),
                facts=frozenset().union(*(m.facts for m in members))))
    return out


def _features(sentence: Sentence, cue_lists: Sequence[Sequence[Cue]]) -> None:
    """Per-sentence cue strength and the kinds of specific fact it states."""
    sentence.cue = CUE_WEIGHT * cue_score(sentence.text, cue_lists)
    sentence.facts = frozenset(
        kind for kind, rx in (("name", _NAME), ("number", _NUMBER), ("date", _DATE))
        if rx.search(sentence.text))


def score_sentences(question: str, passages: Sequence[Passage],
                    idf: Callable[[str], float]) -> list[Sentence]:
    """Every sentence (and short run of sentences) of the passages, scored, best first.

    score = share of the question's weighted terms held + category-cue strength
    + passage rank prior + small bonuses for names/dates when the question asks
    who/when and for specific facts in general.
    """
    query = QueryTerms.build(question, idf)
    best_rrf = max((p.rrf for p in passages), default=1.0) or 1.0
    wants = {"name"} if _WHO.search(question) else set()
    wants |= {"date"} if _WHEN.search(question) else set()
    cue_lists = question_cues(question)
    scored: list[Sentence] = []
    for rank, passage in enumerate(passages, 1):
        prior = PRIOR_WEIGHT * passage.rrf / best_rrf
        sentences = split_sentences(passage.chunk, rank)
        for sentence in sentences:
            _features(sentence, cue_lists)
        for span in windows(sentences):
            matched = sum(w for t, w in query.weights.items() if t in span.terms)
            span.coverage = min(matched / query.own_total, 1.0)
            bonus = 0.1 * len(wants & span.facts) + SPECIFIC_WEIGHT * len(span.facts)
            span.score = (span.coverage + span.cue + prior
                          + (bonus if matched or span.cue else 0.0)
                          - WINDOW_PENALTY * (span.size - 1))
            scored.append(span)
    scored.sort(key=lambda s: (-s.score, s.passage_rank, s.start))
    return scored
