"""A sentence that breaks off (MTQA508)."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig


def broken(target, version="The library will also host readings with authors from the region at weekends."):
    found = run_checks(view("de", [(target, {"en": version})]), CheckConfig(select=["MTQA508"]))
    return [target[f.start:f.end] for f in found.get(0, [])]


def test_a_sentence_ending_on_an_article_broke_off():
    assert broken("Die Bibliothek will an den Wochenenden Lesungen mit Autoren aus der.") == ["der."]


def test_particles_and_pronouns_end_sentences_legitimately():
    assert broken("Die Bibliothek räumte die Probleme ein.") == []
    assert broken("Der Bürgermeister sagte das.") == []
    assert broken("Die Bibliothek kündigte neue Lesungen an.") == []


def test_a_version_without_spaces_counts_by_its_characters():
    assert broken("Die Bibliothek will Lesungen mit Autoren aus der.", "図書館は週末に地域の作家による朗読会も開く予定だ。") == ["der."]
