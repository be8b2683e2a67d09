"""Word documents (.docx): every paragraph in document order, table cells included.

A .docx is a zip: its directory is checked against a size limit before anything
is decompressed, so a zip bomb renamed .docx is refused cheaply.
"""

from __future__ import annotations

import io
import zipfile

from extractor.documents import DocType
from extractor.parsing.base import Parsed, fail, is_blank

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # compression ratio above which a large member is a bomb, not a document
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def parse_docx(data: bytes, source: str, *, max_uncompressed: int = MAX_UNCOMPRESSED) -> Parsed:
    """Extract a .docx's paragraphs (tables: one line per cell paragraph).

    Raises:
        InputError: not a zip, a zip bomb, not a Word document, or corrupt XML.
    """
    check_zip(data, source, "docx", max_uncompressed=max_uncompressed)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines = [paragraph_text(p) for p in body.iter(f"{_W}p") if not _in_fallback(p)]
        props = document.core_properties
    except Exception as exc:  # python-docx/lxml raise KeyError, ValueError, XMLSyntaxError...
        raise fail(source, f"not a valid .docx ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(lines).strip("\n")
    if is_blank(text):
        raise fail(source, ".docx has no text")
    metadata = {k: v for k, v in {
        "author": props.author or None,
        "created": props.created.isoformat() if props.created else None,
        "modified": props.modified.isoformat() if props.modified else None,
    }.items() if v}
    title = (props.title or "").strip() or next((ln.strip() for ln in lines if ln.strip()), None)
    return Parsed(text=text + "\n", doc_type=DocType.DOCX, title=title[:200] if title else None,
                  metadata=metadata)


_RUN_BREAKS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def paragraph_text(paragraph) -> str:
    """All text of a ``w:p``, including runs inside tracked insertions, content controls,
    smart tags and fields (python-docx's ``Paragraph.text`` skips those); deleted text and
    field codes and hidden text (``w:vanish``: Word does not show it, a hiding place
    for instructions aimed at a model) are left out; paragraphs nested in text boxes
    are read as their own lines.
    """
    parts: list[str] = []
    for element in paragraph.iter(f"{_W}t", *_RUN_BREAKS):
        if _owner_paragraph(element) is not paragraph:
            continue
        if element.tag == f"{_W}t":
            if not _hidden(element):
                parts.append(element.text or "")
        elif element.getparent().tag == f"{_W}r":  # not a tab-stop definition in w:pPr
            parts.append(_RUN_BREAKS[element.tag])
    return "".join(parts)


def _hidden(text_element) -> bool:
    """True when the run holding a ``w:t`` is formatted as hidden (``<w:vanish/>``)."""
    run = text_element.getparent()
    vanish = run.find(f"{_W}rPr/{_W}vanish") if run is not None else None
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


def _owner_paragraph(element):
    """The nearest enclosing ``w:p``."""
    parent = element.getparent()
    while parent is not None and parent.tag != f"{_W}p":
        parent = parent.getparent()
    return parent


def _in_fallback(element) -> bool:
    """True inside mc:Fallback, which repeats the text of the preferred mc:Choice."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag == _MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False


def check_zip(data: bytes, source: str, kind: str, *,
              max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Refuse bytes that are not a zip, or whose directory promises a decompression bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise fail(source, f"not a valid .{kind} (bad zip file: {exc})") from exc
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed:
        raise fail(source, f"refused: .{kind} would expand to {total / 2**20:.0f} MB "
                           f"(limit {max_uncompressed / 2**20:.0f} MB; zip bomb?)")
    for info in infos:
        if info.file_size > 10 * 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise fail(source, f"refused: .{kind} member {info.filename} is compressed "
                               f"{info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)")
