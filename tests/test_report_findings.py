"""Findings as reports show them: plain-language reasons, one finding per error, rounded scores, unit ids."""

from __future__ import annotations

import re
from pathlib import Path

from mtqa.api import CheckResult, VersionAlignment
from mtqa.documents import AlignedUnit, Finding
from mtqa.gate import SEVERITY_RANK, evaluate_gate
from mtqa.io.bilingual import read_bilingual, to_documents
from mtqa.reading import document_from_text
from mtqa.report.findings import DECIMALS, finding_codes, language_name
from mtqa.report.table import build_rows, flat_table, status_and_risk, summary_counts
from mtqa.report.writers import FLAGGED_SHOWN, summary_markdown

TARGET = "Die Wall Street Times meldet 1.300 neue Stellen , sagt sie."
ENGLISH = "The Wall Street Journal reports 1,200 new jobs, it says."
FRENCH = "Le Wall Street Journal annonce 1 200 nouveaux emplois, dit-il."


def _result(target: str = TARGET, versions: dict[str, str] | None = None) -> CheckResult:
    versions = versions or {"en": ENGLISH, "fr": FRENCH}
    doc = document_from_text(target, "de")
    alignments = [VersionAlignment(document_from_text(text, lang), [AlignedUnit((0,), (0,), 0.8123456, 0.9876543)],
                                   {0: 0.9012345})
                  for lang, text in versions.items()]
    return CheckResult(doc, alignments, {"encoder": "auto"}, {lang: "fake-1" for lang in versions})


def _at(text: str, span: str, code: str, severity: str, category: str, evidence: dict[str, str],
        message: str = "check message", confidence: float = 0.7) -> Finding:
    start = text.index(span)
    return Finding(code, severity, category, message, start, start + len(span), confidence, evidence)


def _name_findings() -> list[Finding]:
    """Two checks on one wrong name, a number check elsewhere, and a form check inside the name's span."""
    journal = {"en": "Wall Street Journal", "fr": "Wall Street Journal"}
    return [
        _at(TARGET, "Wall Street Times", "MTQA102", "major", "terminology", journal, confidence=0.6),
        _at(TARGET, "Wall Street Times", "MTQA101", "critical", "accuracy/mistranslation", journal, confidence=0.9),
        _at(TARGET, "1.300", "MTQA301", "critical", "accuracy/mistranslation", {"en": "1,200", "fr": "1 200"}),
        _at(TARGET, " ,", "MTQA502", "minor", "locale-convention", {}, "space before ','"),
        _at(TARGET, "Street", "MTQA505", "minor", "fluency", {}, "doubled word"),
    ]


def _target_row(rows: list[dict]) -> dict:
    return next(r for r in rows if r["kind"] == "target")


# ---------------------------------------------------------------------------------------------
# One error, one finding


def test_findings_on_overlapping_spans_of_the_same_kind_are_merged_into_one():
    row = _target_row(build_rows(_result(), {0: _name_findings()}))
    by_span = {f["span"]: f for f in row["findings"]}
    name = by_span["Wall Street Times"]
    assert finding_codes(name) == ["MTQA101", "MTQA102"]  # the most severe leads
    assert name["code"] == "MTQA101" and name["severity"] == "critical"
    assert [p["code"] for p in name["checks"]] == ["MTQA101", "MTQA102"]
    assert {p["severity"] for p in name["checks"]} == {"critical", "major"}
    # the number is another error; the doubled-word check is about form, so it stays apart too
    assert set(by_span) == {"Wall Street Times", "1.300", " ,", "Street"}
    assert len(row["findings"]) == 4


def test_a_chain_of_overlapping_spans_becomes_one_finding_covering_all_of_them():
    text = "Zero One Wanwu trainiert Modelle."
    findings = [_at(text, "Zero One", "MTQA101", "critical", "accuracy/mistranslation", {"en": "01.AI"}),
                _at(text, "One Wanwu", "MTQA201", "major", "accuracy/untranslated", {}),
                _at(text, "Wanwu trainiert", "MTQA702", "minor", "accuracy/mistranslation", {"en": "P=0.40"})]
    row = _target_row(build_rows(_result(text, {"en": "01.AI trains models."}), {0: findings}))
    (merged,) = row["findings"]
    assert merged["span"] == "Zero One Wanwu trainiert" == text[merged["start"]:merged["end"]]
    assert finding_codes(merged) == ["MTQA101", "MTQA201", "MTQA702"]


def _overlapping_minor_and_major() -> list[Finding]:
    return [_at(TARGET, "Wall Street", "MTQA702", "minor", "accuracy/mistranslation", {"en": "P=0.40"}, confidence=0.4),
            _at(TARGET, "Street Times", "MTQA201", "major", "accuracy/untranslated", {}, confidence=0.5)]


def _minor_only() -> list[Finding]:
    return [_at(TARGET, "Wall Street", "MTQA702", "minor", "accuracy/mistranslation", {"en": "P=0.40"}, confidence=0.4),
            _at(TARGET, "Street Times", "MTQA403", "minor", "accuracy/mistranslation", {"en": "z=-3.0"}, confidence=0.5)]


def test_merging_changes_neither_status_nor_risk_nor_which_sentences_the_gate_fails():
    for findings in (_name_findings(), _overlapping_minor_and_major(), _minor_only()):
        rows = build_rows(_result(), {0: findings})
        row = _target_row(rows)
        status, risk = status_and_risk(findings)
        assert (row["status"], row["risk"]) == (status, round(risk, DECIMALS))
        for level in SEVERITY_RANK:
            fails_unmerged = any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level] for f in findings)
            assert (row["id"] in evaluate_gate(rows, level).failures) == fails_unmerged, (level, findings)
        counts = summary_counts(_result(), rows)
        assert counts["findings"] == len(row["findings"]) < len(findings)


# ---------------------------------------------------------------------------------------------
# Reasons in plain language


def test_each_finding_leads_with_a_reason_quoting_the_versions_and_the_target():
    row = _target_row(build_rows(_result(), {0: _name_findings()}))
    by_span = {f["span"]: f for f in row["findings"]}
    name = by_span["Wall Street Times"]["reason"]
    assert "English" in name and "French" in name and "German" in name
    assert "'Wall Street Journal'" in name and "'Wall Street Times'" in name
    number = by_span["1.300"]["reason"]
    assert "'1,200'" in number and "'1 200'" in number and "'1.300'" in number
    for finding in row["findings"]:
        assert not re.search(r"\[\d+ of \d+ versions", finding["reason"])


def test_reasons_leave_scores_to_the_secondary_detail():
    text = "Der Satz ist ganz anders."
    findings = [_at(text, text, "MTQA403", "minor", "accuracy/mistranslation", {"fr": "z=-3.8"},
                    "similarity z-score below -2"),
                _at(text, text, "MTQA701", "major", "accuracy/mistranslation", {"fr": "quality 0.05"},
                    "likely mistranslated: no version supports this sentence (estimated quality below 0.15)")]
    row = _target_row(build_rows(_result(text, {"fr": "Une phrase."}), {0: findings}))
    (merged,) = row["findings"]
    assert "French" in merged["reason"]
    assert not re.search(r"z-score|z=|quality 0|0\.\d", merged["reason"])
    kept = {p["code"]: p for p in merged["checks"]}
    assert kept["MTQA403"]["evidence"] == {"fr": "z=-3.8"} and "z-score" in kept["MTQA403"]["message"]


def test_language_names_fall_back_to_the_code():
    assert language_name("zh-CN") == "Chinese" and language_name("pt_BR") == "Portuguese"
    assert language_name("tlh") == "tlh"


# ---------------------------------------------------------------------------------------------
# Rounding: the same report on every machine


def _floats(value):
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _floats(item)
    elif isinstance(value, list):
        for item in value:
            yield from _floats(item)


def test_every_score_written_has_at_most_the_stated_decimals():
    result = _result()
    findings = [_at(TARGET, "1.300", "MTQA301", "critical", "accuracy/mistranslation", {"en": "1,200"},
                    confidence=0.712345)]
    rows = build_rows(result, {0: findings})
    counts = summary_counts(result, rows)
    table = flat_table(rows, ["en", "fr"])
    written = list(_floats(rows)) + list(_floats(counts)) + [v for v in table.select_dtypes("float").stack()]
    assert written and all(round(v, DECIMALS) == v for v in written), written
    assert _target_row(rows)["versions"]["en"]["similarity_second"] == round(0.9012345, DECIMALS)


# ---------------------------------------------------------------------------------------------
# Translation files keep their unit ids


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
 <file original="app" source-language="en" target-language="de" datatype="plaintext"><body>
  <trans-unit id="menu.open"><source>Open</source><target>Öffnen</target></trans-unit>
  <trans-unit id="42"><source>Close</source><target>Schließen</target></trans-unit>
 </body></file>
</xliff>
"""
PO = ('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "Öffnen"\n\n'
      'msgid "Close"\nmsgstr "Schließen"\n')
TMX = ('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" datatype="plaintext" '
       'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>'
       '<tu tuid="welcome"><tuv xml:lang="en"><seg>Open</seg></tuv><tuv xml:lang="de"><seg>Öffnen</seg></tuv></tu>'
       '<tu tuid="bye"><tuv xml:lang="en"><seg>Close</seg></tuv><tuv xml:lang="de"><seg>Schließen</seg></tuv></tu>'
       "</body></tmx>")


def _ids_for(tmp_path: Path, name: str, content: str) -> list[str]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    target, source = to_documents(read_bilingual(path))
    units = [AlignedUnit((i,), (i,), 0.9, 1.0) for i in range(len(target.sentences))]
    result = CheckResult(target, [VersionAlignment(source, units, {})], {}, {})
    return [r["id"] for r in build_rows(result)]


def test_rows_from_translation_files_carry_the_files_own_unit_ids(tmp_path):
    assert _ids_for(tmp_path, "app.xlf", XLIFF) == ["de:menu.open", "de:42"]
    assert _ids_for(tmp_path, "memory.tmx", TMX) == ["de:welcome", "de:bye"]
    assert _ids_for(tmp_path, "de.po", PO) == ["de:menu|Open", "de:Close"]


def test_rows_from_plain_text_keep_sentence_numbers():
    assert [r["id"] for r in build_rows(_result())] == ["de:0"]


# ---------------------------------------------------------------------------------------------
# summary.md lists the flagged sentences


def test_summary_markdown_lists_flagged_sentences_capped():
    target = " ".join(f"Satz {k} hat 1.300 Stellen." for k in range(FLAGGED_SHOWN + 3))
    doc = document_from_text(target, "de")
    count = len(doc.sentences)
    assert count == FLAGGED_SHOWN + 3
    units = [AlignedUnit((i,), (i,), 0.9, 1.0) for i in range(count)]
    english = document_from_text(" ".join(f"Sentence {k} has 1,200 jobs." for k in range(count)), "en")
    result = CheckResult(doc, [VersionAlignment(english, units, {})], {}, {"en": "fake-1"})
    findings = {i: [_at(s.text, "1.300", "MTQA301", "critical", "accuracy/mistranslation", {"en": "1,200"})]
                for i, s in enumerate(doc.sentences)}
    rows = build_rows(result, findings)
    text = summary_markdown(summary_counts(result, rows), "sig")
    listed = re.findall(r"^- de:(\d+) critical: MTQA301 critical: .*'1,200'.*$", text, re.M)
    assert listed == [str(k) for k in range(FLAGGED_SHOWN)]
    assert "and 3 more flagged sentences" in text


def test_every_rule_gets_a_sentence_without_check_jargon():
    from mtqa.checks import REGISTRY, all_rules
    from mtqa.report.findings import finding_reason

    all_rules()
    text = "Der Umsatz stieg um 5 % und"
    for code, rule in REGISTRY.items():
        message = "check says something (confidence 0.93) [2 of 2 versions: en: P=0.40, fr: z=-3.1]"
        for evidence in ({"en": "7%", "fr": "7 %"}, {"en": "P=0.40", "fr": "z=-3.1"}, {}):
            finding = Finding(code, rule.severity, rule.category, message, 20, 23, 0.8, evidence)
            reason = finding_reason(finding, text[20:23], "de")
            assert re.match(r"[A-Z']", reason) and reason.endswith("."), (code, reason)
            assert not re.search(r"versions?:|\(confidence|  |\bthe \W", reason), (code, reason)
