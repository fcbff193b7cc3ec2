#!/usr/bin/env python3
"""Measure how long each language writes the same content, relative to English, from the train and
dev splits of the public data in ``../shared/bench``; writes ``mtqa/data/length_ratios.json``, which the
omission and addition checks (``mtqa.checks.coverage``) read to know when a translation is unusually
short or long for its language pair (the length model of Gale and Church, 1993, in log characters).

Per language: the median of log(characters in it / characters in English, spaces not counted) over 1-1 sentence pairs
that are good translations, and the robust spread (1.4826 · MAD). Sources, train/dev only:

- de, zh: MLQE-PE en-de / en-zh train, source against the human post-edit;
- ro, et, ne, si, ru: MLQE-PE X-en train, source against the post-edit (English);
- ja, cs: WMT21 critical-error train (en-ja, en-cs), pairs not marked as errors;
- fr: Text+Berg de-fr dev, its hand-made 1-1 links, through the German figure.

    .venv/bin/python metrics/length_ratios.py --bench-dir ../shared/bench
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.checks.lengths import visible_length  # noqa: E402
from mtqa.qe.xdata import mlqe_files  # noqa: E402

MIN_CHARS = 20  # shorter pairs say little about a language's length


def _log_ratios(pairs: list[tuple[str, str]]) -> list[float]:
    """log(characters of other / of english) per (english, other) pair long enough to count; spaces
    are not counted (MLQE-PE writes Chinese segmented into words)."""
    return [math.log(visible_length(other) / visible_length(english)) for english, other in pairs
            if visible_length(english) >= MIN_CHARS and visible_length(other)]


def _summary(values: list[float]) -> dict[str, float]:
    median = statistics.median(values)
    spread = 1.4826 * statistics.median(abs(v - median) for v in values)
    return {"log_ratio": round(median, 4), "spread": round(spread, 4), "pairs": len(values)}


def _mlqe_pairs(bench: Path, lp: str) -> list[tuple[str, str]]:
    """(English side, other side) of MLQE-PE train: the source and its post-edited translation."""
    _, read = mlqe_files(bench, lp, "train")
    source, edited = read("src"), read("pe")
    return list(zip(source, edited)) if lp.startswith("en-") else list(zip(edited, source))


def _ced_pairs(bench: Path, lp: str) -> list[tuple[str, str]]:
    path = bench / f"mlqe-pe/catastrophic_errors/{lp.replace('-', '')}_majority_train.tsv"
    with open(path, encoding="utf-8", newline="") as handle:
        return [(row[1], row[2]) for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if row[-1] != "ERR"]


def _text_berg_pairs(bench: Path) -> list[tuple[str, str]]:
    """(German, French) 1-1 links of Text+Berg dev."""
    folder = bench / "sentence-alignment/text+berg_de-fr"
    german = (folder / "dev.de").read_text(encoding="utf-8").splitlines()
    french = (folder / "dev.fr").read_text(encoding="utf-8").splitlines()
    pairs = []
    for line in (folder / "dev.defr").read_text(encoding="utf-8").splitlines():
        left, right = (json.loads(part) for part in line.split(":"))
        if len(left) == 1 and len(right) == 1:
            pairs.append((german[left[0]], french[right[0]]))
    return pairs


def measure(bench: Path) -> dict[str, dict[str, float]]:
    table = {"en": {"log_ratio": 0.0, "spread": 0.0, "pairs": 0}}
    for lang in ("de", "zh"):
        table[lang] = _summary(_log_ratios(_mlqe_pairs(bench, f"en-{lang}")))
    for lang in ("ro", "et", "ne", "si", "ru"):
        table[lang] = _summary(_log_ratios(_mlqe_pairs(bench, f"{lang}-en")))
    for lang in ("ja", "cs"):
        table[lang] = _summary(_log_ratios(_ced_pairs(bench, f"en-{lang}")))
    french = _summary(_log_ratios(_text_berg_pairs(bench)))  # log(fr / de)
    table["fr"] = {"log_ratio": round(table["de"]["log_ratio"] + french["log_ratio"], 4),
                   "spread": round(math.hypot(table["de"]["spread"], french["spread"]), 4), "pairs": french["pairs"]}
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--out", default=str(ROOT / "mtqa" / "data" / "length_ratios.json"))
    args = parser.parse_args()
    table = measure(Path(args.bench_dir))
    document = {"about": "log(characters / characters of the same content in English): median and robust spread "
                         "per language, from train/dev splits; made by metrics/length_ratios.py on "
                         f"{datetime.date.today()}", "languages": table}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for lang, row in table.items():
        print(f"{lang}: ×{math.exp(row['log_ratio']):.2f} (log {row['log_ratio']:+.3f} ± {row['spread']:.3f}, {row['pairs']} pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
