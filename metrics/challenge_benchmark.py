#!/usr/bin/env python3
"""Measure mtqa's checks on the challenge set: recall per error category, false alarms on correct pairs.

The set (``corpora/challenge/challenge.jsonl``, built by ``corpora/challenge/build.py``) holds (source,
German) pairs in en, zh, fr and ja, and some with French, English or Spanish targets; about half have
exactly one deliberate error, half are correct, many of those with a *trap* (a translated title, an exonym, a romanised name, a decade, tokenised text ...). It
is split once into ``dev`` (tune here) and ``test`` (score rarely; the report gives aggregates only).
Each (source language, target language, group) is checked as one line-paired document, as
``mtqa check --aligned`` does.

A pair counts as **flagged** when its status is ``review`` or ``critical`` (what an editor is shown);
an error pair is **located** when a finding's span overlaps the error span (omissions have none).
A **critical false alarm** is a correct pair whose status is ``critical``, which fails a release gate.

    .venv/bin/python metrics/challenge_benchmark.py                 # dev: writes metrics/results/challenge-dev.md
    .venv/bin/python metrics/challenge_benchmark.py --split test    # test: aggregates only
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
from mtqa.config import CheckConfig, load_config
from mtqa.reading import document_from_text
from mtqa.report.table import status_and_risk

ROOT = Path(__file__).resolve().parent.parent


def evaluate(pairs: list[dict], config: CheckConfig, cache_dir: str | None,
             quality_estimation: str | None = "qe") -> list[dict]:
    """Run the checks on every pair; one outcome dict per pair."""
    outcomes = []
    documents: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for pair in pairs:
        documents[pair["src_lang"], pair.get("tgt_lang", "de"), pair.get("group", "main")].append(pair)
    for (lang, target_lang, _), group in sorted(documents.items()):
        target = document_from_text("\n".join(p["tgt"] for p in group), target_lang, presegmented=True)
        source = document_from_text("\n".join(p["src"] for p in group), lang, presegmented=True)
        result = check(target, [source], second_encoder=None, cache_dir=cache_dir, presegmented_pairs=True)
        view = document_view(result)
        view.cache_dir = cache_dir
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
                             "trap": pair.get("trap"), "expected": pair.get("severity"), "status": status,
                             "flagged": status != "ok", "located": located,
                             "codes": sorted({f.code for f in found}),
                             "findings": [(f.code, f.severity, f.confidence, f.message, pair["tgt"][f.start:f.end])
                                          for f in found]})
    return outcomes


def _share(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.2f})" if whole else "0"


def error_table(outcomes: list[dict], with_codes: bool) -> str:
    errors = [o for o in outcomes if o["label"] == "error"]
    lines = ["| category | pairs | flagged (recall) | critical | span located |" + (" codes that fired |" if with_codes else ""),
             "| --- | --- | --- | --- | --- |" + (" --- |" if with_codes else "")]
    for category in sorted({o["category"] for o in errors}):
        group = [o for o in errors if o["category"] == category]
        row = (f"| {category} | {len(group)} | {_share(sum(o['flagged'] for o in group), len(group))} | "
               f"{sum(o['status'] == 'critical' for o in group)} | {sum(o['located'] for o in group)} |")
        if with_codes:
            codes = Counter(c for o in group for c in o["codes"])
            row += " " + ", ".join(f"{c} {n}" for c, n in codes.most_common()) + " |"
        lines.append(row)
    expected_critical = [o for o in errors if o["expected"] == "critical"]
    lines.append(f"| **all errors** | {len(errors)} | {_share(sum(o['flagged'] for o in errors), len(errors))} | "
                 f"{sum(o['status'] == 'critical' for o in errors)} | {sum(o['located'] for o in errors)} |"
                 + (" |" if with_codes else ""))
    lines.append(f"| errors a reviewer rates critical | {len(expected_critical)} | "
                 f"{_share(sum(o['flagged'] for o in expected_critical), len(expected_critical))} | "
                 f"{sum(o['status'] == 'critical' for o in expected_critical)} | |" + (" |" if with_codes else ""))
    return "\n".join(lines)


def false_alarm_table(outcomes: list[dict], with_codes: bool) -> str:
    correct = [o for o in outcomes if o["label"] == "correct"]
    lines = ["| correct pairs (trap) | pairs | flagged (false alarms) | critical |" + (" codes that fired |" if with_codes else ""),
             "| --- | --- | --- | --- |" + (" --- |" if with_codes else "")]
    for trap in sorted({o["trap"] or "plain" for o in correct}):
        group = [o for o in correct if (o["trap"] or "plain") == trap]
        alarms = [o for o in group if o["flagged"]]
        row = f"| {trap} | {len(group)} | {_share(len(alarms), len(group))} | {sum(o['status'] == 'critical' for o in group)} |"
        if with_codes:
            row += " " + ", ".join(f"{c} {n}" for c, n in Counter(c for o in alarms for c in o["codes"]).most_common()) + " |"
        lines.append(row)
    alarms = [o for o in correct if o["flagged"]]
    lines.append(f"| **all correct pairs** | {len(correct)} | {_share(len(alarms), len(correct))} | "
                 f"{sum(o['status'] == 'critical' for o in correct)} |" + (" |" if with_codes else ""))
    return "\n".join(lines)


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=str(ROOT / "corpora/challenge/challenge.jsonl"))
    parser.add_argument("--split", default="dev", choices=["dev", "test"],
                        help="dev (tune here; lists missed items) or test (aggregates only; score it rarely)")
    parser.add_argument("--out", help="default: metrics/results/challenge-SPLIT.md")
    parser.add_argument("--outcomes", help="also write each pair's outcome and findings here (JSON lines), for analysis")
    parser.add_argument("--qe", default="qe", help="QE model, as mtqa check --qe: qe (the cross-encoder) or qe-fast")
    parser.add_argument("--no-qe", action="store_true", help="without a QE model (no MTQA701/702), as mtqa check --no-qe")
    parser.add_argument("--config", help="settings file (mtqa.toml) to check with, e.g. other QE cuts")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in Path(args.set).read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [p for p in pairs if p.get("split", "dev") == args.split]
    config = load_config(args.config) if args.config else CheckConfig()
    outcomes = evaluate(pairs, config, default_cache_dir(), quality_estimation=None if args.no_qe else args.qe)
    dev = args.split == "dev"
    rules = ", ".join(all_rules())
    command = ".venv/bin/python metrics/challenge_benchmark.py" + ("" if dev else " --split test") + (
        " --no-qe" if args.no_qe else f" --qe {args.qe}" if args.qe != "qe" else "") + (
        f" --config {args.config}" if args.config else "")
    langs = ", ".join(f"{source}→{target} {n}" for (source, target), n in
                      sorted(Counter((p["src_lang"], p.get("tgt_lang", "de")) for p in pairs).items()))
    report = (f"# Challenge set, {args.split} split\n\nProduced by `{command}` on "
              f"{datetime.date.today()} with mtqa {__version__}; rules: {rules}.\n\n"
              f"{len(pairs)} pairs of the {args.split} split of `{_shown(Path(args.set))}` (directions: {langs}); "
              "a pair is flagged when its status is review or critical; 'critical' counts pairs whose status is "
              "critical (what `--fail-on critical` stops); 'span located' counts error pairs where a finding "
              "overlaps the error span.\n\n"
              f"## Errors\n\n{error_table(outcomes, dev)}\n\n## Correct pairs\n\n{false_alarm_table(outcomes, dev)}\n")
    out = Path(args.out or ROOT / f"metrics/results/challenge-{args.split}.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    if args.outcomes:
        Path(args.outcomes).write_text("".join(json.dumps(o) + "\n" for o in outcomes), encoding="utf-8")
    print(report)
    if dev:
        missed = [o["id"] for o in outcomes if o["label"] == "error" and not o["flagged"]]
        alarms = [f"{o['id']} ({','.join(o['codes'])})" for o in outcomes if o["label"] == "correct" and o["flagged"]]
        print("missed:", " ".join(missed), "\nfalse alarms:", " ".join(alarms), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
