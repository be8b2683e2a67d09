"""Extraction speed of the offline engine on one dev account, after parsing.

Parses the account's documents once (ingest cost is not measured here), then
times ``LocalEngine.extract`` N times in one process and reports the first run
(which loads the packaged classifier) and the median of the rest.

    .venv/bin/python bench/bench_extract.py ../shared/eval/dev/northwind-logistics --runs 7
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from extractor.account import load_account_info
from extractor.engines.local import LocalEngine
from extractor.parsing import parse_file
from extractor.pipeline import build_context


def measure(account_dir: Path, runs: int) -> dict[str, float | int | str]:
    """Wall-clock seconds of the first and the median later extraction of one account."""
    docs = [parse_file(p, account=account_dir.name, source=f"docs/{p.name}")
            for p in sorted((account_dir / "docs").iterdir()) if p.is_file()]
    context = build_context(account_dir.name, docs, load_account_info(account_dir))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        LocalEngine().extract(docs, context)
        times.append(time.perf_counter() - started)
    return {"account": account_dir.name, "documents": len(docs), "runs": runs,
            "first_s": round(times[0], 3),
            "median_s": round(statistics.median(times[1:] or times), 3),
            "max_s": round(max(times), 3)}


def main() -> None:
    """Parse arguments and print one JSON line of results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("account_dir", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(measure(args.account_dir, args.runs)))


if __name__ == "__main__":
    main()
