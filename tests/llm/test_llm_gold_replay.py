"""Real documents through the LLM pipeline with a 'perfect model' (the gold labels as its reply).

This checks the parts a model cannot fix: that gold quotes align to the parsed
text, that ordinary implementation notes never trip the injection filter, and
that the record keeps (nearly) every labelled item. It runs against the
scripted server on 127.0.0.1, not a cassette, so parser changes do not break it.
"""

from __future__ import annotations

import json
from pathlib import Path

from llm_fake_server import completion
from llm_gold import gold_reply, load_account

from extractor.engines import get_engine

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northwind-logistics"


def test_gold_labels_survive_the_pipeline(live_fake, engine_options):
    docs, context, gold = load_account(EXAMPLE)
    body = gold_reply(gold, docs)
    live_fake.push(*[completion(json.dumps(body))] * 8)
    engine = get_engine("openai", base_url=live_fake.url, **engine_options)
    record = engine.extract(docs, context)

    labelled = sum(len(items) for items in body.values())
    kept = sum(len(record.items(c)) for c in body)
    assert record.extra["dropped_injection"] == 0, "real notes must not look like injections"
    assert record.stats.dropped_ungrounded == 0 and record.stats.dropped_leakage == 0
    assert record.stats.candidates == labelled
    assert kept >= 0.9 * labelled, (kept, labelled)
