"""Anchor tokens that survive translation unchanged: numbers and Latin-script names.

Each sentence becomes a hashed bag of such tokens (a unit vector), so the aligner can reward
units whose sides share them with one matrix product, the same way it uses embeddings.
"""

from __future__ import annotations

import re
import zlib
from typing import Sequence

import numpy as np

ANCHOR_DIM = 1024
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-ZÀ-Þ][\w'-]{2,}", re.UNICODE)


def anchor_tokens(sentence: str) -> list[str]:
    """Numbers (digits only, separators removed) and capitalised Latin words of 3+ letters, lowercased."""
    numbers = [re.sub(r"[.,]", "", m) for m in _NUMBER.findall(sentence)]
    names = [m.lower()[:6] for m in _NAME.findall(sentence) if not m.isupper() or len(m) <= 6]
    return numbers + names


def anchor_vectors(sentences: Sequence[str]) -> np.ndarray:
    """Unit-length hashed bags of anchor tokens, one row per sentence (zero rows when none)."""
    out = np.zeros((len(sentences), ANCHOR_DIM), dtype=np.float32)
    for row, sentence in enumerate(sentences):
        for token in anchor_tokens(sentence):
            out[row, zlib.crc32(token.encode("utf-8")) % ANCHOR_DIM] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)
