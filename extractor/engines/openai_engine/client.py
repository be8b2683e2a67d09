"""One chat-completion call with structured output, retries, and errors mapped to our types.

The ``openai`` SDK is used directly (imported on first call, ~1 s) with the
SDK's own retries switched off: retries here are bounded, exponential, honour
``Retry-After``, and their base delay is a setting so tests do not sleep.
Structured output is asked for as strict ``json_schema``; an endpoint that
rejects that gets ``json_object`` mode, then a plain request, with the schema
in the prompt (the reply is validated by pydantic either way). Fatal errors (bad
key, unknown model, unreachable endpoint) raise typed errors whose messages are
scrubbed of the key; transient ones that outlast the retries raise
``TransientEngineError`` so the pipeline can record a failed batch and go on.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from extractor.engines.openai_engine.config import EngineSettings
from extractor.errors import (
    EngineAuthError,
    EngineError,
    EngineUnreachableError,
    UnknownModelError,
)

log = logging.getLogger("extractor.engines.openai")
MODES = ("json_schema", "json_object", "plain")
_KEYISH = re.compile(r"(?<![A-Za-z0-9])(?:sk|pk|rk)-[A-Za-z0-9_*.\-]{6,}|Bearer\s+\S+",
                     re.IGNORECASE)
_URL_USERINFO = re.compile(r"(//)[^/@\s]+@")
_URL_SECRET_PARAM = re.compile(r"([?&](?:api[-_]?key|key|token|access_token|sig)=)[^&\s]+",
                               re.IGNORECASE)
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "schema", "structured")


class TransientEngineError(EngineError):
    """A batch failed after all retries (rate limit, server error, timeout, bad reply)."""


class TruncatedReplyError(TransientEngineError):
    """The reply hit the model's output limit; a smaller batch may fit."""


@dataclass(frozen=True)
class ChatResult:
    """A reply's text and its token usage."""

    content: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None


def scrub(text: str, secrets: list[str]) -> str:
    """Remove the key, anything key-shaped, and URL credentials from a message."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _KEYISH.sub("***", text)
    text = _URL_SECRET_PARAM.sub(r"\1***", text)
    return _URL_USERINFO.sub(r"\1***@", text)


class ChatClient:
    """A thin, thread-safe wrapper over ``openai.OpenAI`` for one run."""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self._client: Any = None
        self._lock = threading.Lock()
        self._mode = MODES[0]
        self._send_temperature = settings.temperature is not None

    @property
    def endpoint(self) -> str:
        """The endpoint for messages (credentials stripped)."""
        return scrub(self.settings.base_url or "https://api.openai.com/v1", self.secrets)

    @property
    def mode(self) -> str:
        """The structured-output mode in use (json_schema, json_object or plain)."""
        return self._mode

    @property
    def secrets(self) -> list[str]:
        return self.settings.secrets()

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> ChatResult:
        """One reply, retrying transient failures with exponential backoff.

        Raises:
            EngineAuthError, UnknownModelError, EngineUnreachableError: fatal for the run.
            TransientEngineError: still failing after the retries; fatal for this batch only.
        """
        import openai

        attempt = 0
        while True:
            try:
                return self._create(messages, schema)
            except openai.BadRequestError as error:
                if not self._fall_back(error):
                    raise self._mapped(error) from None
            except (openai.APITimeoutError, openai.RateLimitError, openai.InternalServerError,
                    openai.APIConnectionError, openai.APIStatusError) as error:
                if not _is_transient(error):
                    raise self._mapped(error) from None
                if attempt >= self._retries_for(error):
                    raise self._exhausted(error) from None
                delay = self._delay(attempt, error)
                log.warning("endpoint %s: %s; retry %d/%d in %.2fs", self.endpoint,
                            _kind(error), attempt + 1, self._retries_for(error), delay)
                time.sleep(delay)
                attempt += 1

    def _create(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> ChatResult:
        """The raw SDK call in the current output mode."""
        mode = self._mode
        kwargs: dict[str, Any] = {"model": self.settings.model,
                                  "messages": _with_schema_hint(messages, schema, mode)}
        if self._send_temperature:
            kwargs["temperature"] = self.settings.temperature
        if mode == "json_schema":
            kwargs["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "handoff_extraction", "strict": True, "schema": schema}}
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        response = self._sdk().chat.completions.create(**kwargs)
        choice = response.choices[0] if response.choices else None
        content = (choice.message.content or "") if choice else ""
        usage = response.usage
        return ChatResult(content, getattr(usage, "prompt_tokens", 0) or 0,
                          getattr(usage, "completion_tokens", 0) or 0,
                          getattr(choice, "finish_reason", None))

    def _sdk(self) -> Any:
        """The SDK client, built once on first use (never at import)."""
        with self._lock:
            if self._client is None:
                import openai

                self._client = openai.OpenAI(
                    api_key=self.settings.key_value(), base_url=self.settings.base_url,
                    max_retries=0, timeout=self.settings.timeout)
            return self._client

    def _fall_back(self, error: Any) -> bool:
        """Switch to a simpler request when the endpoint rejects an option; False if none left."""
        message = _message(error).lower()
        with self._lock:
            if self._send_temperature and "temperature" in message:
                self._send_temperature = False
                return True
            if self._mode != "plain" and any(w in message for w in _FORMAT_WORDS):
                self._mode = MODES[MODES.index(self._mode) + 1]
                log.warning("endpoint %s rejected structured output; using %s mode",
                            self.endpoint, self._mode)
                return True
        return False

    def _retries_for(self, error: Any) -> int:
        """Refused connections get one retry (a dead server rarely wakes up); others all."""
        import openai

        refused = isinstance(error, openai.APIConnectionError) and not isinstance(
            error, openai.APITimeoutError)
        return min(self.settings.max_retries, 1) if refused else self.settings.max_retries

    def _delay(self, attempt: int, error: Any) -> float:
        """Retry-After when the server gives one, else base * 2^attempt; capped."""
        retry_after = _retry_after(error)
        delay = retry_after if retry_after is not None else self.settings.base_delay * 2 ** attempt
        return max(0.0, min(delay, self.settings.max_delay))

    def _exhausted(self, error: Any) -> EngineError:
        """The error for a transient failure that outlasted the retries."""
        import openai

        tries = self._retries_for(error) + 1
        if isinstance(error, openai.APIConnectionError) and not isinstance(
                error, openai.APITimeoutError):
            cause = scrub(f"{error.__cause__ or error}", self.secrets)[:300]
            return EngineUnreachableError(
                f"cannot reach the endpoint {self.endpoint} after {tries} attempts ({cause}); "
                "check --base-url / OPENAI_BASE_URL and that the server is running")
        return TransientEngineError(f"{_kind(error)} after {tries} attempts")

    def _mapped(self, error: Any) -> EngineError:
        """A fatal SDK error as one of our typed errors, with the key scrubbed."""
        import openai

        status = getattr(error, "status_code", None)
        if isinstance(error, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return EngineAuthError(
                f"the endpoint {self.endpoint} rejected the API key (HTTP {status}); "
                "check OPENAI_API_KEY (the key is not shown)")
        if isinstance(error, openai.NotFoundError) or _names_unknown_model(error):
            return UnknownModelError(
                f"model {self.settings.model!r} is not served by {self.endpoint} (HTTP {status}); "
                "check --model / HANDOFF_MODEL")
        detail = scrub(_message(error), self.secrets)[:300]
        return EngineError(f"the endpoint {self.endpoint} refused the request "
                           f"(HTTP {status}): {detail}")


def _with_schema_hint(messages: list[dict[str, str]], schema: dict[str, Any],
                      mode: str) -> list[dict[str, str]]:
    """Without strict json_schema, put the schema in the system message instead."""
    if mode == "json_schema":
        return messages
    import json

    hint = ("\n\nReply with one JSON object, and nothing else, that matches this JSON schema:\n"
            + json.dumps(schema, separators=(",", ":")))
    first = {**messages[0], "content": messages[0]["content"] + hint}
    return [first, *messages[1:]]


def _is_transient(error: Any) -> bool:
    """Rate limits, server errors, timeouts and connection errors are worth retrying."""
    import openai

    if isinstance(error, (openai.APITimeoutError, openai.APIConnectionError,
                          openai.RateLimitError, openai.InternalServerError)):
        return True
    status = getattr(error, "status_code", 0) or 0
    return status == 408 or status == 409 or status >= 500


def _retry_after(error: Any) -> float | None:
    """Seconds from a ``Retry-After``/``retry-after-ms`` header, if any."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return float(value) * scale
        except ValueError:
            continue
    return None


def _names_unknown_model(error: Any) -> bool:
    """Some servers answer an unknown model with 400 rather than 404."""
    message = _message(error).lower()
    return "model" in message and any(w in message for w in ("not found", "does not exist",
                                                             "unknown model", "model_not_found"))


def _message(error: Any) -> str:
    """The server's error message if it sent one, else the exception text."""
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return str(error)


def _kind(error: Any) -> str:
    """A short description of a transient failure for logs and failed-batch notes."""
    status = getattr(error, "status_code", None)
    if status:
        return f"HTTP {status}"
    return "timeout" if "Timeout" in type(error).__name__ else "connection error"
