"""Get a predicted record for one account: from an engine (with a timeout) or a file.

Failures here are per account: the runner records the reason and the account
scores zero for its items, so one crash or hang never stops a run.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extractor.documents import Document
from extractor.engines.base import ExtractionContext
from extractor.errors import EngineAuthError, EngineConfigError, InputError, UnknownModelError
from extractor.models import HandoffRecord

SETUP_ERRORS = (EngineConfigError, EngineAuthError, UnknownModelError)


class AccountFailed(Exception):
    """An account could not be predicted; the message is the reason shown in the report.

    ``trace`` holds the tail of the engine's traceback, so a developer can see
    where a crash came from without re-running under a debugger.
    """

    def __init__(self, message: str, trace: str | None = None) -> None:
        super().__init__(message)
        self.trace = trace


def extract_with_timeout(engine: Any, documents: Sequence[Document],
                         context: ExtractionContext, timeout: float) -> HandoffRecord:
    """Run ``engine.extract`` in a daemon thread and give up after ``timeout`` seconds.

    A thread cannot be killed; a timed-out extraction is abandoned and keeps
    running in the background until the process exits (daemon threads do not
    block exit).

    Raises:
        AccountFailed: the engine raised, returned something else, or timed out.
        EngineConfigError, EngineAuthError, UnknownModelError: set-up errors that
            would fail every account alike stop the run instead.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["record"] = engine.extract(list(documents), context)
        except Exception as error:  # any engine crash fails only this account
            outcome["error"] = error

    worker = threading.Thread(target=target, name=f"eval-{context.account}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise AccountFailed(f"timed out after {timeout:g} s")
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, SETUP_ERRORS):
            raise error  # no key, bad key, unknown model: every account would fail the same
        trace = "".join(traceback.format_exception(error))[-4000:]
        raise AccountFailed(f"engine failed: {type(error).__name__}: {error}", trace)
    record = outcome.get("record")
    if not isinstance(record, HandoffRecord):
        raise AccountFailed(f"engine returned {type(record).__name__}, not a HandoffRecord")
    return record


def prediction_path(directory: Path, slug: str) -> Path | None:
    """The saved record for ``slug``: <dir>/<slug>.json or <dir>/<slug>/{record,handoff}.json."""
    for candidate in (directory / f"{slug}.json", directory / slug / "record.json",
                      directory / slug / "handoff.json"):
        if candidate.is_file():
            return candidate
    return None


def load_prediction(directory: Path, slug: str) -> HandoffRecord:
    """Load a saved HandoffRecord for one account.

    Raises:
        AccountFailed: no file for the account, or not a valid record.
    """
    path = prediction_path(directory, slug)
    if path is None:
        raise AccountFailed(f"no prediction file ({slug}.json) in {directory}")
    try:
        return HandoffRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as error:
        first = str(error).splitlines()[0]
        raise AccountFailed(f"{path.name}: not a valid handoff record ({first})") from error


def save_prediction(directory: Path, slug: str, record: HandoffRecord) -> Path:
    """Write a record where ``load_prediction`` finds it, so runs can be re-scored."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{slug}.json"
    from extractor.atomic_io import write_text_atomic

    write_text_atomic(path, record.to_json())  # never a half-written record file
    return path


def make_engine(name: str, model: str | None, base_url: str | None = None) -> Any:
    """The named engine, or an AccountFailed reason when it cannot be imported yet.

    Raises:
        UnknownEngineError, EngineConfigError: user errors stop the whole run.
        AccountFailed: the engine's module is missing (every account then fails with it).
    """
    from extractor.engines import get_engine

    options = {k: v for k, v in {"model": model, "base_url": base_url}.items() if v}
    try:
        return get_engine(name, **options)
    except (ImportError, AttributeError) as error:
        raise AccountFailed(f"engine {name!r} not available: {error}") from error
    except TypeError as error:
        raise InputError(f"engine {name!r} does not take these options: {error}") from error

