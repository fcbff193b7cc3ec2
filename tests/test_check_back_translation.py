"""``mtqa check --back-translation``: each sentence back-translated into each version's language and
compared with that version, end to end on a tiny random Marian model built here (no network)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.errors import InputError
from mtqa.qe.versions import add_back_translations, parse_back_translation_specs

spm = pytest.importorskip("sentencepiece")
pytest.importorskip("transformers")
pytest.importorskip("sacrebleu")

from test_qe_backtranslation import _build_marian, _sentences  # noqa: E402  (the tiny-model builder)


def test_specs_give_one_model_to_every_version_or_to_one(monkeypatch, tmp_path):
    import mtqa.qe.backtranslation as backtranslation

    checked = []
    monkeypatch.setattr(backtranslation, "check_model_dir", checked.append)
    assert parse_back_translation_specs(["models/nllb"], ["en", "fr"]) == {"en": "models/nllb", "fr": "models/nllb"}
    assert parse_back_translation_specs(["en=models/opus-de-en", "models/nllb"], ["en", "fr"]) == {
        "en": "models/opus-de-en", "fr": "models/nllb"}
    assert checked[-2:] == ["models/nllb", "models/opus-de-en"]  # every folder is validated up front
    with pytest.raises(InputError, match="no 'ru' version"):
        parse_back_translation_specs(["ru=models/x"], ["en", "fr"])
    odd = tmp_path / "a=b"
    odd.mkdir()
    assert parse_back_translation_specs([str(odd)], ["en"]) == {"en": str(odd)}


def test_rows_get_back_translation_columns_from_the_scorer(monkeypatch):
    calls = []

    class FakeScorer:
        def __init__(self, directory):
            self.directory = directory

        def compare(self, sources, targets, src_lang, tgt_lang):
            calls.append((self.directory, sources, targets, src_lang, tgt_lang))
            return [{"back_translation": t.upper(), "chrf": 50.0 + i, "bleu": 10.0} for i, t in enumerate(targets)]

    import mtqa.qe.backtranslation as backtranslation

    monkeypatch.setattr(backtranslation, "BackTranslationScorer", FakeScorer)
    rows = [
        {"kind": "target", "text": "Guten Morgen.", "versions": {"en": {"text": "Good morning."}, "fr": {"text": ""}}},
        {"kind": "unaligned-version", "text": "Extra.", "versions": {}},
        {"kind": "target", "text": "Danke.", "versions": {"en": {"text": "Thanks."}, "fr": {"text": "Merci."}}},
    ]
    add_back_translations(rows, "de", {"en": "m1", "fr": "m2"})
    assert rows[0]["versions"]["en"] == {"text": "Good morning.", "back_translation": "GUTEN MORGEN.",
                                         "bt_chrf": 50.0, "bt_bleu": 10.0}
    assert "back_translation" not in rows[0]["versions"]["fr"]  # nothing to compare with
    assert rows[2]["versions"]["en"]["bt_chrf"] == 51.0 and rows[2]["versions"]["fr"]["bt_chrf"] == 50.0
    assert calls[0] == ("m1", ["Good morning.", "Thanks."], ["Guten Morgen.", "Danke."], "en", "de")


@pytest.fixture(scope="module")
def marian_de_en(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("spm")
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(_sentences() * 3) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(corpus), model_prefix=str(folder / "u"), vocab_size=150,
                                   model_type="unigram", character_coverage=1.0, unk_id=0, bos_id=-1, eos_id=-1,
                                   pad_id=-1, hard_vocab_limit=False, minloglevel=2, num_threads=1)
    return _build_marian(tmp_path_factory.mktemp("models") / "opus-mt-tiny-de-en", folder / "u.model")


def test_check_writes_back_translations_for_each_version(tmp_path, marian_de_en):
    corpus = tmp_path / "doc"
    corpus.mkdir()
    (corpus / "de.txt").write_text("Die Katze schläft auf dem Sofa.\n\nDer Zug hat zehn Minuten Verspätung.\n", encoding="utf-8")
    (corpus / "en.txt").write_text("The cat is sleeping on the sofa.\n\nThe train is ten minutes late.\n", encoding="utf-8")
    env = dict(os.environ, MTQA_CACHE_DIR=str(tmp_path / "cache"), HF_HUB_OFFLINE="1")
    run = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", str(corpus), "-o", str(tmp_path / "out"),
                          "--quiet", "--no-second-opinion", "--back-translation", f"en={marian_de_en}",
                          "--format", "jsonl,csv,json"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in (tmp_path / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    targets = [r for r in rows if r["kind"] == "target"]
    assert len(targets) == 2
    for row in targets:
        entry = row["versions"]["en"]
        assert isinstance(entry["back_translation"], str) and entry["back_translation"]
        assert 0.0 <= entry["bt_chrf"] <= 100.0 and 0.0 <= entry["bt_bleu"] <= 100.0
    header = (tmp_path / "out" / "sentences.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"en_back_translation", "en_bt_chrf", "en_bt_bleu", "en_quality", "quality"} <= set(header)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert "back_translation:en=opus-mt-tiny-de-en" in summary["signature"]


def test_check_with_a_missing_model_exits_2(tmp_path):
    corpus = tmp_path / "doc"
    corpus.mkdir()
    (corpus / "de.txt").write_text("Die Katze schläft.\n", encoding="utf-8")
    (corpus / "en.txt").write_text("The cat is sleeping.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", str(corpus), "-o", str(tmp_path / "out"),
                          "--quiet", "--no-second-opinion", "--back-translation", str(tmp_path / "nowhere")],
                         capture_output=True, text=True, env=dict(os.environ, MTQA_CACHE_DIR=str(tmp_path / "c")),
                         timeout=600)
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error:") and "nowhere" in lines[0]
