"""Entity checks: wrong names are flagged at the right span; translations, exonyms and inflection are not."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.checks.entities import Name, find_rendering, names_in, spelling_variant, tokens
from mtqa.config import CheckConfig


def findings_for(doc, code):
    found = run_checks(doc, CheckConfig(select=[code]))
    return {i: [(doc.sentences[i].text[f.start:f.end], f.evidence) for f in fs] for i, fs in found.items()}


def test_names_are_read_from_latin_versions_without_leading_articles():
    names = names_in("Yesterday the New York Times and Le Monde quoted 3M and Jean-Paul Dupont.", set(), set(), "en")
    assert [n.surface for n in names] == ["New York Times", "Le Monde", "3M", "Jean-Paul Dupont"]


def test_rendering_allows_inflection_hyphens_and_exonyms():
    assert find_rendering(Name("Financial Times", ("financial", "times")), tokens("laut der Financial Times"))
    assert find_rendering(Name("Le Monde", ("monde",)), tokens("die Zeitung Le Mondes"))
    assert find_rendering(Name("Jean-Paul", ("jean", "paul")), tokens("Jean Paul sagte"))
    assert find_rendering(Name("Munich", ("munich",)), tokens("in München"))
    assert find_rendering(Name("Financial Times", ("financial", "times")), tokens("die Finanzzeitung")) is None


def test_substituted_word_in_a_multiword_name_is_flagged_with_every_supporting_version():
    doc = view("de", [
        ("Die New York Post meldete am Montag einen Rekord.",
         {"en": "The New York Times reported a record on Monday.", "fr": "Le New York Times a annoncé un record lundi."}),
    ])
    found = run_checks(doc, CheckConfig(select=["MTQA101"]))[0]
    assert len(found) == 1
    text = doc.sentences[0].text
    assert text[found[0].start:found[0].end] == "New York Post"
    assert found[0].evidence == {"en": "New York Times", "fr": "New York Times"}
    assert found[0].severity == "critical"


def test_one_word_name_replaced_by_another_name():
    doc = view("de", [("Toyota kündigte am Dienstag ein neues Werk in Polen an.",
                       {"en": "Honda announced a new plant in Poland on Tuesday."})])
    assert findings_for(doc, "MTQA101") == {0: [("Toyota", {"en": "Honda"})]}


def test_correct_translations_are_quiet():
    doc = view("de", [
        ("Laut der Financial Times will die Bank in Peking 300 Stellen streichen.",
         {"en": "According to the Financial Times, the bank plans to cut 300 jobs in Beijing."}),
        ("Der Chefredakteur des Wall Street Journals besuchte am Freitag München.",
         {"en": "The Wall Street Journal's editor visited Munich on Friday."}),
        ("Die chinesische Regierung und amerikanische Firmen sprachen über KI.",
         {"en": "The Chinese government and American firms discussed AI."}),
        ("Das Finale wird am Samstag in Madrid gespielt.", {"en": "The final will be played in Madrid on Saturday."}),
    ])
    assert findings_for(doc, "MTQA1") == {}


def test_inconsistent_rendering_within_the_document():
    doc = view("de", [
        ("Die Financial Times berichtete zuerst darüber.", {"en": "The Financial Times reported it first."}),
        ("Später schrieb die Financial Post, der Plan sei gescheitert.", {"en": "Later the Financial Times wrote that the plan had failed."}),
    ])
    found = findings_for(doc, "MTQA102")
    assert found == {1: [("Financial Post", {"en": "Financial Times"})]}


def test_a_name_replaced_entirely_by_another_name():
    doc = view("de", [("Wie die Chicago Tribune berichtete, schließt das Werk im Mai.",
                       {"en": "As the Boston Globe reported, the plant will close in May."})])
    assert findings_for(doc, "MTQA101") == {0: [("Chicago Tribune", {"en": "Boston Globe"})]}


def test_french_article_is_part_of_the_name():
    doc = view("de", [("Laut Le Parisien plant die Stadt neue Radwege.",
                       {"fr": "Selon Le Monde, la ville prévoit de nouvelles pistes cyclables."})])
    assert findings_for(doc, "MTQA101") == {0: [("Le Parisien", {"fr": "Le Monde"})]}


def test_two_different_wrong_renderings_of_one_name_are_inconsistent():
    doc = view("de", [
        ("Das Start-up Nova Blue stellte ein Modell vor.", {"en": "The start-up Acme.AI presented a model."}),
        ("Laut Gründer Tom Berg verfügt Nova nicht über viele Chips.", {"en": "According to founder Tom Berg, Acme.AI lacks chips."}),
    ])
    found = findings_for(doc, "MTQA102")
    assert sorted(found) == [0, 1]
    assert found[0][0][0] == "Nova Blue" and found[1][0][0] == "Nova"


def test_a_translated_title_or_club_city_is_not_a_name_substitute():
    doc = view("de", [("US-Präsident Donald Trump traf Bundeskanzler Olaf Scholz.", {"en": "US President Donald Trump met Chancellor Olaf Scholz."}),
                      ("Bayern München schlug Inter Mailand mit 2:1.", {"en": "Bayern Munich beat Inter Milan 2-1."})])
    assert findings_for(doc, "MTQA101") == {}


def test_another_romanisation_of_a_name_is_the_same_name():
    doc = view("de", [("Julia Nawalnaja rief die Europäer zum Widerstand auf.", {"fr": "Ioulia Navalnaïa a appelé les Européens à résister."})])
    assert findings_for(doc, "MTQA101") == {}


def test_a_rare_one_word_company_name_is_checked():
    doc = view("de", [("Der Chiphersteller Intel meldete am Mittwoch Rekordumsätze.", {"en": "The chipmaker Infineon reported record sales on Wednesday."})])
    assert findings_for(doc, "MTQA101") == {0: [("Intel", {"en": "Infineon"})]}


def test_word_alignment_pairs_a_name_with_the_other_name_that_replaced_it():
    from mtqa.checks.entities import find_aligned_substitute
    from mtqa.wordalign import default_aligner

    def substitute(version, target, name):
        target_tokens = tokens(target)
        alignment = default_aligner().align(version, "en", target, "de")
        found = find_aligned_substitute(Name(name, tuple(t.norm for t in tokens(name))), version, alignment,
                                        target_tokens, {t.norm for t in tokens(version)}, "de")
        return None if found is None else target[target_tokens[found[0]].start:target_tokens[found[1] - 1].end]

    assert substitute("Shares of Renault rose sharply on Tuesday.", "Die Aktien von Peugeot stiegen am Dienstag deutlich.",
                      "Renault") == "Peugeot"
    assert substitute("The court in The Hague issued a warrant.", "Das Gericht in Den Haag erließ einen Haftbefehl.", "Hague") is None
    assert substitute("Shares of Renault rose sharply on Tuesday.", "Die Aktien des Autobauers stiegen am Dienstag deutlich.",
                      "Renault") is None


def test_a_one_word_name_aligned_with_an_uncommon_target_word_is_replaced():
    doc = view("de", [("Die Aktien von Kärcher stiegen am Dienstag kräftig, nachdem der Konzern einen Großauftrag meldete.",
                       {"en": "Shares in Rheinmetall rose sharply on Tuesday after the group reported a major order."})])
    assert findings_for(doc, "MTQA101") == {0: [("Kärcher", {"en": "Rheinmetall"})]}


def test_names_translated_into_words_of_the_target_are_not_replaced():
    rows = [("Das Bundesverfassungsgericht kippte das Gesetz.", {"en": "Germany's Constitutional Court struck down the law."}),
            ("Der Schwarzwald lockt viele Touristen.", {"en": "The Black Forest attracts many tourists."}),
            ("Der Kreml wies die Vorwürfe zurück.", {"en": "The Kremlin rejected the accusations."}),
            ("Die Regierung in Kiew reagierte gelassen.", {"en": "The government in Kyiv reacted calmly."}),
            # a description for the name: an inflected common word, a compound
            ("Die Aktien des Konzerns stiegen am Dienstag deutlich.", {"en": "Shares of Renault rose sharply on Tuesday."}),
            ("Die Aktien des Rüstungskonzerns stiegen am Dienstag.", {"en": "Shares of Rheinmetall rose on Tuesday."}),
            # a compound built on the name
            ("Ein Frachter lief in der Scheldemündung auf Grund.", {"en": "A freighter ran aground in the Scheldt estuary."})]
    assert findings_for(view("de", rows), "MTQA101") == {}


def test_a_name_inside_a_title_both_sides_quote_is_translated_with_the_title():
    doc = view("de", [("Die Ausstellung ist nach Thomas Manns Roman „Der Zauberberg“ benannt.",
                       {"en": "The exhibition takes its title from Thomas Mann's novel 'The Magic Mountain'."})])
    assert findings_for(doc, "MTQA101") == {}
    unquoted = view("de", [("Die Ausstellung ist nach Thomas Manns Roman Buddenbrooks benannt.",
                            {"en": "The exhibition takes its title from Thomas Mann's novel The Magic Mountain."})])
    assert findings_for(unquoted, "MTQA101") != {}


def test_a_name_built_on_a_city_adjective_is_rendered_by_the_citys_name():
    doc = view("en", [("Cologne Cathedral will stay partly closed until October.",
                       {"de": "Der Kölner Dom bleibt bis Oktober teilweise geschlossen."}),
                      ("The Dresden Philharmonic opened the festival.",
                       {"de": "Die Dresdner Philharmonie eröffnete das Festival."})])
    assert findings_for(doc, "MTQA101") == {}


def test_a_common_word_of_the_target_language_is_no_coined_name():
    doc = view("es", [("Un portavoz del Ministerio de Sanidad habló con los periodistas en Madrid.",
                       {"en": "A Health Ministry spokesman spoke to reporters in Madrid."})])
    assert findings_for(doc, "MTQA101") == {}


def test_one_name_spelled_two_ways_is_not_two_names_as_close_in_letters():
    assert spelling_variant("kharkiv", "charkiw") and spelling_variant("navalnaia", "nawalnaja")
    assert spelling_variant("neuen", "neues")  # one name inflected ("im Neuen Museum" / "Neues Museum")
    assert not spelling_variant("garnier", "gautier")


def test_a_surname_replaced_by_a_similar_one_is_flagged():
    found = run_checks(view("de", [("In Marseille führte die von Sophie Gautier angeführte Liste.",
                                    {"fr": "À Marseille, la liste conduite par Sophie Garnier est arrivée en tête."})]),
                       CheckConfig(select=["MTQA101"]))
    assert [f.evidence for f in found.get(0, [])] == [{"fr": "Sophie Garnier"}]


def test_a_name_of_several_words_replaced_word_for_word_by_another_is_flagged():
    doc = view("de", [("Dirigent Daniel Barenboim leitete am Freitag das Orchester bei den Salzburger Festspielen.",
                       {"en": "Conductor Kirill Petrenko led the orchestra at the Salzburg Festival on Friday."})])
    assert findings_for(doc, "MTQA101") == {0: [("Daniel Barenboim", {"en": "Kirill Petrenko"})]}


def test_decades_ordinals_and_quantities_with_units_are_no_names():
    assert names_in("Exports peaked in the 1960s, fell in the 1970s and recovered on the 3rd of May after a 10km march.",
                    set(), set(), "en") == []
    # a number joined to capitals is a name
    found = names_in("Die Firma 3M und der Standard 5G wurden genannt.", set(), set(), "de")
    assert [n.norms[-1] for n in found] == ["3m", "5g"]


def test_a_japanese_surname_romanised_as_another_is_flagged():
    def found(target, japanese):
        return findings_for(view("de", [(target, {"ja": japanese})]), "MTQA101")

    assert found("Mariko Yamada gewann das Rennen in Osaka.", "山本真理子選手が大阪のレースで優勝した。") == {
        0: [("Yamada", {"ja": "山本真理子"})]}
    # the surname by its reading, in either order, voiced or not
    assert found("Mariko Yamamoto gewann das Rennen in Osaka.", "山本真理子選手が大阪のレースで優勝した。") == {}
    assert found("Yamasaki Kenta erzielte zwei Tore.", "山崎健太が2ゴールを決めた。") == {}
    # a given name is not judged: it has readings no dictionary lists
    assert found("Toyota-Chef Koji Sato bekräftigte die Pläne.", "トヨタ自動車の佐藤恒治社長は計画を改めて示した。") == {}


def test_a_romanised_chinese_name_the_chinese_version_does_not_spell_is_flagged():
    def found(target, chinese):
        return findings_for(view("de", [(target, {"zh": chinese})]), "MTQA101")

    assert found("Cheftrainer Gao Wei lobte die Abwehr.", "主教练高明称赞了防守。") == {0: [("Wei", {"zh": "高明"})]}
    # a word of the target's own language beside the name is a word ("Hafen"), not a syllable of it
    assert found("Das Schiff verließ den Hafen Yangshan in Shanghai.", "货轮从上海洋山港启航。") == {}


def test_a_compound_noun_of_a_german_version_is_no_name():
    from checkviews import view as make_view

    from mtqa.checks import run_checks
    from mtqa.config import CheckConfig

    doc = make_view("en", [("The operator is testing a new network for business customers in Cologne.",
                             {"de": "Der Betreiber testet in Köln ein neues Netz für Geschäftskunden."})])
    assert run_checks(doc, CheckConfig(select=["MTQA101"])).get(0, []) == []
    doc = make_view("en", [("Shares of Siemens rose after the results.", {"de": "Die Aktien von Bosch stiegen nach den Zahlen."})])
    assert run_checks(doc, CheckConfig(select=["MTQA101"])).get(0, []) != []


def test_a_name_built_on_a_place_the_target_names_is_translated_around_it():
    from checkviews import view as make_view

    from mtqa.checks import run_checks
    from mtqa.config import CheckConfig

    def found(target, version):
        doc = make_view("en", [(target, {"de": version})])
        return [target[f.start:f.end] for f in run_checks(doc, CheckConfig(select=["MTQA101"])).get(0, [])]

    assert found("The Port of Hamburg handled more containers in May.", "Der Hamburger Hafen schlug im Mai mehr Container um.") == []
    assert found("The Port of Rotterdam handled more containers in May.", "Der Hamburger Hafen schlug im Mai mehr Container um.") != []


def test_a_possessive_ends_a_name_and_a_coined_first_word_is_one():
    found = [n.surface for n in names_in("Under the deal, Eutelsat's OneWeb network will serve Tyrol.", set(), set(), "en")]
    assert found == ["Eutelsat's", "OneWeb", "Tyrol"]
    # a sentence's first word is kept when no language knows it; an ordinary one is not
    assert [n.surface for n in names_in("Zqxwerk moved to Leiden.", set(), set(), "en")] == ["Zqxwerk", "Leiden"]
    assert [n.surface for n in names_in("Yesterday Leiden voted.", set(), set(), "en")] == ["Leiden"]


def test_a_german_versions_noun_phrase_is_no_name():
    found = [n.surface for n in names_in("Laut dem Statistischen Landesamt arbeitet jeder Dritte in Baden-Württemberg.", set(), set(), "de")]
    assert "Statistischen Landesamt" not in found and "Baden-Württemberg" in found
