"""The challenge set's frozen split and the benchmark that scores it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from scripts import load_metrics_script

from mtqa.config import CheckConfig

SET = Path(__file__).resolve().parent.parent / "corpora" / "challenge" / "challenge.jsonl"


def pairs() -> list[dict]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_pair_is_well_formed_and_in_one_split():
    rows = pairs()
    assert len({r["id"] for r in rows}) == len(rows) >= 400
    for r in rows:
        assert r["split"] in ("dev", "test") and r["label"] in ("error", "correct")
        if r["error_span"] is not None:
            assert r["tgt"].count(r["error_span"]) == 1, r["id"]
        assert (r["category"] is None) == (r["label"] == "correct"), r["id"]
    assert {r["src_lang"] for r in rows} >= {"en", "zh", "fr", "ja"}
    assert all(r["split"] == "dev" for r in rows if r["id"].startswith("v1-"))  # seen while writing the rules


def test_the_test_split_covers_every_language_category_and_most_traps():
    test = [r for r in pairs() if r["split"] == "test"]
    assert {r["src_lang"] for r in test} == {"en", "zh", "fr", "ja"}
    assert {"entity", "number", "negation", "untranslated", "omission"} <= {r["category"] for r in test}
    assert len({r["trap"] for r in test if r["trap"]}) >= 10
    counts = Counter(r["label"] for r in test)
    assert abs(counts["error"] - counts["correct"]) <= 0.1 * len(test)


def test_the_benchmark_tables_count_what_the_checks_flag():
    bench = load_metrics_script("challenge_benchmark")
    chosen = [r for r in pairs() if r["id"] in {"en-001", "en-002", "en-003", "en-004", "en-005", "en-006"}]
    outcomes = bench.evaluate(chosen, CheckConfig(), cache_dir=None, quality_estimation=None)
    assert [o["id"] for o in outcomes] == [r["id"] for r in chosen]
    errors = [o for o in outcomes if o["label"] == "error"]
    table = bench.error_table(outcomes, with_codes=True)
    assert f"| **all errors** | {len(errors)} | {sum(o['flagged'] for o in errors)} (" in table
    alarms = bench.false_alarm_table(outcomes, with_codes=False)
    correct = [o for o in outcomes if o["label"] == "correct"]
    assert f"| **all correct pairs** | {len(correct)} | {sum(o['flagged'] for o in correct)}" in alarms


def test_the_shipped_split_is_the_one_the_build_script_draws():
    import importlib.util

    spec = importlib.util.spec_from_file_location("challenge_build", SET.parent / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rows = pairs()
    shipped = {r["id"]: r["split"] for r in rows}
    build.assign_splits(rows)
    assert {r["id"]: r["split"] for r in rows} == shipped
