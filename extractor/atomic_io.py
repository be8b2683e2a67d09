"""Write a file so that a reader, or a crash, sees the old content or the new, never half.

``Path.write_text`` truncates first and writes after: a process killed in
between leaves an empty or cut-off file where a record used to be. Writing to a
temporary file in the same folder and renaming it over the target is atomic on
POSIX and Windows (``os.replace``), so an interrupted write changes nothing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path``'s content with ``text`` in one step.

    The data is flushed to disk before the rename, so after a power cut the
    file holds one of the two versions, not a renamed empty file. An existing
    file keeps its permissions; a new one is private to the user (0600), as
    records hold customer data.

    Raises:
        OSError: the folder is not writable (the target is then untouched).
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        with os.fdopen(fd, "w", encoding=encoding) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
