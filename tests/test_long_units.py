"""Long translation units are cut into sentences, with a warning naming the unit (issue 14, item 20).

Nothing is lost: every part is a row of the report; the parts of a unit are paired with the
parts of the same unit of the version only, and the other units keep their ids.
"""

from __future__ import annotations

import numpy as np

from mtqa.api import paired_lines
from mtqa.reading import document_from_text
from mtqa.report.table import row_id
from mtqa.units import MAX_UNIT_CHARS, split_long_units

DE_SENTENCE = "Der Umsatz der Firma stieg im letzten Jahr um fünf Prozent auf drei Millionen Euro. "
EN_SENTENCE = "The company's turnover rose by five percent last year to three million euros. "


def lines(*texts: str) -> str:
    return "".join(t + "\n" for t in texts)


def long_de(n: int = 80) -> str:
    return (DE_SENTENCE * n).strip()


class PartEncoder:
    """A fake encoder: the vector says which unit a sentence came from (by its first word)."""

    name = "fake-1"

    def encode(self, texts):
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, 0 if text.startswith(("Der", "The")) else 1] = 1.0
        return out


def test_a_long_unit_is_cut_into_parts_that_cover_it():
    text = lines("Kurz.", long_de(), "", "Auch kurz.")
    doc = split_long_units(document_from_text(text, "de", "de.txt", presegmented=True))
    parts = [s for s in doc.sentences if s.paragraph == 1]
    assert len(parts) > 1 and all(len(s.text) <= MAX_UNIT_CHARS for s in parts)
    assert "".join(s.text for s in parts).replace(" ", "") == long_de().replace(" ", "")
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)
    ids = [row_id("de", s) for s in doc.sentences]
    assert ids[0] == "de:0" and ids[1:3] == ["de:1#1", "de:1#2"] and ids[-2:] == ["de:2", "de:3"]
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert doc.warnings == [f"unit de:1 has {len(long_de()):,} characters; cut into {len(parts)} parts of at "
                            "most 2,000 characters, each a row of the report (de:1#1 ...)"]


def test_a_document_without_long_units_is_unchanged():
    doc = document_from_text(lines("Kurz.", "x" * MAX_UNIT_CHARS), "de", presegmented=True)
    before = list(doc.sentences)
    assert split_long_units(doc).sentences == before and doc.warnings == []


def test_a_long_word_run_is_cut_too():
    doc = split_long_units(document_from_text(lines("x" * 4500), "de", presegmented=True))
    assert [len(s.text) for s in doc.sentences] == [2000, 2000, 500]


def test_parts_pair_within_their_unit_only():
    target = split_long_units(document_from_text(lines("Kurz.", long_de(), "Kurz."), "de", presegmented=True))
    version = split_long_units(document_from_text(lines("Short.", (EN_SENTENCE * 80).strip(), "Short."), "en",
                                                  presegmented=True))
    units = paired_lines(target, version, PartEncoder())
    assert sorted(i for u in units for i in u.target) == list(range(len(target.sentences)))
    assert sorted(j for u in units for j in u.version) == list(range(len(version.sentences)))
    for unit in units:
        paragraphs = {target.sentences[i].paragraph for i in unit.target}
        paragraphs |= {version.sentences[j].paragraph for j in unit.version}
        assert len(paragraphs) == 1, unit
    assert units[0].target == (0,) and units[0].version == (0,) and units[0].confidence == 1.0
    assert units[-1].target == (len(target.sentences) - 1,)


def test_findings_of_parts_land_at_their_place_in_the_unit():
    from mtqa.pipeline import _findings_by_unit

    class Unit:
        def __init__(self, id):
            self.id = id

    rows = [{"kind": "target", "paragraph": 0, "start": 0, "findings": [{"start": 1, "end": 3}]},
            {"kind": "target", "paragraph": 1, "start": 10, "findings": [{"start": 0, "end": 2}]},
            {"kind": "target", "paragraph": 1, "start": 2010, "findings": [{"start": 5, "end": 9}]},
            {"kind": "unaligned-version", "paragraph": 1, "start": 0, "findings": [{"start": 0, "end": 1}]}]
    found = _findings_by_unit(rows, [Unit("a"), Unit("b")], {0: 0, 1: 10})
    assert found == {"a": [{"start": 1, "end": 3}], "b": [{"start": 0, "end": 2}, {"start": 2005, "end": 2009}]}


def test_check_aligned_with_a_long_line_reports_every_part(mtqa, tmp_path, make_corpus, load_rows):
    long_en = (EN_SENTENCE * 60).strip()
    folder = make_corpus(tmp_path / "in", {"de.txt": lines("Kurz gesagt.", long_de(60), "Ende."),
                                           "en.txt": lines("In short.", long_en, "The end.")})
    out = tmp_path / "out"
    run = mtqa("check", folder / "de.txt", "-v", folder / "en.txt", "--aligned", "-o", out, "--no-qe",
               "--no-second-opinion", "--format", "jsonl,junit")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.describe()
    assert f"unit de:1 has {len(long_de(60)):,} characters; cut into" in run.stderr
    rows = [r for r in load_rows(out) if r["kind"] == "target"]
    assert rows[0]["id"] == "de:0" and rows[-1]["id"] == "de:2"
    parts = [r for r in rows if r["paragraph"] == 1]
    assert len(parts) > 1 and [r["id"] for r in parts][:2] == ["de:1#1", "de:1#2"]
    assert "".join(r["text"] for r in parts).replace(" ", "") == long_de(60).replace(" ", "")
