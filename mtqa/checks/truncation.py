"""A target sentence that breaks off: it ends on a word that cannot end a sentence (an article, a
conjunction: "... mit Autorinnen und Autoren aus der.") while the versions say more. Machine
translation cuts sentences when it runs out of length or attention; the rest of the meaning is lost.

Only closed-class words count (articles, coordinating and subordinating conjunctions); prepositions
are left out on purpose, since verb particles end sentences ("Er kam an.", "räumte es ein.", "She
gave up."), and so are words that are also pronouns there ("Er sagte das.", "Prends-le.").
"""

from __future__ import annotations

import re
from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.checks.lengths import visible_length
from mtqa.config import CheckConfig
from mtqa.langid import base_language

CANNOT_END = {
    "de": "der die den dem des eine einen einem einer eines und oder sowie dass weil obwohl",
    "en": "the a an and or but because whether although",
    "fr": "l un une des du et ou mais qu parce",
    "es": "el la los las un una unos unas y o pero que porque",
    "it": "il lo la i gli le un una e o ma che perché",
    "nl": "de het een en of maar dat omdat",
}
MIN_VERSION_CHARS = 12  # a version this long says more than a heading would
LAST_WORD = re.compile(r"(\w+)['’]?\W*$")


@rule("MTQA508", "sentence-breaks-off", "major", "accuracy/omission",
      summary="The target sentence ends on a word that cannot end a sentence (an article or a conjunction), "
              "while its versions go on: the translation broke off.",
      why="A cut sentence loses whatever came after the break, and readers may not notice where it stopped.",
      example="de: '... und will Lesungen mit Autorinnen und Autoren aus der.' -> MTQA508 on 'der.'")
def sentence_breaks_off(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    words = CANNOT_END.get(base_language(view.target_lang))
    if not words:
        return
    closed = frozenset(words.split())
    for sentence in view.content():
        match = LAST_WORD.search(sentence.text)
        if not match or match.group(1).lower() not in closed:
            continue
        longer = [lang for lang, part in sentence.counterparts.items() if visible_length(part.text) >= MIN_VERSION_CHARS]
        if not longer:
            continue
        yield RawFinding("MTQA508", sentence.index, match.start(1), len(sentence.text.rstrip()),
                         f"the sentence breaks off after '{match.group(1)}'",
                         version=longer[0], evidence=sentence.counterparts[longer[0]].text, confidence=0.8)
