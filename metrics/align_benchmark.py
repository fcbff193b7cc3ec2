#!/usr/bin/env python3
"""Benchmark mtqa's sentence aligner on public gold alignments, beside the published figures.

Datasets (read-only, under ``--bench-dir``, default ``../shared/bench/sentence-alignment``):

- Text+Berg de-fr (Sennrich & Volk 2010; the Bleualign evaluation set): ``test0..6`` scored
  together (micro-averaged, as Vecalign and Bertalign report it) and ``dev`` (the tuning split)
  reported on its own.
- Bible (Bertalign's verse-derived gold): source = English ``en.001``, target = Chinese
  ``zh.001``. The gold ``gold.001.align`` lists *English* ids on the left (its left ids run to
  4999, the right ones to 6300) and Bertalign's Bible commands pass ``--src_verse en.verse
  --tgt_verse zh.verse``; so the aligner runs en -> zh here. Before scoring, consecutive test
  units that fall in one verse are merged (:func:`merge_units_by_verse`), as Bertalign's
  ``bin/eval_bible.py`` does.

Scoring (:func:`score_alignments`) follows Vecalign's ``score.py`` (Thompson & Koehn 2019, which
re-implements the strict/lax measures of Sennrich & Volk 2010; Bertalign's ``eval.py`` is the same
code):

- precision is computed over the distinct *test* units, insertions/deletions included (a test
  unit with one side empty is a strict and lax hit only if the gold holds the identical unit);
- recall is computed over the distinct *gold* units with both sides non-empty; units with an empty
  side are dropped from both gold and test before recall, so a missed gold deletion costs nothing;
- a unit that is not an exact match is a lax hit when some source id of it is aligned (in the
  other alignment, ignoring units with an empty side) with some target id of it;
- units empty on both sides are ignored and duplicate units count once;
- counts are summed over all documents before dividing (micro average); F1 is the harmonic mean
  of the pooled precision and recall; a zero denominator gives 0.

Timing: the model is loaded first (one dummy sentence), then per document (a) encoding both sides
and (b) alignment proper are timed with ``time.perf_counter``; ``align_sentences`` gets a memoising
wrapper so it reuses the embeddings just timed instead of encoding again.

Run from the repository root::

    .venv/bin/python metrics/align_benchmark.py            # full run, writes metrics/results/alignment.md
    .venv/bin/python metrics/align_benchmark.py --quick    # Text+Berg only, no 10k throughput run
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import math
import os
import platform
import re
import shlex
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = "../shared/bench/sentence-alignment"
DEFAULT_OUT = "metrics/results/alignment.md"
REFERENCE_TSV = Path("..") / "reference-results" / "published_reference_numbers.tsv"  # relative to bench dir

Alignment = tuple[tuple[int, ...], tuple[int, ...]]


# --------------------------------------------------------------------------------------------
# Reading gold files
# --------------------------------------------------------------------------------------------

_ID_LIST = re.compile(r"^\[\s*(\d+(?:\s*,\s*\d+)*)?\s*,?\s*\]$")


def _parse_ids(text: str, line: str) -> tuple[int, ...]:
    match = _ID_LIST.match(text.strip())
    if not match:
        raise ValueError(f"cannot parse alignment line {line!r}")
    inner = match.group(1)
    return tuple(int(x) for x in inner.split(",")) if inner else ()


def parse_alignment_line(line: str) -> Alignment:
    """``[1,2]:[3]`` -> ``((1, 2), (3,))``; ``[]:[4]`` -> ``((), (4,))``."""
    left, sep, right = line.strip().partition(":")
    if not sep:
        raise ValueError(f"alignment line without ':' {line!r}")
    return _parse_ids(left, line), _parse_ids(right, line)


def read_alignments(path: Path) -> list[Alignment]:
    with open(path, encoding="utf-8") as handle:
        return [parse_alignment_line(line) for line in handle if line.strip()]


def read_lines(path: Path) -> list[str]:
    """One sentence per line, line count preserved exactly (ids are line numbers)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [line.rstrip("\r\n") for line in handle]


def check_ids(alignments: Sequence[Alignment], n_src: int, n_tgt: int, what: str) -> None:
    """Fail loudly when gold ids do not fit the sentence files (e.g. a swapped direction)."""
    for src, tgt in alignments:
        if any(i >= n_src for i in src) or any(j >= n_tgt for j in tgt):
            raise ValueError(f"{what}: unit {list(src)}:{list(tgt)} does not fit {n_src} source / "
                             f"{n_tgt} target sentences (wrong direction?)")


# --------------------------------------------------------------------------------------------
# Scoring (strict / lax precision, recall, F1 as in Vecalign's score.py)
# --------------------------------------------------------------------------------------------

@dataclass
class HitCounts:
    strict_hit: int = 0
    strict_miss: int = 0
    lax_hit: int = 0
    lax_miss: int = 0

    def __iadd__(self, other: "HitCounts") -> "HitCounts":
        self.strict_hit += other.strict_hit
        self.strict_miss += other.strict_miss
        self.lax_hit += other.lax_hit
        self.lax_miss += other.lax_miss
        return self


def _as_unit(unit: Iterable) -> Alignment:
    src, tgt = unit
    return tuple(int(i) for i in src), tuple(int(j) for j in tgt)


def _judge(reference: Iterable, candidates: Iterable) -> HitCounts:
    """Judge each distinct candidate unit against the reference alignment.

    Exact presence in the reference is a strict (and lax) hit. Otherwise it is a lax hit when one
    of its source ids is linked by the reference to one of its target ids. Units empty on both
    sides are dropped first; duplicates count once.
    """
    ref = {_as_unit(u) for u in reference}
    ref.discard(((), ()))
    cands = {_as_unit(u) for u in candidates}
    cands.discard(((), ()))
    links: dict[int, set[int]] = defaultdict(set)
    for src, tgt in ref:
        for i in src:
            links[i].update(tgt)
    counts = HitCounts()
    for src, tgt in cands:
        if (src, tgt) in ref:
            counts.strict_hit += 1
            counts.lax_hit += 1
            continue
        counts.strict_miss += 1
        reachable: set[int] = set()
        for i in src:
            reachable |= links.get(i, set())
        if reachable.intersection(tgt):
            counts.lax_hit += 1
        else:
            counts.lax_miss += 1
    return counts


def _both_sides(units: Iterable) -> list[Alignment]:
    return [u for u in (_as_unit(x) for x in units) if u[0] and u[1]]


def _ratio(num: int, den: int, if_zero: float = 0.0) -> float:
    return num / den if den else if_zero


def _f1(p: float, r: float, if_zero: float = 0.0) -> float:
    return 2 * p * r / (p + r) if (p + r) else if_zero


def score_alignments(gold_docs: Sequence[Sequence], test_docs: Sequence[Sequence]) -> dict:
    """Strict/lax precision, recall and F1 of ``test_docs`` against ``gold_docs``, micro-averaged.

    Each doc is a list of ``(source_ids, target_ids)`` pairs. Precision judges every test unit
    (deletions included) against the gold; recall judges the gold units with both sides non-empty
    against the test units with both sides non-empty. Counts are pooled over documents first.
    """
    if len(gold_docs) != len(test_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(test_docs)} test documents")
    prec = HitCounts()
    rec = HitCounts()
    for gold, test in zip(gold_docs, test_docs):
        prec += _judge(reference=gold, candidates=test)
        rec += _judge(reference=_both_sides(test), candidates=_both_sides(gold))
    p_strict = _ratio(prec.strict_hit, prec.strict_hit + prec.strict_miss)
    p_lax = _ratio(prec.lax_hit, prec.lax_hit + prec.lax_miss)
    r_strict = _ratio(rec.strict_hit, rec.strict_hit + rec.strict_miss)
    r_lax = _ratio(rec.lax_hit, rec.lax_hit + rec.lax_miss)
    return {
        "precision_strict": p_strict,
        "recall_strict": r_strict,
        "f1_strict": _f1(p_strict, r_strict),
        "precision_lax": p_lax,
        "recall_lax": r_lax,
        "f1_lax": _f1(p_lax, r_lax),
        "n_test_units": prec.strict_hit + prec.strict_miss,
        "n_gold_units": rec.strict_hit + rec.strict_miss,
    }


# --------------------------------------------------------------------------------------------
# Bertalign's Bible post-processing: merge consecutive test units lying in one verse
# --------------------------------------------------------------------------------------------

_NO_VERSE = object()  # stands for an empty side (Bertalign's 'NULL')


def _unit_verse(unit: Alignment, src_verse: Sequence[str], tgt_verse: Sequence[str]):
    """The single verse a unit lies in, or None when it spans verses (or sides disagree).

    An empty side takes the other side's verse. Mirrors ``find_beads_type`` in Bertalign's
    ``bin/eval_bible.py``.
    """
    def side(ids: Sequence[int], verse: Sequence[str]) -> list:
        if not ids:
            return [_NO_VERSE]
        seen: list = []
        for i in ids:
            if verse[i] not in seen:
                seen.append(verse[i])
        return seen

    src_side, tgt_side = side(unit[0], src_verse), side(unit[1], tgt_verse)
    if len(src_side) != 1 or len(tgt_side) != 1:
        return None
    s, t = src_side[0], tgt_side[0]
    if s is _NO_VERSE:
        return t  # both sides empty: Bertalign's type is 'NULL' itself
    if t is _NO_VERSE or s == t:
        return s
    return None


def merge_units_by_verse(units: Sequence, src_verse: Sequence[str], tgt_verse: Sequence[str]) -> list[Alignment]:
    """Merge runs of consecutive test units that lie in the same verse into one unit.

    Same procedure as Bertalign's ``merge_test_alignments``: walk the units in order; a unit whose
    verse equals the previous unit's verse is appended (both sides, in order) to the last merged
    unit, otherwise it starts a new one. A unit spanning two verses has no verse: it is never merged
    and the unit after it always starts afresh. (Bertalign tests ``if not last_type``, so an empty
    verse id would also block merging; Bible verse ids are never empty.)
    """
    merged: list[tuple[list[int], list[int]]] = []
    previous = None
    for unit in units:
        src, tgt = _as_unit(unit)
        verse = _unit_verse((src, tgt), src_verse, tgt_verse)
        if previous is not None and previous != "" and verse == previous:
            merged[-1][0].extend(src)
            merged[-1][1].extend(tgt)
        else:
            merged.append((list(src), list(tgt)))
        previous = verse
    return [(tuple(s), tuple(t)) for s, t in merged]


# --------------------------------------------------------------------------------------------
# Published reference rows
# --------------------------------------------------------------------------------------------

@dataclass
class ResultRow:
    dataset: str
    split: str
    system: str
    p_strict: float | None = None
    r_strict: float | None = None
    f_strict: float | None = None
    p_lax: float | None = None
    r_lax: float | None = None
    f_lax: float | None = None
    time: str = ""
    source: str = ""
    extra: dict = field(default_factory=dict)


_PAIR = r"(\d*\.\d+)\s*/\s*(\d*\.\d+)"


def load_published_rows(tsv_path: Path) -> list[ResultRow]:
    """Rows about Text+Berg and Bible from the reference TSV, values parsed from its text.

    ``value`` holds ``strict F1 / lax F1``; ``notes`` may add ``P a/b, R c/d`` and, for the Bible
    row, further systems as ``Name a/b`` pairs (strict / lax F1), which become rows of their own.
    """
    rows: list[ResultRow] = []
    with open(tsv_path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for rec in reader:
            bench = rec.get("benchmark") or ""
            if bench.startswith("Text+Berg"):
                dataset, split = "Text+Berg de-fr", "test (0-6)"
            elif bench.startswith("Bible"):
                dataset, split = "Bible zh-en", "001"
            else:
                continue
            metric = rec.get("metric") or ""
            value = re.fullmatch(r"\s*" + _PAIR + r"\s*", rec.get("value") or "")
            if "F1" not in metric or not value:
                continue
            notes = rec.get("notes") or ""
            source = rec.get("source") or ""
            row = ResultRow(dataset, split, rec["system"], f_strict=float(value.group(1)),
                            f_lax=float(value.group(2)), source=source)
            p = re.search(r"\bP\s+" + _PAIR, notes)
            r = re.search(r"\bR\s+" + _PAIR, notes)
            if p:
                row.p_strict, row.p_lax = float(p.group(1)), float(p.group(2))
            if r:
                row.r_strict, row.r_lax = float(r.group(1)), float(r.group(2))
            rows.append(row)
            if not (p or r):  # "Vecalign 0.978/1.000; Hunalign 0.895/0.972; ..." in the notes
                for name, fs, fl in re.findall(r"([A-Za-z][\w\- ]*?)\s+" + _PAIR, notes):
                    rows.append(ResultRow(dataset, split, name.strip(), f_strict=float(fs),
                                          f_lax=float(fl), source=f"{source} (notes of the {rec['system']} row)"))
    return rows


# --------------------------------------------------------------------------------------------
# Running the aligner
# --------------------------------------------------------------------------------------------

class MemoEncoder:
    """Same interface as an mtqa encoder; returns the cached array for an identical input list."""

    def __init__(self, encoder) -> None:
        self._encoder = encoder
        self._memo: dict[tuple[str, ...], object] = {}

    @property
    def name(self) -> str:
        return self._encoder.name

    def encode(self, texts: Sequence[str]):
        key = tuple(texts)
        if key not in self._memo:
            self._memo[key] = self._encoder.encode(list(texts))
        return self._memo[key]

    def forget(self) -> None:
        self._memo.clear()


@dataclass
class RunResult:
    units: list[Alignment]
    encode_s: float
    align_s: float


def run_pair(src: list[str], tgt: list[str], encoder: MemoEncoder) -> RunResult:
    from mtqa.api import align_sentences

    t0 = time.perf_counter()
    encoder.encode(src)
    encoder.encode(tgt)
    t1 = time.perf_counter()
    units = align_sentences(src, tgt, encoder)
    t2 = time.perf_counter()
    encoder.forget()
    return RunResult([(tuple(u.source), tuple(u.target)) for u in units], t1 - t0, t2 - t1)


def _mtqa_row(dataset: str, split: str, system: str, scores: dict, encode_s: float, align_s: float,
              n_src: int, n_tgt: int) -> ResultRow:
    return ResultRow(dataset, split, system, scores["precision_strict"], scores["recall_strict"],
                     scores["f1_strict"], scores["precision_lax"], scores["recall_lax"], scores["f1_lax"],
                     time=f"{encode_s + align_s:.1f} s (enc {encode_s:.1f} + align {align_s:.1f}; {n_src}+{n_tgt} sents)",
                     source="this run")


def bench_textberg(root: Path, encoder: MemoEncoder, system: str, log) -> list[ResultRow]:
    folder = root / "text+berg_de-fr"
    rows = []
    for split, names in (("test (0-6)", [f"test{i}" for i in range(7)]), ("dev", ["dev"])):
        golds, tests = [], []
        enc_s = align_s = 0.0
        n_src = n_tgt = 0
        for name in names:
            de = read_lines(folder / f"{name}.de")
            fr = read_lines(folder / f"{name}.fr")
            gold = read_alignments(folder / f"{name}.defr")
            check_ids(gold, len(de), len(fr), f"{name}.defr")
            run = run_pair(de, fr, encoder)
            golds.append(gold)
            tests.append(run.units)
            enc_s += run.encode_s
            align_s += run.align_s
            n_src += len(de)
            n_tgt += len(fr)
            log(f"  text+berg {name}: {len(de)} de / {len(fr)} fr, enc {run.encode_s:.1f}s align {run.align_s:.2f}s")
        scores = score_alignments(golds, tests)
        rows.append(_mtqa_row("Text+Berg de-fr", split, system, scores, enc_s, align_s, n_src, n_tgt))
    return rows


@dataclass
class BibleData:
    en: list[str]
    zh: list[str]
    gold: list[Alignment]
    en_verse: list[str]
    zh_verse: list[str]


def load_bible(root: Path) -> BibleData:
    folder = root / "bible_zh-en"
    data = BibleData(read_lines(folder / "en.001"), read_lines(folder / "zh.001"),
                     read_alignments(folder / "gold.001.align"),
                     read_lines(folder / "en.verse"), read_lines(folder / "zh.verse"))
    if len(data.en_verse) != len(data.en) or len(data.zh_verse) != len(data.zh):
        raise ValueError("bible: verse files and sentence files differ in length")
    # gold.001.align is English (left) -> Chinese (right)
    check_ids(data.gold, len(data.en), len(data.zh), "gold.001.align (en -> zh)")
    return data


def bench_bible(data: BibleData, encoder: MemoEncoder, system: str, log) -> list[ResultRow]:
    run = run_pair(data.en, data.zh, encoder)
    log(f"  bible 001: {len(data.en)} en / {len(data.zh)} zh, enc {run.encode_s:.1f}s align {run.align_s:.2f}s")
    merged = merge_units_by_verse(run.units, data.en_verse, data.zh_verse)
    rows = [_mtqa_row("Bible zh-en", "001", system, score_alignments([data.gold], [merged]),
                      run.encode_s, run.align_s, len(data.en), len(data.zh))]
    raw = _mtqa_row("Bible zh-en", "001, no verse merge", system, score_alignments([data.gold], [run.units]),
                    run.encode_s, run.align_s, len(data.en), len(data.zh))
    raw.time = "(same run)"
    rows.append(raw)
    return rows


def bench_throughput(data: BibleData, encoder: MemoEncoder, n_sentences: int, log) -> dict:
    """Concatenate the Bible pair with itself until the English side has ``n_sentences``."""
    copies = max(1, math.ceil(n_sentences / len(data.en)))
    en, zh, en_verse, zh_verse, gold = [], [], [], [], []
    for k in range(copies):
        off_en, off_zh = k * len(data.en), k * len(data.zh)
        gold.extend((tuple(i + off_en for i in s), tuple(j + off_zh for j in t)) for s, t in data.gold)
        en += data.en
        zh += data.zh
        en_verse += data.en_verse
        zh_verse += data.zh_verse
    run = run_pair(en, zh, encoder)
    log(f"  throughput: {len(en)} en / {len(zh)} zh, enc {run.encode_s:.1f}s align {run.align_s:.2f}s")
    scores = score_alignments([gold], [merge_units_by_verse(run.units, en_verse, zh_verse)])
    return {"copies": copies, "n_src": len(en), "n_tgt": len(zh), "encode_s": run.encode_s,
            "align_s": run.align_s, "f1_strict": scores["f1_strict"], "f1_lax": scores["f1_lax"]}


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _triple(p, r, f) -> str:
    return f"{_fmt(p)} / {_fmt(r)} / **{_fmt(f)}**" if f is not None else "–"


def results_table(rows: Sequence[ResultRow]) -> str:
    lines = ["| dataset | split | system | strict P / R / F1 | lax P / R / F1 | time | source |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        cells = [row.dataset, row.split, row.system, _triple(row.p_strict, row.r_strict, row.f_strict),
                 _triple(row.p_lax, row.r_lax, row.f_lax), row.time or "–", row.source]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def throughput_table(tp: dict) -> str:
    total = tp["encode_s"] + tp["align_s"]
    n = tp["n_src"] + tp["n_tgt"]
    return "\n".join([
        "| document pair | sentences (en + zh) | encode s | align s | total s | sentences/s (encode) | strict F1 | lax F1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| Bible 001 x{tp['copies']} | {tp['n_src']} + {tp['n_tgt']} = {n} | {tp['encode_s']:.1f} | "
        f"{tp['align_s']:.1f} | {total:.1f} | {n / tp['encode_s']:.0f} | {tp['f1_strict']:.3f} | {tp['f1_lax']:.3f} |",
    ])


def _command_line() -> str:
    script = Path(sys.argv[0]).resolve()
    try:
        shown = str(script.relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(script)
    python = Path(sys.executable)
    try:
        py = str(python.relative_to(Path.cwd().resolve()))
    except ValueError:
        py = str(python)
    return shlex.join([py, shown, *sys.argv[1:]])


def build_report(command: str, info: dict, rows: Sequence[ResultRow], throughput: dict | None) -> str:
    out = [
        "# Sentence alignment benchmark",
        "",
        f"Produced by `{command}` (cwd `{info['cwd']}`) on {info['date']}; "
        f"mtqa:{info['mtqa']}|enc:{info['encoder']}|cpus:{info['cpus']}|python:{info['python']}|numpy:{info['numpy']}.",
        "",
        "Scoring: strict/lax P/R/F1 as in Vecalign's `score.py` (Sennrich & Volk 2010 measures): "
        "precision over all test units incl. 1-0/0-1, recall over gold units with both sides non-empty, "
        "counts pooled over documents (micro). Text+Berg test = test0-6 pooled; dev is the tuning split. "
        "Bible: en -> zh (the gold's direction), consecutive test units in one verse merged before scoring "
        "as in Bertalign's `bin/eval_bible.py`; the 'no verse merge' row scores the raw units. "
        "Times are wall-clock on a possibly shared machine (model loaded beforehand); "
        "published rows are read from `reference-results/published_reference_numbers.tsv` "
        "('–' = not given there; Bible F1s of systems other than Bertalign come from that row's notes).",
        "",
        results_table(rows),
        "",
    ]
    if throughput:
        out += ["## Throughput", "", throughput_table(throughput), "",
                "Bible 001 pair concatenated with itself (gold offset per copy, verse merge as above); "
                "encode = both sides through the encoder, align = `align_sentences` with the embeddings cached.", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", default=DEFAULT_BENCH_DIR,
                        help="sentence-alignment benchmark root (default: %(default)s, relative to the cwd)")
    parser.add_argument("--encoder", default="auto", help="encoder spec for mtqa.encoders.get_encoder: auto, use, e5, st:PATH")
    parser.add_argument("--out", default=DEFAULT_OUT, help="Markdown output (default: %(default)s)")
    parser.add_argument("--datasets", default="textberg,bible", help="comma-separated subset of textberg,bible")
    parser.add_argument("--quick", action="store_true", help="Text+Berg only, no throughput run")
    parser.add_argument("--throughput-sentences", type=int, default=10_000,
                        help="English sentences in the throughput document (0 = skip; default %(default)s)")
    args = parser.parse_args(argv)
    datasets = [d.strip().lower() for d in args.datasets.split(",") if d.strip()]
    unknown = sorted(set(datasets) - {"textberg", "bible"})
    if unknown:
        parser.error(f"unknown dataset(s) {','.join(unknown)}; choose from textberg,bible")
    if args.quick:
        datasets = ["textberg"]
        args.throughput_sentences = 0
    args.dataset_list = datasets
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    root = Path(args.bench_dir)
    if not root.is_dir():
        print(f"align_benchmark: benchmark directory not found: {root} (set --bench-dir)", file=sys.stderr)
        return 2
    needed = {"textberg": root / "text+berg_de-fr", "bible": root / "bible_zh-en"}
    for name in args.dataset_list:
        if not needed[name].is_dir():
            print(f"align_benchmark: {needed[name]} not found under --bench-dir {root}", file=sys.stderr)
            return 2

    import numpy as np

    import mtqa
    from mtqa.encoders import get_encoder

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    command = _command_line()
    languages = (["de", "fr"] if "textberg" in args.dataset_list else []) + \
                (["en", "zh"] if "bible" in args.dataset_list else [])
    raw_encoder = get_encoder(args.encoder, languages, cache_dir=None)
    encoder = MemoEncoder(raw_encoder)
    t0 = time.perf_counter()
    raw_encoder.encode(["Warm-up sentence to load the model."])
    log(f"encoder {encoder.name} loaded in {time.perf_counter() - t0:.1f}s")
    system = f"mtqa {mtqa.__version__} ({encoder.name})"

    rows: list[ResultRow] = []
    bible = None
    if "textberg" in args.dataset_list:
        rows += bench_textberg(root, encoder, system, log)
    if "bible" in args.dataset_list:
        bible = load_bible(root)
        rows += bench_bible(bible, encoder, system, log)
    throughput = None
    if args.throughput_sentences > 0:
        bible = bible or load_bible(root)
        throughput = bench_throughput(bible, encoder, args.throughput_sentences, log)

    tsv = root / REFERENCE_TSV
    if tsv.is_file():
        published = load_published_rows(tsv)
        wanted = {"Text+Berg de-fr"} if "textberg" in args.dataset_list else set()
        if "bible" in args.dataset_list:
            wanted.add("Bible zh-en")
        rows += [r for r in published if r.dataset in wanted]
    else:
        log(f"warning: {tsv} not found; no published rows")

    info = {
        "cwd": os.getcwd(),
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mtqa": mtqa.__version__,
        "encoder": encoder.name,
        "cpus": f"{os.cpu_count()} (usable {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'})",
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    report = build_report(command, info, rows, throughput)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
