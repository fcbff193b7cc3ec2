#!/usr/bin/env python3
"""Tune the aligner's score weights on Text+Berg **dev** (the tuning split) by seeded random search.

Only ``dev.de``/``dev.fr``/``dev.defr`` are read: test documents are for reporting
(``metrics/align_benchmark.py``), never for choosing weights. Embeddings go through mtqa's disk
cache, so repeated runs encode nothing. Prints the best settings as an ``AlignParams(...)`` line
to paste into ``mtqa/align.py``.

    .venv/bin/python metrics/tune_aligner.py [--trials 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_benchmark as bench  # noqa: E402  (a sibling script, not a package)

from mtqa.align import AlignParams, align_embeddings  # noqa: E402
from mtqa.anchors import anchor_vectors  # noqa: E402
from mtqa.cli import default_cache_dir  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402


def random_params(rng: random.Random) -> AlignParams:
    return replace(
        AlignParams(),
        max_side=rng.choice([2, 3, 4]),
        skip=rng.uniform(-1.0, -0.1),
        skip_relief=rng.uniform(0.0, 2.0),
        merge_penalty=rng.uniform(0.0, 0.3),
        length_weight=rng.uniform(0.1, 1.0),
        margin_weight=rng.uniform(0.3, 1.5),
        margin_k=rng.choice([2, 4, 8]),
        lexical_weight=rng.uniform(0.0, 0.4),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", default=bench.DEFAULT_BENCH_DIR)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = Path(args.bench_dir) / "text+berg_de-fr"
    if not (folder / "dev.defr").exists():
        print(f"tune_aligner: error: {folder}: Text+Berg dev split not found", file=sys.stderr)
        return 2
    de, fr = bench.read_lines(folder / "dev.de"), bench.read_lines(folder / "dev.fr")
    gold = bench.read_alignments(folder / "dev.defr")
    encoder = get_encoder("auto", ["de", "fr"], cache_dir=default_cache_dir())
    de_emb, fr_emb = encoder.encode(de), encoder.encode(fr)
    de_lex, fr_lex = anchor_vectors(de), anchor_vectors(fr)

    def dev_f1(params: AlignParams) -> float:
        units = align_embeddings(de_emb, fr_emb, [len(s) for s in de], [len(s) for s in fr], params, de_lex, fr_lex)
        return bench.score_alignments([gold], [[(u.source, u.target) for u in units]])["f1_strict"]

    rng = random.Random(args.seed)
    trials = [(dev_f1(p), p) for p in (random_params(rng) for _ in range(args.trials))]
    trials.sort(key=lambda t: -t[0])
    print(f"default: dev strict F1 {dev_f1(AlignParams()):.4f}")
    for f1, params in trials[:5]:
        print(f"dev strict F1 {f1:.4f}  {params}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
