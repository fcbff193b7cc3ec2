"""Word spans of a sentence in any language: jieba's segmentation for Chinese, Janome's morphological
analysis (IPADIC) for Japanese, runs of letters and digits elsewhere; punctuation is never a word."""

from __future__ import annotations

import re
from functools import lru_cache

UNSEGMENTED = frozenset({"zh", "ja"})  # languages written without spaces between words
# Changes whenever a language's word spans change: caches of word-level results are named by it.
SPANS_VERSION = 2
# a hyphen before a capital splits ("Edge-KI-Modelle" aligns with "edge AI models" word by word),
# one before a small letter joins ("jusque-là", "long-term")
LATIN_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’]\w+|-(?=[^\W\d_])(?![A-ZÀ-ÞΑ-ΩА-Я])\w+)*")
# A number, or letters joined by hyphens and apostrophes ("Neuwagen-Verkäufe" stays one word):
# what the synthetic errors and the opposites lexicon match whole words on.
SIMPLE_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-']\w+)*")
# An elided article or preposition joined to the next word ("d'intempéries", "l'Europe", "dell'anno"):
# the word after it is the word (what a translation may copy, or a name).
ELIDED_ARTICLE = re.compile(r"(?i)^(?:c|d|j|l|m|n|s|t|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|un)['\u2019](?=\w)")


def word_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``, in order."""
    if lang == "ja":
        return [(start, end) for word, start, end, *_ in japanese_words(text) if any(c.isalnum() for c in word)]
    if lang in UNSEGMENTED:
        return [(start, end) for word, start, end in jieba_words(text) if any(c.isalnum() for c in word)]
    return [m.span() for m in LATIN_WORD.finditer(text)]


@lru_cache(maxsize=4096)
def jieba_words(text: str) -> list[tuple[str, int, int]]:
    """jieba's (word, start, end) for Chinese or Japanese text, punctuation included."""
    return list(jieba_module().tokenize(text))


@lru_cache(maxsize=4096)
def japanese_words(text: str) -> list[tuple[str, int, int, str, str]]:
    """Janome's (word, start, end, part of speech, reading in katakana or "*") for Japanese text,
    punctuation included."""
    words, position = [], 0
    for token in janome_tokenizer().tokenize(text):
        start = text.find(token.surface, position)
        if start < 0:  # Janome returns the text's own characters; this guards against a change
            continue
        position = start + len(token.surface)
        words.append((token.surface, start, position, token.part_of_speech, token.reading))
    return words


@lru_cache(maxsize=1)
def janome_tokenizer():
    from janome.tokenizer import Tokenizer

    return Tokenizer()


@lru_cache(maxsize=1)
def jieba_module():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at DEBUG level on import
    return jieba


# A short quoted run is a title ("Intouchables" as „Ziemlich beste Freunde“, 《沉默的河流》): translated
# as a whole, often freely, so its words need not match the other side's word for word; quoted speech
# is longer and is read as usual. A straight single quote opens only where no letter precedes it (not
# the apostrophe of "Mann's").
QUOTED = re.compile(r"„[^“”\"„]+[“”\"]|“[^”“]+”|\"[^\"]+\"|«[^»]+»|‹[^›]+›|《[^》]+》|〈[^〉]+〉|「[^」]+」|『[^』]+』"
                    r"|‘[^’‘]+’|(?<![\w'])'[^'\n]+'(?!\w)")
MAX_TITLE_WORDS = 8


def titles(text: str) -> list[tuple[int, int]]:
    """Spans of the short quoted runs (titles) of a text."""
    return [m.span() for m in QUOTED.finditer(text)
            if len(m.group().split()) <= MAX_TITLE_WORDS and len(m.group()) <= 80]
