"""Hostile text in the reports and on the terminal (issue 14, items 8, 16, 17, 18, 19).

Characters XLSX and XML 1.0 cannot hold, cells a spreadsheet would run as formulas, file names
with line breaks or terminal escapes, and library warnings under ``--quiet``.
"""

from __future__ import annotations

import csv
import io
import logging
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa import cli
from mtqa.baseline import Baseline, filter_rows
from mtqa.errors import InputError
from mtqa.gate import evaluate_gate, junit_xml
from mtqa.report.table import csv_text, flat_table
from mtqa.report.xlsx import read_decisions, workbook_bytes
from mtqa.safetext import csv_cell, printable, xml_safe

HOSTILE = "Bell\x07 and \ufffe, \uffff end."


def finding(text: str, span: str) -> dict:
    start = text.index(span)
    return {"code": "MTQA101", "codes": ["MTQA101"], "severity": "critical", "category": "accuracy",
            "reason": f"The English says \x1b[31m{span}\x07", "message": "m", "start": start,
            "end": start + len(span), "span": span, "confidence": 0.9, "evidence": {"en": "x\ufffe"}}


def row(index: int, text: str, findings: list | None = None) -> dict:
    return {"id": f"de:{index}", "kind": "target", "lang": "de", "index": index, "paragraph": 0, "text": text,
            "start": 0, "end": len(text), "boilerplate": None, "status": "critical" if findings else "ok",
            "risk": 0.9 if findings else 0.0, "quality": None, "findings": findings or [],
            "versions": {"en": {"text": "=HYPERLINK(\"http://x\")", "sentences": [index], "alignment": "1-1",
                                "confidence": 0.9, "similarity": -0.25, "similarity_second": None}}}


# --- item 8: XLSX ------------------------------------------------------------------------------


def test_xlsx_holds_noncharacters_as_escapes_and_reads_them_back(tmp_path):
    rows = [row(0, HOSTILE, [finding(HOSTILE, "\ufffe")])]
    data = workbook_bytes(rows, ["en"])  # raised ValueError before
    path = tmp_path / "review.xlsx"
    path.write_bytes(data)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    assert wb["sentences"].cell(row=2, column=6).value == "Bell  and \\ufffe, \\uffff end."
    wb["findings"].cell(row=2, column=10).value = "not an error"
    wb.save(path)
    decisions = read_decisions(path)
    assert [(d.span_text, d.sentence_text) for d in decisions] == [("\ufffe", HOSTILE.replace("\x07", " "))]
    reviewed = Baseline()
    reviewed.add_decisions(decisions)
    assert filter_rows(rows, reviewed, 0.2)[0]["findings"] == []  # the decision matches the report's finding


# --- item 16: CSV injection ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell_prefixes_formula_starts(text):
    assert csv_cell(text) == "'" + text


def test_csv_cell_leaves_other_values():
    assert [csv_cell(v) for v in ("a=b", "", None, -0.25, 3)] == ["a=b", "", None, -0.25, 3]


def test_sentences_csv_has_no_formula_cells_and_numbers_unchanged():
    rows = [row(0, "=HYPERLINK(\"http://evil\",\"x\")"), row(1, "Ein Satz.")]
    table = list(csv.DictReader(io.StringIO(csv_text(rows, ["en"]))))
    assert table[0]["text"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert table[0]["en_text"].startswith("'=")
    assert table[1]["text"] == "Ein Satz."
    assert table[0]["en_similarity"] == "-0.25"  # numbers are no text cells


def test_sentences_csv_without_formula_cells_is_as_before():
    rows = [row(0, "Ein Satz."), row(1, "Noch einer.")]
    for r in rows:
        r["versions"]["en"]["text"] = "A sentence."
    assert csv_text(rows, ["en"]) == flat_table(rows, ["en"]).to_csv(index=False, lineterminator="\n")


# --- item 17: XML 1.0 ------------------------------------------------------------------------------


def test_junit_with_control_characters_is_well_formed():
    rows = [row(0, HOSTILE, [finding(HOSTILE, "Bell")]), row(1, "ok\x00")]
    gate = evaluate_gate(rows, "critical")
    suite = ET.fromstring(junit_xml(rows, gate, "de\x1b.txt"))  # raised ParseError before
    cases = suite.findall("testcase")
    assert cases[0].get("name").startswith("de:0 Bell\\x07 and \\ufffe")
    assert "\\x1b" in cases[0].find("failure").text


def test_xml_safe_keeps_what_xml_can_hold():
    text = "tab\t nl\n cr\r é 中 \U0001F600 \ue000"
    assert xml_safe(text) == text
    assert xml_safe("\x07\x0b\ufffe\ud800") == "\\x07\\x0b\\ufffe\\ud800"


def test_xliff_comment_is_xml_safe():
    from mtqa.io.xliff_writer import its_comment

    assert its_comment(finding(HOSTILE, "Bell")) == "The English says \\x1b[31mBell\\x07 [MTQA101]"


# --- item 18: names on the terminal ------------------------------------------------------------------


def test_error_with_newline_and_ansi_in_the_name_is_one_safe_line():
    error = InputError("not found", "evil\nmtqa: error: fake\x1b[2J.txt")
    assert str(error) == "evil\\nmtqa: error: fake\\x1b[2J.txt: not found"


def test_printable_escapes_bidi_and_separators():
    assert printable("a\u202eb\u2028c\x85d") == "a\\u202eb\\u2028c\\x85d"
    assert printable("Zürich 中文 tab") == "Zürich 中文 tab"


def test_cli_error_line_for_a_hostile_file_name(tmp_path):
    name = tmp_path / "de\n\x1b[31mred.txt"
    result = CliRunner().invoke(cli.app, ["check", str(name), "-v", str(tmp_path / "en.txt")])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1, lines
    assert "\x1b" not in result.output and "\\x1b[31mred.txt" in lines[0] and "\\n" in lines[0]


def test_cli_warning_lines_are_escaped(tmp_path, monkeypatch):
    def fake_run_check(*args, warn, **kwargs):
        warn("bad\nname\x1b[0m.txt: ignored")
        raise InputError("stop")

    monkeypatch.setattr("mtqa.pipeline.run_check", fake_run_check)
    result = CliRunner().invoke(cli.app, ["check", str(tmp_path), "--no-cache"])
    assert result.output.splitlines() == ["mtqa: warning: bad\\nname\\x1b[0m.txt: ignored", "mtqa: error: stop"]


# --- item 19: --quiet ------------------------------------------------------------------------------


def _noisy_run_check(request, *, warn):
    logging.getLogger("wordfreq").warning("Using the nearest match, which is 'de'.")
    warnings.warn("a library's warning", UserWarning)
    warn("mtqa's own warning")
    return request.path, "summary", evaluate_gate([], None)


@pytest.mark.parametrize("quiet", [True, False])
def test_quiet_silences_library_warnings(tmp_path, monkeypatch, caplog, quiet):
    monkeypatch.setattr("mtqa.pipeline.run_check", _noisy_run_check)
    args = ["check", str(tmp_path), "--no-cache"] + (["-q"] if quiet else [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    logged = [r.getMessage() for r in caplog.records]
    if quiet:
        assert (result.output, logged, caught) == ("", [], [])
        assert logging.getLogger("wordfreq").isEnabledFor(logging.WARNING)  # restored afterwards
    else:
        assert logged == ["Using the nearest match, which is 'de'."] and len(caught) == 1
        assert "mtqa's own warning" in result.output
