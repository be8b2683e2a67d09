"""The Chroma half of the store: one collection of chunk vectors per account.

Vectors are always computed by our embedder and passed in; Chroma's default
embedding function is never invoked (it would download a model). Each
collection's metadata records the embedder's name and dimension, and opening
it with another embedder is an ``EmbedderMismatchError``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from extractor.documents import Chunk, DocType, stable_id
from extractor.errors import EmbedderMismatchError, StoreError
from extractor.offline import ensure_offline

_MAX_BATCH = 2000  # below Chroma's per-call limit (5461)


def open_client(chroma_dir: Path, chroma_url: str | None) -> Any:
    """An embedded PersistentClient, or an HttpClient when a server URL is given.

    Raises:
        StoreError: the URL is malformed or the server does not answer.
    """
    ensure_offline()
    import chromadb

    settings = chromadb.Settings(anonymized_telemetry=False)
    if not chroma_url:
        chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)
    url = urlparse(chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreError(f"--chroma-url {chroma_url!r} is not an http(s)://host:port URL")
    try:
        client = chromadb.HttpClient(host=url.hostname, port=url.port or 8000,
                                     ssl=url.scheme == "https", settings=settings)
        client.heartbeat()
    except Exception as error:  # chromadb raises several unrelated types here
        raise StoreError(f"cannot reach the Chroma server at {chroma_url}: {error}") from error
    return client


def collection_name(store_uid: str, account: str) -> str:
    """A valid Chroma name (3-512 chars of [a-zA-Z0-9._-]) unique to store and account."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", account).strip("-._")[:48] or "account"
    return f"hi-{store_uid}-{slug}-{stable_id(account, length=8)}"


def _chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "account": chunk.account, "doc_id": chunk.doc_id, "source": chunk.source,
        "doc_type": str(chunk.doc_type), "doc_date": chunk.doc_date.isoformat(),
        "day": _day(chunk.doc_date), "start": chunk.start, "end": chunk.end,
    }
    if chunk.author:
        meta["author"] = chunk.author
    return meta


def _day(date: dt.date) -> int:
    """A date as an int (20260302) so Chroma can range-filter it."""
    return date.year * 10000 + date.month * 100 + date.day


def _chunk_from(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id, account=meta["account"], doc_id=meta["doc_id"],
        source=meta["source"], doc_type=DocType(meta["doc_type"]),
        doc_date=dt.date.fromisoformat(meta["doc_date"]), start=int(meta["start"]),
        end=int(meta["end"]), text=text or "", author=meta.get("author"),
    )


def translate_where(where: dict[str, Any] | None) -> dict[str, Any] | None:
    """Friendly filters -> a Chroma ``where``.

    Keys: ``doc_type`` (str or list), ``doc_id``, ``source``, ``author``,
    ``since``/``until`` (dates, inclusive). Keys starting with ``$`` are passed
    through as raw Chroma operators.
    """
    if not where:
        return None
    clauses: list[dict[str, Any]] = []
    for key, value in where.items():
        if key.startswith("$"):
            clauses.append({key: value})
        elif key in ("since", "date_from") and value is not None:
            clauses.append({"day": {"$gte": _day(_as_date(value))}})
        elif key in ("until", "date_to") and value is not None:
            clauses.append({"day": {"$lte": _day(_as_date(value))}})
        elif isinstance(value, list | tuple | set):
            clauses.append({key: {"$in": [str(v) for v in value]}})
        elif value is not None:
            clauses.append({key: str(value)})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class VectorIndex:
    """Chunk vectors of the accounts of one store, in one Chroma client."""

    def __init__(self, client: Any, store_uid: str) -> None:
        self.client = client
        self.store_uid = store_uid

    def collection(self, account: str, embedder_name: str, dim: int, create: bool) -> Any:
        """The account's collection, checked against the embedder (None if absent).

        Raises:
            EmbedderMismatchError: it was built with another embedder or dimension.
        """
        name = collection_name(self.store_uid, account)
        try:
            col = self.client.get_collection(name, embedding_function=None)
        except Exception:  # NotFoundError / ValueError depending on client kind
            if not create:
                return None
            col = self._create(name, account, embedder_name, dim)
        _check_embedder(col, account, embedder_name, dim)
        return col

    def _create(self, name: str, account: str, embedder_name: str, dim: int) -> Any:
        meta = {"account": account, "embedder": embedder_name, "dim": dim}
        try:
            return self.client.create_collection(
                name, embedding_function=None, metadata=meta,
                configuration={"hnsw": {"space": "cosine"}})
        except Exception:  # created meanwhile by another process
            return self.client.get_collection(name, embedding_function=None)

    def upsert(self, col: Any, chunks: list[Chunk], vectors: np.ndarray) -> None:
        for i in range(0, len(chunks), _MAX_BATCH):
            part = chunks[i : i + _MAX_BATCH]
            col.upsert(ids=[c.chunk_id for c in part], embeddings=vectors[i : i + _MAX_BATCH],
                       metadatas=[_chunk_metadata(c) for c in part],
                       documents=[c.text for c in part])

    def delete(self, col: Any, ids: Iterable[str]) -> None:
        ids = sorted(ids)
        for i in range(0, len(ids), _MAX_BATCH):
            col.delete(ids=ids[i : i + _MAX_BATCH])

    def all_ids(self, col: Any) -> set[str]:
        return set(col.get(include=[])["ids"])

    def query(self, col: Any, vector: np.ndarray, k: int,
              where: dict[str, Any] | None) -> list[tuple[Chunk, float]]:
        """Top-k chunks with cosine similarity (1 - cosine distance), best first."""
        count = col.count()
        if count == 0 or k <= 0:
            return []
        result = col.query(query_embeddings=vector[None, :], n_results=min(k, count),
                           where=translate_where(where),
                           include=["metadatas", "documents", "distances"])
        rows = zip(result["ids"][0], result["documents"][0], result["metadatas"][0],
                   result["distances"][0], strict=True)
        return [(_chunk_from(i, text, meta), 1.0 - float(dist)) for i, text, meta, dist in rows]

    def drop(self, account: str) -> bool:
        """Delete the account's collection; False when there was none."""
        try:
            self.client.delete_collection(collection_name(self.store_uid, account))
        except Exception:
            return False
        return True


def _check_embedder(col: Any, account: str, embedder_name: str, dim: int) -> None:
    meta = col.metadata or {}
    stored_name, stored_dim = meta.get("embedder"), meta.get("dim")
    if stored_name == embedder_name and int(stored_dim or 0) == dim:
        return
    raise EmbedderMismatchError(
        f"account {account!r} was embedded with {stored_name!r} (dim {stored_dim}), "
        f"but this run uses {embedder_name!r} (dim {dim}); pass the same --embedder, "
        f"or run `handoff forget --account {account}` and ingest again"
    )


def scrub_sqlite(path: Path) -> None:
    """Rewrite a SQLite file so deleted rows do not linger in free pages or the WAL.

    Deleting rows only marks pages free; ``forget`` promises the text is gone, so the
    file is vacuumed and its write-ahead log truncated. A missing file is fine (server mode).
    """
    import sqlite3

    if not path.is_file():
        return
    conn = sqlite3.connect(path, timeout=60.0, isolation_level=None)
    try:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()

