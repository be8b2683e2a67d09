"""Constants and the cassette matcher shared by the LLM tests (kept out of conftest.py,
which pytest may re-import under the same module name as other conftest files)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

CANARY_KEY = "sk-canary-7f3a9c2e1d5b4a6f8e0c"
# A real endpoint for `make record-cassettes`, read before any test clears the environment.
REAL_ENDPOINT = {name: os.environ.get(name) for name in
                 ("OPENAI_API_KEY", "OPENAI_BASE_URL", "HANDOFF_MODEL")}
CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
FILTERED_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization",
                    "openai-project", "cookie", "set-cookie"]


def canonical_body(body: Any) -> Any:
    """The request body as parsed JSON (key order and whitespace ignored)."""
    if body is None:
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    try:
        return json.loads(body)
    except ValueError:
        return body


def json_body_matcher(recorded: Any, incoming: Any) -> None:
    """vcr matcher: JSON-equal bodies; on a miss, say where they first differ."""
    a, b = canonical_body(recorded.body), canonical_body(incoming.body)
    if a == b:
        return
    detail = "bodies differ"
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        detail = f"body keys differ: {keys}"
        if "messages" in keys and isinstance(a.get("messages"), list):
            pairs = zip(a["messages"], b.get("messages") or [], strict=False)
            index = next((i for i, (x, y) in enumerate(pairs) if x != y),
                         min(len(a["messages"]), len(b.get("messages") or [])))
            detail += f"; first differing message: #{index}"
    raise AssertionError(detail)
