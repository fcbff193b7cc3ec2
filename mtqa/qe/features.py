"""Features of a (source, translation) pair for the shipped QE model, sentence- and word-level.

Everything here is language-agnostic: token frequencies come from ``wordfreq`` for whichever
language is named, scripts from Unicode character names, numbers and copies by string
comparison. The sentence embeddings are passed in, so this module does no model loading.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache

import numpy as np

TOKEN_PATTERN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+|\w+(?:[-'’.,]\w+)*|[^\w\s]", re.UNICODE)
CJK_LANGUAGES = {"zh", "ja", "ko"}
PUNCTUATION_CLASSES = ["?", "!", ":", ";", "(", ")", "\"„“”«»", "%", "-–—"]
NUMBER_PATTERN = re.compile(r"\d+")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Code-point (start, end) offsets of the words and punctuation marks of ``text``."""
    return [(m.start(), m.end()) for m in TOKEN_PATTERN.finditer(text)]


def token_runs(text: str, tokens: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group sorted token spans into runs separated by nothing but white space."""
    runs: list[list[tuple[int, int]]] = []
    for token in tokens:
        if runs and text[runs[-1][-1][1]:token[0]].strip() == "":
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def token_strings(text: str) -> list[str]:
    return [text[start:end] for start, end in tokenize(text)]


@lru_cache(maxsize=64)
def _frequency_table(lang: str) -> dict[str, float]:
    """wordfreq's table for ``lang``; empty for a language it lacks (it would silently use a "nearest" one)."""
    import wordfreq

    if lang not in wordfreq.available_languages(wordlist="best"):
        return {}
    return wordfreq.get_frequency_dict(lang, wordlist="best")


@lru_cache(maxsize=400_000)
def zipf(token: str, lang: str) -> float:
    """Zipf frequency (0 = unknown … ~8 = 'the') of ``token`` in ``lang``; 0 for languages wordfreq lacks.

    A CJK run is not one dictionary word, so wordfreq segments it (jieba for Chinese); where its
    segmenter is not installed (MeCab for Japanese and Korean) the rarest character stands in.
    """
    lowered = token.lower()
    table = _frequency_table(lang)
    frequency = table.get(lowered)
    if frequency is None and lang in CJK_LANGUAGES and table:
        return _cjk_zipf(lowered, lang, table)
    return math.log10(frequency * 1e9) if frequency else 0.0


def _cjk_zipf(run: str, lang: str, table: dict[str, float]) -> float:
    import wordfreq

    _quiet_jieba()
    try:
        return float(wordfreq.zipf_frequency(run, lang))
    except ImportError:
        known = [table[ch] for ch in run if ch in table]
        return math.log10(min(known) * 1e9) if known else 0.0


@lru_cache(maxsize=1)
def _quiet_jieba() -> None:
    """jieba logs its dictionary loading to stderr at DEBUG level, set when it is imported."""
    import logging

    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def _is_word(token: str) -> bool:
    return any(ch.isalpha() for ch in token)


def _is_number(token: str) -> bool:
    return any(ch.isdigit() for ch in token)


def _is_punctuation(token: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def script_mix(text: str) -> float:
    """Share of letters outside the text's majority script (0 when one script only)."""
    scripts = Counter(_script(ch) for ch in text if ch.isalpha())
    total = sum(scripts.values())
    return 0.0 if total == 0 else 1.0 - max(scripts.values()) / total


def _numbers(text: str) -> Counter:
    return Counter(NUMBER_PATTERN.findall(text))


SENTENCE_FEATURE_NAMES = [
    "cosine", "log_chars_src", "log_chars_tgt", "log_char_ratio", "log_token_ratio",
    "numbers_missing", "numbers_added",
    "tgt_zipf_mean", "tgt_zipf_min", "tgt_unknown_share", "tgt_rare_share",
    "src_zipf_mean", "src_unknown_share",
    "copied_share", "tgt_script_mix", "src_script_mix",
    "repeated_share", "punctuation_difference",
    "src_names_kept_share", "src_names",
]


def sentence_features(source: str, target: str, src_lang: str, tgt_lang: str, cosine: float) -> np.ndarray:
    """The hand-made sentence features (``SENTENCE_FEATURE_NAMES``) of one pair."""
    src_tokens = token_strings(source)
    tgt_tokens = token_strings(target)
    tgt_words = [t for t in tgt_tokens if _is_word(t)]
    src_words = [t for t in src_tokens if _is_word(t)]
    tgt_zipf = np.array([zipf(t, tgt_lang) for t in tgt_words] or [0.0])
    src_zipf = np.array([zipf(t, src_lang) for t in src_words] or [0.0])

    src_lower = {t.lower() for t in src_words}
    long_tgt = [t for t in tgt_words if len(t) >= 4]
    copied = sum(t.lower() in src_lower for t in long_tgt) / max(len(long_tgt), 1)

    counts = Counter(t.lower() for t in tgt_words if len(t) >= 3)
    repeated = sum(c - 1 for c in counts.values() if c > 1) / max(len(tgt_words), 1)

    src_numbers, tgt_numbers = _numbers(source), _numbers(target)
    missing = sum((src_numbers - tgt_numbers).values())
    added = sum((tgt_numbers - src_numbers).values())

    punct = sum(abs(sum(source.count(c) for c in group) - sum(target.count(c) for c in group))
                for group in PUNCTUATION_CLASSES)

    names = [t for i, t in enumerate(src_tokens) if i > 0 and t[:1].isupper() and _is_word(t) and len(t) > 1]
    tgt_lower_text = target.lower()
    kept = sum(n.lower() in tgt_lower_text for n in names) / len(names) if names else 1.0

    return np.array([
        cosine,
        math.log1p(len(source)), math.log1p(len(target)),
        math.log((len(target) + 1) / (len(source) + 1)),
        math.log((len(tgt_tokens) + 1) / (len(src_tokens) + 1)),
        math.log1p(missing), math.log1p(added),
        float(tgt_zipf.mean()), float(tgt_zipf.min()),
        float((tgt_zipf == 0).mean()), float((tgt_zipf < 3).mean()),
        float(src_zipf.mean()), float((src_zipf == 0).mean()),
        copied, script_mix(target), script_mix(source),
        repeated, math.log1p(punct),
        kept, math.log1p(len(names)),
    ], dtype=np.float32)


def embedding_features(src_embeddings: np.ndarray, tgt_embeddings: np.ndarray) -> np.ndarray:
    """Element-wise product and absolute difference of the two sides' (normalised) embeddings."""
    return np.hstack([src_embeddings * tgt_embeddings, np.abs(src_embeddings - tgt_embeddings)]).astype(np.float32)


WORD_FEATURE_NAMES = [
    "zipf", "unknown", "is_word", "is_number", "is_punctuation", "capitalised", "log_length",
    "relative_position", "is_first", "is_last", "in_source", "number_in_source",
    "left_zipf", "right_zipf", "repeated_nearby", "other_script",
    "sentence_raw", "sentence_cosine", "sentence_log_char_ratio", "sentence_tgt_zipf_mean",
]


def word_features(source: str, target_tokens: list[str], src_lang: str, tgt_lang: str,
                  sentence_raw: float, sentence_row: np.ndarray) -> np.ndarray:
    """One row of ``WORD_FEATURE_NAMES`` per target token; ``sentence_row`` holds ``SENTENCE_FEATURE_NAMES``."""
    n = len(target_tokens)
    if n == 0:
        return np.zeros((0, len(WORD_FEATURE_NAMES)), dtype=np.float32)
    source_lower = source.lower()
    source_numbers = set(NUMBER_PATTERN.findall(source))
    majority = Counter(_script(ch) for t in target_tokens for ch in t if ch.isalpha())
    main_script = majority.most_common(1)[0][0] if majority else "?"
    zipfs = [zipf(t, tgt_lang) if _is_word(t) else 6.0 for t in target_tokens]
    lowered = [t.lower() for t in target_tokens]
    rows = np.zeros((n, len(WORD_FEATURE_NAMES)), dtype=np.float32)
    for i, token in enumerate(target_tokens):
        word = _is_word(token)
        number = _is_number(token)
        nearby = lowered[max(0, i - 3):i] + lowered[i + 1:i + 4]
        letters = [ch for ch in token if ch.isalpha()]
        rows[i] = (
            zipfs[i], float(word and zipfs[i] == 0), float(word), float(number), float(_is_punctuation(token)),
            float(token[:1].isupper()), math.log1p(len(token)),
            i / max(n - 1, 1), float(i == 0), float(i == n - 1),
            float(word and len(token) >= 3 and token.lower() in source_lower),
            float(number and bool(set(NUMBER_PATTERN.findall(token)) & source_numbers)),
            zipfs[i - 1] if i > 0 else 6.0, zipfs[i + 1] if i + 1 < n else 6.0,
            float(word and len(token) >= 3 and lowered[i] in nearby),
            float(bool(letters) and _script(letters[0]) != main_script),
            sentence_raw, sentence_row[0], sentence_row[3], sentence_row[7],
        )
    return rows
