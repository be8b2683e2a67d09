"""`handoff review/accept/check/forecast/portfolio` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import handoff_fixtures as fx
from typer.testing import CliRunner

from cli import app
from extractor.errors import GateFailedError, InputError

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_review_then_accept_round_trip(tmp_path):
    fx.make_store(tmp_path / "store")
    out = tmp_path / "page.html"
    result = _run("review", "--account", fx.ACCOUNT, "--store", str(tmp_path / "store"),
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "<script type=\"application/json\" id=\"handoff-data\">" in page
    data = json.loads(fx.record().to_json())
    data["risks"][0]["review"] = {"decision": "accepted"}
    reviewed = tmp_path / "reviewed.json"
    reviewed.write_text(json.dumps(data))
    result = _run("accept", str(reviewed), "--account", fx.ACCOUNT, "--store",
                  str(tmp_path / "store"), "--reviewer", "Jo Lead")
    assert result.exit_code == 0, result.output
    assert "signed off by Jo Lead: 1 accepted, 0 edited, 0 rejected, 7 unreviewed" in result.output


def test_check_exits_non_zero_listing_gaps(tmp_path):
    fx.make_store(tmp_path / "store")
    proc = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "check", "--account", fx.ACCOUNT,
         "--store", str(tmp_path / "store")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == GateFailedError.exit_code
    assert "vague success criterion: Make the team more efficient" in proc.stdout
    assert "ask:" in proc.stdout and "checks failed" in proc.stderr
    result = _run("check", "--account", fx.ACCOUNT, "--store", str(tmp_path / "store"),
                  "--json", "--max-age-days", "5")
    assert isinstance(result.exception, GateFailedError)
    payload = json.loads(result.output)
    assert payload["max_evidence_age_days"] == 5 and 0 < payload["score"] < 1
    assert payload["passed"] is False and payload["rules"][0]["rule"] == "categories"


def test_forecast_and_its_missing_inputs(tmp_path):
    store = fx.make_store(tmp_path / "store")
    result = _run("forecast", "--account", fx.ACCOUNT, "--store", str(tmp_path / "store"),
                  "--benchmark", "1.2")
    assert result.exit_code == 0, result.output
    assert "## NRR forecast" in result.output and "benchmark=1.2" in result.output
    from extractor.account import AccountInfo
    store.save_account_info(fx.ACCOUNT, AccountInfo.model_validate({"contract": {"seats": 5}}))
    result = _run("forecast", "--account", fx.ACCOUNT, "--store", str(tmp_path / "store"))
    assert isinstance(result.exception, InputError)
    assert "active_users_at_go_live, renewal" in str(result.exception)


def test_portfolio_formats(tmp_path):
    fx.make_store(tmp_path / "store")
    as_json = _run("portfolio", "--store", str(tmp_path / "store"), "--json")
    assert json.loads(as_json.output)[0]["account"] == fx.ACCOUNT
    as_csv = _run("portfolio", "--store", str(tmp_path / "store"), "--csv", "--sort", "risks")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert rows[0]["open_high_risks"] == "1"
    table = _run("portfolio", "--store", str(tmp_path / "store"))
    assert table.exit_code == 0 and fx.ACCOUNT in table.output
