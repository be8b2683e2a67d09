"""Unit similarity, which groups mentions into items, ignores date phrases: two notes
written the same week share dates, not topics."""

from __future__ import annotations

import datetime as dt

from extractor.engines.base import ExtractionContext
from extractor.engines.local.analysis import Analysis
from extractor.parsing import parse_bytes

CONTEXT = ExtractionContext(account="east", as_of=dt.date(2026, 5, 20), customer="Eastgate",
                            vendor="Keyhaven")
NOTES = (
    "Handover summary\n\n"
    "- Brookfield acquisition (July): 6 props, ~1,100 units, 9 users. Pricing asked 4/17\n"
    "- Maintenance module: demo booked 28 May (pitched 4/16)\n"
    "- Brookfield portfolio pricing for the 9 extra users still with the AE\n"
)


def test_shared_dates_do_not_make_mentions_similar() -> None:
    doc = parse_bytes(NOTES.encode(), account="east", source="docs/2026-05-15-handover.md")
    analysis = Analysis([doc], CONTEXT)
    brookfield, demo, again = (next(u for u in analysis.units if word in u.text)
                               for word in ("acquisition", "demo", "portfolio"))
    assert analysis.similarity(brookfield, demo) == 0.0  # "4/16", "4/17" are dates, not topics
    assert analysis.similarity(brookfield, again) > 0.2
