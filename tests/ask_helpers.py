"""Shared set-up for the ask tests: an invented account ingested into a tmp store.

The documents are written here (no dev-set text): a kickoff with the economic
buyer, a status note naming a product term, an email thread, a transcript, and
filler notes so that retrieval has something to rank against.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from extractor.embedding import HashEmbedder
from extractor.ingest import ingest_paths
from extractor.settings import Settings
from extractor.store import AccountStore

ACCOUNT = "fjord-freight"

FILES = {
    "2026-02-02-kickoff-notes.md": (
        "# Kickoff call\n\nAttendees: Mira Olsen (CFO), Jonas Berg (IT lead), Ana Ruiz (vendor)\n\n"
        "Mira Olsen signed off the budget and owns the business case. She wants month-end "
        "close cut from nine days to five by the end of Q3 2026.\n\n"
        "Jonas Berg is worried the SSO rollout will collide with the spring change freeze.\n"),
    "2026-03-09-status-report.txt": (
        "Weekly status\n\nThe NetSuite connector drops vendor bills with accented payee names. "
        "Jonas has a workaround script running nightly.\n\nTraining for the AP team is booked "
        "for March 20.\n"),
    "2026-04-14-re-payroll.eml": (
        "From: Jonas Berg <jonas@fjordfreight.example>\nTo: Ana Ruiz <ana@vendor.example>\n"
        "Date: Tue, 14 Apr 2026 10:00:00 +0000\nSubject: Re: payroll\n\n"
        "Ana, the workaround held all week. Could the payroll team in Bergen also use the "
        "approval workflow? They would need about 12 more seats.\n"),
    "2026-05-06-go-live-call.vtt": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Mira Olsen>Go-live went fine and the first "
        "close took six days.\n\n00:00:06.000 --> 00:00:09.000\n<v Ana Ruiz>Great, we will "
        "track it against the five day target.\n"),
}
FILLER = ("Routine sync {n}: reviewed the open action list, confirmed meeting cadence and "
          "agreed to keep the weekly call on Thursdays at ten.")


def write_docs(root: Path, filler: int = 6) -> Path:
    """The account's docs folder with the main files and ``filler`` routine notes."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (docs / name).write_text(text)
    for n in range(filler):
        (docs / f"2026-01-{10 + n:02d}-sync-{n}.txt").write_text(FILLER.format(n=n))
    return docs


def make_store(tmp_path: Path, embedder: object | None = None) -> AccountStore:
    """A store in the test's own tmp dir (hashing embedder unless told otherwise)."""
    settings = Settings.resolve(store=tmp_path / "store")
    return AccountStore(settings, embedder=embedder or HashEmbedder())


def ingested_store(tmp_path: Path, embedder: object | None = None,
                   filler: int = 6) -> AccountStore:
    """A store with the invented account ingested."""
    store = make_store(tmp_path, embedder)
    report = ingest_paths([write_docs(tmp_path / "acct", filler)], ACCOUNT, store)
    assert report.ok, report.failed
    return store


class BlindEmbedder:
    """Vectors from a hash of the whole text: similarity says nothing about words.

    Stands in for an embedding model that blurs a rare name or product term.
    """

    name = "blind-32"
    dim = 32

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            out[row] = np.random.default_rng(seed).normal(size=self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)
