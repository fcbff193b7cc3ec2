"""The CometKiwi / xCOMET backend (``comet:MODEL``) on a tiny random COMET model built here, offline.

The fixture writes a CometKiwi-shaped model the way the hub lays it out (``MODEL/hparams.yaml``,
``MODEL/checkpoints/model.ckpt``): a 2-layer, 32-wide XLM-RoBERTa config and a ~200-piece
sentencepiece tokenizer trained on text written below, under comet's ``UnifiedMetric`` with
``input_segments=["mt", "src"]`` and random weights. Nothing is downloaded: sockets are blocked.

Tests that need ``unbabel-comet`` skip without it; the error-path tests run everywhere.
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mtqa.errors import InputError
from mtqa.qe import get_scorer

EN = ["The cat is sleeping on the sofa.", "", "The government raised taxes on fuel last year.",
      "Hello world.", "The cat is sleeping on the sofa."]
DE = ["Die Katze schläft auf dem Sofa.", "Hallo Welt.", "Die Regierung hat letztes Jahr die Steuern erhöht.",
      "   ", "Die Katze schläft auf dem Sofa."]

CORPUS_TEXT = """
the a cat dog is was sleeping running on under sofa table government parliament raised lowered taxes
prices on fuel bread last next year week hello world good morning evening stock market fell rose sharply
today yesterday children play in the garden park river flows through city old town bridge we they you
read write books letters every day night train station arrives leaves late early coffee tea water cold
die der das katze hund schläft läuft auf unter dem sofa tisch regierung parlament hat erhöht gesenkt
steuern preise kraftstoff brot letztes nächstes jahr woche hallo welt guten morgen abend börse ist heute
stark gefallen gestiegen kinder spielen im garten park fluss fließt durch stadt alte brücke wir sie
lesen schreiben bücher briefe jeden tag nacht zug bahnhof kommt fährt spät früh kaffee tee wasser kalt
"""

NETWORK_BLOCKER = '''
import socket

def _no_network(self, *args, **kwargs):
    raise OSError("network access blocked by the mtqa test suite")

socket.socket.connect = _no_network
socket.socket.connect_ex = _no_network
'''


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails loudly, so a silent download cannot pass a test."""

    def refuse(self, *args, **kwargs):
        raise OSError("network access blocked by the mtqa test suite")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def _write_model(target: Path, pretrained_model: str, model) -> Path:
    """Lay a COMET model out as the hub does: hparams.yaml and checkpoints/model.ckpt."""
    import pytorch_lightning
    import torch
    import yaml

    hparams = dict(model.hparams)
    hparams["pretrained_model"] = pretrained_model
    (target / "checkpoints").mkdir(parents=True)
    torch.save({"state_dict": model.state_dict(), "hyper_parameters": hparams,
                "pytorch-lightning_version": pytorch_lightning.__version__, "epoch": 0, "global_step": 0},
               target / "checkpoints" / "model.ckpt")
    (target / "hparams.yaml").write_text(yaml.safe_dump(hparams, sort_keys=True), encoding="utf-8")
    return target


def _need_comet() -> None:
    """Skip without unbabel-comet, unless MTQA_REQUIRE_COMET is set (CI's comet environment): then fail."""
    if os.environ.get("MTQA_REQUIRE_COMET"):
        import comet  # noqa: F401  (an ImportError here fails the test)
    else:
        pytest.importorskip("comet")


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """Tiny CometKiwi-style models: ``local`` names its encoder by absolute path, ``bundled`` by a hub
    name whose files sit in the model folder, ``missing`` by a hub name that is nowhere offline."""
    _need_comet()
    import random

    import sentencepiece
    import torch
    from comet.models import UnifiedMetric
    from transformers import XLMRobertaConfig, XLMRobertaTokenizer

    root = tmp_path_factory.mktemp("comet")
    rng = random.Random(0)
    words = CORPUS_TEXT.split()
    corpus = root / "corpus.txt"
    corpus.write_text("\n".join(" ".join(rng.choice(words) for _ in range(10)) for _ in range(400))
                      + "\n" + "\n".join(EN + DE) + "\n", encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(root / "sp"), vocab_size=200, model_type="unigram",
        character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2)

    encoder = root / "tiny-xlmr"
    tokenizer = XLMRobertaTokenizer(vocab_file=str(root / "sp.model"))
    tokenizer.save_pretrained(encoder)
    XLMRobertaConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=256, pad_token_id=tokenizer.pad_token_id,
                     bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                     ).save_pretrained(encoder)

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(1234)
        model = UnifiedMetric(
            pretrained_model=str(encoder), load_pretrained_weights=False, local_files_only=True,
            input_segments=["mt", "src"], word_level_training=False, hidden_sizes=[16],
            layer_transformation="sparsemax", layer_norm=False, nr_frozen_epochs=0.3, activations="Tanh",
        )
        # Random small weights make every score about equal; spread the head so pairs differ visibly.
        for parameter in model.estimator.parameters():
            parameter.data.normal_(0.0, 1.0)

    local = _write_model(root / "tiny-kiwi", str(encoder), model)
    bundled = _write_model(root / "tiny-kiwi-bundled", "mtqa-test-org/tiny-xlmr", model)
    for name in os.listdir(encoder):
        (bundled / "tiny-xlmr").mkdir(exist_ok=True)
        (bundled / "tiny-xlmr" / name).write_bytes((encoder / name).read_bytes())
    missing = _write_model(root / "tiny-kiwi-missing-encoder", "mtqa-test-org/no-such-encoder", model)

    with torch.random.fork_rng(devices=[]):  # an xCOMET-like model: word-level tags give error spans
        torch.manual_seed(99)
        tagger = UnifiedMetric(
            pretrained_model=str(encoder), load_pretrained_weights=False, local_files_only=True,
            input_segments=["mt", "src"], word_level_training=True, word_layer=2, hidden_sizes=[16],
            layer_norm=False,
        )
        tagger.hidden2tag.bias.data = torch.tensor([0.0, 0.0, -5.0])  # mostly "I-minor": spans appear
    spans = _write_model(root / "tiny-xcomet", str(encoder), tagger)
    return {"local": local, "bundled": bundled, "missing": missing, "spans": spans}


@pytest.fixture(scope="module")
def kiwi(tiny_models):
    return get_scorer(f"comet:{tiny_models['local']}")


# ---------------------------------------------------------------- scoring


def test_scores_one_float_per_pair_and_nan_for_empty_sides(kiwi, no_network):
    assert kiwi.name == "comet:tiny-kiwi" and kiwi.encoder_name == "tiny-xlmr"
    scores = kiwi.score(EN, DE, "en", "de")
    assert isinstance(scores, np.ndarray) and scores.dtype == np.float64 and scores.shape == (5,)
    assert math.isnan(scores[1]) and math.isnan(scores[3])  # empty source, whitespace-only target
    present = scores[[0, 2, 4]]
    assert np.isfinite(present).all()
    # Identical pairs score identically; different pairs do not.
    assert scores[0] == pytest.approx(scores[4], abs=1e-6)
    assert scores[0] != pytest.approx(scores[2], abs=1e-6)
    # Empty lines do not shift the others: each non-empty pair scores as it does on its own.
    for i in (0, 2):
        alone = kiwi.score([EN[i]], [DE[i]], "en", "de")
        assert alone.shape == (1,)
        assert alone[0] == pytest.approx(scores[i], abs=1e-5)


def test_scores_are_deterministic(kiwi, no_network):
    first = kiwi.score(EN, DE, "en", "de")
    second = kiwi.score(EN, DE, "en", "de")
    np.testing.assert_array_equal(first, second)


def test_all_empty_pairs_never_reach_the_model(kiwi):
    kiwi._model, model = None, kiwi._model  # any call into the model would now fail
    try:
        scores = kiwi.score(["", "a"], ["b", " \t"], "en", "de")
    finally:
        kiwi._model = model
    assert scores.shape == (2,) and np.isnan(scores).all()
    assert kiwi.score([], [], "en", "de").shape == (0,)


def test_misaligned_pairs_are_an_input_error(kiwi):
    with pytest.raises(InputError, match="line-aligned"):
        kiwi.score(["a", "b"], ["c"], "en", "de")


def test_checkpoint_file_loads_like_its_directory(tiny_models, kiwi, no_network):
    by_file = get_scorer(f"comet:{tiny_models['local'] / 'checkpoints' / 'model.ckpt'}")
    assert by_file.name == "comet:tiny-kiwi"
    np.testing.assert_allclose(by_file.score(EN, DE, "en", "de"), kiwi.score(EN, DE, "en", "de"), atol=1e-6)


def test_hub_named_encoder_found_in_the_model_folder(tiny_models, kiwi, no_network):
    bundled = get_scorer(f"comet:{tiny_models['bundled']}")
    assert bundled.encoder_name == "mtqa-test-org/tiny-xlmr"
    assert bundled.encoder_path == str((tiny_models["bundled"] / "tiny-xlmr").resolve())
    np.testing.assert_allclose(bundled.score(EN, DE, "en", "de"), kiwi.score(EN, DE, "en", "de"), atol=1e-6)


def test_hub_named_encoder_not_available_offline_is_a_clear_error(tiny_models, no_network):
    with pytest.raises(InputError) as caught:
        get_scorer(f"comet:{tiny_models['missing']}")
    message = str(caught.value)
    assert "mtqa-test-org/no-such-encoder" in message and "not available offline" in message
    assert "\n" not in message


def test_error_spans_of_a_word_level_model(tiny_models, kiwi, no_network):
    assert kiwi.score(EN, DE, "en", "de") is not None and kiwi.word_spans is None  # sentence-level only
    tagger = get_scorer(f"comet:{tiny_models['spans']}")
    scores = tagger.score(EN, DE, "en", "de")
    assert np.isnan(scores[[1, 3]]).all() and np.isfinite(scores[[0, 2, 4]]).all()
    spans = tagger.word_spans
    assert spans is not None and len(spans) == len(EN)
    assert spans[1] == [] and spans[3] == []
    assert any(spans[i] for i in (0, 2, 4))
    for i in (0, 2, 4):
        for span in spans[i]:
            assert set(span) == {"text", "start", "end", "severity", "confidence"}
            assert 0 <= span["start"] < span["end"] <= len(DE[i])
            assert span["severity"] in ("minor", "major")
            assert 0.0 <= span["confidence"] <= 1.0
    assert spans[0] == spans[4]


# ---------------------------------------------------------------- errors that need no comet


def test_missing_path_names_the_path(tmp_path):
    missing = tmp_path / "wmt22-cometkiwi-da"
    with pytest.raises(InputError) as caught:
        get_scorer(f"comet:{missing}")
    message = str(caught.value)
    assert str(missing) in message and "not downloaded automatically" in message


def test_folder_without_checkpoint_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        get_scorer(f"comet:{tmp_path}")
    assert str(tmp_path) in str(caught.value) and "checkpoints/model.ckpt" in str(caught.value)


def test_missing_extra_names_it(tmp_path, monkeypatch):
    fake = tmp_path / "model"
    (fake / "checkpoints").mkdir(parents=True)
    (fake / "checkpoints" / "model.ckpt").write_bytes(b"not a checkpoint")
    (fake / "hparams.yaml").write_text("class_identifier: unified_metric\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "comet", None)  # `import comet` now raises ImportError
    with pytest.raises(InputError) as caught:
        get_scorer(f"comet:{fake}")
    message = str(caught.value)
    assert "mtqa[comet]" in message and f"comet:{fake}" in message


def test_comet_that_cannot_import_a_dependency_is_an_input_error(tmp_path, monkeypatch):
    import builtins

    fake = tmp_path / "model"
    (fake / "checkpoints").mkdir(parents=True)
    (fake / "checkpoints" / "model.ckpt").write_bytes(b"not a checkpoint")
    (fake / "hparams.yaml").write_text("class_identifier: unified_metric\n", encoding="utf-8")
    real_import = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "comet":  # as with torchmetrics 0.10 on a setuptools without pkg_resources
            raise ModuleNotFoundError("No module named 'pkg_resources'", name="pkg_resources")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "comet", raising=False)
    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(InputError) as caught:
        get_scorer(f"comet:{fake}")
    message = str(caught.value)
    assert "pkg_resources" in message and "mtqa[comet]" in message and "\n" not in message


def test_broken_checkpoint_is_a_one_line_input_error(tmp_path):
    _need_comet()
    fake = tmp_path / "model"
    (fake / "checkpoints").mkdir(parents=True)
    (fake / "checkpoints" / "model.ckpt").write_bytes(b"not a checkpoint")
    (fake / "hparams.yaml").write_text(f"class_identifier: unified_metric\npretrained_model: {tmp_path}\n",
                                       encoding="utf-8")
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        get_scorer(f"comet:{fake}")
    assert str(fake) in str(caught.value) and "\n" not in str(caught.value)


def test_importing_the_backend_imports_neither_torch_nor_comet():
    code = ("import sys, mtqa.qe, mtqa.qe.comet_backend; "
            "print(sorted(m for m in ('torch', 'comet', 'transformers') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------- mtqa score


def _score_cli(args: list[str], cwd: Path, mtqa_env: dict[str, str]) -> subprocess.CompletedProcess:
    """``mtqa score`` through the installed console script, with sockets blocked in the child."""
    blocker = cwd / "blocker"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(NETWORK_BLOCKER, encoding="utf-8")
    env = dict(mtqa_env, PYTHONPATH=os.pathsep.join([str(blocker), mtqa_env.get("PYTHONPATH", "")]))
    script = Path(sys.executable).parent / "mtqa"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "mtqa.cli"]
    return subprocess.run([*command, "score", *args], check=False, cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_cli_score_prints_one_line_per_input_line(tiny_models, kiwi, tmp_path, mtqa_env):
    (tmp_path / "src.txt").write_text("\n".join(EN) + "\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("\n".join(DE) + "\n", encoding="utf-8")
    run = _score_cli(["-s", "src.txt", "-t", "mt.txt", "--src-lang", "en", "--tgt-lang", "de",
                      "--scorer", f"comet:{tiny_models['local']}"], tmp_path, mtqa_env)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(EN) + 1, run.stdout
    expected = kiwi.score(EN, DE, "en", "de")
    for i, value in enumerate(expected):
        if math.isnan(value):
            assert lines[i] == f"Segment {i}\tscore: null"
        else:
            assert lines[i].startswith(f"Segment {i}\tscore: ")
            assert float(lines[i].split("score: ")[1]) == pytest.approx(value, abs=1e-4)
    assert lines[-1].startswith("System score: ")
    assert float(lines[-1].split(": ")[1]) == pytest.approx(np.nanmean(expected), abs=2e-4)


def test_cli_missing_model_dir_exits_2_with_one_line(tmp_path, mtqa_env):
    (tmp_path / "src.txt").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("Hallo.\n", encoding="utf-8")
    missing = tmp_path / "no-such-model"
    run = _score_cli(["-s", "src.txt", "-t", "mt.txt", "--src-lang", "en", "--tgt-lang", "de",
                      "--scorer", f"comet:{missing}"], tmp_path, mtqa_env)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error:"), run.stderr
    assert str(missing) in lines[0] and "Traceback" not in run.stderr
