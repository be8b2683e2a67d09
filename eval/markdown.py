"""The eval report as Markdown, for a PR comment or a BENCHMARKS.md entry."""

from __future__ import annotations

from typing import Any

from eval.intervals import format_interval
from eval.report import EvalReport

MISSES_PER_ACCOUNT = 8


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return [*lines, ""]


def _clip(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _headline(report: EvalReport) -> list[str]:
    lines = [f"# Eval: {report.engine}" + (f" ({report.model})" if report.model else ""), "",
             f"Dataset `{report.dataset}`, {report.accounts} accounts, "
             f"{report.seconds:.1f} s, {report.created_at}.", ""]
    rows = [["micro", _pct(report.micro.precision), _pct(report.micro.recall),
             _pct(report.micro.f1), "", "", ""]]
    rows += [[c, _pct(s.precision), _pct(s.recall), _pct(s.f1), s.tp, s.fp, s.fn]
             for c, s in report.categories.items()]
    lines += _table(["category", "precision", "recall", "F1", "tp", "fp", "fn"], rows)
    lines += [f"Macro F1 **{report.macro_f1:.3f}**; grounding rate **{report.grounding_rate:.3f}**"
              f" ({report.grounding.get('grounded', 0)}/{report.grounding.get('checked', 0)} "
              f"evidence quotes); matches by route: {report.matches_by_route}; "
              f"gold quotes located: {report.gold_quotes}.", ""]
    qa = report.qa
    lines += [f"Q&A: hit@{qa.k} {_pct(qa.hit_at_k)}, mention rate {_pct(qa.mention_rate)}, "
              f"{qa.questions} questions, {qa.failed} failed.", ""]
    lines += [f"**Warning:** {warning}." for warning in report.warnings]
    if report.warnings:
        lines.append("")
    if report.cv is not None:
        lines += [f"Leave-one-account-out: micro F1 {report.cv.micro.f1:.3f} "
                  f"({format_interval(report.cv.intervals.get('micro/f1'))}), "
                  f"macro F1 {report.cv.macro_f1:.3f}.", ""]
    else:
        lines += ["No cross-validation: the engine does not fit to these labels.", ""]
    return lines


def _fields(report: EvalReport) -> list[str]:
    lines = ["## Field accuracy on matched pairs", "",
             "Intervals: 95% bootstrap over accounts (eval/intervals.py).", ""]
    lines += _table(["field", "accuracy", "interval"],
                    [[k, _pct(v), format_interval(report.intervals.get(f"fields/{k}"))]
                     for k, v in report.fields.items()])
    if report.cv is not None:
        lines += ["Leave-one-account-out:", ""]
        lines += _table(["field", "accuracy", "interval"],
                        [[k, _pct(v), format_interval(report.cv.intervals.get(f"fields/{k}"))]
                         for k, v in report.cv.fields.items()])
    lines += ["## Free-text similarity (not in F1)", ""]
    lines += _table(["field", "similarity"], [[k, _pct(v)] for k, v in report.free_text.items()])
    return lines


def _accounts(report: EvalReport) -> list[str]:
    lines = ["## Per account", ""]
    rows = [[slug, s.status, _pct(s.micro.f1), _pct(s.micro.precision), _pct(s.micro.recall),
             _pct(s.grounding_rate), _pct(s.qa.hit_at_k if s.qa else None),
             f"{s.seconds:.1f}", _clip(s.error, 60)]
            for slug, s in report.per_account.items()]
    return lines + _table(["account", "status", "F1", "P", "R", "grounding", "hit@k",
                           "s", "error"], rows)


def _misses(report: EvalReport) -> list[str]:
    lines = ["## Worst misses", ""]
    for slug, section in report.per_account.items():
        if not (section.unmatched_gold or section.unmatched_predictions
                or section.field_errors):
            continue
        lines += [f"### {slug}", ""]
        for miss in section.unmatched_gold[:MISSES_PER_ACCOUNT]:
            lines.append(f"- missed {miss.category} `{miss.id}`: {_clip(miss.text)} "
                         f"(\"{_clip(miss.quote, 70)}\", {miss.doc})")
        for miss in section.unmatched_predictions[:MISSES_PER_ACCOUNT]:
            lines.append(f"- unmatched prediction {miss.category}: {_clip(miss.text)} "
                         f"(\"{_clip(miss.quote, 70)}\", {miss.doc})")
        for error in section.field_errors[:MISSES_PER_ACCOUNT]:
            lines.append(f"- wrong {error.category}.{error.field} on `{error.gold_id}`: "
                         f"gold {error.gold!r}, predicted {error.predicted!r}")
        lines.append("")
    return lines


def render_markdown(report: EvalReport, deltas: dict[str, dict[str, Any]] | None = None) -> str:
    """The whole report as Markdown; with ``deltas`` a comparison section is added."""
    lines = _headline(report)
    if deltas:
        lines += ["## Against the baseline", ""]
        lines += _table(["metric", "baseline", "current", "delta"],
                        [[k, _pct(d["baseline"]), _pct(d["current"]),
                          "n/a" if d["delta"] is None else f"{d['delta']:+.3f}"]
                         for k, d in deltas.items()])
    lines += _fields(report) + _accounts(report) + _misses(report)
    return "\n".join(lines).rstrip() + "\n"
