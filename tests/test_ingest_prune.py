"""`handoff ingest --prune`: documents whose files were deleted leave SQLite and Chroma.

Only folders named on the command line are looked at, only for the given account,
and only when the folder itself still exists. Hashing embedder throughout.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from store_helpers import PYTHON, ROOT, cli_env, make_account_dir, make_store, vector_ids

from extractor.ingest import ingest_paths
from extractor.store import AccountStore

STATUS = "docs/2026-03-09-status.txt"


def _sources(store: AccountStore, account: str) -> list[str]:
    return sorted(d.source for d in store.documents(account))


def _consistent(store: AccountStore, account: str) -> bool:
    """Every committed chunk has its vector and no vector is left without a chunk."""
    return sorted(vector_ids(store, account)) == sorted(c.chunk_id for c in store.chunks(account))


def test_deleted_file_is_pruned_from_sqlite_and_chroma(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    ingest_paths([folder], "fjord", store)
    gone_chunks = {c.chunk_id for c in store.chunks("fjord") if c.source == STATUS}
    assert gone_chunks
    (folder / STATUS).unlink()
    report = ingest_paths([folder], "fjord", store, prune=True)
    assert report.pruned == [STATUS] and report.ok
    assert STATUS not in _sources(store, "fjord") and len(_sources(store, "fjord")) == 3
    assert not gone_chunks & set(vector_ids(store, "fjord"))
    assert _consistent(store, "fjord")
    assert not any("bank feed integration" in c.text for c, _ in
                   store.vector_search("fjord", "bank feed integration", k=20))
    again = ingest_paths([folder], "fjord", store, prune=True)
    assert again.pruned == [] and again.unchanged == 3


def test_without_prune_deleted_files_stay(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    ingest_paths([folder], "fjord", store)
    (folder / STATUS).unlink()
    report = ingest_paths([folder], "fjord", store)
    assert report.pruned == [] and STATUS in _sources(store, "fjord")


def test_folders_not_given_and_other_accounts_are_never_touched(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "notes.md").write_text("Side notes about the payroll connector scope.")
    store = make_store(tmp_path)
    ingest_paths([folder, extra], "fjord", store)
    ingest_paths([folder], "other", store)
    (extra / "notes.md").unlink()
    (folder / STATUS).unlink()
    report = ingest_paths([folder], "fjord", store, prune=True)
    assert report.pruned == [STATUS]
    assert "notes.md" in _sources(store, "fjord")  # its folder was not on this command line
    assert STATUS in _sources(store, "other")  # another account is never touched
    assert ingest_paths([extra], "fjord", store, prune=True).pruned == ["notes.md"]
    assert _consistent(store, "fjord") and _consistent(store, "other")


def test_missing_folder_or_single_file_prunes_nothing(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    ingest_paths([folder], "fjord", store)
    kickoff = folder / "docs" / "2026-03-02-kickoff.md"
    (folder / STATUS).unlink()
    # a single file on the command line is no prune scope, even next to a deleted file
    assert ingest_paths([kickoff], "fjord", store, prune=True).pruned == []
    shutil.rmtree(folder)  # an unmounted drive or a mistyped folder looks like this
    report = ingest_paths([folder], "fjord", store, prune=True)
    assert report.pruned == [] and len(report.failed) == 1
    assert sum(s.startswith("docs/") for s in _sources(store, "fjord")) == 4


def test_nested_folder_scope(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("Alpha notes about the rollout plan.")
    (root / "sub" / "b.txt").write_text("Beta notes about the data migration.")
    store = make_store(tmp_path)
    ingest_paths([root], "acct", store)
    (root / "sub" / "b.txt").unlink()
    (root / "a.md").unlink()
    # the subfolder alone: only what lies under it goes
    assert ingest_paths([root / "sub"], "acct", store, prune=True).pruned == ["sub/b.txt"]
    assert _sources(store, "acct") == ["a.md"]


def test_vectors_left_by_a_crash_during_prune_are_cleaned_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    ingest_paths([folder], "fjord", store)
    (folder / STATUS).unlink()

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # stands in for a kill between the two writes

    monkeypatch.setattr(type(store.vectors), "delete", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([folder], "fjord", store, prune=True)
    monkeypatch.undo()
    assert STATUS not in _sources(store, "fjord")  # rows went first
    report = ingest_paths([folder], "fjord", store, prune=True)
    assert report.repaired > 0 and _consistent(store, "fjord")


def test_cli_prune_json_and_human_output(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    base = [PYTHON, str(ROOT / "cli.py"), "ingest", str(folder), "--account", "fjord",
            "--embedder", "hash"]
    env = cli_env(tmp_path)
    first = subprocess.run(base, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "pruned" not in first.stdout  # default off, summary unchanged
    (folder / STATUS).unlink()
    run = subprocess.run([*base, "--prune", "--json"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["pruned"] == [STATUS]
    assert f"pruned: {STATUS}: file no longer exists" in run.stderr
    (folder / "docs" / "2026-03-16-workshop.vtt").unlink()
    human = subprocess.run([*base, "--prune"], capture_output=True, text=True, env=env,
                           timeout=120)
    assert human.returncode == 0 and ", 1 pruned in " in human.stdout
