"""PDF files: the text layer of each page, pages separated by a blank line."""

from __future__ import annotations

import io

from extractor.documents import DocType
from extractor.errors import InputError
from extractor.parsing.base import Parsed, fail

MAX_PAGES = 2000


def parse_pdf(data: bytes, source: str) -> Parsed:
    """Extract text from a PDF with pypdf; page start offsets go in metadata.

    Raises:
        InputError: corrupt or encrypted PDF, or one with no text layer (scanned).
    """
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly on odd files
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise fail(source, "not a valid .pdf (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail(source, "PDF is encrypted")
        if len(reader.pages) > MAX_PAGES:
            raise fail(source, f"PDF has {len(reader.pages)} pages, over the {MAX_PAGES} limit")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise fail(source, f"not a valid .pdf ({type(exc).__name__}: {exc})") from exc
    if not any(pages):
        raise fail(source, "PDF has no text layer (scanned image?)")
    offsets, pos = [], 0
    for page in pages:
        offsets.append(pos)
        pos += len(page) + 2
    text = "\n\n".join(pages)
    return Parsed(text=text + "\n", doc_type=DocType.PDF, title=str(title)[:200] if title else None,
                  metadata={"pages": len(pages), "page_offsets": offsets})
