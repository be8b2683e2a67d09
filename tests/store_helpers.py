"""Shared set-up for the store and ingest tests: an isolated store and a tiny account.

The account's files are invented here (no dev-set text), one per main format,
including an email with a quoted reply and a transcript with speakers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from extractor.embedding import HashEmbedder
from extractor.settings import Settings
from extractor.store import AccountStore

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

FILES = {
    "2026-03-02-kickoff.md": (
        "# Kickoff\n\nAttendees: Mira Olsen (VP Finance), Jonas Berg (IT)\n\n"
        "Mira wants month-end close cut from nine days to four by the end of Q3.\n\n"
        + "\n\n".join(f"Paragraph {n}: the ledger import maps cost centres and the "
                      f"approval flow routes invoices above ten thousand to Mira." for n in
                      range(12))),
    "2026-03-09-status.txt": (
        "Weekly status\n\nThe bank feed integration drops transactions with accented payee "
        "names. Jonas has a workaround script.\n\nTraining for the AP team is booked.\n"),
    "2026-03-12-re-bank-feed.eml": (
        "From: Jonas Berg <jonas@example.org>\nTo: Ana Ruiz <ana@vendor.example>\n"
        "Date: Thu, 12 Mar 2026 10:00:00 +0000\nSubject: Re: bank feed\n\n"
        "Ana, the workaround held all week. Can we also connect the payroll system?\n\n"
        "On Wed, 11 Mar 2026 Ana Ruiz wrote:\n> The bank feed patch ships next sprint.\n"
        "> Please keep the workaround script running until then.\n"),
    "2026-03-16-workshop.vtt": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Mira Olsen>We should roll this out to "
        "the Oslo subsidiary next.\n\n00:00:06.000 --> 00:00:09.000\n<v Ana Ruiz>Noted, "
        "after go-live.\n"),
}
ACCOUNT_JSON = ('{"schema": "handoff-account/1", "account": "Fjord Freight AS", '
                '"vendor": "Ledgerly", "as_of": "2026-04-01"}')


def make_account_dir(root: Path, files: dict[str, str] | None = None) -> Path:
    """An account folder (account.json + docs/) with the given files."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "account.json").write_text(ACCOUNT_JSON)
    for name, text in (files or FILES).items():
        (root / "docs" / name).write_text(text)
    return root


def make_store(tmp_path: Path, embedder: object | None = None, **kw: object) -> AccountStore:
    """A store in the test's own tmp dir with the hashing embedder."""
    settings = Settings.resolve(store=tmp_path / "store", **kw)  # type: ignore[arg-type]
    return AccountStore(settings, embedder=embedder or HashEmbedder())


def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a `handoff` subprocess: its own store and no user config."""
    env = dict(os.environ)
    env.update(HANDOFF_STORE=str(tmp_path / "store"), HANDOFF_CONFIG=str(tmp_path / "none.toml"))
    env.pop("HANDOFF_CHROMA_URL", None)
    env.pop("HANDOFF_EMBEDDER", None)
    return env


def vector_ids(store: AccountStore, account: str) -> list[str]:
    """Every chunk id in the account's Chroma collection (duplicates would show here)."""
    col = store.vectors.collection(account, store.embedder.name, store.embedder.dim, False)
    return [] if col is None else list(col.get(include=[])["ids"])
