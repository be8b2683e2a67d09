"""Run an evaluation: per account, predict a record, score it, answer questions.

``run_eval`` is what ``handoff eval`` calls. Every per-account failure (parsers
missing, engine crash, timeout, missing prediction file) is recorded with its
reason and scores zero for that account's items; the run always finishes.
Engines that learn from labels (they have a ``fit`` method) are also scored by
leave-one-account-out cross-validation, reported under ``cv``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from eval.ask_runner import QuestionSession
from eval.corpus import ParsedAccount, parse_account
from eval.dataset import LabelledAccount, load_dataset
from eval.intervals import bootstrap_intervals
from eval.locate import LocatedGold, file_name, locate_gold
from eval.predict import (
    AccountFailed,
    extract_with_timeout,
    load_prediction,
    make_engine,
    save_prediction,
)
from eval.qa import QATally
from eval.report import AccountReport, EvalReport, Scores
from eval.scoring import AccountScore, Tally, check_grounding, score_record, scores
from extractor.engines.base import ExtractionContext
from extractor.models import CATEGORIES, HandoffRecord

Progress = Callable[[str], None]
IN_SAMPLE_WARNING = ("the engine learns from labels but has no fit() for leave-one-account-out "
                     "cross-validation: these scores are in-sample, not a measure of quality")
TRAINED_ON_WARNING = ("the engine's shipped model was trained on {n} of these accounts, so the "
                      "main scores are in-sample for them; the honest figure is the "
                      "leave-one-account-out score (--cv)")


class EvalOptions(BaseModel):
    """What to evaluate and how (the CLI's options, minus output formatting)."""

    engine: str = "local"
    model: str | None = None
    base_url: str | None = None  # OpenAI-compatible endpoint for LLM engines
    predictions: Path | None = None
    save_predictions: Path | None = None
    accounts: list[str] | None = None
    cv: bool = False  # leave-one-account-out refits, for engines that learn from labels
    qa: bool = True
    k: int = 5
    timeout: float = 600.0


@dataclass
class Prepared:
    """An account with its documents parsed and gold quotes located (or why not)."""

    account: LabelledAccount
    parsed: ParsedAccount = field(default_factory=ParsedAccount)
    located: LocatedGold = field(default_factory=LocatedGold)
    context: ExtractionContext | None = None
    error: str | None = None


def build_account_context(account: LabelledAccount, documents: Sequence[Any]
                          ) -> ExtractionContext:
    """The context the product would build (``extractor.pipeline.build_context``).

    Falls back to the account.json fields alone when the pipeline is not
    available, so scoring still runs while it is being built.
    """
    try:
        from extractor.account import load_account_info
        from extractor.pipeline import build_context
    except ImportError:
        info = account.info
        return ExtractionContext(account=account.slug, as_of=account.as_of,
                                 customer=info.get("account"), vendor=info.get("vendor"),
                                 product=info.get("product"))
    return build_context(account.slug, documents, load_account_info(account.path),
                         as_of=account.as_of)


@dataclass
class TrainingExample:
    """What a learning engine's ``fit`` receives per labelled account.

    ``path`` is the account directory (account.json, docs/, gold.json) for
    engines with their own loaders; ``record`` is the gold as a HandoffRecord
    with evidence located in ``documents`` (the parsed docs dated <= as_of).
    """

    slug: str
    path: Path
    context: ExtractionContext
    documents: list[Any]
    record: HandoffRecord


def prepare(account: LabelledAccount) -> Prepared:
    """Parse an account's docs and locate its gold quotes; parser failures are kept."""
    prepared = Prepared(account)
    try:
        prepared.parsed = parse_account(account)
    except Exception as error:  # parsers missing or broken: the account fails
        prepared.error = f"documents not parsed: {type(error).__name__}: {error}"
        return prepared
    items = [item for group in account.gold.values() for item in group]
    prepared.located = locate_gold(items, prepared.parsed.documents)
    try:
        prepared.context = build_account_context(account, prepared.parsed.visible)
    except Exception as error:  # a broken context builder fails this account only
        prepared.error = f"context not built: {type(error).__name__}: {error}"
    return prepared


def _score(prepared: Prepared, record: HandoffRecord | None) -> AccountScore:
    raw = {p.name: p for p in prepared.account.doc_paths()}
    result = score_record(prepared.account.gold, prepared.located, record)
    check_grounding(record, prepared.parsed.documents, raw, result)
    return result


def account_report(prepared: Prepared, record: HandoffRecord | None, error: str | None,
                   seconds: float) -> tuple[AccountReport, Tally]:
    """Score one account into its report section and its raw tally."""
    result = _score(prepared, record)
    section = AccountReport(
        **scores(result.tally).model_dump(),
        status="failed" if error else "ok", error=error,
        gold_items=prepared.account.gold_count(),
        predicted_items=sum(len(record.items(c)) for c in CATEGORIES) if record else 0,
        gold_quotes=prepared.located.total_quotes,
        seconds=round(seconds, 2), warnings=prepared.parsed.warnings,
        unmatched_gold=result.unmatched_gold,
        unmatched_predictions=result.unmatched_predictions,
        field_errors=result.field_errors, ungrounded=result.ungrounded,
        gold_quotes_unlocated=prepared.located.unlocated)
    return section, result.tally


def _predict(prepared: Prepared, options: EvalOptions, engine: Any) -> HandoffRecord:
    """The account's record from the saved predictions or the engine."""
    if prepared.error:
        raise AccountFailed(prepared.error)
    if options.predictions is not None:
        return load_prediction(options.predictions, prepared.account.slug)
    if isinstance(engine, AccountFailed):
        raise engine
    record = extract_with_timeout(engine, prepared.parsed.visible, prepared.context,
                                  options.timeout)
    if options.save_predictions is not None:
        save_prediction(options.save_predictions, prepared.account.slug, record)
    return record


def _run_accounts(prepared: Sequence[Prepared], options: EvalOptions, engine: Any,
                  progress: Progress) -> tuple[dict[str, AccountReport], list[Tally]]:
    sections: dict[str, AccountReport] = {}
    tallies: list[Tally] = []
    for item in prepared:
        slug = item.account.slug
        started = time.perf_counter()
        record, error, trace = None, None, None
        try:
            record = _predict(item, options, engine)
        except AccountFailed as failure:
            error, trace = str(failure), failure.trace
        section, tally = account_report(item, record, error, time.perf_counter() - started)
        section.error_trace = trace
        sections[slug] = section
        tallies.append(tally)
        progress(f"{slug}: f1 {section.micro.f1:.3f}" + (f" (failed: {error})" if error else ""))
    return sections, tallies


def _training(prepared: Sequence[Prepared]) -> list[TrainingExample]:
    from eval.gold_to_record import gold_record

    return [TrainingExample(p.account.slug, p.account.path, p.context, p.parsed.visible,
                            gold_record(p.account.path, p.parsed.documents))
            for p in prepared if not p.error]


def cross_validate(prepared: Sequence[Prepared], options: EvalOptions, engine: Any,
                   progress: Progress) -> Scores:
    """Leave-one-account-out: fit on the other accounts, score the held-out one."""
    examples = _training(prepared)
    tallies: list[Tally] = []
    for item in prepared:
        engine.fit([e for e in examples if e.slug != item.account.slug])
        record, error = None, None
        try:
            record = _predict(item, options.model_copy(update={"save_predictions": None}),
                              engine)
        except AccountFailed as failure:
            error = str(failure)
        tallies.append(account_report(item, record, error, 0.0)[1])
        progress(f"cv {item.account.slug}" + (f" (failed: {error})" if error else ""))
    return _scores_with_intervals(tallies)


def _summed(tallies: Sequence[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


def _scores_with_intervals(tallies: Sequence[Tally]) -> Scores:
    """Scores of the summed per-account tallies, with account-bootstrap intervals."""
    result = scores(_summed(tallies))
    result.intervals = bootstrap_intervals(tallies)
    return result


def _questions(prepared: Sequence[Prepared], options: EvalOptions, sections: dict,
               progress: Progress) -> QATally:
    total = QATally()
    # ask has its own engines; anything else (saved predictions, test engines) asks locally.
    asks_llm = options.predictions is None and options.engine == "openai"
    llm = {"model": options.model, "base_url": options.base_url}
    llm_options = {k: v for k, v in llm.items() if v} if asks_llm else None
    with QuestionSession(engine="openai" if asks_llm else "local", k=options.k,
                         llm_options=llm_options) as session:
        for item in prepared:
            visible = {file_name(d.source) for d in item.parsed.visible}
            paths = [p for p in item.account.doc_paths() if not visible or p.name in visible]
            started = time.perf_counter()
            tally = session.answer_account(item.account.slug, paths, item.account.questions)
            section = sections[item.account.slug]
            section.qa, section.questions = tally.score(options.k), tally.details
            section.warnings += tally.warnings
            section.qa_seconds = round(time.perf_counter() - started, 2)
            total.add(tally)
            progress(f"{item.account.slug}: questions answered")
    return total


def run_eval(dataset: Path, options: EvalOptions, progress: Progress | None = None
             ) -> EvalReport:
    """Evaluate an engine (or saved predictions) on a labelled set.

    Args:
        dataset: the set directory (one sub-directory per labelled account).
        options: engine, predictions directory, accounts, Q&A settings, timeout.
        progress: called with one-line progress messages (the CLI shows them).

    Raises:
        InputError: the dataset cannot be read.
        UnknownEngineError, EngineConfigError, EngineAuthError, UnknownModelError:
            the engine cannot be set up at all (every account would fail alike).
    """
    notify = progress or (lambda message: None)
    started = time.perf_counter()
    accounts = load_dataset(dataset, options.accounts)
    prepared = [prepare(a) for a in accounts]
    engine: Any = None
    if options.predictions is None:
        try:
            engine = make_engine(options.engine, options.model, options.base_url)
        except AccountFailed as failure:
            engine = failure
    # The main score is always the shipped engine's: it is never fitted on the set it is
    # scored on. Cross-validation refits a separate instance, only when asked for.
    can_fit = callable(getattr(engine, "fit", None))
    sections, tallies = _run_accounts(prepared, options, engine, notify)
    cv = None
    if options.cv and can_fit:
        folds = make_engine(options.engine, options.model, options.base_url)
        cv = cross_validate(prepared, options, folds, notify)
    qa = _questions(prepared, options, sections, notify) if options.qa else QATally()
    report = _assemble(dataset, options, sections, tallies, qa, cv,
                       can_fit or bool(getattr(engine, "learns_from_labels", False)),
                       time.perf_counter() - started)
    _warn_in_sample(report, engine, {p.account.slug for p in prepared})
    return report


def _warn_in_sample(report: EvalReport, engine: Any, slugs: set[str]) -> None:
    """Say when the scores are in-sample because the engine learned from these labels."""
    overlap = sorted(slugs & set(getattr(engine, "trained_on", ()) or ()))
    report.in_sample_accounts = overlap
    if overlap:
        report.warnings.append(TRAINED_ON_WARNING.format(n=len(overlap)))
    elif report.learned_from_labels and report.cv is None and not hasattr(engine, "trained_on"):
        report.warnings.append(IN_SAMPLE_WARNING)


def _assemble(dataset: Path, options: EvalOptions, sections: dict[str, AccountReport],
              tallies: Sequence[Tally], qa: QATally, cv: Scores | None, learns: bool,
              seconds: float) -> EvalReport:
    tally = _summed(tallies)
    unlocated = sum(len(s.gold_quotes_unlocated) for s in sections.values())
    quotes = sum(s.gold_quotes for s in sections.values())
    return EvalReport(
        **_scores_with_intervals(tallies).model_dump(),
        engine="predictions" if options.predictions else options.engine,
        model=options.model, dataset=str(dataset), accounts=len(sections),
        grounding={"checked": tally.evidence_checked, "grounded": tally.evidence_grounded},
        qa=qa.score(options.k), per_account=sections,
        failed_accounts=[{"account": slug, "reason": s.error or ""}
                         for slug, s in sections.items() if s.status == "failed"],
        gold_quotes={"total": quotes, "located": quotes - unlocated, "unlocated": unlocated},
        learned_from_labels=learns, cv=cv, seconds=round(seconds, 2),
        created_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
