#!/usr/bin/env python3
"""Meta-evaluate mtqa's sentence-level QE scorers on public human judgements, beside published figures.

Test sets (read-only, under ``--bench-dir``, default ``../shared/bench``; see its INVENTORY.md):

- MLQE-PE test20 (WMT20 Task 1), 7 pairs: ``mlqe-pe/direct-assessments/test/<lp>/test20.<xxyy>.df.short.tsv``,
  read with ``csv.QUOTE_NONE`` (default quoting silently drops rows); Pearson r against ``z_mean``.
  The ``glassbox`` scorer is the file's ``model_scores`` column (the NMT model's sentence log-prob).
- WMT22 QE MQM test (en-de, zh-en, en-ru): ``wmt22-qe/test_data-gold_labels/task1_mqm/<lp>/test.2022.{src,mt}``
  against ``test.2022.<lp>.mqm_z_score``; Spearman rho.
- WMT23 QE test (en-de, zh-en): ``wmt23-qe/test_data_2023/task1_sentence_level/<lp>/test.<xxyy>.final.{src,mt}``
  against ``wmt23-qe/gold_labels/hallucinations_gold_T1s_header.tsv`` (``lp, gold, sid, score``); rows whose gold
  is the string ``hallucination`` are dropped first, as the official scorer does; Spearman rho.
- Word level (WMT22 MCC, WMT23 span F1): the scorers here are sentence-level, so those rows read n/a.

Published numbers come from ``reference-results/*.tsv``. Throughput: each scorer's model is loaded
(one dummy pair), then one ``score`` call over ~1000 MLQE-PE en-de pairs is timed with
``time.perf_counter`` on the CPU threads this process is allowed (``--threads``, default 2). No
embedding cache is used anywhere, so every figure is a cold encode.

Run from the repository root::

    .venv/bin/python metrics/qe_benchmark.py                      # writes metrics/results/qe.md
    .venv/bin/python metrics/qe_benchmark.py --quick              # en-de only, 200 segments per set
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import math
import os
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MLQE_PAIRS = ["en-de", "en-zh", "et-en", "ne-en", "ro-en", "ru-en", "si-en"]
WMT22_PAIRS = ["en-de", "zh-en", "en-ru"]
WMT23_PAIRS = ["en-de", "zh-en"]
HALLUCINATION = "hallucination"
NA_WORD = "n/a (sentence-level scorer)"


# ---------------------------------------------------------------- pure functions (tested)

def _finite_pairs(predicted, gold) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(predicted, dtype=np.float64)
    y = np.asarray(gold, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"{x.shape[0]} predictions but {y.shape[0]} gold values")
    keep = np.isfinite(x) & np.isfinite(y)
    return x[keep], y[keep]


def pearson(predicted, gold) -> tuple[float, int]:
    """Pearson r over the pairs where both values are finite, and how many pairs that was (NaN if < 2 or constant)."""
    from scipy.stats import pearsonr

    x, y = _finite_pairs(predicted, gold)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan, len(x)
    return float(pearsonr(x, y)[0]), len(x)


def spearman(predicted, gold) -> tuple[float, int]:
    """Spearman rho over the pairs where both values are finite, and how many pairs that was."""
    from scipy.stats import spearmanr

    x, y = _finite_pairs(predicted, gold)
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan, len(x)
    return float(spearmanr(x, y)[0]), len(x)


def drop_hallucinations(sources: list[str], targets: list[str], gold: list[str]) -> tuple[list[str], list[str], np.ndarray]:
    """Drop the rows whose gold is the string ``hallucination``; return the rest with gold as floats."""
    if not len(sources) == len(targets) == len(gold):
        raise ValueError(f"{len(sources)} sources, {len(targets)} targets, {len(gold)} gold values")
    keep = [i for i, g in enumerate(gold) if str(g).strip().lower() != HALLUCINATION]
    return ([sources[i] for i in keep], [targets[i] for i in keep],
            np.array([float(gold[i]) for i in keep], dtype=np.float64))


def read_mlqe_tsv(path: str | Path) -> dict[str, list]:
    """Read an MLQE-PE ``*.df.short.tsv`` with quoting disabled: ``original``, ``translation``, ``z_mean``, ``model_scores``.

    Cells are kept verbatim (a stray ``"`` is text, "NA" is not missing); ``z_mean``/``model_scores`` become floats
    (NaN where a file has no such column).
    """
    import pandas as pd

    frame = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False,
                        na_values=[], encoding="utf-8")
    for column in ("original", "translation", "z_mean"):
        if column not in frame.columns:
            raise ValueError(f"{path}: no '{column}' column (columns: {', '.join(frame.columns)})")

    def numbers(column: str) -> list[float]:
        if column not in frame.columns:
            return [math.nan] * len(frame)
        return [float(v) if v.strip() else math.nan for v in frame[column]]

    return {"original": list(frame["original"]), "translation": list(frame["translation"]),
            "z_mean": numbers("z_mean"), "model_scores": numbers("model_scores")}


def read_lines(path: str | Path) -> list[str]:
    """A one-segment-per-line file; only ``\\n`` separates lines (other Unicode breaks are text)."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def read_reference_numbers(bench_dir: Path) -> list[dict[str, str]]:
    """All rows of ``reference-results/*.tsv`` (both files), with a ``file`` key added."""
    rows = []
    for path in sorted((bench_dir / "reference-results").glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                row["file"] = path.name
                rows.append(row)
    return rows


def fmt(value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.4f}"


# ---------------------------------------------------------------- data sets

@dataclass
class TestSet:
    name: str          # MLQE-PE test20 / WMT22 MQM / WMT23
    lp: str
    metric: str        # pearson / spearman
    sources: list[str]
    targets: list[str]
    gold: np.ndarray
    glassbox: np.ndarray | None = None


def load_sets(bench: Path, quick: bool) -> list[TestSet]:
    sets = []
    for lp in (["en-de"] if quick else MLQE_PAIRS):
        code = lp.replace("-", "")
        data = read_mlqe_tsv(bench / "mlqe-pe/direct-assessments/test" / lp / f"test20.{code}.df.short.tsv")
        sets.append(TestSet("MLQE-PE test20", lp, "pearson", data["original"], data["translation"],
                            np.array(data["z_mean"]), np.array(data["model_scores"])))
    for lp in (["en-de"] if quick else WMT22_PAIRS):
        folder = bench / "wmt22-qe/test_data-gold_labels/task1_mqm" / lp
        gold = np.array([float(v) for v in read_lines(folder / f"test.2022.{lp}.mqm_z_score")])
        sets.append(TestSet("WMT22 MQM", lp, "spearman", read_lines(folder / "test.2022.src"),
                            read_lines(folder / "test.2022.mt"), gold))
    gold_file = bench / "wmt23-qe/gold_labels/hallucinations_gold_T1s_header.tsv"
    with open(gold_file, encoding="utf-8", newline="") as handle:
        gold_rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for lp in (["en-de"] if quick else WMT23_PAIRS):
        code = lp.replace("-", "")
        folder = bench / "wmt23-qe/test_data_2023/task1_sentence_level" / lp
        sources, targets = read_lines(folder / f"test.{code}.final.src"), read_lines(folder / f"test.{code}.final.mt")
        by_sid = {int(r["sid"]): r["score"] for r in gold_rows if r["lp"] == lp}
        if sorted(by_sid) != list(range(len(sources))):
            raise ValueError(f"{gold_file}: {lp} sids do not match the {len(sources)} test lines")
        s, t, g = drop_hallucinations(sources, targets, [by_sid[i] for i in range(len(sources))])
        sets.append(TestSet("WMT23", lp, "spearman", s, t, g))
    for test in sets:
        if not len(test.sources) == len(test.targets) == len(test.gold):
            raise ValueError(f"{test.name} {test.lp}: {len(test.sources)}/{len(test.targets)}/{len(test.gold)} rows")
    return sets


def subset(test: TestSet, limit: int | None) -> TestSet:
    """The first ``limit`` rows (deterministic; the files are not sorted by score)."""
    if not limit or limit >= len(test.sources):
        return test
    return TestSet(test.name, test.lp, test.metric, test.sources[:limit], test.targets[:limit], test.gold[:limit],
                   None if test.glassbox is None else test.glassbox[:limit])


# ---------------------------------------------------------------- running

def correlate(metric: str, predicted, gold) -> tuple[float, int]:
    return pearson(predicted, gold) if metric == "pearson" else spearman(predicted, gold)


def reference_rows(refs: list[dict[str, str]], test: TestSet) -> list[tuple[str, str, str]]:
    """(system, value, source) published for this test set and metric."""
    out = []
    for row in refs:
        metric = row.get("metric", "")
        if row.get("lp") != test.lp or metric != test.metric:
            continue
        bench = row.get("benchmark", "")
        where = row.get("task") or row.get("test_set", "")
        if test.name == "MLQE-PE test20" and bench == "WMT20-QE-T1":
            out.append((row["system"], row["value"], row["file"]))
        elif test.name == "WMT22 MQM" and (bench == "WMT22-QE-T1-MQM" or (bench == "WMT22" and where == "task1_mqm")):
            out.append((row["system"], row["value"], row["file"]))
        elif test.name == "WMT23" and bench == "WMT23" and where == "T1_sentence":
            out.append((row["system"], row["value"], row["file"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scorers", default="cosine-use,cosine-e5,glassbox")
    parser.add_argument("--bench-dir", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--quick", action="store_true", help="en-de of each benchmark only, 200 segments per set")
    parser.add_argument("--limit", type=int, default=None, help="at most N segments per test set (all scorers)")
    parser.add_argument("--e5-limit", type=int, default=None,
                        help="at most N segments per test set for cosine-e5 only (it is slow)")
    parser.add_argument("--throughput-pairs", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", type=Path, default=Path("metrics/results/qe.md"))
    args = parser.parse_args(argv)
    command = "python metrics/qe_benchmark.py" + ("".join(" " + shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])))

    if args.threads:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.threads)
        if hasattr(os, "sched_setaffinity"):
            try:
                os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[: args.threads]))
            except OSError:
                pass
    limit = args.limit if args.limit else (200 if args.quick else None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from mtqa.qe import get_scorer
    from mtqa import __version__

    bench = args.bench_dir
    sets = load_sets(bench, args.quick)
    refs = read_reference_numbers(bench)
    names = [n.strip() for n in args.scorers.split(",") if n.strip()]
    results: dict[tuple[str, str, str], tuple[float, int]] = {}
    throughput: dict[str, str] = {}
    encoders: dict[str, str] = {}
    start_all = time.perf_counter()
    for name in names:
        row_limit = limit
        if name == "cosine-e5" and args.e5_limit:
            row_limit = min(limit, args.e5_limit) if limit else args.e5_limit
        if name == "glassbox":
            for test in sets:
                t = subset(test, row_limit)
                results[(name, test.name, test.lp)] = (correlate(t.metric, t.glassbox, t.gold) if t.glassbox is not None
                                                       else (math.nan, 0))
            throughput[name] = "n/a (read from the file)"
            encoders[name] = "none: MLQE-PE `model_scores` (NMT sentence log-prob)"
            continue
        scorer = get_scorer(name, cache_dir=None)
        scorer.score(["Warm-up."], ["Aufwärmen."], "en", "de")  # load the model outside the timings
        for test in sets:
            t = subset(test, row_limit)
            src_lang, tgt_lang = t.lp.split("-")
            began = time.perf_counter()
            predicted = scorer.score(t.sources, t.targets, src_lang, tgt_lang)
            results[(name, test.name, test.lp)] = correlate(t.metric, predicted, t.gold)
            print(f"{name:10s} {test.name:15s} {test.lp}: {fmt(results[(name, test.name, test.lp)][0])} "
                  f"n={results[(name, test.name, test.lp)][1]} ({time.perf_counter() - began:.1f}s)", file=sys.stderr)
        encoders[name] = getattr(scorer, "encoder_name", None) or "?"
        pool = sets[0]
        count = min(args.throughput_pairs, len(pool.sources))
        # a fresh scorer (no cache, model loaded) so no embedding is reused from the runs above
        fresh = get_scorer(name, cache_dir=None)
        fresh.score(["Warm-up."], ["Aufwärmen."], "en", "de")
        began = time.perf_counter()
        fresh.score(pool.sources[:count], pool.targets[:count], *pool.lp.split("-"))
        elapsed = time.perf_counter() - began
        throughput[name] = f"{count / elapsed:.1f} pairs/s ({count} {pool.name} {pool.lp} pairs in {elapsed:.1f}s)"
        print(f"{name}: {throughput[name]}", file=sys.stderr)
    total = time.perf_counter() - start_all

    date = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Sentence-level QE: mtqa scorers vs human judgements",
        "",
        f"Generated {date} by `{command}` (mtqa {__version__}; {args.threads} CPU threads; "
        f"total {total:.0f}s; no embedding cache).",
        "",
        "Scorers: " + "; ".join(f"`{n}` = {encoders.get(n, '?')}" for n in names) + ".",
        "",
        "Metric: Pearson r vs `z_mean` for MLQE-PE test20 (WMT20 Task 1); Spearman rho vs MQM z-score for WMT22 MQM and WMT23 "
        "(WMT23: gold `hallucination` rows dropped, as the official scorer does). `n` = segments scored "
        "(pairs with an empty side are excluded). Published rows come from `../shared/bench/reference-results/*.tsv`"
        " (on the full test sets; WMT23 values are recomputed from released submissions, not the paper).",
        "",
    ]
    if limit or args.e5_limit:
        scope = f"the first {limit} segments per set" if limit else "every segment of every set"
        lines += [f"**Subset run:** {scope}"
                  + (f", except `cosine-e5`: only the first {args.e5_limit} per set (it is slow; see throughput)"
                     if args.e5_limit else "")
                  + ". Rows with a small `n` are not comparable with the full-set published numbers.", ""]
    if any(n == "glassbox" for n in names):
        lines += ["`glassbox` exists only for MLQE-PE (the file's `model_scores`); CometKiwi-22 was trained on MLQE-PE, "
                  "so its MLQE-PE numbers (none listed here) would not be clean.", ""]
    lines += ["| test set | lp | metric | system | value | n | source |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for test in sets:
        for name in names:
            value, n = results[(name, test.name, test.lp)]
            if name == "glassbox" and test.glassbox is None:
                lines.append(f"| {test.name} | {test.lp} | {test.metric} | mtqa `glassbox` | n/a (no `model_scores`) | - | - |")
                continue
            lines.append(f"| {test.name} | {test.lp} | {test.metric} | **mtqa `{name}`** | {fmt(value)} | {n} | this run |")
        for system, value, source in reference_rows(refs, test):
            lines.append(f"| {test.name} | {test.lp} | {test.metric} | {system} | {float(value):.4f} | full | `{source}` |")
    lines += ["", "## Word level", "", "| test set | lp | metric | system | value |", "| --- | --- | --- | --- | --- |"]
    word_refs = [r for r in refs if r.get("metric") in ("mcc", "f1") and (
        r.get("benchmark") == "WMT22-QE-T1-word" and r.get("lp") in WMT22_PAIRS
        or r.get("task") in ("task1_word-level", "T2_error_span") and r.get("lp") in WMT22_PAIRS)]
    for label, lps, metric, task in (("WMT22 word", WMT22_PAIRS, "MCC", "task1_word-level"),
                                     ("WMT23 error spans", WMT23_PAIRS, "span F1", "T2_error_span")):
        for lp in lps:
            for name in names:
                lines.append(f"| {label} | {lp} | {metric} | mtqa `{name}` | {NA_WORD} |")
            for r in word_refs:
                if r.get("lp") == lp and r.get("task") == task:
                    lines.append(f"| {label} | {lp} | {metric} | {r['system']} | {float(r['value']):.4f} (`{r['file']}`) |")
    lines += ["", "## Throughput", "", "| scorer | speed |", "| --- | --- |"]
    lines += [f"| `{n}` | {throughput[n]} |" for n in names]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
