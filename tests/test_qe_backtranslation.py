"""Back-translation QE (``backtranslation:DIR``) with tiny random-weight Marian and NLLB models built here.

The models are built in a temporary folder from a SentencePiece model trained on the text below
(seconds on a CPU); their translations are nonsense, so the tests check behaviour (shapes, empty
lines, determinism, language tokens, scores agreeing with sacrebleu), not quality. The network is
blocked while models load and run, which proves nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
spm = pytest.importorskip("sentencepiece")
sacrebleu = pytest.importorskip("sacrebleu")

import mtqa.qe.backtranslation as bt
from mtqa.errors import InputError
from mtqa.qe import get_scorer

GERMAN = """Die Katze schläft auf dem Sofa. Der Hund läuft jeden Morgen im Park. Ich trinke gerne Kaffee am
Morgen und lese die Zeitung. Die Regierung hat letztes Jahr die Steuern auf Kraftstoff erhöht. Das Wetter
ist heute schön, aber morgen soll es regnen. Meine Schwester wohnt in einer kleinen Stadt in der Nähe von
Berlin. Wir fahren am Wochenende mit dem Zug nach Hamburg. Der Lehrer erklärt den Schülern die neue Aufgabe.
Das Museum ist montags geschlossen. Bitte schließen Sie das Fenster, wenn Sie das Zimmer verlassen. Die
Kinder spielen im Garten mit dem Ball. Er hat das Buch in zwei Tagen gelesen. Der Zug hat zehn Minuten
Verspätung. Sie kauft frisches Brot beim Bäcker an der Ecke. Die Firma stellt im nächsten Monat neue
Mitarbeiter ein. Das Konzert beginnt um acht Uhr abends. Ich habe meinen Schlüssel im Büro vergessen.
Die Straße ist wegen Bauarbeiten gesperrt. Unser Nachbar repariert sein Fahrrad in der Garage."""

ENGLISH = """The cat is sleeping on the sofa. The dog runs in the park every morning. I like to drink coffee
in the morning and read the newspaper. The government raised taxes on fuel last year. The weather is
nice today, but it is supposed to rain tomorrow. My sister lives in a small town near Berlin. We are
taking the train to Hamburg at the weekend. The teacher explains the new task to the pupils. The museum
is closed on Mondays. Please close the window when you leave the room. The children are playing with the
ball in the garden. He read the book in two days. The train is ten minutes late. She buys fresh bread
at the bakery on the corner. The company is hiring new staff next month. The concert starts at eight
o'clock in the evening. I forgot my key at the office. The road is closed because of construction work.
Our neighbour is repairing his bicycle in the garage."""

SOURCES_DE = ["Die Katze schläft auf dem Sofa.", "", "Der Zug hat zehn Minuten Verspätung.", "Hallo Welt."]
TARGETS_EN = ["The cat is sleeping on the sofa.", "Hello.", "The train is ten minutes late.", "   "]


def _sentences() -> list[str]:
    text = (GERMAN + " " + ENGLISH).replace("\n", " ")
    return [s.strip() + "." for s in text.split(".") if s.strip()]


@pytest.fixture(scope="module")
def spm_models(tmp_path_factory) -> dict[str, Path]:
    """A unigram model (Marian) and a BPE model (NLLB), both trained on the German and English text."""
    folder = tmp_path_factory.mktemp("spm")
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(_sentences() * 3) + "\n", encoding="utf-8")
    models = {}
    for kind in ("unigram", "bpe"):
        spm.SentencePieceTrainer.train(
            input=str(corpus), model_prefix=str(folder / kind), vocab_size=150, model_type=kind,
            character_coverage=1.0, unk_id=0, bos_id=-1, eos_id=-1, pad_id=-1, hard_vocab_limit=False,
            minloglevel=2, num_threads=1)
        models[kind] = folder / f"{kind}.model"
    return models


def _build_marian(folder: Path, spm_model: Path, language_tokens: tuple[str, ...] = ()) -> Path:
    """A tiny random Marian model: vocab.json = </s>, <unk>, [>>xx<< tokens], the pieces, <pad>."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True)
    for name in ("source.spm", "target.spm"):
        shutil.copy(spm_model, folder / name)
    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {"</s>": 0, "<unk>": 1}
    for token in language_tokens:
        vocab[token] = len(vocab)
    for i in range(processor.get_piece_size()):
        piece = processor.id_to_piece(i)
        if not processor.is_unknown(i) and piece not in vocab:
            vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    pad = vocab["<pad>"]
    config = MarianConfig(vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                          decoder_ffn_dim=32, max_position_embeddings=40, pad_token_id=pad, eos_token_id=0,
                          decoder_start_token_id=pad, forced_eos_token_id=0)
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():  # never emit </s>, <unk> or <pad> early: every output is real pieces
        for token in ("</s>", "<unk>", "<pad>", *language_tokens):
            model.final_logits_bias[0, vocab[token]] = -1e4
    model.save_pretrained(folder)
    with warnings.catch_warnings():  # "Recommended: pip install sacremoses."
        warnings.simplefilter("ignore")
        tokenizer = MarianTokenizer(str(folder / "source.spm"), str(folder / "target.spm"),
                                    str(folder / "vocab.json"), source_lang="en", target_lang="de")
    tokenizer.save_pretrained(folder)
    return folder


def _bpe_merges(vocab: dict[str, int]) -> list[tuple[str, str]]:
    """BPE merges recovered from a SentencePiece BPE vocabulary (pieces in merge order)."""
    merges = []
    for piece in vocab:
        if len(piece) > 1 and not piece.startswith("<"):
            merges += [(piece[:k], piece[k:]) for k in range(1, len(piece))
                       if piece[:k] in vocab and piece[k:] in vocab]
    return merges


def _build_nllb(folder: Path, spm_model: Path) -> Path:
    """A tiny random M2M100-architecture model with an NLLB tokenizer (fairseq ids + language codes)."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(processor.get_piece_size()):
        piece = processor.id_to_piece(i)
        if not processor.is_unknown(i) and piece not in vocab:
            vocab[piece] = len(vocab)
    folder.mkdir(parents=True)
    try:  # transformers 5: the tokenizers-backed NllbTokenizer takes the vocabulary and merges
        tokenizer = NllbTokenizer(vocab=vocab, merges=_bpe_merges(vocab))  # adds the 202 language codes
    except TypeError:  # transformers 4: NllbTokenizerFast around a tokenizers.Tokenizer saved as JSON
        from tokenizers import Tokenizer, decoders, pre_tokenizers
        from tokenizers.models import BPE
        from transformers import NllbTokenizerFast

        backend = Tokenizer(BPE(vocab=vocab, merges=_bpe_merges(vocab), unk_token="<unk>", fuse_unk=True))
        backend.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
        backend.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
        backend.save(str(folder / "tokenizer.json"))
        tokenizer = NllbTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"))
    config = M2M100Config(vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                          decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=1, bos_token_id=0,
                          eos_token_id=2, decoder_start_token_id=2)
    torch.manual_seed(0)
    M2M100ForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def marian_dir(tmp_path_factory, spm_models) -> Path:
    """Stands in for an en->de Marian model (opus-mt-en-de): back-translates English MT into German."""
    return _build_marian(tmp_path_factory.mktemp("models") / "opus-mt-tiny-en-de", spm_models["unigram"])


@pytest.fixture(scope="module")
def marian_multi_dir(tmp_path_factory, spm_models) -> Path:
    return _build_marian(tmp_path_factory.mktemp("models") / "opus-mt-tiny-en-mul", spm_models["unigram"],
                         language_tokens=(">>de<<", ">>fra<<"))


@pytest.fixture(scope="module")
def nllb_dir(tmp_path_factory, spm_models) -> Path:
    return _build_nllb(tmp_path_factory.mktemp("models") / "nllb-tiny", spm_models["bpe"])


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No connection can be opened, none is even tried, and the offline variables start unset.

    (An attempt is recorded before it is refused, so one that the library swallowed still fails.)
    """
    attempts = []

    def refuse(self, *args, **kwargs):
        attempts.append(args)
        raise OSError("network blocked in test_qe_backtranslation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    yield
    assert attempts == [], f"network connections attempted: {attempts}"


class GenerateSpy:
    """Wraps a loaded model's ``generate`` to record its inputs, keyword arguments and outputs."""

    def __init__(self, model) -> None:
        self.calls: list[dict] = []
        self._generate = model.generate
        model.generate = self

    def __call__(self, **kwargs):
        output = self._generate(**kwargs)
        self.calls.append({**kwargs, "output": output})
        return output


# ---------------------------------------------------------------- back_translate with Marian

def test_marian_back_translate_strings_and_empty_positions(marian_dir):
    texts = ["The cat is sleeping on the sofa.", "", "The train is ten minutes late.", "  \t", "Hello."]
    translators: dict = {}
    out = bt.back_translate(texts, str(marian_dir), "en", "de", batch_size=2, max_new_tokens=12,
                            translators=translators)
    assert isinstance(out, list) and len(out) == len(texts)
    assert all(isinstance(text, str) for text in out)
    assert out[1] == "" and out[3] == ""
    assert all(out[i] for i in (0, 2, 4))  # the tiny model never stops early, so non-empty inputs get text
    (translator,) = translators.values()  # loaded once, memoised by folder
    spy = GenerateSpy(translator.model)
    again = bt.back_translate(texts, str(marian_dir), "en", "de", batch_size=2, max_new_tokens=12,
                              translators=translators)
    assert again == out  # deterministic
    assert len(translators) == 1
    sent = sum(call["input_ids"].shape[0] for call in spy.calls)
    assert sent == 3  # the empty and whitespace-only inputs never reach the model
    assert all(call["num_beams"] == 1 and call["do_sample"] is False for call in spy.calls)
    assert all(call["output"].shape[1] <= 12 + 1 for call in spy.calls)  # decoder start + max_new_tokens


def test_all_empty_inputs_do_not_load_the_model(marian_dir, monkeypatch):
    monkeypatch.setattr(bt, "load_translator", lambda folder: pytest.fail("model loaded for empty input"))
    assert bt.back_translate(["", " ", "\n"], str(marian_dir), "en", "de") == ["", "", ""]
    assert bt.back_translate([], str(marian_dir), "en", "de") == []


def test_beam_search_option(marian_dir):
    greedy = bt.back_translate(["The cat is sleeping."], str(marian_dir), "en", "de", max_new_tokens=8)
    beams = bt.back_translate(["The cat is sleeping."], str(marian_dir), "en", "de", max_new_tokens=8, num_beams=3)
    assert isinstance(beams[0], str) and beams[0] and greedy[0]


def test_multilingual_marian_gets_target_language_token(marian_multi_dir):
    translators: dict = {}
    bt.back_translate(["Hello."], str(marian_multi_dir), "en", "de", max_new_tokens=4, translators=translators)
    (translator,) = translators.values()
    spy = GenerateSpy(translator.model)
    vocab = translator.tokenizer.get_vocab()
    bt.back_translate(["Hello."], str(marian_multi_dir), "en", "de", max_new_tokens=4, translators=translators)
    bt.back_translate(["Hello."], str(marian_multi_dir), "de", "fr", max_new_tokens=4, translators=translators)
    assert spy.calls[0]["input_ids"][0, 0].item() == vocab[">>de<<"]
    assert spy.calls[1]["input_ids"][0, 0].item() == vocab[">>fra<<"]  # ISO 639-3 token found for 'fr'
    with pytest.raises(InputError) as caught:
        bt.back_translate(["Hello."], str(marian_multi_dir), "en", "ja", translators=translators)
    assert "'ja'" in str(caught.value) and ">>de<<" in str(caught.value)


# ---------------------------------------------------------------- the scorer with Marian

def test_scorer_scores_with_nan_for_empty_sides(marian_dir):
    scorer = get_scorer(f"backtranslation:{marian_dir}")
    assert scorer.name == "backtranslation:opus-mt-tiny-en-de"
    assert get_scorer(f"bt:{marian_dir}").name == scorer.name
    scores = scorer.score(SOURCES_DE, TARGETS_EN, "de", "en")
    assert isinstance(scores, np.ndarray) and scores.shape == (4,)
    assert math.isnan(scores[1]) and math.isnan(scores[3])
    for i in (0, 2):
        assert np.isfinite(scores[i]) and 0.0 <= scores[i] <= 100.0
    alone = scorer.score([SOURCES_DE[2]], [TARGETS_EN[2]], "de", "en")
    assert alone[0] == pytest.approx(scores[2])  # positions do not shift
    assert np.array_equal(scorer.score(SOURCES_DE, TARGETS_EN, "de", "en"), scores, equal_nan=True)
    assert len(scorer._translators) == 1  # the model was loaded once for all these calls
    assert np.isnan(scorer.score(["", "x"], ["y", " "], "de", "en")).all()


def test_compare_agrees_with_sacrebleu(marian_dir):
    scorer = get_scorer(f"backtranslation:{marian_dir}")
    rows = scorer.compare(SOURCES_DE, TARGETS_EN, "de", "en")
    assert len(rows) == 4 and all(set(row) == {"back_translation", "chrf", "bleu"} for row in rows)
    assert rows[1]["back_translation"] == "" and rows[3]["back_translation"] == ""
    assert math.isnan(rows[1]["chrf"]) and math.isnan(rows[3]["bleu"])
    chrf = sacrebleu.metrics.CHRF()
    bleu = sacrebleu.metrics.BLEU(effective_order=True)
    for i in (0, 2):
        back = rows[i]["back_translation"]
        assert isinstance(back, str) and back
        assert rows[i]["chrf"] == pytest.approx(chrf.sentence_score(back, [SOURCES_DE[i]]).score)
        assert rows[i]["bleu"] == pytest.approx(bleu.sentence_score(back, [SOURCES_DE[i]]).score)
        assert 0.0 <= rows[i]["bleu"] <= 100.0
    scores = scorer.score(SOURCES_DE, TARGETS_EN, "de", "en")
    assert np.array_equal(scores, np.array([row["chrf"] for row in rows]), equal_nan=True)


def test_scoring_without_the_model(monkeypatch, tmp_path, marian_dir):
    """A back-translation equal to the source scores 100; a wrong one scores less; chrF/BLEU as sacrebleu."""
    calls = []

    def fake(texts, model_dir, src_lang, tgt_lang, **kwargs):
        calls.append((list(texts), src_lang, tgt_lang))
        mapping = {"The cat sleeps.": "Die Katze schläft.", "The dog barks.": "Der Vogel singt laut."}
        return [mapping.get(text, "") for text in texts]

    monkeypatch.setattr(bt, "back_translate", fake)
    scorer = bt.BackTranslationScorer(marian_dir)
    sources = ["Die Katze schläft.", "Der Hund bellt.", ""]
    targets = ["The cat sleeps.", "The dog barks.", "Something."]
    rows = scorer.compare(sources, targets, "de", "en")
    assert calls == [(["The cat sleeps.", "The dog barks.", ""], "en", "de")]  # MT -> source language
    assert rows[0]["chrf"] == pytest.approx(100.0) and rows[0]["bleu"] == pytest.approx(100.0)
    assert 0.0 <= rows[1]["chrf"] < 100.0
    assert rows[1]["chrf"] == pytest.approx(sacrebleu.sentence_chrf("Der Vogel singt laut.", ["Der Hund bellt."]).score)
    assert math.isnan(rows[2]["chrf"])
    scores = scorer.score(sources, targets, "de", "en")
    assert scores[0] == pytest.approx(100.0) and scores[1] < scores[0] and math.isnan(scores[2])


def test_bleu_tokenizers_work_offline():
    assert bt.bleu_tokenizer("zh") == "zh" and bt.bleu_tokenizer("zh-TW") == "zh"
    assert bt.bleu_tokenizer("de") == "13a" and bt.bleu_tokenizer("th") == "char"
    for lang in ("ja", "ko"):
        assert bt.bleu_tokenizer(lang) in (f"{lang}-mecab", "char")
    samples = {"zh": "猫在沙发上睡觉。", "ja": "猫がソファで寝ている。", "ko": "고양이가 소파에서 잔다."}
    for lang, hypothesis in samples.items():
        chrfs, bleus = bt.sentence_scores([hypothesis], [hypothesis], lang)
        assert chrfs[0] == pytest.approx(100.0) and bleus[0] == pytest.approx(100.0)


def test_scorer_mismatched_lengths(marian_dir):
    with pytest.raises(InputError):
        get_scorer(f"backtranslation:{marian_dir}").score(["a", "b"], ["c"], "de", "en")


# ---------------------------------------------------------------- NLLB (M2M100 architecture)

def test_nllb_forces_target_language_token(nllb_dir):
    scorer = get_scorer(f"backtranslation:{nllb_dir}")
    assert scorer.name == "backtranslation:nllb-tiny"
    first = scorer.compare(SOURCES_DE, TARGETS_EN, "de", "en")
    translator = scorer.translator()
    assert translator.style == "nllb"
    tokenizer = translator.tokenizer
    spy = GenerateSpy(translator.model)
    second = scorer.compare(SOURCES_DE, TARGETS_EN, "de", "en")
    assert [row["back_translation"] for row in second] == [row["back_translation"] for row in first]
    assert all(isinstance(row["back_translation"], str) for row in first)
    assert first[1]["back_translation"] == "" and math.isnan(first[1]["chrf"]) and math.isnan(first[3]["chrf"])
    assert all(0.0 <= first[i]["chrf"] <= 100.0 for i in (0, 2))
    (call,) = spy.calls
    deu, eng = tokenizer.convert_tokens_to_ids(["deu_Latn", "eng_Latn"])
    assert call["forced_bos_token_id"] == deu  # English MT is translated back into German
    assert (call["output"][:, 1] == deu).all()  # right after the decoder start token
    assert (call["input_ids"][:, 0] == eng).all()  # the source side is tagged English (NLLB prefix mode)
    assert call["input_ids"].shape[0] == 2  # only the two complete pairs
    # The other direction (German MT of English sources): German input tag, English forced first.
    scorer.score(TARGETS_EN[:1], SOURCES_DE[:1], "en", "de")
    reverse = spy.calls[-1]
    assert reverse["forced_bos_token_id"] == eng and (reverse["output"][:, 1] == eng).all()
    assert (reverse["input_ids"][:, 0] == deu).all()


def test_nllb_unsupported_language(nllb_dir):
    scorer = get_scorer(f"bt:{nllb_dir}")
    with pytest.raises(InputError) as caught:
        scorer.score(["Bonjour."], ["Hello."], "xx", "en")
    assert "'xx'" in str(caught.value)
    assert np.isnan(scorer.score([""], [""], "xx", "en")).all()  # nothing to translate, no error


def test_nllb_language_codes():
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    expected = {"de": "deu_Latn", "en": "eng_Latn", "zh": "zho_Hans", "fr": "fra_Latn", "ja": "jpn_Jpan",
                "ru": "rus_Cyrl", "es": "spa_Latn", "it": "ita_Latn", "pt": "por_Latn", "nl": "nld_Latn",
                "pl": "pol_Latn", "cs": "ces_Latn", "ko": "kor_Hang", "ar": "arb_Arab"}
    for iso, code in expected.items():
        assert bt.nllb_code(iso) == code
    assert set(bt.NLLB_CODES.values()) <= set(FAIRSEQ_LANGUAGE_CODES)
    assert bt.nllb_code("zh-TW") == "zho_Hant" and bt.nllb_code("zh_Hant") == "zho_Hant"
    assert bt.nllb_code("zh-CN") == "zho_Hans" and bt.nllb_code("pt-BR") == "por_Latn"
    assert bt.nllb_code("DE") == "deu_Latn" and bt.nllb_code("deu") == "deu_Latn"
    assert bt.nllb_code("kor_Hang") == "kor_Hang"
    for bad in ("xx", "klingon", ""):
        with pytest.raises(InputError) as caught:
            bt.nllb_code(bad)
        assert repr(bad) in str(caught.value)


# ---------------------------------------------------------------- errors

def test_missing_dir_names_it(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(InputError) as caught:
        get_scorer(f"backtranslation:{missing}")
    message = str(caught.value)
    assert str(missing) in message and "Marian or NLLB" in message and "\n" not in message
    with pytest.raises(InputError):
        bt.back_translate(["x"], str(missing), "en", "de")


def test_folder_that_is_not_a_model(tmp_path, marian_dir):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError) as caught:
        get_scorer(f"bt:{empty}")
    assert str(empty) in str(caught.value) and "config.json" in str(caught.value)
    broken = tmp_path / "broken-marian"
    shutil.copytree(marian_dir, broken)
    (broken / "source.spm").unlink()
    with pytest.raises(InputError) as caught:
        get_scorer(f"bt:{broken}")
    assert "source.spm" in str(caught.value)


@pytest.mark.parametrize("broken", ["model.safetensors", "tokenizer.json"])
def test_unloadable_model_is_one_line_input_error(tmp_path, nllb_dir, broken):
    copy = tmp_path / "nllb-broken"
    shutil.copytree(nllb_dir, copy)
    (copy / broken).write_text("not a model file", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        bt.back_translate(["Hello."], str(copy), "en", "de")
    message = str(caught.value)
    assert message.startswith(f"{copy}: cannot load a translation model") and "\n" not in message


@pytest.mark.parametrize("module", ["transformers", "torch", "sentencepiece"])
def test_missing_model_packages_name_the_extra(monkeypatch, marian_dir, module):
    monkeypatch.setitem(sys.modules, module, None)  # 'import module' now raises ImportError
    scorer = get_scorer(f"backtranslation:{marian_dir}")
    with pytest.raises(InputError) as caught:
        scorer.score(["Die Katze."], ["The cat."], "de", "en")
    assert "mtqa[mt]" in str(caught.value) and module in str(caught.value)


def test_missing_sacrebleu_names_the_extra(monkeypatch, marian_dir):
    monkeypatch.setattr(bt, "back_translate", lambda texts, *args, **kwargs: list(texts))
    for name in [m for m in sys.modules if m == "sacrebleu" or m.startswith("sacrebleu.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(InputError) as caught:
        get_scorer(f"backtranslation:{marian_dir}").score(["Die Katze."], ["The cat."], "de", "en")
    assert "mtqa[mt]" in str(caught.value) and "sacrebleu" in str(caught.value)


def test_import_is_cheap():
    code = ("import sys, mtqa.qe.backtranslation; "
            "print(sorted(m for m in ('torch', 'transformers', 'sacrebleu', 'sentencepiece') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------- mtqa score

SITECUSTOMIZE = """import os, socket
def _refuse(self, *args, **kwargs):
    with open(os.environ["MTQA_TEST_NET_LOG"], "a", encoding="utf-8") as log:
        log.write(repr(args) + "\\n")
    raise OSError("network blocked in test_qe_backtranslation")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
"""


def _run_cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    script = Path(sys.executable).parent / "mtqa"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "mtqa.cli"]
    blocker = cwd / "netblock"
    blocker.mkdir(exist_ok=True)
    (blocker / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = cwd / "network-attempts.log"
    env = dict(env, PYTHONPATH=os.pathsep.join([str(blocker), env.get("PYTHONPATH", "")]),
               MTQA_TEST_NET_LOG=str(log))
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        env.pop(name, None)
    done = subprocess.run([*command, "score", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, check=False)
    assert not log.exists(), f"network connections attempted: {log.read_text(encoding='utf-8')}"
    return done


def test_cli_score_prints_one_line_per_input_line(tmp_path, marian_dir, mtqa_env):
    (tmp_path / "src.txt").write_text("\n".join(SOURCES_DE) + "\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("\n".join(TARGETS_EN) + "\n", encoding="utf-8")
    run = _run_cli(["-s", "src.txt", "-t", "mt.txt", "--src-lang", "de", "--tgt-lang", "en",
                    "--scorer", f"backtranslation:{marian_dir}"], tmp_path, mtqa_env)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(SOURCES_DE) + 1
    assert lines[1] == "Segment 1\tscore: null" and lines[3] == "Segment 3\tscore: null"
    expected = bt.BackTranslationScorer(marian_dir).score(SOURCES_DE, TARGETS_EN, "de", "en")
    for i in (0, 2):
        assert lines[i].startswith(f"Segment {i}\tscore: ")
        value = float(lines[i].split("score: ")[1])
        assert 0.0 <= value <= 100.0
        assert value == pytest.approx(expected[i], abs=1e-4)
    assert lines[4].startswith("System score: ")
    assert float(lines[4].split(": ")[1]) == pytest.approx((expected[0] + expected[2]) / 2, abs=2e-4)

    as_json = _run_cli(["-s", "src.txt", "-t", "mt.txt", "--src-lang", "de", "--tgt-lang", "en", "--json",
                        "--scorer", f"bt:{marian_dir}"], tmp_path, mtqa_env)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["segments"][1] is None and data["segments"][3] is None
    assert "scorer:backtranslation:opus-mt-tiny-en-de" in data["signature"]


def test_cli_missing_model_dir_exits_2(tmp_path, mtqa_env):
    (tmp_path / "src.txt").write_text("Hallo.\n", encoding="utf-8")
    (tmp_path / "mt.txt").write_text("Hello.\n", encoding="utf-8")
    missing = tmp_path / "models" / "opus-mt-en-de"
    run = _run_cli(["-s", "src.txt", "-t", "mt.txt", "--src-lang", "de", "--tgt-lang", "en",
                    "--scorer", f"backtranslation:{missing}"], tmp_path, mtqa_env)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error: ") and str(missing) in lines[0]
    assert "Traceback" not in run.stderr
