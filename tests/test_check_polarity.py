"""Opposite-word check (MTQA603) and the cross-lingual polarity lexicon behind it."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig
from mtqa.polarity import mentions


def flagged(target, versions):
    found = run_checks(view("de", [(target, versions)]), CheckConfig(select=["MTQA603"]))
    return [(target[f.start:f.end], f.evidence) for f in found.get(0, [])]


def test_forms_are_read_in_each_language_and_script():
    assert [(m.concept, m.pole) for m in mentions("Exports fell sharply.", "en")][-1] == ("rise", "down")
    assert ("rise", "up") in {(m.concept, m.pole) for m in mentions("Die Preise sind gestiegen.", "de")}
    assert ("import", "down") in {(m.concept, m.pole) for m in mentions("輸出が減少した。", "ja")}
    # near-synonyms of one direction are one family: 增长 (grow) and "stieg" (rise)
    [zh] = [m for m in mentions("销售额增长了。", "zh")]
    [de] = [m for m in mentions("Der Umsatz stieg.", "de")]
    assert (zh.concept, zh.pole) == (de.concept, de.pole)


def test_a_word_of_the_opposite_pole_is_flagged():
    assert flagged("Die Arbeitslosigkeit stieg im Oktober leicht.", {"en": "Unemployment fell slightly in October."}) \
        == [("stieg", {"en": "fell"})]
    assert flagged("Die Einfuhren nach China gingen zurück.", {"ja": "中国への輸出が減少した。"}) == [("Einfuhren", {"ja": "輸出"})]
    assert flagged("Der Politiker wurde freigesprochen.", {"fr": "Le politicien a été condamné."}) \
        == [("freigesprochen", {"fr": "condamné"})]


def test_agreement_comparisons_and_negations_are_left_alone():
    assert flagged("Der Umsatz sank im Mai.", {"en": "Sales fell in May."}) == []
    # both poles in the target: a comparison, not a flip
    assert flagged("Die Exporte stiegen, die Importe sanken.", {"en": "Exports fell while imports rose."}) == []
    # a negation on one side only is the negation check's business ("did not rise" as "sank")
    assert flagged("Die Preise sanken.", {"en": "Prices did not rise."}) == []


def test_a_hyphen_elided_pair_holds_both_poles():
    # "In- und Ausland" is "Inland und Ausland": at home and abroad, not "abroad" against 国内
    assert [(m.pole, m.concept) for m in mentions("Besucher aus dem In- und Ausland", "de")] == [("up", "domestic"), ("down", "domestic")]
    assert flagged("Die Messe zählte Besucher aus dem In- und Ausland.", {"zh": "展会吸引了国内外观众。"}) == []


def test_a_german_compound_is_read_by_its_head():
    from mtqa.polarity import mentions

    assert [(m.concept, m.pole) for m in mentions("Die Sojabohnenexporte der Region", "de")] == [("import", "down")]
    assert [(m.concept, m.pole) for m in mentions("Der Preisanstieg der Region", "de")] == [("rise", "up")]
    assert mentions("Die Exportmesse der Region", "de") == ()  # its head (Messe) is no lexicon word


def test_an_opposite_word_that_is_a_negative_in_itself_is_still_an_opposite():
    assert flagged("Der Ausschuss hat den Windpark abgelehnt.", {"en": "The committee approved the wind farm."}) == [
        ("abgelehnt", {"en": "approved"})]


def test_both_directions_on_both_sides_are_a_comparison_not_a_flip():
    found = run_checks(view("it", [("Le iscrizioni sono aumentate quest'anno, mentre i corsi serali hanno registrato un lieve calo.",
                                    {"en": "Enrolments rose this year, while evening courses saw a slight decline."})]),
                       CheckConfig(select=["MTQA603"]))
    assert found == {}


def test_reopening_what_was_closed_is_no_flip():
    assert flagged("Das Krankenhaus will zwei geschlossene Stationen wieder öffnen.",
                   {"fr": "L'hôpital veut rouvrir deux services fermés."}) == []


def test_italian_raising_and_lowering_are_read():
    found = run_checks(view("de", [("Die Zentralbank beschloss, die Zinsen zu senken.", {"it": "La banca centrale ha deciso di alzare i tassi."})]),
                       CheckConfig(select=["MTQA603"]))
    assert [f.code for f in found.get(0, [])] == ["MTQA603"]


def test_closed_then_reopened_names_both_poles_so_either_may_be_rendered():
    source = {"ja": "図書館は改修のため三か月閉鎖されたあと、来週再開する。"}
    assert flagged("Die Bibliothek öffnet nächste Woche wieder, nachdem sie drei Monate lang renoviert wurde.", source) == []
    assert flagged("Die Bibliothek kündigt ihre Schließung für nächste Woche an.", {"ja": "図書館は来週再開する。"}) != []


def test_likelihood_and_other_gradable_words_are_concepts():
    assert flagged("Eine Anhebung der Quoten gilt als wahrscheinlich.", {"en": "A rise in the quotas is unlikely."}) != []
    assert flagged("Eine Anhebung der Quoten gilt als unwahrscheinlich.", {"en": "A rise in the quotas is unlikely."}) == []


def test_a_lessening_word_turns_a_gradable_word_to_its_other_pole():
    poles = lambda text, lang: {(m.concept, m.pole) for m in mentions(text, lang)}
    assert ("expensive", "down") in poles("des billets moins chers", "fr")  # cheaper
    assert ("likely", "down") in poles("Il est peu probable qu'il vienne.", "fr")
    assert ("positive", "up") in poles("Le bilan n'en reste pas moins positif.", "fr")  # not less: the word itself
    assert flagged("Die Saisonbilanz fällt dennoch positiv aus.", {"fr": "Le bilan n'en reste pas moins positif."}) == []


def test_a_version_using_both_poles_is_contradicted_by_a_target_that_repeats_one():
    assert flagged("Wegen steigender Rohstoffpreise stieg der Export um vier Prozent.",
                   {"zh": "受原材料价格上涨影响，出口量下降了百分之四。"}) != []
    assert flagged("Wegen steigender Rohstoffpreise sank der Export um vier Prozent.",
                   {"zh": "受原材料价格上涨影响，出口量下降了百分之四。"}) == []
