"""Every gold evidence quote of the dev set is found in the parsed text (exact or folded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.grounding import align, fold
from extractor.models import Alignment
from extractor.parsing import parse_file

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"
SECTIONS = ("success_criteria", "stakeholders", "expansion_signals", "risks")


def test_every_dev_gold_quote_is_findable():
    if not DEV.is_dir():
        pytest.skip(f"labelled dev set not found at {DEV}")
    total, missing = 0, []
    for account in sorted(p for p in DEV.iterdir() if p.is_dir()):
        gold = json.loads((account / "gold.json").read_text(encoding="utf-8"))
        cache: dict[str, tuple] = {}
        for section in SECTIONS:
            for item in gold.get(section, []):
                for evidence in item.get("evidence", []):
                    rel = evidence["doc"]
                    if rel not in cache:
                        doc = parse_file(account / rel, account=account.name, source=rel)
                        cache[rel] = (doc, fold(doc.text))
                    doc, folded = cache[rel]
                    total += 1
                    span = align(doc.text, evidence["quote"], fuzzy_threshold=101,
                                 folded_text=folded)
                    if span is None or span.alignment not in (Alignment.EXACT,
                                                              Alignment.NORMALIZED):
                        missing.append(f"{account.name}/{rel}: {evidence['quote'][:60]!r}")
    assert total > 0
    assert not missing, f"{len(missing)}/{total} gold quotes not found:\n" + "\n".join(missing)
