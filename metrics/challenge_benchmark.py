#!/usr/bin/env python3
"""Measure mtqa's checks on the challenge set: recall per error category, false alarms on correct pairs.

The set (``corpora/challenge/challenge.jsonl``) holds (source, German) pairs, half with exactly
one deliberate error, half correct (many with correct surface changes: number and date formats,
exonyms, inflected names). Each source language is checked as one line-paired document (as
``mtqa check --aligned`` does), so document-level statistics have enough sentences.

A pair counts as **flagged** when its status is ``review`` or ``critical`` (what an editor is shown);
an error pair is **located** when a finding's span overlaps the error span (omissions have none).

    .venv/bin/python metrics/challenge_benchmark.py        # writes metrics/results/challenge.md
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from mtqa import __version__
from mtqa.api import check
from mtqa.checks import all_rules, run_checks
from mtqa.checks.quality import estimate_quality
from mtqa.checks.view import document_view
from mtqa.cli import default_cache_dir
from mtqa.config import CheckConfig
from mtqa.reading import document_from_text
from mtqa.report.table import status_and_risk

ROOT = Path(__file__).resolve().parent.parent


def evaluate(pairs: list[dict], config: CheckConfig, cache_dir: str | None,
             quality_estimation: str | None = "qe") -> list[dict]:
    """Run the checks on every pair; one outcome dict per pair."""
    outcomes = []
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for pair in pairs:
        by_lang[pair["src_lang"]].append(pair)
    for lang, group in sorted(by_lang.items()):
        target = document_from_text("\n".join(p["tgt"] for p in group), "de", presegmented=True)
        source = document_from_text("\n".join(p["src"] for p in group), lang, presegmented=True)
        result = check(target, [source], second_encoder=None, cache_dir=cache_dir, presegmented_pairs=True)
        view = document_view(result)
        if quality_estimation:
            estimate_quality(view, cache_dir=cache_dir, model=quality_estimation)
        findings = run_checks(view, config)
        for i, pair in enumerate(group):
            found = findings.get(i, [])
            status, _ = status_and_risk(found, config.threshold("review_risk"))
            span = pair.get("error_span")
            located = False
            if span:
                start = pair["tgt"].index(span)
                located = any(f.start < start + len(span) and start < f.end for f in found if f.end > f.start)
            outcomes.append({"id": pair["id"], "label": pair["label"], "category": pair["category"],
                             "flagged": status != "ok", "located": located,
                             "codes": sorted({f.code for f in found})})
    return outcomes


def table(outcomes: list[dict]) -> str:
    errors = [o for o in outcomes if o["label"] == "error"]
    correct = [o for o in outcomes if o["label"] == "correct"]
    lines = ["| category | pairs | flagged (recall) | span located | codes that fired |", "| --- | --- | --- | --- | --- |"]
    for category in sorted({o["category"] for o in errors}):
        group = [o for o in errors if o["category"] == category]
        flagged = sum(o["flagged"] for o in group)
        located = sum(o["located"] for o in group)
        codes = Counter(c for o in group for c in o["codes"])
        lines.append(f"| {category} | {len(group)} | {flagged} ({flagged / len(group):.2f}) | {located} | "
                     + ", ".join(f"{c} {n}" for c, n in codes.most_common()) + " |")
    flagged = sum(o["flagged"] for o in errors)
    lines.append(f"| **all errors** | {len(errors)} | {flagged} ({flagged / len(errors):.2f}) | "
                 f"{sum(o['located'] for o in errors)} | |")
    false_alarms = [o for o in correct if o["flagged"]]
    codes = Counter(c for o in false_alarms for c in o["codes"])
    lines.append(f"| **correct pairs flagged (false alarms)** | {len(correct)} | {len(false_alarms)} "
                 f"({len(false_alarms) / len(correct):.2f}) | | " + ", ".join(f"{c} {n}" for c, n in codes.most_common()) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=str(ROOT / "corpora/challenge/challenge.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "metrics/results/challenge.md"))
    parser.add_argument("--qe", default="qe", help="QE model, as mtqa check --qe: qe (the cross-encoder) or qe-fast")
    parser.add_argument("--no-qe", action="store_true", help="without a QE model (no MTQA701/702), as mtqa check --no-qe")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in Path(args.set).read_text(encoding="utf-8").splitlines() if line.strip()]
    outcomes = evaluate(pairs, CheckConfig(), default_cache_dir(), quality_estimation=None if args.no_qe else args.qe)
    rules = ", ".join(all_rules())
    command = ".venv/bin/python metrics/challenge_benchmark.py" + (
        " --no-qe" if args.no_qe else f" --qe {args.qe}" if args.qe != "qe" else "")
    report = (f"# Challenge set\n\nProduced by `{command}` on "
              f"{datetime.date.today()} with mtqa {__version__}; rules: {rules}.\n\n"
              f"{len(pairs)} pairs from `{Path(args.set).relative_to(ROOT)}`; a pair is flagged when its status is "
              "review or critical; 'span located' counts error pairs where a finding overlaps the error span.\n\n"
              f"{table(outcomes)}\n")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    missed = [o["id"] for o in outcomes if o["label"] == "error" and not o["flagged"]]
    alarms = [f"{o['id']} ({','.join(o['codes'])})" for o in outcomes if o["label"] == "correct" and o["flagged"]]
    print("missed:", " ".join(missed), "\nfalse alarms:", " ".join(alarms), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
