"""Make sure nothing this process loads tries to reach the network.

Chroma pings telemetry and Hugging Face libraries look for hub updates unless
told otherwise. The user's shell should not have to know that, so the settings
are applied in code, once, before the first chroma/tokenizer/onnx use.
"""

from __future__ import annotations

import os

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "CHROMA_TELEMETRY": "False",
    "DO_NOT_TRACK": "1",
}

_done = False


def ensure_offline() -> None:
    """Set the environment switches that keep libraries from downloading or phoning home.

    Idempotent and cheap; called by settings, store and embedder on first use
    (not at ``import extractor``). These are forced, not defaulted: a shell that
    says ``HF_HUB_OFFLINE=0`` must still not make a run download anything.
    """
    global _done
    if _done:
        return
    for key, value in _OFFLINE_ENV.items():
        os.environ[key] = value
    _done = True
