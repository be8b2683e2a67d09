"""Risk status rules: the latest decisive mention wins, clause order and caveats."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.engines.local.risk_status import latest_status, mention_status
from extractor.models import RiskStatus

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("Import job fixed and deployed Tuesday, no errors since.", RiskStatus.RESOLVED),
    ("Vendor confirmed the patch is live. Closed.", RiskStatus.RESOLVED),
    ("Workaround in place: ops re-run the export by hand each morning.", RiskStatus.MITIGATED),
    ("Fix applied; monitoring daily for the first month.", RiskStatus.MITIGATED),
    ("Still no owner for the upload, nobody has done May.", RiskStatus.OPEN),
    ("Closed in March via a setting; the new release reset it.", RiskStatus.OPEN),
    ("Hours rule done; overtime rule still in test.", RiskStatus.OPEN),
    ("Half the rows cleaned, about 200 left, team on it weekly.", RiskStatus.MITIGATED),
    ("Patch has not been fixed yet.", RiskStatus.OPEN),
    ("Interim polling in place. Still open: real-time feed, no ETA.", RiskStatus.OPEN),
    ("| R-07 | Feed gaps | Open | Closed |", RiskStatus.RESOLVED),
    ("Fix is live, stable for a month; we switched off the workaround script.",
     RiskStatus.RESOLVED),
    # regression testing is not a regression; "That one's done" closes it
    ("Both directions working. We ran the full regression yesterday, no errors. That one's done.",
     RiskStatus.RESOLVED),
    ("Found a regression in the 4.2 release, totals wrong again.", RiskStatus.OPEN),
    # "until fixed" is the condition on a stop-gap, not a fix
    ("Manual check of printed records weekly until fixed.", RiskStatus.MITIGATED),
    ("Policy review done about halfway, recommendation in August.", RiskStatus.MITIGATED),
    ("R-04 open.", RiskStatus.OPEN),
    # the lack of a stop-gap is not a stop-gap
    ("There is no further contingency: any further slip moves the price change.",
     RiskStatus.OPEN),
    ("No workaround yet, the team re-keys every order.", RiskStatus.OPEN),
    # a fix with part of the work still to come is under control, not gone
    ("Release installed. Test with operator 1 passed; operator 2 scheduled 21 July.",
     RiskStatus.MITIGATED),
    ("Fix deployed and closed; retro scheduled for Friday.", RiskStatus.RESOLVED),
    ("Retest was ten out of ten in the inbox. The Safe Links detonation is gone.",
     RiskStatus.RESOLVED),
    # a residual count of the problem after a fix: under control, not gone
    ("Nightly sync ran clean Mon/Tue. 1.4% unmatched.", RiskStatus.MITIGATED),
    ("Nightly sync ran clean, zero exceptions and 0 errors since Monday.", RiskStatus.RESOLVED),
    # a tracker row's status column is one signal in reading order, not an override
    ("| R-04 | Duplicate invoices | Closed |\nUpdate 29 Apr (after the export): R-04 reopened.",
     RiskStatus.OPEN),
    ("R-04 reopened on 29 Apr.\n| R-04 | Duplicate invoices | Closed |", RiskStatus.RESOLVED),
    # the status column is a cell holding just the status; a free-text update that starts
    # with a status word is read clause by clause
    ("| R-02 | Part 11 print | High | Open (reopened 9 May) | Closed 12 Mar via a config flag; "
     "release 26.3 reset the flag. |", RiskStatus.OPEN),
    ("| R-07 | MO leaving 7/31 | - | Open - Med | DK interim owner from 7/1 |", RiskStatus.OPEN),
    ("| R-01 | Ledger tie-out | **Closed** | all 36 properties tie to the GL |",
     RiskStatus.RESOLVED),
])
def test_mention_status(text: str, expected: RiskStatus) -> None:
    assert mention_status(text) == expected


def test_mention_without_status_language_is_not_decisive() -> None:
    assert mention_status("Thanks again for the patience on the billing issue.") is None


def test_open_items_heading_is_not_a_status() -> None:
    """A list headed "Open items:" names topics; it does not reopen each of them."""
    assert mention_status("Open items: handsets (board, 2 June); the real-time interface.") is None


def test_later_decisive_mention_wins() -> None:
    """A risk raised in March and fixed in May is resolved."""
    dated = [(D(2026, 3, 2), "Sync drops every third record, this is a blocker."),
             (D(2026, 5, 11), "Sync fixed, zero errors in two weeks.")]
    assert latest_status(dated) == RiskStatus.RESOLVED


def test_later_neutral_mention_defers_to_earlier_decisive_one() -> None:
    dated = [(D(2026, 3, 2), "The SSO change was blocked by the freeze."),
             (D(2026, 4, 1), "SSO: fixed and signed off by IT."),
             (D(2026, 6, 1), "Kind words from the CIO about how the SSO work went.")]
    assert latest_status(dated) == RiskStatus.RESOLVED


def test_reopened_after_fix_is_open() -> None:
    dated = [(D(2026, 3, 2), "Print defect fixed, closing."),
             (D(2026, 5, 13), "The defect is missing again after the upgrade - reopened.")]
    assert latest_status(dated) == RiskStatus.OPEN


def test_no_status_language_anywhere_is_open() -> None:
    assert latest_status([(D(2026, 3, 2), "The data feed has duplicates in it.")]) == \
        RiskStatus.OPEN


def test_a_line_listing_several_topics_is_read_at_this_items_part() -> None:
    """"Phase 1 live since June" in a summary line does not close the Phase 2 slip."""
    from extractor.engines.base import ExtractionContext
    from extractor.engines.local.analysis import Analysis, Candidate, Group
    from extractor.engines.local.risks import _status
    from extractor.models import RiskCategory
    from extractor.parsing import parse_bytes

    status = ("Weekly status\n\nPhase 2 (Day Surgery Unit): ventilation works will not finish "
              "until October. Phase 2 go-live likely to slip from September to November.\n")
    summary = ("Handover\n\nSummary: Phase 1 live since 29 June; Phase 2 (Day Surgery Unit) "
               "now week of 16 November; utilisation target 82% by end of Q4.\n")
    docs = [parse_bytes(status.encode(), account="c", source="docs/2026-07-03-status.txt"),
            parse_bytes(summary.encode(), account="c", source="docs/2026-08-26-handover.md")]
    analysis = Analysis(docs, ExtractionContext(account="c", as_of=D(2026, 9, 1)))
    seed = next(u for u in analysis.units if "likely to slip" in u.text)
    line = next(u for u in analysis.units if "Summary" in u.text)
    group = Group([Candidate(seed, 0.9), Candidate(line, 0.6)])
    assert mention_status(line.text) == RiskStatus.RESOLVED  # read whole, Phase 1 closes it
    assert _status(group, analysis, RiskCategory.TIMELINE) == RiskStatus.OPEN
