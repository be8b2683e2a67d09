"""`handoff ingest` end to end with the real MiniLM embedder, then semantic search."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from store_helpers import PYTHON, ROOT, cli_env, make_account_dir

from extractor.settings import Settings
from extractor.store import AccountStore


@pytest.mark.slow
def test_cli_ingest_with_minilm_then_search_by_meaning(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    env = cli_env(tmp_path)
    cmd = [PYTHON, str(ROOT / "cli.py"), "ingest", str(folder), "--account", "fjord", "--json"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["new"], summary["failed"], summary["skipped"]) == (4, [], [])
    again = json.loads(subprocess.run(cmd, capture_output=True, text=True, env=env,
                                      timeout=300).stdout)
    assert (again["unchanged"], again["chunks"]) == (4, 0)

    store = AccountStore(Settings.resolve(store=tmp_path / "store"))
    assert store.embedder.name.startswith("all-MiniLM-L6-v2@")
    hits = store.vector_search("fjord", "Which other company entity wants the product?", k=2)
    assert hits[0][0].source == "docs/2026-03-16-workshop.vtt"  # "the Oslo subsidiary"
    hits = store.vector_search("fjord", "problem with imported bank payments", k=1)
    assert hits[0][0].source in {"docs/2026-03-09-status.txt", "docs/2026-03-12-re-bank-feed.eml"}
