"""Sentence-level quality estimation: a scorer protocol and the scorers mtqa ships.

A scorer maps line-aligned (source, target) pairs to one float per pair, higher = better.
A pair with an empty side scores NaN (reported as null), so positions never shift.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from mtqa.errors import InputError
from mtqa.qe.cosine import CosineScorer


class Scorer(Protocol):
    """Anything that scores translation pairs without a reference."""

    name: str

    def score(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> np.ndarray:
        """One float per pair (NaN where a side is empty), higher = better."""
        ...


SCORERS = {"cosine": "auto", "cosine-use": "use", "cosine-e5": "e5"}


def get_scorer(name: str, cache_dir: str | None = None) -> Scorer:
    """Build a scorer by name: ``cosine`` (auto encoder), ``cosine-use`` or ``cosine-e5``."""
    key = name.strip().lower()
    if key not in SCORERS:
        raise InputError(f"unknown scorer {name!r}; use one of {', '.join(SCORERS)}")
    return CosineScorer(SCORERS[key], cache_dir=cache_dir)


__all__ = ["Scorer", "CosineScorer", "get_scorer", "SCORERS"]
