"""Fuzz the parsers: any bytes under any supported extension either parse or raise InputError."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.documents import Document
from extractor.errors import InputError
from extractor.parsing import SUPPORTED_EXTENSIONS, parse_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "parsing"
SEEDS = [p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.is_file()]
# Bounded and repeatable by default; HANDOFF_FUZZ_EXAMPLES=5000 runs a longer random campaign.
_EXAMPLES = int(os.environ.get("HANDOFF_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_EXAMPLES or 150, deadline=None, derandomize=not _EXAMPLES,
                database=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes, suffix: str) -> None:
    try:
        doc = parse_bytes(data, account="fuzz", source=f"docs/f{suffix}", suffix=suffix)
    except InputError as error:
        assert str(error).startswith(f"docs/f{suffix}: ")
        assert "\n" not in str(error)
        return
    assert isinstance(doc, Document) and doc.text.strip()
    doc.model_dump_json()  # storable: no lone surrogates or other unencodable text
    for segment in doc.segments:
        assert 0 <= segment.start <= segment.end <= len(doc.text)


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(sorted(SUPPORTED_EXTENSIONS)))
def test_random_bytes(data, suffix):
    _check(data, suffix)


@FUZZ
@given(seed=st.sampled_from(SEEDS), cut=st.integers(0, 4000), junk=st.binary(max_size=64),
       suffix=st.sampled_from(sorted(SUPPORTED_EXTENSIONS)))
def test_mangled_real_files(seed, cut, junk, suffix):
    """Truncated and spliced fixture files under every extension."""
    _check(seed[:cut] + junk + seed[cut:], suffix)


@FUZZ
@given(text=st.text(max_size=1500))
def test_random_text_as_email(text):
    _check(("From: a@b.example\nSubject: s\n\n" + text).encode("utf-8", "surrogatepass"), ".eml")
