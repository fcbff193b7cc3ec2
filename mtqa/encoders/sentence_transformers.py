"""Any sentence-transformers model directory the user already has (LaBSE, paraphrase-multilingual...).

Optional: needs the ``mtqa[st]`` extra. The model is loaded from a local directory only; mtqa never
downloads it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from mtqa.encoders.base import normalise_rows
from mtqa.errors import InputError


class SentenceTransformerEncoder:
    """A local sentence-transformers model, run on the CPU."""

    def __init__(self, model_dir: str) -> None:
        self._dir = Path(model_dir)
        if not self._dir.is_dir():
            raise InputError("sentence-transformers model folder not found", self._dir)
        if not (self._dir / "modules.json").exists() and not (self._dir / "config.json").exists():
            raise InputError("not a sentence-transformers model folder (no modules.json or config.json)", self._dir)
        self._model = None

    @property
    def name(self) -> str:
        return f"st:{self._dir.resolve().name}"

    def _load(self):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise InputError("the 'st:' encoder needs sentence-transformers: pip install 'mtqa[st]'") from None
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return SentenceTransformer(str(self._dir), device="cpu", local_files_only=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            self._model = self._load()
        if not texts:
            dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
            return np.zeros((0, dimension()), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=32, convert_to_numpy=True, show_progress_bar=False)
        return normalise_rows(vectors)
