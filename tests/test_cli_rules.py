"""The rule commands and the check options, through the command line."""

from __future__ import annotations

import json

from mtqa.checks import all_rules


def test_rules_lists_every_registered_rule_with_its_documentation(mtqa):
    run = mtqa("rules", "--json")
    assert run.returncode == 0, run.describe()
    listed = json.loads(run.stdout)
    assert [r["code"] for r in listed] == list(all_rules())
    for rule in all_rules().values():
        assert rule.summary and rule.why and rule.example, rule.code
    assert {"MTQA101", "MTQA201", "MTQA301", "MTQA402", "MTQA501", "MTQA601", "MTQA103"} <= {r["code"] for r in listed}
    assert {r["code"] for r in listed if r["default"] == "off"} == {"MTQA602"}
    assert "off by default" in mtqa("rule", "MTQA602").stdout.lower() and "off by default" not in mtqa("rule", "MTQA603").stdout.lower()


def test_rule_shows_one_and_rejects_unknown_codes(mtqa):
    run = mtqa("rule", "mtqa101")
    assert run.returncode == 0 and "entity-mismatch" in run.stdout and "Why it matters" in run.stdout
    bad = mtqa("rule", "MTQA999")
    assert bad.returncode == 2 and bad.stderr.startswith("mtqa: error:")


def _aligned_corpus(tmp_path):
    (tmp_path / "de.txt").write_text(
        "Die Chicago Tribune meldete am Montag einen Rekord.\n"
        "Der Umsatz stieg um 5 %.\n"
        "Das Wetter war gut.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(
        "The Boston Globe reported a record on Monday.\n"
        "Sales rose by 7%.\n"
        "The weather was good.\n", encoding="utf-8")


def _codes(out):
    rows = [json.loads(line) for line in (out / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    return [sorted(f["code"] for f in r["findings"]) for r in rows]


def test_aligned_mode_select_and_ignore(mtqa, tmp_path):
    _aligned_corpus(tmp_path)
    run = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", "--no-second-opinion", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    codes = _codes(tmp_path / "out")
    assert len(codes) == 3 and "MTQA101" in codes[0] and "MTQA301" in codes[1] and codes[2] == []
    mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "sel", "--no-second-opinion", "--select", "MTQA3", cwd=tmp_path)
    assert _codes(tmp_path / "sel") == [[], ["MTQA301"], []]
    mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "ign", "--no-second-opinion", "--ignore", "MTQA1,MTQA3", cwd=tmp_path)
    assert all(not c.startswith(("MTQA1", "MTQA3")) for row in _codes(tmp_path / "ign") for c in row)
    summary = (tmp_path / "ign" / "summary.md").read_text(encoding="utf-8")
    assert "ignore:MTQA1,MTQA3" in summary


def test_config_file_and_unknown_prefix(mtqa, tmp_path):
    _aligned_corpus(tmp_path)
    (tmp_path / "mtqa.toml").write_text('select = ["MTQA1"]\n[severity]\nMTQA101 = "minor"\n', encoding="utf-8")
    run = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", "--no-second-opinion", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    rows = [json.loads(line) for line in (tmp_path / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [f["severity"] for f in rows[0]["findings"]] == ["minor"] and rows[1]["findings"] == []
    bad = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "x", "--select", "ZZZ", cwd=tmp_path)
    assert bad.returncode == 2 and "ZZZ" in bad.stderr


def test_aligned_mode_needs_equal_line_counts(mtqa, tmp_path):
    _aligned_corpus(tmp_path)
    (tmp_path / "en.txt").write_text("Only one line.\n", encoding="utf-8")
    run = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", cwd=tmp_path)
    assert run.returncode == 2 and "en.txt" in run.stderr and "same number of lines" in run.stderr


def test_rule_states_what_its_severity_means(mtqa):
    run = mtqa("rule", "MTQA301")
    assert run.returncode == 0 and "Severity: critical (misleads a reader" in run.stdout


def test_a_release_gate_on_critical_stops_wrong_numbers_flipped_statements_and_the_wrong_language(mtqa, tmp_path):
    cases = {
        "number": ("Der Umsatz stieg im März um 7 Prozent auf 3 Millionen Euro.\n", "Sales rose by 5% to 3 million euros in March.\n"),
        "negation": ("Die Zentralbank wird die Zinsen in diesem Jahr erhöhen.\n", "The central bank will not raise interest rates this year.\n"),
        "language": ("The central bank will not raise interest rates again this year, its president said.\n",
                     "The central bank will not raise interest rates again this year, its president said.\n"),
    }
    for name, (german, english) in cases.items():
        (tmp_path / f"{name}.de.txt").write_text(german, encoding="utf-8")
        (tmp_path / f"{name}.en.txt").write_text(english, encoding="utf-8")
        run = mtqa("check", f"{name}.de.txt", "-v", f"{name}.en.txt", "--aligned", "--no-qe", "-o", f"out-{name}",
                   "--no-second-opinion", "--fail-on", "critical", cwd=tmp_path)
        assert run.returncode == 1, (name, run.describe())
    (tmp_path / "fine.de.txt").write_text("Der Umsatz stieg im März um 5 Prozent auf 3 Millionen Euro.\n", encoding="utf-8")
    run = mtqa("check", "fine.de.txt", "-v", "number.en.txt", "--aligned", "--no-qe", "-o", "out-fine",
               "--no-second-opinion", "--fail-on", "critical", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
