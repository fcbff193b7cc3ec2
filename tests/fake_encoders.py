"""A deterministic fake encoder for the cache and encoder tests: it records what it was asked to encode."""

from __future__ import annotations

import numpy as np


class CountingEncoder:
    """Vectors of ``width`` made from each text's length; ``calls`` lists every batch it was given."""

    name = "counting-1"

    def __init__(self, width: int = 8) -> None:
        self.width = width
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.width), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % self.width] = 1.0
            out[row, (len(text) * 3) % self.width] += 0.5
        return out

    def encoded(self) -> list[str]:
        """Every text it was asked to encode, in order."""
        return [t for call in self.calls for t in call]
