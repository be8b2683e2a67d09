"""Ask latency benchmark: ``answer_question`` (offline engine) on 1k, 10k and 100k chunks.

Stores are filled with synthetic documents made by varying the dev set's parsed
documents (names and numbers swapped, dates shifted), chunked by the real
chunker and committed through ``AccountStore.upsert_documents``. Embedding 100k
chunks with MiniLM would take ~8 minutes on 2 cores, so bulk chunks get random
unit vectors (same name and dimension as MiniLM, so the store accepts them);
every *query* is embedded by the real MiniLM model. Vector similarity over the
bulk is therefore meaningless, but the work Chroma does per query is the same.

Measured per store, in-process: the BM25 index build (cold, then cached), and
``answer_question`` latency p50/p95 over the dev questions after a warm-up.

Usage: python bench/bench_ask.py [--sizes 1000 10000 100000] [--work /tmp/bench-ask]
                                 [--dev ../shared/eval/dev] [--queries 40]
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
    """Commit variants of ``base`` until the account holds ``target`` chunks."""
    rng = random.Random(11)
    words = sorted({w for d in base for w in _CAPITAL.findall(d.text)})
    total, n, batch = 0, 0, []
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


def measure(store: AccountStore, qs: list[str]) -> dict[str, float]:
    """Cold BM25 build, then answer latency after a warm-up."""
    clear_cache()
    started = time.perf_counter()
    index = lexical_index(store, ACCOUNT)
    cold = time.perf_counter() - started
    for q in qs[:3]:
        answer_question(q, account=ACCOUNT, store=store)
    times = []
    for q in qs:
        started = time.perf_counter()
        answer_question(q, account=ACCOUNT, store=store)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"chunks": len(index.chunks), "load_and_build_s": cold,
            "bm25_build_s": index.build_seconds, "p50_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))], "n": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-ask"))
    parser.add_argument("--dev", type=Path, default=Path(__file__).parents[2] / "shared/eval/dev")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="Reuse stores from a previous run.")
    args = parser.parse_args()
    settings = Settings.resolve(store=args.work / "unused")
    real = load_embedder(None, settings.cache_dir)
    base, qs = dev_documents(args.dev), questions(args.dev, args.queries)
    print("| chunks | fill (s) | load + BM25 build, cold (s) | BM25 build (s) "
          "| p50 (ms) | p95 (ms) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        root = args.work / f"store-{size}"
        if root.exists() and not args.keep:
            shutil.rmtree(root)
        embedder = BulkEmbedder(real)
        store = AccountStore(Settings.resolve(store=root), embedder=embedder)
        started = time.perf_counter()
        if not (args.keep and root.exists() and store.document_summaries(ACCOUNT)):
            fill(store, base, size)
        filled = time.perf_counter() - started
        embedder.bulk = False
        r = measure(store, qs)
        print(f"| {r['chunks']:,} | {filled:.0f} | {r['load_and_build_s']:.2f} | "
              f"{r['bm25_build_s']:.2f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} |", flush=True)
        store.close()


if __name__ == "__main__":
    main()
