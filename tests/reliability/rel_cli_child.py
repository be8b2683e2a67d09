"""Run the real ``handoff`` CLI in a child process, with fault hooks a test sets by env.

The hooks live here, in the test harness, never in library code:
``REL_VANISH`` a path deleted right after ingest has planned its files (the file
disappears mid-run); ``REL_DENY`` a path whose open raises PermissionError (root
ignores file modes, so chmod alone cannot test this); ``REL_RSS`` a file the
process writes its peak RSS (KiB) to when it exits.
"""

from __future__ import annotations

import atexit
import os
import resource
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
    if rss:
        atexit.register(lambda: Path(rss).write_text(
            str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))


if __name__ == "__main__":
    _install_hooks()
    import cli

    sys.argv = ["handoff", *sys.argv[1:]]
    cli.main()
