"""After a run: compare with a baseline, write the JSON and Markdown, apply the gate."""

from __future__ import annotations

import json
from pathlib import Path

from eval.markdown import render_markdown
from eval.report import EvalReport, compare_reports, load_report
from extractor.errors import GateFailedError


def read_baseline(path: Path | None) -> dict | None:
    """Load a baseline report before a run, so a wrong path fails fast.

    Raises:
        InputError: the file is missing or not JSON.
    """
    return load_report(path) if path is not None else None


def attach_comparison(report: EvalReport, baseline: dict | None, label: str = "") -> dict | None:
    """Deltas against a saved report, also stored in the report under ``compare``."""
    if baseline is None:
        return None
    deltas = compare_reports(json.loads(report.to_json()), baseline)
    report.compare = {"baseline": label, "deltas": deltas}
    return deltas


def write_outputs(report: EvalReport, json_path: Path | None = None,
                  markdown_path: Path | None = None) -> None:
    """Write the JSON report and/or the Markdown report."""
    if json_path is not None:
        json_path.write_text(report.to_json(), encoding="utf-8")
    if markdown_path is not None:
        deltas = report.compare["deltas"] if report.compare else None
        markdown_path.write_text(render_markdown(report, deltas), encoding="utf-8")


def gated_f1(report: EvalReport) -> float:
    """The F1 the gate checks: micro F1, or its cross-validated value when the
    engine learned from these labels (an in-sample score is not a score)."""
    return report.cv.micro.f1 if report.cv is not None else report.micro.f1


def check_gate(report: EvalReport, min_f1: float | None) -> None:
    """Raise when the run is below the quality bar.

    Raises:
        GateFailedError: micro F1 (cross-validated if the engine learns) below
            ``min_f1``.
    """
    if min_f1 is None:
        return
    f1 = gated_f1(report)
    if f1 < min_f1:
        raise GateFailedError(f"eval gate failed: micro F1 {f1:.3f} is below --min-f1 {min_f1:g}")
