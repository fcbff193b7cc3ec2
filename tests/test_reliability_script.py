"""The pure helpers of ``metrics/reliability.py``: input generation, counting, report ids, verdicts."""

from __future__ import annotations

import json

from scripts import load_metrics_script

from mtqa.io.bilingual import read_bilingual, unit_label

reliability = load_metrics_script("reliability")
PAIRS = [(f"Sentence {i}.", f"Satz {i}.") for i in range(5)]


def test_combined_pairs_are_all_different_and_widen_once_the_combinations_are_used_up():
    units = [reliability.combined_pair(PAIRS, k, 2) for k in range(5 * 4 + 3)]
    assert len(set(units)) == len(units)
    assert units[0] == ("Sentence 0. Sentence 1.", "Satz 0. Satz 1.")
    assert units[20][0].count("Sentence") == 3  # the 21st: every (start, step) of two has been used


def test_a_generated_xliff_file_has_the_size_asked_for_and_reads_back_unit_for_unit(tmp_path):
    units = reliability.xliff_units_for_size(PAIRS, 3000, width=2)
    path = tmp_path / "file.xlf"
    reliability.write_xliff(path, units)
    assert path.stat().st_size >= 3000
    assert [(u.id, u.source, u.target) for u in read_bilingual(path).units] == units


def test_po_entries_are_distinct_by_context_and_read_back_with_the_ids_the_report_shows(tmp_path):
    entries = reliability.po_entries(PAIRS, 12)
    path = tmp_path / "de.po"
    reliability.write_po(path, entries)
    units = read_bilingual(path).units
    assert [unit_label(u.id) for u in units] == [f"{c}|{m}" for c, m, _ in entries]
    assert len({unit_label(u.id) for u in units}) == 12


def test_a_long_unit_has_the_bytes_asked_for_in_paragraphs():
    source, target = reliability.long_unit(PAIRS, 500)
    assert len(target.encode()) >= 500 and "\n\n" in target and source.count("Sentence") == target.count("Satz")


def test_report_rows_are_traced_to_their_unit():
    assert reliability.report_unit_id("de:u12") == "u12"
    assert reliability.report_unit_id("de:big#3") == "big"
    assert reliability.report_unit_id("de:c1|Wait: #5 of 9.") == "c1|Wait: #5 of 9."


def test_units_in_a_report_are_counted_once_however_many_parts(tmp_path):
    rows = [{"id": "de:a", "kind": "target"}, {"id": "de:b#1", "kind": "target"}, {"id": "de:b#2", "kind": "target"},
            {"id": "en:c", "kind": "unaligned-version"}]
    (tmp_path / "sentences.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert reliability.units_in_report(tmp_path, ["a", "b", "c"]) == 2
    assert reliability.units_in_report(tmp_path / "missing", ["a"]) is None


def test_test_cases_are_tallied_by_status_and_failures_by_origin():
    tally = reliability.TargetTally("t")
    records = [{"status": "passed", "seconds": 0.1, "origin": ""}, {"status": "gave_up", "seconds": 0.0, "origin": ""},
               {"status": "failed", "seconds": 2.0, "origin": "AssertionError at a.py:1"},
               {"status": "failed", "seconds": 0.5, "origin": "AssertionError at a.py:1"}]
    reliability.tally_records(tally, [json.dumps(r) for r in records] + [""])
    assert (tally.inputs, tally.gave_up, tally.failing_inputs, tally.failures, tally.slowest_input_s) == (
        3, 1, 2, ["AssertionError at a.py:1"], 2.0)


def test_the_memory_aim_is_met_only_if_every_peak_is_within_it():
    machine = {"date": "2026-01-01", "cores": 2, "memory_gb": 8.0, "system": "Linux", "python": "3.11",
               "load_average": [1.0, 1.0, 1.0]}
    run = {"name": "x", "description": "d", "options": "o", "command": "mtqa check x", "exit_status": "exit 0",
           "peak_mb": 900, "wall_s": 60, "units": 3, "units_in_report": 3, "last_progress": "",
           "invocation": "reliability.py large", "time_limit_min": 30}
    assert "**met**" in reliability.render(None, {"machine": machine, "runs": [run]})
    over = {**run, "name": "y", "peak_mb": 1600}
    assert "**not met**" in reliability.render(None, {"machine": machine, "runs": [run, over]})
