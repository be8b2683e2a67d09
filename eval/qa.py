"""Score ``ask`` answers: retrieval hit@k and mention rate.

hit@k: one of the question's ``evidence_docs`` is among the answer's cited
sources. Mention rate: the share of ``answer_must_mention`` strings found in the
answer text (case-insensitive). A question whose answer failed scores zero on
both and is counted as failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eval.dataset import Question
from eval.locate import same_document
from eval.report import QAScore


@dataclass
class QATally:
    """Raw Q&A counts that add up across accounts."""

    questions: int = 0
    hits: int = 0
    mentions_found: int = 0
    mentions_total: int = 0
    all_mentioned: int = 0
    failed: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, other: QATally) -> None:
        for name in ("questions", "hits", "mentions_found", "mentions_total",
                     "all_mentioned", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def score(self, k: int) -> QAScore:
        """The tally as rates (None when there were no questions)."""
        if not self.questions:
            return QAScore(k=k)
        mention = self.mentions_found / self.mentions_total if self.mentions_total else 1.0
        return QAScore(hit_at_k=round(self.hits / self.questions, 4),
                       mention_rate=round(mention, 4),
                       all_mentioned_rate=round(self.all_mentioned / self.questions, 4),
                       k=k, questions=self.questions, failed=self.failed)


def cited_sources(answer: Any) -> list[str]:
    """The source paths an answer cites (``answer.citations[*].source``)."""
    return [str(getattr(c, "source", "") or "") for c in getattr(answer, "citations", []) or []]


def score_answer(question: Question, answer: Any, tally: QATally, k: int) -> None:
    """Add one answered question to the tally."""
    sources = cited_sources(answer)[:k]
    hit = any(same_document(s, doc) for s in sources for doc in question.evidence_docs)
    text = str(getattr(answer, "text", "") or "").casefold()
    found = [m for m in question.must_mention if m.casefold() in text]
    tally.questions += 1
    tally.hits += int(hit)
    tally.mentions_found += len(found)
    tally.mentions_total += len(question.must_mention)
    tally.all_mentioned += int(len(found) == len(question.must_mention))
    tally.details.append({"id": question.id, "hit": hit, "sources": sources,
                          "missing": [m for m in question.must_mention if m not in found]})


def score_failure(question: Question, reason: str, tally: QATally) -> None:
    """Count a question whose answer could not be produced as a zero."""
    tally.questions += 1
    tally.failed += 1
    tally.mentions_total += len(question.must_mention)
    tally.details.append({"id": question.id, "hit": False, "error": reason})


def score_questions(questions: Sequence[Question], answers: Sequence[Any], k: int) -> QATally:
    """Score answers given in the same order as their questions."""
    tally = QATally()
    for question, answer in zip(questions, answers, strict=True):
        score_answer(question, answer, tally, k)
    return tally
