"""Ask latency benchmark: ``answer_question`` (offline engine) on 1k, 10k and 100k chunks.

Stores are filled with synthetic documents made by varying the dev set's parsed
documents (names and numbers swapped, dates shifted), chunked by the real
chunker and committed through ``AccountStore.upsert_documents``. Embedding 100k
chunks with MiniLM would take ~8 minutes on 2 cores, so bulk chunks get random
unit vectors (same name and dimension as MiniLM, so the store accepts them);
every *query* is embedded by the real MiniLM model. Vector similarity over the
bulk is therefore meaningless, but the work Chroma does per query is the same.

Measured per store, in-process: loading the chunks and building the BM25 index
(cold; later questions reuse the cached index), and ``answer_question`` latency
p50/p95 over the dev questions after a warm-up, the stores taking turns.

Usage: python bench/bench_ask.py [--sizes 1000 10000 100000] [--work /tmp/bench-ask]
                                 [--dev ../shared/eval/dev] [--queries 40] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import statistics
import time
from pathlib import Path

import numpy as np

from extractor.ask import answer_question
from extractor.ask.retrieval import clear_cache, lexical_index
from extractor.chunking import chunk_document
from extractor.documents import Document, stable_id
from extractor.embedding import load_embedder
from extractor.parsing import parse_file
from extractor.settings import Settings
from extractor.store import AccountStore

ACCOUNT = "bench"
_CAPITAL = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d+\b")


class BulkEmbedder:
    """MiniLM for queries; random unit vectors (same name/dim) while ``bulk`` is on."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real, self.name, self.dim = real, real.name, real.dim
        self.bulk = True
        self.rng = np.random.default_rng(7)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not self.bulk:
            return self.real.embed(texts)
        out = self.rng.normal(size=(len(texts), self.dim)).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def dev_documents(dev: Path) -> list[Document]:
    """Every dev document, parsed."""
    docs = []
    for account in sorted(p for p in dev.iterdir() if (p / "docs").is_dir()):
        for path in sorted((account / "docs").iterdir()):
            docs.append(parse_file(path, account=ACCOUNT, source=f"{account.name}/{path.name}"))
    return docs


def variant(doc: Document, n: int, words: list[str], rng: random.Random) -> Document:
    """A copy of ``doc`` with some names and numbers swapped and the date shifted."""
    text = _CAPITAL.sub(lambda m: rng.choice(words) if rng.random() < 0.3 else m.group(0),
                        doc.text)
    text = _NUMBER.sub(lambda m: str(rng.randint(1, 999)) if rng.random() < 0.3 else m.group(0),
                       text)
    source = f"v{n:05d}/{doc.source}"
    return doc.model_copy(update={
        "doc_id": stable_id(ACCOUNT, source), "source": source, "text": text, "segments": [],
        "content_hash": stable_id(text, length=32),
        "date": doc.date + dt.timedelta(days=rng.randint(-200, 200))})


def fill(store: AccountStore, base: list[Document], target: int) -> int:
    """Commit variants of ``base`` until the account holds ``target`` chunks (resumable)."""
    rng = random.Random(11)
    words = sorted({w for d in base for w in _CAPITAL.findall(d.text)})
    summaries = store.document_summaries(ACCOUNT)
    if summaries:
        store.reconcile(ACCOUNT)  # an interrupted earlier fill may have left orphan vectors
    total, n, batch = sum(s.chunks for s in summaries), len(summaries), []
    while total < target:
        doc = base[n % len(base)] if n < len(base) else variant(base[n % len(base)], n, words, rng)
        chunks = chunk_document(doc)[: target - total]
        batch.append((doc, chunks))
        total += len(chunks)
        n += 1
        if len(batch) >= 200:
            store.upsert_documents(batch)
            batch = []
    if batch:
        store.upsert_documents(batch)
    return total


def questions(dev: Path, limit: int) -> list[str]:
    out = [q["question"] for p in sorted(dev.glob("*/questions.json"))
           for q in json.loads(p.read_text())]
    return out[:limit]


def cold_build(store: AccountStore) -> dict[str, float]:
    """Load the account's chunks and build its BM25 index from nothing."""
    clear_cache()
    started = time.perf_counter()
    index = lexical_index(store, ACCOUNT)
    return {"chunks": len(index.chunks), "load_and_build_s": time.perf_counter() - started,
            "bm25_build_s": index.build_seconds}


def interleaved(stores: list[AccountStore], qs: list[str]) -> list[list[float]]:
    """answer_question latency (ms) per store, stores taking turns on every question.

    Taking turns spreads the noise of a shared machine evenly over the sizes, so
    their ratios mean something even when absolute times drift.
    """
    for store in stores:
        lexical_index(store, ACCOUNT)  # every index stays cached side by side
        for q in qs[:3]:
            answer_question(q, account=ACCOUNT, store=store)
    times: list[list[float]] = [[] for _ in stores]
    for q in qs:
        for i, store in enumerate(stores):
            started = time.perf_counter()
            answer_question(q, account=ACCOUNT, store=store)
            times[i].append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-ask"))
    parser.add_argument("--dev", type=Path, default=Path(__file__).parents[2] / "shared/eval/dev")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--keep", action="store_true",
                        help="Reuse (and complete) stores from a previous run.")
    args = parser.parse_args()
    real = load_embedder(None, Settings.resolve(store=args.work / "unused").cache_dir)
    base, qs = dev_documents(args.dev), questions(args.dev, args.queries)
    stores, rows = [], []
    for size in args.sizes:
        root = args.work / f"store-{size}"
        if root.exists() and not args.keep:
            shutil.rmtree(root)
        embedder = BulkEmbedder(real)
        store = AccountStore(Settings.resolve(store=root), embedder=embedder)
        started = time.perf_counter()
        fill(store, base, size)
        filled = time.perf_counter() - started
        embedder.bulk = False
        rows.append({"fill_s": filled, **cold_build(store)})
        stores.append(store)
    times = interleaved(stores, qs)
    print("| chunks | fill (s) | load chunks + BM25 build, cold (s) | of which BM25 build (s) "
          "| p50 (ms) | p95 (ms) | p95 / p95 at smallest |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    smallest = percentile(times[0], 0.95)
    for row, t in zip(rows, times, strict=True):
        p95 = percentile(t, 0.95)
        print(f"| {row['chunks']:,} | {row['fill_s']:.0f} | {row['load_and_build_s']:.2f} | "
              f"{row['bm25_build_s']:.2f} | {statistics.median(t):.0f} | {p95:.0f} | "
              f"{p95 / smallest:.2f} |")
    print(f"\n{len(qs)} questions per store after 3 warm-up questions; stores taken in turn.")


if __name__ == "__main__":
    main()
