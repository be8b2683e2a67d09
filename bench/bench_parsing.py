"""Parse every dev document with the focused parsers and, side by side, with unstructured.

    python bench/bench_parsing.py [DEV_DIR] [--repeat N]

Needs the optional extra for the comparison (it is skipped, with a note, otherwise).
Prints per-format median ms per file and the ratio; both sides run in one process,
interleaved file by file, so machine noise hits them alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.parsing import parse_file  # noqa: E402
from extractor.parsing.longtail import longtail_available  # noqa: E402


def _unstructured():
    """unstructured's partition set up offline, or None when the extra is missing."""
    if not longtail_available():
        return None
    from extractor.parsing.longtail import _partition_function

    return _partition_function()


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "dev"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(Path(args.dev).glob("*/docs/*"))
    partition = _unstructured()
    if partition is not None:  # warm up: imports and the spaCy model load are one-off costs
        for suffix in sorted({f.suffix for f in files}):
            sample = next(f for f in files if f.suffix == suffix)
            partition(filename=str(sample))
    ours: dict[str, list[float]] = defaultdict(list)
    theirs: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        for path in files:
            ours[path.suffix].append(_timed(lambda p=path: parse_file(p, account="bench")))
            if partition is not None:
                theirs[path.suffix].append(_timed(lambda p=path: partition(filename=str(p))))
    print(f"{len(files)} files x {args.repeat} runs, cpu count {os.cpu_count()}")
    print(f"{'format':8} {'files':>5} {'ours ms':>9} {'unstructured ms':>16} {'ratio':>7}")
    for suffix in sorted(ours):
        mine = statistics.median(ours[suffix])
        other = statistics.median(theirs[suffix]) if theirs[suffix] else float("nan")
        count = sum(1 for f in files if f.suffix == suffix)
        print(f"{suffix:8} {count:5d} {mine:9.2f} {other:16.2f} {other / mine:7.1f}x")
    if partition is None:
        print("unstructured not installed: pip install 'handoff-intel[unstructured]' to compare")
    return 0


if __name__ == "__main__":
    sys.exit(main())
