"""Hostile or vanishing input at the ingest level: refused early, reported, batch goes on."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from store_helpers import PYTHON, ROOT, make_account_dir, make_store, vector_ids

from extractor.ingest import IngestEvent, ingest_paths


def test_100_mb_file_is_refused_before_reading_with_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "in" / "huge-notes.txt"
    big.parent.mkdir()
    with big.open("wb") as handle:  # sparse: 100 MB long without writing 100 MB
        handle.truncate(100 * 1024 * 1024)
    (tmp_path / "in" / "small.md").write_text("The sponsor approved phase two.")
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        # VmHWM is this process's own peak; ru_maxrss can report the forking parent's size.
        "def peak_mb():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        "from pathlib import Path\nfrom extractor.embedding import HashEmbedder\n"
        "from extractor.settings import Settings\nfrom extractor.store import AccountStore\n"
        "from extractor.ingest import ingest_paths\n"
        f"s = AccountStore(Settings.resolve(store={str(tmp_path / 'store')!r}), HashEmbedder())\n"
        f"r = ingest_paths([Path({str(tmp_path / 'in')!r})], 'acct', s)\n"
        "print(json.dumps({'failed': r.failed, 'new': r.new,"
        " 'rss_mb': peak_mb()}))\n")
    run = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=120)
    result = json.loads(run.stdout)
    assert result["new"] == 1
    [(name, reason)] = result["failed"]
    assert name == "huge-notes.txt" and "100" in reason and "limit" in reason
    assert result["rss_mb"] < 400  # the 100 MB were never read into memory


def test_file_that_disappears_mid_run_is_reported(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    victim = folder / "docs" / "2026-03-16-workshop.vtt"

    def vanish(event: IngestEvent) -> None:
        if event.kind == "start":
            victim.unlink()

    report = ingest_paths([folder], "fjord", make_store(tmp_path), on_progress=vanish)
    assert report.new == 3
    assert report.failed == [("docs/2026-03-16-workshop.vtt",
                              "file not found (it may have been moved or deleted)")]


def test_a_failed_reingest_keeps_the_stored_version(tmp_path: Path) -> None:
    folder = make_account_dir(tmp_path / "fjord")
    store = make_store(tmp_path)
    ingest_paths([folder], "fjord", store)
    ids = sorted(vector_ids(store, "fjord"))
    (folder / "docs" / "2026-03-09-status.txt").write_bytes(b"\x00\x01\x02" * 500)
    report = ingest_paths([folder], "fjord", store)
    assert [name for name, _ in report.failed] == ["docs/2026-03-09-status.txt"]
    assert sorted(vector_ids(store, "fjord")) == ids  # the good old version is still there
    assert any("bank feed" in d.text for d in store.documents("fjord"))
