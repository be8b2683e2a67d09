"""The SQLite half of the store: documents (text stored once), chunk spans, records.

Chunk text is not stored here: a chunk row is (doc, start, end, author) and its
text is the document's text between the offsets. Vectors live in Chroma; this
file is the source of truth for what is committed (see ``AccountStore``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from extractor.documents import Chunk, Document

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    account TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL,
    content_hash TEXT NOT NULL, date TEXT NOT NULL, date_source TEXT NOT NULL,
    doc_type TEXT NOT NULL, title TEXT, n_chunks INTEGER NOT NULL,
    body TEXT NOT NULL, ingested_at TEXT NOT NULL,
    PRIMARY KEY (account, doc_id));
CREATE INDEX IF NOT EXISTS documents_by_source ON documents (account, source);
CREATE TABLE IF NOT EXISTS chunks (
    account TEXT NOT NULL, chunk_id TEXT NOT NULL, doc_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, author TEXT,
    PRIMARY KEY (account, chunk_id));
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (account, doc_id);
CREATE TABLE IF NOT EXISTS accounts (account TEXT PRIMARY KEY, info TEXT NOT NULL,
    saved_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (account TEXT NOT NULL, kind TEXT NOT NULL,
    body TEXT NOT NULL, saved_at TEXT NOT NULL, PRIMARY KEY (account, kind));
CREATE TABLE IF NOT EXISTS doc_paths (account TEXT NOT NULL, source TEXT NOT NULL,
    path TEXT NOT NULL, PRIMARY KEY (account, source));
"""


class DocSummary(BaseModel):
    """One stored document without its text: what ``handoff docs`` lists."""

    doc_id: str
    source: str
    date: dt.date
    date_source: str
    doc_type: str
    title: str | None = None
    chunks: int
    content_hash: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class MetaDB:
    """A thin typed layer over one SQLite file in WAL mode."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write below is an explicit BEGIN IMMEDIATE ... COMMIT.
        self.conn = sqlite3.connect(path, timeout=60.0, check_same_thread=False,
                                    isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA secure_delete=ON")  # forgotten text is overwritten, not freed
        self.conn.executescript(_SCHEMA)

    def write_token(self) -> tuple[int, int]:
        """O(1): changes on any write to this SQLite file, by any connection."""
        return (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)

    def state_token(self, account: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """Aggregates that move whenever the account's documents or chunks change.

        Rows are deleted and re-inserted on every change, so counts, rowids and
        ingest times move with them.
        """
        docs = self.conn.execute("SELECT count(*), max(ingested_at), total(n_chunks) "
                                 "FROM documents WHERE account=?", (account,)).fetchone()
        chunks = self.conn.execute("SELECT count(*), max(rowid), total(rowid) "
                                   "FROM chunks WHERE account=?", (account,)).fetchone()
        return tuple(docs), tuple(chunks)

    def compact(self) -> None:
        """Fold the write-ahead log back and truncate it, so deleted rows leave no copy."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """One atomic write: all of it lands, or none of it (also on SIGKILL)."""
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        else:
            cur.execute("COMMIT")

    def store_uid(self) -> str:
        """A random id of this store, created once (names its server-side collections)."""
        with self.transaction() as cur:
            row = cur.execute("SELECT value FROM meta WHERE key='uid'").fetchone()
            if row:
                return row[0]
            uid = uuid.uuid4().hex[:10]
            cur.execute("INSERT INTO meta (key, value) VALUES ('uid', ?)", (uid,))
            return uid

    def stored_hash(self, account: str, source: str) -> str | None:
        """Content hash of the committed document ingested from ``source``, if any."""
        row = self.conn.execute(
            "SELECT content_hash FROM documents WHERE account=? AND source=?", (account, source)
        ).fetchone()
        return row[0] if row else None

    def chunk_ids(self, account: str, doc_ids: list[str] | None = None) -> set[str]:
        """Committed chunk ids of an account (or of some of its documents)."""
        if doc_ids is None:
            rows = self.conn.execute("SELECT chunk_id FROM chunks WHERE account=?", (account,))
            return {r[0] for r in rows}
        out: set[str] = set()
        for doc_id in doc_ids:
            rows = self.conn.execute(
                "SELECT chunk_id FROM chunks WHERE account=? AND doc_id=?", (account, doc_id))
            out.update(r[0] for r in rows)
        return out

    def commit_documents(self, pairs: list[tuple[Document, list[Chunk]]]) -> None:
        """Replace the rows of these documents and their chunk spans in one transaction."""
        with self.transaction() as cur:
            for doc, chunks in pairs:
                _delete_document_rows(cur, doc.account, doc.doc_id, doc.source)
                cur.execute(
                    "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.account, doc.doc_id, doc.source, doc.content_hash, doc.date.isoformat(),
                     str(doc.date_source), str(doc.doc_type), doc.title, len(chunks),
                     doc.model_dump_json(), _now()))
                cur.executemany(
                    'INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?)',
                    [(c.account, c.chunk_id, c.doc_id, c.start, c.end, c.author) for c in chunks])

    def mark_dirty(self, account: str, doc_ids: set[str]) -> None:
        """Forget the hash of documents whose vectors are missing, so ingest redoes them."""
        with self.transaction() as cur:
            cur.executemany("UPDATE documents SET content_hash='' WHERE account=? AND doc_id=?",
                            [(account, d) for d in doc_ids])

    def doc_ids_of_chunks(self, account: str, chunk_ids: set[str]) -> set[str]:
        """Documents owning any of these chunk ids."""
        out: set[str] = set()
        for chunk_id in chunk_ids:
            row = self.conn.execute("SELECT doc_id FROM chunks WHERE account=? AND chunk_id=?",
                                    (account, chunk_id)).fetchone()
            if row:
                out.add(row[0])
        return out

    def documents(self, account: str, until: dt.date | None = None) -> list[Document]:
        """Documents of an account dated on or before ``until``, by date then source."""
        sql = "SELECT body FROM documents WHERE account=?"
        args: list[str] = [account]
        if until is not None:
            sql += " AND date <= ?"
            args.append(until.isoformat())
        rows = self.conn.execute(sql + " ORDER BY date, source", args)
        return [Document.model_validate_json(r[0]) for r in rows]

    def document(self, account: str, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT body FROM documents WHERE account=? AND doc_id=?",
                                (account, doc_id)).fetchone()
        return Document.model_validate_json(row[0]) if row else None

    def summaries(self, account: str) -> list[DocSummary]:
        rows = self.conn.execute(
            "SELECT doc_id, source, date, date_source, doc_type, title, n_chunks, content_hash "
            "FROM documents WHERE account=? ORDER BY date, source", (account,))
        keys = ("doc_id", "source", "date", "date_source", "doc_type", "title", "chunks",
                "content_hash")
        return [DocSummary.model_validate(dict(zip(keys, r, strict=True))) for r in rows]

    def chunk_rows(self, account: str) -> list[tuple[str, str, int, int, str | None]]:
        """(chunk_id, doc_id, start, end, author) of every committed chunk."""
        return self.conn.execute(
            'SELECT chunk_id, doc_id, start, "end", author FROM chunks WHERE account=? '
            "ORDER BY doc_id, start", (account,)).fetchall()

    def accounts(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT account FROM documents UNION SELECT account FROM accounts "
            "UNION SELECT account FROM records ORDER BY 1")
        return [r[0] for r in rows]

    def put(self, table: str, account: str, body: str, kind: str | None = None) -> None:
        """Atomically replace an account's info or record (table is 'accounts' or 'records')."""
        with self.transaction() as cur:
            if table == "records":
                cur.execute("INSERT OR REPLACE INTO records VALUES (?,?,?,?)",
                            (account, kind, body, _now()))
            else:
                cur.execute("INSERT OR REPLACE INTO accounts VALUES (?,?,?)",
                            (account, body, _now()))

    def get(self, table: str, account: str, kind: str | None = None) -> str | None:
        if table == "records":
            row = self.conn.execute("SELECT body FROM records WHERE account=? AND kind=?",
                                    (account, kind)).fetchone()
        else:
            row = self.conn.execute("SELECT info FROM accounts WHERE account=?",
                                    (account,)).fetchone()
        return row[0] if row else None

    def record_paths(self, account: str, paths: dict[str, str]) -> None:
        """Remember the absolute file each source was last read from (for ``--prune``).

        Only rows that differ are written, so re-ingesting an unchanged folder
        still writes nothing.
        """
        known = dict(self.conn.execute(
            "SELECT source, path FROM doc_paths WHERE account=?", (account,)).fetchall())
        changed = [(account, s, p) for s, p in paths.items() if known.get(s) != p]
        if changed:
            with self.transaction() as cur:
                cur.executemany("INSERT OR REPLACE INTO doc_paths VALUES (?,?,?)", changed)

    def stored_paths(self, account: str) -> list[tuple[str, str, str]]:
        """(doc_id, source, recorded path) of every stored document with a recorded path."""
        return self.conn.execute(
            "SELECT d.doc_id, d.source, p.path FROM documents d JOIN doc_paths p "
            "ON p.account = d.account AND p.source = d.source WHERE d.account=? "
            "ORDER BY d.source", (account,)).fetchall()

    def remove_documents(self, account: str, doc_ids: set[str]) -> int:
        """Delete these documents, their chunk spans and recorded paths in one transaction."""
        removed = 0
        with self.transaction() as cur:
            for doc_id in sorted(doc_ids):
                row = cur.execute("SELECT source FROM documents WHERE account=? AND doc_id=?",
                                  (account, doc_id)).fetchone()
                removed += _delete_document_rows(cur, account, doc_id, row[0] if row else None)
                if row:
                    cur.execute("DELETE FROM doc_paths WHERE account=? AND source=?",
                                (account, row[0]))
        return removed

    def forget(self, account: str) -> dict[str, int]:
        """Delete every row of an account; returns how many of each were removed."""
        counts = {}
        with self.transaction() as cur:
            for table in ("documents", "chunks", "records", "accounts", "doc_paths"):
                counts[table] = cur.execute(f"DELETE FROM {table} WHERE account=?",
                                            (account,)).rowcount
        return counts

    def close(self) -> None:
        self.conn.close()


def _delete_document_rows(cur: sqlite3.Cursor, account: str, doc_id: str,
                          source: str | None) -> int:
    """Delete a document's chunk spans and its row (also a row stored under the same
    source with an older id); returns how many document rows went."""
    cur.execute("DELETE FROM chunks WHERE account=? AND doc_id=?", (account, doc_id))
    return cur.execute("DELETE FROM documents WHERE account=? AND (doc_id=? OR source=?)",
                       (account, doc_id, source)).rowcount
