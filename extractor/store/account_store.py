"""``AccountStore``: the one object every stage uses to read and write an account.

Write order makes crashes harmless: chunk vectors go to Chroma first, under
deterministic ids (``upsert``, so a redo never duplicates); only then is the
document row committed to SQLite in one transaction. A process killed in
between leaves vectors without a committed row; the next ingest sees the row
missing (or its hash different), redoes the document, and ``reconcile``
removes any vector no committed row owns. Writers to one store are
serialised by a file lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from extractor.documents import Chunk, Document
from extractor.errors import InputError, StoreError
from extractor.models import HandoffRecord
from extractor.settings import Settings
from extractor.store.db import DocSummary, MetaDB
from extractor.store.vectors import VectorIndex, open_client, scrub_sqlite

if TYPE_CHECKING:
    from extractor.account import AccountInfo
    from extractor.embedding import Embedder

RecordKind = Literal["draft", "accepted"]
UpsertStatus = Literal["new", "unchanged", "replaced"]
_RECORD_KINDS = ("draft", "accepted")


class ForgetReport(BaseModel):
    """What ``forget`` removed."""

    account: str
    documents: int
    chunks: int
    records: int


class AccountStore:
    """Documents, account info and records in SQLite; chunk vectors in Chroma.

    Args:
        settings: where the store lives, the Chroma server (if any), the embedder.
        embedder: an explicit embedder (tests pass a fake); default from settings,
            loaded on first use only.
        on_wait: called with a one-line message when another process holds the lock.
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.on_wait = on_wait
        self._embedder = embedder
        self._db: MetaDB | None = None
        self._vectors: VectorIndex | None = None
        self._lock: Any = None

    # ---- lazily opened parts -------------------------------------------------

    @property
    def db(self) -> MetaDB:
        if self._db is None:
            try:
                self._db = MetaDB(self.settings.store_dir / "handoff.sqlite3")
            except Exception as error:
                raise StoreError(f"cannot open store {self.settings.store_dir}: {error}") from error
        return self._db

    @property
    def vectors(self) -> VectorIndex:
        if self._vectors is None:
            client = open_client(self.settings.store_dir / "chroma", self.settings.chroma_url)
            self._vectors = VectorIndex(client, self.db.store_uid())
        return self._vectors

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from extractor.embedding import load_embedder

            self._embedder = load_embedder(self.settings.embedder, self.settings.cache_dir)
        return self._embedder

    def _collection(self, account: str, create: bool) -> Any:
        embedder = self.embedder
        return self.vectors.collection(account, embedder.name, embedder.dim, create)

    # ---- locking ---------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock (re-entrant); waits, saying so, if another process has it.

        Raises:
            StoreError: the lock was not released within ``settings.lock_timeout``.
        """
        from filelock import FileLock, Timeout

        if self._lock is None:
            self.settings.store_dir.mkdir(parents=True, exist_ok=True)
            self._lock = FileLock(str(self.settings.store_dir / "write.lock"))
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            if self.on_wait:
                self.on_wait(f"another handoff process is writing to {self.settings.store_dir}; "
                             "waiting for it to finish")
            try:
                self._lock.acquire(timeout=self.settings.lock_timeout)
            except Timeout as error:
                raise StoreError(f"store {self.settings.store_dir} is still locked after "
                                 f"{self.settings.lock_timeout:g} s") from error
        try:
            yield
        finally:
            self._lock.release()

    # ---- documents and chunks ---------------------------------------------------

    def is_unchanged(self, account: str, source: str, content_hash: str) -> bool:
        """True when ``source`` is stored, committed, with this exact content hash."""
        return self.db.stored_hash(account, source) == content_hash

    def upsert_document(self, doc: Document, chunks: list[Chunk]) -> UpsertStatus:
        """Store one document and its chunks (see ``upsert_documents``)."""
        return self.upsert_documents([(doc, chunks)])[0]

    def upsert_documents(self, pairs: list[tuple[Document, list[Chunk]]]) -> list[UpsertStatus]:
        """Store documents with their chunks; unchanged ones (same content hash) write nothing.

        Vectors are embedded in one batch for all the documents' chunks, upserted
        under their content-derived ids, then the rows are committed in one
        transaction, then chunks the new versions no longer have are deleted.
        """
        with self.writing():
            statuses = [self._status(doc) for doc, _ in pairs]
            todo = [p for p, s in zip(pairs, statuses, strict=True) if s != "unchanged"]
            if not todo:
                return statuses
            by_account: dict[str, list[tuple[Document, list[Chunk]]]] = {}
            for doc, chunks in todo:
                by_account.setdefault(doc.account, []).append((doc, chunks))
            for account, group in by_account.items():
                self._write_group(account, group)
            return statuses

    def _status(self, doc: Document) -> UpsertStatus:
        stored = self.db.stored_hash(doc.account, doc.source)
        if stored is None:
            return "new"
        return "unchanged" if stored == doc.content_hash else "replaced"

    def _write_group(self, account: str, group: list[tuple[Document, list[Chunk]]]) -> None:
        chunks = [c for _, cs in group for c in cs]
        col = self._collection(account, create=True)
        old_ids = self.db.chunk_ids(account, [d.doc_id for d, _ in group])
        if chunks:
            vectors = self.embedder.embed([c.text for c in chunks])
            self.vectors.upsert(col, chunks, vectors)
        self.db.commit_documents(group)
        stale = old_ids - {c.chunk_id for c in chunks}
        if stale:
            self.vectors.delete(col, stale)

    def reconcile(self, account: str) -> tuple[int, int]:
        """Repair what a killed writer left: drop vectors no committed row owns, and mark
        documents whose vectors are missing for re-ingest. Returns (removed, dirty docs)."""
        with self.writing():
            col = self._collection(account, create=False)
            if col is None:
                return 0, 0
            in_chroma = self.vectors.all_ids(col)
            committed = self.db.chunk_ids(account)
            orphans = in_chroma - committed
            if orphans:
                self.vectors.delete(col, orphans)
            dirty = self.db.doc_ids_of_chunks(account, committed - in_chroma)
            if dirty:
                self.db.mark_dirty(account, dirty)
            return len(orphans), len(dirty)

    def record_paths(self, account: str, paths: dict[str, str]) -> None:
        """Remember which absolute file each source of ``account`` was read from."""
        with self.writing():
            self.db.record_paths(account, paths)

    def stored_paths(self, account: str) -> list[tuple[str, str, str]]:
        """(doc_id, source, absolute path last read from) of documents with a recorded path."""
        return self.db.stored_paths(account)

    def remove_documents(self, account: str, doc_ids: set[str]) -> tuple[int, int]:
        """Delete some documents with their chunks and vectors. Returns (documents, chunks).

        Rows go first, vectors second: a process killed in between leaves vectors no
        committed row owns, which the next ingest's ``reconcile`` removes.
        """
        with self.writing():
            chunk_ids = self.db.chunk_ids(account, sorted(doc_ids))
            removed = self.db.remove_documents(account, doc_ids)
            col = self._collection(account, create=False)
            if col is not None and chunk_ids:
                self.vectors.delete(col, chunk_ids)
            return removed, len(chunk_ids)

    def documents(self, account: str, until: dt.date | None = None) -> list[Document]:
        """The account's documents dated on or before ``until`` (all if None), by date, source."""
        return self.db.documents(account, until)

    def document(self, account: str, doc_id: str) -> Document | None:
        """One stored document by id, or None."""
        return self.db.document(account, doc_id)

    def document_summaries(self, account: str) -> list[DocSummary]:
        """Date, type, date source and chunk count per document, without loading texts."""
        return self.db.summaries(account)

    def write_token(self) -> tuple[int, int]:
        """Cheap token that changes on any write to the store (caches check it first)."""
        return self.db.write_token()

    def state_token(self, account: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """Token that changes whenever the account's documents or chunks change."""
        return self.db.state_token(account)

    def chunks(self, account: str) -> list[Chunk]:
        """Every committed chunk of the account, text sliced from its stored document."""
        docs = {d.doc_id: d for d in self.db.documents(account)}
        out = []
        for chunk_id, doc_id, start, end, author in self.db.chunk_rows(account):
            doc = docs.get(doc_id)
            if doc is None:
                continue
            out.append(Chunk(chunk_id=chunk_id, account=account, doc_id=doc_id,
                             source=doc.source, doc_type=doc.doc_type, doc_date=doc.date,
                             start=start, end=end, text=doc.text[start:end], author=author))
        out.sort(key=lambda c: (c.doc_date, c.source, c.start))
        return out

    def vector_search(self, account: str, query: str, k: int = 8,
                      where: dict[str, Any] | None = None) -> list[tuple[Chunk, float]]:
        """The ``k`` chunks most similar to ``query`` with their cosine similarity.

        Args:
            where: optional filters: ``doc_type`` (str or list), ``doc_id``,
                ``source``, ``author``, ``since``/``until`` (dates, inclusive).

        Raises:
            EmbedderMismatchError: the account was embedded with another model.
        """
        col = self._collection(account, create=False)
        if col is None:
            return []
        vector = self.embedder.embed([query])[0]
        return self.vectors.query(col, vector, k, where)

    def accounts(self) -> list[str]:
        """Slugs of every account with documents, info or records in this store."""
        return self.db.accounts()

    # ---- account info and records ---------------------------------------------

    def account_info(self, account: str) -> AccountInfo | None:
        from extractor.account import AccountInfo

        body = self.db.get("accounts", account)
        return AccountInfo.model_validate_json(body) if body else None

    def save_account_info(self, account: str, info: AccountInfo) -> None:
        self.db.put("accounts", account, info.model_dump_json(by_alias=True))

    def save_record(self, account: str, record: HandoffRecord, kind: RecordKind = "draft") -> None:
        """Save a record atomically (one SQLite transaction: the old or the new, never half)."""
        self.db.put("records", account, record.to_json(), kind=_kind(kind))

    def load_record(self, account: str, kind: RecordKind = "draft") -> HandoffRecord | None:
        body = self.db.get("records", account, kind=_kind(kind))
        return HandoffRecord.model_validate_json(body) if body else None

    def forget(self, account: str) -> ForgetReport:
        """Delete the account's documents, chunk vectors, info and records."""
        with self.writing():
            committed = len(self.db.chunk_ids(account))
            self.vectors.drop(account)
            counts = self.db.forget(account)
            self.db.compact()
            if not self.settings.chroma_url:
                scrub_sqlite(self.settings.store_dir / "chroma" / "chroma.sqlite3")
        return ForgetReport(account=account, documents=counts["documents"],
                            chunks=max(committed, counts["chunks"]), records=counts["records"])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _kind(kind: str) -> str:
    if kind not in _RECORD_KINDS:
        raise InputError(f"record kind must be one of {', '.join(_RECORD_KINDS)}, not {kind!r}")
    return kind
