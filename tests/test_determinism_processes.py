"""Byte-identical records across processes, whatever Python's hash seed.

Set and dict iteration over strings follows ``PYTHONHASHSEED``; an extractor that
ever iterates a set into its output would agree with itself inside one process and
still differ between two runs of the CLI. So each run here is its own interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "examples" / "northwind-logistics"
SCRIPT = """
import sys
from pathlib import Path
from extractor.account import load_account_info
from extractor.engines.base import get_engine
from extractor.parsing import parse_file
from extractor.pipeline import build_context

folder = Path(sys.argv[1])
docs = [parse_file(p, account=folder.name, source=f"docs/{p.name}")
        for p in sorted((folder / "docs").iterdir())]
context = build_context(folder.name, docs, load_account_info(folder))
sys.stdout.write(get_engine("local").extract(docs, context).to_json())
"""


def _extract(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(DEMO)], env=env, check=True,
                          capture_output=True, text=True, timeout=300)
    return done.stdout


@pytest.mark.slow
def test_record_is_byte_identical_across_hash_seeds() -> None:
    first, second = _extract("1"), _extract("4242")
    assert first.startswith("{") and '"risks"' in first
    assert first == second
