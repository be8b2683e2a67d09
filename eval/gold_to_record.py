"""Turn a labelled account's gold.json into a HandoffRecord with located evidence.

The result is what a perfect engine would return: the eval tests use it as the
"perfect prediction", and other areas (review page, exports) use it as a
realistic fixture. Evidence offsets are computed by code from the gold quotes,
exactly as an engine's would be.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eval.corpus import parse_account
from eval.dataset import GoldItem, load_account
from eval.locate import find_document
from extractor.documents import Document
from extractor.grounding import evidence_for
from extractor.models import CATEGORIES, Evidence, HandoffRecord


def _evidence(item: GoldItem, documents: Sequence[Document]) -> list[Evidence]:
    found = []
    for quote in item.evidence:
        doc = find_document(documents, quote.doc)
        evidence = evidence_for(doc, quote.quote) if doc is not None else None
        if evidence is not None:
            found.append(evidence)
    return found


def gold_record(account_dir: Path, documents: Sequence[Document] | None = None
                ) -> HandoffRecord:
    """The gold labels of ``account_dir`` as a HandoffRecord (engine name "gold").

    Args:
        account_dir: a labelled account directory (account.json, docs/, gold.json).
        documents: its parsed documents, when the caller already has them;
            otherwise the docs are parsed with ``extractor.parsing.parse_file``.

    Returns:
        The record, with each item's evidence located in the stored text; quotes
        that cannot be located are left out (the item keeps its other evidence).

    Raises:
        InputError: missing or invalid label files.
    """
    account = load_account(Path(account_dir))
    if documents is None:
        documents = parse_account(account).documents
    record = HandoffRecord(account=account.slug, as_of=account.as_of, engine="gold")
    for category, model in CATEGORIES.items():
        items = [model.model_validate({**g.fields, "id": g.id,
                                       "evidence": _evidence(g, documents)})
                 for g in account.gold.get(category, [])]
        setattr(record, category, items)
    return record
