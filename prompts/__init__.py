"""Prompt and few-shot example files for the LLM engine (data, loaded by extractor.prompt_files)."""
