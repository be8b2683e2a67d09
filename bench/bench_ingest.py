"""Ingest benchmark: embedder alone vs `handoff ingest` vs a LangChain pipeline.

Builds a corpus of varied documents from the dev accounts (numbers changed,
paragraphs shuffled, every format kept), then runs three stages side by side,
each in its own process so peak RSS is per stage:

  (a) the embedder alone on the final chunk texts that (b) produces;
  (b) ``extractor.ingest.ingest_paths`` end to end into a fresh embedded store;
  (c) what a user would write from LangChain parts: a loader per file,
      ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200,
      add_start_index=True)`` and ``langchain_chroma.Chroma.from_documents``
      with the same ONNX MiniLM embedder. Unstructured's loaders cannot run
      offline here, so the loaders are: raw text (TextLoader) for .md .txt .eml
      .vtt, selectolax text for .html, python-docx paragraphs for .docx.

Usage: python bench/bench_ingest.py [--docs 2000] [--markdown BENCHMARKS-snippet.md]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev"


# ---- corpus -----------------------------------------------------------------


def _vary_numbers(text: str, rng: random.Random) -> str:
    def swap(match: re.Match[str]) -> str:
        digits = match.group(0)
        if len(digits) == 4 and digits.startswith("20"):  # keep years plausible
            return digits
        first = str(rng.randint(1, 9)) if len(digits) > 1 else str(rng.randint(0, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    return re.sub(r"\d+", swap, text)


def _vary_text(suffix: str, text: str, rng: random.Random) -> str:
    """A plausible variant that keeps the format valid (headers, cue timings, tags)."""
    if suffix == ".eml":
        head, sep, body = text.partition("\n\n")
        return head + sep + _vary_numbers(body, rng)
    if suffix == ".vtt":
        return "\n".join(line if "-->" in line or line.startswith("WEBVTT")
                         else _vary_numbers(line, rng) for line in text.split("\n"))
    if suffix in (".html", ".htm"):
        return re.sub(r">([^<]+)<", lambda m: ">" + _vary_numbers(m.group(1), rng) + "<", text)
    paragraphs = text.split("\n\n")
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    return _vary_numbers("\n\n".join(head + rest), rng)


def _vary_docx(src: Path, dest: Path, rng: random.Random) -> None:
    import docx

    document = docx.Document(str(src))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            run.text = _vary_numbers(run.text, rng)
    document.save(str(dest))


def build_corpus(out: Path, n_docs: int, seed: int = 7) -> list[Path]:
    """``n_docs`` varied documents under ``out/<account>/``, cycling over the dev files."""
    sources = sorted(p for p in DEV.glob("*/docs/*") if p.is_file())
    rng = random.Random(seed)
    written = []
    for i in range(n_docs):
        src = sources[i % len(sources)]
        variant = i // len(sources)
        dest = out / src.parent.parent.name / f"{src.stem}-v{variant}{src.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".docx":
            _vary_docx(src, dest, rng)
        else:
            text = src.read_text(encoding="utf-8", errors="replace")
            dest.write_text(text if variant == 0 else _vary_text(src.suffix, text, rng))
        written.append(dest)
    return written


# ---- stages (each runs in a child process) -----------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process: less sensitive than wall time to other jobs on the host."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(owner: object, name: str, bucket: dict[str, float]) -> None:
    """Wrap ``owner.name`` so its cumulative wall time lands in ``bucket[name]``."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            bucket[name] = bucket.get(name, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


def _embedder(cache: Path):  # type: ignore[no-untyped-def]
    from extractor.embedding import load_embedder

    embedder = load_embedder(None, cache)
    embedder.embed(["warm up the session"])  # session load is not what we compare
    return embedder


def _chunk_texts(corpus: Path) -> list[str]:
    from extractor.chunking import chunk_document
    from extractor.ingest import plan_files
    from extractor.parsing import parse_file

    texts = []
    for target in plan_files([corpus]).targets:
        try:
            doc = parse_file(target.path, account="bench", source=target.source)
        except Exception:
            continue
        texts.extend(c.text for c in chunk_document(doc))
    return texts


def stage_a(corpus: Path, work: Path) -> dict:
    texts = _chunk_texts(corpus)
    embedder = _embedder(work / "cache")
    start, cpu = time.perf_counter(), _cpu_s()
    embedder.embed(texts)
    seconds = time.perf_counter() - start
    return {"chunks": len(texts), "seconds": seconds, "chars": sum(map(len, texts)),
            "cpu_s": _cpu_s() - cpu,
            "breakdown": {"embed": seconds}}


def stage_b(corpus: Path, work: Path) -> dict:
    import extractor.ingest as ingest
    from extractor.settings import Settings
    from extractor.store import AccountStore
    from extractor.store.db import MetaDB
    from extractor.store.vectors import VectorIndex

    embedder = _embedder(work / "cache")
    bucket: dict[str, float] = {}
    _timed(ingest, "_prepare", bucket)  # read + hash + parse + chunk
    _timed(embedder, "embed", bucket)
    _timed(VectorIndex, "upsert", bucket)
    _timed(MetaDB, "commit_documents", bucket)
    store = AccountStore(Settings.resolve(store=work / "store-b"), embedder=embedder)
    start, cpu = time.perf_counter(), _cpu_s()
    report = ingest.ingest_paths([corpus], "bench", store)
    seconds = time.perf_counter() - start
    return {"chunks": report.chunks, "seconds": seconds, "failed": len(report.failed),
            "cpu_s": _cpu_s() - cpu,
            "breakdown": {"read+parse+chunk": bucket.get("_prepare", 0.0),
                          "embed": bucket.get("embed", 0.0),
                          "chroma upsert": bucket.get("upsert", 0.0),
                          "sqlite commit": bucket.get("commit_documents", 0.0)}}


def _lc_load(path: Path) -> str:
    if path.suffix == ".docx":
        import docx

        return "\n\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if path.suffix in (".html", ".htm"):
        from selectolax.lexbor import LexborHTMLParser

        return LexborHTMLParser(path.read_bytes()).text(separator="\n")
    return path.read_text(encoding="utf-8", errors="replace")


def stage_c(corpus: Path, work: Path) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document as LCDocument
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    embedder = _embedder(work / "cache")
    bucket: dict[str, float] = {}
    _timed(embedder, "embed", bucket)

    class Wrapped(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(texts).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed([text])[0].tolist()

    start, cpu = time.perf_counter(), _cpu_s()
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    docs = [LCDocument(page_content=_lc_load(p), metadata={"source": str(p)}) for p in files]
    loaded = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200,
                                              add_start_index=True)
    chunks = splitter.split_documents(docs)
    split = time.perf_counter()
    Chroma.from_documents(chunks, embedding=Wrapped(), persist_directory=str(work / "store-c"),
                          collection_name="bench")
    seconds = time.perf_counter() - start
    return {"chunks": len(chunks), "seconds": seconds, "cpu_s": _cpu_s() - cpu,
            "chars": sum(len(c.page_content) for c in chunks),
            "breakdown": {"load": loaded - start, "split": split - loaded,
                          "embed": bucket.get("embed", 0.0),
                          "chroma add": seconds - (split - start) - bucket.get("embed", 0.0)}}


def splitter_comparison(corpus: Path) -> dict:
    """Our chunker vs RecursiveCharacterTextSplitter on the same parsed texts (no embedding)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from extractor.chunking import chunk_document
    from extractor.ingest import plan_files
    from extractor.parsing import parse_file

    docs = []
    for target in plan_files([corpus]).targets:
        try:
            docs.append(parse_file(target.path, account="bench", source=target.source))
        except Exception:
            continue
    start = time.perf_counter()
    ours = [c for d in docs for c in chunk_document(d)]
    ours_s = time.perf_counter() - start
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=150,
                                              add_start_index=True)
    start = time.perf_counter()
    theirs, exact = 0, 0
    for d in docs:
        for piece in splitter.create_documents([d.text]):
            theirs += 1
            begin = piece.metadata["start_index"]
            exact += d.text[begin : begin + len(piece.page_content)] == piece.page_content
    theirs_s = time.perf_counter() - start
    return {"docs": len(docs), "ours_chunks": len(ours), "ours_ms": ours_s * 1000,
            "lc_chunks": theirs, "lc_ms": theirs_s * 1000, "lc_exact_offsets": exact}


STAGES = {"a": stage_a, "b": stage_b, "c": stage_c, "split": splitter_comparison}


def _child(stage: str, corpus: Path, work: Path) -> dict:
    """Run one stage in a fresh interpreter; returns its JSON result plus peak RSS."""
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); "
            f"import bench.bench_ingest as b; from pathlib import Path; "
            f"r = b.STAGES[{stage!r}](Path({str(corpus)!r}), Path({str(work)!r})) if "
            f"{stage!r} != 'split' else b.STAGES['split'](Path({str(corpus)!r})); "
            f"r['peak_rss_mb'] = b._peak_mb(); r.setdefault('cpu_s', b._cpu_s()); "
            f"print(json.dumps(r))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# Median ms per file of unstructured 0.27.32's partition on the dev documents, measured by
# bench/bench_parsing.py (BENCHMARKS.md, "Document parsing"); unstructured cannot run offline
# in this venv, so (c) with its loaders is estimated from these, never measured here.
UNSTRUCTURED_MS = {".docx": 299.4, ".eml": 255.3, ".html": 92.1, ".md": 110.8, ".txt": 199.9,
                   ".vtt": 354.9}


def _unstructured_estimate(c: dict, suffixes: list[str]) -> float:
    """(c)'s wall time had its loaders been Unstructured's (load time swapped)."""
    return c["seconds"] - c["breakdown"]["load"] + sum(
        UNSTRUCTURED_MS.get(x, 0.0) for x in suffixes) / 1000


def _markdown(args: argparse.Namespace, suffixes: list[str], results: dict) -> str:
    a, b, c, s = results["a"], results["b"], results["c"], results["split"]
    n_files = len(suffixes)
    rate = {k: results[k]["chunks"] / results[k]["seconds"] for k in "abc"}
    c_unstructured = _unstructured_estimate(c, suffixes)
    lines = [
        f"Command: `.venv/bin/python bench/bench_ingest.py --docs {args.docs} "
        f"--repeat {args.repeat}` "
        f"({n_files} files, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        "2 shared cores).",
        "",
        "| stage | chunks | median s (runs) | chunks/s | CPU s | peak RSS MB "
        "| where the time goes |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, label in (("a", "(a) embedder alone"), ("b", "(b) ingest_paths"),
                       ("c", "(c) LangChain pipeline")):
        r = results[key]
        where = ", ".join(f"{k} {v:.1f}s" for k, v in r["breakdown"].items())
        runs = ", ".join(f"{x:.0f}" for x in r["all_seconds"])
        lines.append(f"| {label} | {r['chunks']} | {r['seconds']:.1f} ({runs}) | "
                     f"{rate[key]:.1f} | {r['median_cpu_s']:.0f} | {r['peak_rss_mb']:.0f} | "
                     f"{where} |")
    lines += [
        "",
        f"- (b)/(a) chunks/s: **{rate['b'] / rate['a']:.2f}x** (target >= 0.8x); "
        f"(b) vs (c) wall time for the same files: **{c['seconds'] / b['seconds']:.2f}x** "
        f"faster (target >= 2x); chunks/s ratio {rate['b'] / rate['c']:.2f}x.",
        f"- CPU seconds (less sensitive to other jobs): (b)/(a) "
        f"{a['median_cpu_s'] / b['median_cpu_s']:.2f}x as fast, (b) vs (c) "
        f"{c['median_cpu_s'] / b['median_cpu_s']:.2f}x.",
        f"- Characters embedded: (a)/(b) {a['chars']:,}, (c) {c['chars']:,}.",
        f"- Estimate, not measured: (c) with Unstructured loaders (per-file medians from "
        f"\"Document parsing\" above) would take {c_unstructured:.0f} s, "
        f"{c_unstructured / b['seconds']:.2f}x (b).",
        f"- Chunker: ours {s['ours_chunks']} chunks in {s['ours_ms']:.0f} ms; "
        f"RecursiveCharacterTextSplitter {s['lc_chunks']} chunks in {s['lc_ms']:.0f} ms, "
        f"{s['lc_exact_offsets']}/{s['lc_chunks']} start_index offsets exact.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="Documents in the corpus.")
    parser.add_argument("--markdown", type=Path, help="Also write the results table here.")
    parser.add_argument("--stages", default="split,a,b,c", help="Comma-separated stages.")
    parser.add_argument("--repeat", type=int, default=1, help="Interleaved runs per stage.")
    parser.add_argument("--server-load", metavar="WORKERSxQUERIES",
                        help="Only run the concurrent chroma-server load test, e.g. 16x50.")
    parser.add_argument("--throughput", action="store_true",
                        help="Only measure the embedder on short vs chunk-sized texts.")
    args = parser.parse_args()
    if args.throughput:
        print(throughput())
        return
    if args.server_load:
        workers, queries = (int(x) for x in args.server_load.split("x"))
        print(server_load(workers, queries))
        return
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        suffixes = [p.suffix for p in build_corpus(corpus, args.docs)]
        runs: dict[str, list[dict]] = {}
        for _ in range(args.repeat):  # interleaved, so load changes hit every stage alike
            for stage in args.stages.split(","):
                if stage in ("b", "c"):
                    shutil.rmtree(work / f"store-{stage}", ignore_errors=True)
                runs.setdefault(stage, []).append(_child(stage, corpus, work))
                print(stage, json.dumps(runs[stage][-1]), file=sys.stderr, flush=True)
        results = {stage: _median_run(r) for stage, r in runs.items()}
        if set("abc") <= set(results) and "split" in results:
            text = _markdown(args, suffixes, results)
            print(text)
            if args.markdown:
                args.markdown.write_text(text)



def throughput() -> str:
    """Embeddings/s of the ONNX MiniLM on short sentences vs chunk-sized texts, interleaved."""
    embedder = _embedder(Path(tempfile.mkdtemp(prefix="bench-cache-")))
    short = [f"Sentence {i} about the migration plan and data quality." for i in range(256)]
    sources = sorted(p for p in DEV.glob("*/docs/*.md"))
    text = "\n\n".join(p.read_text() for p in sources)
    long = [text[i : i + 900] for i in range(0, 900 * 64, 900)]
    rates: dict[str, list[float]] = {"short": [], "long": []}
    for _ in range(3):
        for name, texts in (("short", short), ("long", long)):
            start = time.perf_counter()
            embedder.embed(texts)
            rates[name].append(len(texts) / (time.perf_counter() - start))
    tokens = {name: sum(len(e.ids) for e in embedder._load()[1].encode_batch(t)) / len(t)
              for name, t in (("short", short), ("long", long))}
    return (f"- Embedder throughput (`--throughput`, best of 3): "
            f"{max(rates['short']):.0f}/s on short sentences (~{tokens['short']:.0f} tokens), "
            f"{max(rates['long']):.1f}/s on 900-char chunks (~{tokens['long']:.0f} tokens).")


def _median_run(runs: list[dict]) -> dict:
    """The run with the median wall time, plus every run's seconds and CPU seconds."""
    ordered = sorted(runs, key=lambda r: r.get("seconds", r.get("ours_ms", 0)))
    median = dict(ordered[len(ordered) // 2])
    median["all_seconds"] = [round(r.get("seconds", 0.0), 1) for r in runs]
    median["median_cpu_s"] = sorted(r["cpu_s"] for r in runs)[len(runs) // 2]
    return median


# ---- concurrency against a real `chroma run` server (issue: reliability) ---------------------


def server_load(workers: int, queries: int) -> str:
    """Many stores ingesting and querying one server at once; returns a markdown line.

    Each worker has its own store dir (as separate users would) and ingests 8 dev
    documents, then runs ``queries`` searches. The hashing embedder is used so the
    figure measures the store and server, not the model.
    """
    import shutil
    import socket
    import statistics
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from extractor.embedding import HashEmbedder
    from extractor.ingest import ingest_paths
    from extractor.settings import Settings
    from extractor.store import AccountStore

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    work = Path(tempfile.mkdtemp(prefix="bench-server-"))
    server = subprocess.Popen([str(Path(sys.executable).parent / "chroma"), "run", "--path",
                               str(work / "server"), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    account_dir = sorted(DEV.iterdir())[0]
    try:
        for _ in range(200):
            try:
                httpx.get(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)

        def one(i: int) -> tuple[int, list[float]]:
            store = AccountStore(Settings.resolve(store=work / f"user{i}", chroma_url=url),
                                 embedder=HashEmbedder())
            report = ingest_paths([account_dir], "load-test", store)
            latencies = []
            for q in range(queries):
                start = time.perf_counter()
                store.vector_search("load-test", f"risk {q} migration sponsor", k=5)
                latencies.append(time.perf_counter() - start)
            return len(report.failed), latencies

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(one, range(workers)))
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    lat = sorted(x for _, ls in results for x in ls)
    failed = sum(f for f, _ in results)
    return (f"- Server load (`--server-load {workers}x{queries}`): {workers} stores ingesting "
            f"8 docs each and running {queries} queries each, concurrently, against one "
            f"`chroma run`: {workers * 8} documents, {len(lat)} queries, {failed} failures, "
            f"{wall:.1f} s wall; query p50 {statistics.median(lat) * 1000:.0f} ms, "
            f"p95 {lat[int(len(lat) * 0.95)] * 1000:.0f} ms.")


if __name__ == "__main__":
    main()
