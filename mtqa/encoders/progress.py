"""An encoder wrapper that encodes long lists in chunks and reports after each chunk, so that a long
encoding shows how far it has got in a CI log ("4,000 of 10,019 sentences encoded")."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from mtqa.encoders.base import Encoder

CHUNK = 1000  # sentences per progress line


class ReportingEncoder:
    """Wraps an encoder; ``report(done, total)`` is called after each chunk of a list longer than ``CHUNK``."""

    def __init__(self, encoder: Encoder, report: Callable[[int, int], None]) -> None:
        self.inner = encoder
        self.report = report

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) <= CHUNK:
            return self.inner.encode(texts)
        parts = []
        for start in range(0, len(texts), CHUNK):
            parts.append(self.inner.encode(texts[start:start + CHUNK]))
            self.report(min(start + CHUNK, len(texts)), len(texts))
        return np.concatenate(parts)
