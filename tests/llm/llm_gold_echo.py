"""A 'perfect model' endpoint: answers each batch with the gold labels of the account it sees.

Measures what the LLM pipeline itself loses (grounding, merge), independent of
any model. Usage (one shell):

    .venv/bin/python tests/llm/llm_gold_echo.py ../shared/eval/dev 600 &   # prints its URL
    OPENAI_BASE_URL=<url> handoff eval ../shared/eval/dev --engine openai --model gold-echo --no-qa
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_fake_server import FakeOpenAI, Scripted, completion
from llm_gold import gold_reply, load_account


def replies_by_doc(dataset: Path) -> dict[str, str]:
    """doc_id -> the gold reply (JSON) of the account the document belongs to."""
    by_doc: dict[str, str] = {}
    for account in sorted(p for p in dataset.iterdir() if (p / "gold.json").is_file()):
        docs, _, gold = load_account(account)
        body = json.dumps(gold_reply(gold, docs))
        by_doc.update({doc.doc_id: body for doc in docs})
    return by_doc


def main(dataset: str, seconds: str = "600") -> None:
    by_doc = replies_by_doc(Path(dataset))

    def step(request: dict[str, Any]) -> Scripted:
        user = request["messages"][-1]["content"]
        body = next((b for d, b in by_doc.items() if f'id="{d}"' in user), '{"risks": []}')
        return completion(body)

    server = FakeOpenAI().start()
    server.push(*[step] * 10_000)
    print(server.url, flush=True)
    time.sleep(float(seconds))
    server.stop()


if __name__ == "__main__":
    main(*sys.argv[1:])
