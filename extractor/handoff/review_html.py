"""The review page: one self-contained HTML file the implementation lead opens from disk.

Everything the page needs (record, source texts, field schema, CSS, JS) is inside
the file, so it works offline and can be mailed around. Data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so
no document text can close the script element or inject markup.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import types
import typing
from enum import Enum
from typing import Any

from extractor.documents import Document
from extractor.handoff.common import CATEGORY_TITLES, ensure_ids
from extractor.handoff.review_assets import CSS, JS
from extractor.models import CATEGORIES, HandoffRecord, PersonStatus, RiskStatus

_NOT_EDITABLE = {"id", "evidence", "confidence", "review"}
_LABEL_FIELD = {"success_criteria": "statement", "stakeholders": "name",
                "expansion_signals": "summary", "risks": "summary"}
_LONG = {"notes", "statement", "summary", "mitigation", "context"}


def _field_type(name: str, annotation: Any) -> dict[str, Any]:
    """How the page edits one field: enum options, bool, date, list or text."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    nullable = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    base = args[0] if nullable and args else annotation
    spec: dict[str, Any] = {"name": name, "nullable": nullable, "type": "text"}
    if isinstance(base, type) and issubclass(base, Enum):
        spec.update(type="enum", options=[member.value for member in base])
    elif base is bool:
        spec["type"] = "bool"
    elif base is dt.date:
        spec["type"] = "date"
    elif typing.get_origin(base) is list:
        spec["type"] = "list"
    elif name in _LONG:
        spec["type"] = "long"
    return spec


def field_schema() -> dict[str, list[dict[str, Any]]]:
    """Editable fields per category, read from the record models (so they never drift)."""
    return {
        category: [_field_type(name, info.annotation)
                   for name, info in model.model_fields.items() if name not in _NOT_EDITABLE]
        for category, model in CATEGORIES.items()
    }


def _documents(documents: list[Document]) -> dict[str, dict[str, Any]]:
    return {doc.doc_id: {"source": doc.source, "date": doc.date.isoformat(),
                         "title": doc.title, "text": doc.text} for doc in documents}


def _script_json(data: Any) -> str:
    """JSON safe inside a script element: no ``</script>``, ``<!--`` or entity surprises."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _options(values: list[str], label: str) -> str:
    items = "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)
    return f'<option value="">{html.escape(label)}</option>{items}'


def _header(record: HandoffRecord) -> str:
    statuses = list(dict.fromkeys([s.value for s in RiskStatus] + [s.value for s in PersonStatus]))
    cats = "".join(f'<option value="{k}">{html.escape(v)}</option>'
                   for k, v in CATEGORY_TITLES.items())
    signed = (f'<span id="signoff">signed off by {html.escape(record.signoff.reviewer)} '
              f"on {record.signoff.at:%Y-%m-%d}</span>" if record.signoff else "")
    return f"""<header>
<h1>Handoff review: {html.escape(record.account)} <small>as of {record.as_of}</small></h1>
{signed}
<label>Category <select id="f-category"><option value="">all</option>{cats}</select></label>
<label>Review <select id="f-review">{_options(
        ["unreviewed", "accepted", "edited", "rejected"], "all")}</select></label>
<label>Status <select id="f-status">{_options(statuses, "all")}</select></label>
<label>Confidence <select id="f-confidence">{_options(
        ["high", "medium", "low"], "all")}</select></label>
<label>Reviewer <input id="reviewer" type="text" placeholder="your name"></label>
<button id="export" class="primary" type="button">Export reviewed JSON</button>
<span id="tally"></span>
</header>"""


def render_review_html(record: HandoffRecord, documents: list[Document]) -> str:
    """The self-contained review page for one record.

    Args:
        record: the draft (or previously reviewed) record; items without ids get one.
        documents: the account's stored documents; evidence is highlighted in their text.

    Returns:
        A complete HTML document (inline CSS/JS, no external assets).
    """
    record = ensure_ids(record)
    data = {
        "record": json.loads(record.model_dump_json(by_alias=True)),
        "documents": _documents(documents),
        "schema": field_schema(),
        "categories": [{"key": key, "title": title, "label": _LABEL_FIELD[key]}
                       for key, title in CATEGORY_TITLES.items()],
        "export_name": f"{_slug(record.account)}-reviewed.json",
    }
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Handoff review: {html.escape(record.account)}</title>
<style>{CSS}</style></head>
<body>
{_header(record)}
<main>
<div id="items"></div>
<aside id="viewer"><div class="head"><div class="name" id="doc-name">Source document</div>
<div class="meta" id="doc-meta">Click an item or a quote to see it in its document.</div></div>
<pre id="doc-text"></pre></aside>
</main>
<script type="application/json" id="handoff-data">{_script_json(data)}</script>
<script>{JS}</script>
</body></html>
"""


def _slug(name: str) -> str:
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in name).split()) or "record"
