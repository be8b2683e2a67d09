"""Drop stored documents whose source files were deleted (``handoff ingest --prune``).

Ingest records the absolute file each document was last read from. Pruning only
looks under the folders named on the command line, and only removes a document
when that folder still exists but the recorded file does not: an unmounted drive
or a mistyped folder removes nothing, and documents ingested from anywhere else
are never touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from extractor.store import AccountStore


def absolute(path: Path) -> Path:
    """Absolute without resolving symlinks, so a linked folder keeps its own name."""
    return Path(os.path.abspath(path))


def prune_missing(store: AccountStore, account: str, folders: Iterable[Path]) -> list[str]:
    """Remove ``account``'s documents recorded under ``folders`` whose file is gone.

    Returns the removed documents' sources, sorted. Documents stored by a version
    that did not record paths are kept (nothing says where they came from).
    """
    roots = [absolute(f) for f in folders if Path(f).is_dir()]
    if not roots:
        return []
    gone: dict[str, str] = {}
    with store.writing():
        for doc_id, source, recorded in store.stored_paths(account):
            path = Path(recorded)
            if any(path.is_relative_to(root) for root in roots) and not os.path.lexists(path):
                gone[doc_id] = source
        if gone:
            store.remove_documents(account, set(gone))
    return sorted(gone.values())
