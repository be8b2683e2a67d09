"""The main job end to end on one account folder: what ``make demo`` runs.

Ingest an account folder (account.json + docs/), extract the candidate record
with the chosen engine, and write the three things a person looks at: the JSON
contract, the Markdown handoff document and the self-contained review page,
plus the completeness check. A library function, so a test can run it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from extractor.atomic_io import write_text_atomic
from extractor.grounding import is_grounded
from extractor.handoff.check import CheckResult, check_record
from extractor.ingest import IngestReport, ingest_paths
from extractor.pipeline import extract_account, render_record


class DemoResult(BaseModel):
    """Where the outputs went and what they hold, for the CLI to print."""

    account: str
    ingest: IngestReport
    counts: dict[str, int]
    evidence_quotes: int
    grounded_quotes: int  # re-checked against the stored text at their offsets
    check: CheckResult
    outputs: dict[str, Path]


def run_demo(account_dir: Path, out_dir: Path, store: Any, *, engine: str = "local",
             account: str | None = None) -> DemoResult:
    """Ingest ``account_dir``, extract its record and write record/handoff/review files.

    Args:
        account_dir: a folder with ``docs/`` (and optionally ``account.json``).
        out_dir: created if missing; existing demo files are overwritten.
        store: an ``extractor.store.AccountStore``.
        engine: extraction engine name.
        account: account slug (default: the folder's name).
    """
    slug = account or account_dir.resolve().name
    report = ingest_paths([account_dir], slug, store)
    record = extract_account(store, slug, engine=engine)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {"record": out_dir / "record.json", "handoff": out_dir / "handoff.md",
               "review": out_dir / "review.html"}
    formats = {"record": "json", "handoff": "md", "review": "html"}
    for name, path in outputs.items():
        write_text_atomic(path, render_record(record, formats[name], store))
    categories = ("success_criteria", "stakeholders", "expansion_signals", "risks")
    counts = {c: len(record.items(c)) for c in categories}
    documents = {d.doc_id: d for d in store.documents(slug)}
    evidence = [e for c in categories for item in record.items(c) for e in item.evidence]
    verified = sum(1 for e in evidence
                   if e.doc_id in documents and is_grounded(e, documents[e.doc_id]))
    check = check_record(record, store.account_info(slug))
    return DemoResult(account=slug, ingest=report, counts=counts,
                      evidence_quotes=len(evidence), grounded_quotes=verified,
                      check=check, outputs=outputs)
