"""The engine contract and a lazy registry.

Offline and LLM engines return the same ``HandoffRecord``, so review, eval and
``ask`` never care which one ran. Engines are imported only when asked for by
name, so ``handoff --help`` does not pay for the openai SDK or the embedder.
"""

from __future__ import annotations

import datetime as dt
import importlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from extractor.documents import Document
from extractor.errors import UnknownEngineError
from extractor.models import HandoffRecord


class ExtractionContext(BaseModel):
    """What an engine knows about the account besides its documents."""

    account: str
    as_of: dt.date
    customer: str | None = None  # the customer's display name, e.g. "Acme Freight"
    vendor: str | None = None  # the vendor's name, e.g. "Ledgerly"
    vendor_domains: list[str] = Field(default_factory=list)  # e.g. ["ledgerly.io"]
    product: str | None = None


class Engine(ABC):
    """An extraction engine: documents in, grounded candidate record out."""

    name: ClassVar[str]
    version: ClassVar[str] = "0"
    needs_key: ClassVar[bool] = False
    offline: ClassVar[bool] = True
    # True when the engine uses anything learned from labelled samples (a classifier,
    # thresholds, example banks). The eval harness then reports cross-validated scores;
    # such an engine should offer ``fit(examples)`` (see eval.runner.TrainingExample).
    learns_from_labels: ClassVar[bool] = False

    @abstractmethod
    def extract(self, documents: Sequence[Document], context: ExtractionContext) -> HandoffRecord:
        """Extract the handoff record as of ``context.as_of`` from dated documents.

        Documents dated after ``as_of`` must already be filtered out by the caller.
        Every item returned carries evidence located in the stored text by code.
        """


# name -> "module:Class"; modules are imported on first use only.
_REGISTRY: dict[str, str] = {
    "local": "extractor.engines.local:LocalEngine",
    "openai": "extractor.engines.openai_engine:OpenAIEngine",
}


def register_engine(name: str, target: str) -> None:
    """Register an engine class by import path ("package.module:Class")."""
    _REGISTRY[name] = target


def available_engines() -> list[str]:
    """Names of the registered engines."""
    return sorted(_REGISTRY)


def get_engine(name: str, **options: Any) -> Engine:
    """Instantiate the engine registered under ``name`` with its options.

    Raises:
        UnknownEngineError: no engine of that name; the message lists the known ones.
    """
    target = _REGISTRY.get(name)
    if target is None:
        known = ", ".join(available_engines())
        raise UnknownEngineError(f"unknown engine {name!r}; known engines: {known}")
    module_name, _, class_name = target.partition(":")
    engine_class = getattr(importlib.import_module(module_name), class_name)
    return engine_class(**options)
