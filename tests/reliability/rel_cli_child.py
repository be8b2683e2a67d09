"""Run the real ``handoff`` CLI in a child process, with fault hooks a test sets by env.

The hooks live here, in the test harness, never in library code:
``REL_VANISH`` a path deleted right after ingest has planned its files (the file
disappears mid-run); ``REL_DENY`` a path whose open raises PermissionError (root
ignores file modes, so chmod alone cannot test this); ``REL_RSS`` a file the
process writes its peak RSS (KiB, VmHWM) to when it exits; ``REL_KILL_AT`` makes the
process SIGKILL itself at the worst moment of a record write: ``record-row``
(half a record inserted, transaction not committed) or ``record-file`` (the new
``--out`` file written and flushed, not yet renamed over the old one).
"""

from __future__ import annotations

import atexit
import os
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _install_hooks() -> None:
    import extractor.ingest as ingest

    vanish, deny, rss = (os.environ.get(k) for k in ("REL_VANISH", "REL_DENY", "REL_RSS"))
    if vanish:
        planned = ingest.plan_files

        def plan_then_delete(paths):  # type: ignore[no-untyped-def]
            plan = planned(paths)
            Path(vanish).unlink()
            return plan

        ingest.plan_files = plan_then_delete
    if deny:
        real_open = Path.open

        def guarded(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if str(self) == deny:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        Path.open = guarded  # type: ignore[method-assign]
    kill_at = os.environ.get("REL_KILL_AT")
    if kill_at:
        _die_during(kill_at)
    if rss:
        atexit.register(lambda: Path(rss).write_text(str(_peak_rss_kib())))


def _peak_rss_kib() -> int:
    """This process's peak RSS since exec (VmHWM), in KiB.

    Not ``ru_maxrss``: on Linux it keeps the high-water mark from before exec, so a
    child forked from a big pytest process would report the parent's size.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # no /proc here
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _die_during(moment: str) -> None:
    """Patch the store or the file writer to die mid-write (see the module docstring)."""
    if moment == "record-row":
        from extractor.store.db import MetaDB

        def put_half_then_die(self, table, account, body, kind=None):  # type: ignore[no-untyped-def]
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            cur.execute("INSERT OR REPLACE INTO records VALUES (?,?,?,?)",
                        (account, kind, body[: len(body) // 2], "killed"))
            _die()

        MetaDB.put = put_half_then_die  # type: ignore[method-assign]
    elif moment == "record-file":
        import extractor.atomic_io as atomic_io

        class DyingOs:
            def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
                return getattr(os, name)

            @staticmethod
            def replace(src: str, dst: str) -> None:
                _die()

        atomic_io.os = DyingOs()  # type: ignore[assignment]


if __name__ == "__main__":
    _install_hooks()
    import cli

    sys.argv = ["handoff", *sys.argv[1:]]
    cli.main()
