"""Organisation names across languages (``mtqa/data/organisations.json``) and the swaps MTQA101 finds
with them."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig
from mtqa.organisations import mentions, names_any


def flagged(target, versions):
    found = run_checks(view("de", [(target, versions)]), CheckConfig(select=["MTQA101"]))
    return [(target[f.start:f.end], f.evidence) for f in found.get(0, [])]


def named(text, lang="de"):
    return [text[m.start:m.end] for m in mentions(text, lang)]


def ids(text, lang):
    [mention] = mentions(text, lang)
    return mention.ids


def test_one_organisation_in_several_languages_and_scripts():
    who = ids("The World Health Organization met.", "en")
    assert who == ids("Die Weltgesundheitsorganisation tagte.", "de") == ids("世界卫生组织开会。", "zh")
    assert who == ids("L'OMS s'est réunie.", "fr")
    assert not who & ids("Die Welthandelsorganisation tagte.", "de")


def test_forms_are_read_with_their_capitals_and_endings():
    # (a spokesperson is an office, listed beside the organisations)
    assert named("Ein Sprecher der Europäischen Zentralbank widersprach.") == ["Sprecher", "Europäischen Zentralbank"]
    assert named("Huaweis Umsatz stieg.") == ["Huaweis"]
    assert named("who said so", "en") == []  # the pronoun is not the WHO
    assert named("Die Bahn kommt.") == []  # a common German word, not Deutsche Bahn


def test_names_in_characters_begin_or_end_where_words_do():
    assert named("京东公布了财报。", "zh") == ["京东"]
    assert named("北京东部下雪了。", "zh") == []  # 京东 inside 北京 + 东部


def test_rendered_is_asked_leniently():
    huawei = ids("Huawei", "en")
    assert names_any("Der Huawei-Chef sprach.", huawei)
    assert names_any("der chef von huawei", huawei)
    assert not names_any("Der Konzern wuchs.", huawei)


def test_an_organisation_swapped_for_another_of_its_kind_is_a_wrong_name():
    assert flagged("Die Welthandelsorganisation forderte die Regierungen zu Impfstoffvorräten auf.",
                   {"en": "The World Health Organization urged governments to stockpile vaccines."}) \
        == [("Welthandelsorganisation", {"en": "World Health Organization"})]
    assert flagged("Laut Alibaba stieg der Gewinn um 29 Prozent.", {"zh": "腾讯表示，利润增长了29%。"}) \
        == [("Alibaba", {"zh": "腾讯"})]
    assert flagged("Das Außenministerium kündigte neue Anleihen an.", {"zh": "财政部宣布发行新债券。"}) \
        == [("Außenministerium", {"zh": "财政部"})]


def test_renderings_additions_and_other_kinds_are_not_swaps():
    assert flagged("Die Weltgesundheitsorganisation (WHO) rief zur Vorsicht auf.",
                   {"en": "The World Health Organization called for caution."}) == []
    assert flagged("Laut Tencent stieg der Gewinn.", {"zh": "腾讯表示，利润增长了。"}) == []
    # an organisation the target adds, with none in the version it could stand for
    assert flagged("Der Gewinn von Tencent stieg, berichtete Reuters.", {"en": "Tencent's profit rose."}) == []
    # the version's company is left implicit and the target names a newspaper: two kinds, no swap
    assert flagged("Der Konzern steigerte laut der New York Times seinen Gewinn.",
                   {"en": "Tencent raised its profit, a newspaper reported."}) == []


def test_a_form_mixing_latin_letters_and_characters_is_read_as_characters():
    assert named("JR東日本は新型車両を導入した。", "ja") == ["JR東日本"]
    assert ids("JR東日本は新型車両を導入した。", "ja") == ids("JR East stellte neue Züge vor.", "de")
    assert flagged("JR West stellte neue Züge vor.", {"ja": "JR東日本は新型車両を導入した。"}) == [("JR West", {"ja": "JR東日本"})]


def test_museums_and_transport_operators_are_organisations_too():
    assert flagged("Das Palastmuseum arbeitet mit dem Louvre zusammen.", {"en": "The Palace Museum is working with the British Museum."}) == [
        ("Louvre", {"en": "British Museum"})]
    assert named("Die RATP verlängert die Linie 11.") == ["RATP"]


def test_a_name_listed_in_capitals_may_be_written_as_a_word():
    assert named("Engie baut einen Solarpark.") == ["Engie"]  # listed as "ENGIE"
    assert named("who said so", "en") == []  # three letters stay an acronym: the pronoun is not the WHO
    assert flagged("Engie baut einen Solarpark in Spanien.", {"fr": "TotalEnergies va construire un parc solaire en Espagne."}) == \
        [("Engie", {"fr": "TotalEnergies"})]


def test_an_office_swapped_for_another_is_a_wrong_name_and_a_generic_head_is_not():
    assert flagged("Die Präfektin sagte, die Schulen blieben geschlossen.", {"fr": "La maire a dit que les écoles resteraient fermées."}) == \
        [("Präfektin", {"fr": "maire"})]
    assert flagged("Der Gouverneur eröffnete die Messe.", {"ja": "市長が見本市を開幕した。"}) == [("Gouverneur", {"ja": "市長"})]
    # the same office, and a generic head's word for a specific title, are translations
    assert flagged("Die Bürgermeisterin sagte, die Schulen blieben geschlossen.", {"fr": "La maire a dit que les écoles resteraient fermées."}) == []
    assert flagged("Die Leiterin der Schulbehörde kündigte die Verschiebung an.", {"fr": "La rectrice de l'académie a annoncé le report."}) == []
