#!/usr/bin/env python3
"""Meta-evaluate mtqa's QE scorers and word taggers on public human judgements, beside published figures.

Sentence level (read-only data under ``--bench-dir``, default ``../shared/bench``; see its INVENTORY.md):

- MLQE-PE test20 (WMT20 Task 1), 7 pairs: ``mlqe-pe/direct-assessments/test/<lp>/test20.<xxyy>.df.short.tsv``,
  read with ``csv.QUOTE_NONE`` (default quoting silently drops rows); Pearson r against ``z_mean``.
  The ``glassbox`` scorer is the file's ``model_scores`` column (the NMT model's sentence log-prob).
- WMT22 QE MQM test (en-de, zh-en, en-ru): ``wmt22-qe/test_data-gold_labels/task1_mqm/<lp>/test.2022.{src,mt}``
  against ``test.2022.<lp>.mqm_z_score``; Spearman rho.
- WMT23 QE test (en-de, zh-en): ``wmt23-qe/test_data_2023/task1_sentence_level/<lp>/test.<xxyy>.final.{src,mt}``
  against ``wmt23-qe/gold_labels/hallucinations_gold_T1s_header.tsv`` (``lp, gold, sid, score``); rows whose gold
  is the string ``hallucination`` are dropped first, as the official scorer does; Spearman rho.

Word level (``--word-taggers``, default ``qe`` = ``mtqa.qe.get_word_tagger("qe")``; a tagger that cannot be
loaded gets a "skipped: <reason>" row). A tagger gets the raw source and the MT tokens and returns P(bad) per
token; a token is BAD when P(bad) >= the tagger's ``threshold`` (chosen by its trainer on dev data).

- WMT22 word level, MCC (en-de, zh-en, en-ru): ``wmt22-qe/test_data-gold_labels/task1_word-level/<lp>/``
  ``test.2022.mt_tok`` (tokens, last one ``<EOS>``) and ``test.2022.<lp>.tags`` (one OK/BAD per token *including*
  ``<EOS>``; omissions are tagged on the next token or on ``<EOS>``). The tagger gets the tokens without ``<EOS>``,
  with the Moses escapes (``&quot;`` ...) undone so it sees the characters of the raw MT (the token count does not
  change); ``<EOS>`` is always predicted OK (the protocol has no omission probability; gold ``<EOS>`` is BAD on
  2/511 en-de, 0/505 zh-en, 5/511 en-ru lines). MCC over the flattened tags of the whole set, BAD vs OK,
  as the official WMT21-23 word scorers (``sheffieldnlp/qe-eval-scripts`` ``wmt21/word_evaluate.py``,
  ``WMT-QE-Task/qe-eval-scripts`` ``wmt23/task1_word_evaluate.py``) compute it; 0 when a class is never
  predicted (the official script would divide by zero, sklearn returns 0).
- WMT23 (en-de, zh-en), one tagger call per segment serves two metrics, after dropping the (lp, sid) pairs listed in
  ``wmt23-qe/gold_labels/hallucinations_idx.tsv`` (as both official scorers do):
  word MCC against ``hallucinations_gold_T1w_header.tsv`` (tags for ``test_data_2023/task1_word_level/<lp>/
  test.<xxyy>.final.tok.mt``, incl. ``<EOS>``; same MCC as above) and error-span F1 against
  ``hallucinations_gold_T2_header.tsv`` (character offsets into the raw MT ``test_data_2023/task2/<lp>/
  test.<xxyy>.final.mt``; ``minor``/``major``). Predicted spans: the ``tok.mt`` tokens are located in the raw MT
  (they map back exactly), runs of consecutive BAD tokens become one span (the spaces between them included),
  severity ``major`` unless ``--span-minor-below P`` (or the tagger's ``major_threshold`` attribute) is set and the
  run's highest P(bad) is below it. Span F1 as ``WMT-QE-Task/qe-eval-scripts`` ``wmt23/task2_evaluate.py``:
  every character (plus one slot after the end, where a zero-width span ``s == e`` marks an omission) is marked
  major and/or minor by gold and by system; over all characters of the set: gold-error chars, system-error chars,
  TP += 1 where the severities agree (or gold has both and the system has either) and 0.5 where the system marks
  the other severity; P = TP / system chars, R = TP / gold chars, F1 = 2PR / (P + R) (micro over the set).
  The gold file's ``mt`` column is CSV-quoted on ~100 en-de / ~20 zh-en lines; its offsets refer to the unquoted
  test MT, which is what is used here.

Published numbers come from ``reference-results/*.tsv``. Throughput: each scorer's model is loaded
(one dummy pair), then one ``score`` call over ~1000 MLQE-PE en-de pairs is timed with
``time.perf_counter`` on the CPU threads this process is allowed (``--threads``, default 2); each word tagger is
loaded the same way, then one ``bad_probabilities`` call over the first ``--throughput-pairs`` WMT23 en-de segments
is timed. No embedding cache is used anywhere, so every figure is a cold encode.

Run from the repository root::

    .venv/bin/python metrics/qe_benchmark.py                      # writes metrics/results/qe.md
    .venv/bin/python metrics/qe_benchmark.py --quick              # en-de only, 200 segments per set
    .venv/bin/python metrics/qe_benchmark.py --scorers "" --word-taggers qe   # word level only
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import html
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
GOOD_DA = 70.0  # DA guideline: 70+ = meaning preserved, at most minor issues (the QE model's calibration target)
GOOD_MQM = 90.0
EOS = "<EOS>"
OK_TAG, BAD_TAG = "OK", "BAD"
SEVERITIES = ("major", "minor")
NO_ERROR = "no-error"
TRIVIAL_TAGGERS = ("all-ok", "all-bad")


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
            "z_mean": numbers("z_mean"), "model_scores": numbers("model_scores"), "mean": numbers("mean")}


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


# ---------------------------------------------------------------- word level: pure functions (tested)

def mcc_from_counts(tp: int, tn: int, fp: int, fn: int) -> float:
    """Matthews correlation of a 2x2 confusion matrix; 0.0 when a row or column is empty (sklearn's convention)."""
    denominator = float(tp + fp) * float(tp + fn) * float(tn + fp) * float(tn + fn)
    if denominator == 0:
        return 0.0
    return (float(tp) * tn - float(fp) * fn) / math.sqrt(denominator)


def binary_mcc(gold, predicted) -> tuple[float, int]:
    """MCC of two flat 0/1 sequences (1 = BAD; the value is the same with OK as the positive class), and their length."""
    y = np.asarray(gold, dtype=bool)
    x = np.asarray(predicted, dtype=bool)
    if x.shape != y.shape:
        raise ValueError(f"{x.size} predicted tags but {y.size} gold tags")
    tp = int(np.sum(x & y))
    tn = int(np.sum(~x & ~y))
    fp = int(np.sum(x & ~y))
    fn = int(np.sum(~x & y))
    return mcc_from_counts(tp, tn, fp, fn), int(y.size)


def tags_to_bad(tags: list[str], where: str = "") -> list[int]:
    """OK/BAD strings (any case; GOOD = OK) to 0/1 with 1 = BAD; anything else is an error naming ``where``."""
    out = []
    for tag in tags:
        upper = tag.upper()
        if upper in (OK_TAG, "GOOD"):
            out.append(0)
        elif upper == BAD_TAG:
            out.append(1)
        else:
            raise ValueError(f"{where}: unknown word tag {tag!r} (expected OK or BAD)")
    return out


def read_token_lines(path: str | Path) -> list[list[str]]:
    """One segment per line, tokens (or tags) separated by whitespace; stray trailing spaces are ignored."""
    return [line.split() for line in read_lines(path)]


def check_token_counts(tokens: list[list[str]], tags: list[list], where: str) -> None:
    """Fail loudly unless there are as many lines and, on every line, as many tags as tokens."""
    if len(tokens) != len(tags):
        raise ValueError(f"{where}: {len(tokens)} token lines but {len(tags)} tag lines")
    bad = [i for i, (a, b) in enumerate(zip(tokens, tags)) if len(a) != len(b)]
    if bad:
        shown = ", ".join(f"line {i + 1}: {len(tokens[i])} tokens / {len(tags[i])} tags" for i in bad[:5])
        raise ValueError(f"{where}: token and tag counts differ on {len(bad)} line(s) ({shown})")


def strip_eos(tokens: list[str], where: str = "") -> list[str]:
    """The MT tokens without the final ``<EOS>`` (which must be there)."""
    if not tokens or tokens[-1] != EOS:
        raise ValueError(f"{where}: tokenised MT does not end with {EOS}: {' '.join(tokens[-3:])!r}")
    return tokens[:-1]


def unescape_tokens(tokens: list[str]) -> list[str]:
    """Undo the Moses tokeniser's XML escapes (``&quot;`` -> ``"``); one token stays one token."""
    return [html.unescape(t) if "&" in t else t for t in tokens]


def predicted_tags_with_eos(probabilities, threshold: float) -> list[int]:
    """1 (BAD) where P(bad) >= threshold, then 0 (OK) for ``<EOS>``."""
    return [int(p >= threshold) for p in np.asarray(probabilities, dtype=np.float64)] + [0]


def token_offsets(tokens: list[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of each token in ``text``, found left to right; only whitespace may lie between tokens.

    A token written with an XML escape (``&quot;``) also matches its unescaped form. Raises ``ValueError`` naming
    the first token that cannot be found where expected.
    """
    offsets = []
    pos = 0
    for k, token in enumerate(tokens):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        for form in (token, html.unescape(token)):
            if form and text.startswith(form, pos):
                offsets.append((pos, pos + len(form)))
                pos += len(form)
                break
        else:
            raise ValueError(f"token {k} {token!r} not found at character {pos} of {text[:80]!r}"
                             f" (next: {text[pos:pos + 20]!r})")
    return offsets


def bad_token_spans(offsets: list[tuple[int, int]], probabilities, threshold: float,
                    minor_below: float | None = None) -> list[tuple[int, int, str]]:
    """Runs of consecutive BAD tokens as (start, end, severity) character spans.

    A run spans from its first token's start to its last token's end (the spaces between included); it is
    ``minor`` if ``minor_below`` is given and its highest P(bad) is below it, otherwise ``major``.
    """
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if len(offsets) != len(probabilities):
        raise ValueError(f"{len(offsets)} token offsets but {len(probabilities)} probabilities")
    spans: list[tuple[int, int, str]] = []
    run: list[int] = []
    for k in range(len(offsets) + 1):
        if k < len(offsets) and probabilities[k] >= threshold:
            run.append(k)
            continue
        if run:
            top = float(probabilities[run].max())
            severity = "minor" if minor_below is not None and top < minor_below else "major"
            spans.append((offsets[run[0]][0], offsets[run[-1]][1], severity))
            run = []
    return spans


def parse_error_spans(starts: str, ends: str, errors: str, where: str = "") -> list[tuple[int, int, str]]:
    """The WMT23 task-2 span fields (space-separated lists) as (start, end, severity); ``-1 -1 no-error`` -> []."""
    s_list, e_list, t_list = starts.split(), ends.split(), errors.split()
    if not len(s_list) == len(e_list) == len(t_list):
        raise ValueError(f"{where}: {len(s_list)} starts, {len(e_list)} ends, {len(t_list)} severities")
    spans = []
    for s, e, t in zip(s_list, e_list, t_list):
        s, e = int(s), int(e)
        if s == -1 or e == -1:
            continue
        if t not in SEVERITIES:
            raise ValueError(f"{where}: unknown severity {t!r} for span {s}-{e}")
        spans.append((s, e, t))
    return spans


def char_severity_marks(text_length: int, spans: list[tuple[int, int, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Per character (plus one slot after the end): is it inside a major / a minor span, as the official scorer marks.

    An end past the text is cut to its length; a zero-width span (start == end) marks the one slot at ``start``
    (an omission; ``start == len(text)`` is the slot after the end); a span with start > end marks nothing.
    """
    major = np.zeros(text_length + 1, dtype=bool)
    minor = np.zeros(text_length + 1, dtype=bool)
    for start, end, severity in spans:
        target = major if severity == "major" else minor
        end = min(end, text_length)
        if start < 0:
            raise ValueError(f"negative span start {start}")
        if start == end:
            target[start] = True
        elif start < end:
            target[start:end] = True
    return major, minor


def span_counts(text_length: int, gold: list[tuple[int, int, str]],
                predicted: list[tuple[int, int, str]]) -> tuple[float, int, int]:
    """(TP, gold error characters, system error characters) of one segment, with the official severity credit."""
    g_major, g_minor = char_severity_marks(text_length, gold)
    s_major, s_minor = char_severity_marks(text_length, predicted)
    g_any, s_any = g_major | g_minor, s_major | s_minor
    full = ((g_major & ~g_minor & s_major) | (g_minor & ~g_major & s_minor) | (g_major & g_minor & s_any))
    half = ((g_major & ~g_minor & ~s_major & s_minor) | (g_minor & ~g_major & ~s_minor & s_major))
    return float(full.sum()) + 0.5 * float(half.sum()), int(g_any.sum()), int(s_any.sum())


def span_f1(segments) -> tuple[float, float, float]:
    """(F1, precision, recall) over ``(text_length, gold_spans, predicted_spans)`` segments, micro-averaged over
    characters as the WMT23 task-2 scorer; precision (recall) is 0 when the system (gold) marks nothing."""
    tp = gold_total = sys_total = 0.0
    for text_length, gold, predicted in segments:
        t, g, s = span_counts(text_length, gold, predicted)
        tp, gold_total, sys_total = tp + t, gold_total + g, sys_total + s
    precision = tp / sys_total if sys_total else 0.0
    recall = tp / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def csv_unquote(text: str) -> str:
    """``"a ""b"" c"`` -> ``a "b" c`` (how some WMT23 gold ``mt`` cells were written); other text is unchanged."""
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


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
    good: np.ndarray | None = None  # 1 = judged good (DA mean >= 70, MQM score >= 90), for the calibration table


def load_sets(bench: Path, quick: bool) -> list[TestSet]:
    sets = []
    for lp in (["en-de"] if quick else MLQE_PAIRS):
        code = lp.replace("-", "")
        data = read_mlqe_tsv(bench / "mlqe-pe/direct-assessments/test" / lp / f"test20.{code}.df.short.tsv")
        sets.append(TestSet("MLQE-PE test20", lp, "pearson", data["original"], data["translation"],
                            np.array(data["z_mean"]), np.array(data["model_scores"]),
                            judged_good(data["mean"], GOOD_DA)))
    for lp in (["en-de"] if quick else WMT22_PAIRS):
        folder = bench / "wmt22-qe/test_data-gold_labels/task1_mqm" / lp
        gold = np.array([float(v) for v in read_lines(folder / f"test.2022.{lp}.mqm_z_score")])
        raw_mqm = [float(v) for v in read_lines(folder / f"test.2022.{lp}.mqm_score.mqm")]
        sets.append(TestSet("WMT22 MQM", lp, "spearman", read_lines(folder / "test.2022.src"),
                            read_lines(folder / "test.2022.mt"), gold, None, judged_good(raw_mqm, GOOD_MQM)))
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


CED_PAIRS = ["en-de", "en-zh", "en-ja", "en-cs"]


def read_ced(bench: Path, lp: str, split: str) -> tuple[list[str], list[str], np.ndarray]:
    """WMT21 critical-error detection (sources, targets, 1 = ERR): ``dev`` from its TSV, ``test`` from the blind TSV
    and the gold ``test21.tags`` (same order)."""
    code = lp.replace("-", "")
    folder = bench / "mlqe-pe/catastrophic_errors"
    name = f"{code}_majority_{'dev' if split == 'dev' else 'test_blind'}.tsv"
    with open(folder / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    labels = [r[-1] for r in rows] if split == "dev" else read_lines(folder / f"{code}_majority_test_goldlabels/test21.tags")
    if len(labels) != len(rows):
        raise ValueError(f"{folder / name}: {len(rows)} rows but {len(labels)} labels")
    return [r[1] for r in rows], [r[2] for r in rows], np.array([label == "ERR" for label in labels], dtype=int)


def mcc_threshold(raw: np.ndarray, errors: np.ndarray) -> tuple[float, float]:
    """The raw-score cut (ERR below it) with the best MCC, and that MCC; candidates are the scores' percentiles."""
    best = (float("-inf"), -1.0)
    for cut in np.unique(np.percentile(raw, np.arange(1, 100))):
        mcc, _ = binary_mcc(errors, raw < cut)
        if mcc > best[1]:
            best = (float(cut), mcc)
    return best


def run_critical(scorer, bench: Path, pairs: list[str], limit: int | None) -> dict[str, tuple[float, float, float, int]]:
    """Per pair: (dev MCC, test MCC at the dev threshold, that threshold, test n)."""
    out = {}
    for lp in pairs:
        src_lang, tgt_lang = lp.split("-")
        dev_s, dev_t, dev_y = read_ced(bench, lp, "dev")
        test_s, test_t, test_y = read_ced(bench, lp, "test")
        if limit:
            dev_s, dev_t, dev_y, test_s, test_t, test_y = (dev_s[:limit], dev_t[:limit], dev_y[:limit],
                                                           test_s[:limit], test_t[:limit], test_y[:limit])
        cut, dev_mcc = mcc_threshold(np.nan_to_num(scorer.score(dev_s, dev_t, src_lang, tgt_lang), nan=-1e9), dev_y)
        test_raw = np.nan_to_num(scorer.score(test_s, test_t, src_lang, tgt_lang), nan=-1e9)
        out[lp] = (dev_mcc, binary_mcc(test_y, test_raw < cut)[0], cut, len(test_y))
        print(f"critical errors {lp}: dev {dev_mcc:.4f} test {out[lp][1]:.4f}", file=sys.stderr)
    return out


def run_synthetic(scorer, bench: Path, pairs: list[str], seed: int = 20) -> dict[str, tuple[float, int]]:
    """Per error kind: the share of synthetic test pairs (made from the error-free MLQE-PE test20 translations,
    ``mtqa.qe.synthetic``) where the correct translation scores higher than the damaged one."""
    from mtqa.qe.xdata import load_mlqe, synthetic_examples

    damaged = []
    for k, lp in enumerate(pairs):
        originals = [e for e in load_mlqe(bench, lp, "test20") if e.extra["hter"] == 0.0]
        damaged += synthetic_examples(originals, (0.0, 1.0), seed + k, "synthetic-test")
    wins: dict[str, list[bool]] = {}
    for lp in pairs:
        part = [e for e in damaged if f"{e.src_lang}-{e.tgt_lang}" == lp]
        if not part:
            continue
        good = scorer.score([e.source for e in part], [e.extra["original"] for e in part], *lp.split("-"))
        bad = scorer.score([e.source for e in part], [e.target for e in part], *lp.split("-"))
        for e, g, b in zip(part, good, bad):
            wins.setdefault(e.extra["kind"], []).append(bool(g > b))
    return {kind: (float(np.mean(w)), len(w)) for kind, w in sorted(wins.items())}


@dataclass
class WordSet:
    """One word-level test set: what the tagger gets, the gold tags (incl. ``<EOS>``) and, for WMT23, the spans."""

    name: str                       # WMT22 word / WMT23
    lp: str
    sids: list[int]                 # 0-based segment ids in the test files
    sources: list[str]
    tokens: list[list[str]]         # MT tokens without <EOS>, as given to the tagger
    gold_tags: list[list[int]]      # 1 = BAD, one per token plus the final <EOS>
    texts: list[str] | None = None  # raw MT (WMT23), for the span offsets
    gold_spans: list[list[tuple[int, int, str]]] | None = None


def read_tsv_rows(path: str | Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_wmt22_word(bench: Path, lp: str) -> WordSet:
    folder = bench / "wmt22-qe/test_data-gold_labels/task1_word-level" / lp
    where = f"WMT22 word {lp}"
    tokens = read_token_lines(folder / "test.2022.mt_tok")
    tags = read_token_lines(folder / f"test.2022.{lp}.tags")
    sources = read_lines(folder / "test.2022.src")
    check_token_counts(tokens, tags, f"{where} ({folder}/test.2022.mt_tok vs test.2022.{lp}.tags)")
    if len(sources) != len(tokens):
        raise ValueError(f"{where}: {len(sources)} source lines but {len(tokens)} MT lines")
    return WordSet("WMT22 word", lp, list(range(len(tokens))), sources,
                   [unescape_tokens(strip_eos(t, f"{where} line {i + 1}")) for i, t in enumerate(tokens)],
                   [tags_to_bad(t, f"{where} line {i + 1}") for i, t in enumerate(tags)])


def load_wmt23_word(bench: Path, lp: str) -> WordSet:
    """WMT23 en-de / zh-en without the injected hallucinations: tokens, word tags and error spans per segment."""
    code = lp.replace("-", "")
    where = f"WMT23 {lp}"
    inputs = bench / "wmt23-qe/test_data_2023"
    sources = read_lines(inputs / "task2" / lp / f"test.{code}.final.src")
    texts = read_lines(inputs / "task2" / lp / f"test.{code}.final.mt")
    tokens = read_token_lines(inputs / "task1_word_level" / lp / f"test.{code}.final.tok.mt")
    if not len(sources) == len(texts) == len(tokens):
        raise ValueError(f"{where}: {len(sources)} src / {len(texts)} mt / {len(tokens)} tok.mt lines")
    gold_dir = bench / "wmt23-qe/gold_labels"
    hallucinated = {int(r["sid"]) for r in read_tsv_rows(gold_dir / "hallucinations_idx.tsv") if r["lp"] == lp}
    word_rows = {int(r["sid"]): r for r in read_tsv_rows(gold_dir / "hallucinations_gold_T1w_header.tsv") if r["lp"] == lp}
    span_rows = {int(r["sid"]): r for r in read_tsv_rows(gold_dir / "hallucinations_gold_T2_header.tsv") if r["lp"] == lp}
    for label, rows in (("T1w", word_rows), ("T2", span_rows)):
        if sorted(rows) != list(range(len(texts))):
            raise ValueError(f"{gold_dir}: {lp} {label} sids do not match the {len(texts)} test lines")
    keep = [i for i in range(len(texts)) if i not in hallucinated]
    tags = [tags_to_bad(word_rows[i]["tags"].split(), f"{where} T1w sid {i}") for i in keep]
    check_token_counts([tokens[i] for i in keep], tags, f"{where} (tok.mt vs T1w gold tags)")
    for i in keep:
        gold_text = span_rows[i]["mt"].strip()
        if gold_text != texts[i] and csv_unquote(gold_text) != texts[i] and len(gold_text) != len(texts[i]):
            raise ValueError(f"{where} sid {i}: the T2 gold MT differs from the test MT, so its offsets may not fit:"
                             f" {gold_text[:60]!r} vs {texts[i][:60]!r}")
    return WordSet("WMT23", lp, keep, [sources[i] for i in keep],
                   [strip_eos(tokens[i], f"{where} tok.mt line {i + 1}") for i in keep], tags,
                   [texts[i] for i in keep],
                   [parse_error_spans(span_rows[i]["start_id"], span_rows[i]["end_id"], span_rows[i]["error"],
                                      f"{where} T2 sid {i}") for i in keep])


def load_word_sets(bench: Path, quick: bool) -> list[WordSet]:
    sets = [load_wmt22_word(bench, lp) for lp in (["en-de"] if quick else WMT22_PAIRS)]
    sets += [load_wmt23_word(bench, lp) for lp in (["en-de"] if quick else WMT23_PAIRS)]
    return sets


def word_subset(ws: WordSet, limit: int | None) -> WordSet:
    """The first ``limit`` segments (after dropping hallucinations)."""
    if not limit or limit >= len(ws.sids):
        return ws
    return WordSet(ws.name, ws.lp, ws.sids[:limit], ws.sources[:limit], ws.tokens[:limit], ws.gold_tags[:limit],
                   None if ws.texts is None else ws.texts[:limit],
                   None if ws.gold_spans is None else ws.gold_spans[:limit])


def judged_good(raw_scores, cut: float) -> np.ndarray:
    """1.0 where a raw human score reaches ``cut``, 0.0 below, NaN where it is missing."""
    values = np.asarray(raw_scores, dtype=np.float64)
    return np.where(np.isfinite(values), (values >= cut).astype(np.float64), np.nan)


def calibration_stats(quality, good, bins: int = 5) -> dict[str, float]:
    """How well a 0..1 quality matches the human 'good' label: mean quality, share judged good, Brier score,
    and the expected calibration error over ``bins`` equal-width quality bins (pairs with a NaN skipped)."""
    q = np.asarray(quality, dtype=np.float64)
    g = np.asarray(good, dtype=np.float64)
    keep = np.isfinite(q) & np.isfinite(g)
    q, g = q[keep], g[keep]
    if len(q) == 0:
        return {"n": 0, "mean_quality": math.nan, "good_rate": math.nan, "brier": math.nan, "ece": math.nan}
    which = np.minimum((q * bins).astype(int), bins - 1)
    ece = sum(abs(q[which == b].mean() - g[which == b].mean()) * (which == b).sum() for b in range(bins)
              if (which == b).any()) / len(q)
    return {"n": len(q), "mean_quality": float(q.mean()), "good_rate": float(g.mean()),
            "brier": float(np.mean((q - g) ** 2)), "ece": float(ece)}


def subset(test: TestSet, limit: int | None) -> TestSet:
    """The first ``limit`` rows (deterministic; the files are not sorted by score)."""
    if not limit or limit >= len(test.sources):
        return test
    return TestSet(test.name, test.lp, test.metric, test.sources[:limit], test.targets[:limit], test.gold[:limit],
                   None if test.glassbox is None else test.glassbox[:limit],
                   None if test.good is None else test.good[:limit])


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


# ---------------------------------------------------------------- word level: running

class ConstantTagger:
    """A trivial floor: the same P(bad) for every token (``all-ok`` = 0, ``all-bad`` = 1)."""

    threshold = 0.5

    def __init__(self, name: str, probability: float):
        self.name = name
        self.probability = probability

    def bad_probabilities(self, sources, target_tokens, src_lang, tgt_lang):
        return [np.full(len(tokens), self.probability) for tokens in target_tokens]


def load_word_tagger(name: str):
    """``all-ok`` / ``all-bad`` (trivial floors) or ``mtqa.qe.get_word_tagger(name)``, no embedding cache."""
    key = name.strip().lower()
    if key in TRIVIAL_TAGGERS:
        return ConstantTagger(key, 0.0 if key == "all-ok" else 1.0)
    from mtqa.qe import get_word_tagger

    return get_word_tagger(name, cache_dir=None)


def tag_probabilities(tagger, ws: WordSet) -> list[np.ndarray]:
    """P(bad) per MT token of every segment; the shapes are checked against the tokens."""
    src_lang, tgt_lang = ws.lp.split("-")
    probabilities = tagger.bad_probabilities(ws.sources, ws.tokens, src_lang, tgt_lang)
    if len(probabilities) != len(ws.tokens):
        raise ValueError(f"{ws.name} {ws.lp}: tagger returned {len(probabilities)} arrays for {len(ws.tokens)} segments")
    out = []
    for sid, tokens, p in zip(ws.sids, ws.tokens, probabilities):
        p = np.asarray(p, dtype=np.float64).reshape(-1)
        if p.shape[0] != len(tokens):
            raise ValueError(f"{ws.name} {ws.lp} segment {sid}: tagger returned {p.shape[0]} probabilities"
                             f" for {len(tokens)} tokens")
        out.append(p)
    return out


def word_mcc(ws: WordSet, probabilities: list[np.ndarray], threshold: float) -> tuple[float, int, float, float]:
    """(MCC, tokens incl. <EOS>, predicted BAD rate, gold BAD rate) over the whole set."""
    predicted = [tag for p in probabilities for tag in predicted_tags_with_eos(p, threshold)]
    gold = [tag for tags in ws.gold_tags for tag in tags]
    value, n = binary_mcc(gold, predicted)
    return value, n, float(np.mean(predicted)) if n else math.nan, float(np.mean(gold)) if n else math.nan


def predicted_spans(ws: WordSet, probabilities: list[np.ndarray], threshold: float,
                    minor_below: float | None) -> list[list[tuple[int, int, str]]]:
    out = []
    for sid, text, tokens, p in zip(ws.sids, ws.texts, ws.tokens, probabilities):
        try:
            offsets = token_offsets(tokens, text)
        except ValueError as error:
            raise ValueError(f"{ws.name} {ws.lp} segment {sid}: {error}") from None
        out.append(bad_token_spans(offsets, p, threshold, minor_below))
    return out


def word_reference_rows(refs: list[dict[str, str]], label: str, lp: str) -> list[tuple[str, str, str]]:
    """(system, value, source) published or recomputed for one word-level block."""
    out, best = [], []
    for row in refs:
        if row.get("lp") != lp:
            continue
        bench, task, metric = row.get("benchmark", ""), row.get("task") or row.get("test_set", ""), row.get("metric", "")
        entry = (row["system"], row["value"], row["file"])
        if label == "WMT22 word" and metric == "mcc" and bench == "WMT22-QE-T1-word":
            best.append(entry)  # the results page's best team, listed last
        elif (label == "WMT22 word" and metric == "mcc" and bench == "WMT22" and task == "task1_word-level"
              or label == "WMT23 word" and metric == "mcc" and bench == "WMT23" and task == "T1_word"
              or label == "WMT23 error spans" and metric == "f1" and bench == "WMT23" and task == "T2_error_span"):
            out.append(entry)
    return out + best


def word_blocks(quick: bool) -> list[tuple[str, str, str]]:
    """(label, lp, metric) of every word-level table block, in table order."""
    blocks = [("WMT22 word", lp, "MCC") for lp in (["en-de"] if quick else WMT22_PAIRS)]
    for lp in (["en-de"] if quick else WMT23_PAIRS):
        blocks += [("WMT23 word", lp, "MCC"), ("WMT23 error spans", lp, "span F1")]
    return blocks


def run_word_level(tagger, word_sets: list[WordSet], limit: int | None,
                   minor_below: float | None) -> dict[tuple[str, str], tuple[str, str]]:
    """{(block label, lp): (value cell, n cell)} for one tagger."""
    threshold = float(tagger.threshold)
    results: dict[tuple[str, str], tuple[str, str]] = {}
    for full in word_sets:
        ws = word_subset(full, limit)
        began = time.perf_counter()
        probabilities = tag_probabilities(tagger, ws)
        value, n, rate, gold_rate = word_mcc(ws, probabilities, threshold)
        label = "WMT22 word" if ws.name == "WMT22 word" else "WMT23 word"
        results[(label, ws.lp)] = (fmt(value), f"{n} tokens, {len(ws.sids)} segs; BAD {rate:.1%} (gold {gold_rate:.1%})")
        line = f"{tagger.name} {label} {ws.lp}: MCC {fmt(value)} ({n} tokens, BAD {rate:.1%} vs gold {gold_rate:.1%})"
        if ws.texts is not None:
            spans = predicted_spans(ws, probabilities, threshold, minor_below)
            f1, precision, recall = span_f1(zip(map(len, ws.texts), ws.gold_spans, spans))
            results[("WMT23 error spans", ws.lp)] = (f"{fmt(f1)} (P {precision:.4f}, R {recall:.4f})",
                                                     f"{len(ws.sids)} segs")
            line += f"; span F1 {fmt(f1)} P {precision:.4f} R {recall:.4f}"
        print(f"{line} ({time.perf_counter() - began:.1f}s)", file=sys.stderr)
    return results


def word_throughput(name: str, pool: WordSet, count: int) -> str:
    """Tokens and segments per second of one ``bad_probabilities`` call, the model loaded first."""
    tagger = load_word_tagger(name)
    tagger.bad_probabilities(["Warm-up."], [["Aufwärmen", "."]], "en", "de")
    ws = word_subset(pool, count)
    tokens = sum(len(t) for t in ws.tokens)
    began = time.perf_counter()
    tagger.bad_probabilities(ws.sources, ws.tokens, *ws.lp.split("-"))
    elapsed = max(time.perf_counter() - began, 1e-9)
    return (f"{tokens / elapsed:.0f} tokens/s, {len(ws.sids) / elapsed:.1f} segments/s "
            f"({len(ws.sids)} {pool.name} {pool.lp} segments, {tokens} tokens in {elapsed:.1f}s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scorers", default="qe,qe-fast,cosine-use,cosine-e5,glassbox")
    parser.add_argument("--critical-scorers", default="qe,qe-fast,cosine-use",
                        help="those of --scorers that also get the critical-error and synthetic-error sections")
    parser.add_argument("--bench-dir", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--quick", action="store_true", help="en-de of each benchmark only, 200 segments per set")
    parser.add_argument("--limit", type=int, default=None, help="at most N segments per test set (all scorers)")
    parser.add_argument("--e5-limit", type=int, default=None,
                        help="at most N segments per test set for cosine-e5 only (it is slow)")
    parser.add_argument("--throughput-pairs", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", type=Path, default=Path("metrics/results/qe.md"))
    parser.add_argument("--word-taggers", default="qe,qe-fast",
                        help="comma-separated word taggers: names for mtqa.qe.get_word_tagger (default qe), or the "
                             "trivial floors all-ok / all-bad; '' for none")
    parser.add_argument("--skip-word", action="store_true", help="no word-level evaluation")
    parser.add_argument("--word-limit", type=int, default=None,
                        help="at most N segments per word-level set (default: all; 200 with --quick)")
    parser.add_argument("--span-minor-below", type=float, default=None, metavar="P",
                        help="WMT23 spans whose highest P(bad) is below P are 'minor' (default: the tagger's "
                             "major_threshold attribute if it has one, else every span is 'major')")
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
    word_limit = args.word_limit if args.word_limit else (200 if args.quick else None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from mtqa.qe import get_scorer
    from mtqa import __version__

    bench = args.bench_dir
    names = [n.strip() for n in args.scorers.split(",") if n.strip()]
    tagger_names = [n.strip() for n in args.word_taggers.split(",") if n.strip()]
    sets = load_sets(bench, args.quick) if names else []
    word_sets = load_word_sets(bench, args.quick) if not args.skip_word and tagger_names else []
    refs = read_reference_numbers(bench)
    results: dict[tuple[str, str, str], tuple[float, int]] = {}
    throughput: dict[str, str] = {}
    encoders: dict[str, str] = {}
    calibration: dict[tuple[str, str, str], dict[str, float]] = {}
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
            if hasattr(scorer, "quality") and t.good is not None:
                calibration[(name, test.name, test.lp)] = calibration_stats(scorer.quality(predicted), t.good)
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

    critical: dict[str, dict[str, tuple[float, float, float, int]]] = {}
    synthetic: dict[str, dict[str, tuple[float, int]]] = {}
    for name in [n.strip() for n in args.critical_scorers.split(",") if n.strip() in names]:
        scorer = get_scorer(name, cache_dir=None)
        critical[name] = run_critical(scorer, bench, ["en-de"] if args.quick else CED_PAIRS, limit)
        synthetic[name] = run_synthetic(scorer, bench, ["en-de"] if args.quick else MLQE_PAIRS)
        print(f"synthetic {name}: {synthetic[name]}", file=sys.stderr)

    word_results: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}
    taggers: dict[str, str] = {}  # name -> description, or "skipped: <reason>"
    for name in tagger_names if not args.skip_word else []:
        try:
            tagger = load_word_tagger(name)
            tagger.bad_probabilities(["Warm-up."], [["Aufwärmen", "."]], "en", "de")  # load the model first
        except Exception as error:  # noqa: BLE001 -- a tagger that cannot be loaded gets a row saying why
            reason = " ".join(f"{type(error).__name__}: {error}".split()).replace("|", "/")
            taggers[name] = f"skipped: {reason}"
            print(f"word tagger {name}: skipped: {reason}", file=sys.stderr)
            continue
        minor_below = args.span_minor_below if args.span_minor_below is not None else getattr(
            tagger, "major_threshold", None)
        taggers[name] = (f"{getattr(tagger, 'name', name)}, BAD at P(bad) >= {float(tagger.threshold):.4g}"
                         + (f", spans minor below {minor_below:.4g}" if minor_below is not None else ", spans major"))
        word_results[name] = run_word_level(tagger, word_sets, word_limit, minor_below)
        pool = next((w for w in word_sets if w.name == "WMT23" and w.lp == "en-de"), word_sets[0])
        throughput[f"{name} (words)"] = word_throughput(name, pool, args.throughput_pairs)
        print(f"{name} word tagger: {throughput[f'{name} (words)']}", file=sys.stderr)
    total = time.perf_counter() - start_all

    date = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# QE: mtqa scorers and word taggers vs human judgements",
        "",
        f"Generated {date} by `{command}` (mtqa {__version__}; {args.threads} CPU threads; "
        f"total {total:.0f}s; no embedding cache).",
        "",
        "Scorers: " + ("; ".join(f"`{n}` = {encoders.get(n, '?')}" for n in names) or "none") + ".",
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
    lines += ["", "## Word level", ""]
    if args.skip_word:
        lines += ["Skipped (`--skip-word`)."]
    else:
        lines += [
            "Word taggers: " + ("; ".join(f"`{n}` = {taggers[n]}" for n in tagger_names) or "none") + ".",
            "",
            ("Metrics (see the script's docstring for the details and the official scorers followed): WMT22 word = "
             "MCC over every MT token of the set incl. `<EOS>` (`<EOS>` predicted OK; Moses escapes undone for the "
             "tagger); WMT23 word = the same on the WMT23 `tok.mt` tokens; WMT23 error spans = character-level F1 "
             "with half credit for the wrong severity (WMT23 task 2 scorer), runs of BAD tokens mapped to character "
             "spans of the raw MT. WMT23 rows drop the injected hallucinations, as the official scorers do. Published "
             "rows: WMT22 from the official results (recomputed from the released submissions, and the best team from "
             "the results page); WMT23 recomputed from released submissions (unverified against the paper; "
             "IST-Unbabel's en-de span submission is a GPT-4 few-shot run, its zh-en one a CometKiwi word-level "
             "ensemble)."),
            "",
        ]
        if word_limit:
            lines += [(f"**Subset run:** the first {word_limit} segments per word-level set (WMT23: after dropping "
                       "hallucinations); not comparable with the full-set published numbers."), ""]
        lines += ["| test set | lp | metric | system | value | n | source |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for label, lp, metric in word_blocks(args.quick):
            for name in tagger_names:
                system = f"trivial `{name}`" if name.lower() in TRIVIAL_TAGGERS else f"**mtqa `{name}`**"
                if name in word_results:
                    value, n = word_results[name][(label, lp)]
                    lines.append(f"| {label} | {lp} | {metric} | {system} | {value} | {n} | this run |")
                else:
                    lines.append(f"| {label} | {lp} | {metric} | {system} | {taggers[name]} | - | - |")
            for system, value, source in word_reference_rows(refs, label, lp):
                lines.append(f"| {label} | {lp} | {metric} | {system} | {float(value):.4f} | full | `{source}` |")
    if critical:
        lines += ["", "## Critical errors (WMT21 task 3)", "",
                  "A pair is predicted to hold a critical error where the scorer's raw score is below a cut chosen for the best "
                  "MCC on the dev split (`catastrophic_errors/<xxyy>_majority_dev.tsv`); MCC on the test split with that cut "
                  "(gold `test21.tags`). The issue that asked for this table quotes CometKiwi-22 at 0.356 on en-de (its "
                  "released predictions, threshold from dev); no published row is in `reference-results/`.", "",
                  "| lp | scorer | dev MCC | test MCC | cut | n |", "| --- | --- | --- | --- | --- | --- |"]
        for name, by_lp in critical.items():
            for lp, (dev_mcc, test_mcc, cut, n) in by_lp.items():
                lines.append(f"| {lp} | `{name}` | {dev_mcc:.4f} | {test_mcc:.4f} | {cut:.4g} | {n} |")
    if synthetic:
        lines += ["", "## Synthetic errors", "",
                  "Share of pairs where the correct translation scores higher than a damaged copy (`mtqa.qe.synthetic`, seeded), "
                  "made from the MLQE-PE test20 translations with HTER 0 (all 7 pairs; the training used only train and dev "
                  "translations). Chance is 0.5.", "",
                  "| error kind | " + " | ".join(f"`{n}`" for n in synthetic) + " | n |",
                  "| --- | " + " | ".join("---" for _ in synthetic) + " | --- |"]
        kinds = sorted({kind for by_kind in synthetic.values() for kind in by_kind})
        for kind in kinds:
            values = [synthetic[n].get(kind, (math.nan, 0)) for n in synthetic]
            lines.append(f"| {kind} | " + " | ".join(fmt(v) for v, _ in values) + f" | {max(n for _, n in values)} |")
    if calibration:
        lines += ["", "## Calibration", "",
                  f"The calibrated quality (0..1) of scorers that have one, against the share of segments humans judged good "
                  f"(DA mean >= {GOOD_DA:g}, MQM score >= {GOOD_MQM:g}). Brier = mean (quality - good)^2; ECE = expected "
                  "calibration error over 5 equal-width quality bins (0 = perfectly calibrated).", "",
                  "| test set | lp | scorer | mean quality | share judged good | Brier | ECE | n |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for (name, set_name, lp), stats in calibration.items():
            lines.append(f"| {set_name} | {lp} | `{name}` | {stats['mean_quality']:.3f} | {stats['good_rate']:.3f} | "
                         f"{stats['brier']:.3f} | {stats['ece']:.3f} | {stats['n']} |")
    lines += ["", "## Throughput", "", "| scorer | speed |", "| --- | --- |"]
    lines += [f"| `{n}` | {throughput[n]} |" for n in names]
    lines += [f"| `{n}` word tagger | {throughput[f'{n} (words)']} |" for n in tagger_names if f"{n} (words)" in throughput]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
