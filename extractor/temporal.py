"""Absolute dates from the relative and abbreviated date phrases people write.

Notes say "next Tues", "EOQ", "by the Sept close", "w/c 13 Apr", "6/26" or
"mid-April"; a handoff record needs ISO dates. ``dateparser`` returns None for
most of these, so this module resolves them with explicit rules against the
document's date. Ambiguous years are resolved to the occurrence nearest the
document date, leaning to the future for deadlines and to the past for events.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY = (r"(?P<wd>mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:r|rs|rsday)?|"
            r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b")
_YEAR = r"(?P<year>20\d\d)"


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in text, its offsets and its absolute date."""

    start: int
    end: int
    date: dt.date
    kind: str  # "day", "month_end", "quarter_end", "year_end", "relative"
    text: str


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> dt.date:
    """Last day of a calendar quarter."""
    return month_end(year, quarter * 3)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers do not make one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_year(ref: dt.date, month: int, day: int, future: bool | None) -> dt.date | None:
    """The (month, day) occurrence nearest ``ref``; ``future`` breaks near-ties."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1)
               if (d := _safe_date(y, month, day)) is not None]
    if not options:
        return None
    bias = 45 if future else (-45 if future is False else 0)

    def distance(d: dt.date) -> int:
        delta = (d - ref).days
        return abs(delta - bias)

    return min(options, key=distance)


def _month_num(token: str) -> int:
    """Month number from a month name or abbreviation."""
    return _MONTHS[token.lower()[:3]]


def _weekday_date(ref: dt.date, weekday: int, modifier: str, future: bool | None) -> dt.date:
    """Resolve a weekday name: "next Tue", "last Wed", "on Monday", "Thursday's"."""
    ahead = (weekday - ref.weekday()) % 7
    if modifier == "next":
        return ref + dt.timedelta(days=ahead or 7)
    if modifier == "last":
        return ref - dt.timedelta(days=((ref.weekday() - weekday) % 7) or 7)
    if modifier == "this" or future:
        return ref + dt.timedelta(days=ahead)
    back = (ref.weekday() - weekday) % 7
    return ref - dt.timedelta(days=back)


_RULES: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>20\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    ("wc", r"\bw/c\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s-]+" + _MONTH),
    ("quarter", r"\b(?:(?P<eoq>end\s+(?:of\s+)?)|(?:by\s+)?)(?:the\s+)?q(?P<q>[1-4])"
                r"(?:\s*(?:fy)?'?(?P<qy>20\d\d|\d\d))?\b"),
    ("eoq", r"\b(?:eoq|end of (?:the )?(?P<which>this |next |last )?quarter)\b"),
    ("eoy", r"\b(?:eoy|(?:the )?end of (?:the )?(?:this |calendar )?year|year[- ]end|"
            r"end of (?P<ey>20\d\d))\b"),
    ("midyear", r"\b(?:mid-?(?P<my>20\d\d)|(?:the )?middle of next year|mid next year)\b"),
    ("nextyear_end", r"\bend of next year\b"),
    ("eom", r"\b(?:eom|end of (?:the )?(?P<em>this |next |last )?month)\b"),
    # "3rd May", "08-Apr-2026", and tracker exports' "26/Mar/26" (a two-digit year only
    # after "/" or "-", so "3 May 12 users" is not 2012)
    ("day_month", r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:[\s-]+|/|\s+of\s+)" + _MONTH
                  + r"(?:[\s,-]+" + _YEAR + r"|[/-](?P<yy>\d{2})(?!\d))?\b"),
    ("month_day", r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+"
                  + _YEAR + r")?"),
    ("mid_month", r"\bmid[- ]" + _MONTH + r"(?:\s+" + _YEAR + r")?"),
    ("end_month", r"\b(?:the )?end of\s+" + _MONTH + r"(?:\s+" + _YEAR + r")?"),
    ("month_close", r"\b" + _MONTH + r"(?:\s+" + _YEAR + r")?\s+close\b"),
    ("numeric", r"(?<![\d/.$])(?!24/7)(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<c>\d{2,4}))?(?![\d/%])"),
    ("weekday", r"\b(?:(?P<mod>next|last|this|on|by|from|until)\s+)?" + _WEEKDAY + r"(?:'s)?"),
    ("rel_day", r"\b(?P<rel>yesterday|today|tomorrow|tonight)\b"),
    ("rel_week", r"\b(?P<rw>next|last|this) week\b"),
    # "in two weeks", "within 10 days", "three weeks ago", "a fortnight ago"; not
    # "within 90 days of go-live", which counts from an event, not from the document.
    ("rel_span", r"\b(?:(?P<ahead>in|within)\s+)?(?P<n>\d{1,3}|an?|one|two|three|four|five|six|"
                 r"seven|eight|nine|ten|eleven|twelve|a couple of|a few)\s+(?P<unit>days?|"
                 r"weeks?|fortnights?|months?)(?P<ago>\s+ago)?\b(?!\s+(?:of|after|from|before|"
                 r"post|prior)\b)"),
]
_COMPILED = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in _RULES]


def _resolve(name: str, m: re.Match[str], ref: dt.date,
             future: bool | None) -> tuple[dt.date, str] | None:
    """Turn one rule's match into (date, kind), or None when it does not resolve."""
    g = m.groupdict()
    if name == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return (d, "day") if d else None
    if name in ("wc", "day_month", "month_day"):
        month, day = _month_num(g["mon"]), int(g["d"])
        year = g.get("year") or (f"20{g['yy']}" if g.get("yy") else None)
        d = _safe_date(int(year), month, day) if year else _nearest_year(ref, month, day, future)
        return (d, "day") if d else None
    if name == "quarter":
        return _resolve_quarter(g, ref)
    if name == "eoq":
        which = (g.get("which") or "").strip()
        q = (ref.month - 1) // 3 + 1 + {"next": 1, "last": -1}.get(which, 0)
        year = ref.year + (q - 1) // 4
        return quarter_end(year, (q - 1) % 4 + 1), "quarter_end"
    if name == "eoy":
        return dt.date(int(g["ey"]) if g.get("ey") else ref.year, 12, 31), "year_end"
    if name == "midyear":
        return dt.date(int(g["my"]) if g.get("my") else ref.year + 1, 6, 30), "month_end"
    if name == "nextyear_end":
        return dt.date(ref.year + 1, 12, 31), "year_end"
    if name == "eom":
        shift = {"next": 1, "last": -1}.get((g.get("em") or "").strip(), 0)
        month = ref.month - 1 + shift
        return month_end(ref.year + month // 12, month % 12 + 1), "month_end"
    if name in ("mid_month", "end_month", "month_close"):
        return _resolve_month(name, g, ref, future)
    if name == "numeric":
        return _resolve_numeric(g, ref, future)
    return _resolve_relative(name, g, ref, future)


def _resolve_quarter(g: dict[str, str | None], ref: dt.date) -> tuple[dt.date, str] | None:
    """"Q3", "end of Q2 2026", "Q4 '26": the quarter's last day, this year or next."""
    q = int(g["q"] or 0)
    if g.get("qy"):
        year = int(g["qy"]) if len(g["qy"] or "") == 4 else 2000 + int(g["qy"] or 0)
    else:
        year = ref.year if quarter_end(ref.year, q) >= ref - dt.timedelta(days=92) else ref.year + 1
    return quarter_end(year, q), "quarter_end"


def _resolve_month(name: str, g: dict[str, str | None], ref: dt.date,
                   future: bool | None) -> tuple[dt.date, str] | None:
    """"mid-April" (the 15th), "end of March", "by the Sept close" (month end)."""
    month = _month_num(g["mon"] or "")
    if g.get("year"):
        year = int(g["year"] or 0)
    else:
        guess = _nearest_year(ref, month, 15, True if future is None else future)
        year = guess.year if guess else ref.year
    if name == "mid_month":
        return dt.date(year, month, 15), "day"
    return month_end(year, month), "month_end"


def _resolve_numeric(g: dict[str, str | None], ref: dt.date,
                     future: bool | None) -> tuple[dt.date, str] | None:
    """"6/26", "3/20/2026": month/day (day/month when the first number exceeds 12)."""
    a, b = int(g["a"] or 0), int(g["b"] or 0)
    month, day = (b, a) if a > 12 else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if g.get("c"):
        c = g["c"] or ""
        year = int(c) if len(c) == 4 else 2000 + int(c)
        d = _safe_date(year, month, day)
    else:
        d = _nearest_year(ref, month, day, future)
    return (d, "day") if d else None


def _resolve_relative(name: str, g: dict[str, str | None], ref: dt.date,
                      future: bool | None) -> tuple[dt.date, str] | None:
    """Weekdays and "yesterday"/"next week" against the document date."""
    if name == "weekday":
        mod = (g.get("mod") or "").lower()
        mod = {"by": "this", "until": "this", "from": "this" if future else ""}.get(mod, mod)
        return _weekday_date(ref, _DAYS[(g["wd"] or "")[:3].lower()], mod, future), "relative"
    if name == "rel_day":
        shift = {"yesterday": -1, "tomorrow": 1}.get((g["rel"] or "").lower(), 0)
        return ref + dt.timedelta(days=shift), "relative"
    if name == "rel_span":
        return _resolve_span(g, ref)
    if name == "rel_week":
        shift = {"next": 7, "last": -7}.get((g["rw"] or "").lower(), 0)
        monday = ref - dt.timedelta(days=ref.weekday())
        return monday + dt.timedelta(days=shift), "relative"
    return None


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "a couple of": 2, "a few": 3}


def _resolve_span(g: dict[str, str | None], ref: dt.date) -> tuple[dt.date, str] | None:
    """ "in two weeks" / "three weeks ago" against the document date; a bare
    "two weeks" (a duration, not a date) does not resolve."""
    if not g.get("ahead") and not g.get("ago"):
        return None
    raw = (g["n"] or "").lower()
    count = int(raw) if raw.isdigit() else _COUNTS.get(raw, 0)
    unit = (g["unit"] or "").lower().rstrip("s")
    sign = -1 if g.get("ago") else 1
    if unit == "month":
        month = ref.month - 1 + sign * count
        year, month = ref.year + month // 12, month % 12 + 1
        return dt.date(year, month, min(ref.day, month_end(year, month).day)), "relative"
    days = count * {"day": 1, "week": 7, "fortnight": 14}[unit]
    return ref + dt.timedelta(days=sign * days), "relative"


def find_dates(text: str, ref: dt.date, *, future: bool | None = None) -> list[DateMention]:
    """Every date phrase in ``text`` resolved against ``ref``, left to right, no overlaps.

    Args:
        text: a sentence or line.
        ref: the document's date.
        future: True when the text talks about plans/deadlines, False for past
            events, None when unknown; it decides which way bare weekdays resolve.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for name, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(name, m, ref, future)
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), resolved[0], resolved[1], m.group(0)))
    return sorted(found, key=lambda d: (d.start, d.end))


def resolve_date(phrase: str, ref: dt.date, *, future: bool | None = True) -> dt.date | None:
    """The absolute date of one date phrase ("next Tues", "EOQ", "3rd May"), or None."""
    found = find_dates(phrase, ref, future=future)
    return found[0].date if found else None


_FUTURE_CUES = re.compile(r"\b(next|will|by|due|until|booked|scheduled|planned|target|"
                          r"deadline|before|going to|ETA|starts?)\b", re.IGNORECASE)


def looks_future(text: str) -> bool:
    """Rough tense of a sentence: does it talk about something still to happen?"""
    return bool(_FUTURE_CUES.search(text))
