"""Handoff views benchmark: review page, markdown document and check per account.

Uses the dev set's gold labels as records (realistic size and evidence), renders
each view ``--repeat`` times per account and prints the mean time per account,
the review page size range and how many accounts get an NRR forecast.

Usage: python bench/bench_handoff.py [--dev ../shared/eval/dev] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from eval.corpus import parse_account
from eval.dataset import load_account
from eval.gold_to_record import gold_record
from extractor.account import load_account_info
from extractor.handoff.check import check_record
from extractor.handoff.forecast import forecast_nrr
from extractor.handoff.render_md import render_markdown
from extractor.handoff.review_html import render_review_html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=Path(__file__).parents[2] / "shared/eval/dev")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = []
    for account_dir in sorted(p for p in args.dev.iterdir() if p.is_dir()):
        docs = parse_account(load_account(account_dir)).documents
        data.append((gold_record(account_dir, docs), docs, load_account_info(account_dir)))
    spent = {"review_html": 0.0, "markdown": 0.0, "check": 0.0}
    sizes = []
    for _ in range(args.repeat):
        for record, docs, info in data:
            start = time.perf_counter()
            sizes.append(len(render_review_html(record, docs).encode()))
            spent["review_html"] += time.perf_counter() - start
            start = time.perf_counter()
            render_markdown(record, account_info=info)
            spent["markdown"] += time.perf_counter() - start
            start = time.perf_counter()
            check_record(record, info)
            spent["check"] += time.perf_counter() - start
    runs = args.repeat * len(data)
    for name, seconds in spent.items():
        print(f"{name}: {1000 * seconds / runs:.2f} ms/account")
    print(f"review page: {min(sizes) // 1024}-{max(sizes) // 1024} KB")
    produced = sum(forecast_nrr(record, info).produced for record, _, info in data)
    print(f"forecast produced: {produced}/{len(data)} accounts (others lack contract inputs)")


if __name__ == "__main__":
    main()
