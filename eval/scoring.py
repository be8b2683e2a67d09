"""Score one account's predicted record against its gold labels, and sum accounts.

Counts are kept raw in a :class:`Tally` so accounts add up exactly (micro
averages are over items, not over accounts); :func:`scores` turns a tally into
precision/recall/F1, field accuracy, free-text similarity and grounding rate.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.dataset import GoldItem
from eval.fields import KEY_FIELD, compare_fields, plain, text_similarity
from eval.locate import LocatedGold, Span, file_name, find_document
from eval.matching import Candidate, match_items
from eval.report import CategoryScore, FieldError, Miss, Scores
from eval.visible import letters, visible_text
from extractor.documents import Document
from extractor.models import CATEGORIES, Evidence, HandoffRecord

# Evidence-route matches whose statement/summary/name similarity is below this are
# counted as "weak_evidence": a diagnostic of how lenient the overlap route is.
WEAK_SIMILARITY = 0.5


@dataclass
class Tally:
    """Raw counts that add up across accounts."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    field_right: Counter = field(default_factory=Counter)
    field_total: Counter = field(default_factory=Counter)
    text_sum: defaultdict = field(default_factory=lambda: defaultdict(float))
    text_count: Counter = field(default_factory=Counter)
    evidence_checked: int = 0
    evidence_grounded: int = 0
    routes: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        """Add another tally's counts into this one."""
        for name in ("tp", "fp", "fn", "field_right", "field_total", "text_count", "routes"):
            getattr(self, name).update(getattr(other, name))
        for key, value in other.text_sum.items():
            self.text_sum[key] += value
        self.evidence_checked += other.evidence_checked
        self.evidence_grounded += other.evidence_grounded


@dataclass
class AccountScore:
    """A tally plus the details a developer reads to see what to fix."""

    tally: Tally = field(default_factory=Tally)
    unmatched_gold: list[Miss] = field(default_factory=list)
    unmatched_predictions: list[Miss] = field(default_factory=list)
    field_errors: list[FieldError] = field(default_factory=list)
    ungrounded: list[dict[str, Any]] = field(default_factory=list)


def _ratio(num: float, den: float, empty: float) -> float:
    return num / den if den else empty


def category_score(tp: int, fp: int, fn: int) -> CategoryScore:
    """P/R/F1 with the conventions: nothing to find and nothing found is perfect;
    predicting nothing when there was something scores 0."""
    both_empty = 1.0 if tp + fp + fn == 0 else 0.0
    precision = _ratio(tp, tp + fp, both_empty)
    recall = _ratio(tp, tp + fn, both_empty)
    f1 = _ratio(2 * precision * recall, precision + recall, 0.0)
    return CategoryScore(precision=round(precision, 4), recall=round(recall, 4),
                         f1=round(f1, 4), tp=tp, fp=fp, fn=fn)


def scores(tally: Tally) -> Scores:
    """Turn raw counts into the report's numbers."""
    categories = {c: category_score(tally.tp[c], tally.fp[c], tally.fn[c]) for c in CATEGORIES}
    micro = category_score(sum(tally.tp.values()), sum(tally.fp.values()),
                           sum(tally.fn.values()))
    macro = sum(s.f1 for s in categories.values()) / len(categories)
    fields = {k: round(tally.field_right[k] / n, 4) for k, n in sorted(tally.field_total.items())}
    free = {k: round(tally.text_sum[k] / n, 4) for k, n in sorted(tally.text_count.items())}
    grounding = _ratio(tally.evidence_grounded, tally.evidence_checked, 1.0)
    return Scores(micro={"precision": micro.precision, "recall": micro.recall, "f1": micro.f1},
                  macro_f1=round(macro, 4), categories=categories, fields=fields,
                  free_text=free, grounding_rate=round(grounding, 4),
                  matches_by_route={"evidence": tally.routes["evidence"],
                                    "text": tally.routes["text"],
                                    "weak_evidence": tally.routes["weak_evidence"]})


def _spans(evidence: Sequence[Evidence]) -> list[Span]:
    return [Span(e.source, e.start, e.end) for e in evidence]


def _gold_miss(item: GoldItem) -> Miss:
    first = item.evidence[0] if item.evidence else None
    return Miss(category=item.category, id=item.id,
                text=str(item.fields.get(KEY_FIELD[item.category]) or ""),
                doc=first.doc if first else None, quote=first.quote if first else None,
                mentions=len(item.evidence))


def _predicted_miss(category: str, fields: dict[str, Any], evidence: list[Evidence]) -> Miss:
    first = evidence[0] if evidence else None
    return Miss(category=category, id=fields.get("id") or None,
                text=str(fields.get(KEY_FIELD[category]) or ""),
                doc=first.source if first else None, quote=first.quote if first else None,
                confidence=fields.get("confidence"))


def _score_pairs(category: str, gold: list[GoldItem], fields: list[dict[str, Any]],
                 pairs: list[tuple[int, int, str]], result: AccountScore) -> None:
    tally = result.tally
    for i, j, route in pairs:
        tally.routes[route] += 1
        key = KEY_FIELD[category]
        if route == "evidence" and text_similarity(
                gold[i].fields.get(key), fields[j].get(key)) < WEAK_SIMILARITY:
            tally.routes["weak_evidence"] += 1  # shares evidence, reads like another item
        correct, similarity = compare_fields(category, gold[i].fields, fields[j])
        for name, ok in correct.items():
            key = f"{category}.{name}"
            tally.field_total[key] += 1
            tally.field_right[key] += int(ok)
            if not ok:
                result.field_errors.append(FieldError(
                    category=category, gold_id=gold[i].id, field=name,
                    gold=plain(gold[i].fields.get(name)), predicted=plain(fields[j].get(name))))
        for name, value in similarity.items():
            tally.text_sum[f"{category}.{name}"] += value
            tally.text_count[f"{category}.{name}"] += 1


def score_record(gold: dict[str, list[GoldItem]], located: LocatedGold,
                 record: HandoffRecord | None) -> AccountScore:
    """Match and score a predicted record (None = nothing predicted) against gold."""
    result = AccountScore()
    for category in CATEGORIES:
        gold_items = gold.get(category, [])
        predicted = record.items(category) if record is not None else []
        fields = [item.model_dump() for item in predicted]
        matched = match_items(
            category,
            [Candidate(g.fields, located.for_item(g)) for g in gold_items],
            [Candidate(f, _spans(p.evidence)) for f, p in zip(fields, predicted, strict=True)])
        result.tally.tp[category] += len(matched.pairs)
        result.tally.fn[category] += len(matched.unmatched_gold)
        result.tally.fp[category] += len(matched.unmatched_predicted)
        _score_pairs(category, gold_items, fields, matched.pairs, result)
        result.unmatched_gold += [_gold_miss(gold_items[i]) for i in matched.unmatched_gold]
        result.unmatched_predictions += [
            _predicted_miss(category, fields[j], predicted[j].evidence)
            for j in matched.unmatched_predicted]
    # Worst first: gold items labelled from many quotes, confident false positives.
    result.unmatched_gold.sort(key=lambda m: -m.mentions)
    result.unmatched_predictions.sort(key=lambda m: -(m.confidence or 0.0))
    return result


def check_grounding(record: HandoffRecord | None, documents: Sequence[Document],
                    raw_files: dict[str, Path], result: AccountScore) -> None:
    """Count predicted evidence quotes that are verbatim in their source.

    A quote is grounded when it equals the stored text at its offsets and its
    letters appear, in order, in the raw file's visible text.
    """
    if record is None:
        return
    visible: dict[str, str] = {}
    for category in CATEGORIES:
        for item in record.items(category):
            for evidence in item.evidence:
                reason = _grounding_failure(evidence, documents, raw_files, visible)
                result.tally.evidence_checked += 1
                if reason is None:
                    result.tally.evidence_grounded += 1
                else:
                    result.ungrounded.append({"category": category, "source": evidence.source,
                                              "quote": evidence.quote, "reason": reason})


def _grounding_failure(evidence: Evidence, documents: Sequence[Document],
                       raw_files: dict[str, Path], visible: dict[str, str]) -> str | None:
    """Why an evidence quote is not grounded, or None when it is."""
    if not evidence.quote:
        return "empty quote"
    doc = find_document(documents, evidence.source)
    if doc is None:
        return "unknown document"
    if doc.text[evidence.start:evidence.end] != evidence.quote:
        return "quote differs from stored text at its offsets"
    raw = raw_files.get(file_name(doc.source))
    if raw is None:
        return "raw file not found"
    if raw.name not in visible:
        visible[raw.name] = letters(visible_text(raw))
    if letters(evidence.quote) not in visible[raw.name]:
        return "quote not in the raw file's visible text"
    return None
