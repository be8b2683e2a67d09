"""``OpenAIEngine``: the engine behind ``--engine openai``, for any OpenAI-compatible endpoint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from extractor.documents import Document
from extractor.engines.base import Engine, ExtractionContext
from extractor.engines.openai_engine.config import EngineSettings, resolve_settings
from extractor.models import HandoffRecord


class OpenAIEngine(Engine):
    """Extract with a hosted or local LLM, held to the same grounding rules as the offline engine.

    Args:
        model: model name (else ``HANDOFF_MODEL`` or the config file).
        base_url: an OpenAI-compatible endpoint (else ``OPENAI_BASE_URL``); with a
            base URL no key is needed.
        api_key: else ``OPENAI_API_KEY``; never logged or shown.
        **options: any ``EngineSettings`` field (concurrency, token_budget, redact, ...).

    Raises:
        EngineConfigError: no model, or no key and no base URL.
    """

    name: ClassVar[str] = "openai"
    version: ClassVar[str] = "1"
    needs_key: ClassVar[bool] = True  # per instance: False when a base URL is given
    offline: ClassVar[bool] = False

    def __init__(self, model: str | None = None, base_url: str | None = None,
                 api_key: str | None = None, **options: Any) -> None:
        self.settings: EngineSettings = resolve_settings(model, base_url, api_key, **options)
        self.needs_key = self.settings.base_url is None  # type: ignore[misc]

    def extract(self, documents: Sequence[Document], context: ExtractionContext) -> HandoffRecord:
        """The grounded candidate record (see ``pipeline.ExtractionRun``)."""
        from extractor.engines.openai_engine.client import ChatClient
        from extractor.engines.openai_engine.pipeline import ExtractionRun
        from extractor.prompt_files import load_prompts

        run = ExtractionRun(self.settings, load_prompts(), ChatClient(self.settings))
        return run.run(documents, context)

    def __repr__(self) -> str:
        return f"OpenAIEngine(model={self.settings.model!r}, base_url={self.settings.base_url!r})"
