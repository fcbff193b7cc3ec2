"""The shipped QE model: features, the numpy network, the artefact format, calibration and word spans.

Behaviour of the real shipped model is tested on pairs written here (never benchmark data):
a faithful translation must outrank an unrelated or untranslated one.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from mtqa.errors import InputError
from mtqa.qe import get_scorer, get_word_tagger
from mtqa.qe.features import (
    SENTENCE_FEATURE_NAMES, WORD_FEATURE_NAMES, script_mix, sentence_features, token_strings, tokenize, word_features,
)
from mtqa.qe.model import Network, QEModel, load_default_model, load_model, merge_spans


# ---------------------------------------------------------------- features

def test_tokenize_offsets_cover_words_and_punctuation():
    text = "Die Firma 01.AI meldete 3,5 Mio. – „gut“!"
    offsets = tokenize(text)
    pieces = [text[s:e] for s, e in offsets]
    assert "01.AI" in pieces and "3,5" in pieces and "„" in pieces and "!" in pieces
    assert all(text[s:e].strip() == text[s:e] and e > s for s, e in offsets)
    assert offsets == sorted(offsets)


def test_tokenize_keeps_cjk_runs_together_and_offsets_are_code_points():
    text = "文生视频 🙂 Sora"
    pieces = token_strings(text)
    assert pieces[0] == "文生视频" and pieces[-1] == "Sora"


def _named(row: np.ndarray) -> dict[str, float]:
    return dict(zip(SENTENCE_FEATURE_NAMES, row.tolist()))


def test_sentence_features_count_missing_and_added_numbers():
    row = _named(sentence_features("Sales rose 12 percent in 2023.", "Der Umsatz stieg 2024 um 12 Prozent.", "en", "de", 0.8))
    assert row["numbers_missing"] == pytest.approx(math.log1p(1))  # 2023
    assert row["numbers_added"] == pytest.approx(math.log1p(1))  # 2024
    same = _named(sentence_features("Sales rose 12 percent in 2023.", "Der Umsatz stieg 2023 um 12 Prozent.", "en", "de", 0.8))
    assert same["numbers_missing"] == 0 and same["numbers_added"] == 0
    assert row["cosine"] == pytest.approx(0.8)


def test_sentence_features_see_untranslated_copies_and_rare_words():
    copied = _named(sentence_features("The committee approved the budget.", "The committee approved the budget.", "en", "de", 0.9))
    translated = _named(sentence_features("The committee approved the budget.", "Der Ausschuss billigte den Haushalt.", "en", "de", 0.9))
    assert copied["copied_share"] == 1.0 and translated["copied_share"] == 0.0
    assert copied["tgt_zipf_mean"] < translated["tgt_zipf_mean"]  # English words are rare in German
    garbled = _named(sentence_features("The committee approved the budget.", "Der Xqzvbl billigte den Wrtzpf.", "en", "de", 0.9))
    assert garbled["tgt_unknown_share"] > translated["tgt_unknown_share"]


def test_script_mix():
    assert script_mix("Hallo Welt") == 0.0
    assert script_mix("") == 0.0
    assert 0.0 < script_mix("Hallo 世界") < 1.0


def test_word_features_flag_copied_tokens_and_unsupported_numbers():
    tokens = ["Der", "Umsatz", "stieg", "um", "12", "Prozent", "auf", "Mobile", "2024", "."]
    row = sentence_features("Sales on Mobile rose 12 percent.", " ".join(tokens), "en", "de", 0.8)
    feats = word_features("Sales on Mobile rose 12 percent.", tokens, "en", "de", 0.1, row)
    assert feats.shape == (len(tokens), len(WORD_FEATURE_NAMES))
    named = [dict(zip(WORD_FEATURE_NAMES, r.tolist())) for r in feats]
    assert named[7]["in_source"] == 1.0 and named[1]["in_source"] == 0.0
    assert named[4]["number_in_source"] == 1.0 and named[8]["number_in_source"] == 0.0
    assert named[9]["is_punctuation"] == 1.0 and named[0]["is_first"] == 1.0 and named[9]["is_last"] == 1.0
    assert word_features("x", [], "en", "de", 0.0, row).shape == (0, len(WORD_FEATURE_NAMES))


# ---------------------------------------------------------------- network and artefact

def _network(n_in: int, rng: np.random.Generator, hidden: int = 4) -> Network:
    return Network(rng.normal(size=n_in).astype(np.float32), (rng.random(n_in) + 0.5).astype(np.float32),
                   (rng.normal(size=(n_in, hidden)).astype(np.float32), rng.normal(size=(hidden, 1)).astype(np.float32)),
                   (rng.normal(size=hidden).astype(np.float32), rng.normal(size=1).astype(np.float32)))


def test_network_forward_matches_the_formula():
    rng = np.random.default_rng(0)
    net = _network(3, rng)
    x = rng.normal(size=(5, 3)).astype(np.float32)
    h = np.maximum(((x - net.mean) / net.scale) @ net.weights[0] + net.biases[0], 0)
    expected = (h @ net.weights[1] + net.biases[1])[:, 0]
    assert np.allclose(net(x), expected, atol=1e-5)


def test_artefact_round_trip_and_calibration(tmp_path):
    rng = np.random.default_rng(1)
    model = QEModel(_network(len(SENTENCE_FEATURE_NAMES) + 1024, rng), _network(len(WORD_FEATURE_NAMES), rng), 0.4,
                    np.array([-1.0, 0.0, 1.0]), np.array([0.1, 0.5, 0.9]), {"version": "t"})
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = load_model(path)
    x = rng.normal(size=(2, len(SENTENCE_FEATURE_NAMES) + 1024)).astype(np.float32)
    assert np.allclose(loaded.sentence(x), model.sentence(x))
    assert loaded.word_threshold == 0.4 and loaded.metadata == {"version": "t"} and loaded.name == "qe-t"
    quality = loaded.quality(np.array([-5.0, -0.5, 0.0, 3.0, np.nan]))
    assert quality[:4].tolist() == pytest.approx([0.1, 0.3, 0.5, 0.9])
    assert math.isnan(quality[4])


def test_missing_or_foreign_artefact_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_model(tmp_path / "absent.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="junk.npz"):
        load_model(tmp_path / "junk.npz")
    rng = np.random.default_rng(2)
    wrong = QEModel(_network(7, rng), _network(len(WORD_FEATURE_NAMES), rng), 0.5, np.zeros(2), np.ones(2), {})
    wrong.save(tmp_path / "wrong.npz")
    with pytest.raises(InputError, match="other features"):
        load_model(tmp_path / "wrong.npz")


def test_merge_spans_joins_neighbouring_bad_tokens():
    text = "Die Wall Street Times meldet das."
    offsets = tokenize(text)
    probabilities = np.array([0.1, 0.2, 0.7, 0.9, 0.1, 0.1, 0.6])
    spans = merge_spans(text, offsets, probabilities, 0.5)
    assert [(text[s:e], round(p, 2)) for s, e, p in spans] == [("Street Times", 0.9), (".", 0.6)]
    assert merge_spans(text, offsets, probabilities, 0.95) == []


# ---------------------------------------------------------------- the shipped model

@pytest.fixture(scope="module")
def shipped() -> QEModel:
    return load_default_model()


def test_shipped_feature_model_is_scorer_qe_fast_and_documents_its_training(shipped):
    assert get_scorer("qe-fast") is shipped
    assert shipped.metadata["command"].startswith("python -m mtqa.qe.train")
    assert shipped.metadata["seed"] is not None and shipped.metadata["fit"]
    assert not any("test" in item for item in shipped.metadata["fit"] + shipped.metadata["held_out"])
    assert np.all(np.diff(shipped.calibration_x) >= 0) and np.all(np.diff(shipped.calibration_y) >= 0)
    assert 0.0 <= shipped.calibration_y.min() and shipped.calibration_y.max() <= 1.0


SOURCES = [
    "The city council approved the new budget on Tuesday.",
    "Heavy rain caused flooding in several villages.",
    "The company plans to open three new factories next year.",
    "Scientists have discovered a new species of frog in the rainforest.",
]
FAITHFUL = [
    "Der Stadtrat hat am Dienstag den neuen Haushalt gebilligt.",
    "Starker Regen verursachte Überschwemmungen in mehreren Dörfern.",
    "Das Unternehmen plant, im nächsten Jahr drei neue Fabriken zu eröffnen.",
    "Wissenschaftler haben im Regenwald eine neue Froschart entdeckt.",
]


def test_faithful_translations_outrank_unrelated_and_untranslated_ones(shipped):
    faithful = shipped.score(SOURCES, FAITHFUL, "en", "de")
    unrelated = shipped.score(SOURCES, FAITHFUL[1:] + FAITHFUL[:1], "en", "de")
    untranslated = shipped.score(SOURCES, SOURCES, "en", "de")
    assert np.all(faithful > unrelated)
    assert np.all(faithful > untranslated)
    quality = shipped.quality(faithful)
    assert np.all((0 <= quality) & (quality <= 1))
    assert quality.mean() > shipped.quality(unrelated).mean()


def test_scores_are_positional_and_deterministic(shipped):
    scores = shipped.score(["", SOURCES[0], SOURCES[1]], [FAITHFUL[0], FAITHFUL[0], "  "], "en", "de")
    assert math.isnan(scores[0]) and math.isnan(scores[2])
    alone = shipped.score([SOURCES[0]], [FAITHFUL[0]], "en", "de")
    assert scores[1] == pytest.approx(alone[0], abs=1e-6)
    assert shipped.score(SOURCES, FAITHFUL, "en", "de").tolist() == shipped.score(SOURCES, FAITHFUL, "en", "de").tolist()


def test_word_tagger_gives_a_probability_per_token(shipped):
    tagger = get_word_tagger("qe-fast")
    tokens = [FAITHFUL[0].split(), [], "Der Xqzvbl Wrtzpf hat am Dienstag gebilligt .".split()]
    probabilities = tagger.bad_probabilities([SOURCES[0], SOURCES[1], SOURCES[0]], tokens, "en", "de")
    assert [len(p) for p in probabilities] == [len(t) for t in tokens]
    assert all(np.all((0 <= p) & (p <= 1)) for p in probabilities)
    assert 0 < tagger.threshold < 1
    garbled = probabilities[2]
    assert max(garbled[1], garbled[2]) > np.median(probabilities[0])  # nonsense words look worse than real ones
    with pytest.raises(InputError):
        get_word_tagger("cosine")


def test_assess_spans_lie_inside_the_target(shipped):
    targets = ["Der Stadtrat hat am Dienstag den Xqzvbl Wrtzpf gebilligt.", FAITHFUL[1], ""]
    verdicts = shipped.assess([SOURCES[0], SOURCES[1], SOURCES[2]], targets, "en", "de")
    assert verdicts[2] is None
    for verdict, target in zip(verdicts[:2], targets):
        assert 0 <= verdict.quality <= 1
        for start, end, p in verdict.bad_spans:
            assert 0 <= start < end <= len(target) and target[start:end].strip() == target[start:end]
            assert p >= shipped.word_threshold
        assert [(a, b) for a, b, _ in verdict.word_probabilities] == tokenize(target)
        assert all(0 <= p <= 1 for _, _, p in verdict.word_probabilities)


def test_metadata_is_json(shipped):
    json.dumps(shipped.metadata)


def test_default_word_flag_threshold_is_the_one_chosen_on_dev(shipped):
    from mtqa.config import DEFAULT_THRESHOLDS

    assert DEFAULT_THRESHOLDS["qe_word_probability"] == shipped.metadata["word_flag_threshold"]
    assert shipped.metadata["word_flag_precision_2fold"] >= 0.5
