"""Romanised Chinese names in the target that the Chinese version does not spell: "Chengdu" where the
Chinese says 西安 (Xi'an), "Gao Wei" for 高明 (Gao Ming). A name written in pinyin is right when its
characters are there (成都 for Chengdu); when they are not, the translation names another place or
person. Reported as MTQA101 (entity mismatch) by ``mtqa.checks.entities``.

Only runs with a spelling typical of pinyin count (zh-, x-, -eng, -ao ...: see ``distinctly_pinyin``),
so Japanese or European names that happen to split into syllables ("Tanaka", "Alibaba") are left
alone; so are names a Latin-script version writes, established exonyms ("Hongkong", "Peking") and
words common in the target language standing alone ("China"; "Wei" in "Gao Wei" is a name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from mtqa.checks.base import DocumentView, SentenceView

COMMON_IN_TARGET_ZIPF = 3.5  # a capitalised word this common in the target language is a word, not a name
MIN_SYLLABLES = 2


@dataclass(frozen=True)
class UnspelledName:
    sentence: int
    start: int
    end: int
    lang: str  # the Chinese version
    surface: str


def _name_tokens(sentence: SentenceView, target_lang: str, legit: frozenset[str], han_text: str):
    """Capitalised tokens that are strings of pinyin syllables: (start, end, word, syllables, common in
    the target language)."""
    from mtqa.checks.entities import EXONYMS, fold, tokens
    from mtqa.checks.transliteration import segment_pinyin, word_zipf

    exonyms = {part for key, values in EXONYMS.items() for form in (key, *values) for part in form.split()}
    for token in tokens(sentence.text):
        word = token.text
        if not word[:1].isupper() or not word.isascii() or not word.isalpha():
            continue
        syllables = segment_pinyin(word)
        if syllables is None or fold(word) in legit or fold(word) in exonyms or word.lower() in han_text.lower():
            continue
        common = (word_zipf(word, target_lang) or 0.0) >= COMMON_IN_TARGET_ZIPF
        yield token.start, token.end, word, syllables, common


def _runs(items: list[tuple[int, int, str, tuple[str, ...]]], text: str) -> list[list[tuple]]:
    """Groups of tokens separated by single spaces or hyphens: one name each ("Gao Wei")."""
    runs: list[list[tuple]] = []
    for item in items:
        if runs and text[runs[-1][-1][1]:item[0]] in (" ", "-"):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def unspelled_names(view: DocumentView) -> Iterator[UnspelledName]:
    """Pinyin names in target sentences whose characters the aligned Chinese text does not have."""
    from mtqa.checks.transliteration import _legit_vocabulary_of, _script_of_versions, _version_texts
    from mtqa.checks.transliteration import common_in_language, distinctly_pinyin, find_han_spelling

    latin, chinese = _script_of_versions(view)
    if not chinese:
        return
    texts = _version_texts(view)
    legit = _legit_vocabulary_of(tuple(t for lang in sorted(latin) for t in texts.get(lang, ())))
    for sentence in view.content():
        for lang in sorted(chinese):
            part = sentence.counterparts.get(lang)
            if part is None or not part.text:
                continue
            found = list(_name_tokens(sentence, view.target_lang, legit, part.text))
            for run in _runs(found, sentence.text):
                if len(run) == 1 and run[0][4]:
                    continue  # a common word alone ("China"); next to another syllable it is part of a name ("Gao Wei")
                syllables = [s for item in run for s in item[3]]
                if len(syllables) < MIN_SYLLABLES or not distinctly_pinyin(syllables):
                    continue
                # a word of the target's own language beside a name is a word, not a syllable of the name
                # ("Hafen Yangshan"); a common one other languages share is a name's ("Gao Wei")
                missing = [item for item in run if find_han_spelling(part.text, "".join(item[3])) is None
                           and not common_in_language(item[2], view.target_lang, COMMON_IN_TARGET_ZIPF)]
                if missing:
                    start, end = missing[0][0], missing[-1][1]
                    yield UnspelledName(sentence.index, start, end, lang, sentence.text[start:end])

