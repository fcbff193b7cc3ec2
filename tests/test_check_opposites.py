"""Opposite-meaning check: a target word whose opposite fits the versions better is flagged; a faithful
sentence, and a language with no list of opposites, are not."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig
from mtqa.opposites import opposite_spans


def flagged(target, versions, lang="de"):
    found = run_checks(view(lang, [(target, versions)]), CheckConfig(select=["MTQA602"]))
    return [(target[f.start:f.end], f.severity) for f in found.get(0, [])]


def test_a_rise_where_the_versions_say_fall_is_flagged_on_the_word():
    # the versions paraphrase: no word of theirs is in the polarity lexicon, so the embeddings decide
    target = "Die Preise für Stahl sind im vergangenen Monat weiter gestiegen."
    assert flagged(target, {"en": "Steel prices kept going down last month.",
                            "fr": "Les prix de l'acier ont continué de dégringoler le mois dernier."}) == [("gestiegen", "major")]


def test_the_faithful_sentence_is_quiet():
    target = "Die Preise für Stahl sind im vergangenen Monat weiter gesunken."
    assert flagged(target, {"en": "Steel prices went down further last month."}) == []


def test_a_rejection_against_an_approval_in_other_words_is_flagged():
    rejected = "Die Regierung hat den Vorschlag abgelehnt."
    assert [span for span, _ in flagged(rejected, {"en": "The government gave the proposal the green light."})] == ["abgelehnt"]


def test_words_the_polarity_lexicon_decides_are_left_to_mtqa603():
    target = "Die Preise für Stahl sind im vergangenen Monat weiter gestiegen."
    versions = {"en": "Steel prices fell further last month.", "zh": "上个月钢材价格继续下跌。"}
    assert flagged(target, versions) == []
    found = run_checks(view("de", [(target, versions)]), CheckConfig(select=["MTQA602", "MTQA603"]))
    assert [(target[f.start:f.end], f.code) for f in found[0]] == [("gestiegen", "MTQA603")]
    assert flagged("Die Regierung hat den Vorschlag abgelehnt.", {"en": "The government rejected the proposal."}) == []


def test_no_listed_word_or_no_list_for_the_language_means_no_finding():
    assert opposite_spans("Der Hund schläft im Garten.", "de") == []
    assert flagged("Der Hund schläft im Garten.", {"en": "The dog is sleeping in the garden."}) == []
    assert flagged("Il cane dorme in giardino.", {"en": "The dog is awake in the garden."}, lang="it") == []


def test_a_sentence_initial_capital_is_matched_and_kept():
    [(start, end, new)] = [s for s in opposite_spans("Gestiegen sind vor allem die Mieten.", "de") if s[0] == 0]
    assert (start, end) == (0, 9) and new[0].isupper()
