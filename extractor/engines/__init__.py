"""Extraction engines: one contract, looked up by name (see ``base.py``)."""

from extractor.engines.base import Engine, ExtractionContext, available_engines, get_engine

__all__ = ["Engine", "ExtractionContext", "available_engines", "get_engine"]
