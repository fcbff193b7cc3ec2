"""Japanese personal names romanised as another name: 山本真理子 written "Mariko Yamada", 森田亜紀 "Aki
Morikawa" (MTQA101).

A Japanese version's person is a surname and given name Janome tags as such (人名, 姓 / 名). Where the
target writes the given name by its reading (Hepburn, long vowels and voicing folded), the surname
should stand next to it, in either order, also by its reading ("Uchida"; "Nakata" for 中田 read
Nakada); a capitalised romanised word there that is no reading of it is another name. Only surnames
are judged: a given name has many readings that no dictionary lists all of (恒治 is Kōji or
Tsuneharu), a surname few.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from mtqa.checks.base import DocumentView

# one romanised Japanese word: Hepburn syllables, a doubled consonant before a syllable allowed
ROMAJI = re.compile(r"(?:(?:([kstpgdbcfhjmnrswyz])(?=\1))?(?:ky|gy|sh|ch|ts|ny|hy|by|py|my|ry|j|f|[kgsztdnhbpmyrw])?[aiueo]|n)+")
VOICING = str.maketrans("gzdbp", "kstfh")  # 中田 is Nakata or Nakada, 山崎 Yamazaki or Yamasaki
COMMON_WORD_ZIPF = 3.5  # a word of the target language beside the name ("Sie", "Radio") is no name


@dataclass(frozen=True)
class NameSwap:
    """A target word that replaces one part of a Japanese version's person's name."""

    sentence: int
    start: int
    end: int
    lang: str
    name: str  # the person as the version writes it


def japanese_name_swaps(view: DocumentView) -> Iterable[NameSwap]:
    from mtqa.checks.entities import tokens
    from mtqa.readings import name_key

    for sentence in view.content():
        japanese = [(lang, part.text) for lang, part in sorted(sentence.counterparts.items())
                    if lang.split("-")[0] == "ja" and part.text]
        if not japanese:
            continue
        target = tokens(sentence.text)
        # each capitalised target word's folded reading key ("" for the others)
        keys = [_fold(name_key(t.text)) if t.text[:1].isupper() else "" for t in target]
        for lang, text in japanese:
            for person in _persons(text):
                yield from _swapped_parts(sentence.index, lang, person, target, keys, view.target_lang)


Part = tuple[str, str, set[str]]  # a name's word, 姓 (surname) or 名 (given name), its folded readings


def _persons(text: str) -> list[tuple[Part, Part]]:
    """Each person of ``text``: a surname followed by a given name."""
    from mtqa.readings import name_keys
    from mtqa.words import japanese_words

    persons, current = [], []
    for word, _, _, part_of_speech, reading in japanese_words(text) + [("", 0, 0, "", "")]:
        kind = part_of_speech.split(",")
        if kind[:3] == ["名詞", "固有名詞", "人名"] and kind[3] in ("姓", "名"):
            current.append((word, kind[3], {_fold(key) for key in name_keys(word, reading)}))
            continue
        if [k for _, k, _ in current] == ["姓", "名"]:
            persons.append((current[0], current[1]))
        current = []
    return persons


def _swapped_parts(sentence: int, lang: str, person: tuple[Part, Part], target: list, keys: list[str],
                   target_lang: str) -> Iterable[NameSwap]:
    """The surname's place beside the given name, where the target writes another name there."""
    from mtqa.checks.transliteration import word_zipf
    from mtqa.readings import name_key

    surname, given = person
    found = [k for k, key in enumerate(keys) if key and key in given[2]]
    if len(found) != 1:
        return
    neighbours = [j for j in (found[0] - 1, found[0] + 1) if 0 <= j < len(target) and keys[j]]
    if any(keys[j] in surname[2] for j in neighbours):
        return  # the surname written by its reading
    for j in neighbours:
        word = target[j].text
        if ROMAJI.fullmatch(name_key(word)) and len(word) >= 3 and (word_zipf(word, target_lang) or 0.0) < COMMON_WORD_ZIPF:
            yield NameSwap(sentence, target[j].start, target[j].end, lang, surname[0] + given[0])
            return


def _fold(key: str) -> str:
    return key.translate(VOICING)
