"""What the model is asked to return: the record's items, minus code-owned fields, plus quotes.

The output models are derived from the record models in ``extractor.models`` so
field names, enums and descriptions never drift from the record. Code owns
``id``, ``evidence`` (offsets), ``confidence`` and ``review``; the model only
gives verbatim quotes with the id of the document they come from.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from extractor.models import CATEGORIES, Item

_CODE_OWNED = {"id", "evidence", "confidence", "review"}


class Quote(BaseModel):
    """A verbatim quote the model claims supports an item."""

    model_config = ConfigDict(extra="ignore")

    doc_id: str = Field(description="The id attribute of the <document> the quote is copied from.")
    quote: str = Field(
        description="Text copied character for character from that document: a phrase or one "
        "sentence, no paraphrase, no ellipsis."
    )


def _output_field(name: str, field: Any) -> tuple[Any, Any]:
    """The output-model annotation and FieldInfo for one record field."""
    annotation = field.annotation
    description = field.description
    if annotation in (dt.date, dt.date | None):
        annotation = str | None
        description = f"{description or name} As an ISO date YYYY-MM-DD, or null."
    if field.is_required():
        return annotation, Field(description=description)
    return annotation, Field(default=field.get_default(call_default_factory=True),
                             description=description)


@functools.cache
def output_item_model(category: str) -> type[BaseModel]:
    """The model-facing item class for one record category."""
    record_class: type[Item] = CATEGORIES[category]
    fields: dict[str, Any] = {
        name: _output_field(name, info)
        for name, info in record_class.model_fields.items()
        if name not in _CODE_OWNED
    }
    fields["quotes"] = (list[Quote], Field(default_factory=list,
                                           description="Verbatim supporting quotes, at least one."))
    return create_model(  # type: ignore[call-overload]
        f"Extracted{record_class.__name__}",
        __config__=ConfigDict(extra="ignore"),
        __doc__=record_class.__doc__,
        **fields,
    )


@functools.lru_cache(maxsize=1)
def extraction_model() -> type[BaseModel]:
    """The whole reply: one list per category."""
    fields: dict[str, Any] = {
        category: (list[output_item_model(category)], Field(default_factory=list))  # type: ignore[valid-type]
        for category in CATEGORIES
    }
    return create_model(  # type: ignore[call-overload]
        "Extraction", __config__=ConfigDict(extra="ignore"), **fields
    )


def strict_json_schema() -> dict[str, Any]:
    """The reply schema in the form OpenAI's strict structured outputs accept.

    Refs are inlined (some OpenAI-compatible servers do not resolve ``$ref``),
    every object forbids extra keys and lists all its properties as required,
    and defaults/titles are removed.
    """
    schema = extraction_model().model_json_schema()
    defs = schema.pop("$defs", {})
    return _strictify(_inline(schema, defs))


def schema_fingerprint() -> str:
    """Canonical JSON of the strict schema (part of the response-cache key)."""
    return json.dumps(strict_json_schema(), sort_keys=True, separators=(",", ":"))


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace every ``{"$ref": "#/$defs/X"}`` with the definition itself."""
    if isinstance(node, list):
        return [_inline(child, defs) for child in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _inline(merged, defs)
    return {key: _inline(value, defs) for key, value in node.items()}


def _strictify(node: Any) -> Any:
    """Apply the strict-mode object rules recursively."""
    if isinstance(node, list):
        return [_strictify(child) for child in node]
    if not isinstance(node, dict):
        return node
    out = {k: _strictify(v) for k, v in node.items() if k not in ("default", "title", "properties")}
    if isinstance(node.get("properties"), dict):  # property names may be "title": keep them
        out["properties"] = {name: _strictify(sub) for name, sub in node["properties"].items()}
    if out.get("type") == "object" and "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out["properties"])
    return out
