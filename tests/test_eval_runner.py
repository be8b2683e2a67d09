"""The eval run end to end on real dev accounts, with saved predictions and fake engines."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from eval.gold_to_record import gold_record
from eval.predict import save_prediction
from eval.runner import EvalOptions, run_eval
from extractor.documents import Document
from extractor.engines.base import Engine, ExtractionContext, register_engine
from extractor.errors import EngineConfigError
from extractor.models import HandoffRecord, RiskStatus

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"
ACCOUNTS = ["albion-insurance-brokers", "cobalt-retail"]

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="labelled dev set not present")


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("gold-predictions")
    for slug in ACCOUNTS:
        save_prediction(directory, slug, gold_record(DEV / slug))
    return directory


def test_gold_labels_as_predictions_score_perfectly(gold_dir: Path) -> None:
    report = run_eval(DEV, EvalOptions(predictions=gold_dir, accounts=ACCOUNTS, qa=False))
    assert report.micro.f1 == 1.0 and report.macro_f1 == 1.0
    assert report.grounding_rate == 1.0 and report.grounding["checked"] > 0
    assert report.gold_quotes["unlocated"] == 0
    gold_items = sum(s.gold_items for s in report.per_account.values())
    assert report.matches_by_route["evidence"] == gold_items
    assert all(v == 1.0 for v in report.fields.values())
    assert report.learned_from_labels is False and report.cv is None


def test_empty_predictions_score_zero(tmp_path: Path) -> None:
    for slug in ACCOUNTS:
        save_prediction(tmp_path, slug, HandoffRecord(account=slug, as_of="2026-01-01"))
    report = run_eval(DEV, EvalOptions(predictions=tmp_path, accounts=ACCOUNTS, qa=False))
    assert report.micro.f1 == 0.0 and report.macro_f1 == 0.0
    section = report.per_account[ACCOUNTS[0]]
    assert len(section.unmatched_gold) == section.gold_items


def test_a_missing_prediction_fails_that_account_and_the_run_goes_on(
        gold_dir: Path, tmp_path: Path) -> None:
    (tmp_path / f"{ACCOUNTS[0]}.json").write_bytes((gold_dir / f"{ACCOUNTS[0]}.json").read_bytes())
    report = run_eval(DEV, EvalOptions(predictions=tmp_path, accounts=ACCOUNTS, qa=False))
    assert report.per_account[ACCOUNTS[0]].micro.f1 == 1.0
    failed = report.per_account[ACCOUNTS[1]]
    assert failed.status == "failed" and "no prediction file" in (failed.error or "")
    assert failed.micro.recall == 0.0
    assert report.failed_accounts == [{"account": ACCOUNTS[1], "reason": failed.error}]
    assert 0.0 < report.micro.recall < 1.0


class SlowEngine(Engine):
    name = "eval-test-slow"

    def extract(self, documents: Sequence[Document], context: ExtractionContext
                ) -> HandoffRecord:
        time.sleep(5)
        return HandoffRecord(account=context.account, as_of=context.as_of)


class LearningEngine(Engine):
    """Returns the gold record of the held-out account only if it was not trained on it."""

    name = "eval-test-learning"

    def __init__(self) -> None:
        self.fits: list[list[str]] = []
        self.memory: dict[str, HandoffRecord] = {}

    def fit(self, examples: list) -> None:
        self.fits.append([e.slug for e in examples])
        self.memory = {e.slug: e.record for e in examples}

    def extract(self, documents: Sequence[Document], context: ExtractionContext
                ) -> HandoffRecord:
        assert all(d.date <= context.as_of for d in documents)
        return self.memory.get(context.account,
                               HandoffRecord(account=context.account, as_of=context.as_of))


def test_a_timed_out_engine_fails_the_account() -> None:
    register_engine(SlowEngine.name, f"{__name__}:SlowEngine")
    report = run_eval(DEV, EvalOptions(engine=SlowEngine.name, accounts=ACCOUNTS[:1],
                                       qa=False, timeout=0.2))
    assert report.per_account[ACCOUNTS[0]].status == "failed"
    assert "timed out" in (report.per_account[ACCOUNTS[0]].error or "")


def test_the_main_score_never_fits_the_engine_on_the_set_it_scores() -> None:
    register_engine(LearningEngine.name, f"{__name__}:LearningEngine")
    report = run_eval(DEV, EvalOptions(engine=LearningEngine.name, accounts=ACCOUNTS, qa=False))
    assert report.learned_from_labels is True
    assert report.micro.f1 == 0.0  # not fitted on these labels, so nothing memorised
    assert report.cv is None and any("in-sample" in w for w in report.warnings)


def test_cv_refits_without_the_held_out_account() -> None:
    register_engine(LearningEngine.name, f"{__name__}:LearningEngine")
    report = run_eval(DEV, EvalOptions(engine=LearningEngine.name, accounts=ACCOUNTS,
                                       qa=False, cv=True))
    assert report.cv is not None and report.cv.micro.f1 == 0.0  # held out: nothing learned


class TrainedEngine(LearningEngine):
    """Ships a model trained on the first labelled account."""

    name = "eval-test-trained"
    trained_on = (ACCOUNTS[0],)


def test_accounts_the_shipped_model_was_trained_on_are_flagged_in_sample() -> None:
    register_engine(TrainedEngine.name, f"{__name__}:TrainedEngine")
    report = run_eval(DEV, EvalOptions(engine=TrainedEngine.name, accounts=ACCOUNTS, qa=False))
    assert report.in_sample_accounts == [ACCOUNTS[0]]
    assert any("trained on 1 of these accounts" in w for w in report.warnings)


@pytest.mark.slow
def test_questions_are_answered_from_a_throwaway_store_and_scored(gold_dir: Path) -> None:
    report = run_eval(DEV, EvalOptions(predictions=gold_dir, accounts=ACCOUNTS[:1], qa=True))
    section = report.per_account[ACCOUNTS[0]]
    assert report.qa.questions == len(section.questions) > 0
    assert report.qa.failed == 0, section.questions
    assert report.qa.hit_at_k is not None and report.qa.hit_at_k > 0.5
    assert 0.0 <= report.qa.mention_rate <= 1.0


def test_markdown_report_lists_misses_and_field_errors(tmp_path: Path) -> None:
    from eval.markdown import render_markdown

    slug = ACCOUNTS[0]
    record = gold_record(DEV / slug)
    first = record.risks[0]
    other = RiskStatus.RESOLVED if first.status != RiskStatus.RESOLVED else RiskStatus.OPEN
    record.risks[0] = first.model_copy(update={"status": other})
    missed = record.stakeholders.pop()
    save_prediction(tmp_path, slug, record)
    report = run_eval(DEV, EvalOptions(predictions=tmp_path, accounts=[slug], qa=False))
    text = render_markdown(report)
    assert f"wrong risks.status on `{first.id}`" in text
    assert f"missed stakeholders `{missed.id}`: {missed.name}" in text
    assert report.fields["risks.status"] < 1.0
    assert report.categories["stakeholders"].fn == 1


class CrashingEngine(Engine):
    name = "eval-test-crash"

    def extract(self, documents: Sequence[Document], context: ExtractionContext
                ) -> HandoffRecord:
        raise RuntimeError("boom in the rules")


def test_a_crashing_engine_fails_the_account_with_reason_and_trace() -> None:
    register_engine(CrashingEngine.name, f"{__name__}:CrashingEngine")
    report = run_eval(DEV, EvalOptions(engine=CrashingEngine.name, accounts=ACCOUNTS,
                                       qa=False))
    assert [f["account"] for f in report.failed_accounts] == ACCOUNTS
    section = report.per_account[ACCOUNTS[0]]
    assert section.error == "engine failed: RuntimeError: boom in the rules"
    assert "boom in the rules" in (section.error_trace or "")
    assert report.micro.f1 == 0.0 and report.categories["risks"].fn > 0


class DeclaredLearnerWithoutFit(Engine):
    name = "eval-test-declared-learner"
    learns_from_labels = True

    def extract(self, documents: Sequence[Document], context: ExtractionContext
                ) -> HandoffRecord:
        return HandoffRecord(account=context.account, as_of=context.as_of)


def test_a_learning_engine_without_fit_is_flagged_as_in_sample() -> None:
    register_engine(DeclaredLearnerWithoutFit.name, f"{__name__}:DeclaredLearnerWithoutFit")
    report = run_eval(DEV, EvalOptions(engine=DeclaredLearnerWithoutFit.name,
                                       accounts=ACCOUNTS[:1], qa=False))
    assert report.learned_from_labels is True and report.cv is None
    assert any("in-sample" in w for w in report.warnings)


class KeylessEngine(Engine):
    name = "eval-test-keyless"

    def extract(self, documents: Sequence[Document], context: ExtractionContext
                ) -> HandoffRecord:
        raise EngineConfigError("no API key: set OPENAI_API_KEY")


def test_a_setup_error_stops_the_run_instead_of_failing_every_account() -> None:
    register_engine(KeylessEngine.name, f"{__name__}:KeylessEngine")
    with pytest.raises(EngineConfigError, match="no API key"):
        run_eval(DEV, EvalOptions(engine=KeylessEngine.name, accounts=ACCOUNTS, qa=False))
