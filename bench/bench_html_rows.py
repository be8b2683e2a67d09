"""What finding HTML table rows costs: parse time of a large synthetic RAID table, and
the share of it spent locating rows (``extractor.parsing.html._row_spans``).

    .venv/bin/python bench/bench_html_rows.py --rows 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import time

from selectolax.lexbor import LexborHTMLParser

from extractor.parsing import parse_bytes
from extractor.parsing.html import _row_spans


def raid_table(rows: int) -> bytes:
    """A RAID export with ``rows`` rows; one cell per row hides a span, as real exports do."""
    body = "".join(
        f"<tr><td>R-{i}</td><td>Risk number {i}: ledger balances do not tie for entity {i}</td>"
        f"<td>High</td><td><span style='display:none'>x</span>Open</td>"
        f"<td>Owner chasing; next review Friday</td></tr>" for i in range(rows))
    return f"<html><body><h1>RAID</h1><table>{body}</table></body></html>".encode()


def main() -> None:
    """Print best-of-N seconds for the whole parse and for the row search alone."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--rows", type=int, default=20000)
    args.add_argument("--repeat", type=int, default=3)
    opts = args.parse_args()
    html = raid_table(opts.rows)
    parse_s = rows_s = float("inf")
    for _ in range(opts.repeat):
        start = time.perf_counter()
        doc = parse_bytes(html, account="bench", source="raid.html")
        parse_s = min(parse_s, time.perf_counter() - start)
        root = LexborHTMLParser(html.decode()).body
        start = time.perf_counter()
        spans = _row_spans(root, doc.text)
        rows_s = min(rows_s, time.perf_counter() - start)
    print(json.dumps({"rows": opts.rows, "kb": len(html) // 1024, "rows_found": len(spans),
                      "parse_s": round(parse_s, 3), "row_search_s": round(rows_s, 3),
                      "row_search_share": round(rows_s / parse_s, 2)}))


if __name__ == "__main__":
    main()
