"""Form checks (mtqa.checks.form): stray symbols, spacing, garbled and unbalanced punctuation,
doubled words. Every document is built by hand from invented sentences."""

from __future__ import annotations

import pytest

from mtqa.checks.base import REGISTRY, Counterpart, DocumentView, SentenceView
from mtqa.checks import form  # noqa: F401  (registers the rules)
from mtqa.config import CheckConfig


def make_doc(lang: str, *sentences: str, versions: dict[str, tuple[str, list[str]]] | None = None,
             boilerplate: dict[int, str] | None = None) -> DocumentView:
    """A target in ``lang``; ``versions`` maps a version name to (lang, one text per target sentence)."""
    versions = versions or {}
    boilerplate = boilerplate or {}
    views = []
    for i, text in enumerate(sentences):
        counterparts = {
            name: Counterpart(vlang, texts[i], "1-1" if texts[i] else "1-0", 0.9 if texts[i] else None, 0.9)
            for name, (vlang, texts) in versions.items()
        }
        views.append(SentenceView(i, text, boilerplate.get(i), counterparts))
    return DocumentView(lang, views, list(versions))


def findings(code: str, doc: DocumentView, config: CheckConfig | None = None):
    found = list(REGISTRY[code].check(doc, config or CheckConfig()))
    for f in found:
        assert f.code == code and f.version is None
        assert 0 <= f.start < f.end <= len(doc.sentences[f.sentence].text)
    return found


def spans(code: str, doc: DocumentView, config: CheckConfig | None = None) -> list[tuple[int, str]]:
    """(sentence index, flagged text) of every finding of ``code``."""
    return [(f.sentence, doc.sentences[f.sentence].text[f.start:f.end]) for f in findings(code, doc, config)]


def one(code: str, lang: str, text: str) -> list[str]:
    return [s for _, s in spans(code, make_doc(lang, text))]


# --------------------------------------------------------------------------------------------
# Registration
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code,name,severity,category", [
    ("MTQA501", "stray-symbol", "major", "fluency"),
    ("MTQA502", "space-before-punctuation", "minor", "locale-convention"),
    ("MTQA503", "garbled-punctuation", "major", "fluency"),
    ("MTQA504", "unbalanced-quotes-or-brackets", "minor", "fluency"),
    ("MTQA505", "doubled-word", "minor", "fluency"),
])
def test_rules_are_registered_with_documentation(code, name, severity, category):
    r = REGISTRY[code]
    assert (r.name, r.severity, r.category) == (name, severity, category)
    assert r.summary.startswith("Checks for") and len(r.why) > 80 and "->" in r.example


def test_run_on_rule_is_not_registered():
    assert "MTQA506" not in REGISTRY


# --------------------------------------------------------------------------------------------
# MTQA501 stray-symbol
# --------------------------------------------------------------------------------------------

def test_stray_percent_after_a_word_is_flagged_with_its_exact_offset():
    text = "Der Umsatz stieg um bis zu 15 % in manchen Regionen %."
    doc = make_doc("de", text)
    [f] = findings("MTQA501", doc)
    assert (f.start, f.end) == (len(text) - 2, len(text) - 1)
    assert text[f.start:f.end] == "%" and "%" in f.message


@pytest.mark.parametrize("lang,text,expected", [
    ("de", "Die Quote liegt bei % und steigt.", ["%"]),
    ("en", "Prices rose sharply # in the second quarter.", ["#"]),
    ("en", "The committee met * on Tuesday.", ["*"]),
    ("de", "Das regelt der § im neuen Gesetz.", ["§"]),
    ("en", "Sales grew in Europe &.", ["&"]),
    ("en", "The team said nothing @.", ["@"]),
    ("de", "Der Bericht erschien am Montag |.", ["|"]),
    ("de", "Der Bericht erschien | am Montag.", []),  # | between two words is a separator
    ("de", "Die Kosten ~ sind gestiegen.", []),  # ~ between two words reads as "about"/"similar to"
    ("de", "Die Kosten stiegen ~.", ["~"]),
    ("en", "The shares cost ^.", ["^"]),
    ("de", "Die Tickets kosten €.", ["€"]),
    ("en", "They paid $ for the licence.", ["$"]),
    ("fr", "Le prix a augmenté de £ depuis mars.", ["£"]),
])
def test_stray_symbols_are_flagged(lang, text, expected):
    assert one("MTQA501", lang, text) == expected


@pytest.mark.parametrize("lang,text", [
    ("de", "Der Anteil stieg auf 20 % im Jahr 2023."),
    ("de", "Der Anteil stieg auf 20\u00a0% im Jahr 2023."),
    ("fr", "La part est passée à 20\u202f% en 2023."),
    ("en", "The share rose to 20% in 2023."),
    ("de", "Die Inflation lag bei 3,5 % (nach 4,1 %)."),
    ("de", "Die Quote (3,5 %) blieb stabil."),
    ("de", "Ein Plus von 10–20 % ist möglich."),
    ("tr", "Oran %20 arttı."),
    ("tr", "Oran % 20 arttı."),
    ("de", "Alle Angaben in % und in €."),
    ("de", "Die Spalte Anteil (%) ist leer."),
    ("de", "Das Zeichen „%“ steht für Prozent."),
    ("de", "Der Umsatz betrug 20 Mio. € im Jahr."),
    ("de", "Der Umsatz betrug € 20 Mio. im Jahr."),
    ("en", "It cost $5 million, or £4 million."),
    ("en", "It cost $ 5 million in total."),
    ("de", "Preise in $ und € werden angegeben."),
    ("de", "Die Abteilung Forschung & Entwicklung wächst."),
    ("en", "She works at AT&T and at H & M."),
    ("de", "Nach § 5 Abs. 2 ist das erlaubt."),
    ("en", "The song reached # 1 in May."),
    ("en", "The campaign #MeToo and the language C# were discussed."),
    ("de", "* Erster Punkt der Liste"),
    ("en", "The result of 3 * 4 is twelve."),
    ("de", "Die Lehrer*innen streiken."),
    ("de", "Die Kosten betragen ~5 % mehr."),
    ("de", "Die Kosten betragen ~ 5 % mehr."),
    ("de", "Nachrichten | Wirtschaft | Politik"),
    ("en", "The value is 10 ^ 3 here."),
    ("de", "Er zensierte das Wort *** im Text."),
    ("de", "Siehe Fußnote (*) am Ende."),
    ("de", "* * *"),
])
def test_attached_symbols_are_not_flagged(lang, text):
    assert one("MTQA501", lang, text) == []


def test_stray_symbol_is_not_flagged_when_a_version_has_it_unattached_too():
    versions = {"en": ("en", ["Sales rose in some tests %."])}
    assert spans("MTQA501", make_doc("de", "Der Umsatz stieg in einigen Tests %.", versions=versions)) == []


def test_stray_symbol_is_flagged_when_the_version_has_it_attached():
    versions = {"en": ("en", ["Sales rose by up to 20% in some tests."])}
    doc = make_doc("de", "Der Umsatz stieg um bis zu 20 % in einigen Tests %.", versions=versions)
    assert spans("MTQA501", doc) == [(0, "%")]


def test_a_different_stray_symbol_in_a_version_does_not_excuse_the_target():
    versions = {"en": ("en", ["Sales rose # in some tests."])}
    assert spans("MTQA501", make_doc("de", "Der Umsatz stieg in einigen Tests %.", versions=versions)) == [(0, "%")]


def test_stray_currency_is_excused_by_any_stray_currency_in_a_version():
    versions = {"zh": ("zh", ["价格上涨了 ¥ 。"])}
    assert spans("MTQA501", make_doc("de", "Der Preis stieg um €.", versions=versions)) == []


def test_stray_symbol_in_boilerplate_is_not_checked():
    doc = make_doc("de", "Startseite | Impressum |", "Der Umsatz stieg in einigen Tests %.",
                   boilerplate={0: "menu"})
    assert spans("MTQA501", doc) == [(1, "%")]


# --------------------------------------------------------------------------------------------
# MTQA502 space-before-punctuation
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,expected", [
    ("de", "Effizienz ist das eigentliche Ziel .", [" ."]),
    ("de", "Die Firma , die 2019 gegründet wurde, wächst.", [" ,"]),
    ("en", "Is this really the goal ?", [" ?"]),
    ("en", "Note the following : prices fell.", [" :"]),
    ("en", "Prices fell ; wages rose.", [" ;"]),
    ("de", "Das ist erstaunlich !", [" !"]),
    ("de", "Das Modell (das kleinere ) ist schneller.", [" )"]),
    ("de", "Die Liste [siehe oben ] ist lang.", [" ]"]),
    ("de", "Das Ergebnis\u00a0, das wir sahen, überrascht.", ["\u00a0,"]),
    ("fr", "Le modèle , plus petit, est plus rapide .", [" ,", " ."]),
    ("fr", "Le modèle (plus petit ) est rapide.", [" )"]),
    ("de", "Sie lasen „das Buch“ .", [" ."]),
])
def test_space_before_punctuation_is_flagged(lang, text, expected):
    assert one("MTQA502", lang, text) == expected


def test_space_before_punctuation_span_offsets():
    text = "Das ist das Ziel ."
    [f] = findings("MTQA502", make_doc("de", text))
    assert (f.start, f.end) == (16, 18)


@pytest.mark.parametrize("lang,text", [
    ("fr", "Pourquoi les puces sont-elles si chères ?"),
    ("fr", "Il a dit\u202f: « Nous devons avancer\u202f! »"),
    ("fr", "Le constat est clair ; la demande est forte : elle double."),
    ("fr", "Il a répondu : « Non. »"),
    ("de", "Das ist z. B. ein Test, u. a. mit Daten."),
    ("de", "Der Wert liegt bei 3,5 % oder 0.5 Punkten."),
    ("en", "He paused ... and went on."),
    ("de", "Er zögerte … und sprach dann weiter."),
    ("en", "He stopped . . . and went on."),
    ("en", "The runtime .NET is used, with a rate of .5 per cent."),
    ("de", "Das Spiel endete 2 : 1 für die Gäste."),
    ("de", "Die Preise – so die Studie – steigen."),
    ("en", "That was fun :) and we left."),
    ("de", "Die Felder [ ] sind leer."),
    ("de", "Die Firma wuchs stark; die Kosten auch."),
])
def test_correct_spacing_is_not_flagged(lang, text):
    assert one("MTQA502", lang, text) == []


def test_french_rules_follow_the_target_language_tag():
    text = "Pourquoi pas ?"
    assert one("MTQA502", "fr-CA", text) == []
    assert one("MTQA502", "en", text) == [" ?"]


def test_space_before_punctuation_leaves_garbled_runs_to_503_unless_503_is_off():
    text = "Sie sind schneller . , was zählt."
    doc = make_doc("de", text)
    assert spans("MTQA502", doc) == []
    assert spans("MTQA503", doc) == [(0, " . ,")]
    assert spans("MTQA502", doc, CheckConfig(ignore=["MTQA503"])) == [(0, " .")]


# --------------------------------------------------------------------------------------------
# MTQA503 garbled-punctuation
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,expected", [
    ("de", "Kleine Modelle sind schneller . , was wichtig ist.", [" . ,"]),
    ("de", "Das gilt für Chips . . Und für Software.", [" . ."]),
    ("de", "Das gilt für Chips, . und für Software.", [", ."]),
    ("de", "Das gilt für Chips., und für Software.", [".,"]),
    ("de", "Das gilt für Chips,, und für Software.", [",,"]),
    ("de", "Das gilt für Chips.. Und für Software.", [".."]),
    ("en", "This holds for chips ; , and software.", [" ; ,"]),
    ("en", "This holds for chips , ? and software.", [" , ?"]),
    ("de", ", was für Echtzeitanwendungen wichtig ist.", [","]),
    ("de", ". , was wichtig ist.", [". ,"]),
    ("de", "Sie konzentrieren sich auf Roboter . und Anwendungen.", [" ."]),
    ("fr", "Elles se concentrent sur les robots . et les applications.", [" ."]),
])
def test_garbled_punctuation_is_flagged(lang, text, expected):
    assert one("MTQA503", lang, text) == expected


def test_garbled_punctuation_span_offsets():
    text = "Sie sind schneller . , was zählt."
    [f] = findings("MTQA503", make_doc("de", text))
    assert (f.start, f.end) == (18, 22)


@pytest.mark.parametrize("lang,text", [
    ("de", "Er zögerte ... und sprach weiter."),
    ("de", "Er nannte Chips, Software usw., die teuer sind."),
    ("de", "Er nannte Chips ..., die teuer sind."),
    ("en", "He stopped . . . and went on."),
    ("en", "Wait.... Nothing happened."),
    ("de", "Das sind z. B., wie gesagt, Chips."),
    ("de", "Die Tagung fand am 3., 4. und 5. Mai statt."),
    ("en", "Apples, pears, etc., are sold in the U.S., not in Canada."),
    ("fr", "Des puces, des logiciels, etc. : tout est plus cher."),
    ("de", "Der Wert stieg von 3,5 auf 4.2 Punkte."),
    ("de", "Wirklich?! Das ist erstaunlich!"),
    ("en", "Sites like Yahoo!, Google and others grew."),
    ("en", "Use std::vector or a range 1..10 here."),
    ("en", ".NET is a framework."),
    ("de", "... und dann kam der Regen."),
    ("de", "Sie konzentrieren sich auf Roboter. Und auf Anwendungen."),
    ("de", "Das ist u. a. ein Test."),
])
def test_correct_punctuation_is_not_flagged(lang, text):
    assert one("MTQA503", lang, text) == []


# --------------------------------------------------------------------------------------------
# MTQA504 unbalanced-quotes-or-brackets
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,expected", [
    ("de", "„Ohne Anwendung ist ein Modell wertlos, sagte der Chef.", ["„"]),
    ("de", "Ohne Anwendung ist ein Modell wertlos“, sagte der Chef.", ["“"]),
    ("en", "“Without an application a model is worthless, he said.", ["“"]),
    ("en", "Without an application a model is worthless,” he said.", ["”"]),
    ("fr", "« Sans application, un modèle ne vaut rien, a-t-il dit.", ["«"]),
    ("fr", "Sans application, un modèle ne vaut rien », a-t-il dit.", ["»"]),
    ("en", "He said \"a model is worthless and left.", ["\""]),
    ("de", "Das Modell (das kleinere ist schneller.", ["("]),
    ("de", "Das Modell das kleinere) ist schneller.", [")"]),
    ("de", "Die Liste [siehe oben ist lang.", ["["]),
    ("de", "Die Werte sind {1, 2.", ["{"]),
    ("de", "Er nannte es ‚klein und ging.", ["‚"]),
    ("en", "He called it ‘small and left.", ["‘"]),
])
def test_unbalanced_marks_are_flagged(lang, text, expected):
    assert one("MTQA504", lang, text) == expected


def test_unbalanced_mark_span_offset():
    text = "Das Modell (das kleinere ist schneller."
    [f] = findings("MTQA504", make_doc("de", text))
    assert (f.start, f.end) == (11, 12) and "not closed" in f.message


@pytest.mark.parametrize("lang,text", [
    ("de", "„Ohne Anwendung ist ein Modell wertlos“, sagte der Chef."),
    ("de", "Er sprach vom „Jahr des kleinen Modells“ und von ‚Effizienz‘."),
    ("de", "Er sprach vom „Jahr des kleinen Modells”."),
    ("de", "Er sprach vom „Jahr des kleinen Modells\"."),
    ("de", "Er sprach vom “Jahr des kleinen Modells“."),
    ("de", "Er sprach vom »Jahr des kleinen Modells«."),
    ("de", "Er sprach vom «Jahr des kleinen Modells»."),
    ("en", "He spoke of the “year of the small model” and of ‘efficiency’."),
    ("en", "It's Kai-Fu's view, the companies’ view and the ’90s view; it’s fine."),
    ("en", "He said \"small is beautiful\" and left."),
    ("en", "The screen measures 27\" across."),
    ("de", "Kai-Fu‘s Firma sagt, es geht‘s gut."),
    ("fr", "Il a parlé de « l’année du petit modèle »."),
    ("fr", "Il a dit : « C’est fini ! »"),
    ("de", "Die Gründe sind: a) Kosten, b) Zeit und 2) Energie."),
    ("en", "That was fun :) and sad :( at once."),
    ("de", "Das Modell (das kleinere) ist [laut Studie] schneller {sic}."),
    ("de", "„Er sagte: ‚Nie wieder‘ (und ging).“"),
])
def test_balanced_marks_are_not_flagged(lang, text):
    assert one("MTQA504", lang, text) == []


def test_quotation_may_close_in_a_later_sentence():
    doc = make_doc("de",
                   "Der Manager sagte: „Wir sollten nicht glauben, dass wir ohne diese Chips nicht führen können.",
                   "Diese Sichtweise müssen wir aufgeben.“",
                   "Danach ging er.")
    assert spans("MTQA504", doc) == []


def test_french_quotation_may_close_in_a_later_sentence():
    doc = make_doc("fr", "Il a déclaré : « Nous devons avancer.", "Il n’y a pas d’autre choix. »")
    assert spans("MTQA504", doc) == []


def test_quotation_never_closed_is_reported_in_the_sentence_that_opens_it():
    doc = make_doc("de", "Das ist ein Satz.", "Er sagte: „Wir sind bereit.", "Danach ging er.")
    assert spans("MTQA504", doc) == [(1, "„")]


def test_closing_quote_without_opening_in_a_later_sentence():
    doc = make_doc("de", "Das ist ein Satz.", "Wir sind bereit“, sagte er.")
    [f] = findings("MTQA504", doc)
    assert (f.sentence, f.start, f.end) == (1, 15, 16) and "not opened" in f.message


def test_a_quotation_may_close_anywhere_in_its_paragraph_but_not_in_the_next():
    def sentence(i, text, paragraph):
        return SentenceView(i, text, None, {}, paragraph)

    texts = ["Er sagte: „Wir sind bereit.", "Das ist ein Satz.", "Das ist ein Satz.",
             "Das ist ein Satz.", "Das ist das Ende.“"]
    same_paragraph = DocumentView("de", [sentence(i, t, 0) for i, t in enumerate(texts)], [])
    assert spans("MTQA504", same_paragraph) == []
    split = DocumentView("de", [sentence(i, t, 0 if i < 2 else 1) for i, t in enumerate(texts)], [])
    found = findings("MTQA504", split)
    assert [(f.sentence, split.sentences[f.sentence].text[f.start:f.end]) for f in found] == [(0, "„"), (4, "“")]
    assert "end of the paragraph" in found[0].message


def test_unbalanced_mark_is_not_flagged_when_a_version_is_unbalanced_the_same_way():
    versions = {"en": ("en", ["“Without an application a model is worthless, he said."])}
    doc = make_doc("de", "„Ohne Anwendung ist ein Modell wertlos, sagte der Chef.", versions=versions)
    assert spans("MTQA504", doc) == []


def test_unbalanced_mark_is_flagged_when_the_version_is_balanced():
    versions = {"en": ("en", ["“Without an application a model is worthless,” he said."])}
    doc = make_doc("de", "„Ohne Anwendung ist ein Modell wertlos, sagte der Chef.", versions=versions)
    assert spans("MTQA504", doc) == [(0, "„")]


def test_version_bracket_does_not_excuse_a_target_quote():
    versions = {"en": ("en", ["Without an application (a model is worthless, he said."])}
    doc = make_doc("de", "„Ohne Anwendung ist ein Modell wertlos, sagte der Chef.", versions=versions)
    assert spans("MTQA504", doc) == [(0, "„")]


# --------------------------------------------------------------------------------------------
# MTQA505 doubled-word
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,expected", [
    ("de", "Das Modell wurde mit mit weniger Daten trainiert.", ["mit mit"]),
    ("en", "The the model was trained on less data.", ["The the"]),
    ("en", "The model was trained on the the data.", ["the the"]),
    ("de", "Die Chips sind sehr sehr teuer.", ["sehr sehr"]),
    ("fr", "Le modèle est est plus rapide.", ["est est"]),
    ("de", "Die Modelle Modelle sind klein.", ["Modelle Modelle"]),
    ("en", "It was trained on less data data.", ["data data"]),
])
def test_doubled_words_are_flagged(lang, text, expected):
    assert one("MTQA505", lang, text) == expected


def test_doubled_word_span_offsets():
    text = "Das Modell wurde mit mit weniger Daten trainiert."
    [f] = findings("MTQA505", make_doc("de", text))
    assert (f.start, f.end) == (17, 24)


@pytest.mark.parametrize("lang,text", [
    ("de", "Er weiß, dass das das beste Modell ist."),
    ("de", "Leute, die die Regeln kennen, gewinnen."),
    ("de", "Der Mann, der der Firma half, ging."),
    ("de", "Ob sie sie kennt, ist unklar."),
    ("en", "He said that that was wrong, and he had had enough."),
    ("fr", "Nous nous sommes trompés et vous vous trompez."),
    ("en", "The island Bora Bora is far away."),
    ("de", "Die Zahlen 20 20 und 3 3 stehen da."),
    ("de", "Das ist Baden-Baden und ein Ost-West West-Konflikt."),
    ("en", "They said bye bye and ha ha."),
    ("de", "Das Modell ist neu, das Modell ist klein."),
])
def test_legitimate_repetitions_are_not_flagged(lang, text):
    assert one("MTQA505", lang, text) == []


def test_doubled_word_is_not_flagged_when_a_version_has_the_same_doubling():
    versions = {"en": ("en", ["Our partner Duran Duran Ltd signed."])}
    doc = make_doc("de", "Unser Partner duran duran hat unterschrieben.", versions=versions)
    assert spans("MTQA505", doc) == []
    assert spans("MTQA505", make_doc("de", "Unser Partner duran duran hat unterschrieben.")) == [(0, "duran duran")]


# --------------------------------------------------------------------------------------------
# Whole documents
# --------------------------------------------------------------------------------------------

def test_correct_paragraphs_in_three_languages_raise_nothing():
    de = make_doc("de",
                  "Am 3. Mai stellte die Firma ihr neues Modell vor, das z. B. 20 % weniger Strom braucht.",
                  "Laut Chefin Anna Berg „zählt nicht die Größe, sondern die Effizienz“.",
                  "Die Kosten (rund 5 Mio. €) trägt u. a. das Land … so heißt es.",
                  "Sie sagte: „Wir sind bereit.",
                  "Das Ziel ist klar.“")
    en = make_doc("en",
                  "On May 3, the firm presented its new model, which uses 20% less power, e.g. in data centres.",
                  "According to CEO Anna Berg, “it's not size but efficiency that counts.”",
                  "The costs (about $5 million) are borne by the state... or so it's said.",
                  "Kai-Fu's firm didn't comment; the companies’ results are due in June.")
    fr = make_doc("fr",
                  "Le 3 mai, l’entreprise a présenté son nouveau modèle, qui consomme 20\u202f% d’énergie en moins.",
                  "Selon sa directrice, « ce n’est pas la taille qui compte, mais l’efficacité ».",
                  "Pourquoi maintenant ? Parce que la demande augmente : elle a doublé en 3,5 ans !",
                  "Les coûts (environ 5\u00a0M€) sont pris en charge par l’État… du moins en partie.")
    for doc in (de, en, fr):
        for code in ("MTQA501", "MTQA502", "MTQA503", "MTQA504", "MTQA505"):
            assert spans(code, doc) == [], (doc.target_lang, code)


def test_garbled_german_paragraph_raises_each_rule_once():
    doc = make_doc("de",
                   "Kleine Modelle sind schneller . , was für Echtzeitanwendungen wichtig ist .",
                   "Der Vorsprung betrug bis zu 20 % in einigen Tests %.",
                   "„Ohne Anwendung ist jedes Modell wertlos, sagte der Chef der der Firma.",
                   "Das ist ein neuer Absatz.")
    assert spans("MTQA501", doc) == [(1, "%")]
    assert spans("MTQA502", doc) == [(0, " .")]
    assert spans("MTQA503", doc) == [(0, " . ,")]
    assert spans("MTQA504", doc) == [(2, "„")]
    assert spans("MTQA505", doc) == []  # German "der der" may be grammatical: left alone


# --------------------------------------------------------------------------------------------
# Refinements found on real machine-translated text
# --------------------------------------------------------------------------------------------

def test_hashtags_split_from_their_words_are_not_stray_symbols():
    assert one("MTQA501", "de", "# Nachhaltigkeit # Erfolg # Freundschaft") == []
    versions = {"en": ("en", ["Our motto: #success"])}
    assert spans("MTQA501", make_doc("de", "Unser Motto: # Erfolg", versions=versions)) == []
    assert spans("MTQA501", make_doc("de", "Unser Motto: # Erfolg")) == [(0, "#")]


def test_full_width_symbol_in_an_unspaced_version_excuses_the_target():
    versions = {"zh": ("zh", ["我只能继续用，或者扔掉，很伤心～"])}
    doc = make_doc("en", "I can keep using it or throw it away, very sad ~", versions=versions)
    assert spans("MTQA501", doc) == []
    assert spans("MTQA501", make_doc("en", "I can keep using it or throw it away, very sad ~")) == [(0, "~")]


def test_a_number_in_an_unspaced_version_does_not_excuse_the_target():
    versions = {"zh": ("zh", ["在一些测试中领先20%。"])}
    doc = make_doc("de", "Der Vorsprung betrug in einigen Tests %.", versions=versions)
    assert spans("MTQA501", doc) == [(0, "%")]


def test_a_run_of_one_word_is_reported_once_over_the_whole_run():
    text = "Die Firma verkauft Armband Armband Armband Armband."
    [f] = findings("MTQA505", make_doc("de", text))
    assert text[f.start:f.end] == "Armband Armband Armband Armband" and "4 times" in f.message


@pytest.mark.parametrize("lang,text", [
    ("de", "Das ist der Grund, warum ich Spiele spiele."),
    ("en", "The toll is estimated at at least 300 people."),
    ("en", "What he is interested in in this case is money."),
])
def test_doublings_that_change_word_class_or_phrase_are_not_flagged(lang, text):
    assert one("MTQA505", lang, text) == []


def test_sentence_initial_stutter_with_different_case_is_flagged():
    assert one("MTQA505", "de", "Aber aber für die meisten Ordner reicht es.") == ["Aber aber"]


def test_brackets_padded_on_both_sides_are_left_alone():
    assert one("MTQA502", "de", "Das sagten Kollegen wie [ Person 4 ] oder ( Person 9 ).") == []
    assert one("MTQA502", "de", "Das sagten Kollegen wie [Person 4 ] gestern.") == [" ]"]


def test_emoticon_brackets_are_not_unbalanced():
    assert one("MTQA504", "de", "Zwei schlechte Zitronen in Folge ((( Ich bestelle nie wieder.") == []
    assert one("MTQA504", "en", "Two bad lemons in a row :(( never again.") == []
    assert one("MTQA504", "de", "Zwei Zitronen ((Sorte A) sind schlecht.") == ["("]


def test_emoji_shortcodes_are_not_garbled_punctuation():
    assert one("MTQA503", "en", "Hold my keyboard :partyparrot: :helix: :dance:") == []


def test_a_tokenised_text_is_reported_once_without_flagging_lines():
    doc = make_doc("de", "Die Firma , die 2019 gegründet wurde , wächst .", "Der Umsatz stieg um 5 % .",
                   "Sie sagte : „ Wir sind zufrieden . “", "Das Werk bleibt offen .")
    found = findings("MTQA502", doc)
    assert len(found) == 1 and "tokenised" in found[0].message and found[0].confidence < 0.8
    # one slip in an ordinary text is still reported where it is
    doc = make_doc("de", "Die Firma wächst .", "Der Umsatz stieg.", "Sie sagte, sie sei zufrieden.", "Das Werk bleibt.")
    assert spans("MTQA502", doc) == [(0, " .")]
    # two short lines that both space their punctuation are a tokenised file too
    doc = make_doc("en", "Sales rose by 8 percent , the company said .", "\" We are pleased , \" she said .")
    assert len(findings("MTQA502", doc)) == 1


def test_a_tokenisers_joint_marker_is_a_stray_symbol():
    assert one("MTQA501", "de", "Bitte reservieren Sie on @-@ line ein Zeitfenster.") == ["@-@"]
