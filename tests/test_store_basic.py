"""AccountStore behaviour callers rely on: search filters, records, forget, embedder checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from store_helpers import make_account_dir, make_store

from extractor.embedding import HashEmbedder
from extractor.errors import EmbedderMismatchError, InputError
from extractor.ingest import ingest_paths
from extractor.models import HandoffRecord


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = make_store(tmp_path)
    ingest_paths([make_account_dir(tmp_path / "fjord")], "fjord", store)
    return store


def test_vector_search_finds_the_relevant_chunk_with_offsets(store) -> None:  # type: ignore[no-untyped-def]
    hits = store.vector_search("fjord", "bank feed drops transactions payee names", k=3)
    assert hits and hits[0][0].source == "docs/2026-03-09-status.txt"
    chunk, score = hits[0]
    assert 0 < score <= 1.0001
    doc = store.document("fjord", chunk.doc_id)
    assert doc.text[chunk.start : chunk.end] == chunk.text
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_vector_search_filters_by_type_and_date(store) -> None:  # type: ignore[no-untyped-def]
    emails = store.vector_search("fjord", "workaround", k=10, where={"doc_type": "email"})
    assert emails and {c.doc_type for c, _ in emails} == {"email"}
    early = store.vector_search("fjord", "workaround", k=10,
                                where={"until": dt.date(2026, 3, 10)})
    assert early and all(c.doc_date <= dt.date(2026, 3, 10) for c, _ in early)
    late = store.vector_search("fjord", "workaround", k=10,
                               where={"since": "2026-03-12", "doc_type": ["transcript", "email"]})
    assert {c.source for c, _ in late} == {"docs/2026-03-12-re-bank-feed.eml",
                                           "docs/2026-03-16-workshop.vtt"}


def test_documents_until_a_date_sorted(store) -> None:  # type: ignore[no-untyped-def]
    docs = store.documents("fjord", until=dt.date(2026, 3, 12))
    assert [d.date.isoformat() for d in docs] == ["2026-03-02", "2026-03-09", "2026-03-12"]
    assert store.accounts() == ["fjord"]
    assert store.vector_search("nobody", "x", k=3) == []


def test_records_round_trip_and_kinds(store) -> None:  # type: ignore[no-untyped-def]
    assert store.load_record("fjord") is None
    draft = HandoffRecord(account="fjord", as_of=dt.date(2026, 4, 1), engine="local")
    store.save_record("fjord", draft)
    store.save_record("fjord", draft.model_copy(update={"engine": "reviewed"}), kind="accepted")
    assert store.load_record("fjord").engine == "local"
    assert store.load_record("fjord", kind="accepted").engine == "reviewed"
    with pytest.raises(InputError):
        store.save_record("fjord", draft, kind="final")  # type: ignore[arg-type]


def test_forget_removes_documents_chunks_and_records(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.save_record("fjord", HandoffRecord(account="fjord", as_of=dt.date(2026, 4, 1)))
    n_chunks = len(store.chunks("fjord"))
    gone = store.forget("fjord")
    assert (gone.documents, gone.chunks, gone.records) == (4, n_chunks, 1)
    assert store.documents("fjord") == [] and store.chunks("fjord") == []
    assert store.load_record("fjord") is None and store.account_info("fjord") is None
    assert store.vector_search("fjord", "bank feed", k=3) == []
    assert store.accounts() == []


def test_other_embedder_is_a_clear_error(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = make_store(tmp_path, embedder=HashEmbedder(dim=32))
    with pytest.raises(EmbedderMismatchError, match=r"hash-64.*hash-32"):
        other.vector_search("fjord", "bank feed", k=3)
    with pytest.raises(EmbedderMismatchError):
        ingest_paths([tmp_path / "fjord"], "fjord", other)
    assert len(store.documents("fjord")) == 4  # nothing was touched


def test_settings_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.settings import Settings, load_config_file

    config = tmp_path / "config.toml"
    config.write_text('store = "/from/config"\nmax_file_mb = 7\n[openai]\nmodel = "m"\n')
    monkeypatch.setenv("HANDOFF_CONFIG", str(config))
    monkeypatch.delenv("HANDOFF_STORE", raising=False)
    assert Settings.resolve().store_dir == Path("/from/config")
    assert Settings.resolve().max_bytes == 7 * 1024 * 1024
    monkeypatch.setenv("HANDOFF_STORE", str(tmp_path / "env"))
    assert Settings.resolve().store_dir == tmp_path / "env"
    assert Settings.resolve(store=tmp_path / "arg").store_dir == tmp_path / "arg"
    assert load_config_file()["openai"] == {"model": "m"}
    config.write_text("store = [unclosed")
    with pytest.raises(InputError, match="config file"):
        Settings.resolve()


def test_offline_switches_are_set_by_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import extractor.offline as offline
    from extractor.settings import Settings

    monkeypatch.setattr(offline, "_done", False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    Settings.resolve()
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["ANONYMIZED_TELEMETRY"] == "False"
