"""Target sentences written in another language than the target's: a whole ``de.txt`` that is really
English, or one sentence a pipeline passed through in the source language.

A reader of the target cannot use such a sentence at all, so it is critical. The sentence's language
is detected with fastText (``mtqa.langid``); short sentences (under ``MIN_LETTERS`` letters) and
lines of names only say too little and are skipped, and confusable neighbours (Bokmål and Nynorsk)
count as the same language.
"""

from __future__ import annotations

from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.config import CheckConfig

SURE = 0.9  # detection confidence from which a sentence's language is taken as fact
MIN_WORDS = 5


@rule("MTQA204", "wrong-language", "critical", "accuracy/untranslated",
      summary="A target sentence is confidently detected as another language than the target's (a whole untranslated sentence or file).",
      why="A sentence the reader cannot read is unusable: an untranslated passage, or the wrong file given as the translation.",
      example="target (de): 'The company reported higher sales in March.' -> MTQA204 (detected en).")
def wrong_language(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    from mtqa.langid import detect_language, same_language

    for sentence in view.content():
        if len(sentence.text.split()) < MIN_WORDS:
            continue
        guess = detect_language(sentence.text)
        if guess is None or guess.confidence < SURE or same_language(guess.lang, view.target_lang):
            continue
        stripped = sentence.text.strip()
        start = sentence.text.index(stripped)
        yield RawFinding("MTQA204", sentence.index, start, start + len(stripped),
                         f"the sentence is in '{guess.lang}', not '{view.target_lang}' (confidence {guess.confidence:.2f})",
                         confidence=round(guess.confidence, 2))
