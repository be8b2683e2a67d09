"""Split an email body into new text, quoted replies, signatures and disclaimers.

Careful line rules rather than a reply-parsing library: the libraries on PyPI
(email-reply-parser, mail-parser-reply) return the *new* text only and drop the
rest, but we must keep the full body for evidence and only label spans, with
offsets, plus the author and date of each quoted message when its header says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extractor.dating import parse_loose_date
from extractor.documents import Segment

# Reply headers in the languages mail clients localise them into (en, pt, es, fr, de, nl, it).
_WROTE_START = re.compile(r"^\s*(?:On|Em|El|Le|Am|Op|Il)\s+\S.*", re.I)
_WROTE_END = re.compile(r"(?:\bwrote|escreveu|escribi\u00f3|a \u00e9crit|schrieb|schreef|"
                        r"ha scritto)\s*:\s*$", re.I)
_DIVIDER = re.compile(
    r"^\s*(?:-{2,}\s*(?:Original Message|Forwarded message|Forwarded by.*|Urspr\u00fcngliche "
    r"Nachricht|Weitergeleitete Nachricht|Mensagem original|Mensaje original|Message d'origine|"
    r"Message transf\u00e9r\u00e9|Oorspronkelijk bericht|Messaggio originale)\s*-{2,}"
    r"|Begin forwarded message:|_{10,})\s*$", re.I)
_HEADER_FROM = re.compile(r"^\s*\*?(?:From|De|Von|Van|Da):\*?\s*(.+)$", re.I)
_HEADER_DATE = re.compile(r"^\s*\*?(?:Sent|Date|Enviado|Enviada|Data|Fecha|Gesendet|Datum|"
                          r"Envoy\u00e9|Verzonden|Inviato):\*?\s*(.+)$", re.I)
_HEADER_ANY = re.compile(r"^\s*\*?(?:From|Sent|Date|To|Cc|Subject|De|Para|Assunto|Asunto|"
                         r"Enviado|Enviada|Data|Fecha|Von|An|Betreff|Gesendet|Datum|\u00c0|"
                         r"Objet|Envoy\u00e9|Van|Aan|Onderwerp|Verzonden|A|Oggetto|Inviato):\*?",
                         re.I)
_MAX_HEADER_LINE = 300
_QUOTED_LINE = re.compile(r"^\s*>")
_QUOTE_MARKS = re.compile(r"^\s*(?:>\s?)+")
_SIG_DASHES = re.compile(r"^--\s*$")
_SENT_FROM = re.compile(r"^\s*(?:Sent from my \w+|Get Outlook for \w+|Sent from (?:Outlook|Mail)"
                        r"(?: for \w+)?)\b.*$", re.I)
# Legal boilerplate. Phrases are anchored on the message itself ("this e-mail ... may
# contain"), so a body sentence such as "the export may contain confidential data" or
# "if you are not comfortable" is not mistaken for a disclaimer.
_MESSAGE = r"(?:e-?mail|message|communication|transmission)"
_DISCLAIMER = re.compile(
    r"confidentiality notice|^\s*disclaimer\b|intended (?:only |solely )?for the (?:use|"
    r"addressee|named|recipient)|privileged (?:and|or|and/or) confidential|"
    r"if you are not the (?:intended|named|addressee)|if you have received this " + _MESSAGE
    + r"|not the intended recipient|dissemination, distribution|"
    r"please consider the environment before printing|privileged\s*(?:&|and)\s*confidential|"
    r"confidential and proprietary information of|"
    r"received (?:it|this(?: [\w-]+)?) (?:in error|by mistake)|"
    + _MESSAGE + r"[^.]{0,80}\bmay contain (?:confidential|privileged|proprietary|personal)|"
    r"attorney work product|legal process by e-?mail|registered in england|"
    r"authori[sz]ed and regulated by|public records? (?:act|law)|subject to disclosure under|"
    r"vertrauliche Informationen|Sitz der Gesellschaft|Amtsgericht|Registergericht|"
    r"mensagem (?:\u00e9 )?confidencial|mensaje (?:es )?confidencial|"
    r"message (?:est )?confidentiel|originated from outside (?:of )?(?:the|your|our)|"
    r"^\s*(?:\[(?:external|caution)\]|(?:external|caution)\s*:)\s*(?:this )?" + _MESSAGE
    + r"\b|do not click (?:on )?links", re.I | re.M)
_SIGN_OFF = re.compile(
    r"^\s*(?:thanks|thank you|many thanks|cheers|best|best regards|kind regards|regards|"
    r"warm regards|warmly|sincerely|all the best|talk soon|br|thx|ta)\b[\s,.!-]*(\w[\w .'-]*)?$",
    re.I)
_NAME = re.compile(r"^[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}(?:,\s*[A-Z][A-Za-z.-]{1,9})?$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_CONTACT = re.compile(
    r"(?:\+?\d[\d ().-]{6,}\d)|@|https?://|www\.|\.(?:com|io|org|net|co)\b|\|", re.I)
_TITLE_WORDS = re.compile(
    r"\b(?:director|manager|lead|head|vp|vice president|president|chief|officer|controller|"
    r"analyst|engineer|specialist|consultant|coordinator|administrator|architect|cfo|ceo|"
    r"cio|cto|coo|partner|associate|principal|supervisor|owner|founder|advisor|accountant|"
    r"executive|success|sales|account|counsel|registrar|dean|superintendent|nurse|"
    r"pharmacist|treasurer|secretary)\b", re.I)


@dataclass
class _Line:
    start: int
    end: int  # end of content, newline excluded
    text: str
    kind: str = "body"
    author: str | None = None
    date: dt.date | None = None


def segment_body(body: str, base: int, sender: str | None = None) -> list[Segment]:
    """Label spans of an email ``body`` that starts at offset ``base`` of the document text.

    Args:
        body: the decoded body text.
        base: offset of the body's first char in ``Document.text``.
        sender: the From display name and address, to recognise the sender's signature.
    """
    lines = _split_lines(body)
    _mark_quoted(lines)
    for region in _body_regions(lines):
        _mark_boilerplate(region, sender)
    return _merge(lines, base)


def _split_lines(body: str) -> list[_Line]:
    """Lines with offsets of their content (newline excluded)."""
    out: list[_Line] = []
    pos = 0
    for raw in body.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(content), content))
        pos += len(raw)
    return out


def _bare(text: str) -> str:
    """A line without its ``>`` quote markers."""
    return _QUOTE_MARKS.sub("", text)


def _reply_header(lines: list[_Line], i: int) -> tuple[int, str] | None:
    """If a quoted-message header starts at line ``i``: (its line count, style)."""
    text = _bare(lines[i].text)
    if len(text) > _MAX_HEADER_LINE:  # reply headers are short; long lines are content
        return None
    if _DIVIDER.match(text):
        return 1, "divider"
    if _WROTE_START.match(text):
        if _WROTE_END.search(text):
            return 1, "wrote"
        following = _bare(lines[i + 1].text) if i + 1 < len(lines) else ""
        if len(following) <= _MAX_HEADER_LINE and _WROTE_END.search(following):
            return 2, "wrote"
    if _HEADER_FROM.match(text):
        following = [_bare(ln.text)[:_MAX_HEADER_LINE] for ln in lines[i + 1:i + 6]]
        if any(_HEADER_DATE.match(t) for t in following) and \
                sum(bool(_HEADER_ANY.match(t)) for t in following) >= 2:
            return 1, "headers"
    return None


def _mark_quoted(lines: list[_Line]) -> None:
    """Mark quoted lines and attach the author/date their reply header gives.

    After an unquoted Outlook-style header (or an ``On ... wrote:`` followed by
    unprefixed text) everything to the end is the older message; a header
    followed by ``>`` lines covers only those lines, so inline replies stay body.
    """
    author: str | None = None
    date: dt.date | None = None
    to_end = False
    in_block = False
    i = 0
    while i < len(lines):
        header = _reply_header(lines, i)
        if header is not None:
            count, style = header
            span = count if style == "wrote" else 8
            author, date = _header_who_when(lines[i:i + span], style)
            prefixed = _QUOTED_LINE.match(lines[i].text) or _next_is_prefixed(lines, i + count)
            to_end = to_end or not prefixed
            in_block = True
            for line in lines[i:i + count]:
                _set(line, "quoted", author, date)
            i += count
            continue
        line = lines[i]
        is_quote = bool(_QUOTED_LINE.match(line.text))
        blank = not line.text.strip()
        if to_end or is_quote or (blank and in_block):
            _set(line, "quoted", author if (to_end or in_block) else None, date)
        else:
            in_block = False
            author = date = None
        i += 1


def _next_is_prefixed(lines: list[_Line], i: int) -> bool:
    """True when the next non-blank line from ``i`` is a ``>`` quote (bottom/inline posting)."""
    for j in range(i, len(lines)):  # not lines[i:]: a copy per header made long threads O(n^2)
        if lines[j].text.strip():
            return bool(_QUOTED_LINE.match(lines[j].text))
    return True


def _set(line: _Line, kind: str, author: str | None, date: dt.date | None) -> None:
    line.kind, line.author, line.date = kind, author, date


def _header_who_when(header: list[_Line], style: str) -> tuple[str | None, dt.date | None]:
    """Author and date of a quoted message from its reply header lines."""
    if style == "wrote":
        text = " ".join(_bare(line.text) for line in header)
        end = _WROTE_END.search(text)
        text = text[: end.start()] if end else text
        return _wrote_author(text), parse_loose_date(text)
    author = date = None
    for line in header:
        if author is None and (m := _HEADER_FROM.match(_bare(line.text))):
            author = _display_name(m.group(1))
        elif date is None and (m := _HEADER_DATE.match(_bare(line.text))):
            date = parse_loose_date(m.group(1))
    return author, date


_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,5}\b)?")


def _wrote_author(text: str) -> str | None:
    """The name in ``On <date> <name> wrote:`` (the part after the time or last comma)."""
    text = re.sub(r"^\s*On\s+", "", text.strip(), flags=re.I)
    times = list(_TIME.finditer(text))
    if times:
        rest = text[times[-1].end():]
    elif "," in text:
        rest = text.rsplit(",", 1)[1]
    else:
        return None
    return _display_name(rest.strip(" ,"))


def _display_name(value: str) -> str | None:
    """``Name <addr>`` or ``"Name" <addr>`` or ``addr`` -> the name (or address)."""
    value = value.strip()
    name = re.sub(r"\s*[<\[](?:mailto:)?[^<>\[\]]*@[^<>\[\]]*[>\]]\s*", " ", value).strip(' "\'')
    name = " ".join(name.split())
    if name:
        return name
    match = re.search(r"[\w.+-]+@[\w.-]+", value)
    return match.group(0) if match else None


def _body_regions(lines: list[_Line]) -> list[list[_Line]]:
    """Maximal runs of lines not marked quoted."""
    regions: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.kind == "quoted":
            if current:
                regions.append(current)
            current = []
        else:
            current.append(line)
    if current:
        regions.append(current)
    return regions


def _paragraphs(region: list[_Line]) -> list[list[_Line]]:
    """Blank-line separated paragraphs of a region."""
    paras: list[list[_Line]] = []
    current: list[_Line] = []
    for line in region:
        if line.text.strip():
            current.append(line)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _mark_boilerplate(region: list[_Line], sender: str | None) -> None:
    """Mark disclaimers, ``--`` signatures, "Sent from my..." and sign-off blocks."""
    paras = _paragraphs(region)
    for para in paras:
        if _DISCLAIMER.search("\n".join(ln.text for ln in para)):
            _mark_disclaimer(para, sender)
    dashes = next((k for k, ln in enumerate(region) if _SIG_DASHES.match(ln.text)), None)
    if dashes is not None:
        for line in region[dashes:]:
            if line.kind == "body":
                line.kind = "signature"
    for line in region:
        if line.kind == "body" and _SENT_FROM.match(line.text):
            line.kind = "signature"
    content = [[ln for ln in p if ln.kind == "body"] for p in paras]
    content = [p for p in content if p]
    # The signature is the last paragraph, or comes before a short slogan or a P.S.
    for k in range(len(content) - 1, max(len(content) - 4, -1), -1):
        last = k == len(content) - 1
        if (last or len(content[k]) >= 2) and _mark_signature_block(content[k], sender):
            for para in content[k + 1:]:
                if not _is_postscript(para):
                    for line in para:
                        line.kind = "signature"
            return
        if not (_is_tagline(content[k]) or _is_postscript(content[k])):
            return


def _mark_disclaimer(para: list[_Line], sender: str | None) -> None:
    """Mark a legal-boilerplate paragraph; a signature glued on top of it stays a signature."""
    start = next((k for k, ln in enumerate(para)
                  if _DISCLAIMER.search(ln.text) or len(ln.text) > 100), 0)
    head = para[:start]
    if head and is_signature_block([ln.text for ln in head], sender):
        for line in head:
            line.kind = "signature"
    else:
        start = 0
    for line in para[start:]:
        line.kind = "disclaimer"


def _mark_signature_block(para: list[_Line], sender: str | None) -> bool:
    """Mark a paragraph, minus a leading sign-off line, if it is a signature block."""
    block = para[1:] if _SIGN_OFF.match(para[0].text) and len(para) > 1 else para
    if not block or not is_signature_block([ln.text for ln in block], sender):
        return False
    for line in block:
        line.kind = "signature"
    return True


def _is_tagline(para: list[_Line]) -> bool:
    """A short closing line or two (a slogan), not a postscript or a question."""
    return not _is_postscript(para) and len(para) <= 2 and all(
        len(ln.text) <= 120 and not ln.text.rstrip().endswith("?") for ln in para)


def _is_postscript(para: list[_Line]) -> bool:
    """A ``P.S.`` paragraph: content, even when it comes after the signature."""
    return bool(re.match(r"\s*p\.?\s?s\b", para[0].text, re.I))


def is_signature_block(lines: list[str], sender: str | None = None) -> bool:
    """True for a short name + title/company/contact block (not a sentence or a list).

    Args:
        lines: the candidate block's lines.
        sender: the sender's display name and address; a block naming the sender
            needs less other evidence than one naming someone else.
    """
    if not 1 <= len(lines) <= 8 or any(len(t) > 120 or len(t.split()) > 14 for t in lines):
        return False
    if any(_LIST_ITEM.match(t) or t.rstrip().endswith(("?", ":")) for t in lines):
        return False
    first = lines[0].strip()
    name_part = re.split(r"\s+[|•·]\s+|\s+-\s+", first)[0].strip()
    if not _NAME.match(name_part):
        return False
    rest = [first[len(name_part):], *lines[1:]]
    contact = any(_CONTACT.search(t) for t in rest)
    title = any(_TITLE_WORDS.search(t) for t in rest)
    if _same_person(name_part, sender):
        return contact or title or len(lines) == 1
    return len(name_part.split()) >= 2 and (contact or (title and not sender))


def _same_person(candidate: str, sender: str | None) -> bool:
    """True when the candidate name shares a name token with the sender's name or address."""
    if not sender or not candidate:
        return False
    names = {t for t in re.split(r"[^\w]+", candidate.lower()) if len(t) > 1}
    known = {t for t in re.split(r"[^\w]+", sender.lower()) if len(t) > 1}
    return bool(names & known)


def _merge(lines: list[_Line], base: int) -> list[Segment]:
    """Merge consecutive lines of one label into segments; blank lines join the run."""
    segments: list[Segment] = []
    current: _Line | None = None
    last_end = 0
    for line in lines:
        if not line.text.strip():
            continue
        key = (line.kind, line.author, line.date)
        if current is not None and key == (current.kind, current.author, current.date):
            last_end = line.end
            continue
        if current is not None:
            segments.append(_segment(current, last_end, base))
        current, last_end = line, line.end
    if current is not None:
        segments.append(_segment(current, last_end, base))
    return segments


def _segment(first: _Line, end: int, base: int) -> Segment:
    return Segment(start=base + first.start, end=base + end, kind=first.kind,  # type: ignore[arg-type]
                   author=first.author, date=first.date)
