"""`handoff eval` as users run it: JSON shape, Markdown, --min-f1 exit code, --compare."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from eval.gold_to_record import gold_record
from eval.predict import save_prediction
from extractor.errors import GateFailedError
from extractor.models import HandoffRecord

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
ACCOUNTS = "albion-insurance-brokers,cobalt-retail"

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="labelled dev set not present")


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    gold, half = tmp_path_factory.mktemp("gold"), tmp_path_factory.mktemp("half")
    for slug in ACCOUNTS.split(","):
        record = gold_record(DEV / slug)
        save_prediction(gold, slug, record)
        save_prediction(half, slug, HandoffRecord(account=slug, as_of=record.as_of,
                                                  stakeholders=record.stakeholders))
    return {"gold": gold, "half": half}


def _eval(*args: str):
    return CliRunner().invoke(app, ["eval", str(DEV), "--accounts", ACCOUNTS, "--no-qa", *args])


def test_json_report_has_the_stable_shape(predictions: dict[str, Path], tmp_path: Path) -> None:
    out, md = tmp_path / "report.json", tmp_path / "report.md"
    result = _eval("--predictions", str(predictions["gold"]), "--json", str(out),
                   "--markdown", str(md))
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    for key in ("engine", "dataset", "accounts", "micro", "macro_f1", "categories", "fields",
                "grounding_rate", "qa", "per_account", "seconds"):
        assert key in report
    assert set(report["micro"]) == {"precision", "recall", "f1"}
    assert set(report["categories"]) == {"success_criteria", "stakeholders",
                                         "expansion_signals", "risks"}
    assert set(report["categories"]["risks"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert {"hit_at_k", "mention_rate", "k"} <= set(report["qa"])
    assert report["accounts"] == 2 and report["micro"]["f1"] == 1.0
    assert "risks.severity" in report["fields"]
    assert "micro/f1" in result.output
    assert "# Eval" in md.read_text()


def test_compare_prints_and_saves_deltas(predictions: dict[str, Path], tmp_path: Path) -> None:
    baseline, current = tmp_path / "base.json", tmp_path / "now.json"
    assert _eval("--predictions", str(predictions["half"]), "--json", str(baseline)).exit_code == 0
    result = _eval("--predictions", str(predictions["gold"]), "--json", str(current),
                   "--compare", str(baseline))
    assert result.exit_code == 0, result.output
    deltas = json.loads(current.read_text())["compare"]["deltas"]
    assert deltas["micro/f1"]["delta"] > 0
    assert deltas["categories/stakeholders/f1"]["delta"] == 0.0
    assert "+0." in result.output


def test_min_f1_below_threshold_is_a_gate_failure(predictions: dict[str, Path]) -> None:
    result = _eval("--predictions", str(predictions["half"]), "--min-f1", "0.9")
    assert isinstance(result.exception, GateFailedError)
    assert _eval("--predictions", str(predictions["gold"]), "--min-f1", "0.9").exit_code == 0


def test_min_f1_exit_code_from_the_console_script(predictions: dict[str, Path]) -> None:
    command = [sys.executable, "-c", "import cli; cli.main()", "eval", str(DEV), "--accounts",
               ACCOUNTS, "--no-qa", "--predictions", str(predictions["half"]), "--min-f1", "0.9"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == GateFailedError.exit_code
    assert "below --min-f1 0.9" in done.stderr
