"""False-friend check (MTQA604): the target renders a source word by the target word that looks like
it but means something else ("eventuell" for "eventually", "sensibel" for "sensible", "Bibliothek"
for "librairie", "Billionen" for "billion").

The pairs come from ``mtqa/data/false_friends.json`` (written for mtqa, CC0), one entry per source
word and target language: the source word's forms, the misleading target word's forms, and the usual
right renderings. A sentence is flagged where a version has the source word, the target has the
misleading word and none of the right renderings: a translation that uses the word for another
reason beside a right rendering is left alone. Forms match as whole words, case aside.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.config import CheckConfig
from mtqa.langid import base_language

FALSE_FRIENDS_FILE = Path(__file__).parent.parent / "data" / "false_friends.json"


@dataclass(frozen=True)
class FalseFriend:
    source: re.Pattern[str]
    wrong: re.Pattern[str]
    right: re.Pattern[str] | None
    gloss: str


def _words(forms: list[str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    alternation = "|".join(re.escape(f) for f in sorted(set(forms), key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _pairs() -> dict[tuple[str, str], tuple[FalseFriend, ...]]:
    data = json.loads(FALSE_FRIENDS_FILE.read_text(encoding="utf-8"))
    found: dict[tuple[str, str], list[FalseFriend]] = {}
    for pair in data["pairs"]:
        friend = FalseFriend(_words(pair["source"]), _words(pair["wrong"]), _words(pair.get("right", [])), pair["gloss"])
        found.setdefault((pair["source_lang"], pair["target_lang"]), []).append(friend)
    return {key: tuple(friends) for key, friends in found.items()}


def false_friends(source: str, source_lang: str, target: str, target_lang: str) -> list[tuple[re.Match[str], FalseFriend]]:
    """(the misleading word in ``target``, its entry) for each false friend the pair of texts shows."""
    found = []
    for friend in _pairs().get((base_language(source_lang), base_language(target_lang)), ()):
        wrong = friend.wrong.search(target)
        if wrong and friend.source.search(source) and not (friend.right and friend.right.search(target)):
            found.append((wrong, friend))
    return found


@rule("MTQA604", "false-friend", "major", "accuracy/mistranslation",
      summary="The target renders a source word by a look-alike word of another meaning ('eventuell' for 'eventually').",
      why="False friends read naturally and are easy to miss in review, but they change what the sentence says.",
      example="en: 'The app will eventually support maps.'  de: 'Die App wird eventuell Karten unterstützen.' "
              "-> MTQA604 on 'eventuell' (eventually = schließlich, irgendwann).")
def false_friend_check(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    for sentence in view.content():
        for lang, part in sorted(sentence.counterparts.items()):
            if not part.text:
                continue
            for match, friend in false_friends(part.text, lang, sentence.text, view.target_lang):
                yield RawFinding("MTQA604", sentence.index, match.start(), match.end(),
                                 f"'{match.group()}' is a false friend here: {friend.gloss}",
                                 version=lang, evidence=friend.source.search(part.text).group(), confidence=0.7)
