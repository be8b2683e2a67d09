"""Answer each account's questions from a throwaway store, for Q&A scoring.

One temporary store holds every account of the run (each under its own slug)
with the real embedder, so retrieval is measured as users get it. Anything
missing or failing (ingest, ask) fails the affected questions with a reason.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from eval.dataset import Question
from eval.qa import QATally, score_answer, score_failure


class QuestionSession(AbstractContextManager):
    """A temporary store for the run; ``answer_account`` ingests and asks per account."""

    def __init__(self, engine: str = "local", k: int = 5,
                 llm_options: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.k = k
        self.llm_options = llm_options
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._store: Any = None
        self._error: str | None = None

    def __enter__(self) -> QuestionSession:
        self._tmp = tempfile.TemporaryDirectory(prefix="handoff-eval-")
        try:
            from extractor.settings import Settings
            from extractor.store import AccountStore

            settings = Settings.resolve(store=Path(self._tmp.name))
            self._store = AccountStore(settings, embedder=None)
        except Exception as error:  # missing module or store failure: questions fail
            self._error = f"store unavailable: {type(error).__name__}: {error}"
        return self

    def __exit__(self, *exc_info: object) -> None:
        close = getattr(self._store, "close", None)
        if callable(close):
            close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def answer_account(self, slug: str, paths: Sequence[Path],
                       questions: Sequence[Question]) -> QATally:
        """Ingest ``paths`` under ``slug`` and score an answer to each question."""
        tally = QATally()
        reason = self._error or self._ingest(slug, paths, tally)
        for question in questions:
            if reason:
                score_failure(question, reason, tally)
                continue
            try:
                from extractor.ask import answer_question

                answer = answer_question(question.question, account=slug, store=self._store,
                                         k=self.k, engine=self.engine,
                                         llm_options=self.llm_options)
            except Exception as error:  # one failed answer scores zero, the run goes on
                score_failure(question, f"ask failed: {type(error).__name__}: {error}", tally)
                continue
            score_answer(question, answer, tally, self.k)
        return tally

    def _ingest(self, slug: str, paths: Sequence[Path], tally: QATally) -> str | None:
        """Ingest the account; a failure is the reason its questions fail."""
        try:
            from extractor.ingest import ingest_paths

            report = ingest_paths(list(paths), slug, self._store)
        except Exception as error:
            return f"ingest failed: {type(error).__name__}: {error}"
        tally.warnings += [f"{name}: not ingested ({why})"
                           for name, why in getattr(report, "failed", [])]
        return None
