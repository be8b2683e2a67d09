"""One load-test worker: a separate process that ingests and asks through one Chroma server.

Usage: ``python rel_load_worker.py URL STORE ACCOUNT WORKER N``. It makes N
requests against ``ACCOUNT`` in the shared store whose vectors live on the
server at URL: every 4th request ingests one new note (taking the store's
write lock, like `handoff ingest`), the others ask a question (like
`handoff ask`). It prints one JSON line: latencies (seconds) per kind and the
errors met, so the caller can report p50/p95 and assert none failed.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

QUESTIONS = ("Who is the executive sponsor?", "What is the risk with the ERP export?",
             "When is AP clerk training?", "Does the customer want the payroll system?")


def _note(worker: int, i: int) -> str:
    return (f"Status note {worker}-{i}\n\nSite {i} of worker {worker} finished cutover. "
            f"The warehouse codes {i * 13 % 97} are mapped and the sponsor signed off.\n")


def main(url: str, store_dir: str, account: str, worker: int, n: int) -> dict[str, object]:
    from extractor.ask import answer_question
    from extractor.embedding import HashEmbedder
    from extractor.ingest import ingest_paths
    from extractor.settings import Settings
    from extractor.store import AccountStore

    store = AccountStore(Settings.resolve(store=store_dir, chroma_url=url), HashEmbedder())
    inbox = Path(store_dir).parent / f"inbox-{worker}"
    inbox.mkdir(exist_ok=True)
    latencies: dict[str, list[float]] = {"ingest": [], "ask": []}
    errors: list[str] = []
    for i in range(n):
        kind = "ingest" if i % 4 == 0 else "ask"
        started = time.perf_counter()
        try:
            if kind == "ingest":
                note = inbox / f"2026-03-{i % 28 + 1:02d}-w{worker}-{i}.md"
                note.write_text(_note(worker, i))
                report = ingest_paths([note], account, store)
                if report.failed or report.new != 1:
                    errors.append(f"ingest {note.name}: {report.failed}")
            else:
                answer = answer_question(QUESTIONS[i % len(QUESTIONS)], account=account,
                                         store=store)
                if not answer.text:
                    errors.append(f"ask {i}: empty answer")
        except Exception as error:  # counted and reported: the load test must see every failure
            errors.append(f"{kind} {i}: {type(error).__name__}: {error}")
            traceback.print_exc()
        latencies[kind].append(time.perf_counter() - started)
    return {"worker": worker, "latencies": latencies, "errors": errors}


if __name__ == "__main__":
    url, store_dir, account, worker, n = sys.argv[1:6]
    print(json.dumps(main(url, store_dir, account, int(worker), int(n))), flush=True)
