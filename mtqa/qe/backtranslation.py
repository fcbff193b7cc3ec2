"""Back-translation quality estimation with a local Marian or NLLB model (extra ``mtqa[mt]``).

The translation (MT output) is translated back into the source language with a local
``transformers`` sequence-to-sequence model, and each pair scores the sentence-level chrF
(sacrebleu, 0..100) of that back-translation against the source: higher = better.

- Marian (``Helsinki-NLP/opus-mt-*``): one direction per model, so the folder must hold a model
  that translates the *target* language into the *source* language (for German sources with
  English MT: ``opus-mt-en-de``). A multi-target Marian model (``>>xx<<`` tokens) gets the
  source language's token.
- NLLB / M2M100: one model for all directions; ISO 639-1 codes (``de``, ``en``, ``zh`` ...) are
  mapped to NLLB codes (``deu_Latn``, ``eng_Latn``, ``zho_Hans`` ...) or M2M100 codes (``__de__``),
  and the target language is forced as the first generated token.

Models are read from a local folder only (``local_files_only=True``, Hugging Face offline mode);
mtqa never downloads one. Decoding is greedy by default (``num_beams=1``) and deterministic.
torch, transformers and sacrebleu are imported only when a model is loaded or a score computed.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.errors import InputError

EXTRA_HINT = "pip install 'mtqa[mt]'"
DEFAULT_MAX_NEW_TOKENS = 256

# ISO 639-1 -> NLLB-200 (FLORES-200) codes; every value is one of NLLB's language tokens.
NLLB_CODES = {
    "af": "afr_Latn", "am": "amh_Ethi", "ar": "arb_Arab", "az": "azj_Latn", "be": "bel_Cyrl",
    "bg": "bul_Cyrl", "bn": "ben_Beng", "bs": "bos_Latn", "ca": "cat_Latn", "cs": "ces_Latn",
    "cy": "cym_Latn", "da": "dan_Latn", "de": "deu_Latn", "el": "ell_Grek", "en": "eng_Latn",
    "eo": "epo_Latn", "es": "spa_Latn", "et": "est_Latn", "eu": "eus_Latn", "fa": "pes_Arab",
    "fi": "fin_Latn", "fr": "fra_Latn", "ga": "gle_Latn", "gl": "glg_Latn", "gu": "guj_Gujr",
    "ha": "hau_Latn", "he": "heb_Hebr", "hi": "hin_Deva", "hr": "hrv_Latn", "hu": "hun_Latn",
    "hy": "hye_Armn", "id": "ind_Latn", "is": "isl_Latn", "it": "ita_Latn", "ja": "jpn_Jpan",
    "ka": "kat_Geor", "kk": "kaz_Cyrl", "km": "khm_Khmr", "kn": "kan_Knda", "ko": "kor_Hang",
    "lb": "ltz_Latn", "lo": "lao_Laoo", "lt": "lit_Latn", "lv": "lvs_Latn", "mk": "mkd_Cyrl",
    "ml": "mal_Mlym", "mr": "mar_Deva", "ms": "zsm_Latn", "mt": "mlt_Latn", "my": "mya_Mymr",
    "nb": "nob_Latn", "ne": "npi_Deva", "nl": "nld_Latn", "nn": "nno_Latn", "no": "nob_Latn",
    "pa": "pan_Guru", "pl": "pol_Latn", "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl",
    "si": "sin_Sinh", "sk": "slk_Latn", "sl": "slv_Latn", "so": "som_Latn", "sq": "als_Latn",
    "sr": "srp_Cyrl", "sv": "swe_Latn", "sw": "swh_Latn", "ta": "tam_Taml", "te": "tel_Telu",
    "th": "tha_Thai", "tl": "tgl_Latn", "tr": "tur_Latn", "uk": "ukr_Cyrl", "ur": "urd_Arab",
    "uz": "uzn_Latn", "vi": "vie_Latn", "xh": "xho_Latn", "yo": "yor_Latn", "zh": "zho_Hans",
    "zu": "zul_Latn",
}
_TRADITIONAL_CHINESE = {"tw", "hk", "mo", "hant"}
_NLLB_CODE_RE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
                "pytorch_model.bin.index.json")
MARIAN_FILES = ("source.spm", "target.spm", "vocab.json")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "sentencepiece.bpe.model", "spm.model",
                   "source.spm")
EXPECTED = ("expected a local Marian or NLLB model folder (config.json, model weights, tokenizer files), "
            "e.g. from 'huggingface-cli download Helsinki-NLP/opus-mt-en-de --local-dir DIR'; "
            "mtqa never downloads models")


# ---------------------------------------------------------------- languages

def _language_parts(lang: str) -> tuple[str, str]:
    """``'zh-Hant-TW'`` -> (``'zh'``, ``'hant-tw'``): primary subtag and the rest, lower case."""
    parts = re.split(r"[-_]", lang.strip(), maxsplit=1)
    return parts[0].lower(), (parts[1].lower() if len(parts) > 1 else "")


def nllb_code(lang: str) -> str:
    """The NLLB-200 language token for ``lang`` (ISO 639-1 such as ``de``, or an NLLB code itself).

    ``zh``/``zh-CN``/``zh-Hans`` -> ``zho_Hans``; ``zh-TW``/``zh-HK``/``zh-Hant`` -> ``zho_Hant``;
    a three-letter code is accepted when exactly one NLLB code starts with it. Anything else is an
    ``InputError`` naming the language.
    """
    given = lang.strip()
    if _NLLB_CODE_RE.match(given):
        return given
    primary, rest = _language_parts(given)
    if primary == "zh" and set(re.split(r"[-_]", rest)) & _TRADITIONAL_CHINESE:
        return "zho_Hant"
    if primary in NLLB_CODES:
        return NLLB_CODES[primary]
    if len(primary) == 3:
        matches = sorted({code for code in NLLB_CODES.values() if code.startswith(primary + "_")})
        if len(matches) == 1:
            return matches[0]
    raise InputError(f"language {lang!r} is not supported for NLLB back-translation: give an ISO 639-1 code "
                     "such as de, en, zh or an NLLB code such as deu_Latn")


def _iso639_1(lang: str) -> str:
    return _language_parts(lang)[0]


# ---------------------------------------------------------------- the model folder

def check_model_dir(model_dir: str | os.PathLike) -> tuple[Path, str]:
    """Validate a local model folder without importing anything; returns (folder, model_type).

    A missing folder, or one without config.json, weights or tokenizer files, is an ``InputError``
    that names the folder and says what is expected.
    """
    folder = Path(model_dir).expanduser()
    if not folder.exists():
        raise InputError(f"translation model folder not found; {EXPECTED}", folder)
    if not folder.is_dir():
        raise InputError(f"not a folder; {EXPECTED}", folder)
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise InputError(f"not a translation model folder (no config.json); {EXPECTED}", folder)
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read config.json ({error.__class__.__name__}); {EXPECTED}", folder) from None
    model_type = str(config.get("model_type", "")) if isinstance(config, dict) else ""
    if not model_type:
        raise InputError(f"config.json has no model_type; {EXPECTED}", folder)
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        raise InputError(f"no model weights ({' or '.join(WEIGHT_FILES[:2])}); {EXPECTED}", folder)
    if model_type == "marian":
        missing = [name for name in MARIAN_FILES if not (folder / name).is_file()]
        if missing:
            raise InputError(f"Marian model folder without {', '.join(missing)}; {EXPECTED}", folder)
    elif not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise InputError(f"no tokenizer files (tokenizer.json or tokenizer_config.json); {EXPECTED}", folder)
    return folder, model_type


def _require(*modules: str) -> None:
    """Import each module or raise one ``InputError`` naming the missing ones and the extra."""
    import importlib

    missing = []
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise InputError(f"back-translation needs {', '.join(missing)}: {EXTRA_HINT}")


@contextlib.contextmanager
def _quiet_transformers():
    """Hide transformers' progress bars, info logs and Python warnings while a model loads or runs."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


class Translator:
    """A seq2seq model and its tokenizer, loaded once from a local folder, run on the CPU."""

    def __init__(self, model_dir: str | os.PathLike) -> None:
        folder, model_type = check_model_dir(model_dir)
        self.model_dir = folder
        self.model_type = model_type
        self.is_marian = model_type == "marian"
        _require("torch", "transformers", *(["sentencepiece"] if self.is_marian else []))
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import transformers

        path = str(folder.resolve())
        try:
            with _quiet_transformers():
                if self.is_marian:
                    self.tokenizer = transformers.MarianTokenizer.from_pretrained(path, local_files_only=True)
                    self.model = transformers.MarianMTModel.from_pretrained(path, local_files_only=True)
                else:
                    self.tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
                    self.model = transformers.AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True)
        except Exception as error:  # noqa: BLE001 - corrupt JSON, weights (SafetensorError), tokenizer files
            text = str(error).strip()
            reason = f"{error.__class__.__name__}: {text.splitlines()[0]}" if text else error.__class__.__name__
            raise InputError(f"cannot load a translation model ({model_type}): {reason[:300]}; {EXPECTED}",
                             folder) from None
        self.model.eval()
        self._vocab: dict[str, int] = dict(self.tokenizer.get_vocab())
        self.style = self._language_style()

    # ---- language tokens

    def _token_id(self, token: str) -> int | None:
        """The id of ``token`` if the tokenizer knows it as a whole token, else None."""
        return self._vocab.get(token)

    def _language_style(self) -> str:
        """``nllb`` (deu_Latn tokens), ``m2m`` (__de__ tokens), ``marian-multi`` (>>de<<) or ``single``."""
        vocab = self._vocab
        if self.is_marian:
            return "marian-multi" if any(t.startswith(">>") and t.endswith("<<") for t in vocab) else "single"
        if "eng_Latn" in vocab:
            return "nllb"
        if "__en__" in vocab:
            return "m2m"
        return "single"

    def _marian_prefix(self, tgt_lang: str) -> str:
        nllb = NLLB_CODES.get(_iso639_1(tgt_lang), "")
        candidates = [_iso639_1(tgt_lang), tgt_lang.strip().replace("-", "_"), nllb, nllb.split("_")[0]]
        if _iso639_1(tgt_lang) == "zh":
            candidates += ["cmn_Hans", "cmn", "zho_Hans", "zho"]
        for candidate in candidates:
            if candidate and self._token_id(f">>{candidate}<<") is not None:
                return f">>{candidate}<< "
        known = sorted(t for t in self._vocab if t.startswith(">>") and t.endswith("<<"))
        raise InputError(f"language {tgt_lang!r} is not a target of this multilingual Marian model "
                         f"(it knows {', '.join(known[:12])}{' ...' if len(known) > 12 else ''})", self.model_dir)

    def _multilingual_codes(self, src_lang: str, tgt_lang: str) -> tuple[str, int]:
        """(the value for ``tokenizer.src_lang``, the forced BOS id for ``tgt_lang``)."""
        if self.style == "nllb":
            src, tgt = nllb_code(src_lang), nllb_code(tgt_lang)
            src_value, tgt_token = src, tgt
            tokens = {src_lang: src, tgt_lang: tgt}
        else:
            src, tgt = _iso639_1(src_lang), _iso639_1(tgt_lang)
            src_value, tgt_token = src, f"__{tgt}__"
            tokens = {src_lang: f"__{src}__", tgt_lang: f"__{tgt}__"}
        for lang, token in tokens.items():
            if self._token_id(token) is None:
                raise InputError(f"language {lang!r} is not supported by this model (no {token} language token)",
                                 self.model_dir)
        return src_value, self._token_id(tgt_token)

    # ---- translation

    def _max_positions(self) -> int | None:
        value = getattr(self.model.config, "max_position_embeddings", None)
        return int(value) if isinstance(value, int) and value > 2 else None

    def translate(self, texts: list[str], src_lang: str, tgt_lang: str, batch_size: int = 16,
                  max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS, num_beams: int = 1) -> list[str]:
        """Translate non-empty ``texts`` from ``src_lang`` into ``tgt_lang``; one string per text."""
        import torch

        if not texts:
            return []
        generate_kwargs: dict[str, Any] = {"num_beams": max(1, int(num_beams)), "do_sample": False}
        prefix = ""
        if self.style == "marian-multi":
            prefix = self._marian_prefix(tgt_lang)
        elif self.style in ("nllb", "m2m"):
            src_value, bos_id = self._multilingual_codes(src_lang, tgt_lang)
            self.tokenizer.src_lang = src_value
            generate_kwargs["forced_bos_token_id"] = bos_id
        positions = self._max_positions()
        new_tokens = max(1, int(max_new_tokens))
        max_input = getattr(self.tokenizer, "model_max_length", None)
        if positions is not None:
            new_tokens = min(new_tokens, positions - 2)
            max_input = min(max_input, positions) if isinstance(max_input, int) else positions
        generate_kwargs["max_new_tokens"] = new_tokens
        if isinstance(max_input, int) and max_input > 100_000:
            max_input = None
        # Longest first, so each batch holds similar lengths; the order is restored at the end.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        results: list[str] = [""] * len(texts)
        size = max(1, int(batch_size))
        with torch.no_grad(), _quiet_transformers():
            for start in range(0, len(order), size):
                chunk = order[start:start + size]
                batch = self.tokenizer([prefix + texts[i] for i in chunk], return_tensors="pt", padding=True,
                                       truncation=max_input is not None, max_length=max_input)
                output = self.model.generate(**batch, **generate_kwargs)
                decoded = self.tokenizer.batch_decode(output, skip_special_tokens=True)
                for i, text in zip(chunk, decoded):
                    results[i] = text.strip()
        return results


def load_translator(model_dir: str | os.PathLike) -> Translator:
    """Load the model in ``model_dir`` (a local Marian, NLLB or M2M100 folder); errors are ``InputError``."""
    return Translator(model_dir)


def back_translate(texts: list[str], model_dir: str | os.PathLike, src_lang: str, tgt_lang: str,
                   batch_size: int = 16, max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS, num_beams: int = 1,
                   *, translators: dict[str, Translator] | None = None) -> list[str]:
    """Translate ``texts`` (in ``src_lang``) into ``tgt_lang`` with the local model in ``model_dir``.

    One string per text; empty or whitespace-only texts give ``""`` and are not sent to the model
    (when all are empty the model is not even loaded). ``translators`` memoises loaded models by
    folder (the scorer passes its own dict); without it the model is loaded for this call only.
    Greedy decoding unless ``num_beams`` > 1; deterministic.
    """
    folder, _ = check_model_dir(model_dir)
    keep = [i for i, text in enumerate(texts) if text.strip()]
    results = [""] * len(texts)
    if not keep:
        return results
    key = str(folder.resolve())
    cache = translators if translators is not None else {}
    if key not in cache:
        cache[key] = load_translator(folder)
    translated = cache[key].translate([texts[i] for i in keep], src_lang, tgt_lang, batch_size=batch_size,
                                      max_new_tokens=max_new_tokens, num_beams=num_beams)
    for i, text in zip(keep, translated):
        results[i] = text
    return results


# ---------------------------------------------------------------- scores

def bleu_tokenizer(lang: str) -> str:
    """The sacrebleu tokenizer for sentence BLEU in ``lang`` that works offline.

    zh -> ``zh`` (built into sacrebleu); ja -> ``ja-mecab`` and ko -> ``ko-mecab`` when their optional
    MeCab packages are installed (``sacrebleu[ja]``/``sacrebleu[ko]``), else ``char``; th, lo, km, my
    (no spaces between words) -> ``char``; everything else -> ``13a`` (sacrebleu's default).
    ``flores200`` is never used: it downloads its SentencePiece model.
    """
    primary = _iso639_1(lang)
    if primary == "zh":
        return "zh"
    if primary in ("ja", "ko"):
        mecab = f"{primary}-mecab"
        return mecab if _tokenizer_works(mecab) else "char"
    if primary in ("th", "lo", "km", "my"):
        return "char"
    return "13a"


_WORKING_TOKENIZERS: dict[str, bool] = {}


def _tokenizer_works(name: str) -> bool:
    if name not in _WORKING_TOKENIZERS:
        try:
            from sacrebleu.metrics import BLEU

            BLEU(effective_order=True, tokenize=name).sentence_score("a", ["a"])
            _WORKING_TOKENIZERS[name] = True
        except Exception:  # noqa: BLE001 - no MeCab or no dictionary: RuntimeError, ImportError, OSError
            _WORKING_TOKENIZERS[name] = False
    return _WORKING_TOKENIZERS[name]


def sentence_scores(back_translations: list[str], sources: list[str], lang: str) -> tuple[list[float], list[float]]:
    """(chrF, BLEU) of each back-translation against its source, both 0..100, in ``lang``.

    NaN where the source is empty; an empty back-translation of a non-empty source scores 0.
    """
    if len(back_translations) != len(sources):
        raise ValueError(f"{len(back_translations)} back-translations but {len(sources)} sources")
    try:
        from sacrebleu.metrics import BLEU, CHRF
    except ImportError:
        raise InputError(f"back-translation scoring needs sacrebleu: {EXTRA_HINT}") from None
    chrf, bleu = CHRF(), BLEU(effective_order=True, tokenize=bleu_tokenizer(lang))
    chrfs, bleus = [], []
    for hypothesis, source in zip(back_translations, sources):
        if not source.strip():
            chrfs.append(math.nan)
            bleus.append(math.nan)
            continue
        chrfs.append(float(chrf.sentence_score(hypothesis, [source]).score))
        bleus.append(float(bleu.sentence_score(hypothesis, [source]).score))
    return chrfs, bleus


class BackTranslationScorer:
    """QE by back-translation: chrF (0..100) of the MT translated back into the source language.

    ``model_dir`` is a local Marian model translating the target language into the source language,
    or a local NLLB/M2M100 model. The model is loaded on first use and kept for this scorer.
    Pairs with an empty side score NaN and are not translated.
    """

    def __init__(self, model_dir: str | os.PathLike, batch_size: int = 16,
                 max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS, num_beams: int = 1) -> None:
        folder, self.model_type = check_model_dir(model_dir)
        self.model_dir = str(folder)
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens
        self.num_beams = num_beams
        self._translators: dict[str, Translator] = {}
        self.name = "backtranslation:" + (folder.name or folder.resolve().name)

    def translator(self) -> Translator:
        """The (loaded once, then memoised) model of this scorer."""
        key = str(Path(self.model_dir).resolve())
        if key not in self._translators:
            self._translators[key] = load_translator(self.model_dir)
        return self._translators[key]

    def _back_translations(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> list[str]:
        if len(sources) != len(targets):
            raise InputError(f"{len(sources)} sources but {len(targets)} targets; pairs must be line-aligned")
        wanted = [t if s.strip() and t.strip() else "" for s, t in zip(sources, targets)]
        return back_translate(wanted, self.model_dir, tgt_lang, src_lang, batch_size=self.batch_size,
                              max_new_tokens=self.max_new_tokens, num_beams=self.num_beams,
                              translators=self._translators)

    def compare(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> list[dict]:
        """Per pair: ``{"back_translation": str, "chrf": float, "bleu": float}`` (NaN where a side is empty).

        BLEU is sacrebleu's sentence BLEU (``effective_order=True``) with ``bleu_tokenizer(src_lang)``.
        """
        back = self._back_translations(sources, targets, src_lang, tgt_lang)
        usable = [s if s.strip() and t.strip() else "" for s, t in zip(sources, targets)]
        chrfs, bleus = sentence_scores(back, usable, src_lang)
        return [{"back_translation": b, "chrf": c, "bleu": u} for b, c, u in zip(back, chrfs, bleus)]

    def score(self, sources: list[str], targets: list[str], src_lang: str, tgt_lang: str) -> np.ndarray:
        """chrF of each back-translated target against its source (0..100), NaN where a side is empty."""
        return np.array([row["chrf"] for row in self.compare(sources, targets, src_lang, tgt_lang)],
                        dtype=np.float64)
