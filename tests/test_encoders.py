"""Encoders: the bundled models give cross-lingual similarity, the cache is transparent, and a
local sentence-transformers model directory (built here, tiny, random) loads with no network."""

from __future__ import annotations

import json
import socket

import numpy as np
import pytest

from mtqa.encoders import CachedEncoder, choose_encoder_name, get_encoder
from mtqa.errors import InputError
from fake_encoders import CountingEncoder


def test_auto_picks_use_when_it_covers_all_languages_else_e5():
    assert choose_encoder_name("auto", ["de", "en", "zh"]) == "use"
    assert choose_encoder_name("auto", ["de", "fi"]) == "e5"
    assert choose_encoder_name("e5", ["de", "en"]) == "e5"
    with pytest.raises(InputError):
        get_encoder("laser", ["de"])


@pytest.mark.parametrize("spec", ["use", "e5"])
def test_bundled_encoders_rank_the_translation_first(spec):
    encoder = get_encoder(spec)
    german = encoder.encode(["Der Hund schläft im Garten.", "Die Börse fiel heute stark."])
    english = encoder.encode(["The stock market fell sharply today.", "The dog is sleeping in the garden."])
    assert np.allclose(np.linalg.norm(german, axis=1), 1.0, atol=1e-4)
    sims = german @ english.T
    assert sims[0, 1] > sims[0, 0] and sims[1, 0] > sims[1, 1]


def test_cache_returns_the_same_vectors_and_skips_known_texts(tmp_path):
    inner = CountingEncoder(width=4)
    cached = CachedEncoder(inner, tmp_path)
    first = cached.encode(["a", "bb", "a"])
    assert inner.calls == [["a", "bb"]]
    again = CachedEncoder(CountingEncoder(width=4), tmp_path)  # a new process reading the same folder
    second = again.encode(["bb", "a", "ccc"])
    assert again.inner.calls == [["ccc"]]
    assert np.array_equal(first[1], second[0]) and np.array_equal(first[0], second[1])
    assert cached.encode([]).shape[0] == 0


def test_cache_in_an_unwritable_place_only_costs_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cached = CachedEncoder(CountingEncoder(width=4), blocker / "cache")
    assert cached.encode(["a"]).shape == (1, 4)


def _build_tiny_sentence_transformer(folder):
    """A random 2-layer BERT with a 60-word vocabulary, saved as a sentence-transformers model."""
    from sentence_transformers import SentenceTransformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [
        w for w in "the a dog cat sleeps runs in garden house der die das hund katze schläft läuft im garten haus".split()
    ] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + [".", ","]
    bert_dir = folder / "bert"
    bert_dir.mkdir()
    (bert_dir / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(bert_dir / "vocab.txt"), do_lower_case=True)
    config = BertConfig(vocab_size=len(words), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    import torch

    torch.manual_seed(0)
    BertModel(config).save_pretrained(bert_dir)
    tokenizer.save_pretrained(bert_dir)
    try:  # sentence-transformers >= 6 moved the modules
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:
        from sentence_transformers.models import Pooling, Transformer
    transformer = Transformer(str(bert_dir), max_seq_length=32)
    pooling = Pooling(config.hidden_size, pooling_mode="mean")
    model_dir = folder / "tiny-st"
    SentenceTransformer(modules=[transformer, pooling], device="cpu").save(str(model_dir))
    return model_dir


def test_sentence_transformers_backend_loads_a_local_model_offline(tmp_path, monkeypatch):
    pytest.importorskip("sentence_transformers", reason="install the 'st' extra")
    model_dir = _build_tiny_sentence_transformer(tmp_path)
    assert json.loads((model_dir / "modules.json").read_text())

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    encoder = get_encoder(f"st:{model_dir}", ["de", "en"], cache_dir=str(tmp_path / "cache"))
    vectors = encoder.encode(["der hund schläft im garten.", "the dog sleeps in the garden.", "the dog sleeps in the garden."])
    assert vectors.shape == (3, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[1], vectors[2])
    assert encoder.name == "st:tiny-st"


def test_sentence_transformers_backend_rejects_a_missing_or_wrong_folder(tmp_path):
    with pytest.raises(InputError, match="not found"):
        get_encoder(f"st:{tmp_path / 'nope'}")
    with pytest.raises(InputError, match="not a sentence-transformers model folder"):
        get_encoder(f"st:{tmp_path}")


def test_the_cache_key_of_a_lone_surrogate_is_no_error():
    from mtqa.encoders.cache import _key

    assert _key("a\ud800b") != _key("a\ufffdb")
    assert _key("plain") == _key("plain")


def test_pair_cosines_multiply_a_block_at_a_time_with_the_same_result():
    # float64 copies of both sides and their product at once took 1.2 GB on a 100,000-entry PO file.
    import tracemalloc

    from mtqa.encoders import pair_cosines

    left = [f"sentence {i}" * (1 + i % 3) for i in range(20_000)]
    right = [f"Satz {i}" * (1 + i % 5) for i in range(20_000)]
    encoder = CountingEncoder(width=512)
    tracemalloc.start()
    try:
        cosines = pair_cosines(encoder, left, right)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    one_side = 20_000 * 512 * 4
    assert peak < 3 * one_side
    expected = np.sum(encoder.encode(left).astype(np.float64) * encoder.encode(right).astype(np.float64), axis=1)
    np.testing.assert_array_equal(cosines, expected)


def test_use_takes_its_thread_budget_from_omp_num_threads(monkeypatch):
    import os

    from mtqa.encoders.use import default_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # as a Dask worker's nanny sets it
    assert default_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "not a number")
    assert default_threads() == min(os.cpu_count() or 1, 4)
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert default_threads() == min(os.cpu_count() or 1, 4)
