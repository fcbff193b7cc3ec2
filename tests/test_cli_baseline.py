"""Baseline, reviewer import and gate, end to end through the command line."""

from __future__ import annotations

import json

import pytest

openpyxl = pytest.importorskip("openpyxl")


def _write(tmp_path, first_target_line):
    (tmp_path / "de.txt").write_text(f"{first_target_line}\nDer Umsatz stieg um 5 %.\nDas Wetter war gut.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The Boston Globe reported a record on Monday.\nSales rose by 7%.\nThe weather was good.\n",
                                     encoding="utf-8")


def _codes(folder):
    rows = [json.loads(line) for line in (folder / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    return [sorted(f["code"] for f in r["findings"]) for r in rows]


# the rule checks only: what the QE model adds (a learned judgement) is tested in test_check_quality.py
CHECK = ("check", "de.txt", "-v", "en.txt", "--aligned", "--no-second-opinion", "--no-qe", "-q")


def test_baseline_suppresses_known_findings_and_survives_edits_elsewhere(mtqa, tmp_path):
    _write(tmp_path, "Die Chicago Tribune meldete am Montag einen Rekord.")
    assert mtqa(*CHECK, "-o", "r1", "--fail-on", "major", cwd=tmp_path).returncode == 1
    recorded = mtqa("baseline", "r1", "-o", "bl.json", cwd=tmp_path)
    assert recorded.returncode == 0 and "2 suppressed findings" in recorded.stdout
    run = mtqa(*CHECK, "-o", "r2", "--fail-on", "major", "--baseline", "bl.json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert _codes(tmp_path / "r2") == [[], [], []]
    # An edit elsewhere keeps the suppressions; a new error is reported.
    (tmp_path / "de.txt").write_text("Die Chicago Tribune meldete am Montag einen Rekord.\nDer Umsatz stieg um 5 %.\n"
                                     "Das Wetter war gut , sagte er.\n", encoding="utf-8")
    run = mtqa(*CHECK, "-o", "r3", "--baseline", "bl.json", cwd=tmp_path)
    assert _codes(tmp_path / "r3")[:2] == [[], []] and _codes(tmp_path / "r3")[2] == ["MTQA502"]


def test_reviewer_decisions_from_the_workbook_feed_the_baseline(mtqa, tmp_path):
    _write(tmp_path, "Die Chicago Tribune meldete am Montag einen Rekord.")
    assert mtqa(*CHECK, "-o", "r1", "--format", "jsonl,xlsx", cwd=tmp_path).returncode == 0
    book = openpyxl.load_workbook(tmp_path / "r1" / "sentences.xlsx")
    sheet = book["findings"]
    header = [cell.value for cell in sheet[1]]
    code_col, decision_col = header.index("code") + 1, header.index("decision") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, code_col).value == "MTQA301":
            sheet.cell(row, decision_col).value = "not an error"
    book.save(tmp_path / "reviewed.xlsx")
    applied = mtqa("baseline", "--decisions", "reviewed.xlsx", "-o", "bl.json", cwd=tmp_path)
    assert applied.returncode == 0, applied.describe()
    mtqa(*CHECK, "-o", "r2", "--baseline", "bl.json", cwd=tmp_path)
    assert _codes(tmp_path / "r2") == [["MTQA101"], [], []]


def test_baseline_errors_are_one_line(mtqa, tmp_path):
    _write(tmp_path, "Die Chicago Tribune meldete am Montag einen Rekord.")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    run = mtqa(*CHECK, "-o", "r", "--baseline", "bad.json", cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.startswith("mtqa: error:") and "bad.json" in run.stderr
    assert mtqa("baseline", cwd=tmp_path).returncode == 2
    assert mtqa("baseline", "nowhere", cwd=tmp_path).returncode == 2
