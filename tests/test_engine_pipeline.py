"""`handoff extract`: stored documents in, saved draft out, as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from store_helpers import make_account_dir, make_store
from typer.testing import CliRunner

from extractor.errors import InputError
from extractor.ingest import ingest_paths
from extractor.models import HandoffRecord
from extractor.pipeline import build_context, extract_account, vendor_domains


def test_extract_account_saves_a_grounded_draft(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    ingest_paths([make_account_dir(tmp_path / "fjord")], "fjord", store)
    record = extract_account(store, "fjord")
    assert record.as_of == dt.date(2026, 4, 1) and record.engine == "local"
    saved = store.load_record("fjord")
    assert saved is not None and saved.to_json() == record.to_json()
    docs = {d.doc_id: d for d in store.documents("fjord")}
    for category in ("success_criteria", "expansion_signals", "risks"):
        for item in record.items(category):
            for ev in item.evidence:
                assert docs[ev.doc_id].text[ev.start:ev.end] == ev.quote


def test_as_of_hides_later_documents(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    ingest_paths([make_account_dir(tmp_path / "fjord")], "fjord", store)
    record = extract_account(store, "fjord", as_of=dt.date(2026, 3, 5), save=False)
    sources = {e.source for c in ("success_criteria", "expansion_signals", "risks")
               for item in record.items(c) for e in item.evidence}
    assert sources and all(s <= "docs/2026-03-05" for s in sources)


def test_vendor_domains_come_from_addresses(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    ingest_paths([make_account_dir(tmp_path / "fjord")], "fjord", store)
    docs = store.documents("fjord")
    assert vendor_domains(docs, "Vendor Inc", "Fjord Freight") == ["vendor.example"]
    context = build_context("fjord", docs, store.account_info("fjord"), vendor="Vendor")
    assert context.vendor == "Vendor" and context.vendor_domains == ["vendor.example"]


def test_cli_extract_json_and_errors(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cli

    store = make_store(tmp_path)
    ingest_paths([make_account_dir(tmp_path / "fjord")], "fjord", store)
    monkeypatch.setenv("HANDOFF_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("HANDOFF_EMBEDDER", "hash")
    runner = CliRunner()
    out = tmp_path / "record.json"
    result = runner.invoke(cli.app, ["extract", "--account", "fjord", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert HandoffRecord.model_validate_json(out.read_text()).account == "fjord"
    bad = runner.invoke(cli.app, ["extract", "--account", "fjord", "--as-of", "April"])
    assert isinstance(bad.exception, InputError) and "--as-of" in str(bad.exception)
