"""Concurrent writers: two `handoff ingest` runs on one embedded store, and a load on a server.

The embedded test makes both CLI runs contend for the lock for sure: the test
holds it while both start, so both must wait, say so, and then take turns.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rel_corpus import write_good
from rel_load import chroma_server, run_load, seed
from store_helpers import PYTHON, ROOT, cli_env, make_store, vector_ids

WAIT = "another handoff process is writing"


def _notes(folder: Path, numbers: range) -> Path:
    folder.mkdir()
    for i in numbers:
        (folder / f"2026-03-{i % 28 + 1:02d}-note-{i:03d}.md").write_text(
            f"# Site {i}\n\nSite {i} needs warehouse codes {i * 7} mapped before go-live.\n\n"
            + f"Paragraph about the cutover plan for site {i}. " * 30)
    return folder


@pytest.mark.timeout(240)
def test_two_cli_ingests_at_once_take_turns_without_duplicates(tmp_path: Path) -> None:
    first = _notes(tmp_path / "a", range(0, 40))
    second = _notes(tmp_path / "b", range(20, 60))  # 20 identical files in common
    holder = make_store(tmp_path)
    procs = []
    with holder.writing():
        for folder in (first, second):
            procs.append(subprocess.Popen(
                [PYTHON, str(ROOT / "cli.py"), "ingest", str(folder), "--account", "acct",
                 "--embedder", "hash", "--json"], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True, env=cli_env(tmp_path)))
        for proc in procs:  # both are blocked on the lock and said so
            seen = ""
            for line in proc.stderr:  # type: ignore[union-attr]
                seen += line
                if WAIT in line:
                    break
            assert WAIT in seen, seen
            assert proc.poll() is None
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    # whichever ran second found the 20 shared files already stored
    assert sorted((r["new"], r["unchanged"]) for r in reports) == [(20, 20), (40, 0)]
    ids = vector_ids(holder, "acct")
    committed = {c.chunk_id for c in holder.chunks("acct")}
    assert len(ids) == len(set(ids)) == len(committed) and set(ids) == committed
    assert len(holder.documents("acct")) == 60


@pytest.mark.server
@pytest.mark.timeout(300)
def test_parallel_ingest_and_ask_processes_against_one_server(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """4 worker processes x 12 requests (ingests and asks) on a real chroma server."""
    with chroma_server(tmp_path / "chroma-data") as url:
        write_good(tmp_path / "good")
        seed(url, tmp_path / "store", ["acct0", "acct1"], tmp_path / "good")
        summary = run_load(url, tmp_path / "store", workers=4, requests=12, timeout=240)
        store = make_store(tmp_path, chroma_url=url)
        for account in ("acct0", "acct1"):
            ids = vector_ids(store, account)
            committed = {c.chunk_id for c in store.chunks(account)}
            assert len(ids) == len(set(ids)) == len(committed) and set(ids) == committed
            assert len(store.documents(account)) == 3 + 2 * 3  # 3 seeded + 3 per worker
    with capsys.disabled():
        print(f"\nserver load (test): {summary}")
    assert summary["errors"] == []
    assert summary["wall_s"] < 240  # type: ignore[operator]
