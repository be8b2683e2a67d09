"""Where the store lives and which embedder to use, resolved once per command.

Precedence, highest first: an explicit argument (a CLI flag), an environment
variable, the TOML config file, the per-user default. Every command resolves
the same way, so ``--store``/``HANDOFF_STORE`` mean the same thing everywhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from extractor.errors import InputError
from extractor.offline import ensure_offline

APP_NAME = "handoff-intel"
ENV_STORE = "HANDOFF_STORE"
ENV_CHROMA_URL = "HANDOFF_CHROMA_URL"
ENV_EMBEDDER = "HANDOFF_EMBEDDER"
ENV_CONFIG = "HANDOFF_CONFIG"
ENV_CACHE = "HANDOFF_CACHE"
DEFAULT_MAX_FILE_MB = 50.0


class Settings(BaseModel):
    """Resolved store, embedder and limits for one run."""

    store_dir: Path = Field(description="Directory holding the SQLite file and embedded Chroma.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL, else embedded.")
    embedder: str | None = Field(
        default=None, description="Local sentence-transformers model dir; None = bundled MiniLM."
    )
    cache_dir: Path = Field(description="Where derived artefacts (the ONNX graph) are cached.")
    max_file_mb: float = Field(default=DEFAULT_MAX_FILE_MB, gt=0)
    lock_timeout: float = Field(default=3600.0, description="Seconds to wait for the store lock.")

    @property
    def max_bytes(self) -> int:
        """The per-file size limit in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @classmethod
    def resolve(
        cls,
        store: str | Path | None = None,
        chroma_url: str | None = None,
        embedder: str | Path | None = None,
        max_file_mb: float | None = None,
    ) -> Settings:
        """Build settings from explicit values, then env, then config file, then defaults.

        Raises:
            InputError: the config file exists but is not valid TOML.
        """
        ensure_offline()
        config = load_config_file()
        store_value = _pick(store, ENV_STORE, config.get("store"))
        embedder_value = _pick(embedder, ENV_EMBEDDER, config.get("embedder"))
        cache_value = _pick(None, ENV_CACHE, config.get("cache"))
        max_mb = max_file_mb if max_file_mb is not None else config.get("max_file_mb")
        return cls(
            store_dir=Path(store_value).expanduser() if store_value else _default_store(),
            chroma_url=_pick(chroma_url, ENV_CHROMA_URL, config.get("chroma_url")) or None,
            embedder=str(Path(embedder_value).expanduser()) if embedder_value else None,
            cache_dir=Path(cache_value).expanduser() if cache_value else _default_cache(),
            max_file_mb=float(max_mb) if max_mb is not None else DEFAULT_MAX_FILE_MB,
        )


def config_path() -> Path:
    """The TOML config file: ``$HANDOFF_CONFIG`` or the per-user config dir."""
    explicit = os.environ.get(ENV_CONFIG)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def load_config_file() -> dict[str, Any]:
    """The parsed config file, or ``{}`` when there is none.

    Other parts (e.g. the OpenAI engine's ``[openai]`` table) read their own keys
    from the same file, so there is one place for a user's configuration.

    Raises:
        InputError: the file exists but cannot be read as TOML.
    """
    path = config_path()
    if not path.is_file():
        return {}
    toml = _toml_module()
    try:
        with path.open("rb") as handle:
            return toml.load(handle)
    except (OSError, toml.TOMLDecodeError) as error:
        raise InputError(f"config file {path}: {error}") from error


def _toml_module() -> Any:
    """tomllib on 3.11+, the tomli backport on 3.10."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # type: ignore[import-not-found]

    return tomli


def _pick(explicit: Any, env_name: str, from_config: Any) -> Any:
    """Explicit value, else a non-empty environment variable, else the config value."""
    if explicit not in (None, ""):
        return explicit
    env_value = os.environ.get(env_name)
    if env_value:
        return env_value
    return from_config


def _default_store() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "store"


def _default_cache() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME))
