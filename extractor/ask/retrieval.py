"""Hybrid retrieval over one account's chunks: BM25 and vectors, fused by rank.

Lexical search finds the exact names, dates and product terms ("Ravi", "Q3",
"NetSuite") that embeddings blur; vector search finds paraphrases ("pushed back"
for "skeptical") that words miss. Reciprocal rank fusion combines the two
without calibrating their scores against each other. The BM25 index is built
once per account and store state and kept in memory, so a question costs a
sparse dot product and one Chroma query.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from extractor.ask.tokens import tokenize
from extractor.documents import Chunk

RRF_K = 60  # the usual constant: ranks past ~60 contribute little
_CACHE: dict[tuple[str, str], _Cached] = {}
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True)
class RetrievalFilter:
    """Which chunks may be returned: a date range and document types (None = any)."""

    since: dt.date | None = None
    until: dt.date | None = None
    doc_types: frozenset[str] | None = None

    @property
    def active(self) -> bool:
        """True when the filter excludes anything."""
        return bool(self.since or self.until or self.doc_types)

    def allows(self, chunk: Chunk) -> bool:
        """Whether ``chunk`` passes the date range and type filter."""
        if self.since and chunk.doc_date < self.since:
            return False
        if self.until and chunk.doc_date > self.until:
            return False
        return not (self.doc_types and str(chunk.doc_type) not in self.doc_types)


@dataclass
class Passage:
    """A retrieved chunk with its fused score and per-retriever ranks (1-based)."""

    chunk: Chunk
    rrf: float = 0.0
    bm25_rank: int | None = None
    vector_rank: int | None = None
    bm25_score: float = 0.0
    vector_score: float | None = None


@dataclass
class LexicalIndex:
    """A BM25 index over an account's chunks plus what filtering and scoring need."""

    chunks: list[Chunk]
    bm25: Any
    vocab: frozenset[str]
    ordinals: np.ndarray  # doc_date.toordinal() per chunk, for date masks
    types: np.ndarray  # doc_type per chunk, for type masks
    idf: dict[str, float] = field(default_factory=dict)
    build_seconds: float = 0.0

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> LexicalIndex:
        """Tokenise and index ``chunks`` (the expensive step; cached by the caller)."""
        import time

        import bm25s

        started = time.perf_counter()
        corpus = [tokenize(_index_text(c)) or ["\x00"] for c in chunks]
        bm25 = bm25s.BM25()
        if corpus:
            bm25.index(corpus, show_progress=False)
        df = Counter(term for terms in corpus for term in set(terms))
        n = max(len(corpus), 1)
        idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        return cls(
            chunks=list(chunks),
            bm25=bm25,
            vocab=frozenset(df),
            ordinals=np.array([c.doc_date.toordinal() for c in chunks], dtype=np.int32),
            types=np.array([str(c.doc_type) for c in chunks], dtype=object),
            idf=idf,
            build_seconds=time.perf_counter() - started,
        )

    def term_idf(self, term: str) -> float:
        """Inverse document frequency of a term; unseen terms weigh like the rarest."""
        return self.idf.get(term, math.log(1 + len(self.chunks) + 0.5))

    def mask(self, flt: RetrievalFilter) -> np.ndarray | None:
        """A 0/1 weight per chunk for the filter, or None when nothing is filtered."""
        if not flt.active:
            return None
        keep = np.ones(len(self.chunks), dtype=bool)
        if flt.since:
            keep &= self.ordinals >= flt.since.toordinal()
        if flt.until:
            keep &= self.ordinals <= flt.until.toordinal()
        if flt.doc_types:
            keep &= np.isin(self.types, list(flt.doc_types))
        return keep.astype(np.float32)

    def search(self, terms: Sequence[str], k: int,
               flt: RetrievalFilter | None = None) -> list[tuple[int, float]]:
        """Top ``k`` chunk positions by BM25 score (> 0 only), filtered."""
        known = [t for t in terms if t in self.vocab]
        if not known or not self.chunks:
            return []
        scores = self.bm25.get_scores(known)
        mask = self.mask(flt) if flt else None
        if mask is not None:
            scores = scores * mask
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


@dataclass(frozen=True)
class _Cached:
    """A built index with the store state it was built from."""

    quick: Hashable | None
    token: Hashable
    index: LexicalIndex


def _index_text(chunk: Chunk) -> str:
    """What BM25 indexes: the chunk text plus its author and source name."""
    return " ".join(filter(None, [chunk.text, chunk.author, chunk.source]))


def _quick_token(store: Any) -> Hashable | None:
    """O(1): changes on any write to the store, by any process (None: the store has none)."""
    method = getattr(store, "write_token", None)
    return method() if callable(method) else None


def _state_token(store: Any, account: str) -> Hashable:
    """A token that changes whenever the account's chunks change.

    The store's own ``state_token(account)`` when it has one, else the per-document
    summaries (content hash and chunk count of each document).
    """
    method = getattr(store, "state_token", None)
    if callable(method):
        return method(account)
    summaries = store.document_summaries(account)
    return hash(tuple((s.doc_id, s.content_hash, s.chunks) for s in summaries))


def _cache_key(store: Any, account: str) -> tuple[str, str]:
    settings = getattr(store, "settings", None)
    root = getattr(settings, "store_dir", None) or id(store)
    return (str(root), account)


def lexical_index(store: Any, account: str) -> LexicalIndex:
    """The account's BM25 index, rebuilt only when the account's chunks have changed.

    Checking is two-level: an O(1) token of the whole SQLite file first; only when
    something was written are the account's row aggregates compared.
    """
    key = _cache_key(store, account)
    quick = _quick_token(store)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None and quick is not None and cached.quick == quick:
        return cached.index
    token = _state_token(store, account)
    if cached is None or cached.token != token:
        cached = _Cached(quick, token, LexicalIndex.build(store.chunks(account)))
    else:
        cached = _Cached(quick, token, cached.index)
    with _CACHE_LOCK:
        _CACHE[key] = cached
    return cached.index


def clear_cache() -> None:
    """Forget every cached BM25 index (tests and benchmarks measure cold builds)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def vector_hits(store: Any, account: str, question: str, n: int,
                flt: RetrievalFilter) -> list[tuple[Chunk, float]]:
    """Vector neighbours of the question, filtered inside Chroma (and checked again)."""
    hits = store.vector_search(account, question, n, where=_where(flt))
    return [(c, s) for c, s in hits if flt.allows(c)]


def _where(flt: RetrievalFilter) -> dict[str, Any] | None:
    """The store's filter for the date range and document types."""
    where: dict[str, Any] = {}
    if flt.since:
        where["since"] = flt.since
    if flt.until:
        where["until"] = flt.until
    if flt.doc_types:
        where["doc_type"] = sorted(flt.doc_types)
    return where or None


def fuse(lexical: list[tuple[Chunk, float]], vector: list[tuple[Chunk, float]],
         k: int) -> list[Passage]:
    """Reciprocal rank fusion of two ranked lists into the top ``k`` passages."""
    passages: dict[str, Passage] = {}
    for rank, (chunk, score) in enumerate(lexical, 1):
        p = passages.setdefault(chunk.chunk_id, Passage(chunk))
        p.bm25_rank, p.bm25_score = rank, score
        p.rrf += 1.0 / (RRF_K + rank)
    for rank, (chunk, score) in enumerate(vector, 1):
        p = passages.setdefault(chunk.chunk_id, Passage(chunk))
        p.vector_rank, p.vector_score = rank, score
        p.rrf += 1.0 / (RRF_K + rank)
    ranked = sorted(passages.values(), key=lambda p: (-p.rrf, p.chunk.chunk_id))
    return ranked[:k]


def retrieve(question: str, *, account: str, store: Any, k: int = 5,
             flt: RetrievalFilter | None = None, pool: int | None = None,
             index: LexicalIndex | None = None) -> list[Passage]:
    """The ``k`` passages of ``account`` most relevant to ``question``, hybrid-ranked.

    Args:
        question: the CSM's question in natural language.
        account: the account slug; only its chunks are searched.
        store: an ``AccountStore`` (``chunks``, ``vector_search``).
        k: how many fused passages to return.
        flt: date range and document-type filter.
        pool: how deep each retriever's list goes before fusion (default 4k, at least 20).
        index: the account's BM25 index when the caller already has it.
    """
    flt = flt or RetrievalFilter()
    pool = pool or max(4 * k, 20)
    index = index or lexical_index(store, account)
    lexical = [(index.chunks[i], s) for i, s in index.search(tokenize(question), pool, flt)]
    vector = vector_hits(store, account, question, pool, flt) if index.chunks else []
    return fuse(lexical, vector, k)
