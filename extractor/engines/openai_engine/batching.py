"""Order documents by date, render them for the model and pack them into token-budgeted batches.

Every document is read (no retrieval-only selection): a missed sentence is a
missed risk. Documents go in date order so the model sees the timeline; a
document larger than the budget is split at paragraph breaks into labelled
parts. Token counts use tiktoken when its encoding file is already cached
locally; tiktoken downloads that file on first use, which this tool must never
do at run time, so without the cache a chars/4 estimate is used instead.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractor.documents import Document

_ENCODING_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}
_CL100K_MODELS = ("gpt-4-", "gpt-4 ", "gpt-3.5")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Part:
    """A document, or one piece of a long one, as shown to the model."""

    document: Document
    start: int
    end: int
    index: int = 1
    total: int = 1

    @property
    def text(self) -> str:
        return self.document.text[self.start:self.end]


@dataclass(frozen=True)
class Batch:
    """The parts sent in one request."""

    number: int
    parts: tuple[Part, ...]

    @property
    def documents(self) -> list[Document]:
        """The distinct documents in this batch, in order."""
        seen: dict[str, Document] = {}
        for part in self.parts:
            seen.setdefault(part.document.doc_id, part.document)
        return list(seen.values())

    def label(self) -> str:
        """A short human label for reports ("batch 2: docs/a.md, docs/b.eml")."""
        sources = ", ".join(doc.source for doc in self.documents)
        return f"batch {self.number}: {sources}"


def estimate_tokens(text: str) -> int:
    """A tiktoken-free estimate: about four characters per token for English."""
    return (len(text) + 3) // 4


@functools.lru_cache(maxsize=8)
def token_counter(model: str) -> Callable[[str], int]:
    """tiktoken's count for ``model`` if its encoding is cached locally, else the estimate."""
    name = "cl100k_base" if model.startswith(_CL100K_MODELS) else "o200k_base"
    if not _encoding_cached(name):
        return estimate_tokens
    import tiktoken

    encoding = tiktoken.get_encoding(name)
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def tokenizer_name(model: str) -> str:
    """Which counter ``token_counter`` uses (reported in the record)."""
    return "estimate" if token_counter(model) is estimate_tokens else "tiktoken"


def _encoding_cached(name: str) -> bool:
    """True when tiktoken would find the encoding file without downloading it."""
    cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    if cache_dir is None:
        cache_dir = os.path.join(tempfile.gettempdir(), "data-gym-cache")
    if not cache_dir:
        return False
    key = hashlib.sha1(_ENCODING_URLS[name].encode()).hexdigest()
    return os.path.exists(os.path.join(cache_dir, key))


def order_documents(documents: Sequence[Document]) -> list[Document]:
    """Documents by date, then source, so the timeline reads forwards."""
    return sorted(documents, key=lambda doc: (doc.date, doc.source, doc.doc_id))


def make_batches(documents: Sequence[Document], budget: int,
                 count: Callable[[str], int] = estimate_tokens) -> list[Batch]:
    """Pack parts of date-ordered documents into batches of at most ``budget`` tokens."""
    batches: list[list[Part]] = [[]]
    used = 0
    for document in order_documents(documents):
        for part in split_document(document, budget, count):
            size = count(part.text) + 40  # the <document> wrapper
            if batches[-1] and used + size > budget:
                batches.append([])
                used = 0
            batches[-1].append(part)
            used += size
    return [Batch(n, tuple(parts)) for n, parts in enumerate(batches, 1) if parts]


def split_document(document: Document, budget: int,
                   count: Callable[[str], int] = estimate_tokens) -> list[Part]:
    """The document whole if it fits, else consecutive parts split at paragraph breaks."""
    text = document.text
    if count(text) <= budget:
        return [Part(document, 0, len(text))]
    bounds = [0, *(m.end() for m in _PARAGRAPH.finditer(text)), len(text)]
    pieces: list[tuple[int, int]] = []
    start = 0
    for end in bounds[1:]:
        if end > start and count(text[start:end]) > budget:
            cut = _last_bound_before(bounds, start, end)
            pieces.extend(_hard_split(text, start, cut, budget, count) if cut == start
                          else [(start, cut)])
            start = cut
    if start < len(text):
        pieces.extend(_hard_split(text, start, len(text), budget, count))
    total = len(pieces)
    return [Part(document, s, e, i, total) for i, (s, e) in enumerate(pieces, 1)]


def _last_bound_before(bounds: list[int], start: int, end: int) -> int:
    """The last paragraph boundary strictly between start and end, else start."""
    inside = [b for b in bounds if start < b < end]
    return inside[-1] if inside else start


def _hard_split(text: str, start: int, end: int, budget: int,
                count: Callable[[str], int]) -> list[tuple[int, int]]:
    """Split an over-long paragraph at line ends (or anywhere) to fit the budget."""
    pieces = []
    while start < end:
        step = max(200, budget * 4)
        stop = min(end, start + step)
        while stop < end and count(text[start:stop]) > budget and stop - start > 200:
            stop = start + (stop - start) * 3 // 4
        newline = text.rfind("\n", start + 1, stop)
        if stop < end and newline > start + (stop - start) // 2:
            stop = newline + 1
        pieces.append((start, stop))
        start = stop
    return pieces
