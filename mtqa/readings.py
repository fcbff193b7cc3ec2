"""Names a translation writes by their reading: "Zhangjiajie" for 张家界 (pinyin), "Aomori" or
"Kōji Ōno" for 青森, 大野浩二 (Hepburn). The encoder's word vectors seldom link a name in characters
with its romanisation, so word alignment leaves both unlinked; these links fill that gap.

A target word counts when it is capitalised, at least ``MIN_LETTERS`` letters long, and spells the
reading of words of the version: for Chinese any run of characters whose pinyin it is; for Japanese
a proper noun (Janome's 固有名詞) whose Hepburn reading it is, long vowels written or not (Tōkyō,
Tokyo, Toukyou).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIN_LETTERS = 3  # "Ōno", "Abe": short names are names too
Spans = list[tuple[int, int]]


def reading_links(version: str, lang: str, target: str, version_spans: Spans, target_spans: Spans) -> set[tuple[int, int]]:
    """(version word, target word) index pairs where the target word writes the version word's reading."""
    if lang not in ("zh", "ja"):
        return set()
    candidates = [(j, target[a:b]) for j, (a, b) in enumerate(target_spans) if _name_like(target[a:b])]
    if not candidates:
        return set()
    return _pinyin_links(version, version_spans, candidates) if lang == "zh" else \
        _hepburn_links(version, version_spans, candidates)


def _name_like(word: str) -> bool:
    return word[:1].isupper() and sum(c.isalpha() for c in word) >= MIN_LETTERS


def _pinyin_links(version: str, spans: Spans, candidates: list[tuple[int, str]]) -> set[tuple[int, int]]:
    from mtqa.checks.transliteration import find_han_spelling, segment_pinyin

    links = set()
    for j, word in candidates:
        if not segment_pinyin(word):
            continue
        found = find_han_spelling(version, re.sub(r"['’]", "", word).lower())
        if found:
            links |= {(i, j) for i, (a, b) in enumerate(spans) if a < found.end and found.start < b}
    return links


def _hepburn_links(version: str, spans: Spans, candidates: list[tuple[int, str]]) -> set[tuple[int, int]]:
    from mtqa.words import japanese_words

    keys: dict[str, set[int]] = {}
    for word, start, end, part_of_speech, reading in japanese_words(version):
        if part_of_speech.startswith("名詞,固有名詞"):
            for i, (a, b) in enumerate(spans):
                if a < end and start < b:
                    for key in name_keys(word, reading):
                        keys.setdefault(key, set()).add(i)
    return {(i, j) for j, word in candidates for i in keys.get(name_key(word), ())}


def name_keys(word: str, reading: str) -> set[str]:
    """The keys of a Japanese word's readings: Janome's dictionary reading and pykakasi's, which
    differ for some names."""
    return {name_key(hepburn(text)) for text in (word, reading) if text and text != "*"}


@lru_cache(maxsize=4096)
def hepburn(text: str) -> str:
    """The Hepburn romanisation of Japanese text (pykakasi), lower case."""
    return "".join(item["hepburn"] for item in _kakasi().convert(text)).lower()


def name_key(word: str) -> str:
    """A romanised name with long vowels and diacritics folded: Tōkyō, Tokyo and Toukyou are "tokyo"."""
    letters = unicodedata.normalize("NFKD", word.lower())
    letters = "".join(c for c in letters if c.isalpha() and not unicodedata.combining(c))
    return re.sub(r"ou|oo", "o", letters).replace("uu", "u")


@lru_cache(maxsize=1)
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()
