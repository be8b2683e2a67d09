"""Ingest end to end with the hashing embedder: counts, idempotency, replacement, bad files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from store_helpers import FILES, PYTHON, ROOT, cli_env, make_account_dir, make_store, vector_ids

from extractor.ingest import ingest_paths


def test_account_folder_is_ingested_with_info_and_doc_sources(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    (folder / "gold.json").write_text("{}")  # labels next to docs/ must never be ingested
    store = make_store(tmp_path)
    report = ingest_paths([folder], "fjord", store)
    assert report.ok and report.files == 4 and report.new == 4
    assert sorted(d.source for d in store.documents("fjord")) == sorted(
        f"docs/{n}" for n in FILES)
    assert store.account_info("fjord").vendor == "Ledgerly"
    assert report.chunks == len(store.chunks("fjord")) == len(vector_ids(store, "fjord"))


def test_reingesting_unchanged_files_writes_nothing(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    first = ingest_paths([folder], "fjord", store)
    ids_before = sorted(vector_ids(store, "fjord"))
    summaries = store.document_summaries("fjord")
    second = ingest_paths([folder], "fjord", store)
    assert (second.new, second.replaced, second.unchanged, second.chunks) == (0, 0, 4, 0)
    assert sorted(vector_ids(store, "fjord")) == ids_before and len(ids_before) == first.chunks
    assert store.document_summaries("fjord") == summaries


def test_changed_file_replaces_its_old_chunks(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    ingest_paths([folder], "fjord", store)
    old = {c.chunk_id for c in store.chunks("fjord") if c.source.endswith("status.txt")}
    (folder / "docs" / "2026-03-09-status.txt").write_text(
        "Weekly status\n\nThe bank feed is fixed. Payroll connector scoped for April.\n")
    report = ingest_paths([folder], "fjord", store)
    assert (report.replaced, report.unchanged) == (1, 3)
    chunks = store.chunks("fjord")
    new = {c.chunk_id for c in chunks if c.source.endswith("status.txt")}
    assert new and not (old & new)
    ids = vector_ids(store, "fjord")
    assert sorted(ids) == sorted(c.chunk_id for c in chunks)  # old ones gone from Chroma
    assert any("Payroll connector" in c.text for c in chunks)
    assert len(store.documents("fjord")) == 4


def test_plain_folder_sources_are_relative_and_nested_dirs_walked(tmp_path: Path) -> None:
    (tmp_path / "notes" / "sub").mkdir(parents=True)
    (tmp_path / "notes" / "a.md").write_text("Alpha notes about the rollout plan.")
    (tmp_path / "notes" / "sub" / "b.txt").write_text("Beta notes about the data migration.")
    (tmp_path / "notes" / ".hidden.md").write_text("not ingested")
    store = make_store(tmp_path)
    report = ingest_paths([tmp_path / "notes"], "acct", store)
    assert report.new == 2
    assert sorted(d.source for d in store.documents("acct")) == ["a.md", "sub/b.txt"]


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    ingest_paths([folder], "fjord", store)
    before = sorted(vector_ids(store, "fjord"))
    bad = tmp_path / "incoming"
    bad.mkdir()
    (bad / "empty.md").write_text("")
    (bad / "binary.md").write_bytes(bytes(range(256)) * 20)
    (bad / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (bad / "slides.pptx").write_bytes(b"whatever")
    (bad / "big.txt").write_text("x " * 700_000)
    (bad / "good.md").write_text("A fine note about the go-live date.")
    report = ingest_paths([bad, tmp_path / "missing.md"], "fjord", store, max_bytes=1_000_000)
    failed = dict(report.failed)
    assert set(failed) == {"empty.md", "binary.md", "broken.docx", "big.txt",
                           str(tmp_path / "missing.md")}
    assert all(reason for reason in failed.values())
    assert "limit" in failed["big.txt"] and "empty" in failed["empty.md"]
    assert report.skipped == ["slides.pptx"] and report.new == 1
    after = set(vector_ids(store, "fjord"))
    assert set(before) <= after  # nothing stored before was lost
    assert len(store.documents("fjord")) == 5


def test_cli_ingest_json_summary_and_exit_code(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    (folder / "docs" / "zz-empty.txt").write_text("")
    cmd = [PYTHON, str(ROOT / "cli.py"), "ingest", str(folder), "--account", "fjord",
           "--embedder", "hash", "--json"]
    run = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(tmp_path), timeout=120)
    assert run.returncode == 2, run.stderr
    summary = json.loads(run.stdout)
    assert summary["new"] == 4 and summary["failed"] == [["docs/zz-empty.txt", "file is empty"]]
    assert "failed: docs/zz-empty.txt: file is empty" in run.stderr
    docs = subprocess.run([PYTHON, str(ROOT / "cli.py"), "docs", "--account", "fjord", "--json"],
                          capture_output=True, text=True, env=cli_env(tmp_path), timeout=120)
    listed = json.loads(docs.stdout)
    assert [d["doc_type"] for d in listed] == ["markdown", "text", "email", "transcript"]
    assert all(d["chunks"] >= 1 for d in listed)
