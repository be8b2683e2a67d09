"""Ingest benchmark: embedder alone vs `handoff ingest` vs a LangChain pipeline.

Builds a corpus of varied documents from the dev accounts (numbers changed,
paragraphs shuffled, every format kept), then runs the stages side by side,
interleaved round by round, each in its own process so peak RSS is per stage:

  (a) the embedder alone on the final chunk texts that (b) produces;
  (b) ``extractor.ingest.ingest_paths`` end to end into a fresh embedded store;
  (c) what a user would write from LangChain parts: ``langchain_unstructured.
      UnstructuredLoader`` (local partitioning, default per-element mode, one
      Document per element), ``RecursiveCharacterTextSplitter(chunk_size=1000,
      chunk_overlap=200, add_start_index=True)`` and ``langchain_chroma.Chroma.
      from_documents`` with the same ONNX MiniLM embedder. Unstructured runs
      offline through the project's own set-up (extractor.parsing.longtail);
  (c_raw) the same splitter and store behind hand-written raw-text loaders
      (file text for .md .txt .eml .vtt, selectolax for .html, python-docx
      paragraphs for .docx): the most favourable case for LangChain.

Stage (c) needs the bench venv: ``make bench-ingest`` builds ``.venv-bench``
(``pip install -e '.[dev,unstructured,bench]'`` plus the weights, --no-deps)
and runs ``--docs 2000 --repeat 2``.

Usage: python bench/bench_ingest.py [--docs 2000] [--repeat 2] [--stages split,a,b,c,c_raw]
       [--log runs.jsonl] [--from-log runs.jsonl] [--markdown out.md]
"""

from __future__ import annotations

import argparse
import json
import os
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


def _lc_raw_load(path: Path) -> str:
    """The most favourable loader for LangChain: raw text, selectolax for HTML, python-docx."""
    if path.suffix == ".docx":
        import docx

        return "\n\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if path.suffix in (".html", ".htm"):
        from selectolax.lexbor import LexborHTMLParser

        return LexborHTMLParser(path.read_bytes()).text(separator="\n")
    return path.read_text(encoding="utf-8", errors="replace")


def _load_raw(files: list[Path]) -> tuple[list, int]:
    from langchain_core.documents import Document as LCDocument

    return [LCDocument(page_content=_lc_raw_load(p), metadata={"source": str(p)})
            for p in files], 0


def _load_unstructured(files: list[Path]) -> tuple[list, int]:
    """LangChain's ``UnstructuredLoader`` as documented: local partition, default mode.

    Default mode yields one Document per unstructured element (title, paragraph, list
    item, email body...), each with the element's metadata. The offline set-up (telemetry
    off, spaCy model from a PyPI package) is the project's own, from parsing.longtail.
    One file that fails to partition is counted, not fatal, as in (b).
    """
    from extractor.parsing.longtail import _partition_function

    _partition_function()
    from langchain_unstructured import UnstructuredLoader

    docs, failed = [], 0
    for path in files:
        try:
            docs.extend(UnstructuredLoader(str(path)).load())
        except Exception:
            failed += 1
    return docs, failed


def _lc_pipeline(corpus: Path, work: Path, load, store_dir: str) -> dict:  # type: ignore[no-untyped-def]
    """load -> RecursiveCharacterTextSplitter -> Chroma.from_documents, same embedder as (b)."""
    from langchain_chroma import Chroma
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
    docs, failed = load(files)
    loaded = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200,
                                              add_start_index=True)
    chunks = splitter.split_documents(docs)
    split = time.perf_counter()
    Chroma.from_documents(chunks, embedding=Wrapped(), persist_directory=str(work / store_dir),
                          collection_name="bench")
    seconds = time.perf_counter() - start
    return {"chunks": len(chunks), "seconds": seconds, "cpu_s": _cpu_s() - cpu,
            "loaded_docs": len(docs), "failed": failed,
            "chars": sum(len(c.page_content) for c in chunks),
            "breakdown": {"load": loaded - start, "split": split - loaded,
                          "embed": bucket.get("embed", 0.0),
                          "chroma add": seconds - (split - start) - bucket.get("embed", 0.0)}}


def stage_c(corpus: Path, work: Path) -> dict:
    """(c) LangChain's UnstructuredLoader, splitter and Chroma (needs the bench venv)."""
    return _lc_pipeline(corpus, work, _load_unstructured, "store-c")


def stage_c_raw(corpus: Path, work: Path) -> dict:
    """(c_raw) the same pipeline with hand-written raw-text loaders: LangChain's best case."""
    return _lc_pipeline(corpus, work, _load_raw, "store-c_raw")


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


STAGES = {"a": stage_a, "b": stage_b, "c": stage_c, "c_raw": stage_c_raw,
          "split": splitter_comparison}


def _child(stage: str, corpus: Path, work: Path) -> dict:
    """Run one stage in a fresh interpreter; returns its JSON result plus peak RSS.

    The 1-minute load average before and after is recorded: the host's 2 cores are
    shared, so a slow run can be read against what else was running.
    """
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); "
            f"import bench.bench_ingest as b; from pathlib import Path; "
            f"r = b.STAGES[{stage!r}](Path({str(corpus)!r}), Path({str(work)!r})) if "
            f"{stage!r} != 'split' else b.STAGES['split'](Path({str(corpus)!r})); "
            f"r['peak_rss_mb'] = b._peak_mb(); r.setdefault('cpu_s', b._cpu_s()); "
            f"print(json.dumps(r))")
    load_before = os.getloadavg()[0]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


LABELS = {"a": "(a) embedder alone", "b": "(b) `handoff ingest` (ingest_paths)",
          "c": "(c) LangChain: UnstructuredLoader + splitter + Chroma",
          "c_raw": "(c_raw) LangChain, raw-text loaders (its best case)"}


def _table(results: dict) -> list[str]:
    lines = ["| stage | chunks | median s (runs) | chunks/s | CPU s (runs) | peak RSS MB "
             "| load avg | where the time goes (median run) |",
             "|---|---|---|---|---|---|---|---|"]
    for key, label in LABELS.items():
        if key not in results:
            continue
        r = results[key]
        where = ", ".join(f"{k} {v:.1f}s" for k, v in r["breakdown"].items())
        runs = ", ".join(f"{x:.0f}" for x in r["all_seconds"])
        cpus = ", ".join(f"{x:.0f}" for x in r["all_cpu_s"])
        loads = ", ".join(f"{x:.1f}" for x in r["all_load"])
        lines.append(f"| {label} | {r['chunks']} | {r['seconds']:.1f} ({runs}) | "
                     f"{r['chunks'] / r['seconds']:.1f} | {r['median_cpu_s']:.0f} ({cpus}) | "
                     f"{r['peak_rss_mb']:.0f} | {loads} | {where} |")
    return lines


def _ratios(results: dict) -> list[str]:
    a, b = results["a"], results["b"]
    rate = {k: r["chunks"] / r["seconds"] for k, r in results.items() if "chunks" in r}
    lines = [f"- (b)/(a) chunks/s: **{rate['b'] / rate['a']:.2f}x** (target >= 0.8x); "
             f"CPU seconds per chunk (a)/(b): "
             f"{a['median_cpu_s'] / a['chunks'] / (b['median_cpu_s'] / b['chunks']):.2f}x."]
    for key in ("c", "c_raw"):
        if key in results:
            c = results[key]
            lines.append(
                f"- (b) vs ({key}) for the same files (target >= 2x): wall **"
                f"{c['seconds'] / b['seconds']:.2f}x**, CPU seconds **"
                f"{c['median_cpu_s'] / b['median_cpu_s']:.2f}x**; {c['chunks']} chunks "
                f"from {c.get('loaded_docs', '?')} loaded Documents, {c['chars']:,} chars "
                f"embedded (b: {a['chars']:,}); {c.get('failed', 0)} files failed to load.")
    return lines


def _per_round(runs: dict[str, list[dict]]) -> list[str]:
    """Ratios within each round: the stages of one round ran back to back, under similar load."""
    lines = []
    for i, (a, b) in enumerate(zip(runs.get("a", []), runs.get("b", []), strict=False)):
        parts = [f"(b)/(a) chunks/s {a['seconds'] / b['seconds']:.2f}x wall, "
                 f"{a['cpu_s'] / b['cpu_s']:.2f}x CPU"]
        for key in ("c", "c_raw"):
            if i < len(runs.get(key, [])):
                c = runs[key][i]
                parts.append(f"({key})/(b) time {c['seconds'] / b['seconds']:.2f}x wall, "
                             f"{c['cpu_s'] / b['cpu_s']:.2f}x CPU")
        lines.append(f"- Round {i + 1}: " + "; ".join(parts) + ".")
    return lines


def _markdown(args: argparse.Namespace, n_files: int, results: dict,
              runs: dict[str, list[dict]]) -> str:
    s = results.get("split")
    lines = [
        f"Command: `make bench-ingest` = `.venv-bench/bin/python bench/bench_ingest.py "
        f"--docs {args.docs} --repeat {args.repeat}` ({n_files} files, finished "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, 2 shared cores).",
        "", *_table(results), "", *_ratios(results), *_per_round(runs)]
    if s:
        lines.append(f"- Chunker: ours {s['ours_chunks']} chunks in {s['ours_ms']:.0f} ms; "
                     f"RecursiveCharacterTextSplitter {s['lc_chunks']} chunks in "
                     f"{s['lc_ms']:.0f} ms, {s['lc_exact_offsets']}/{s['lc_chunks']} "
                     "start_index offsets exact.")
    return "\n".join(lines) + "\n"


def _run_stages(args: argparse.Namespace) -> tuple[int, dict[str, list[dict]]]:
    """Build the corpus and run the stages, interleaved; each run is logged as it ends."""
    log = args.log.open("a") if args.log else None
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        n_files = len(build_corpus(corpus, args.docs))
        runs: dict[str, list[dict]] = {}
        for _ in range(args.repeat):  # interleaved, so load changes hit every stage alike
            for stage in args.stages.split(","):
                shutil.rmtree(work / f"store-{stage}", ignore_errors=True)
                runs.setdefault(stage, []).append(_child(stage, corpus, work))
                line = json.dumps({"stage": stage, "files": n_files, **runs[stage][-1]})
                print(line, file=sys.stderr, flush=True)
                if log:
                    log.write(line + "\n")
                    log.flush()
    return n_files, runs


def _runs_from_log(path: Path) -> tuple[int, dict[str, list[dict]]]:
    """Runs recorded by ``--log`` (e.g. of an interrupted run), grouped by stage."""
    runs: dict[str, list[dict]] = {}
    n_files = 0
    for line in path.read_text().splitlines():
        record = json.loads(line)
        n_files = record.pop("files")
        runs.setdefault(record.pop("stage"), []).append(record)
    return n_files, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="Documents in the corpus.")
    parser.add_argument("--markdown", type=Path, help="Also write the results table here.")
    parser.add_argument("--stages", default="split,a,b,c,c_raw",
                        help="Comma-separated stages.")
    parser.add_argument("--repeat", type=int, default=1, help="Interleaved runs per stage.")
    parser.add_argument("--log", type=Path, help="Append every run's result here (JSON lines).")
    parser.add_argument("--from-log", type=Path, help="Only render the table from a --log file.")
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
    n_files, runs = _runs_from_log(args.from_log) if args.from_log else _run_stages(args)
    results = {stage: _median_run(r) for stage, r in runs.items()}
    if {"a", "b"} <= set(results):
        text = _markdown(args, n_files, results, runs)
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
    """The run with the median wall time (the slower of two), plus every run's figures."""
    ordered = sorted(runs, key=lambda r: r.get("seconds", r.get("ours_ms", 0)))
    median = dict(ordered[len(ordered) // 2])
    median["all_seconds"] = [round(r.get("seconds", 0.0), 1) for r in runs]
    median["median_cpu_s"] = sorted(r["cpu_s"] for r in runs)[len(runs) // 2]
    median["all_cpu_s"] = [round(r["cpu_s"], 1) for r in runs]
    median["all_load"] = [max(r.get("load", [0.0])) for r in runs]
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
