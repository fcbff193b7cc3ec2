"""The length model behind the coverage checks: per document where it can, per language pair otherwise."""

from __future__ import annotations

import math

import pytest

from mtqa.checks.lengths import MIN_UNITS, document_model, log_ratio, pair_model, visible_length


def test_lengths_are_counted_without_spaces():
    assert visible_length("Die Firma , die wächst .") == 19
    assert log_ratio("ab", "abcd") == pytest.approx(math.log(0.5))
    assert log_ratio("", "abcd") is None


def test_the_language_pair_table_knows_how_long_german_is():
    english = pair_model("en", "de")
    chinese = pair_model("zh", "de")
    assert english.centre > 0  # German takes more characters than English
    assert chinese.centre > english.centre + 0.5  # and far more than Chinese
    assert pair_model("xx", "de") is None


def test_a_document_with_enough_units_is_its_own_model():
    pairs = [("Der Umsatz stieg deutlich.", "Sales rose sharply.")] * MIN_UNITS
    model = document_model(pairs, "en", "de")
    assert model.centre == pytest.approx(log_ratio(*pairs[0]))
    assert model.z("Der Umsatz stieg.", "Sales rose sharply, driven by strong demand from Asian customers.") < -2.5
    # too few units: the language pair's figures stand in
    assert document_model(pairs[:2], "en", "de") == pair_model("en", "de")
