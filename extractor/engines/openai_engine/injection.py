"""Find text in a document that tries to instruct a model, so it can never be evidence.

A document can carry text aimed at the extractor: "ignore previous instructions",
a fake ``system:`` turn, a JSON blob shaped like our reply, an HTML comment. The
prompt tells the model to treat documents as data, but a model may obey anyway.
The structural defence is here: the paragraph around any such trigger is marked
suspicious, and evidence overlapping it is rejected, so an item supported only
by injected text is dropped (and counted) whatever the model did.
"""

from __future__ import annotations

import re

_TRIGGERS = [
    # "ignore previous instructions" and kin (not "ignore the installation instructions")
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+(?:of\s+)?|any\s+|the\s+)?"
    r"(?:previous|prior|above|earlier|preceding|original|system|your|all)\s+"
    r"(?:instructions?|prompts?|directions|guidelines|rules)\b",
    r"\b(?:ignore|disregard|forget)\s+(?:everything|all)\s+(?:above|before|previously|prior)\b",
    r"\b(?:system|developer)\s+prompt\b|\bnew\s+instructions\s*:",
    # fake chat turns and chat-template tokens
    r"^[ \t>*#\[(<]*(?:system|assistant|developer)(?:\s+(?:prompt|message|note|override))?"
    r"[\])>]*[ \t]*:[^\n]{0,80}?\b(?:you|ignore|instructions?|override|must|always|never|output)\b",
    r"<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[/?INST\]|<</?SYS>>",
    # text addressed to an AI, model or extraction tool
    r"\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+|any\s+)?(?:ai|llm|assistant|"
    r"bot|summari[sz]er|extractor|extraction\s+(?:tool|engine|model)|language\s+model)\b",
    r"\b(?:dear|attention|hey)\s+(?:ai|llm|assistant|chatgpt|gpt|bot)\b",
    r"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|llm|language\s+model|assistant|chatbot)\b",
    r"\b(?:as|if you are)\s+an?\s+(?:ai|llm|language\s+model)\b",
    # instructions to file someone under a label
    r"\b(?:list|mark|record|classify|tag|report|output|set)\s+[\w .'-]{1,40}?\s+as\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:customer'?s?\s+)?(?:champion|economic[ _]buyer|"
    r"executive[ _]sponsor|sponsor|blocker|skeptic)\b",
    # our reply's own keys inside the document (a fake JSON record)
    r"[\"'](?:success_criteria|stakeholders|expansion_signals|risks|stance|unprompted|quotes)[\"']\s*:",
    # HTML comments that survived into the text
    r"<!--[\s\S]*?(?:-->|$)",
]
_TRIGGER_RE = re.compile("|".join(f"(?:{t})" for t in _TRIGGERS), re.IGNORECASE | re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_MAX_REACH = 800  # a trigger taints at most this many chars either side


def suspicious_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of ``text`` (sorted, merged) that carry instructions to a model."""
    spans = []
    for match in _TRIGGER_RE.finditer(text):
        spans.append(_paragraph_around(text, match.start(), match.end()))
    return _merge(spans)


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) touches any span."""
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def clean_text(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with suspicious spans blanked out (same length, so offsets still hold)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (blank-line delimited) containing a match, capped in reach."""
    floor = max(0, start - _MAX_REACH)
    before = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, floor, start)]
    para_start = before[-1] if before else floor
    after = _PARAGRAPH_BREAK.search(text, end, min(len(text), end + _MAX_REACH))
    para_end = after.start() if after else min(len(text), end + _MAX_REACH)
    return para_start, max(para_end, end)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
