"""Estimated cost of a run from token usage and a small, overridable price table.

Prices are USD per million tokens (input, output) as published when written;
they change, so users can override or extend them under ``[openai.prices]`` in
the config file. An unknown model costs 0 with a note, never a guess.
"""

from __future__ import annotations

PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}


def price_for(model: str, extra: dict[str, tuple[float, float]] | None = None
              ) -> tuple[float, float] | None:
    """(input, output) USD per 1M tokens for a model, matching dated snapshots by prefix."""
    table = {**PRICES_PER_MILLION, **(extra or {})}
    if model in table:
        return table[model]
    for name in sorted(table, key=len, reverse=True):
        if model.startswith(name + "-"):
            return table[name]
    return None


def estimate_cost(model: str, prompt_tokens: int, completion_tokens: int,
                  extra: dict[str, tuple[float, float]] | None = None) -> tuple[float, str | None]:
    """Estimated USD and a note when the model has no known price."""
    price = price_for(model, extra)
    if price is None:
        return 0.0, f"no price known for model {model!r}; cost reported as 0"
    cost = (prompt_tokens * price[0] + completion_tokens * price[1]) / 1_000_000
    return round(cost, 6), None
