"""False-friend check (MTQA604): a source word rendered by its look-alike of another meaning."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig


def flagged(target, versions):
    found = run_checks(view("de", [(target, versions)]), CheckConfig(select=["MTQA604"]))
    return [(target[f.start:f.end], f.evidence) for f in found.get(0, [])]


def test_a_look_alike_of_another_meaning_is_flagged_on_the_target_word():
    assert flagged("Der Verlag wird eventuell eine zweite Auflage drucken.",
                   {"en": "The publisher will eventually print a second edition."}) == [("eventuell", {"en": "eventually"})]
    assert flagged("Die Bibliothek am Markt verkauft auch Kalender.",
                   {"fr": "La librairie du marché vend aussi des calendriers."}) == [("Bibliothek", {"fr": "librairie"})]
    assert flagged("Die Firma investiert zwei Billionen Dollar.", {"en": "The company is investing two billion dollars."}) \
        == [("Billionen", {"en": "billion"})]


def test_the_right_rendering_or_a_source_without_the_word_is_quiet():
    assert flagged("Der Verlag wird schließlich eine zweite Auflage drucken.",
                   {"en": "The publisher will eventually print a second edition."}) == []
    assert flagged("Der Verlag wird eventuell eine zweite Auflage drucken.",
                   {"en": "The publisher may print a second edition."}) == []
    # French "éventuellement" is "eventuell": a false friend of English only
    assert flagged("Der Verlag wird eventuell eine zweite Auflage drucken.",
                   {"fr": "L'éditeur imprimera éventuellement une deuxième édition."}) == []
    assert flagged("Die Firma investiert zwei Milliarden Dollar.", {"en": "The company is investing two billion dollars."}) == []
