"""Reliability figures that are measurements, not pass/fail tests (see RELIABILITY.md).

1. Load held by a real `chroma run` server on 127.0.0.1: W worker processes x N
   requests (every 4th an ingest of one new note, the rest asks), two workers
   per account in one shared store; requests, errors, p50/p95 per kind.
2. Peak RSS of `handoff ingest` (real CLI, child process, hash embedder) for one
   text file just under the 50 MB default limit, which is read, parsed,
   chunked, embedded and stored, next to a 1 KB file, side by side in one run.

Usage: .venv/bin/python bench/bench_reliability.py [--workers 4] [--requests 40]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))
sys.path.insert(0, str(ROOT))

from rel_corpus import MB, write_big_text, write_good  # noqa: E402
from rel_load import chroma_server, run_load, seed  # noqa: E402

CHILD = ROOT / "tests" / "reliability" / "rel_cli_child.py"


def load(workers: int, requests: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, chroma_server(Path(tmp) / "chroma") as url:
        write_good(Path(tmp) / "good")
        seed(url, Path(tmp) / "store", ["acct0", "acct1"], Path(tmp) / "good")
        return run_load(url, Path(tmp) / "store", workers, requests, timeout=1800)


def ingest_rss(size: int) -> tuple[float, float]:
    """(peak RSS MB, seconds) of a CLI ingest of one text file of ``size`` bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        if size >= MB:
            write_big_text(folder / "big.txt", size)
        else:
            (folder / "small.txt").write_text("Status: the cutover checklist is open.\n"
                                              * (size // 40))
        env = {**os.environ, "HANDOFF_STORE": str(Path(tmp) / "store"),
               "HANDOFF_CONFIG": str(Path(tmp) / "none.toml"), "REL_RSS": str(Path(tmp) / "rss")}
        started = time.perf_counter()
        run = subprocess.run([sys.executable, str(CHILD), "ingest", str(folder), "--account",
                              "a", "--embedder", "hash"], capture_output=True, text=True,
                             env=env, timeout=3600)
        seconds = time.perf_counter() - started
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-2000:])
        return int((Path(tmp) / "rss").read_text()) / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--big-mb", type=int, default=48)
    args = parser.parse_args()
    small_rss, small_s = ingest_rss(1024)
    big_rss, big_s = ingest_rss(args.big_mb * MB)
    print(f"ingest 1 KB file: peak RSS {small_rss:.0f} MB, {small_s:.1f} s")
    print(f"ingest {args.big_mb} MB file: peak RSS {big_rss:.0f} MB, {big_s:.1f} s "
          f"(+{big_rss - small_rss:.0f} MB over the 1 KB run, "
          f"{(big_rss - small_rss) / args.big_mb:.1f}x the file size)")
    print("server load:", json.dumps(load(args.workers, args.requests)))


if __name__ == "__main__":
    main()
