"""A target sentence in another language than the target's (MTQA204, critical)."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig


def wrong(rows, target_lang="de"):
    found = run_checks(view(target_lang, rows), CheckConfig(select=["MTQA204"]))
    return {i: [(f.severity, f.message) for f in fs] for i, fs in found.items()}


def test_an_untranslated_sentence_is_critical():
    rows = [("Die Firma meldete im März einen höheren Umsatz als erwartet.", {"en": "The company reported higher sales in March than expected."}),
            ("The company also said it would hire more engineers next year.", {"en": "The company also said it would hire more engineers next year."})]
    found = wrong(rows)
    assert list(found) == [1]
    [(severity, message)] = found[1]
    assert severity == "critical" and "'en'" in message


def test_short_lines_and_names_are_not_judged():
    rows = [("South China Morning Post", {"en": "South China Morning Post"}),
            ("Foto: Reuters", {"en": "Photo: Reuters"})]
    assert wrong(rows) == {}


def test_any_target_language_is_checked():
    rows = [("Die Regierung hat am Mittwoch einen neuen Haushaltsplan vorgelegt.", {"en": "The government presented a new budget on Wednesday."})]
    assert wrong(rows, target_lang="fr")
