"""Alignment checks: sentences without counterparts, and similarity/length outliers."""

from __future__ import annotations

from dataclasses import replace

from checkviews import view

from mtqa.checks import run_checks
from mtqa.checks.base import UnalignedVersionSentence
from mtqa.config import CheckConfig

ROWS = [(f"Satz Nummer {i} erzählt etwas über das Wetter in der Stadt.", {"en": f"Sentence number {i} tells about the weather in town."})
        for i in range(10)]


def test_omitted_version_sentence_is_reported_at_the_target_sentence_before_it():
    extra = UnalignedVersionSentence("en", 4, "Prices also rose sharply in the second quarter.", after_target=3)
    found = run_checks(view("de", ROWS, [extra]), CheckConfig(select=["MTQA402"]))
    assert list(found) == [3]
    assert found[3][0].evidence == {"en": "Prices also rose sharply in the second quarter."}
    assert found[3][0].category == "accuracy/omission"


def test_short_version_lines_are_not_omissions():
    extra = UnalignedVersionSentence("en", 4, "Photo", after_target=3)
    assert run_checks(view("de", ROWS, [extra]), CheckConfig(select=["MTQA402"])) == {}


def test_target_sentence_without_counterpart_is_a_possible_addition():
    rows = ROWS[:5] + [("Dieser Satz steht nur in der Übersetzung.", {"en": ""})] + ROWS[5:]
    found = run_checks(view("de", rows), CheckConfig(select=["MTQA401"]))
    assert list(found) == [5]


def test_similarity_outlier_is_flagged_and_normal_units_are_not():
    doc = view("de", ROWS)
    low = doc.sentences[6]
    doc.sentences[6] = replace(low, counterparts={"en": replace(low.counterparts["en"], similarity=0.1)})
    for k, sentence in enumerate(doc.sentences):
        if k != 6:
            part = sentence.counterparts["en"]
            doc.sentences[k] = replace(sentence, counterparts={"en": replace(part, similarity=0.8 + 0.01 * (k % 3))})
    found = run_checks(doc, CheckConfig(select=["MTQA403"]))
    assert list(found) == [6]
    assert run_checks(doc, CheckConfig(select=["MTQA403"], thresholds={"similarity_z": -20.0})) == {}


def test_much_shorter_target_is_a_possible_omission():
    rows = list(ROWS)
    rows[2] = ("Satz.", {"en": ROWS[2][1]["en"] + " It also covers the harbour, the market and the new bridge over the river."})
    found = run_checks(view("de", rows), CheckConfig(select=["MTQA404", "MTQA405"]))
    assert [(i, f.code) for i, fs in found.items() for f in fs] == [(2, "MTQA404")]


def test_much_longer_target_is_a_possible_addition():
    rows = list(ROWS)
    rows[7] = (ROWS[7][0] + " Außerdem eröffnete die Stadt eine neue Brücke über den Fluss und einen Markt am Hafen.", ROWS[7][1])
    found = run_checks(view("de", rows), CheckConfig(select=["MTQA404", "MTQA405"]))
    assert [(i, f.code, f.category) for i, fs in found.items() for f in fs] == [(7, "MTQA405", "accuracy/addition")]


def test_outliers_are_not_judged_among_units_the_user_paired():
    rows = list(ROWS)
    rows[2] = ("Satz.", {"en": ROWS[2][1]["en"] + " It also covers the harbour, the market and the new bridge over the river."})
    doc = view("de", rows)
    doc.paired_units = True  # --aligned, XLIFF, TMX, PO: the units may be unrelated strings
    assert run_checks(doc, CheckConfig(select=["MTQA403", "MTQA404", "MTQA405"])) == {}
