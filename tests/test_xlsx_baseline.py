"""Review workbook (XLSX) and baselines: write/read, reviewer decisions, suppression, determinism."""

from __future__ import annotations

import copy
import json
import zipfile

import pytest

from mtqa.baseline import (Baseline, BaselineEntry, Decision, baseline_from_rows, filter_rows, load_baseline,
                           read_decisions_json, save_baseline, unused_entries)
from mtqa.errors import InputError

openpyxl = pytest.importorskip("openpyxl")

from mtqa.report.xlsx import FINDINGS_HEADER, read_decisions, write_xlsx  # noqa: E402

S0 = "Der Umsatz stieg um 5 % ."
S1 = "Die Firma  wurde 1998 gegründet."
S2 = "Alles ist gut."


def finding(code, severity, text, span, message="msg", confidence=1.0, evidence=None, category="accuracy"):
    start = text.index(span)
    return {"code": code, "severity": severity, "category": category, "message": message,
            "start": start, "end": start + len(span), "span": span, "confidence": confidence,
            "evidence": evidence or {}}


def target(index, text, findings, status, risk, versions=None, quality=None):
    return {"id": f"de:{index}", "kind": "target", "lang": "de", "index": index, "paragraph": 0, "text": text,
            "start": 0, "end": len(text), "boilerplate": None, "status": status, "risk": risk, "quality": quality,
            "findings": findings, "versions": versions or {}}


def make_rows():
    return [
        target(0, S0, [finding("MTQA502", "minor", S0, " .", "space before '.'"),
                       finding("MTQA201", "critical", S0, "5", "number differs", 0.9, {"en": "7", "fr": "7"})],
               "critical", 0.9, quality=0.12),
        target(1, S1, [finding("MTQA101", "major", S1, "1998", "year differs", 0.8, {"en": "1989"})],
               "review", 0.48, versions={"en": {"text": "The firm was founded in 1989.", "sentences": [1],
                                                "alignment": "1-1", "confidence": 0.9, "similarity": 0.8,
                                                "similarity_second": 0.9}}),
        {"id": "en:2", "kind": "unaligned-version", "lang": "en", "index": 2, "paragraph": 0,
         "text": "An extra English sentence.", "boilerplate": None, "status": "ok", "risk": 0.0,
         "findings": [], "versions": {}, "confidence": 0.3},
        target(2, S2, [], "ok", 0.0),
    ]


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_written_and_read_back(tmp_path):
    path = tmp_path / "review.xlsx"
    rows = make_rows()
    write_xlsx(path, rows, ["en", "fr"])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["sentences", "findings"]
    ws = wb["sentences"]
    header = [c.value for c in ws[1]]
    assert header == ["id", "kind", "status", "risk", "quality", "text", "en", "fr", "findings"]
    assert ws.max_row == 1 + len(rows)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert [ws.cell(row=r, column=1).value for r in range(2, 6)] == ["de:0", "de:1", "en:2", "de:2"]
    assert ws.cell(row=3, column=7).value == "The firm was founded in 1989."
    assert ws.cell(row=4, column=7).value == "An extra English sentence."  # unaligned: in its language's column
    assert "MTQA201 critical" in ws.cell(row=2, column=9).value
    assert [ws.cell(row=r, column=5).value for r in (2, 3)] == [0.12, None]  # the QE quality, where there is one
    assert ws.cell(row=2, column=1).fill.fgColor.rgb.endswith("FFC7CE")

    wf = wb["findings"]
    assert tuple(c.value for c in wf[1]) == FINDINGS_HEADER
    assert wf.max_row == 1 + 3
    first = {name: wf.cell(row=2, column=i).value for i, name in enumerate(FINDINGS_HEADER, 1)}
    assert first["sentence id"] == "de:0" and first["code"] == "MTQA502"
    assert first["span"] == " ." and first["target sentence"] == S0
    assert first["decision"] is None and first["comment"] is None
    assert wf.freeze_panes == "A2" and wf.auto_filter.ref
    validations = wf.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list"
    assert validations[0].formula1 == '"not an error,error,fixed"'
    assert "J2" in validations[0].sqref
    assert read_decisions(path) == []  # nothing decided yet


def test_xlsx_deterministic_and_atomic(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(a, make_rows(), ["en"])
    write_xlsx(b, make_rows(), ["en"])
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temporary left over


def test_xlsx_text_is_never_a_formula(tmp_path):
    text = "=SUM(A1) \x07 odd"
    rows = [target(0, text, [finding("X1", "minor", text, "=SUM")], "review", 0.25)]
    path = tmp_path / "f.xlsx"
    write_xlsx(path, rows, [])
    wf = openpyxl.load_workbook(path)["findings"]
    assert wf.cell(row=2, column=6).data_type == "s" and wf.cell(row=2, column=6).value == "=SUM"
    wf.parent["findings"].cell(row=2, column=10, value="not an error")
    wf.parent.save(path)
    (decision,) = read_decisions(path)
    baseline = Baseline()
    baseline.add_decisions([decision])
    assert filter_rows(rows, baseline)[0]["suppressed"] == 1  # the control character does not break matching


def review(path, marks):
    """Fill decision/comment cells as a reviewer would: marks maps findings-row number -> (decision, comment)."""
    wb = openpyxl.load_workbook(path)
    wf = wb["findings"]
    for row, (decision, comment) in marks.items():
        wf.cell(row=row, column=FINDINGS_HEADER.index("decision") + 1, value=decision)
        wf.cell(row=row, column=FINDINGS_HEADER.index("comment") + 1, value=comment)
    wb.save(path)


def test_reviewer_decisions_imported(tmp_path):
    path = tmp_path / "review.xlsx"
    rows = make_rows()
    write_xlsx(path, rows, ["en", "fr"])
    review(path, {2: ("not an error", "house style"), 4: ("error", None)})
    decisions = read_decisions(path)
    assert decisions == [Decision("MTQA502", S0, " .", "not an error", "house style"),
                         Decision("MTQA101", S1, "1998", "error", "")]
    baseline = Baseline()
    stats = baseline.add_decisions(decisions)
    assert (stats.added, stats.removed) == (1, 0)
    filtered = filter_rows(rows, baseline)
    assert [f["code"] for f in filtered[0]["findings"]] == ["MTQA201"]
    assert filtered[0]["suppressed"] == 1
    assert filtered[1]["suppressed"] == 0 and filtered[1]["findings"] == rows[1]["findings"]


def test_bad_decision_value_rejected(tmp_path):
    path = tmp_path / "review.xlsx"
    write_xlsx(path, make_rows(), [])
    review(path, {3: ("maybe", "")})
    with pytest.raises(InputError) as info:
        read_decisions(path)
    assert info.value.path == str(path) and "row 3" in info.value.message


def test_non_mtqa_workbook_rejected(tmp_path):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "findings"
    wb.active.append(["name", "value"])
    wb.save(other)
    with pytest.raises(InputError) as info:
        read_decisions(other)
    assert info.value.path == str(other) and "not an mtqa review workbook" in info.value.message

    no_sheet = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(no_sheet)
    with pytest.raises(InputError, match="no 'findings' sheet"):
        read_decisions(no_sheet)

    garbage = tmp_path / "garbage.xlsx"
    garbage.write_text("not a zip")
    with pytest.raises(InputError) as info:
        read_decisions(garbage)
    assert info.value.path == str(garbage)

    with pytest.raises(InputError, match="not found"):
        read_decisions(tmp_path / "missing.xlsx")


# --- baseline --------------------------------------------------------------------------------


def test_baseline_round_trip_and_deterministic(tmp_path):
    rows = make_rows()
    baseline = baseline_from_rows(rows)
    assert len(baseline) == 3
    assert {e.decision for e in baseline.entries} == {"baseline"}
    path = tmp_path / "baseline.json"
    save_baseline(path, baseline)
    assert load_baseline(path) == baseline

    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    keys = [(e["code"], e["sentence"], e["span"]) for e in data["entries"]]
    assert keys == sorted(keys)
    assert set(data["entries"][0]) == {"code", "sentence", "span", "decision", "comment"}

    # same findings in another order -> same bytes
    shuffled = copy.deepcopy(rows[::-1])
    for row in shuffled:
        row["findings"].reverse()
    other = tmp_path / "other.json"
    save_baseline(other, baseline_from_rows(shuffled))
    assert other.read_bytes() == path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "other.json"]


def test_baseline_suppresses_everything_it_was_made_from():
    rows = make_rows()
    filtered = filter_rows(rows, baseline_from_rows(rows))
    targets = [r for r in filtered if r["kind"] == "target"]
    assert all(r["findings"] == [] for r in targets)
    assert [r["suppressed"] for r in filtered] == [2, 1, 0, 0]
    assert [(r["status"], r["risk"]) for r in targets] == [("ok", 0.0)] * 3
    assert rows[0]["findings"] and rows[0]["status"] == "critical"  # input untouched


def test_finding_survives_edit_elsewhere_but_not_in_its_sentence():
    rows = make_rows()
    baseline = baseline_from_rows([rows[0]])  # only sentence 0's findings accepted

    edited = make_rows()
    # another sentence changed, a sentence inserted before: ids and offsets shift
    edited[1]["text"] = edited[1]["text"].replace("Firma", "Gesellschaft")
    edited.insert(0, target(0, "Ein neuer erster Satz.", [], "ok", 0.0))
    edited[1]["id"] = "de:1"
    # and whitespace differences in the sentence do not matter
    edited[1]["text"] = "Der Umsatz  stieg um 5 % .\n"
    filtered = filter_rows(edited, baseline)
    assert filtered[1]["suppressed"] == 2 and filtered[1]["findings"] == []
    assert filtered[2]["suppressed"] == 0 and filtered[2]["status"] == "review"

    own = make_rows()
    own[0]["text"] = "Der Umsatz stieg um 5 Prozent ."  # its own sentence edited
    filtered = filter_rows(own, baseline)
    assert filtered[0]["suppressed"] == 0 and len(filtered[0]["findings"]) == 2
    assert filtered[0]["status"] == "critical"
    assert len(unused_entries(own, baseline)) == 2


def test_span_must_match():
    rows = make_rows()
    baseline = Baseline([BaselineEntry("MTQA201", S0, "7")])  # same code and sentence, other span
    assert filter_rows(rows, baseline)[0]["suppressed"] == 0


def test_not_an_error_suppresses_error_and_fixed_do_not():
    rows = make_rows()
    baseline = Baseline()
    baseline.add_decisions([Decision("MTQA201", S0, "5", "error", "real bug")])
    assert len(baseline) == 0
    assert filter_rows(rows, baseline)[0]["status"] == "critical"

    baseline.add_decisions([Decision("MTQA201", S0, "5", "Not an error", "rounding")])
    (entry,) = baseline.entries
    assert (entry.decision, entry.comment) == ("not an error", "rounding")
    assert filter_rows(rows, baseline)[0]["findings"][0]["code"] == "MTQA502"

    # a later "error" / "fixed" verdict removes the suppression, also one that came from a baseline
    stats = baseline.add_decisions([Decision("MTQA201", S0, "5", "fixed", "")])
    assert stats.removed == 1 and len(baseline) == 0
    full = baseline_from_rows(rows)
    full.add_decisions([Decision("MTQA101", S1, "1998", "error", "")])
    assert len(full) == 2 and filter_rows(rows, full)[1]["findings"][0]["code"] == "MTQA101"

    with pytest.raises(ValueError):
        baseline.add_decisions([Decision("MTQA201", S0, "5", "perhaps", "")])


def test_filter_rows_recomputes_status_and_risk():
    rows = make_rows()
    baseline = Baseline([BaselineEntry("MTQA201", S0, "5")])  # drop the critical one, keep the minor
    row = filter_rows(rows, baseline)[0]
    assert row["suppressed"] == 1
    assert (row["status"], row["risk"]) == ("review", 0.25)  # minor: 0.25 >= review_risk 0.2
    assert (filter_rows(rows, baseline, review_risk=0.3)[0]["status"]) == "ok"
    untouched = filter_rows(rows, baseline)[1]
    assert (untouched["status"], untouched["risk"]) == (rows[1]["status"], rows[1]["risk"])


def test_merge_keeps_reviewer_comments():
    rows = make_rows()
    reviewed = Baseline()
    reviewed.add_decisions([Decision("MTQA502", S0, " .", "not an error", "house style")])
    reviewed.merge(baseline_from_rows(rows))
    assert len(reviewed) == 3
    assert [e.comment for e in reviewed.entries if e.code == "MTQA502"] == ["house style"]


def test_decisions_from_json(tmp_path):
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps({"version": 1, "entries": [
        {"code": "MTQA502", "sentence": S0, "span": " .", "decision": "not an error", "comment": "ok"},
        {"code": "MTQA101", "sentence": S1, "span": "1998", "decision": "error"}]}), encoding="utf-8")
    decisions = read_decisions_json(path)
    assert decisions == [Decision("MTQA502", S0, " .", "not an error", "ok"),
                         Decision("MTQA101", S1, "1998", "error", "")]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps([{"code": "MTQA502", "sentence": S0, "span": " .", "decision": "fixed"}]))
    assert read_decisions_json(bare)[0].decision == "fixed"
    missing = tmp_path / "missing-decision.json"
    missing.write_text(json.dumps([{"code": "MTQA502", "sentence": S0, "span": " ."}]))
    with pytest.raises(InputError, match="decision"):
        read_decisions_json(missing)


@pytest.mark.parametrize("content, words", [
    ("{not json", "not valid JSON"),
    ("[]", "JSON object"),
    ('{"version": 2, "entries": []}', "version"),
    ('{"version": 1}', "entries"),
    ('{"version": 1, "entries": [3]}', "entry 1"),
    ('{"version": 1, "entries": [{"code": "X", "sentence": "s"}]}', '"span"'),
    ('{"version": 1, "entries": [{"code": "X", "sentence": "s", "span": "", "decision": "error"}]}', "decision"),
    ('{"version": 1, "entries": [{"code": "X", "sentence": "s", "span": "", "comment": 5}]}', "comment"),
])
def test_load_baseline_rejects_bad_files(tmp_path, content, words):
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_baseline(path)
    assert info.value.path == str(path) and words in info.value.message


def test_load_baseline_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_baseline(tmp_path / "nope.json")


@pytest.mark.parametrize("content", ["[" * 100_000, '{"version": 1, "entries": ' + "[" * 100_000])
def test_deeply_nested_baseline_json_is_an_input_error(tmp_path, content):
    path = tmp_path / "bl.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_baseline(path)


def test_a_device_or_folder_as_baseline_is_refused_without_reading(tmp_path):
    with pytest.raises(InputError, match="not a regular file"):
        load_baseline("/dev/null")
    with pytest.raises(InputError, match="folder, not a file"):
        load_baseline(tmp_path)
