"""Number, date, percentage and amount checks (MTQA301-303) and the locale-aware extractor."""

from __future__ import annotations

import pytest

from mtqa.checks.base import REGISTRY, Counterpart, DocumentView, SentenceView
from mtqa.checks.numbers import (
    Quantity,
    compare_sentence,
    explained_by,
    extract_quantities,
    number_checks,
    parse_chinese_numeral,
    parse_number,
    same_quantity,
)
from mtqa.config import CheckConfig


# ---------------------------------------------------------------------------------------------
# helpers


def values(text: str, lang: str) -> list[tuple[str, float]]:
    """(kind, value) of every quantity, checking each surface against its offsets on the way."""
    found = extract_quantities(text, lang)
    for q in found:
        assert text[q.start : q.end] == q.surface, q
    return [(q.kind, q.value) for q in found]


def one(text: str, lang: str) -> Quantity:
    found = extract_quantities(text, lang)
    assert len(found) == 1, found
    return found[0]


def view(target: str, versions: dict[str, str], target_lang: str = "de", alignment: str = "1-1",
         shared: int = 1) -> DocumentView:
    counterparts = {lang: Counterpart(lang, text, alignment, 0.8, 0.9, shared) for lang, text in versions.items()}
    return DocumentView(target_lang, [SentenceView(0, target, None, counterparts)], list(versions))


def run(doc: DocumentView) -> list:
    return list(number_checks(doc, CheckConfig()))


def spans(findings, doc: DocumentView) -> list[tuple[str, str, str | None]]:
    return sorted((f.code, doc.sentences[f.sentence].text[f.start : f.end], f.version) for f in findings)


# ---------------------------------------------------------------------------------------------
# registration


def test_rules_registered_with_documentation():
    expected = {
        "MTQA301": ("number-mismatch", "critical", "accuracy/mistranslation"),
        "MTQA302": ("number-missing", "major", "accuracy/omission"),
        "MTQA303": ("number-added", "minor", "accuracy/addition"),
    }
    for code, (name, severity, category) in expected.items():
        registered = REGISTRY[code]
        assert (registered.name, registered.severity, registered.category) == (name, severity, category)
        assert registered.check is number_checks
        assert len(registered.summary) > 60 and len(registered.why) > 40 and code in registered.example


# ---------------------------------------------------------------------------------------------
# parsing primitives


@pytest.mark.parametrize("raw, lang, expected", [
    ("1.000", "de", 1000), ("1.000,50", "de", 1000.5), ("3,5", "de", 3.5), ("3.5", "de", 3.5),
    ("1,000", "en", 1000), ("1,000.50", "en", 1000.5), ("3.5", "en", 3.5), ("1.000", "en", 1.0),
    ("1 000", "fr", 1000), ("1\u202f000\u202f000", "fr", 1_000_000), ("1'000", "de", 1000),
    ("1.2.3", "en", None),
])
def test_parse_number(raw, lang, expected):
    assert parse_number(raw, lang) == expected


@pytest.mark.parametrize("numeral, expected", [
    ("三", 3), ("十", 10), ("三十", 30), ("十二", 12), ("两百", 200), ("一万两千", 12000),
    ("三亿五千万", 3.5e8), ("三万亿", 3e12), ("二〇二四", 2024), ("三四", None), ("十四五", None),
])
def test_parse_chinese_numeral(numeral, expected):
    assert parse_chinese_numeral(numeral) == expected


# ---------------------------------------------------------------------------------------------
# extraction per language


def test_extract_german_amounts():
    text = "Der Konzern nahm 3,5 Millionen Euro ein, plante 1,2 Milliarden, verkaufte 1.000 Stück zu 1.000,50 Euro."
    assert values(text, "de") == [("number", 3.5e6), ("number", 1.2e9), ("number", 1000), ("number", 1000.5)]
    assert values("Das sind 2 Billionen Dollar und 4 Mio. Kunden sowie 7 Mrd. Yen.", "de") == \
        [("number", 2e12), ("number", 4e6), ("number", 7e9)]


def test_extract_german_percent_and_dates():
    assert values("Der Anteil stieg um 20 % und um 5 Prozentpunkte.", "de") == [("percent", 20), ("percent", 5)]
    q = one("Am 23. August begann der Kongress.", "de")
    assert (q.kind, q.value, q.surface) == ("date", 823, "23. August")
    assert values("Am 3. Juli und am 01.09.2025 war es soweit.", "de") == [("date", 703), ("date", 901), ("year", 2025)]
    assert values("Stichtag ist der 2024-08-25.", "de") == [("year", 2024), ("date", 825)]


def test_extract_german_ordinal_is_not_a_date():
    found = extract_quantities("Die 3. Runde beginnt am 23. August.", "de")
    assert [(q.kind, q.value, q.surface) for q in found] == [("ordinal", 3, "3."), ("date", 823, "23. August")]


def test_extract_codes_and_names_are_not_numbers():
    assert values("Der Chip 910B ersetzt die A100 und GPT-4 auf der WAIC 2024 im 5G-Netz.", "de") == []
    assert values("Nvidia's H20 and the RTX 4090 were shown at CES 2025.", "en") == []
    # an acronym before an amount does not make it a code
    assert values("Die EU 20 Milliarden Euro", "de") == [("number", 2e10)]


def test_extract_leading_zero_and_dotted_codes():
    assert values("Das Start-up 01.AI und Agent 007", "de") == []
    assert values("Der 20-jährige zahlte das 3-fache.", "de") == [("number", 20), ("multiplier", 3)]


def test_extract_scores_and_ratios_are_left_out():
    assert values("Die Mannschaft gewann mit 4:2 im Verhältnis 3 : 1.", "de") == []


def test_extract_clock_times_are_left_out():
    assert values("Die Sitzung begann um 14:30 Uhr und endete um 18 Uhr.", "de") == []
    assert values("The session began at 2:30 p.m. and ended at 6 pm.", "en") == []
    assert values("会议于下午3点开始。", "zh") == []
    assert values("The gala starts at 7.45 pm on Friday.", "en") == []
    assert values("比赛于下午3点30分开始。", "zh") == []


def test_extract_english():
    text = "Sales rose 20% to 3.5 million units, 1,000 stores and 1.2 billion dollars."
    assert values(text, "en") == [("percent", 20), ("number", 3.5e6), ("number", 1000), ("number", 1.2e9)]
    assert values("It opened on 23 August, on August 23 and on Aug. 23, 2024.", "en") == \
        [("date", 823), ("date", 823), ("date", 823), ("year", 2024)]
    year = extract_quantities("on Aug. 23, 2024", "en")[-1]
    assert year.kind == "year" and year.soft
    assert values("Output grew 12 per cent and 4 percent.", "en") == [("percent", 12), ("percent", 4)]
    assert values("The 3rd round in the 1990s", "en") == [("ordinal", 3), ("decade", 1990)]


def test_extract_english_spelled():
    found = extract_quantities("Three of the ten firms hired twenty-five people, a dozen engineers and a million users.", "en")
    assert [(q.value, q.spelled) for q in found] == [(3, True), (10, True), (25, True), (12, True), (1e6, True)]
    assert found[0].weak and not found[-1].weak
    assert values("One firm hired one engineer.", "en") == []  # "one" is also a pronoun/article


def test_extract_french():
    text = "Les ventes ont atteint 3,5 millions, 1,2 milliard et 2 milliards, pour 1 000 clients et 20 %."
    assert values(text, "fr") == [("number", 3.5e6), ("number", 1.2e9), ("number", 2e9), ("number", 1000), ("percent", 20)]
    assert values("Le 23 août et le 1er août 2024.", "fr") == [("date", 823), ("date", 801), ("year", 2024)]
    assert values("Il y a 1\u202f000 employés et un billion.", "fr") == [("number", 1000), ("number", 1e12)]
    assert values("Trois des dix entreprises, vingt pour cent.", "fr") == [("number", 3), ("number", 10), ("percent", 20)]
    assert values("Un bâtiment neuf pour une entreprise.", "fr") == []


def test_extract_chinese():
    text = "投资达3亿元，另有3.5亿、1.2万和300万，增长20%。"
    assert values(text, "zh") == [("number", 3e8), ("number", 3.5e8), ("number", 12000), ("number", 3e6), ("percent", 20)]
    assert values("2024年8月23日", "zh") == [("year", 2024), ("date", 823)]
    assert values("8月23日至25日", "zh") == [("date", 823), ("date", 825)]  # the range keeps its month
    assert values("23日，", "zh") == [("date", 23)]  # day only
    assert values("八月二十三日，二〇二四年", "zh") == [("date", 823), ("year", 2024)]
    assert values("三十家公司中二十多家增长了百分之二十，达3亿5000万元，是去年的两倍。", "zh") == \
        [("number", 30), ("number", 20), ("percent", 20), ("number", 3.5e8), ("multiplier", 2)]


def test_extract_chinese_decimals_and_percent_words():
    assert values("投资三点五亿元，占百分之三点五。", "zh") == [("number", 3.5e8), ("percent", 3.5)]
    assert values("下午三点开会", "zh") == []


def test_extract_german_spelled_multiples():
    found = extract_quantities("Die Zahl ist sechsmal so hoch und dreifach geprüft.", "de")
    assert [(q.value, q.surface) for q in found] == [(6, "sechsmal"), (3, "dreifach")]
    assert values("Eine Firma und ein Kunde, die Acht geben.", "de") == []  # articles and the noun "Acht"


def test_extract_chinese_false_friends():
    for text in ["一些公司", "一个问题", "统一市场", "十分重要", "星期三开会", "三星发布", "四川省", "十四五规划", "三四个人", "8月", "十几家"]:
        assert values(text, "zh") == [], text


def test_extract_japanese_and_korean():
    assert values("売上高は3億円、２０２４年8月23日に三つの新製品を発表。", "ja") == \
        [("number", 3e8), ("year", 2024), ("date", 823), ("number", 3)]
    assert values("매출은 3억 달러로 20% 늘었다. 2024년 8월 23일", "ko") == \
        [("number", 3e8), ("percent", 20), ("year", 2024), ("date", 823)]


def test_extract_other_languages_decimal_convention():
    assert values("Las ventas fueron de 3,5 millones y 2 mil millones, el 23 de agosto de 2024.", "es") == \
        [("number", 3.5e6), ("number", 2e9), ("date", 823), ("year", 2024)]
    assert values("Выручка составила 3,5 млн рублей и 1 000 рублей.", "ru") == [("number", 3.5e6), ("number", 1000)]
    assert values("Il fatturato è di 1.500 euro e 2,5 miliardi.", "it") == [("number", 1500), ("number", 2.5e9)]
    assert values("Revenue of 1.500 and 2,5", "en") == [("number", 1.5), ("number", 2.5)]


# ---------------------------------------------------------------------------------------------
# equivalence


@pytest.mark.parametrize("a, la, b, lb", [
    ("20 %", "de", "20%", "en"), ("20 Prozent", "de", "20 per cent", "en"), ("20 pour cent", "fr", "百分之二十", "zh"),
    ("23. August", "de", "August 23", "en"), ("8月23日", "zh", "23 août", "fr"), ("2024", "en", "2024年", "zh"),
    ("300 Millionen", "de", "3亿", "zh"), ("1,2 Milliarden", "de", "12亿", "zh"), ("3,5 millions", "fr", "350万", "zh"),
    ("1 000", "fr", "1.000", "de"), ("drei", "de", "three", "en"), ("三家", "zh", "3", "en"),
])
def test_same_quantity_across_locales(a, la, b, lb):
    assert same_quantity(one(a, la), one(b, lb))


@pytest.mark.parametrize("a, la, b, lb", [
    ("30 Millionen", "de", "3亿", "zh"), ("3 Millionen", "de", "3 billion", "en"), ("24. August", "de", "August 23", "en"),
    ("25 %", "de", "20%", "en"), ("3 Billionen", "de", "3 billion", "en"),
])
def test_different_quantities(a, la, b, lb):
    assert not same_quantity(one(a, la), one(b, lb), lenient=True)


# ---------------------------------------------------------------------------------------------
# the check: positives


def test_changed_value_flagged_against_every_version():
    doc = view("Der Umsatz stieg im Quartal auf 3,5 Millionen Euro.", {
        "en": "Revenue rose to 4.5 million euros in the quarter.",
        "fr": "Le chiffre d'affaires a atteint 4,5 millions d'euros au trimestre.",
        "zh": "本季度营业额增至450万欧元。",
    })
    findings = run(doc)
    assert spans(findings, doc) == [("MTQA301", "3,5 Millionen", "en"), ("MTQA301", "3,5 Millionen", "fr"),
                                    ("MTQA301", "3,5 Millionen", "zh")]
    assert {f.evidence for f in findings} == {"4.5 million", "4,5 millions", "450万"}
    assert all(0 < f.confidence <= 1 for f in findings)


def test_missing_number_reported_on_whole_sentence():
    target = "Das neue Werk wurde im Norden der Stadt eröffnet."
    doc = view(target, {"en": "The new plant, with 1,200 workers, opened in the north of the city."})
    findings = run(doc)
    assert [(f.code, f.start, f.end, f.evidence) for f in findings] == [("MTQA302", 0, len(target), "1,200")]
    assert "1,200" in findings[0].message


def test_added_number():
    doc = view("Das Unternehmen stellte 300 weitere Ingenieure ein.",
               {"en": "The company hired more engineers.", "fr": "L'entreprise a embauché davantage d'ingénieurs."})
    assert spans(run(doc), doc) == [("MTQA303", "300", "en"), ("MTQA303", "300", "fr")]


def test_wrong_percentage():
    doc = view("Die Exporte wuchsen um 25 %.", {"en": "Exports grew by 20%.", "zh": "出口增长了百分之二十。"})
    assert spans(run(doc), doc) == [("MTQA301", "25 %", "en"), ("MTQA301", "25 %", "zh")]


def test_wrong_date():
    doc = view("Die Messe öffnete am 24. August ihre Tore.", {"en": "The fair opened its doors on August 23.",
                                                            "zh": "展会于8月23日开幕。"})
    assert spans(run(doc), doc) == [("MTQA301", "24. August", "en"), ("MTQA301", "24. August", "zh")]


def test_changed_dates_are_paired_by_day():
    doc = view("Der Termin wurde vom 10. Oktober auf den 5. Oktober verlegt.",
               {"en": "The date was moved to November 5 from November 10."})
    findings = sorted(run(doc), key=lambda f: f.start)
    assert [(doc.sentences[0].text[f.start : f.end], f.evidence) for f in findings] == \
        [("10. Oktober", "November 10"), ("5. Oktober", "November 5")]


def test_lenient_matches():
    # a percent against the same plain number, a date against its day in a language without month names here
    assert run(view("Die Quote stieg von 10 auf 20 Prozent.", {"en": "The rate rose from 10 percent to 20 percent."})) == []
    assert run(view("Die Messe begann am 23. August.", {"tr": "Fuar 23 Ağustos'ta başladı."})) == []
    # the day is matched first, so the changed visitor count is compared with 25, not with 23
    doc = view("Am 23. August kamen 20 Besucher.", {"tr": "23 Ağustos'ta 25 ziyaretçi geldi."})
    assert [(f.code, doc.sentences[0].text[f.start : f.end], f.evidence) for f in run(doc)] == [("MTQA301", "20", "25")]


def test_weekday_accounts_for_a_date():
    assert run(view("Die Messe begann am Freitag.", {"en": "The fair began on August 23."})) == []
    assert [f.code for f in run(view("Die Messe begann.", {"en": "The fair began on August 23."}))] == ["MTQA302"]


def test_spelled_number_is_not_blamed_for_a_missing_amount():
    doc = view("Drei Firmen zahlten.", {"en": "Firms paid 5 million."})
    assert [(f.code, f.evidence) for f in run(doc)] == [("MTQA302", "5 million")]


def test_wrong_year():
    doc = view("Der Vertrag läuft bis 2029.", {"en": "The contract runs until 2028."})
    assert spans(run(doc), doc) == [("MTQA301", "2029", "en")]


def test_wrong_magnitude():
    doc = view("Die Förderung beträgt 3 Millionen Dollar.", {"en": "The grant amounts to 3 billion dollars."})
    assert spans(run(doc), doc) == [("MTQA301", "3 Millionen", "en")]
    doc = view("Die Förderung beträgt 30 Millionen Yuan.", {"zh": "补贴金额为3亿元。"})
    assert spans(run(doc), doc) == [("MTQA301", "30 Millionen", "zh")]


def test_spelled_number_changed():
    doc = view("Vier der zehn Firmen meldeten Verluste.", {"en": "Three of the ten firms reported losses."})
    assert spans(run(doc), doc) == [("MTQA301", "Vier", "en")]


def test_english_target():
    doc = view("Profits fell 12% to 2.1 billion yuan.", {"zh": "利润下降12%，至21亿元。", "de": "Der Gewinn sank um 12 % auf 2,2 Milliarden Yuan."},
               target_lang="en")
    assert spans(run(doc), doc) == [("MTQA301", "2.1 billion", "de")]


def test_shared_unit_still_flags_changed_number_with_neighbour_numbers_removed():
    version = "The firm earned 6 million euros, and its share rose by 20%."
    cp = Counterpart("en", version, "2-1", 0.8, 0.9, shared=2)
    doc = DocumentView("de", [
        SentenceView(0, "Die Firma verdiente 5 Millionen Euro.", None, {"en": cp}),
        SentenceView(1, "Ihr Anteil stieg um 20 %.", None, {"en": cp}),
    ], ["en"])
    findings = run(doc)
    assert [(f.code, f.sentence, f.evidence) for f in findings] == [("MTQA301", 0, "6 million")]


# ---------------------------------------------------------------------------------------------
# the check: negatives


@pytest.mark.parametrize("target, target_lang, versions", [
    ("Der Umsatz stieg um 20 % auf 3,5 Millionen Euro.", "de",
     {"en": "Revenue rose 20% to 3.5 million euros.", "fr": "Le chiffre d'affaires a augmenté de 20 % à 3,5 millions d'euros.",
      "zh": "营业额增长20%，达350万欧元。"}),
    ("Die Investition von 300 Millionen Yuan wurde am 23. August 2024 bekannt gegeben.", "de",
     {"zh": "2024年8月23日，该公司宣布投资3亿元。", "en": "The investment of 300 million yuan was announced on Aug. 23, 2024.",
      "fr": "L'investissement de 300 millions de yuans a été annoncé le 23 août 2024."}),
    ("Am 23. August kamen 1.000 Besucher.", "de", {"en": "On August 23, 2024, 1,000 visitors came.", "fr": "Le 23 août, 1 000 visiteurs sont venus."}),
    ("Die Firma zahlte 1.000,50 Euro und 1,2 Milliarden Dollar.", "de",
     {"en": "The firm paid 1,000.50 euros and 1.2 billion dollars.", "zh": "该公司支付了1000.5欧元和12亿美元。"}),
    ("Drei der zehn Firmen wuchsen um 20 Prozent.", "de",
     {"en": "Three of the ten firms grew by 20 per cent.", "fr": "Trois des dix entreprises ont progressé de 20 pour cent.",
      "zh": "十家公司中有三家增长了百分之二十。"}),
    ("Drei Firmen schlossen sich an.", "de", {"en": "3 firms joined.", "zh": "三家公司加入。"}),
    ("Das Werk öffnet um 15 Uhr.", "de", {"en": "The plant opens at 3 p.m."}),
    ("Die Kosten stiegen im Jahr 2024 um mehr als 20 %.", "de", {"zh": "2024年成本上涨了20%多。", "en": "Costs rose by more than 20% in 2024."}),
    ("Beide Firmen einigten sich.", "de", {"en": "The 2 firms reached an agreement."}),
    ("Ein Unternehmen stieg aus.", "de", {"en": "1 company pulled out."}),
    ("In diesem Jahr wuchs der Markt.", "de", {"en": "In 2024 the market grew."}),
    ("Die Chinesen verkauften 1,2 Mio. Autos.", "de", {"en": "The Chinese sold 1.2m cars.", "fr": "Les Chinois ont vendu 1,2 million de voitures."}),
])
def test_correct_translations_are_not_flagged(target, target_lang, versions):
    doc = view(target, versions, target_lang=target_lang)
    assert run(doc) == []


def test_codes_and_names_do_not_cause_noise():
    doc = view("Auf der WAIC 2024 zeigte Huawei den Chip 910B als Alternative zur A100.", {
        "en": "At the conference, Huawei showed its 910B chip as an alternative to the A100.",
        "zh": "在2024世界人工智能大会上，华为展示了910B芯片，作为A100的替代品。",
    })
    assert run(doc) == []


def test_shared_unit_pairs_against_what_the_neighbour_does_not_account_for():
    version = "The firm earned 6 million euros, its rival 7 million euros."
    cp = Counterpart("en", version, "2-1", 0.8, 0.9, shared=2)
    doc = DocumentView("de", [
        SentenceView(0, "Die Firma verdiente 8 Millionen Euro.", None, {"en": cp}),
        SentenceView(1, "Ihr Konkurrent verdiente 7 Millionen Euro.", None, {"en": cp}),
    ], ["en"])
    # 8 is closer to 7 than to 6, but the 7 million belongs to the neighbour sentence
    assert [(f.code, f.sentence, f.evidence) for f in run(doc)] == [("MTQA301", 0, "6 million")]


def test_two_to_one_unit_number_in_neighbour_is_not_missing():
    version = "The company, founded in 1998, employs 4,000 people."
    cp = Counterpart("en", version, "2-1", 0.8, 0.9, shared=2)
    doc = DocumentView("de", [
        SentenceView(0, "Das Unternehmen wurde 1998 gegründet.", None, {"en": cp}),
        SentenceView(1, "Es beschäftigt 4.000 Menschen.", None, {"en": cp}),
    ], ["en"])
    assert run(doc) == []
    # the same numbers in a clean 1-1 unit would be reported as missing from sentence 0
    clean = Counterpart("en", version, "1-1", 0.8, 0.9, shared=1)
    doc_clean = DocumentView("de", [SentenceView(0, "Das Unternehmen wurde 1998 gegründet.", None, {"en": clean})], ["en"])
    assert [(f.code, f.evidence) for f in run(doc_clean)] == [("MTQA302", "4,000")]


def test_no_counterpart_boilerplate_and_empty_versions_are_skipped():
    target = "Das Unternehmen stellte 300 Ingenieure ein."
    doc = DocumentView("de", [
        SentenceView(0, target, None, {"en": Counterpart("en", "", "1-0", None, 0.9)}),
        SentenceView(1, target, "dateline", {"en": Counterpart("en", "The company hired engineers.", "1-1", 0.8, 0.9)}),
        SentenceView(2, target, None, {}),
    ], ["en"])
    assert run(doc) == []


def test_weak_ordinal_alone_is_not_reported():
    doc = view("Die 3. Generation des Chips ist fertig.", {"en": "The third generation of the chip is ready."})
    assert run(doc) == []


def test_weak_numbers_of_different_kinds_are_not_paired():
    # "vier" (the Big Four) is written 四大 in Chinese, which is not a countable quantity; 第二 is an ordinal
    doc = view("Eine der vier großen Banken meldete im zweiten Quartal Gewinne.",
               {"zh": "四大银行之一在第二季度报告了盈利。"})
    assert run(doc) == []


def test_score_written_in_words_in_the_version():
    doc = view("Die Mannschaft gewann das Endspiel mit 4:2.", {"zh": "该队以四比二赢得决赛。"})
    assert run(doc) == []


def test_explained_by():
    year = one("im Jahr 2024", "de")
    assert explained_by(year, "At WAIC 2024, the firm ...", "en")  # the digits inside a name
    assert explained_by(year, "This year the firm grew.", "en")
    assert not explained_by(year, "The firm grew in 2023.", "en")
    two = one("2 Firmen", "de")
    assert explained_by(two, "Both firms agreed.", "en") and explained_by(two, "两家公司", "zh")
    assert not explained_by(two, "The firms agreed.", "en")


def test_compare_sentence_respects_alignment_kinds():
    cp = Counterpart("en", "Sales reached 5 million.", "1-2", 0.8, 0.9)
    findings = compare_sentence("Der Absatz erreichte 6 Millionen.", "de", cp, 4)
    assert [(f.code, f.sentence, f.evidence) for f in findings] == [("MTQA301", 4, "5 million")]
    gone = Counterpart("en", "Sales reached 5 million.", "1-0", 0.8, 0.9)
    assert compare_sentence("Der Absatz erreichte 6 Millionen.", "de", gone, 4) == []


# ---------------------------------------------------------------------------------------------
# robustness

try:  # hypothesis is a test extra; without it only this test is skipped
    from hypothesis import given, settings, strategies as st
except ImportError:  # pragma: no cover
    given = None

_PIECES = ["3", "23", "2024", "1.000", "3,5", " ", "\u00a0", "\u202f", "%", "-", ":", ".", ",", "Millionen", "August",
           "août", "million", "亿", "万", "月", "日", "年", "三", "十", "两", "第", "点", "A", "B", "drei", "zwanzig", "$"]


def _offsets_hold(text: str, lang: str) -> None:
    for q in extract_quantities(text, lang):
        assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.surface
        assert q.value >= 0 and q.kind in {"number", "percent", "date", "year", "ordinal"}


if given is not None:
    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_PIECES), max_size=14), st.sampled_from(["de", "en", "fr", "zh", "ja", "ko", "ru", "xx"]))
    def test_extraction_never_fails_and_offsets_hold(pieces, lang):
        _offsets_hold("".join(pieces), lang)
else:  # pragma: no cover
    @pytest.mark.skip(reason="hypothesis is not installed")
    def test_extraction_never_fails_and_offsets_hold():
        pass


def test_two_missing_numbers_in_one_sentence_stay_two_findings():
    from mtqa.checks import run_checks
    from mtqa.config import CheckConfig

    target = "Die Firma stellte Mitarbeiter ein."
    doc = DocumentView("de", [SentenceView(0, target, None, {
        "en": Counterpart("en", "The firm hired 40 engineers and 12 designers.", "1-1", 0.8, 1.0)})], ["en"])
    found = run_checks(doc, CheckConfig(select=["MTQA302"]))[0]
    assert sorted(f.evidence["en"] for f in found) == ["12", "40"]


def test_decades_centuries_fractions_and_multipliers_are_read_as_such():
    assert values("in the 1970s and the '80s, in the 19th century", "en") == \
        [("decade", 1970), ("decade", 80), ("century", 19)]
    assert values("in den 70er-Jahren, den Neunzigerjahren des 20. Jahrhunderts", "de") == \
        [("decade", 70), ("decade", 90), ("century", 20)]
    assert values("二十世纪九十年代", "zh") == [("century", 20), ("decade", 90)]
    assert values("un tiers des ventes a doublé", "fr") == [("fraction", 1 / 3), ("multiplier", 2)]
    assert values("約7分の1が1.5倍になった", "ja") == [("fraction", 1 / 7), ("multiplier", 1.5)]
    assert values("Nearly half a million people; die Saison 2025/26", "en")[0] == ("number", 500_000)
    assert values("ab der Saison 2025/26", "de") == [("year", 2025), ("year", 2026)]



@pytest.mark.parametrize("target, version", [
    ("Fast eine halbe Million Menschen besuchten die Ausstellung.", {"en": "Nearly half a million people visited the exhibition."}),
    ("Der Tempel wurde in den Neunzigerjahren des 20. Jahrhunderts restauriert.", {"zh": "这座寺庙在二十世纪九十年代经历过修缮。"}),
    ("Leerstehende Häuser machen rund ein Siebtel aller Wohngebäude aus.", {"ja": "空き家は全住宅の約7分の1を占めている。"}),
    ("Die Strompreise sind in zwei Jahren um rund 50 Prozent gestiegen.", {"ja": "電気料金はこの2年間に約1.5倍になった。"}),
    ("Die Hälfte der Mitglieder stimmte zu.", {"en": "50% of the members agreed."}),
    ("Das Stadion bietet ab der Saison 2025/26 Platz für 42.000 Zuschauer.", {"fr": "Le stade accueillera 42 000 spectateurs dès la saison 2025-2026."}),
    ("Das Gemälde wurde für 3,2 Millionen Euro versteigert.", {"fr": "Le tableau a été adjugé 3,2 M€."}),
])
def test_the_same_quantity_written_another_way_is_no_finding(target, version):
    assert spans(run(view(target, version)), view(target, version)) == []


def test_a_changed_decade_or_fraction_is_still_a_mismatch():
    doc = view("Die Band wurde in den 1960er-Jahren gegründet.", {"en": "The band was founded in the 1970s."})
    assert spans(run(doc), doc) == [("MTQA301", "1960er-Jahren", "en")]
    doc = view("Ein Viertel der Befragten war dagegen.", {"en": "A third of those asked were against it."})
    assert spans(run(doc), doc) == [("MTQA301", "Ein Viertel", "en")]


def test_a_decade_in_words_or_with_a_zero_character_is_the_same_decade():
    assert values("九〇年代に", "ja") == [("decade", 90)]
    doc = view("Die Anfang der Achtzigerjahre gegründete Band geht auf Tournee.",
               {"fr": "Le groupe, fondé au début des années quatre-vingt, repart en tournée."})
    assert spans(run(doc), doc) == []


def test_japanese_era_years_and_hyphenated_fractions():
    assert values("令和7年度の予算と平成元年の記録", "ja") == [("year", 2025), ("year", 1989)]
    assert values("昭和40年代に建てられた", "ja") == []  # 1965-1974: no decade another language writes
    assert values("three-quarters of voters", "en") == [("fraction", 0.75)]
    assert values("Dreiviertel der Wähler", "de") == [("fraction", 0.75)]


def test_halves_french_compound_numerals_and_chinese_folds():
    assert values("sold out in three and a half hours", "en") == [("number", 3.5)]
    assert values("in dreieinhalb Stunden, anderthalb Jahre", "de") == [("number", 3.5), ("number", 1.5)]
    assert values("âgée de quatre-vingt-dix-sept ans", "fr") == [("number", 97)]
    assert values("总额2兆5000億円", "ja") == [("number", 2.5e12)]
    assert values("航班数量增加了一倍", "zh") == [("multiplier", 2)]


# ---------------------------------------------------------------------------------------------
# tenths: 七成, 3割


@pytest.mark.parametrize("text, lang, expected", [
    ("国内七成以上的咖啡豆产自云南。", "zh", [("percent", 70.0)]),
    ("企業の約3割が営業時間を短縮した。", "ja", [("percent", 30.0)]),
    ("企業の約三割が回答した。", "ja", [("percent", 30.0)]),
    ("打率は3割5分だった。", "ja", [("percent", 35.0)]),
    ("价格一成不变。", "zh", []),  # "unchanged"
    ("女性の割合は高い。", "ja", []),
])
def test_tenths_are_percentages(text, lang, expected):
    assert values(text, lang) == expected


def test_tenths_rendered_as_percent_match_and_a_wrong_share_does_not():
    assert run(view("Fast 40 Prozent der Neuwagen fahren elektrisch.", {"zh": "近四成新车是电动车。"})) == []
    assert run(view("Rund 30 Prozent der Firmen verkürzten die Öffnungszeiten.", {"ja": "約3割の企業が営業時間を短縮した。"})) == []
    doc = view("Rund 20 Prozent der Firmen verkürzten die Öffnungszeiten.", {"ja": "約3割の企業が営業時間を短縮した。"})
    assert [code for code, _, _ in spans(run(doc), doc)] == ["MTQA301"]


def test_a_share_rendered_as_a_fraction_word_is_not_missing():
    assert run(view("Es kamen nur halb so viele Besucher wie im Vorjahr.", {"zh": "游客人数比往年减少了五成左右。"})) == []
    assert run(view("Ein Viertel der Lebensmittel wird weggeworfen.", {"en": "25% of food is thrown away."})) == []
    doc = view("Ein Viertel der Lebensmittel wird weggeworfen.", {"en": "40% of food is thrown away."})
    assert [code for code, _, _ in spans(run(doc), doc)] == ["MTQA302"]


def test_a_one_in_a_rate_is_rendered_by_a_per_word():
    assert run(view("Der Yen fiel auf 158 Yen je Dollar.", {"ja": "円相場は1ドル=158円まで下落した。"})) == []


@pytest.mark.parametrize("text, lang, expected", [
    ("Sie wurden Anfang der Nullerjahre geboren.", "de", [("decade", 0.0)]),
    ("Die Häuser wurden in den Zehnerjahren gebaut.", "de", [("decade", 10.0)]),
    ("Er zahlte mit einem Zehner.", "de", []),  # a ten-euro note
    ("他以十秒零二的成绩打破纪录。", "zh", [("number", 10.02)]),
])
def test_decade_words_and_race_times(text, lang, expected):
    assert values(text, lang) == expected


def test_the_2000s_written_as_nullerjahre_match():
    assert run(view("Viele Fans wurden Anfang der Nullerjahre geboren.", {"en": "Many fans were born in the early 2000s."})) == []


# ---------------------------------------------------------------------------------------------
# units converted by the translator


def test_figures_converted_to_metric_units_are_the_same_quantity():
    for target, version in [
        ("Der Wind erreichte 97 km/h.", "The wind reached 60 miles per hour."),
        ("Die Läuferin legte 42 Kilometer zurück.", "The runner covered 26 miles."),
        ("Das Paket wiegt 4,5 Kilogramm.", "The parcel weighs 10 pounds."),
        ("Am Nachmittag wurden 35 Grad gemessen.", "Temperatures reached 95 °F in the afternoon."),
        ("Die Wohnung hat 93 Quadratmeter.", "The flat has 1,000 square feet."),
        ("Der Sturm brachte Böen von 80 km/h.", "暴风带来每小时50英里的阵风。"),
    ]:
        assert run(view(target, {"en" if version.isascii() else "zh": version})) == [], target


def test_a_wrong_figure_in_another_unit_is_still_wrong():
    doc = view("Der Wind erreichte 130 km/h.", {"en": "The wind reached 60 miles per hour."})
    assert [code for code, _, _ in spans(run(doc), doc)] == ["MTQA301"]


def test_chinese_and_japanese_digits_after_a_scale_complete_the_number():
    assert values("人口约为1万8000人。", "ja") == [("number", 18000.0)]
    assert values("共有5万3千名观众。", "zh") == [("number", 53000.0)]
    assert values("1万 8000", "zh") == [("number", 10000.0), ("number", 8000.0)]  # a space: two numbers


def test_chinese_numerals_with_a_unit_are_plain_numbers():
    doc = view("Das Auto kommt mit einer Ladung rund 500 Kilometer weit.", {"zh": "这款汽车充满电后可行驶约六百公里。"})
    assert [code for code, _, _ in spans(run(doc), doc)] == ["MTQA301"]
    doc = view("Das Auto kommt mit einer Ladung rund 600 Kilometer weit.", {"zh": "这款汽车充满电后可行驶约六百公里。"})
    assert run(doc) == []


def test_numbers_said_in_a_compound_or_by_a_period_word_are_rendered():
    assert run(view("Die Gruppe macht eine zwölftägige Rundreise.", {"zh": "这个旅游团的行程约十二天。"})) == []
    assert run(view("Der Streit dauerte ein Jahrzehnt.", {"zh": "这场争端持续了十年。"})) == []
    assert run(view("Die Rezeption ist rund um die Uhr besetzt.", {"ja": "フロントは二十四時間対応しています。"})) == []


def test_spanish_and_italian_number_phrases_and_halving():
    assert values("alrededor de medio millón de personas", "es") == [("number", 500_000.0)]
    assert values("una cuarta parte de la electricidad", "es") == [("fraction", 0.25)]
    assert values("en los años noventa", "es") == [("decade", 90.0)]
    assert values("negli anni '90 la metà dei negozi", "it") == [("decade", 90.0), ("fraction", 0.5)]
    assert values("prices have roughly halved", "en") == [("fraction", 0.5)]
    assert values("more than half of the glaciers", "en") == [("fraction", 0.5)]
    assert values("in the second half of the year", "en") == []


def test_a_fraction_or_halving_said_as_a_percentage_is_the_same_quantity():
    doc = view("Cerca de una cuarta parte de la electricidad procede de la energía solar.",
               {"en": "About 25 percent of the electricity comes from solar power."}, target_lang="es")
    assert run(doc) == []
    doc = view("Solar panel prices have roughly halved within two years.",
               {"de": "Die Preise für Solarmodule sind innerhalb von zwei Jahren um rund 50 Prozent gefallen."}, target_lang="en")
    assert run(doc) == []
    wrong = view("Cerca de un tercio de la electricidad procede de la energía solar.",
                 {"en": "About 25 percent of the electricity comes from solar power."}, target_lang="es")
    assert run(wrong) != []


def test_the_same_number_with_another_unit_is_a_wrong_quantity():
    from checkviews import view

    from mtqa.checks import run_checks
    from mtqa.config import CheckConfig

    def found(target, versions, lang="de"):
        findings = run_checks(view(lang, [(target, versions)]), CheckConfig(select=["MTQA301"]))
        return [(target[f.start:f.end], f.evidence) for f in findings.get(0, [])]

    assert found("Das Spiel verkaufte sich in den zehn Wochen nach dem Start zwei Millionen Mal.",
                 {"fr": "Le jeu s'est vendu à deux millions d'exemplaires dans les dix jours suivant sa sortie."}) == [
        ("zehn Wochen", {"fr": "dix jours"})]
    assert found("Die Sperre gilt drei Monate.", {"zh": "禁令为期三天。"}) == [("drei Monate", {"zh": "三天"})]
    assert found("Die Sperre gilt drei Monate.", {"en": "The ban lasts three months."}) == []
    assert found("Der 30 Jahre alte Fahrer und seine 30 Tage alte Lizenz.",
                 {"en": "The 30-year-old driver and his licence, 30 days old."}) == []  # one side's unit is no word
    assert found("Der Vertrag läuft zwei Jahre.", {"ja": "契約期間は2年間だ。"}) == []
    # units of mass and length too; a symbol and a word of one unit are the same unit
    assert found("Der Frachter lud 40 Kilogramm Kaffee.", {"en": "The freighter loaded 40 tonnes of coffee."}) == [
        ("40 Kilogramm", {"en": "40 tonnes"})]
    assert found("Die Welle war 8 Meter hoch.", {"zh": "海浪高达8公里。"}) == [("8 Meter", {"zh": "8公里"})]
    # a year-like number with a unit is a number; Japanese キロ is a kilogram or a kilometre
    assert found("Die Sonde brachte 1.731 Kilogramm Gestein zurück.", {"zh": "探测器带回了1731克岩石。"}) == [
        ("1.731 Kilogramm", {"zh": "1731克"})]
    assert found("Der Satellit kreist in 500 Metern Höhe.", {"ja": "衛星は高度500キロを周回している。"}) == [
        ("500 Metern", {"ja": "500キロ"})]
    assert found("Der Satellit kreist in 500 Kilometern Höhe.", {"ja": "衛星は高度500キロを周回している。"}) == []
    assert found("Die Strecke ist 12 km lang und das Gepäck darf 20 kg wiegen.",
                 {"fr": "Le parcours fait 12 kilomètres et les bagages peuvent peser 20 kilos."}) == []
    # miles for kilometres: the same figure, another distance
    assert found("Die Fähre legt täglich 300 Meilen zurück.", {"zh": "渡轮每天航行300公里。"}) == [
        ("300 Meilen", {"zh": "300公里"})]
    assert found("Die Fähre legt täglich 300 Meilen zurück.", {"en": "The ferry covers 300 miles a day."}) == []


def test_a_day_of_the_month_in_words_is_a_date():
    assert values("Die Frist endet am dritten Oktober.", "de") == [("date", 1003)]
    assert values("The deadline is the third of October, or October twenty-first at the latest.", "en") \
        == [("date", 1003), ("date", 1021)]
    assert values("La réunion aura lieu le premier mars et le douze avril.", "fr") == [("date", 301), ("date", 412)]
    assert values("The first May concert was sold out.", "en") == []  # no "of": an ordinal before a month name
    doc = view("Die Anmeldung ist bis zum zwölften März möglich.", {"zh": "报名截止到三月十二日。"})
    assert spans(run(doc), doc) == []


def test_the_century_of_a_decade_may_be_left_unsaid():
    doc = view("Das Archiv sammelt Plakate aus den 90er-Jahren.", {"zh": "这个档案馆收藏二十世纪九十年代的海报。"})
    assert spans(run(doc), doc) == []


def test_vague_amounts_clock_times_after_a_preposition_and_names_with_numerals():
    assert values("Il treno parte alle 6.15 anziché alle 6.40.", "it") == []
    assert values("每年吸引数十万名参观者。", "zh") == []  # several hundred thousand: no figure
    assert values("高知県四万十市の農家", "ja") == []  # a city's name
    assert values("三十万人参加", "zh") == [("number", 300000)]


def test_spanish_decade_without_anos_is_a_decade_but_a_count_before_a_noun_is_not():
    from mtqa.checks.numbers import extract_quantities

    assert [(q.kind, q.value) for q in extract_quantities("La moda volvió a finales de los ochenta, cuando todo cambió.", "es")] == [("decade", 80.0)]
    assert not any(q.kind == "decade" for q in extract_quantities("Llegaron los ochenta pasajeros del tren.", "es"))


def test_n_fold_in_words_is_so_many_times():
    assert values("Exports have grown more than fortyfold since then.", "en") == [("number", 40.0)]
    assert values("Die Ausfuhren sind seither um das Vierzigfache gestiegen.", "de") == [("number", 40.0)]
    doc = view("Der Umschlag des Hafens ist seit den 1980er-Jahren um mehr als das Vierzigfache gewachsen.",
               {"en": "The port's throughput has grown more than fortyfold since the 1980s."})
    assert spans(run(doc), doc) == []


def test_years_of_age_in_chinese_are_no_weeks():
    from checkviews import view as make_view

    from mtqa.checks import run_checks
    from mtqa.config import CheckConfig

    found = run_checks(make_view("de", [("Kinder unter 16 Jahren dürfen nicht fahren.", {"zh": "未满十六周岁的儿童不得驾驶。"})]),
                       CheckConfig(select=["MTQA301"]))
    assert found.get(0, []) == []
    found = run_checks(make_view("de", [("Die Sperre gilt 16 Jahre.", {"zh": "禁令为期十六周。"})]), CheckConfig(select=["MTQA301"]))
    assert found.get(0, []) != []


def test_spanish_italian_and_french_numbers_in_words_past_twelve():
    assert values("El viaje duró dieciséis días y treinta y dos horas.", "es") == [("number", 16.0), ("number", 32.0)]
    assert values("Il viaggio durò ventotto giorni e trentuno ore.", "it") == [("number", 28.0), ("number", 31.0)]
    assert values("Le fromage mûrit dix-huit mois.", "fr") == [("number", 18.0)]
    doc = view("Der Güterzug erreichte Duisburg nach sechzehn Tagen.", {"es": "El tren de mercancías llegó a Duisburgo tras dieciséis días."})
    assert spans(run(doc), doc) == []


def test_a_chinese_level_is_a_counted_number():
    assert values("最大风力可达十四级。", "zh") == [("number", 14.0)]
    doc = view("Der Sturm erreichte Windstärke 12.", {"zh": "风力达到十四级。"})
    assert [code for code, _, _ in spans(run(doc), doc)] == ["MTQA301"]


def test_a_count_said_as_an_ordinal_is_no_missing_number():
    doc = view("Die Exporte lagen das dritte Jahr in Folge über dem Vorjahr.", {"ja": "輸出は3年連続で前年を上回った。"})
    assert [f for f in run(doc) if f.code == "MTQA302"] == []
    doc = view("Die Exporte lagen das vierte Jahr in Folge über dem Vorjahr.", {"ja": "輸出は3年連続で前年を上回った。"})
    assert [f.code for f in run(doc)] != []


def test_roman_numeral_centuries_in_spanish_and_italian():
    assert values("a finales del siglo XIX", "es") == [("century", 19)]
    assert values("nel XIX secolo e il secolo XX", "it") == [("century", 19), ("century", 20)]
    assert values("il secolo scorso", "it") == []


def test_chinese_and_japanese_halves():
    assert values("仅需四个半小时即可抵达", "zh") == [("number", 4.5)]
    assert values("工期为两年半", "zh") == [("number", 2.5)]
    assert values("所要時間は4時間半だ", "ja") == [("number", 4.5)]
