"""Ingest files into an account store: walk, parse, chunk, embed, commit.

A bad file never stops the batch: it is reported with one line naming it and
the reason, and nothing already stored is touched. Unchanged files (same
content hash) are recognised from their bytes before parsing and cost nothing.
Chunks of several files are embedded together, so the embedder runs on full
batches however small the files are.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from extractor.chunking import chunk_document
from extractor.documents import Chunk, Document
from extractor.errors import HandoffError, InputError
from extractor.prune import absolute, prune_missing
from extractor.store import AccountStore

FLUSH_CHUNKS = 256  # embed and commit in groups: bigger groups pad less (sorted by length)


class IngestReport(BaseModel):
    """What an ingest run did; ``failed`` lists (file, reason) for every bad file."""

    account: str
    files: int = Field(0, description="Files considered (supported extensions).")
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    chunks: int = Field(0, description="Chunks embedded and written in this run.")
    skipped: list[str] = Field(default_factory=list, description="Unsupported file types.")
    failed: list[tuple[str, str]] = Field(default_factory=list)
    repaired: int = Field(0, description="Vectors left by an interrupted run, removed.")
    pruned: list[str] = Field(default_factory=list,
                              description="Sources removed because their file was deleted.")
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


class IngestEvent(BaseModel):
    """Progress for a UI: ``start`` (total known), ``file`` (one done), ``wait`` (locked)."""

    kind: Literal["start", "file", "wait"]
    done: int = 0
    total: int = 0
    source: str | None = None
    status: str | None = None
    message: str | None = None


ProgressFn = Callable[[IngestEvent], None]


@dataclass(frozen=True)
class FileTarget:
    path: Path
    source: str


@dataclass
class _Plan:
    targets: list[FileTarget]
    skipped: list[str]
    missing: list[tuple[str, str]]
    account_dirs: list[Path]


def ingest_paths(paths: list[Path], account: str, store: AccountStore, *,
                 max_bytes: int | None = None, on_progress: ProgressFn | None = None,
                 prune: bool = False) -> IngestReport:
    """Ingest files and folders into ``account``.

    A folder holding ``account.json`` and ``docs/`` is an account folder: its
    info is stored and ``docs/`` is ingested with sources ``docs/<name>``.
    Other folders are walked in sorted order, sources relative to the folder.
    Each document's absolute file path is recorded; with ``prune``, documents
    recorded under one of the given folders whose file is gone are removed.

    Raises:
        InputError: the account slug is empty.
        StoreError: the store cannot be opened, is locked too long, or was built
            with another embedder (file-level problems are reported, not raised).
    """
    started = time.perf_counter()
    if not account or not account.strip():
        raise InputError("--account must be a non-empty slug")
    emit = on_progress or (lambda event: None)
    plan = plan_files(paths)
    report = IngestReport(account=account, files=len(plan.targets), skipped=plan.skipped,
                          failed=list(plan.missing))
    emit(IngestEvent(kind="start", total=len(plan.targets)))
    previous_wait = store.on_wait
    store.on_wait = lambda msg: emit(IngestEvent(kind="wait", message=msg))
    try:
        with store.writing():
            report.repaired = store.reconcile(account)[0]
            _save_infos(plan.account_dirs, account, store, report)
            _run(plan.targets, account, store, max_bytes or store.settings.max_bytes,
                 report, emit)
            store.record_paths(account, {t.source: str(absolute(t.path))
                                         for t in plan.targets})
            if prune:
                report.pruned = prune_missing(store, account,
                                              [p for p in paths if Path(p).is_dir()])
    finally:
        store.on_wait = previous_wait
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def plan_files(paths: list[Path]) -> _Plan:
    """Expand paths into files with their sources; unsupported types are set aside."""
    from extractor.parsing import SUPPORTED_EXTENSIONS

    plan = _Plan([], [], [], [])
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            docs, prefix = path, ""
            if (path / "account.json").is_file() and (path / "docs").is_dir():
                plan.account_dirs.append(path)
                docs, prefix = path / "docs", "docs/"
            found = [FileTarget(f, prefix + f.relative_to(docs).as_posix()) for f in _walk(docs)]
        elif path.exists() or path.is_symlink():
            found = [FileTarget(path, path.name)]
        else:
            plan.missing.append((str(path), "no such file or directory"))
            continue
        for target in found:
            if target.path.suffix.lower() in SUPPORTED_EXTENSIONS:
                plan.targets.append(target)
            else:
                plan.skipped.append(target.source)
    return plan


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in sorted order, hidden files and folders left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name


def _save_infos(dirs: list[Path], account: str, store: AccountStore,
                report: IngestReport) -> None:
    from extractor.account import load_account_info

    for folder in dirs:
        try:
            info = load_account_info(folder)
        except InputError as error:
            report.failed.append((str(folder / "account.json"), str(error)))
            continue
        if info is not None:
            store.save_account_info(account, info)


def _run(targets: list[FileTarget], account: str, store: AccountStore, max_bytes: int,
         report: IngestReport, emit: ProgressFn) -> None:
    """Prepare files one by one; embed and commit them in groups of ~FLUSH_CHUNKS chunks."""
    pending: list[tuple[Document, list[Chunk]]] = []
    done = pending_chunks = 0

    def flush() -> None:
        nonlocal done, pending_chunks
        statuses = store.upsert_documents(pending) if pending else []
        for (doc, chunks), status in zip(pending, statuses, strict=True):
            _count(report, status, len(chunks))
            done += 1
            emit(IngestEvent(kind="file", done=done, total=len(targets), source=doc.source,
                             status=status))
        pending.clear()
        pending_chunks = 0

    for target in targets:
        outcome = _prepare(target, account, store, max_bytes)
        if isinstance(outcome, tuple):
            pending.append(outcome)
            pending_chunks += len(outcome[1])
            if pending_chunks >= FLUSH_CHUNKS:
                flush()
            continue
        if outcome == "unchanged":
            report.unchanged += 1
        else:
            report.failed.append((target.source, outcome))
        done += 1
        emit(IngestEvent(kind="file", done=done, total=len(targets), source=target.source,
                         status="unchanged" if outcome == "unchanged" else "failed",
                         message=None if outcome == "unchanged" else outcome))
    flush()


def _count(report: IngestReport, status: str, n_chunks: int) -> None:
    if status == "unchanged":
        report.unchanged += 1
        return
    report.chunks += n_chunks
    if status == "new":
        report.new += 1
    else:
        report.replaced += 1


def _prepare(target: FileTarget, account: str, store: AccountStore,
             max_bytes: int) -> tuple[Document, list[Chunk]] | str:
    """(document, chunks) to write, "unchanged", or a one-line failure reason."""
    from extractor.parsing import parse_bytes
    from extractor.parsing.base import read_limited

    try:
        data = read_limited(target.path, target.source, max_bytes)
        if store.is_unchanged(account, target.source, hashlib.sha256(data).hexdigest()):
            return "unchanged"
        doc = parse_bytes(data, account=account, source=target.source,
                          suffix=target.path.suffix.lower(), path=target.path)
        return doc, chunk_document(doc)
    except HandoffError as error:
        return _reason(str(error), target.source)
    except Exception as error:  # a parser bug must not stop the batch; report it by name
        return f"could not parse ({type(error).__name__}: {error})"


def _reason(message: str, source: str) -> str:
    """The reason alone (parser messages start with the file name, which we print anyway)."""
    prefix = f"{source}: "
    return message[len(prefix):] if message.startswith(prefix) else message
