"""Mask personal data in text sent to an LLM endpoint, and restore it locally.

With ``--redact``, email addresses and phone numbers (and, optionally, the names
of people the documents list structurally) are replaced by placeholders such as
``[EMAIL-1]`` before any text leaves the machine. The mapping stays in memory;
the model's reply is restored with it, so quotes align to the stored text and
the record shows the real values. Placeholders are numbered in order of first
appearance, so the same documents always redact to the same text (and hit the
same response-cache entries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A run of digit groups with optional +country code and (area) code; filtered by
# digit count below so dates, amounts and versions are not taken for phones.
PHONE_RE = re.compile(
    r"(?<![\w@/.:-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}"
    r"(?![\w@/-])"
)
_DATE_LIKE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
_PLACEHOLDER_RE = re.compile(r"\[(?:EMAIL|PHONE|PERSON)-\d+(?:-(?:GIVEN|FAMILY))?\]")


def _is_phone(candidate: str) -> bool:
    """Enough digits for a phone number, and not a date."""
    digits = sum(ch.isdigit() for ch in candidate)
    if not 9 <= digits <= 15 or _DATE_LIKE.match(candidate):
        return False
    return candidate.startswith(("+", "(")) or bool(re.search(r"\d[ .-]\d", candidate))


class Redactor:
    """A reversible, deterministic mapping of personal data to placeholders.

    Args:
        names: full names to mask as well (e.g. document participants); each
            name's first and last word are masked on their own too.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._forward: dict[str, str] = {}
        self._counters = {"EMAIL": 0, "PHONE": 0, "PERSON": 0}
        self._name_patterns: list[tuple[re.Pattern[str], str]] = []
        for name in sorted({n.strip() for n in names if len(n.strip()) >= 3}, key=len,
                           reverse=True):
            self._add_name(name)

    @property
    def mapping(self) -> dict[str, str]:
        """placeholder -> original value."""
        return {placeholder: original for original, placeholder in self._forward.items()}

    def redact(self, text: str) -> str:
        """The text with emails, phones and registered names replaced by placeholders."""
        text = EMAIL_RE.sub(lambda m: self._placeholder("EMAIL", m.group(0)), text)
        text = PHONE_RE.sub(self._phone, text)
        for pattern, placeholder in self._name_patterns:
            text = pattern.sub(placeholder, text)
        return text

    def restore(self, text: str) -> str:
        """Put the original values back wherever a placeholder appears."""
        mapping = self.mapping
        return _PLACEHOLDER_RE.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)

    def restore_data(self, data: Any) -> Any:
        """``restore`` applied to every string in a JSON-like structure."""
        if isinstance(data, str):
            return self.restore(data)
        if isinstance(data, list):
            return [self.restore_data(value) for value in data]
        if isinstance(data, dict):
            return {key: self.restore_data(value) for key, value in data.items()}
        return data

    def _phone(self, match: re.Match[str]) -> str:
        value = match.group(0)
        return self._placeholder("PHONE", value) if _is_phone(value) else value

    def _placeholder(self, kind: str, value: str) -> str:
        if value not in self._forward:
            self._counters[kind] += 1
            self._forward[value] = f"[{kind}-{self._counters[kind]}]"
        return self._forward[value]

    def _add_name(self, name: str) -> None:
        """Register a full name, then its first and last words."""
        base = self._placeholder("PERSON", name)
        self._name_patterns.append((_word_pattern(name), base))
        words = name.split()
        if len(words) < 2:
            return
        for word, suffix in ((words[0], "GIVEN"), (words[-1], "FAMILY")):
            if len(word) >= 3 and word not in self._forward:
                placeholder = base[:-1] + f"-{suffix}]"
                self._forward[word] = placeholder
                self._name_patterns.append((_word_pattern(word), placeholder))


def _word_pattern(phrase: str) -> re.Pattern[str]:
    """Match a phrase as whole words, whitespace-flexible."""
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")
