"""handoff-intel: grounded handoff records from an implementation's paper trail.

The library is the product; ``cli.py`` is a thin layer over it. Nothing here does
work at import time: models, stores and clients load lazily when first used.
"""

__version__ = "0.1.0"
