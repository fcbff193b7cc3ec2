"""The release gate: thresholds, JUnit output, and exit status 1 through the command line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from mtqa.gate import evaluate_gate, junit_xml


def _row(idx, risk, *severities):
    findings = [{"code": f"MTQA{n}", "severity": s, "message": f"problem {n}"} for n, s in enumerate(severities, 100)]
    return {"id": f"de:{idx}", "kind": "target", "text": f"Satz {idx} <&>", "risk": risk, "findings": findings}


ROWS = [_row(0, 0.0), _row(1, 0.25, "minor"), _row(2, 0.6, "major"), _row(3, 0.93, "critical", "minor"),
        {"id": "en:4", "kind": "unaligned-version", "text": "x", "risk": 0.0, "findings": []}]


def test_fail_on_counts_that_severity_and_worse():
    assert list(evaluate_gate(ROWS, fail_on="critical").failures) == ["de:3"]
    assert list(evaluate_gate(ROWS, fail_on="major").failures) == ["de:2", "de:3"]
    assert list(evaluate_gate(ROWS, fail_on="minor").failures) == ["de:1", "de:2", "de:3"]
    assert evaluate_gate(ROWS).passed and evaluate_gate(ROWS).settings == "none"


def test_max_risk_is_a_strict_upper_bound():
    assert list(evaluate_gate(ROWS, max_risk=0.6).failures) == ["de:3"]
    assert evaluate_gate(ROWS, max_risk=0.95).passed


def test_junit_has_a_case_per_target_sentence_and_escapes_text():
    gate = evaluate_gate(ROWS, fail_on="major")
    suite = ET.fromstring(junit_xml(ROWS, gate, "de.txt"))
    assert suite.get("tests") == "4" and suite.get("failures") == "2"
    failed = [case.get("name") for case in suite if case.find("failure") is not None]
    assert failed == ["de:2 Satz 2 <&>", "de:3 Satz 3 <&>"]


def _corpus(tmp_path, target_line):
    (tmp_path / "de.txt").write_text(f"{target_line}\nDas Wetter war gut.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The Boston Globe reported a record on Monday.\nThe weather was good.\n", encoding="utf-8")


def test_gate_exit_status_through_the_cli(mtqa, tmp_path):
    _corpus(tmp_path, "Die Chicago Tribune meldete am Montag einen Rekord.")
    args = ("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", "--no-second-opinion")
    failed = mtqa(*args, "--fail-on", "critical", cwd=tmp_path)
    assert failed.returncode == 1, failed.describe()
    assert "gate failed" in failed.stderr and "de:0" in failed.stderr and "Traceback" not in failed.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["gate"]["passed"] is False and list(summary["gate"]["failures"]) == ["de:0"]
    assert ET.parse(tmp_path / "out" / "junit.xml").getroot().get("failures") == "1"
    assert mtqa(*args, cwd=tmp_path).returncode == 0  # no thresholds: report only
    assert mtqa(*args, "--max-risk", "1.0", cwd=tmp_path).returncode == 0
    assert mtqa(*args, "--fail-on", "fatal", cwd=tmp_path).returncode == 2
    assert mtqa(*args, "--max-risk", "1.5", cwd=tmp_path).returncode == 2


def test_gate_passes_on_a_clean_translation(mtqa, tmp_path):
    _corpus(tmp_path, "Der Boston Globe meldete am Montag einen Rekord.")
    run = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", "--no-second-opinion", "--fail-on", "major",
               cwd=tmp_path)
    assert run.returncode == 0, run.describe()
