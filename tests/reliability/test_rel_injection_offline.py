"""Prompt injection against the offline engine: text aimed at a model does not steer it.

Two kinds of attack. Instructions in text a reader sees ("ignore previous
instructions", fake system turns, fake JSON records, chat-template tokens): the
offline engine follows no instructions, so no word found only in the attack may
reach the record. Statements hidden from readers (HTML and Markdown comments,
display:none, hidden, visibility:hidden in an HTML email, Word hidden text):
the same statements, visible, do become items (the control below proves it), so
when hidden they must be dropped by parsing before any engine sees them. Items
from the real customer text must survive every attack.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rel_corpus import INSTRUCTIONS, hidden_attacks, visible_controls, write_account
from store_helpers import make_store

from extractor.ingest import ingest_paths
from extractor.parsing import parse_bytes
from extractor.pipeline import extract_account

CATEGORIES = {"success_criteria", "stakeholders", "expansion_signals", "risks"}


def _record_text(tmp_path: Path, name: str, extra: list) -> tuple[str, object]:
    folder = write_account(tmp_path / name / "acct", extra)
    store = make_store(tmp_path / name)
    report = ingest_paths([folder], "acct", store)
    assert report.ok, report.failed
    record = extract_account(store, "acct")
    store.close()
    return record.model_dump_json(include=CATEGORIES).lower(), record


def _real_items(record) -> set[str]:  # type: ignore[no-untyped-def]
    """What the clean account yields: stakeholder names and item summaries."""
    out = {s.name for s in record.stakeholders}
    for category in ("success_criteria", "expansion_signals", "risks"):
        out |= {getattr(item, "summary", None) or item.model_dump_json()[:80]
                for item in getattr(record, category)}
    return out


def test_hidden_text_never_reaches_the_document_text() -> None:
    for name, data, words in hidden_attacks():
        doc = parse_bytes(data, account="a", source=name)
        assert not [w for w in words if w in doc.text], name


@pytest.mark.timeout(180)
def test_offline_engine_is_not_steered(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    controls = visible_controls()
    shown, _ = _record_text(tmp_path, "control", controls)
    missing = [w for _, _, words in controls for w in words if w.lower() not in shown]
    assert missing == []  # visible, the payloads do become items: the engine is not blind

    clean, clean_record = _record_text(tmp_path, "clean", [])
    attacks = [*INSTRUCTIONS, *hidden_attacks()]
    attacked, attacked_record = _record_text(tmp_path, "attacked", attacks)
    passed = [name for name, _, words in attacks
              if any(w.lower() in attacked and w.lower() not in clean for w in words)]
    with capsys.disabled():
        print(f"\nprompt injection (offline engine): attacks tried {len(attacks)}, "
              f"passed {len(passed)}, blocked {len(attacks) - len(passed)}")
    assert passed == []
    assert _real_items(clean_record) <= _real_items(attacked_record)  # nothing suppressed
