"""The shipped QE model: numpy forward passes over ``mtqa.qe.features``, no torch needed.

The artefact (``mtqa/qe/data/qe-model.npz``, written by ``python -m mtqa.qe.train``) holds

- a sentence regressor: standardisation + a one-hidden-layer ReLU network over the hand-made
  sentence features and the USE embedding features; its output (``raw``) ranks translations;
- an isotonic calibration (``calibration_x`` → ``calibration_y``) from ``raw`` to a 0..1
  *quality*: the estimated probability that a human judges the translation good (meaning kept,
  at most minor issues), fitted on held-out dev data;
- a word tagger: standardisation + a small network giving P(bad) per target token, and the
  threshold (chosen on dev for MCC) at which a token is called bad;
- ``metadata``: JSON with the training command, data, seed and dev figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from mtqa.errors import InputError
from mtqa.qe.features import (
    SENTENCE_FEATURE_NAMES, WORD_FEATURE_NAMES, embedding_features, sentence_features, token_runs, tokenize,
    word_features,
)

DEFAULT_MODEL_PATH = Path(__file__).parent / "data" / "qe-model.npz"


@dataclass(frozen=True)
class Network:
    """Standardise, then Dense-ReLU-…-Dense; the last layer has one output (logit or value)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    def __call__(self, features: np.ndarray) -> np.ndarray:
        h = (features.astype(np.float32) - self.mean) / self.scale
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            h = h @ w + b
            if i < len(self.weights) - 1:
                np.maximum(h, 0.0, out=h)
        return h[:, 0].astype(np.float64)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        arrays = {f"{prefix}_mean": self.mean, f"{prefix}_scale": self.scale}
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            arrays[f"{prefix}_w{i}"] = w.astype(np.float32)
            arrays[f"{prefix}_b{i}"] = b.astype(np.float32)
        return arrays

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> "Network":
        layers = sorted(int(k[len(prefix) + 2:]) for k in arrays if k.startswith(f"{prefix}_w"))
        return cls(
            mean=np.asarray(arrays[f"{prefix}_mean"], dtype=np.float32),
            scale=np.asarray(arrays[f"{prefix}_scale"], dtype=np.float32),
            weights=tuple(np.asarray(arrays[f"{prefix}_w{i}"], dtype=np.float32) for i in layers),
            biases=tuple(np.asarray(arrays[f"{prefix}_b{i}"], dtype=np.float32) for i in layers),
        )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -60, 60)))


@dataclass
class WordTaggerModel:
    """P(bad) per target token from the word network (see ``WORD_FEATURE_NAMES``)."""

    model: "QEModel"
    network: Network
    threshold: float

    @property
    def name(self) -> str:
        return f"{self.model.name}-words"

    def bad_probabilities(self, sources: list[str], target_tokens: list[list[str]],
                          src_lang: str, tgt_lang: str) -> list[np.ndarray]:
        targets = [" ".join(tokens) for tokens in target_tokens]
        raw, rows = self.model.score_with_features(sources, targets, src_lang, tgt_lang)
        return [self.probabilities(source, tokens, src_lang, tgt_lang, r, row)
                for source, tokens, r, row in zip(sources, target_tokens, raw, rows)]

    def probabilities(self, source: str, tokens: list[str], src_lang: str, tgt_lang: str,
                      raw: float, row: np.ndarray | None) -> np.ndarray:
        """P(bad) per token of one pair, given its sentence score and hand-made sentence features."""
        if not tokens:
            return np.zeros(0)
        if row is None or not np.isfinite(raw):  # an empty side: nothing supports any target word
            return np.ones(len(tokens))
        return _sigmoid(self.network(word_features(source, tokens, src_lang, tgt_lang, float(raw), row)))


def merge_spans(text: str, offsets: list[tuple[int, int]], probabilities: np.ndarray,
                threshold: float) -> list[tuple[int, int, float]]:
    """Join bad tokens separated only by white space into (start, end, max P(bad)) spans."""
    bad = {(a, b): float(p) for (a, b), p in zip(offsets, probabilities) if p >= threshold}
    return [(run[0][0], run[-1][1], max(bad[token] for token in run)) for run in token_runs(text, sorted(bad))]


@dataclass(frozen=True)
class Assessment:
    """The model's verdict on one pair: raw score, calibrated quality, P(bad) of each target token
    as (start, end, P) code-point spans, and the runs of tokens at or above the tagger's threshold."""

    raw: float
    quality: float
    word_probabilities: tuple[tuple[int, int, float], ...] = ()
    bad_spans: tuple[tuple[int, int, float], ...] = ()


@dataclass
class QEModel:
    """The trained sentence scorer (``score`` = raw, ``quality`` = calibrated 0..1) and its word tagger."""

    sentence: Network
    words: Network
    word_threshold: float
    calibration_x: np.ndarray
    calibration_y: np.ndarray
    metadata: dict = field(default_factory=dict)
    cache_dir: str | None = None
    _encoder: object = None

    @property
    def name(self) -> str:
        return f"qe-{self.metadata.get('version', '?')}"

    def encoder(self):
        if self._encoder is None:
            from mtqa.encoders import get_encoder

            self._encoder = get_encoder("use", cache_dir=self.cache_dir)
        return self._encoder

    @property
    def encoder_name(self) -> str:
        return self.encoder().name

    def score_with_features(self, sources: list[str], targets: list[str], src_lang: str,
                            tgt_lang: str) -> tuple[np.ndarray, list[np.ndarray | None]]:
        """Raw scores (NaN where a side is empty) and each pair's hand-made sentence features."""
        if len(sources) != len(targets):
            raise InputError(f"{len(sources)} sources but {len(targets)} targets; pairs must be line-aligned")
        raw = np.full(len(sources), np.nan)
        rows: list[np.ndarray | None] = [None] * len(sources)
        keep = [i for i, (s, t) in enumerate(zip(sources, targets)) if s.strip() and t.strip()]
        if not keep:
            return raw, rows
        vectors = self.encoder().encode([sources[i] for i in keep] + [targets[i] for i in keep])  # one batch
        src_emb, tgt_emb = vectors[:len(keep)], vectors[len(keep):]
        cosines = np.einsum("ij,ij->i", src_emb, tgt_emb)
        hand = np.stack([sentence_features(sources[i], targets[i], src_lang, tgt_lang, float(c))
                         for i, c in zip(keep, cosines)])
        features = np.hstack([hand, embedding_features(src_emb, tgt_emb)])
        raw[keep] = self.sentence(features)
        for j, i in enumerate(keep):
            rows[i] = hand[j]
        return raw, rows

    def score(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> np.ndarray:
        """Raw model output per pair (higher = better); NaN where a side is empty."""
        return self.score_with_features(sources, targets, src_lang, tgt_lang)[0]

    def quality(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated 0..1 quality for raw scores (NaN stays NaN)."""
        raw = np.asarray(raw, dtype=np.float64)
        out = np.interp(raw, self.calibration_x, self.calibration_y)
        out[~np.isfinite(raw)] = np.nan
        return out

    def assess(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> list[Assessment | None]:
        """Sentence score, quality and bad-word spans per pair in one pass; None where a side is empty."""
        raw, rows = self.score_with_features(sources, targets, src_lang, tgt_lang)
        quality = self.quality(raw)
        tagger = self.word_tagger()
        out: list[Assessment | None] = []
        for source, target, r, q, row in zip(sources, targets, raw, quality, rows):
            if row is None:
                out.append(None)
                continue
            offsets = tokenize(target)
            probabilities = tagger.probabilities(source, [target[a:b] for a, b in offsets], src_lang, tgt_lang,
                                                 float(r), row)
            words = tuple((a, b, round(float(p), 6)) for (a, b), p in zip(offsets, probabilities))
            spans = tuple(merge_spans(target, offsets, probabilities, tagger.threshold))
            out.append(Assessment(float(r), float(q), words, spans))
        return out

    def word_tagger(self) -> WordTaggerModel:
        return WordTaggerModel(self, self.words, self.word_threshold)

    @property
    def check_thresholds(self) -> dict[str, float]:
        """MTQA701/702 thresholds this model was tuned for (MTQA701's is mtqa's default)."""
        return {"qe_word_probability": float(self.metadata["word_flag_threshold"])}

    def save(self, path: str | Path) -> None:
        arrays = {**self.sentence.to_arrays("sentence"), **self.words.to_arrays("words"),
                  "word_threshold": np.array(self.word_threshold, dtype=np.float64),
                  "calibration_x": self.calibration_x.astype(np.float64),
                  "calibration_y": self.calibration_y.astype(np.float64),
                  "metadata": np.array(json.dumps(self.metadata, sort_keys=True))}
        np.savez_compressed(path, **arrays)


def load_model(path: str | Path, cache_dir: str | None = None) -> QEModel:
    """Read a QE artefact; a missing or unreadable file is an ``InputError`` naming it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: QE model file not found (reinstall mtqa or train one: python -m mtqa.qe.train)")
    try:
        with np.load(path, allow_pickle=False) as arrays:
            model = QEModel(
                sentence=Network.from_arrays(arrays, "sentence"),
                words=Network.from_arrays(arrays, "words"),
                word_threshold=float(arrays["word_threshold"]),
                calibration_x=np.asarray(arrays["calibration_x"]),
                calibration_y=np.asarray(arrays["calibration_y"]),
                metadata=json.loads(str(arrays["metadata"])),
                cache_dir=cache_dir,
            )
    except (KeyError, ValueError, OSError) as error:
        raise InputError(f"{path}: not a readable mtqa QE model ({error})") from None
    expected = len(SENTENCE_FEATURE_NAMES) + 1024
    if model.sentence.mean.shape[0] != expected or model.words.mean.shape[0] != len(WORD_FEATURE_NAMES):
        raise InputError(f"{path}: QE model was trained on other features than this mtqa version computes")
    return model


@lru_cache(maxsize=4)
def _default_model(cache_dir: str | None) -> QEModel:
    return load_model(DEFAULT_MODEL_PATH, cache_dir=cache_dir)


def load_default_model(cache_dir: str | None = None) -> QEModel:
    """The model shipped with mtqa (memoised per cache directory)."""
    return _default_model(cache_dir)
