"""`make demo`'s job end to end on the bundled account, with the real embedder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from extractor.models import HandoffRecord

DEMO = Path(__file__).resolve().parents[1] / "examples" / "northwind-logistics"


@pytest.mark.slow
def test_demo_writes_grounded_record_markdown_and_review_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["demo", str(DEMO), "--out", str(out),
                                      "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    record = HandoffRecord.model_validate_json((out / "record.json").read_text())
    assert record.account == "northwind-logistics"
    assert all(record.items(c) for c in ("success_criteria", "stakeholders",
                                         "expansion_signals", "risks"))
    total = sum(len(i.evidence) for c in ("success_criteria", "stakeholders",
                                          "expansion_signals", "risks") for i in record.items(c))
    assert f"{total} of {total} evidence quotes re-checked" in result.output
    names = {s.name for s in record.stakeholders}
    assert "Tom Reinholt" in names
    assert "Priya Raman" not in names  # the vendor's implementation lead is not a stakeholder
    handoff = (out / "handoff.md").read_text()
    assert handoff.startswith("# Handoff")
    page = (out / "review.html").read_text()
    assert "<script" in page
    assert 'src="http' not in page and "<link" not in page  # self-contained, opens offline


@pytest.mark.slow
def test_demo_rerun_writes_no_new_chunks(tmp_path: Path) -> None:
    args = ["demo", str(DEMO), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "s")]
    first = CliRunner().invoke(app, args)
    second = CliRunner().invoke(app, args)
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert "8 unchanged" in second.output and "0 chunks written" in second.output
