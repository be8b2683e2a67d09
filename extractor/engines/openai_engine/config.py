"""Resolve the OpenAI engine's settings: explicit options, then env, then the config file.

Keys: ``model`` (env ``HANDOFF_MODEL``), ``base_url`` (``OPENAI_BASE_URL``),
``api_key`` (``OPENAI_API_KEY``), read from the ``[openai]`` table of the user's
config file as well. A base URL without a key is a keyless local server
(Ollama, vLLM, llama.cpp, LM Studio); no base URL means api.openai.com and a key
is required. The key is held as a ``SecretStr`` so no repr or log shows it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, ValidationError

from extractor.errors import EngineConfigError

ENV_MODEL = "HANDOFF_MODEL"
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_API_KEY = "OPENAI_API_KEY"
KEYLESS_PLACEHOLDER = "no-key"  # the SDK insists on a non-empty key; local servers ignore it


class EngineSettings(BaseModel):
    """Everything one OpenAI-engine run needs; tests shrink delays and timeouts here."""

    model: str
    base_url: str | None = None
    api_key: SecretStr | None = None
    concurrency: int = Field(default=4, ge=1, le=64, description="Batches in flight at once.")
    max_retries: int = Field(default=4, ge=0, le=10, description="Retries on 429/5xx/timeouts.")
    base_delay: float = Field(default=1.0, ge=0, description="First backoff delay (s), doubled.")
    max_delay: float = Field(default=30.0, ge=0, description="Cap on one wait, Retry-After too.")
    timeout: float = Field(default=120.0, gt=0, description="Seconds per HTTP request.")
    token_budget: int = Field(default=12000, ge=200, description="Document tokens per batch.")
    temperature: float | None = 0.0
    redact: bool = False
    redact_names: bool = False
    cache_dir: Path | None = Field(default=None, description="Response cache; None = no cache.")
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=dict, description="Extra model -> (USD per 1M input, per 1M output)."
    )

    @property
    def keyless(self) -> bool:
        """True when talking to a local server without a key."""
        return self.api_key is None

    def key_value(self) -> str:
        """The key for the SDK (a placeholder for keyless local servers)."""
        return self.api_key.get_secret_value() if self.api_key else KEYLESS_PLACEHOLDER

    def secrets(self) -> list[str]:
        """Strings that must be scrubbed from every message."""
        return [self.api_key.get_secret_value()] if self.api_key else []


def resolve_settings(model: str | None = None, base_url: str | None = None,
                     api_key: str | None = None, **options: Any) -> EngineSettings:
    """Build settings from explicit values, then env, then the config file's ``[openai]`` table.

    Raises:
        EngineConfigError: no model, no key for the hosted API, or an invalid option.
    """
    table = _config_table()
    model = model or os.environ.get(ENV_MODEL) or table.get("model")
    base_url = base_url or os.environ.get(ENV_BASE_URL) or table.get("base_url")
    api_key = api_key or os.environ.get(ENV_API_KEY) or table.get("api_key")
    if not model:
        raise EngineConfigError(
            f"no model for the openai engine: pass --model NAME, set {ENV_MODEL}, "
            "or add model = \"...\" under [openai] in the config file"
        )
    if not api_key and not base_url:
        raise EngineConfigError(
            f"no API key: set {ENV_API_KEY}, or pass --base-url URL for a keyless local "
            "OpenAI-compatible server"
        )
    merged = {k: v for k, v in table.items() if k not in ("model", "base_url", "api_key")}
    merged.update({k: v for k, v in options.items() if v is not None})
    if merged.pop("cache", True) is False:  # cache = false in config, or cache=False
        merged["cache_dir"] = None
    elif merged.get("cache_dir") is None:
        merged["cache_dir"] = default_cache_dir()
    try:
        return EngineSettings(model=model, base_url=base_url or None,
                              api_key=SecretStr(api_key) if api_key else None, **merged)
    except ValidationError as error:
        fields = ", ".join(str(e["loc"][0]) for e in error.errors() if e.get("loc"))
        raise EngineConfigError(f"invalid openai engine option(s): {fields}") from None


def _config_table() -> dict[str, Any]:
    """The ``[openai]`` table of the user's config file, or ``{}``."""
    from extractor.settings import load_config_file

    table = load_config_file().get("openai", {})
    return dict(table) if isinstance(table, dict) else {}


def default_cache_dir() -> Path:
    """``llm/`` under the resolved cache dir (``HANDOFF_CACHE``, config ``cache``, per-user)."""
    from extractor.settings import Settings

    return Settings.resolve().cache_dir / "llm"
