"""WebVTT call transcripts: one line per cue, ``Speaker: text``, with speaker and time kept.

Cue text stays verbatim (only markup tags are removed and entities decoded), so
a quote from a cue is a substring of the stored text.
"""

from __future__ import annotations

import html
import re

from extractor.documents import DocType, Participant, Segment
from extractor.parsing.base import Parsed, decode_text, fail

# "Jane Doe: text" when a transcript states speakers inline instead of <v> tags.
_INLINE_SPEAKER = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}):\s+(?=\S)")


def parse_vtt(data: bytes, source: str) -> Parsed:
    """Parse a .vtt transcript into cue lines, cue segments and speakers.

    Raises:
        InputError: not a WebVTT file, or no cues.
    """
    import webvtt
    from webvtt.errors import MalformedFileError

    raw, _ = decode_text(data, source)
    try:
        captions = webvtt.from_string(raw)
    except MalformedFileError as exc:
        raise fail(source, f"not a valid WebVTT transcript ({exc})") from exc
    except Exception as exc:  # webvtt-py raises assorted errors on odd timestamps
        raise fail(source, f"not a valid WebVTT transcript ({type(exc).__name__})") from exc
    parts: list[str] = []
    segments: list[Segment] = []
    notes = [" ".join(c.split()) for c in captions.header_comments if c.strip()]
    if notes:
        note_text = "\n".join(f"NOTE {n}" for n in notes)
        parts.append(note_text)
        segments.append(Segment(start=0, end=len(note_text), kind="header"))
    speakers: dict[str, None] = {}
    for caption in captions.captions:
        _add_cue(caption, parts, segments, speakers)
    if not any(s.kind == "cue" for s in segments):
        raise fail(source, "WebVTT transcript has no cues")
    return Parsed(
        text="\n".join(parts) + "\n",
        doc_type=DocType.TRANSCRIPT,
        title=notes[0][:200] if notes else None,
        metadata={"cues": sum(s.kind == "cue" for s in segments),
                  "speakers": list(speakers)},
        segments=segments,
        participants=[Participant(name=s, source="speaker") for s in speakers],
    )


def _add_cue(caption, parts: list[str], segments: list[Segment],
             speakers: dict[str, None]) -> None:
    """Append one cue line (``Speaker: text``) and its segment."""
    body = html.unescape(" ".join(line.strip() for line in caption.text.splitlines()))
    if not body.strip():
        return
    speaker = (caption.voice or "").strip() or None
    if speaker:
        line = f"{speaker}: {body}"
    else:
        line = body
        match = _INLINE_SPEAKER.match(body)
        speaker = match.group(1) if match else None
    start = segments[-1].end + 1 if segments else 0  # every part has a segment; O(1), not O(n)
    parts.append(line)
    if speaker:
        speakers.setdefault(speaker, None)
    segments.append(Segment(start=start, end=start + len(line), kind="cue", speaker=speaker,
                            timestamp=caption.start))
