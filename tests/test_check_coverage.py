"""Word alignment and the omission/addition checks built on it (MTQA406/407)."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig
from mtqa.wordalign import default_aligner


def coverage(target, versions):
    found = run_checks(view("de", [(target, versions)]), CheckConfig(select=["MTQA406", "MTQA407"]))
    return [(f.code, target[f.start:f.end], f.evidence) for f in found.get(0, [])]


def test_translated_words_are_linked_to_each_other():
    source, target = "The council approved the plan.", "Der Rat billigte den Plan."
    alignment = default_aligner().align(source, "en", target, "de")
    pairs = {(source[slice(*alignment.source[i])], target[slice(*alignment.target[j])]) for i, j in alignment.links}
    assert {("council", "Rat"), ("plan", "Plan")} <= pairs


def test_words_of_chinese_and_japanese_are_aligned_too():
    alignment = default_aligner().align("市政府决定关闭所有学校。", "zh", "Die Stadtregierung beschloss, alle Schulen zu schließen.", "de")
    assert len(alignment.links) >= 3
    alignment = default_aligner().align("政府は新しい法律を発表した。", "ja", "Die Regierung kündigte ein neues Gesetz an.", "de")
    assert len(alignment.links) >= 3


def test_a_dropped_clause_is_named():
    found = coverage("Die Regierung kündigte ein neues Gesetz an.",
                     {"fr": "Le gouvernement a annoncé une nouvelle loi qui protège les locataires contre les expulsions abusives."})
    [(code, span, evidence)] = found
    assert code == "MTQA406" and "locataires" in evidence["fr"] and "expulsions" in evidence["fr"]


def test_an_added_clause_is_a_span_of_the_target():
    found = coverage("Der Rat billigte den Plan nach monatelangen Verhandlungen, obwohl viele Bürger dagegen protestierten.",
                     {"en": "The council approved the plan after months of negotiations."})
    assert [(code, span) for code, span, _ in found] == [("MTQA407", "obwohl viele Bürger dagegen protestierten")]


def test_a_faithful_translation_has_no_gap():
    assert coverage("Der Umsatz stieg im dritten Quartal kräftig, getrieben von einer starken Nachfrage asiatischer Kunden.",
                    {"en": "Sales rose sharply in the third quarter, driven by strong demand from Asian customers."}) == []
    assert coverage("Die Stadtregierung beschloss wegen der vereisten Straßen, alle Schulen zu schließen.",
                    {"zh": "由于道路结冰，市政府决定关闭所有学校。"}) == []


def test_a_shorter_gap_counts_when_the_sentence_is_also_much_shorter_than_usual():
    filler = [(f"Der Rat tagte am {day}. März in Brüssel.", {"en": f"The council met in Brussels on {day} March."})
              for day in range(1, 10)]
    target = "Ärzte warnten vor der Hitzewelle."
    source = "Doctors warned about the heatwave and its risk to elderly people living alone."
    rows = filler + [(target, {"en": source})]
    found = run_checks(view("de", rows), CheckConfig(select=["MTQA406"]))
    assert 9 in found and "elderly" in found[9][0].evidence["en"]


def test_an_omission_one_version_sees_and_another_does_not_is_left_alone():
    target = "Die Regierung kündigte ein neues Gesetz an."
    one = {"fr": "Le gouvernement a annoncé une nouvelle loi qui protège les locataires contre les expulsions abusives."}
    both = {**one, "en": "The government announced a new law protecting tenants against abusive evictions."}
    assert [code for code, _, _ in coverage(target, both)] == ["MTQA406"]
    assert coverage(target, {**one, "en": "The government announced a new law."}) == []


def test_a_side_without_words_has_no_word_for_the_other_side():
    # "[" has no words: the best-match arrays are placeholders then, and must not be indexed
    # (an IndexError in MTQA101's entity check, found by the CLI fuzz target).
    alignment = default_aligner().align("0À", "en", "[", "de")
    assert alignment.target == [] and alignment.target_word_for(0) is None
    reverse = default_aligner().align("[", "en", "0À", "de")
    assert reverse.source == [] and reverse.source_word_for(0) is None


def test_a_long_dropped_phrase_counts_even_with_few_rare_words():
    # "mois" and "après" are as frequent as function words; five unlinked words in a row are still a dropped phrase
    found = coverage("Die beiden Vereine haben eine Vereinbarung über den Stadionbau unterzeichnet.",
                     {"fr": "Après des mois de longues négociations, les deux clubs ont signé un accord sur la construction du stade."})
    assert [(code, evidence) for code, _, evidence in found] == [("MTQA406", {"fr": "Après des mois de longues négociations"})]


def test_a_title_translated_as_a_whole_is_no_addition_or_omission():
    from mtqa.checks.coverage import titles

    text = "Der Film „Ziemlich beste Freunde“ läuft am Sonntag."
    assert [text[a:b] for a, b in titles(text)] == ["„Ziemlich beste Freunde“"]
    assert titles("„Wir werden den Betrieb erst dann wieder aufnehmen, wenn die Sicherheit aller Fahrgäste gewährleistet ist“, sagte er.") == []
    # a free title's words link to nothing in the version's title: without its quotes, an addition
    assert coverage("Der Roman „Wiegenlied der Schmetterlinge im Regen“ wurde preisgekrönt.", {"zh": "小说《活着》获奖了。"}) == []
    assert [code for code, _, _ in coverage("Der Roman Wiegenlied der Schmetterlinge im Regen wurde preisgekrönt.",
                                            {"zh": "小说《活着》获奖了。"})] == ["MTQA407"]


def test_a_long_unlinked_run_of_a_japanese_version_is_dropped_even_when_middling_similar():
    target, versions = "Die Gemeinde hat die Gebühren gesenkt.", {"ja": "町は、人口減少に悩む地域の商店街を支援するため、手数料を引き下げた。"}
    [(code, _, evidence)] = coverage(target, versions)
    assert code == "MTQA406" and "商店街" in evidence["ja"]


def test_a_title_splits_an_unlinked_run_instead_of_hiding_inside_one():
    from mtqa.checks.coverage import _outside_titles

    words = [(0, 2), (2, 4), (4, 10), (10, 12)]
    assert _outside_titles(words, [0, 1, 2, 3], [(3, 11)]) == [0, 1, 3]
    assert _outside_titles(words, [0, 1, 2, 3], []) == [0, 1, 2, 3]




def test_names_written_by_their_reading_are_linked_to_their_characters():
    from mtqa.readings import reading_links
    from mtqa.words import word_spans

    def read(version, lang, target):
        version_spans, target_spans = word_spans(version, lang), word_spans(target, "de")
        return sorted((version[slice(*version_spans[i])], target[slice(*target_spans[j])])
                      for i, j in reading_links(version, lang, target, version_spans, target_spans))

    assert read("十月份，湖南张家界接待的游客人数有所增加。", "zh",
                "Im Oktober kamen nach Zhangjiajie in der Provinz Hunan mehr Besucher, sagte Herr Wang.") \
        == [("张家界", "Zhangjiajie"), ("湖南", "Hunan")]
    assert read("函館市と青森市を結ぶフェリーは欠航となった。", "ja",
                "Die Fähren zwischen Hakodate und Aomori fielen aus, sagte Herr Tanaka.") \
        == [("函館", "Hakodate"), ("青森", "Aomori")]
    assert read("建築家の大野浩二氏が設計した。", "ja", "Entworfen hat es der Architekt Kōji Ōno.") \
        == [("大野", "Ōno"), ("浩二", "Kōji")]


def _counting(doc):
    """The view, and the list of versions whose words it was asked to align."""
    asked = []
    original = doc.align_words

    def align_words(version_text, lang, target_text):
        asked.append(lang)
        return original(version_text, lang, target_text)

    object.__setattr__(doc, "align_words", align_words)
    return doc, asked


FAITHFUL = ("Der Stadtrat billigte am Dienstag den neuen Haushalt.",
            {"en": "The city council approved the new budget on Tuesday.",
             "fr": "Le conseil municipal a approuvé mardi le nouveau budget.",
             "es": "El consejo municipal aprobó el martes el nuevo presupuesto."})


def test_versions_are_aligned_only_until_the_rest_cannot_change_the_outcome():
    doc, asked = _counting(view("de", [FAITHFUL]))
    assert run_checks(doc, CheckConfig(select=["MTQA406", "MTQA407"])) in ({}, {0: []})
    assert asked == ["en", "fr"]  # no gap against two of three: the third cannot make a quorum of two
    omitted = ("Der Stadtrat billigte den neuen Haushalt.",
               {lang: text.replace(" on Tuesday", " after a long and heated debate about school funding on Tuesday")
                .replace(" mardi", " mardi après un long débat houleux sur le financement des écoles")
                .replace(" el martes", " el martes tras un largo y acalorado debate sobre la financiación escolar")
                for lang, text in FAITHFUL[1].items()})
    doc, asked = _counting(view("de", [omitted]))
    found = run_checks(doc, CheckConfig(select=["MTQA406"])).get(0, [])
    assert asked == ["en", "fr", "es"] and found and set(found[0].evidence) == {"en", "fr", "es"}


def test_a_gap_counts_only_where_taking_it_out_brings_the_sides_closer():
    from mtqa.checks.coverage import Run, _closer_without

    doc = view("de", [])
    text = "The mayor opened the new bridge on Monday after three years of construction."
    target = [("Der Bürgermeister eröffnete am Montag die neue Brücke.", "de")]

    def gap(words):
        start = text.index(words)
        return Run(start, start + len(words), len(words.split()), 2, 0.5)

    assert _closer_without(doc, (text, "en"), gap("after three years of construction"), target)
    assert not _closer_without(doc, (text, "en"), gap("opened the new bridge"), target)


def test_frequent_nouns_are_content_words_and_articles_are_not():
    from mtqa.checks.coverage import _is_content

    assert _is_content("Menschen", "de") and _is_content("Jahr", "de")  # German nouns, however frequent
    assert not _is_content("Die", "de") and not _is_content("mit", "de")
    assert _is_content("residents", "en") and not _is_content("the", "en")
