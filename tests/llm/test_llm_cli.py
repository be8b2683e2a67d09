"""`handoff extract --engine openai --model --base-url --redact` end to end (hashing embedder)."""

from __future__ import annotations

import json

from llm_docs import KICKOFF, STATUS, make_doc, tobias
from llm_fake_server import reply
from typer.testing import CliRunner

from cli import app


def test_extract_with_openai_engine_redacts_on_the_wire(live_fake, monkeypatch, tmp_path):
    account = tmp_path / "hollow-pine"
    (account / "docs").mkdir(parents=True)
    (account / "docs" / "2026-02-10-kickoff.md").write_text(KICKOFF)
    (account / "docs" / "2026-04-02-status.txt").write_text(STATUS)
    (account / "account.json").write_text(json.dumps({
        "schema": "handoff-account/1", "account": "Hollow Pine Outfitters",
        "vendor": "Fernbrook", "as_of": "2026-06-30"}))
    monkeypatch.setenv("HANDOFF_EMBEDDER", "hash")
    monkeypatch.setenv("HANDOFF_CACHE", str(tmp_path / "cache"))
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(account), "--account", "hollow-pine"])
    assert ingested.exit_code == 0, ingested.output

    person = {**tobias(make_doc("docs/x.md", "2026-01-01", ""), ""), "emails": ["[EMAIL-1]"],
              "quotes": [{"doc_id": "cited-by-the-model",
                          "quote": "Contact Tobias at [EMAIL-1] or [PHONE-1]."}]}
    live_fake.push(reply(stakeholders=[person]))
    out = tmp_path / "record.json"
    result = runner.invoke(app, ["extract", "--account", "hollow-pine", "--engine", "openai",
                                 "--model", "fake-model", "--base-url", live_fake.url,
                                 "--redact", "--out", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text())
    assert record["engine"] == "openai" and record["extra"]["redacted"] is True
    assert record["stakeholders"][0]["emails"] == ["tobias.kell@hollowpine.example"]
    sent = json.dumps(live_fake.requests)
    assert "tobias.kell@hollowpine.example" not in sent and "555 0142" not in sent
