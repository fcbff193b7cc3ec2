"""The cosine baseline: similarity of the source and target sentence embeddings."""

from __future__ import annotations

import numpy as np

from mtqa.encoders import choose_encoder_name, get_encoder, pair_cosines
from mtqa.errors import InputError


class CosineScorer:
    """Score each pair by the cosine of its two sides' embeddings (``get_encoder``).

    ``encoder_spec`` is ``auto``, ``use``, ``e5`` or ``st:PATH``; ``auto`` is resolved per call
    from the two languages. Empty (or whitespace-only) lines score NaN and are not encoded.
    """

    def __init__(self, encoder_spec: str = "auto", cache_dir: str | None = None) -> None:
        self.encoder_spec = encoder_spec
        self.cache_dir = cache_dir
        self._encoders: dict[str, object] = {}
        self.encoder_name: str | None = None  # the concrete model name after the first score()

    @property
    def name(self) -> str:
        return f"cosine-{self.encoder_spec}"

    def encoder(self, src_lang: str, tgt_lang: str):
        """The (lazily built, memoised) encoder for this language pair."""
        key = choose_encoder_name(self.encoder_spec, [src_lang, tgt_lang])
        if key not in self._encoders:
            self._encoders[key] = get_encoder(key, [src_lang, tgt_lang], self.cache_dir)
        encoder = self._encoders[key]
        self.encoder_name = encoder.name
        return encoder

    def score(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> np.ndarray:
        if len(sources) != len(targets):
            raise InputError(f"{len(sources)} sources but {len(targets)} targets; pairs must be line-aligned")
        scores = np.full(len(sources), np.nan, dtype=np.float64)
        keep = [i for i, (s, t) in enumerate(zip(sources, targets)) if s.strip() and t.strip()]
        if not keep:
            return scores
        encoder = self.encoder(src_lang, tgt_lang)
        cosines = pair_cosines(encoder, [sources[i] for i in keep], [targets[i] for i in keep])
        scores[keep] = np.clip(cosines, -1.0, 1.0)
        return scores
