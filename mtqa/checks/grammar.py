"""German case and agreement slips that machine translation makes and a reader stumbles over: an
article in the wrong case after a preposition ("für dem Haus", "mit das Auto"), a dative plural noun
without its -n ("mit den Kinder") or with one after an accusative preposition ("für die Schülern"), a
genitive noun without its -s ("des neuen Gesetz", "des Flughafen"), an article of the wrong gender
before a noun whose suffix fixes its gender ("das Regierung", "eines Zeitung"), a singular subject
of that kind with a plural verb ("Die Regierung haben"), and a subordinate clause whose auxiliary
stands second instead of last ("dass er hatte die Szenen gedreht").

Only closed-class patterns are read (a preposition, an article, up to two inflected adjectives, a
noun), so the rule stays precise; it runs for German targets only and says nothing for other languages.
"""

from __future__ import annotations

import re
from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.config import CheckConfig
from mtqa.langid import base_language

DATIVE_PREPOSITIONS = "aus|bei|mit|nach|von|gegenüber|außer|samt|nebst"  # not "seit": also a conjunction
ACCUSATIVE_PREPOSITIONS = "durch|für|gegen|ohne"  # "um dem Kind zu helfen" is right: um is left out
NOT_DATIVE = "das|die|des|ein|eine|einen|eines|keine|keinen|keines|diese|dieses"
NOT_ACCUSATIVE = "dem|des|einem|einer|eines|keinem|keiner|keines|diesem|dieser"  # "für dieses Jahr": neuter accusative
# up to two inflected adjectives; determiners and pronouns are not adjectives ("das diese Funktion",
# "in dem eine höhere Leistung" start a relative clause)
DETERMINERS = (r"(?:d(?:er|ie|as|en|em|es)|k?ein(?:e[mnrs]?)?|dies\w*|jen\w*|[mds]ein\w*|ihr\w*|unser\w*|eu(?:er|r)\w*"
               r"|all\w*|beide\w*|viele\w*|manche\w*|welche\w*|solche\w*|jede\w*)")
ADJECTIVES = rf"(?:(?!{DETERMINERS}\s)[a-zäöüß][\wäöüß-]*(?:e|en|er|es|em)\s+){{0,2}}"
NOUN = r"(?P<noun>[A-ZÄÖÜ][\wäöüß-]*)"
# suffixes that make a noun feminine; "Sprung", "Schwung" (masculine) are the -ung exceptions
FEMININE = re.compile(r"(?:(?<![Ss]pr)(?<![Ss]chw)ung|heit|keit|schaft|tion|sion|tät)$")
NOT_FEMININE_ARTICLES = "das|dem|des|ein|einen|einem|eines|kein|keinen|keinem|keines"

WRONG_CASE = re.compile(
    rf"\b(?P<prep>(?i:{DATIVE_PREPOSITIONS}))\s+(?P<article>{NOT_DATIVE})\s+{ADJECTIVES}{NOUN}"
    rf"|\b(?P<prep2>(?i:{ACCUSATIVE_PREPOSITIONS}))\s+(?P<article2>{NOT_ACCUSATIVE})\s+{ADJECTIVES}(?P<noun2>[A-ZÄÖÜ][\wäöüß-]*)")
# the "von" of "von … aus" (from … out), a few words before the "aus" in the same clause
CIRCUMPOSITION_OPENING = re.compile(r"\bvo[nm]\s+(?:(?!\b(?:und|oder)\b)[^,.;:!?]){1,40}$", re.IGNORECASE)
DATIVE_PLURAL = re.compile(rf"\b(?i:{DATIVE_PREPOSITIONS})\s+den\s+{ADJECTIVES}{NOUN}")
GENITIVE = re.compile(rf"\b(?i:des|eines)\s+{ADJECTIVES}{NOUN}(?P<after>\s+\S+)?")
ACCUSATIVE_DATIVE_PLURAL = re.compile(rf"\b(?i:{ACCUSATIVE_PREPOSITIONS})\s+die\s+{ADJECTIVES}{NOUN}")
PLURAL_VERBS = "haben|sind|werden|wollen|können|müssen|dürfen|sollen|hatten|waren|wurden|wollten|konnten|mussten|sollten"
SINGULAR_SUBJECT = re.compile(rf"(?:^|[,;:]\s+)(?P<subject>(?i:die)\s+{ADJECTIVES}{NOUN})\s+(?P<verb>{PLURAL_VERBS})\b")
FINITE_AUXILIARIES = ("hat|hatte|haben|hatten|ist|war|sind|waren|wird|wurde|werden|wurden|kann|konnte|können|konnten"
                      "|muss|musste|müssen|mussten|soll|sollte|sollen|sollten|will|wollte|wollen|wollten")
SUBJECT = r"(?:ich|du|er|sie|es|wir|ihr|man|[A-ZÄÖÜ][\wäöüß-]+|(?:der|die|das|den|dem|ein|eine)\s+(?:[a-zäöüß]\w*\s+)?[A-ZÄÖÜ][\wäöüß-]+)"
# a subordinate clause whose finite auxiliary stands second, before the participle that closes the clause
# ("dass er hatte die Szenen gedreht"): German puts it last ("dass er die Szenen gedreht hatte")
VERB_SECOND_IN_SUBCLAUSE = re.compile(
    rf"\b(?P<conj>dass|weil|obwohl|nachdem|bevor|damit|sodass|falls)\s+{SUBJECT}\s+(?P<aux>{FINITE_AUXILIARIES})\s+"
    rf"[^,.;:!?]*?\b(?:(?:ge|ver|be|er|ent|zer|über|miss)[a-zäöüß]{{2,}}(?:t|en)|[a-zäöüß]+iert)(?=\s*(?:[,.;:!?]|$))")
GENDER = re.compile(rf"\b(?P<article>(?i:{NOT_FEMININE_ARTICLES}))\s+{ADJECTIVES}{NOUN}")


def _known(word: str) -> bool:
    from mtqa.checks.transliteration import word_zipf

    return (word_zipf(word, "de") or 0.0) >= 2.5


def _foreign(word: str) -> bool:
    """A word English uses at least as much as German: a foreign name or title ("des Guardian"), which
    German often leaves uninflected."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= zipf_frequency(word, "de")


def _abbreviation(word: str) -> bool:
    """An abbreviation read letter by letter ("Pkw", "Lkw", "GmbH"), which takes no genitive -s in writing."""
    return not any(c in "aeiouäöüy" for c in word.lower()) or any(c.isupper() for c in word[1:])


def case_slips(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, message) for each slip in one German sentence."""
    for m in WRONG_CASE.finditer(text):
        prep, article = (m.group("prep"), m.group("article")) if m.group("prep") else (m.group("prep2"), m.group("article2"))
        if prep.lower() == "aus" and CIRCUMPOSITION_OPENING.search(text, 0, m.start()):
            continue  # "von Kourou aus einen Satelliten": "aus" closes "von … aus", the article is the object's
        case = "dative" if m.group("prep") else "accusative"
        yield m.start(), m.end(), f"'{prep} {article}': '{prep}' takes the {case}"
    for m in DATIVE_PLURAL.finditer(text):
        noun = m.group("noun")
        if re.search(r"(?:er|el|e)$", noun) and _known(noun) and _known(noun + "n"):
            yield m.start(), m.end(), f"dative plural '{noun}' needs its -n ('{noun}n')"
    for m in GENITIVE.finditer(text):
        noun = m.group("noun")
        if FEMININE.search(noun):
            yield m.start(), m.end("noun"), f"'{noun}' is feminine: the genitive article is 'der'/'einer'"
        elif (not re.search(r"(?:s|x|ß)$", noun) and _known(noun) and not (m.group("after") or " ").strip()[:1].isupper()
              and not _foreign(noun) and not _abbreviation(noun)):
            # weak nouns end in -en already ("des Präsidenten": no "Präsidentens"); strong ones take -s ("des Flughafens")
            ending = next((e for e in ("es", "s") if _known(noun + e) and not (e == "es" and noun.endswith(("en", "n")))), None)
            if ending:
                yield m.start(), m.end("noun"), f"genitive '{noun}' needs its -{ending} ('{noun}{ending}')"
    for m in ACCUSATIVE_DATIVE_PLURAL.finditer(text):
        noun = m.group("noun")
        if re.search(r"(?:er|el)n$", noun) and _known(noun[:-1]):
            yield m.start(), m.end(), f"'{noun}' is a dative plural after an accusative preposition ('{noun[:-1]}')"
    for m in SINGULAR_SUBJECT.finditer(text):
        noun = m.group("noun")
        if FEMININE.search(noun):
            yield m.start("subject"), m.end("verb"), f"singular '{noun}' with plural '{m.group('verb')}'"
    for m in VERB_SECOND_IN_SUBCLAUSE.finditer(text):
        yield m.start(), m.end(), f"'{m.group('aux')}' belongs at the end of the '{m.group('conj')}' clause"
    for m in GENDER.finditer(text):
        noun = m.group("noun")
        if FEMININE.search(noun) and _known(noun):
            yield m.start(), m.end(), f"'{noun}' is feminine, '{m.group('article')}' is not"


@rule("MTQA507", "case-or-agreement", "minor", "fluency",
      summary="German only: an article in the wrong case after a preposition ('für dem'), a dative plural without -n "
              "('mit den Kinder') or with it after an accusative preposition ('für die Schülern'), a genitive "
              "without -s ('des neuen Gesetz'), a non-feminine article before a noun whose suffix makes it "
              "feminine ('das Regierung'), such a singular subject with a plural verb ('Die Regierung haben'), "
              "or an auxiliary second instead of last in a subordinate clause ('dass er hatte ... gedreht').",
      why="Case and agreement slips are what German readers notice first in machine translation; the meaning "
          "survives, but the text looks untrustworthy.",
      example="de: 'Sie spielt mit den Kinder im Garten.' -> MTQA507 on 'mit den Kinder'.")
def check_case_agreement(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    if base_language(view.target_lang) != "de":
        return
    seen: set[tuple[int, int, int]] = set()
    for sentence in view.content():
        for start, end, message in case_slips(sentence.text):
            if any(i == sentence.index and a < end and start < b for i, a, b in seen):
                continue  # one slip, one finding
            seen.add((sentence.index, start, end))
            yield RawFinding("MTQA507", sentence.index, start, end, message, confidence=0.9)
