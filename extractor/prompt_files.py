"""Load and validate the prompt files under ``prompts/`` (system prompt, categories, examples).

Prompts are versioned data, not code: the LLM engine renders them, and the
sha256 of every file is written into each record's ``prompt_version`` so a
record always says which prompts produced it. Loading is loud: a template
variable nobody supplies, an unknown variable, or a few-shot example whose
expected quote is not in its own text raises ``PromptError`` naming the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import string
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from extractor.errors import PromptError
from extractor.models import CATEGORIES

TEMPLATE_VARIABLES = frozenset(
    {"customer", "vendor", "vendor_domains", "product", "as_of", "categories"}
)


class ExampleContext(BaseModel):
    """The fictional account a few-shot example belongs to."""

    customer: str
    vendor: str
    vendor_domains: list[str] = Field(default_factory=list)
    product: str | None = None
    as_of: dt.date


class ExampleDocument(BaseModel):
    """One document of a few-shot example, shown to the model like a real one."""

    doc_id: str
    source: str
    date: dt.date
    text: str


class FewShotExample(BaseModel):
    """A worked example: documents in, the expected reply out (possibly empty: a negative)."""

    id: str
    description: str
    negative: bool = False
    context: ExampleContext
    documents: list[ExampleDocument] = Field(min_length=1)
    expected: dict[str, list[dict[str, Any]]]
    why: str | None = None


class PromptBank(BaseModel):
    """Everything under ``prompts/``, validated, with its content hash."""

    system: str
    categories: dict[str, str]
    examples: list[FewShotExample]
    version: str = Field(description="sha256 over every prompt file's path and bytes.")

    def render_system(self, variables: dict[str, str]) -> str:
        """The system prompt with the category instructions and the account's facts filled in."""
        merged = {**variables, "categories": "\n\n".join(self.categories.values())}
        return render(self.system, merged, name="system.md")

    def leakage_texts(self) -> list[str]:
        """Texts that must never come back as an extraction: examples and prompt prose."""
        texts = [doc.text for example in self.examples for doc in example.documents]
        return [*texts, self.system, *self.categories.values()]


def render(template: str, variables: dict[str, Any], *, name: str) -> str:
    """Fill ``$name`` placeholders, failing loudly on any missing variable.

    Raises:
        PromptError: a placeholder in the template has no value.
    """
    missing = sorted(set(placeholders(template)) - set(variables))
    if missing:
        raise PromptError(f"{name}: no value for template variable(s) {', '.join(missing)}")
    return string.Template(template).substitute({k: str(v) for k, v in variables.items()})


def placeholders(template: str) -> list[str]:
    """The ``$variables`` a template uses."""
    names = []
    for match in string.Template.pattern.finditer(template):
        named = match.group("named") or match.group("braced")
        if named:
            names.append(named)
    return names


def default_root() -> Path:
    """The ``prompts`` package directory (regular, editable or namespace install).

    ``importlib.resources.files`` fails on the namespace-path objects some editable
    installs create, so the package's own ``__path__`` is used instead.
    """
    import prompts

    for entry in getattr(prompts, "__path__", []):
        if Path(entry).is_dir():
            return Path(entry)
    raise PromptError("the prompts package has no directory on disk")


def load_prompts(root: Path | None = None) -> PromptBank:
    """Read, validate and hash every prompt file under ``root``.

    Raises:
        PromptError: a file is missing, malformed, uses an unknown variable, or an
            example's expected quote is not a substring of its document's text.
    """
    root = root or default_root()
    system = _read(root / "system.md")
    _check_variables(system, "system.md")
    categories = {}
    for category in CATEGORIES:
        text = _read(root / "categories" / f"{category}.md")
        _check_variables(text, f"categories/{category}.md")
        categories[category] = text.strip()
    examples = [_load_example(path) for path in sorted((root / "examples").glob("*.json"))]
    return PromptBank(system=system, categories=categories, examples=examples,
                      version=prompt_version(root))


def extraction_files(root: Path) -> list[Path]:
    """The files extraction uses (other features keep their prompts in sibling folders)."""
    files = [root / "system.md", *sorted((root / "categories").glob("*.md")),
             *sorted((root / "examples").glob("*.json"))]
    return [path for path in files if path.is_file()]


def prompt_version(root: Path) -> str:
    """sha256 over the relative path and bytes of every extraction prompt file."""
    digest = hashlib.sha256()
    for path in extraction_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> str:
    """A prompt file's text, or a PromptError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise PromptError(f"prompt file {path} cannot be read: {error.strerror}") from error


def _check_variables(template: str, name: str) -> None:
    """Reject placeholders the engine never supplies (typos would render as blanks)."""
    unknown = sorted(set(placeholders(template)) - TEMPLATE_VARIABLES)
    if unknown:
        known = ", ".join(sorted(TEMPLATE_VARIABLES))
        raise PromptError(f"{name}: unknown template variable(s) {', '.join(unknown)}; "
                          f"known: {known}")


def _load_example(path: Path) -> FewShotExample:
    """Parse one example file and check it against its own text and the reply schema."""
    try:
        example = FewShotExample.model_validate(json.loads(_read(path)))
    except (json.JSONDecodeError, ValidationError) as error:
        raise PromptError(f"example {path.name}: {_first_line(error)}") from error
    _check_example(example, path.name)
    return example


def _check_example(example: FewShotExample, name: str) -> None:
    """Every expected item validates against the reply schema and quotes its own documents."""
    from extractor.engines.openai_engine.schema import extraction_model

    unknown = sorted(set(example.expected) - set(CATEGORIES))
    if unknown:
        raise PromptError(f"example {name}: unknown categories {', '.join(unknown)}")
    try:
        extraction_model().model_validate(example.expected)
    except ValidationError as error:
        raise PromptError(
            f"example {name}: expected reply invalid: {_first_line(error)}") from error
    texts = {doc.doc_id: doc.text for doc in example.documents}
    for category, items in example.expected.items():
        for index, item in enumerate(items):
            quotes = item.get("quotes") or []
            if not quotes:
                raise PromptError(f"example {name}: {category}[{index}] has no quotes")
            for quote in quotes:
                text = texts.get(quote.get("doc_id", ""))
                if text is None or quote.get("quote", "") not in text:
                    raise PromptError(
                        f"example {name}: {category}[{index}] quote not in document "
                        f"{quote.get('doc_id')!r}: {quote.get('quote', '')[:60]!r}"
                    )


def _first_line(error: Exception) -> str:
    """A compact one-line description of a parse/validation error."""
    return " ".join(str(error).split())[:300]
