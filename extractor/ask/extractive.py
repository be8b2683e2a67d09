"""The offline answer: the most relevant sentences of the top passages, cited and dated.

No model writes anything: the answer is the documents' own sentences, picked for
how much of the question they cover, spread over several documents (a CSM wants
the kickoff note *and* the later email that changed it), grouped per document and
ordered by date so the story reads forward. Each group is cited as
``[source, date]``; when nothing covers the question, the answer says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from extractor.ask.models import Citation
from extractor.ask.retrieval import Passage
from extractor.ask.sentences import Sentence, score_sentences

MAX_SENTENCES = 7  # spans (a sentence or a short run of neighbours) in an answer
SENTENCE_BUDGET = 18  # sentences in an answer, all spans together: readable, not a dump
MAX_PER_DOC = 3
MIN_COVERAGE = 0.2  # below this share of the question's terms a sentence is not an answer
RELATIVE_FLOOR = 0.3  # keep sentences scoring at least this share of the best one
VECTOR_RELEVANT = 0.45  # similarity at which a vector-only match still counts as relevant
GATE_COVERAGE = 0.05  # some passage sentence must hold this share of the question's terms


def nothing_found(account: str) -> str:
    """The plain statement made when no passage answers the question."""
    return (f"Nothing relevant found in the documents of account '{account}' for this question. "
            "Try other words (a name, product term or date), or widen the date range.")


def select_sentences(scored: Sequence[Sentence], limit: int = MAX_SENTENCES) -> list[Sentence]:
    """Pick the best sentences, spreading over documents and skipping near-duplicates."""
    if not scored:
        return []
    floor = max(scored[0].score * RELATIVE_FLOOR, MIN_COVERAGE)
    eligible = [s for s in scored if s.score >= floor and (s.coverage > 0 or s.cue > 0)]
    chosen: list[Sentence] = []
    per_doc: dict[str, int] = {}
    # First pass: the best sentence of each document, so the answer spans documents.
    for sentence in eligible:
        if sentence.chunk.doc_id not in per_doc and _room(chosen, sentence, limit):
            _take(sentence, chosen, per_doc)
    for sentence in eligible:
        if per_doc.get(sentence.chunk.doc_id, 0) < MAX_PER_DOC and _room(chosen, sentence, limit):
            _take(sentence, chosen, per_doc)
    return chosen


def _room(chosen: Sequence[Sentence], span: Sentence, limit: int) -> bool:
    """Whether ``span`` fits in the answer's span count and sentence budget."""
    used = sum(s.size for s in chosen)
    return len(chosen) < limit and used + span.size <= SENTENCE_BUDGET and span not in chosen


def _take(sentence: Sentence, chosen: list[Sentence], per_doc: dict[str, int]) -> None:
    """Add ``sentence`` unless it repeats (or overlaps) one already chosen."""
    for other in chosen:
        same_doc = other.chunk.doc_id == sentence.chunk.doc_id
        if same_doc and other.start < sentence.end and sentence.start < other.end:
            return
        if fuzz.ratio(other.text, sentence.text) > 88:
            return
    chosen.append(sentence)
    per_doc[sentence.chunk.doc_id] = per_doc.get(sentence.chunk.doc_id, 0) + 1


def render(sentences: Sequence[Sentence], header: str | None = None) -> str:
    """One line per document, oldest first, its sentences in reading order, cited."""
    groups: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        groups.setdefault(sentence.chunk.doc_id, []).append(sentence)
    ordered = sorted(groups.values(), key=lambda g: (g[0].chunk.doc_date, g[0].chunk.source))
    plural = "s" if len(ordered) != 1 else ""
    lines = [header or f"Found in {len(ordered)} document{plural}, oldest first:"]
    for group in ordered:
        chunk = group[0].chunk
        body = " … ".join(_clean(s.text) for s in sorted(group, key=lambda s: s.start))
        lines.append(f"- {body} [{chunk.source}, {chunk.doc_date.isoformat()}]")
    return "\n".join(lines)


def _clean(text: str) -> str:
    """Collapse whitespace for display (citations keep the verbatim quote)."""
    return " ".join(text.split())


def to_citations(sentences: Sequence[Sentence]) -> list[Citation]:
    """Citations for the chosen sentences: the best of each document first, then the rest.

    Readers (and hit@k) look at the first few citations, so they span documents.
    """
    ordered = sorted(sentences, key=lambda s: -s.score)
    seen: set[str] = set()
    firsts = [s for s in ordered if not (s.chunk.doc_id in seen or seen.add(s.chunk.doc_id))]
    rest = [s for s in ordered if s not in firsts]
    return [
        Citation(doc_id=s.chunk.doc_id, source=s.chunk.source, date=s.chunk.doc_date,
                 start=s.start, end=s.end, quote=s.text, score=round(s.score, 4))
        for s in [*firsts, *rest]
    ]


def is_relevant(passages: Sequence[Passage], scored: Sequence[Sentence]) -> bool:
    """Whether the passages speak to the question at all.

    Category cues alone ("who" -> any sentence naming a person) are not enough:
    some sentence must share the question's words, or a passage must be a close
    vector match.
    """
    if any(s.coverage >= GATE_COVERAGE for s in scored):
        return True
    return any((p.vector_score or 0.0) >= VECTOR_RELEVANT for p in passages[:3])


def extractive_answer(question: str, passages: Sequence[Passage], idf: Callable[[str], float],
                      *, account: str, limit: int | None = None, header: str | None = None
                      ) -> tuple[str, list[Citation], bool]:
    """Answer from the passages' own sentences.

    Returns:
        The answer text, its citations (best first) and whether anything relevant
        was found (False gives the plain "nothing relevant found" text).
    """
    scored = score_sentences(question, passages, idf)
    if not is_relevant(passages, scored):
        return nothing_found(account), [], False
    chosen = select_sentences(scored, MAX_SENTENCES if limit is None else limit)
    if not chosen:
        chosen = [s for s in scored if s.passage_rank == 1 and s.size == 1][:2]
    if not chosen:
        return nothing_found(account), [], False
    return render(chosen, header), to_citations(chosen), True
