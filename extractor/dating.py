"""When a document was written, and how sure we are.

Order of trust: the email Date header, a ``YYYY-MM-DD`` file-name prefix (the
convention implementation teams use), a date written near the top of the
content, and last the file's mtime, which is flagged as a guess because
copying files rewrites it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path, PurePosixPath

from extractor.documents import DateSource

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_PREFIX = re.compile(r"^(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_CONTENT_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-)" + _MONTH
               + r"(?:,?\s+|-)(?P<y>\d{4})(?!\d)", re.I),  # 3 March 2026, 08-Apr-2026
    re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
    re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y2>\d{2})(?![\d/])"),  # 11/4/25
]
CONTENT_WINDOW = 3000  # a document's own date is written near its top


def parse_email_date(value: str | None) -> dt.datetime | None:
    """Parse an RFC 5322 Date header (``Wed, 04 Mar 2026 16:42:10 -0600``); None if invalid.

    The datetime keeps the sender's UTC offset, so ``.date()`` is the day the
    sender saw, not the day in UTC.
    """
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(value).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None or not 1900 <= parsed.year <= 2200:
        return None
    return parsed


def date_from_filename(name: str) -> dt.date | None:
    """The date a ``YYYY-MM-DD`` (or YYYYMMDD, YYYY_MM_DD) file-name prefix states."""
    match = _PREFIX.match(PurePosixPath(name).name)
    if not match:
        return None
    return _safe_date(*(int(g) for g in match.groups()))


def find_date(text: str) -> dt.date | None:
    """The first plausible calendar date written in ``text`` (ISO, month names, M/D/Y)."""
    best: tuple[int, dt.date] | None = None
    for pattern in _CONTENT_PATTERNS:
        for match in pattern.finditer(text):
            found = _match_date(match)
            if found is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found)
                break
    return best[1] if best else None


def document_date(*, source: str, text: str = "", header_date: dt.date | None = None,
                  path: Path | None = None) -> tuple[dt.date, DateSource]:
    """Date a document and say where the date came from.

    Args:
        source: the document's path as ingested (its file name may carry a date prefix).
        text: the normalised text, searched near its top for a written date.
        header_date: a date the format states itself (an email's Date header).
        path: the file on disk, whose mtime is the last resort.

    Returns:
        The date and its :class:`DateSource`; ``DateSource.MTIME`` marks a guess.
    """
    if header_date is not None:
        return header_date, DateSource.HEADER
    named = date_from_filename(source)
    if named is not None:
        return named, DateSource.FILENAME
    written = find_date(text[:CONTENT_WINDOW])
    if written is not None:
        return written, DateSource.CONTENT
    return _mtime_date(path), DateSource.MTIME


def _mtime_date(path: Path | None) -> dt.date:
    """The file's modification date, or today when there is no file to ask."""
    if path is not None:
        try:
            return dt.date.fromtimestamp(path.stat().st_mtime)
        except OSError:
            pass
    return dt.date.today()


def _match_date(match: re.Match[str]) -> dt.date | None:
    """A date from a content-pattern match, or None when it is not a real date."""
    groups = match.groupdict()
    month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["y2"])
    return _safe_date(year, month, int(groups["d"]))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """``dt.date`` for plausible years, None for impossible dates."""
    if not 1970 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_loose_date(text: str) -> dt.date | None:
    """A date from free text such as a quoted-reply header (``On Fri, Jun 5, 2026 at ...``)."""
    parsed = parse_email_date(text)
    if parsed is not None:
        return parsed.date()
    found = find_date(text)
    return found if found is not None else _dateparser_date(text)


def _dateparser_date(text: str) -> dt.date | None:
    """Last resort for localised dates (``28 de maio de 2026 16:20``), via dateparser."""
    text = text.strip()
    if not text or len(text) > 200 or not re.search(r"\d{4}", text):
        return None
    import dateparser

    try:
        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed is not None and 1970 <= parsed.year <= 2100 else None
