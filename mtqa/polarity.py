"""Concepts with two opposite poles and their word forms across languages: "rise" (rose, stieg,
hausse, 增加, 増加) against "fall" (fell, sank, baisse, 减少, 減少), "hire" against "lay off", "import"
against "export". Read from ``mtqa/data/polarity.json`` (written for mtqa, CC0).

Unlike ``mtqa.opposites`` (pairs within one language, for making synthetic errors), a concept links
the languages (near-synonym concepts such as rise, increase and grow form one family, compared as
one concept), so a target can be compared with a version written in another: a target that uses
only one pole of a concept where the versions use only the other says the opposite of them.
Forms are matched as whole words, case-sensitively (a sentence's first word also in lower case),
or as substrings in languages written without spaces, longest first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtqa.langid import base_language
from mtqa.words import SIMPLE_WORD, UNSEGMENTED

POLARITY_FILE = Path(__file__).parent / "data" / "polarity.json"
POLES = ("up", "down")


@dataclass(frozen=True)
class Mention:
    """One form of a concept's pole in a text."""

    concept: str
    pole: str
    start: int
    end: int


@lru_cache(maxsize=None)
def _forms(lang: str) -> dict[str, tuple[str, str]]:
    """Each form of ``lang`` mapped to (concept, pole)."""
    table = _table()
    family = {member: members[0] for members in table.get("families", ()) for member in members}
    forms: dict[str, tuple[str, str]] = {}
    for concept in table["concepts"]:
        for pole in POLES:
            for form in concept[pole].get(lang, ()):
                forms.setdefault(form, (family.get(concept["id"], concept["id"]), pole))
    return forms


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(POLARITY_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=4096)
def mentions(text: str, lang: str) -> tuple[Mention, ...]:
    """Every form of the lexicon in ``text``, in text order (kept per text: MTQA602 and MTQA603 both ask)."""
    lang = base_language(lang)
    forms = _forms(lang)
    if not forms:
        return ()
    if lang in UNSEGMENTED:
        return tuple(_substrings(text, forms))
    found = []
    for match in SIMPLE_WORD.finditer(text):
        word = match.group()
        known = forms.get(word) or (forms.get(word[:1].lower() + word[1:]) if match.start() == 0 else None)
        if not known and lang in COMPOUNDING:
            known = _compound_head(word, forms)
        if known:
            if _after_lessening(text, match.start(), lang):
                known = (known[0], OTHER_POLE[known[1]])  # "moins cher" is cheap, "peu probable" unlikely
            found.append(Mention(known[0], known[1], match.start(), match.end()))
    found += _elided(text, forms)
    return tuple(sorted(found, key=lambda m: m.start))


OTHER_POLE = {"up": "down", "down": "up"}
# words before a gradable word that turn it to its other pole: "moins cher" (cheaper), "peu probable" (unlikely),
# "weniger teuer", "less expensive", "poco probable", "meno caro"
# ("pas moins positif", "no less important" say the word itself: the negator undoes the lessening)
LESSENING = {
    "en": re.compile(r"(?<!\bno )(?<!\bnot )\b(?:less|least)\s+$", re.IGNORECASE),
    "de": re.compile(r"(?<!\bnicht )(?<!\bkein )\b(?:weniger|wenig|am wenigsten)\s+$", re.IGNORECASE),
    "fr": re.compile(r"(?<!\bpas )(?<!\bnon )(?<!\bnullement )\b(?:moins|peu)\s+$", re.IGNORECASE),
    "es": re.compile(r"(?<!\bno )(?<!\bnada )\b(?:menos|poco)\s+$", re.IGNORECASE),
    "it": re.compile(r"(?<!\bnon )(?<!\bnon è )\b(?:meno|poco)\s+$", re.IGNORECASE),
    "nl": re.compile(r"(?<!\bniet )\b(?:minder|weinig)\s+$", re.IGNORECASE),
}


def _after_lessening(text: str, start: int, lang: str) -> bool:
    pattern = LESSENING.get(lang)
    return bool(pattern and pattern.search(text[max(0, start - 20) : start]))


COMPOUNDING = frozenset({"de", "nl"})  # languages that write compounds as one word, the head last
MIN_HEAD = 5  # "Sojabohnenexporte" is about exports; a shorter tail is often no word of its own


def _compound_head(word: str, forms: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The lexicon noun a compound ends in: "Sojabohnenexporte" is Exporte, "Preisanstieg" Anstieg."""
    if not word[:1].isupper():
        return None
    for cut in range(3, len(word) - MIN_HEAD + 1):
        head = word[cut:]
        known = forms.get(head[:1].upper() + head[1:])
        if known:
            return known
    return None


# "In- und Ausland", "Ein- und Ausfuhren": the first word's head is left out and shared with the second
ELLIPSIS = re.compile(r"\b(\w+)-\s+(?:und|oder|bis|sowie|and|or|et|ou)\s+(\w+)")


def _elided(text: str, forms: dict[str, tuple[str, str]]) -> list[Mention]:
    """The first word of a hyphen-elided pair, completed with the second's head ("In-" as "Inland")."""
    found = []
    for match in ELLIPSIS.finditer(text):
        first, second = match.group(1), match.group(2)
        for cut in range(1, len(second) - 1):
            known = forms.get(first + second[cut:])
            if known:
                found.append(Mention(known[0], known[1], match.start(1), match.end(1)))
                break
    return found


def _substrings(text: str, forms: dict[str, tuple[str, str]]) -> list[Mention]:
    pattern = _alternation(tuple(sorted(forms, key=len, reverse=True)))
    return [Mention(*forms[m.group()], m.start(), m.end()) for m in pattern.finditer(text)]


@lru_cache(maxsize=8)
def _alternation(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(form) for form in forms))
