"""A real model on the example account: recorded by `make record-cassettes` when an endpoint is set.

Recording needs ``HANDOFF_MODEL`` plus ``OPENAI_API_KEY`` and/or ``OPENAI_BASE_URL``
in the environment. Without a recorded cassette this test is skipped: we have
no hosted model here, and the scripted cassettes already cover the pipeline.
A replayed real-model cassette checks invariants (everything grounded, stats
and prompt version present), not scores; use ``handoff eval --engine openai``
for quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm_common import CASSETTES, REAL_ENDPOINT
from llm_gold import load_account

from extractor.engines import get_engine
from extractor.grounding import is_grounded
from extractor.prompt_files import load_prompts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northwind-logistics"
CASSETTE = CASSETTES / "test_llm_live" / "test_real_model_on_example_account.yaml"


def _replay_model() -> str | None:
    """The model a committed real-model cassette was recorded with."""
    if not CASSETTE.is_file():
        return None
    import yaml

    first = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))["interactions"][0]
    return json.loads(first["request"]["body"])["model"]


@pytest.mark.vcr
def test_real_model_on_example_account(record_mode, engine_options):
    recording = record_mode != "none"
    if recording:
        model = REAL_ENDPOINT["HANDOFF_MODEL"]
        if not model or not (REAL_ENDPOINT["OPENAI_API_KEY"] or REAL_ENDPOINT["OPENAI_BASE_URL"]):
            pytest.skip("set HANDOFF_MODEL and OPENAI_API_KEY/OPENAI_BASE_URL to record")
        endpoint = {"base_url": REAL_ENDPOINT["OPENAI_BASE_URL"],
                    "api_key": REAL_ENDPOINT["OPENAI_API_KEY"]}
    else:
        model = _replay_model()
        if model is None:
            pytest.skip("no real-model cassette recorded (make record-cassettes with an endpoint)")
        endpoint = {"base_url": "http://127.0.0.1:9/v1", "api_key": None}
    docs, context, _ = load_account(EXAMPLE)
    options = {**engine_options, "model": model, "concurrency": 1, "timeout": 300.0}
    record = get_engine("openai", **endpoint, **options).extract(docs, context)

    by_id = {doc.doc_id: doc for doc in docs}
    for category in ("success_criteria", "stakeholders", "expansion_signals", "risks"):
        for item in record.items(category):
            assert item.evidence and all(is_grounded(e, by_id[e.doc_id]) for e in item.evidence)
    assert record.prompt_version == load_prompts().version
    assert record.stats.failed_batches == []
