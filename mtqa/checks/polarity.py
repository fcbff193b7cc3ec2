"""Opposite-word check (MTQA603): the target uses one pole of a concept where every version that
uses the concept uses the other ("stieg" where the English says "fell", "Einfuhren" for 輸出, "eingestellt"
for "licencié").

Concepts and their forms in each language come from ``mtqa.polarity``. A sentence that uses both
poles of a concept (a comparison: "exports rose while imports fell" is two concepts, "rose … then
fell" one) is left alone, as is one whose negation differs between target and version (the negation
check's business; "did not rise" may be rendered "sank", a flipped negation undoing a flipped word).
Unlike MTQA602 it needs no model: the lexicon says which forms are opposites in both languages.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.checks.negation import negation_parity
from mtqa.config import CheckConfig
from mtqa.polarity import OTHER_POLE, Mention, mentions

def _by_concept(found: Iterable[Mention]) -> dict[str, dict[str, list[Mention]]]:
    out: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for mention in found:
        out[mention.concept][mention.pole].append(mention)
    return out


def _says_opposite(found: dict[str, list[Mention]], pole: str, used: int) -> bool:
    """Whether a version's mentions of a concept oppose the target's ``used`` mentions of ``pole``: it uses
    only the other pole, or both but the target uses its one pole more often than the version does (a
    version's "prices rose, so exports fell" rendered "prices rose, so exports rose")."""
    if set(found) == {OTHER_POLE[pole]}:
        return True
    return set(found) == {pole, OTHER_POLE[pole]} and used > len(found[pole])


@rule("MTQA603", "opposite-word", "major", "accuracy/mistranslation",
      summary="A word of the target is the opposite of the one the versions use ('stieg' where they say 'fell').",
      why="An antonym flips a statement while names, numbers and negations still match; a lexicon of opposite "
          "words in each language shows the flip without a model.",
      example="en: 'Exports fell in May.'  de: 'Die Exporte stiegen im Mai.' -> MTQA603 on 'stiegen'.")
def opposite_words(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    for sentence in view.content():
        target = _by_concept(mentions(sentence.text, view.target_lang))
        if not target:
            continue
        versions = {lang: part.text for lang, part in sentence.counterparts.items() if part.text and part.alignment == "1-1"}
        said = {lang: _by_concept(mentions(text, lang)) for lang, text in versions.items()}
        for concept, poles in target.items():
            if len(poles) != 1:
                continue  # both poles in the target: a comparison or a turn ("rose, then fell")
            [(pole, used)] = poles.items()
            users = {lang: found[concept] for lang, found in said.items() if concept in found}
            if not users or not all(_says_opposite(found, pole, len(used)) for found in users.values()):
                continue
            # the opposite words themselves may be negatives ("abgelehnt"): the rest of each sentence decides
            own = negation_parity(sentence.text, view.target_lang, [(m.start, m.end) for m in used])
            if any(negation_parity(versions[lang], lang, [(m.start, m.end) for m in found[OTHER_POLE[pole]]]) != own
                   for lang, found in users.items()):
                continue
            word = sentence.text[used[0].start : used[0].end]
            for lang, found in sorted(users.items()):
                evidence = versions[lang][found[OTHER_POLE[pole]][0].start : found[OTHER_POLE[pole]][0].end]
                yield RawFinding("MTQA603", sentence.index, used[0].start, used[0].end,
                                 f"'{word}' says the opposite of the {lang} version's '{evidence}'",
                                 version=lang, evidence=evidence, confidence=0.75)
