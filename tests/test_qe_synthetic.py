"""The synthetic-error generator: each kind damages the translation as it says, tags where, and is seeded."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.qe.synthetic import CRITICAL_KINDS, KINDS, PENALTY, Pair, mqm_score, perturb, words
from mtqa.qe.xdata import Example, synthetic_examples

GERMAN = Pair("Infineon reported a profit of 1.2 billion euros in 2020, the company said on Tuesday.",
              "Laut Infineon ist der Gewinn 2020 auf 1,2 Milliarden Euro gestiegen, sagte das Unternehmen am Dienstag.",
              "en", "de")
CHINESE = Pair("Infineon reported a profit of 1.2 billion euros in 2020, the company said.",
               "英飞凌公司表示，2020年的利润是12亿欧元。", "en", "zh")
ENGLISH = Pair("Der Ausschuss hat die Abstimmung verschoben, weil der Bericht fehlte.",
               "The committee is postponing the vote because the report from Berlin was missing.", "de", "en")
POOLS = {
    "de": ["Der Ausschuss hat die Abstimmung am Mittwoch verschoben, sagte der Sprecher.",
           "Die Firma Siemens meldete 2019 einen Gewinn von 3,5 Milliarden Euro.",
           "Das Wetter in Hamburg war gestern schön und warm, die Kinder spielten draußen."],
    "zh": ["委员会推迟了星期二的投票，发言人说。", "西门子公司2019年报告利润35亿欧元。", "昨天柏林的天气很好。"],
    "en": ["The weather in Hamburg was warm yesterday, and the children played outside.",
           "Siemens reported a profit of 3.5 billion euros in 2019.",
           "The council is debating the new budget for Munich on Monday."],
}


@pytest.mark.parametrize("pair", [GERMAN, CHINESE, ENGLISH], ids=["de", "zh", "en"])
def test_every_kind_changes_the_target_and_tags_spans_inside_it(pair):
    made = 0
    for kind in KINDS:
        result = perturb(pair, kind, POOLS[pair.tgt_lang], np.random.default_rng(1))
        if result is None:
            continue
        made += 1
        assert result.target.strip() != pair.target.strip() and result.kind == kind
        for start, end in result.bad_spans:
            assert 0 <= start < end <= len(result.target)
            assert result.target[start:end].strip() == result.target[start:end]  # no padding spaces
        assert result.omission == (kind == "omission")
        assert bool(result.bad_spans) != result.omission
        assert result.critical == (kind in CRITICAL_KINDS)
    assert made >= 7


def test_number_and_negation_changes_are_where_the_spans_say():
    number = perturb(GERMAN, "number", POOLS["de"], np.random.default_rng(2))
    [(start, end)] = number.bad_spans
    assert number.target[start:end] not in GERMAN.target.split() and number.target[start:end][0].isdigit()
    negated = perturb(GERMAN, "negation", POOLS["de"], np.random.default_rng(2))
    [(start, end)] = negated.bad_spans
    assert "nicht" in negated.target[start:end] or "kein" in negated.target[start:end]
    negated_zh = perturb(CHINESE, "negation", POOLS["zh"], np.random.default_rng(2))
    assert negated_zh.target[slice(*negated_zh.bad_spans[0])] == "不是"


def test_decimal_commas_are_not_clause_breaks():
    omitted = perturb(GERMAN, "omission", POOLS["de"], np.random.default_rng(0))
    assert "1,2" in omitted.target or "Milliarden" not in omitted.target
    assert not omitted.target.rstrip(".").endswith(("1", ","))


def test_untranslated_copies_source_words_and_addition_inserts_other_text():
    copied = perturb(GERMAN, "untranslated", POOLS["de"], np.random.default_rng(4))
    [(start, end)] = copied.bad_spans
    assert copied.target[start:end] in GERMAN.source
    added = perturb(GERMAN, "addition", POOLS["de"], np.random.default_rng(4))
    [(start, end)] = added.bad_spans
    assert any(added.target[start:end] in donor for donor in POOLS["de"])


def test_a_kind_that_does_not_apply_gives_none():
    no_numbers = Pair("Hello.", "Hallo.", "en", "de")
    assert perturb(no_numbers, "number", POOLS["de"], np.random.default_rng(0)) is None
    assert perturb(no_numbers, "omission", POOLS["de"], np.random.default_rng(0)) is None


def test_same_seed_same_damage():
    runs = [[perturb(GERMAN, kind, POOLS["de"], np.random.default_rng(9)) for kind in KINDS] for _ in range(2)]
    assert runs[0] == runs[1]


def test_mqm_scores_rank_severities_and_length():
    assert mqm_score(0, GERMAN.target, "de") == 100
    assert mqm_score(PENALTY["critical"], GERMAN.target, "de") < mqm_score(PENALTY["major"], GERMAN.target, "de") \
        < mqm_score(PENALTY["minor"], GERMAN.target, "de") < 100
    assert mqm_score(PENALTY["major"], "Kurz.", "de") < mqm_score(PENALTY["major"], GERMAN.target, "de")
    assert mqm_score(PENALTY["critical"], "Kurz.", "de") == -150


def test_words_segment_chinese_and_keep_decimal_numbers():
    assert [CHINESE.target[a:b] for a, b in words(CHINESE.target, "zh")][:2] == ["英飞凌", "公司"]
    assert "1,2" in [GERMAN.target[a:b] for a, b in words(GERMAN.target, "de")]


def test_synthetic_examples_label_originals_and_damaged_copies():
    originals = [Example(GERMAN.source, GERMAN.target, "en", "de", {}, extra={"hter": 0.0}),
                 Example(ENGLISH.source, ENGLISH.target, "de", "en", {}, extra={"hter": 0.3})]
    damaged = synthetic_examples(originals, (0.0, 1.0), seed=5)
    assert len(damaged) == 1  # only the error-free original is damaged
    assert originals[0].scores == {"mqm": 100.0, "critical": 0.0} and originals[1].scores == {}
    [copy] = damaged
    assert copy.scores["mqm"] < 100.0 and copy.extra["original"] == GERMAN.target
    assert copy.scores["critical"] == float(copy.extra["kind"] in CRITICAL_KINDS)


def test_opposite_swaps_a_listed_word_for_its_opposite_and_tags_it():
    from mtqa.opposites import opposite_forms

    for pair in (GERMAN, CHINESE, ENGLISH):
        forms = opposite_forms()[pair.tgt_lang]
        result = perturb(pair, "opposite", POOLS[pair.tgt_lang], np.random.default_rng(3))
        if result is None:  # the sentence holds no listed form
            continue
        [(start, end)] = result.bad_spans
        new = result.target[start:end]
        old = forms[new]
        assert forms[old] == new or forms.get(new) == old
        assert result.target[:start] + old + result.target[end:] == pair.target
        assert result.critical


def test_opposite_keeps_a_sentence_initial_capital_and_skips_sentences_without_listed_words():
    forms = opposite_forms_of("en")
    word = next(w for w in sorted(forms) if w.isalpha() and w.islower() and len(w) > 3)
    pair = Pair("x", f"{word.capitalize()} zzz qqq.", "de", "en")
    result = perturb(pair, "opposite", POOLS["en"], np.random.default_rng(0))
    assert result.target.startswith(forms[word][:1].upper() + forms[word][1:])
    assert perturb(Pair("x", "Zzz qqq xxx.", "de", "en"), "opposite", POOLS["en"], np.random.default_rng(0)) is None


def test_every_listed_opposite_is_a_distinct_form_in_the_same_script():
    from mtqa.opposites import opposite_forms

    for lang, forms in opposite_forms().items():
        assert len(forms) >= 100, lang
        for a, b in forms.items():
            assert a != b and a.strip() == a and b.strip() == b
            assert _script(a) == _script(b), (lang, a, b)


def _script(word: str) -> str:
    if any("\u3040" <= c <= "\u9fff" for c in word):
        return "cjk"
    return "cyrillic" if any("\u0400" <= c <= "\u04ff" for c in word) else "latin"


def opposite_forms_of(lang: str) -> dict[str, str]:
    from mtqa.opposites import opposite_forms

    return opposite_forms()[lang]
