"""One exception hierarchy for the whole package.

The CLI maps each class to a one-line message and a distinct exit code in one
place, so library code raises typed errors and never prints or exits.
"""

from __future__ import annotations


class HandoffError(Exception):
    """Root of every error this package raises on purpose."""

    exit_code = 1


class InputError(HandoffError):
    """A file or argument the user gave cannot be used (names the file and why)."""

    exit_code = 2


class UnsupportedFormatError(InputError):
    """A file extension no parser handles; reported, never guessed."""


class StoreError(HandoffError):
    """The account store is missing, locked, or inconsistent."""

    exit_code = 3


class EmbedderMismatchError(StoreError):
    """A collection was built with another embedder than the one asked for."""


class EngineError(HandoffError):
    """An extraction or answer engine failed; SDK errors are wrapped in this."""

    exit_code = 4


class UnknownEngineError(EngineError):
    """An engine name that is not registered; the message lists the known ones."""


class UngroundedAnswerError(EngineError):
    """An LLM answer cited a passage it was not given (``ask``); the answer is rejected."""


class EngineConfigError(EngineError):
    """Missing model name, key or endpoint for an engine that needs one."""

    exit_code = 5


class EngineAuthError(EngineError):
    """The endpoint rejected the credentials (the key itself is never shown)."""

    exit_code = 6


class EngineUnreachableError(EngineError):
    """The endpoint could not be reached (connection refused, DNS, timeout)."""

    exit_code = 7


class UnknownModelError(EngineError):
    """The endpoint does not serve the requested model."""

    exit_code = 8


class PromptError(HandoffError):
    """A prompt or few-shot example file is invalid (e.g. a quote not in its text)."""

    exit_code = 9


class GateFailedError(HandoffError):
    """A quality or completeness gate did not pass (eval --min-f1, check)."""

    exit_code = 10
