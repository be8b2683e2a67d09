"""Load a labelled set (handoff-gold/1): account.json, docs/, gold.json, questions.json.

Gold items stay close to the file format (a category, an id, the fields and the
evidence quotes) because the scorer compares them field by field with predicted
items; nothing here needs the parsers, so scoring tests run without them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.models import CATEGORIES


@dataclass(frozen=True)
class GoldEvidence:
    """One labelled quote: the document path as labelled ("docs/...") and the text."""

    doc: str
    quote: str


@dataclass
class GoldItem:
    """One labelled item of one category."""

    category: str
    id: str
    fields: dict[str, Any]
    evidence: list[GoldEvidence]


@dataclass(frozen=True)
class Question:
    """A question a CSM would ask, with what a good answer holds."""

    id: str
    question: str
    must_mention: list[str]
    evidence_docs: list[str]


@dataclass
class LabelledAccount:
    """One labelled account directory."""

    slug: str
    path: Path
    info: dict[str, Any]
    gold: dict[str, list[GoldItem]]
    questions: list[Question] = field(default_factory=list)

    @property
    def as_of(self) -> dt.date:
        """The handoff date the labels are true as of."""
        return dt.date.fromisoformat(str(self.info["as_of"]))

    @property
    def docs_dir(self) -> Path:
        return self.path / "docs"

    def doc_paths(self) -> list[Path]:
        """The account's raw documents (sub-folders too), sorted by path; hidden files skipped."""
        if not self.docs_dir.is_dir():
            return []
        return sorted(p for p in self.docs_dir.rglob("*")
                      if p.is_file() and not p.name.startswith("."))

    def gold_count(self) -> int:
        return sum(len(items) for items in self.gold.values())


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from exc


def _gold_items(raw: dict[str, Any], source: Path) -> dict[str, list[GoldItem]]:
    gold: dict[str, list[GoldItem]] = {}
    for category in CATEGORIES:
        items = []
        for index, entry in enumerate(raw.get(category) or []):
            if not isinstance(entry, dict):
                raise InputError(f"{source}: {category}[{index}] is not an object")
            evidence = [GoldEvidence(str(e.get("doc", "")), str(e.get("quote", "")))
                        for e in entry.get("evidence") or []]
            fields = {k: v for k, v in entry.items() if k not in ("id", "evidence")}
            items.append(GoldItem(category, str(entry.get("id") or f"{category}{index}"),
                                  fields, evidence))
        gold[category] = items
    return gold


def _questions(raw: Any) -> list[Question]:
    return [Question(id=str(q.get("id", i)), question=str(q["question"]),
                     must_mention=[str(s) for s in q.get("answer_must_mention") or []],
                     evidence_docs=[str(s) for s in q.get("evidence_docs") or []])
            for i, q in enumerate(raw or [])]


def load_account(path: Path) -> LabelledAccount:
    """Load one labelled account directory.

    Raises:
        InputError: a missing account.json/gold.json or invalid JSON (names the file).
    """
    info = _read_json(path / "account.json")
    if "as_of" not in info:
        raise InputError(f"{path / 'account.json'}: no as_of date")
    gold = _gold_items(_read_json(path / "gold.json"), path / "gold.json")
    questions_path = path / "questions.json"
    questions = _questions(_read_json(questions_path)) if questions_path.exists() else []
    return LabelledAccount(path.name, path, info, gold, questions)


def load_dataset(root: Path, accounts: list[str] | None = None) -> list[LabelledAccount]:
    """Load every account directory (one holding account.json) under ``root``.

    Args:
        root: the set directory, e.g. ``shared/eval/dev``.
        accounts: restrict to these slugs (directory names); unknown ones are an error.

    Raises:
        InputError: the directory is missing, holds no accounts, or a slug is unknown.
    """
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    found = sorted(p for p in root.iterdir() if (p / "account.json").is_file())
    if accounts:
        names = {p.name for p in found}
        unknown = [a for a in accounts if a not in names]
        if unknown:
            raise InputError(f"{root}: unknown account(s): {', '.join(unknown)}")
        found = [p for p in found if p.name in set(accounts)]
    if not found:
        raise InputError(f"{root}: no labelled accounts (directories with account.json)")
    return [load_account(p) for p in found]
