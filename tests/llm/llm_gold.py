"""Turn a labelled account's gold.json into the reply a perfect model would give."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from extractor.documents import Document
from extractor.engines.base import ExtractionContext
from extractor.models import CATEGORIES
from extractor.parsing import parse_file

_SKIP = {"id", "evidence"}


def load_account(root: Path) -> tuple[list[Document], ExtractionContext, dict[str, Any]]:
    """Parsed documents, the extraction context and the gold labels of one account folder."""
    info = json.loads((root / "account.json").read_text(encoding="utf-8"))
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    slug = root.name
    docs = [parse_file(path, account=slug, source=f"docs/{path.name}")
            for path in sorted((root / "docs").iterdir())]
    context = ExtractionContext(account=slug, as_of=dt.date.fromisoformat(info["as_of"]),
                                customer=info.get("account"), vendor=info.get("vendor"),
                                product=info.get("product"))
    return docs, context, gold


def gold_reply(gold: dict[str, Any], documents: list[Document]) -> dict[str, Any]:
    """The gold items in reply-schema form, quoting the parsed documents by id."""
    ids = {doc.source: doc.doc_id for doc in documents}
    reply: dict[str, Any] = {}
    for category in CATEGORIES:
        items = []
        for item in gold.get(category, []):
            out = {k: v for k, v in item.items() if k not in _SKIP}
            out["quotes"] = [{"doc_id": ids.get(ev["doc"], ev["doc"]), "quote": ev["quote"]}
                             for ev in item.get("evidence", [])]
            items.append(out)
        reply[category] = items
    return reply
