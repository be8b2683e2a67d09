"""Account-bootstrap intervals around the eval's headline numbers."""

from __future__ import annotations

from eval.intervals import bootstrap_intervals
from eval.scoring import Tally


def _tally(tp: int, fp: int, fn: int, right: int, total: int) -> Tally:
    tally = Tally()
    tally.tp["risks"], tally.fp["risks"], tally.fn["risks"] = tp, fp, fn
    tally.field_right["risks.status"], tally.field_total["risks.status"] = right, total
    return tally


def test_identical_accounts_give_a_zero_width_interval() -> None:
    intervals = bootstrap_intervals([_tally(3, 1, 1, 2, 4)] * 10)
    assert intervals["fields/risks.status"] == [0.5, 0.5]
    assert intervals["categories/risks/f1"] == [0.75, 0.75]


def test_interval_brackets_the_pooled_value_and_is_reproducible() -> None:
    tallies = [_tally(4, 0, 0, 4, 4), _tally(1, 3, 3, 0, 4), _tally(2, 1, 2, 3, 4),
               _tally(3, 2, 0, 1, 4), _tally(5, 1, 1, 4, 5)]
    low, high = bootstrap_intervals(tallies)["fields/risks.status"]
    pooled = sum(t.field_right["risks.status"] for t in tallies) / sum(
        t.field_total["risks.status"] for t in tallies)
    assert low < pooled < high
    assert bootstrap_intervals(tallies) == bootstrap_intervals(tallies)
    assert bootstrap_intervals(tallies, seed=1) != bootstrap_intervals(tallies)


def test_accounts_without_matched_items_do_not_break_a_field() -> None:
    intervals = bootstrap_intervals([_tally(0, 0, 2, 0, 0), _tally(2, 0, 0, 1, 2)] * 3)
    low, high = intervals["fields/risks.status"]
    assert 0.0 <= low <= high <= 1.0


def test_one_account_has_no_interval() -> None:
    assert bootstrap_intervals([_tally(1, 1, 1, 1, 1)]) == {}
