"""Glossary check: where a version uses a glossary term, the target must use its required rendering."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.config import CheckConfig


def _word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces (not Han or kana)."""
    return char.isalnum() and not ("CJK" in unicodedata.name(char, "") or "HIRAGANA" in unicodedata.name(char, "")
                                   or "KATAKANA" in unicodedata.name(char, ""))


def _mentions(text: str, term: str) -> re.Match[str] | None:
    """Where ``text`` uses ``term``: case-insensitive, whole words, with an inflection ending of up
    to three letters ("Text-zu-Videos"); Chinese and Japanese terms match anywhere."""
    pattern = re.escape(term)
    if _word_char(term[0]):
        pattern = r"(?<!\w)" + pattern
    if _word_char(term[-1]):
        pattern += r"\w{0,3}(?!\w)"
    return re.search(pattern, text, re.IGNORECASE)


@rule("MTQA103", "glossary-term", "major", "terminology",
      summary="A version uses a glossary term but the target does not use the term's required rendering.",
      why="Agreed terminology (product names, legal terms, house style) must not drift between translations.",
      example="glossary: en 'text-to-video' -> de 'Text-zu-Video'; en: '... text-to-video apps'  de: '... Wensheng-Video-Apps' -> MTQA103.")
def glossary_terms(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    terms = [t for t in config.glossary if t.target_lang == view.target_lang]
    if not terms:
        return
    for sentence in view.content():
        for lang, part in sentence.counterparts.items():
            for term in terms:
                if term.source_lang != lang or not part.text or not _mentions(part.text, term.source):
                    continue
                if _mentions(sentence.text, term.target):
                    continue
                yield RawFinding("MTQA103", sentence.index, 0, len(sentence.text),
                                 f"the glossary requires '{term.target}' for '{term.source}'",
                                 version=lang, evidence=term.source, confidence=0.8)
