"""How well documents are dated when their file names carry no date.

The labelled sets name every file ``YYYY-MM-DD-...``; users' exports often do not
("Kickoff notes.docx"). This copies each document under its name without the date
prefix, parses it, and compares the date found (email header, else a date written
near the top, else the file's mtime, flagged as a guess) with the prefix date:

    .venv/bin/python bench/bench_dating.py ../shared/eval/dev
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from extractor.parsing import parse_file

_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def main(dataset: Path) -> None:
    """Print how many documents get their true date, by where the date came from."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(dataset.glob("*/docs/*")):
            if not _PREFIX.match(path.name):
                continue
            copy = Path(tmp) / _PREFIX.sub("", path.name)
            shutil.copy(path, copy)
            document = parse_file(copy, account="bench", source=copy.name)
            source = document.date_source.value
            total[source] += 1
            right[source] += str(document.date) == path.name[:10]
            copy.unlink()
    for source in sorted(total):
        print(f"{source:8s} {right[source]:4d} / {total[source]:4d} right")
    print(f"{'all':8s} {sum(right.values()):4d} / {sum(total.values()):4d} right")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
