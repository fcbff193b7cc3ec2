"""MTQA701/702: the QE model's verdicts become findings only when the versions agree."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.checks.quality import estimate_quality
from mtqa.config import CheckConfig
from mtqa.qe.model import Assessment

TARGET = "Die Wall Street Times meldete Verluste."


def _view(verdicts: dict[str, Assessment]):
    doc = view("de", [(TARGET, {lang: "The Wall Street Journal reported losses." for lang in verdicts})])
    doc.quality[0] = verdicts
    return doc


def _found(doc, codes, **thresholds):
    found = run_checks(doc, CheckConfig(select=codes, thresholds=thresholds))
    return found.get(0, [])


def test_low_quality_needs_every_version_below_the_limit():
    low = Assessment(-2.0, 0.05)
    [finding] = _found(_view({"en": low, "fr": Assessment(-1.5, 0.1)}), ["MTQA701"])
    assert (finding.start, finding.end) == (0, len(TARGET))
    # judged bad against every version: at least major
    assert finding.code == "MTQA701" and "en: quality 0.05" in finding.message and finding.severity == "major"
    assert _found(_view({"en": low, "fr": Assessment(1.0, 0.7)}), ["MTQA701"]) == []
    assert _found(_view({"en": low}), ["MTQA701"], qe_quality=0.01) == []


def test_the_models_own_thresholds_apply_unless_a_setting_overrides_them():
    middling = {"en": Assessment(0.0, 0.3), "zh": Assessment(0.0, 0.3)}
    doc = _view(middling)
    assert _found(doc, ["MTQA701"]) == []  # mtqa's fallback 0.15
    doc.quality_thresholds = {"qe_quality": 0.4}
    assert len(_found(doc, ["MTQA701"])) == 1
    assert _found(doc, ["MTQA701"], qe_quality=0.2) == []


def test_with_a_single_version_a_sentence_must_score_lower():
    doc = _view({"en": Assessment(0.0, 0.3)})
    doc.quality_thresholds = {"qe_quality": 0.4}
    assert _found(doc, ["MTQA701"]) == []  # 0.3 is not under a third of 0.4
    doc = _view({"en": Assessment(0.0, 0.1)})
    doc.quality_thresholds = {"qe_quality": 0.4}
    assert len(_found(doc, ["MTQA701"])) == 1


def test_low_quality_message_names_the_most_doubtful_words():
    verdicts = {"en": Assessment(-2.0, 0.05, _words(TARGET, {"Times": 0.9, "meldete": 0.6})),
                "fr": Assessment(-2.0, 0.08, _words(TARGET, {"Times": 0.8, "meldete": 0.5}))}
    [finding] = _found(_view(verdicts), ["MTQA701"])
    assert "'Times'" in finding.message and finding.message.index("'Times'") < finding.message.index("'meldete'")
    assert "'Verluste'" not in finding.message


def _words(text: str, probabilities: dict[str, float]) -> tuple[tuple[int, int, float], ...]:
    """P(bad) per whitespace token of ``text``, 0.05 unless given."""
    out, at = [], 0
    for word in text.split():
        start = text.index(word, at)
        at = start + len(word)
        out.append((start, at, probabilities.get(word, 0.05)))
    return tuple(out)


def test_bad_words_need_two_versions_or_the_only_one():
    both = {"en": Assessment(0.0, 0.5, _words(TARGET, {"Times": 0.9})),
            "fr": Assessment(0.0, 0.5, _words(TARGET, {"Times": 0.85}))}
    [finding] = _found(_view(both), ["MTQA702"])
    assert TARGET[finding.start:finding.end] == "Times"
    one_of_two = {"en": Assessment(0.0, 0.5, _words(TARGET, {"Times": 0.9})), "fr": Assessment(0.0, 0.5, _words(TARGET, {}))}
    assert _found(_view(one_of_two), ["MTQA702"]) == []
    only = {"en": Assessment(0.0, 0.5, _words(TARGET, {"Times": 0.9}))}
    assert len(_found(_view(only), ["MTQA702"])) == 1
    assert _found(_view(only), ["MTQA702"], qe_word_probability=0.95) == []


def test_agreeing_neighbouring_words_make_one_span_even_when_versions_differ_in_extent():
    verdicts = {"en": Assessment(0.0, 0.3, _words(TARGET, {"Street": 0.6, "Times": 0.9})),
                "fr": Assessment(0.0, 0.3, _words(TARGET, {"Wall": 0.7, "Street": 0.5, "Times": 0.8})),
                "zh": Assessment(0.0, 0.3, _words(TARGET, {"Times": 0.5}))}
    [finding] = _found(_view(verdicts), ["MTQA702"])
    assert TARGET[finding.start:finding.end] == "Street Times"  # 'Wall' has one vote only
    assert "en" in finding.message and "fr" in finding.message


def test_a_view_without_quality_estimation_gets_no_qe_findings():
    doc = view("de", [(TARGET, {"en": "The Wall Street Journal reported losses."})])
    assert _found(doc, ["MTQA7"]) == []


def test_estimate_quality_scores_each_content_sentence_against_each_version():
    doc = view("de", [
        ("Der Stadtrat hat den Haushalt gebilligt.", {"en": "The council approved the budget.", "fr": "Le conseil a approuvé le budget."}),
        ("Es regnete.", {"en": "", "fr": "Il a plu."}),
    ])
    estimate_quality(doc)
    assert set(doc.quality[0]) == {"en", "fr"}
    assert set(doc.quality[1]) == {"fr"}  # no counterpart text in en: nothing to score against
    assert all(0 <= v.quality <= 1 for verdicts in doc.quality.values() for v in verdicts.values())


def test_a_single_version_needs_a_surer_word_than_two_agreeing_ones():
    doubtful = 0.25  # above the model's own cut, below the single-version floor
    both = {"en": Assessment(0.0, 0.5, _words(TARGET, {"Times": doubtful})),
            "fr": Assessment(0.0, 0.5, _words(TARGET, {"Times": doubtful}))}
    assert len(_found(_view(both), ["MTQA702"], qe_word_probability=0.2)) == 1
    only = {"en": Assessment(0.0, 0.5, _words(TARGET, {"Times": doubtful}))}
    assert _found(_view(only), ["MTQA702"], qe_word_probability=0.2) == []


def test_a_version_in_a_source_language_the_model_never_read_needs_stronger_evidence():
    doubtful = {"ja": Assessment(-1.0, 0.04, _words(TARGET, {"Times": 0.4}))}  # under 0.15 / 3 (one version)
    seen = _view(doubtful)
    assert [f.code for f in _found(seen, ["MTQA701", "MTQA702"], qe_quality=0.15, qe_word_probability=0.19)] \
        == ["MTQA701", "MTQA702"]
    unseen = _view(doubtful)
    unseen.quality_unseen = frozenset({"ja"})
    assert _found(unseen, ["MTQA701", "MTQA702"], qe_quality=0.15, qe_word_probability=0.19) == []
    # however sure, a verdict out of the model's training flags nothing alone ...
    unseen.quality[0] = {"ja": Assessment(-3.0, 0.02, _words(TARGET, {"Times": 0.8}))}
    assert _found(unseen, ["MTQA701", "MTQA702"], qe_quality=0.15, qe_word_probability=0.19) == []
    # ... but counts where a version the model has read agrees
    unseen.quality[0]["en"] = Assessment(-3.0, 0.02, _words(TARGET, {"Times": 0.8}))
    assert {f.code for f in _found(unseen, ["MTQA701", "MTQA702"], qe_quality=0.15, qe_word_probability=0.19)} \
        == {"MTQA701", "MTQA702"}


def test_the_shipped_model_names_the_languages_it_was_trained_on():
    from mtqa.qe.crossencoder import load_default_cross_encoder

    model = load_default_cross_encoder()
    known = model.source_languages
    assert {"en", "zh"} <= known and "fr" not in known and "ja" not in known
    assert all(len(lang) in (2, 3) and lang.isalpha() for lang in known)
    assert {"de", "en"} <= model.target_languages and "es" not in model.target_languages


def test_every_version_is_unseen_for_a_target_language_the_model_never_read():
    doc = view("es", [("El perro duerme.", {"en": "The dog sleeps.", "zh": "狗在睡觉。"})])
    estimate_quality(doc, cache_dir=None)
    assert doc.quality_unseen == frozenset({"en", "zh"})


def test_estimate_quality_marks_versions_in_languages_the_model_never_read():
    doc = view("de", [("Der Hund schläft.", {"en": "The dog sleeps.", "fr": "Le chien dort."})])
    estimate_quality(doc, cache_dir=None)
    assert doc.quality_unseen == frozenset({"fr"}) and set(doc.quality[0]) == {"en", "fr"}
