"""HTML table cells render one per line, but each cell still knows its row: a RAID
row's id and status column belong with its description."""

from __future__ import annotations

import datetime as dt

from extractor.engines.base import ExtractionContext
from extractor.engines.local.analysis import Analysis, Candidate, Group
from extractor.engines.local.risks import _severity, _status
from extractor.models import Level, RiskCategory, RiskStatus
from extractor.parsing import parse_bytes
from extractor.segmentation import segment_document

RAID = b"""<html><body><h1>Eastgate - RAID</h1>
<table>
<tr><th>ID</th><th>Description</th><th>Pri</th><th>Status</th><th>Update</th></tr>
<tr><td>R-01</td><td>Opening ledger balances don't tie to the GL for 221 ledgers</td>
    <td>High</td><td>Closed</td><td>All 36 properties tie to Intacct</td></tr>
<tr><td>R-02</td><td>Intacct knowledge leaves with the departing accounting manager</td>
    <td>Med</td><td>Open</td><td>2 KT recordings done</td></tr>
</table>
<p>Next review on Friday.</p>
</body></html>"""
NOTES = ("Kickoff notes\n\n- Opening ledger balances from the old system don't tie to the GL "
         "for some properties, known issue.\n")


def _raid():  # type: ignore[no-untyped-def]
    return parse_bytes(RAID, account="e", source="docs/2026-05-15-raid-log.html")


def test_the_parser_records_each_row_as_a_span_of_the_text() -> None:
    doc = _raid()
    rows = [doc.text[s:e] for s, e in doc.metadata["table_rows"]]
    assert rows[0] == "ID\nDescription\nPri\nStatus\nUpdate"  # not the "ID" inside "RAID"
    assert rows[1].startswith("R-01\n") and rows[1].endswith("tie to Intacct")
    assert len(rows) == 3


def test_a_cell_keeps_its_text_and_knows_its_row() -> None:
    units = segment_document(_raid())
    cell = next(u for u in units if u.text.startswith("Opening ledger"))
    assert cell.row.startswith("R-01 | Opening ledger") and "| Closed |" in cell.row
    assert next(u for u in units if u.text.startswith("Next review")).row == ""


def test_the_row_status_column_decides_the_item() -> None:
    notes = parse_bytes(NOTES.encode(), account="e", source="docs/2026-01-27-kickoff.md")
    analysis = Analysis([notes, _raid()], ExtractionContext(account="e", as_of=dt.date(2026, 6, 1)))
    first = next(u for u in analysis.units if "known issue" in u.text)
    cell = next(u for u in analysis.units if u.text.startswith("Opening ledger balances don't"))
    group = Group([Candidate(first, 0.9), Candidate(cell, 0.8)])
    assert _status(group, analysis, RiskCategory.DATA_QUALITY) == RiskStatus.RESOLVED
    assert _severity(group, RiskCategory.DATA_QUALITY) == Level.HIGH  # the row's "High" column


def test_a_ticket_row_dates_the_ask_from_its_created_column() -> None:
    """An expansion logged as a ticket was raised when the ticket was created."""
    from extractor.engines.local.expansion import event_date

    tickets = (b"<table><tr><th>Key</th><th>Summary</th><th>Created</th><th>Updated</th></tr>"
               b"<tr><td>PRJ-151</td><td>CR-04: Nightly bus roster export to RouteWise for the "
               b"Transportation dept - new scope</td><td>26/Mar/26</td><td>08/Apr/26</td></tr>"
               b"</table>")
    doc = parse_bytes(tickets, account="p", source="docs/2026-04-09-ticket-export.html")
    analysis = Analysis([doc], ExtractionContext(account="p", as_of=dt.date(2026, 6, 1)))
    cell = next(u for u in analysis.units if u.text.startswith("CR-04"))
    assert event_date(cell, analysis) == dt.date(2026, 3, 26)
