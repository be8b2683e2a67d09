"""`handoff ask`: text answer with [document, date] citations, --json, filters, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ask_helpers import ACCOUNT, ingested_store
from typer.testing import CliRunner

import cli


@pytest.fixture()
def env(tmp_path, monkeypatch):
    ingested_store(tmp_path).close()
    monkeypatch.setenv("HANDOFF_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("HANDOFF_EMBEDDER", "hash")
    monkeypatch.setenv("HANDOFF_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("HANDOFF_CHROMA_URL", raising=False)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli.app, ["ask", *args])


def test_ask_prints_a_cited_answer(env):
    result = run("Who signed off the budget?", "--account", ACCOUNT)
    assert result.exit_code == 0, result.output
    assert "Mira Olsen signed off the budget" in result.output
    assert "[2026-02-02-kickoff-notes.md, 2026-02-02]" in result.output


def test_ask_json_has_citations_offsets_and_scores(env):
    result = run("NetSuite workaround", "--account", ACCOUNT, "--json", "--k", "3",
                 "--type", "text")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["question"] == "NetSuite workaround" and data["engine"] == "local"
    citation = data["citations"][0]
    assert {"doc_id", "source", "date", "start", "end", "quote", "score"} <= citation.keys()
    assert citation["source"] == "2026-03-09-status-report.txt"
    assert {"chunk_id", "source", "rrf", "bm25_rank", "vector_rank"} <= data["retrieval"][0].keys()


def test_ask_bad_date_is_a_one_line_error(env):
    proc = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "ask", "anything", "--account",
         ACCOUNT, "--since", "yesterday"], capture_output=True, text=True, timeout=120,
        cwd=Path(cli.__file__).parent, env=dict(os.environ))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: --since must be a date like 2026-03-31 (got 'yesterday')"]
