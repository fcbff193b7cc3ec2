"""German case and agreement (MTQA507)."""

from __future__ import annotations

import pytest
from checkviews import view

from mtqa.checks import run_checks
from mtqa.checks.grammar import case_slips
from mtqa.config import CheckConfig


@pytest.mark.parametrize("text, slip", [
    ("Sie spielt mit den Kinder im Garten.", "mit den Kinder"),
    ("Das Geld ist für dem Haus bestimmt.", "für dem Haus"),
    ("Er kam mit das Auto.", "mit das Auto"),
    ("Die Reform des neuen Gesetz wurde beschlossen.", "des neuen Gesetz"),
    ("Der Betreiber des Flughafen sagte nichts.", "des Flughafen"),
    ("Die Kosten für die Schülern steigen.", "für die Schülern"),
    ("Die Regierung haben neue Regeln beschlossen.", "Die Regierung haben"),
    ("Er las das Zeitung.", "das Zeitung"),
    ("Er kam vom Bahnhof und aus einen kleinen Dorf.", "aus einen kleinen Dorf"),
])
def test_slips_are_found_where_they_are(text, slip):
    assert [text[a:b] for a, b, _ in case_slips(text)] == [slip]


@pytest.mark.parametrize("text", [
    "Er fuhr mit dem Auto zu den Kindern.",
    "Um dem Kind zu helfen, kam sie früher.",
    "Organisationen, die Kindern helfen, sind wichtig.",
    "Die Stimme des Präsidenten und der Preis des Jahres.",
    "Der Sprung des Unternehmens in die Gewinnzone.",
    "Sie sagte, die Kommission hat entschieden.",
    "Der Chefredakteur des Wall Street Journal sagte das.",
    "Der Chefredakteur des Guardian verteidigte die Entscheidung.",  # a foreign title stays uninflected
    "Die Rakete soll von Kourou aus einen Wettersatelliten befördern.",  # "aus" closes "von … aus"
    "Die Zahlen für dieses Jahr liegen vor.",  # "dieses": neuter accusative too
])
def test_correct_german_is_quiet(text):
    assert list(case_slips(text)) == []


def test_only_german_targets_are_read():
    rows = [("Sie spielt mit den Kinder.", {"en": "She plays with the children."})]
    assert run_checks(view("de", rows), CheckConfig(select=["MTQA507"]))
    assert not run_checks(view("nl", rows), CheckConfig(select=["MTQA507"]))


def test_a_relative_pronoun_before_a_determiner_is_no_article():
    assert list(case_slips("OpenAI war das erste Unternehmen, das diese Funktion zeigte.")) == []
    assert list(case_slips("ein Bereich, in dem eine höhere Rechenleistung nicht zählt")) == []


def test_an_auxiliary_second_in_a_subordinate_clause():
    text = "Der Regisseur erklärte, dass er hatte die meisten Szenen ohne Licht gedreht."
    assert [text[a:b] for a, b, _ in case_slips(text)] == ["dass er hatte die meisten Szenen ohne Licht gedreht"]
    assert list(case_slips("Der Regisseur erklärte, dass er die meisten Szenen ohne Licht gedreht hatte.")) == []
    assert list(case_slips("Sie sagte, dass die Firma viel Geld verloren hat, aber sie schwieg.")) == []


@pytest.mark.parametrize("text", [
    "Er gewann mit einem Sprung auf 147 Meter.",  # "Sprung" is masculine although it ends in -ung
    "Für die Mitnahme eines Pkw wird eine Gebühr fällig.",  # an abbreviation takes no genitive -s
])
def test_masculine_ung_words_and_abbreviations_are_no_slips(text):
    assert list(case_slips(text)) == []
