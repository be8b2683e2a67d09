"""The LLM engine for OpenAI-compatible endpoints (OpenAI, Azure, Ollama, vLLM, llama.cpp).

Importing this package is cheap: the ``openai`` SDK is imported on the first
request, not here.
"""

from extractor.engines.openai_engine.engine import OpenAIEngine

__all__ = ["OpenAIEngine"]
