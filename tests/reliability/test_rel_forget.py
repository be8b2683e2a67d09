"""`handoff forget --account SLUG` through the real CLI: the account is gone, its neighbour stays.

Also searches the bytes of the store's files for a marker from the forgotten
account's text, since deleted rows can survive in a database file's free pages.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from store_helpers import PYTHON, ROOT, cli_env, make_store

MARKERS = {"gone": "Qorvandel-4242", "kept": "Balstrode-7171"}


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**cli_env(tmp_path), "HANDOFF_EMBEDDER": "hash", "HANDOFF_CACHE": str(tmp_path / "c")}
    return subprocess.run([PYTHON, str(ROOT / "cli.py"), *args], capture_output=True, text=True,
                          env=env, timeout=180)


def _files_with(root: Path, marker: str) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and marker.encode() in p.read_bytes())


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Two accounts ingested and extracted; then `forget` of one. Returns (tmp, its output)."""
    tmp = tmp_path_factory.mktemp("forget")
    for account, marker in MARKERS.items():
        folder = tmp / "in" / account
        folder.mkdir(parents=True)
        (folder / "2026-01-05-notes.md").write_text(
            f"# Kickoff\n\nProject codename {marker}. Ingrid Solberg (CFO) is the executive "
            "sponsor and wants invoices approved within two days.\n")
        assert _cli(tmp, "ingest", str(folder), "--account", account).returncode == 0
        assert _cli(tmp, "extract", "--account", account).returncode == 0
    run = _cli(tmp, "forget", "--account", "gone")
    assert run.returncode == 0, run.stderr
    return tmp, run.stdout


def test_forget_removes_the_account_and_keeps_the_other(forgotten: tuple[Path, str]) -> None:
    tmp, output = forgotten
    assert output.startswith("forgot gone: 1 documents, 1 chunks, 1 records")
    store = make_store(tmp)
    assert store.documents("gone") == [] and store.chunks("gone") == []
    assert store.load_record("gone") is None and store.vector_search("gone", "codename") == []
    assert store.accounts() == ["kept"]
    assert len(store.documents("kept")) == 1 and store.load_record("kept") is not None
    assert store.vector_search("kept", "codename")[0][0].text.find(MARKERS["kept"]) >= 0
    store.close()


def test_forgotten_text_is_not_left_in_the_metadata_database(forgotten: tuple[Path, str]
                                                             ) -> None:
    tmp, _ = forgotten
    store_dir = tmp / "store"
    assert _files_with(store_dir, MARKERS["kept"])  # the search does find text that is there
    leftovers = [f for f in _files_with(store_dir, MARKERS["gone"]) if not f.startswith("chroma")]
    assert leftovers == []


def test_forgotten_text_is_not_left_in_the_vector_store_files(forgotten: tuple[Path, str]
                                                              ) -> None:
    tmp, _ = forgotten
    assert _files_with(tmp / "store" / "chroma", MARKERS["gone"]) == []
