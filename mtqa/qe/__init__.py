"""Quality estimation without a reference: scorer and word-tagger protocols and the ones mtqa ships.

A scorer maps line-aligned (source, target) pairs to one float per pair, higher = better.
A pair with an empty side scores NaN (reported as null), so positions never shift.
A word tagger gives, for each target token, the probability that it is part of an error.

Scorer names (``get_scorer``):

- ``qe`` (default): the cross-encoder shipped in ``mtqa/qe/data/xqe.npz`` (multilingual-e5-small
  fine-tuned for QE, run in numpy; ``mtqa.qe.crossencoder``);
- ``qe-fast``: the feature model shipped in ``mtqa/qe/data/qe-model.npz`` (USE embeddings and hand-made
  features; about ten times faster, much weaker; ``mtqa.qe.model``);
- ``cosine``, ``cosine-use``, ``cosine-e5``: embedding-cosine baselines;
- ``comet:MODEL`` : CometKiwi / xCOMET through ``unbabel-comet`` (extra ``mtqa[comet]``),
  ``MODEL`` a local checkpoint file or model directory;
- ``backtranslation:DIR``: back-translate with a local Marian/NLLB model (extra ``mtqa[mt]``)
  and score chrF of the back-translation against the source.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from mtqa.errors import InputError


class Scorer(Protocol):
    """Anything that scores translation pairs without a reference."""

    name: str

    def score(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> np.ndarray:
        """One float per pair (NaN where a side is empty), higher = better."""
        ...


class WordTagger(Protocol):
    """Anything that estimates, per target token, the probability that it is part of an error."""

    name: str
    threshold: float  # P(bad) at or above which a token is called bad (chosen on dev data)

    def bad_probabilities(self, sources: list[str], target_tokens: list[list[str]],
                          src_lang: str, tgt_lang: str) -> list[np.ndarray]:
        """One array per pair, one P(bad) per target token."""
        ...


COSINE_SCORERS = {"cosine": "auto", "cosine-use": "use", "cosine-e5": "e5"}
QE_MODELS = {"qe": "the cross-encoder", "qe-fast": "the feature model"}
SCORER_NAMES = [*QE_MODELS, *COSINE_SCORERS, "comet:MODEL", "backtranslation:DIR"]
DEFAULT_SCORER = "qe"


def load_qe_model(name: str = "qe", cache_dir: str | None = None):
    """A shipped QE model (``qe`` or ``qe-fast``): a scorer with ``quality``, ``assess``, ``word_tagger``
    and ``check_thresholds``; memoised per cache directory."""
    key = name.strip().lower()
    if key == "qe":
        from mtqa.qe.crossencoder import load_default_cross_encoder

        return load_default_cross_encoder(cache_dir=cache_dir)
    if key == "qe-fast":
        from mtqa.qe.model import load_default_model

        return load_default_model(cache_dir=cache_dir)
    raise InputError(f"unknown QE model {name!r}; use one of {', '.join(QE_MODELS)}")


def get_scorer(name: str, cache_dir: str | None = None) -> Scorer:
    """Build a scorer by name (see the module docstring); unknown names are an ``InputError``."""
    spec = name.strip()
    key = spec.lower()
    if key in QE_MODELS:
        return load_qe_model(key, cache_dir=cache_dir)
    if key in COSINE_SCORERS:
        from mtqa.qe.cosine import CosineScorer

        return CosineScorer(COSINE_SCORERS[key], cache_dir=cache_dir)
    prefix, _, argument = spec.partition(":")
    if prefix.lower() == "comet" and argument:
        from mtqa.qe.comet_backend import CometScorer

        return CometScorer(argument)
    if prefix.lower() in ("backtranslation", "bt") and argument:
        from mtqa.qe.backtranslation import BackTranslationScorer

        return BackTranslationScorer(argument)
    raise InputError(f"unknown scorer {name!r}; use one of {', '.join(SCORER_NAMES)}")


def get_word_tagger(name: str = "qe", cache_dir: str | None = None) -> WordTagger:
    """The word-level tagger by name; only the shipped models (``qe``, ``qe-fast``) have one."""
    if name.strip().lower() not in QE_MODELS:
        raise InputError(f"scorer {name!r} has no word-level tagger; use one of {', '.join(QE_MODELS)}")
    return load_qe_model(name, cache_dir=cache_dir).word_tagger()


__all__ = ["Scorer", "WordTagger", "get_scorer", "get_word_tagger", "load_qe_model", "QE_MODELS", "SCORER_NAMES",
           "DEFAULT_SCORER"]
