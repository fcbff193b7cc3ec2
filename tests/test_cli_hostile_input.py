"""Hostile and unlucky input through the command line (issue 14): settings, glossaries, baselines, XML.

Every case must end with exit status 2 and one ``mtqa: error:`` line naming the file, never a
traceback; what mtqa accepts (a severity in another letter case) must work as documented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_bad_input import assert_input_error, assert_no_report

TARGET = "Die Chicago Tribune meldete am Montag einen Rekord.\nDas Wetter war gut.\n"
VERSION = "The Boston Globe reported a record on Monday.\nThe weather was good.\n"
CHECK = ("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", "--no-second-opinion", "--no-qe", "--no-cache")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "de.txt").write_text(TARGET, encoding="utf-8")
    (tmp_path / "en.txt").write_text(VERSION, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("settings, says", [
    ('[thresholds]\nreview_risk = "high"\n', 'thresholds.review_risk must be a number, got "high"'),
    ("thresholds = 5\n", "thresholds must be a table"),
    ("select = [1, 2]\n", "select[0] must be a string, got 1"),
    ("glossary = [1]\n", "glossary[0] must be a string, got 1"),
    ('select = ["MTQA1O1"]\n', "no rule code starts with \"MTQA1O1\""),
    ("[thresholds]\nreview_risk = nan\n", "must be a finite number"),
    ('[severity]\nMTQA101 = "fatal"\n', "severity.MTQA101 must be one of critical, major, minor"),
])
def test_bad_settings_file_is_one_line_naming_it(mtqa, corpus, settings, says):
    (corpus / "mtqa.toml").write_text(settings, encoding="utf-8")
    line = assert_input_error(mtqa(*CHECK, cwd=corpus), "mtqa.toml")
    assert says in line
    assert_no_report(corpus / "out")


@pytest.mark.parametrize("select", ["", ",", " , "])
def test_an_empty_select_is_an_error_not_every_check_off(mtqa, corpus, select):
    line = assert_input_error(mtqa(*CHECK, "--select", select, cwd=corpus))
    assert "--select is empty" in line


@pytest.mark.parametrize("option", ["--config", "--glossary", "--baseline"])
def test_a_device_or_folder_as_a_settings_file_is_refused(mtqa, corpus, option):
    (corpus / "folder.tbx").mkdir()
    # /dev/null rather than /dev/zero: were the check to regress, the test fails instead of reading without end
    line = assert_input_error(mtqa(*CHECK, option, "/dev/null", cwd=corpus), "/dev/null")
    assert "not a regular file" in line
    line = assert_input_error(mtqa(*CHECK, option, "folder.tbx", cwd=corpus), "folder.tbx")
    assert "folder, not a file" in line


def test_a_deeply_nested_baseline_is_one_line(mtqa, corpus):
    (corpus / "bl.json").write_text("[" * 100_000, encoding="utf-8")
    line = assert_input_error(mtqa(*CHECK, "--baseline", "bl.json", cwd=corpus), "bl.json")
    assert "not valid JSON" in line


def test_a_severity_in_another_letter_case_works_with_the_gate(mtqa, corpus):
    (corpus / "mtqa.toml").write_text('[severity]\nMTQA101 = "Minor"\n', encoding="utf-8")
    run = mtqa(*CHECK, "--fail-on", "critical", cwd=corpus)
    assert run.returncode == 0, run.describe()
    assert "Traceback" not in run.stderr
    rows = [json.loads(line) for line in (corpus / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    severities = {f["severity"] for row in rows for f in row.get("findings", []) if f["code"] == "MTQA101"}
    assert severities == {"minor"}


@pytest.mark.parametrize("suffix, document", [
    (".xlf", '<xliff version="1.2"><file source-language="en" target-language="de"><body><trans-unit id="1">'
             "<source>Hello</source><target>Hallo</target></trans-unit></body></file></xliff>"),
    (".tmx", '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hello</seg></tuv>'
             '<tuv xml:lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>'),
])
def test_an_unknown_xml_encoding_is_one_line(mtqa, tmp_path, suffix, document):
    path = tmp_path / f"file{suffix}"
    path.write_text('<?xml version="1.0" encoding="UTF-9"?>' + document, encoding="utf-8")
    line = assert_input_error(mtqa("check", path.name, "-o", "out", "--no-second-opinion", "--no-qe", "--no-cache",
                                   cwd=tmp_path), path.name)
    assert "unknown encoding 'UTF-9'" in line


@pytest.mark.parametrize("cache", ["--no-cache", "--cache-dir=cache"])
def test_a_lone_surrogate_is_replaced_and_warned_about_not_a_crash(mtqa, tmp_path, cache):
    path = tmp_path / "cp.xlf"
    path.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
                    '<file id="f"><unit id="1"><segment><source>The weather was good today.</source>'
                    '<target>Das Wetter war <cp hex="D800"/> heute gut.</target></segment></unit>'
                    '<unit id="2"><segment><source>Sales rose by seven percent.</source>'
                    "<target>Der Umsatz stieg um sieben Prozent.</target></segment></unit></file></xliff>",
                    encoding="utf-8")
    run = mtqa("check", "cp.xlf", "-o", "out", "--no-second-opinion", "--no-qe", cache, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert "lone surrogate" in run.stderr and "Traceback" not in run.stderr
    rows = [json.loads(line) for line in (tmp_path / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [row["text"] for row in rows if row["kind"] == "target"]
    assert texts == ["Das Wetter war \ufffd heute gut.", "Der Umsatz stieg um sieben Prozent."]


def test_a_report_whose_text_holds_a_line_separator_can_be_baselined(mtqa, tmp_path):
    row = {"kind": "target", "text": "Eins\u2028zwei", "findings": [{"code": "MTQA502", "span": "zwei"}]}
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "sentences.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    run = mtqa("baseline", "report", "-o", "bl.json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    entries = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["entries"]
    assert [entry["code"] for entry in entries] == ["MTQA502"]


def test_a_device_as_the_report_to_baseline_is_refused(mtqa, tmp_path):
    line = assert_input_error(mtqa("baseline", "/dev/null", "-o", "bl.json", cwd=tmp_path), "/dev/null")
    assert "not a regular file" in line
