"""A content-addressed cache of model replies, so re-running an extraction costs nothing.

The key is the sha256 of everything that determines the reply: model, prompt
version, reply schema and the exact messages. Entries are small JSON files
written atomically (temp file + rename), so concurrent batches and a killed run
never leave a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any


def cache_key(model: str, prompt_version: str, schema: str, messages: list[dict[str, Any]]) -> str:
    """sha256 over a canonical JSON of the request's deciding parts."""
    payload = json.dumps({"model": model, "prompt_version": prompt_version, "schema": schema,
                          "messages": messages}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def account_dir(root: Path, account: str) -> Path:
    """The account's own cache folder, so ``forget`` can delete its replies."""
    return root / re.sub(r"[^A-Za-z0-9._-]", "_", account or "_")


def forget_account(account: str, root: Path | None = None) -> int:
    """Delete an account's cached replies (they hold quotes of its documents).

    Args:
        account: the account slug.
        root: the LLM cache root; defaults to the resolved ``<cache dir>/llm``.

    Returns:
        The number of cached replies removed.
    """
    if root is None:
        from extractor.engines.openai_engine.config import default_cache_dir

        root = default_cache_dir()
    folder = account_dir(root, account)
    if not folder.is_dir():
        return 0
    removed = sum(1 for _ in folder.rglob("*.json"))
    shutil.rmtree(folder, ignore_errors=True)
    return removed


class ResponseCache:
    """Replies stored under ``root/<2 hex>/<key>.json``; a None root disables caching."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None when absent or unreadable."""
        if self.root is None:
            return None
        path = self._path(key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store an entry atomically; a cache that cannot be written is skipped, not fatal."""
        if self.root is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            return

    def _path(self, key: str) -> Path:
        return Path(self.root or ".") / key[:2] / f"{key}.json"
