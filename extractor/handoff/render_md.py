"""Markdown handoff document: what an implementation lead sends the CSM.

It follows the internal handoff meeting's agenda: account context, success
criteria (vague ones with the question to ask), stakeholder walkthrough,
expansion signals with who/when/context, open risks with mitigations, the
30-60-90 plan, the NRR forecast with its inputs, and citations for every claim.
"""

from __future__ import annotations

from typing import Any

from extractor.handoff.check import CheckResult, check_record, question_for, replacement_for
from extractor.handoff.common import as_mapping, cite, contract_of, live
from extractor.handoff.forecast import Forecast, forecast_nrr
from extractor.handoff.plan import Plan, build_plan
from extractor.models import HandoffRecord, Item, PersonStatus, RiskStatus


def _md(text: Any) -> str:
    """Inline text made safe for a markdown table cell or list line."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _cites(item: Item) -> str:
    return " ".join(dict.fromkeys(cite(ev) for ev in item.evidence)) or "[no evidence]"


def _context(record: HandoffRecord, account_info: Any) -> list[str]:
    info = as_mapping(account_info)
    lines = [f"# Handoff: {info.get('account') or record.account}", ""]
    facts = [("Vendor / product", " / ".join(str(info[k]) for k in ("vendor", "product")
                                             if info.get(k))),
             ("Handoff date (as of)", str(info.get("as_of") or record.as_of))]
    for key, value in contract_of(account_info, record).items():
        facts.append((key.replace("_", " "), f"{value:,}" if isinstance(value, int) else value))
    lines += ["## Account context", ""]
    lines += [f"- **{name}:** {_md(value)}" for name, value in facts if value]
    if record.signoff:
        lines.append(f"- **Signed off by:** {record.signoff.reviewer} on "
                     f"{record.signoff.at:%Y-%m-%d %H:%M} UTC "
                     f"({len(record.signoff.edited)} items edited)")
    elif record.engine:
        lines.append(f"- **Status:** draft from the `{record.engine}` engine, not yet reviewed")
    return [*lines, ""]


def _criteria(record: HandoffRecord) -> list[str]:
    lines = ["## Success criteria", ""]
    criteria = live(record, "success_criteria")
    if not criteria:
        return [*lines, "_None recorded: agree them with the customer in the first call._", ""]
    for c in criteria:
        parts = [f"metric: {c.metric}" if c.metric else "", f"baseline: {c.baseline}"
                 if c.baseline else "", f"target: {c.target}" if c.target else "",
                 f"due: {c.due.isoformat()}" if c.due else ""]
        detail = "; ".join(p for p in parts if p)
        lines.append(f"- **{_md(c.statement)}**" + (f" ({_md(detail)})" if detail else "")
                     + f" {_cites(c)}")
        if not c.measurable:
            lines.append(f"  - ⚠ Not measurable yet. Ask: {_md(question_for(c))}")
    return [*lines, ""]


def _stakeholders(record: HandoffRecord) -> list[str]:
    people = live(record, "stakeholders")
    lines = ["## Stakeholder map", ""]
    if not people:
        return [*lines, "_No stakeholders recorded._", ""]
    lines += ["| Name | Title | Role | Stance | Influence | Status | Assessment | Sources |",
              "|---|---|---|---|---|---|---|---|"]
    for p in people:
        status = p.status.value
        if p.status in (PersonStatus.LEAVING, PersonStatus.LEFT):
            successor = replacement_for(p, people)
            status = f"**{status}** → {successor.name if successor else 'replacement unknown'}"
        lines.append("| " + " | ".join(_md(x) for x in (
            p.name, p.title or "", p.role.value.replace("_", " "), p.stance.value,
            p.influence.value, status, p.notes or "", _cites(p))) + " |")
    return [*lines, ""]


def _signals(record: HandoffRecord) -> list[str]:
    lines = ["## Expansion signals", "",
             "_Hypotheses for the first QBR cycle; not pitched before go-live._", ""]
    signals = live(record, "expansion_signals")
    if not signals:
        return [*lines, "_None recorded._", ""]
    for s in signals:
        who = s.mentioned_by or "unattributed"
        when = s.date.isoformat() if s.date else "undated"
        how = "unprompted" if s.unprompted else "vendor-pitched"
        lines.append(f"- **{_md(s.summary)}** ({s.kind.value.replace('_', ' ')}; {how}; "
                     f"raised by {_md(who)} on {when}) {_cites(s)}")
        if s.context:
            lines.append(f"  - Context: {_md(s.context)}")
    return [*lines, ""]


def _risks(record: HandoffRecord) -> list[str]:
    lines = ["## Open risks and configuration debt", ""]
    risks = [r for r in live(record, "risks") if r.status != RiskStatus.RESOLVED]
    order = {"high": 0, "medium": 1, "low": 2}
    risks.sort(key=lambda r: order[r.severity.value])
    if not risks:
        lines.append("_No open risks recorded._")
    for r in risks:
        mitigation = r.mitigation or "**none recorded: needs an owner**"
        lines.append(f"- **[{r.severity.value}] {_md(r.summary)}** ({r.category.value}, "
                     f"{r.status.value}) - mitigation: {_md(mitigation)} {_cites(r)}")
    resolved = [r for r in live(record, "risks") if r.status == RiskStatus.RESOLVED]
    if resolved:
        lines += ["", "Resolved during implementation (for context):"]
        lines += [f"- {_md(r.summary)} {_cites(r)}" for r in resolved]
    return [*lines, ""]


def _plan(plan: Plan) -> list[str]:
    lines = ["## Proposed 30-60-90 day plan", ""]
    for days in (30, 60, 90):
        lines += [f"**By day {days}**", ""]
        entries = plan.window(days) or []
        lines += [f"- {_md(line.action)}" + (f" (items: {', '.join(line.item_ids)})"
                                            if line.item_ids else "") for line in entries]
        lines += ["- _nothing specific_"] if not entries else []
        lines.append("")
    return lines


def _forecast(forecast: Forecast) -> list[str]:
    lines = ["## NRR forecast", ""]
    if not forecast.produced:
        return [*lines, "No forecast: missing inputs " + ", ".join(forecast.missing) + ".", ""]
    f = forecast
    lines.append(f"Range **{f.base.value:.0%} (base) - {f.upside.value:.0%} (all signals "
                 f"convert)**, calibrated estimate **{f.calibrated.value:.0%}**.")
    lines += ["", "| Figure | Value | Formula | Inputs |", "|---|---|---|---|"]
    for fig in f.figures:
        inputs = ", ".join(f"{k}={v}" for k, v in fig.inputs.items())
        lines.append(f"| {fig.name} | {fig.value:g} | {_md(fig.formula)} | {_md(inputs)} |")
    if f.signals:
        lines += ["", "| Signal | Kind | Unprompted | p | Value (×ACV) | p×value |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {_md(t.summary)} ({t.item_id}) | {t.kind.value} | {t.unprompted} | "
                  f"{t.probability:g} | {t.value:g} | {t.weighted:g} |" for t in f.signals]
    lines += ["", *[f"- {note}" for note in f.notes]]
    if f.acv:
        money = ", ".join(f"{fig.name} {f.currency} {f.acv * fig.value:,.0f}"
                          for fig in (f.base, f.calibrated, f.upside))
        lines.append(f"- In ARR a year on (ACV {f.currency} {f.acv:,.0f} × figure): {money}.")
    return [*lines, ""]


def forecast_section(forecast: Forecast) -> str:
    """The forecast section alone (for ``handoff forecast``)."""
    return "\n".join(_forecast(forecast)).rstrip() + "\n"


def _gaps(check: CheckResult) -> list[str]:
    lines = ["## Completeness", "", f"Completeness score **{check.score:.2f}**."]
    if check.failures:
        lines += ["", "Still missing before close-out:"]
        lines += [f"- {_md(f.message)}" for f in check.failures]
    return [*lines, ""]


def render_markdown(record: HandoffRecord, *, account_info: Any = None,
                    check: CheckResult | None = None, forecast: Forecast | None = None,
                    plan: Plan | None = None) -> str:
    """The handoff document as markdown, citing [source, date] for every item.

    Args:
        record: the record to present (rejected items are left out).
        account_info: account.json facts for the context section, if known.
        check: a completeness result to list what is still missing (computed if None).
        forecast: an NRR forecast with its inputs and formulas (computed if None).
        plan: a 30-60-90 plan (computed if None).
    """
    check = check or check_record(record, account_info)
    forecast = forecast or forecast_nrr(record, account_info)
    plan = plan or build_plan(record)
    sections = [_context(record, account_info), _criteria(record), _stakeholders(record),
                _signals(record), _risks(record), _plan(plan), _forecast(forecast),
                _gaps(check)]
    return "\n".join(line for section in sections for line in section).rstrip() + "\n"
