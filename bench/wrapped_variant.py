"""A hard-wrapped copy of a labelled set: the same accounts, prose re-wrapped at 72 columns.

The dev accounts' notes and emails keep each paragraph or bullet on one line. Real
mail clients and PDF text layers break lines at a fixed width, so a sentence runs
over several lines. This copy measures what that costs, with the same labels
(gold quotes are located whitespace-insensitively):

    .venv/bin/python bench/wrapped_variant.py ../shared/eval/dev /tmp/dev-wrapped
    .venv/bin/handoff eval /tmp/dev-wrapped --cv --no-qa --json /tmp/wrapped.json

Only .md, .txt and .eml bodies are wrapped; headers, table rows, quoted replies and
chat/transcript lines stay as they are.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from pathlib import Path

WIDTH = 72
_KEEP = re.compile(r"^\s*(?:\||>|#|\[\d{4}-|\d{4}-\d\d-\d\d[ T]\d|[A-Z][\w.' -]{0,40}:\s*$)")
_BULLET = re.compile(r"^(\s*(?:[-*\u2022]|\d+[.)])\s+)")


def wrap_line(line: str) -> str:
    """One line re-wrapped at WIDTH; bullets keep their marker, continuations indent."""
    if len(line) <= WIDTH or _KEEP.match(line):
        return line
    bullet = _BULLET.match(line)
    indent = " " * len(bullet.group(1)) if bullet else ""
    return "\n".join(textwrap.wrap(line, WIDTH, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False))


def wrap_text(text: str, suffix: str) -> str:
    """Re-wrap a document's prose lines (an email's body only)."""
    if suffix == ".eml":
        head, sep, body = text.partition("\n\n")
        return head + sep + "\n".join(wrap_line(line) for line in body.split("\n"))
    return "\n".join(wrap_line(line) for line in text.split("\n"))


def main(source: Path, target: Path) -> None:
    """Copy every labelled account of ``source`` to ``target`` with wrapped prose."""
    for account in sorted(p for p in source.iterdir() if (p / "gold.json").is_file()):
        out = target / account.name
        shutil.copytree(account, out, dirs_exist_ok=True)
        for doc in sorted((out / "docs").iterdir()):
            if doc.suffix in (".md", ".txt", ".eml"):
                text = doc.read_text(encoding="utf-8")
                doc.write_text(wrap_text(text, doc.suffix), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
