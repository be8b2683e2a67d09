"""Features of a unit for the offline engine's per-category unit classifier.

Features are deliberately general: words and word pairs (the classifier only
keeps ones used across several accounts and drops any holding a person's name,
so account-specific names cannot matter; widely used product terms such as an
ERP's name may), hits of the hand-written cues in :mod:`cues`, the heading a unit sits
under, and shape (numbers, dates, tables, transcript speech, document type).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from extractor.engines.local import cues
from extractor.segmentation import Unit

_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")
_CUE_SETS = {"sc": cues.CRITERIA, "ex": cues.EXPANSION, "rk": cues.RISK}
_HEADINGS = {"sc": cues.CRITERIA_HEADINGS, "ex": cues.EXPANSION_HEADINGS, "rk": cues.RISK_HEADINGS}
_STATUS = {"resolved": cues.RESOLVED, "mitigated": cues.MITIGATED, "open": cues.STILL_OPEN}
_DATEISH = re.compile(r"\b(q[1-4]|eo[qmy]|\d{1,2}/\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                      r"oct|nov|dec)[a-z]*\s+\d{1,2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|"
                      r"sep|oct|nov|dec)[a-z]*)\b", re.I)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (numbers dropped: shape features cover them)."""
    return _WORD.findall(text.lower())


def unit_features(unit: Unit, doc_type: str, relative_position: float) -> list[str]:
    """Sparse binary feature names of one unit.

    Args:
        unit: the unit.
        doc_type: its document's type value ("email", "transcript", ...).
        relative_position: 0.0 for the account's first document, 1.0 for the last.
    """
    tokens = words(unit.text)
    feats = {f"w:{t}" for t in tokens}
    feats.update(f"b:{a}_{b}" for a, b in itertools.pairwise(tokens))
    feats.update(f"h:{t}" for t in words(unit.heading))
    for name, cue_list in _CUE_SETS.items():
        for index, (pattern, _weight) in enumerate(cue_list):
            if pattern.search(unit.text):
                feats.add(f"cue:{name}:{index}")
        if unit.heading and _HEADINGS[name].search(unit.heading):
            feats.add(f"head:{name}")
    feats.update(f"status:{k}" for k, p in _STATUS.items() if p.search(unit.text))
    feats.update(_shape(unit, doc_type, relative_position))
    return sorted(feats)


def _shape(unit: Unit, doc_type: str, relative_position: float) -> list[str]:
    """Shape features: length, digits, dates, tables, speech, document type and age."""
    text = unit.text
    out = [f"doc:{doc_type}", f"kind:{unit.kind}", f"len:{min(len(text) // 60, 4)}",
           f"pos:{min(int(relative_position * 3), 2)}", "bias"]
    if re.search(r"\d", text):
        out.append("digit")
    if "%" in text or "percent" in text.lower():
        out.append("pct")
    if _DATEISH.search(text):
        out.append("date")
    if "|" in unit.line:
        out.append("table")
    if unit.speaker:
        out.append("speaker")
    if "?" in text:
        out.append("question")
    if '"' in text or "\u201c" in text:
        out.append("quote")
    return out


def relative_positions(document_count: int) -> list[float]:
    """Each document's position in the account's timeline, 0.0 (first) to 1.0 (last)."""
    n = document_count
    return [i / (n - 1) if n > 1 else 1.0 for i in range(n)]


def features_of(analysis: Any) -> list[list[str]]:
    """Feature lists of every unit of an account (an ``Analysis``), in unit order."""
    positions = relative_positions(len(analysis.documents))
    return [unit_features(u, analysis.doc(u).doc_type.value, positions[u.doc_index])
            for u in analysis.units]
