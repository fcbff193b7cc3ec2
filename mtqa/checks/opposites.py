"""Opposite-meaning check (MTQA602): a target word that says the opposite of what the versions say
("gestiegen" where the English says "fell", "entließ" where it says "hired").

An antonym flips a statement while every name, number and negation still matches, and a word's
embedding sits close to its antonym's, so neither the other checks nor a plain similarity see it. The
check asks a minimal-pair question instead: each target word listed in ``mtqa/data/opposites.json``
is swapped for its opposite, both sentences are embedded with multilingual-e5, and where the versions
are on average closer to the swapped sentence than to the target by at least ``MIN_GAIN`` (cosine),
the target likely says the opposite of them. Everything else in the two sentences is the same, so
the difference isolates that one word.

``MIN_GAIN`` was chosen on the challenge set's dev split (``metrics/challenge_benchmark.py``): e5's
cosines sit in a narrow band, and gains under about 0.0095 occur on correct translations too (at
0.008, four correct pairs of 385 were flagged against one more error caught). The
evidence is statistical, so a finding is major, not critical. Only sentences that hold a listed word
are embedded; languages without a list are not checked. Nor are words whose concept a version
uses too (``mtqa.polarity``): there the lexicon decides (MTQA603), without a model.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import numpy as np

from mtqa.checks.base import DocumentView, RawFinding, SentenceView, rule
from mtqa.config import CheckConfig
from mtqa.langid import base_language
from mtqa.opposites import opposite_spans

MIN_GAIN = 0.0095


@lru_cache(maxsize=4)
def _encoder(cache_dir: str | None):
    """e5 through the run's embedding cache (a rerun embeds only the sentences that changed)."""
    from mtqa.encoders import get_encoder

    return get_encoder("e5", cache_dir=cache_dir)


def _swaps(sentence: SentenceView, lang: str) -> list[tuple[int, int, str, str]]:
    """(start, end, opposite, sentence with the word swapped) for each listed word of the sentence
    that the polarity lexicon cannot decide: where a version uses the word's concept, the lexicon
    says whether the two agree (MTQA603), and no embedding is needed."""
    text = sentence.text
    decided = _decided_spans(sentence, lang)
    return [(a, b, new, text[:a] + new + text[b:]) for a, b, new in opposite_spans(text, lang) if (a, b) not in decided]


def _decided_spans(sentence: SentenceView, lang: str) -> set[tuple[int, int]]:
    """Spans of target words whose polarity concept some version also uses."""
    from mtqa.polarity import mentions

    used = {m.concept for v, part in sentence.counterparts.items() if part.text for m in mentions(part.text, v)}
    return {(m.start, m.end) for m in mentions(sentence.text, lang) if m.concept in used}


def _embed(texts: list[str], cache_dir: str | None) -> dict[str, np.ndarray]:
    unique = sorted(set(texts))
    return dict(zip(unique, _encoder(cache_dir).encode(unique)))


@rule("MTQA602", "opposite-meaning", "major", "accuracy/mistranslation",
      summary="A word of the target says the opposite of the versions: they fit the sentence with its "
              "opposite better ('gesunken' for 'gestiegen').",
      why="An antonym flips a statement while names, numbers and negations still match; only comparing "
          "the sentence with and without the swap shows which of the two the versions say.",
      example="en: 'Sales fell sharply.'  de: 'Der Absatz stieg stark.' -> MTQA602 on 'stieg'.")
def opposite_meaning(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    lang = base_language(view.target_lang)
    work = []  # (sentence, swaps, {version: text})
    for sentence in view.content():
        versions = {v: part.text for v, part in sentence.counterparts.items() if part.text and part.text.strip()}
        swaps = _swaps(sentence, lang) if versions else []
        if swaps:
            work.append((sentence, swaps, versions))
    if not work:
        return
    vectors = _embed([t for s, swaps, versions in work
                      for t in [s.text, *versions.values(), *(swap[3] for swap in swaps)]], view.cache_dir)
    for sentence, swaps, versions in work:
        for start, end, new, swapped in swaps:
            gains = {v: float(vectors[text] @ (vectors[swapped] - vectors[sentence.text]))
                     for v, text in versions.items()}
            gain = float(np.mean(list(gains.values())))
            if gain < MIN_GAIN:
                continue
            message = (f"'{sentence.text[start:end]}' may say the opposite of {', '.join(sorted(versions))}: "
                       f"'{new}' fits them better (e5 similarity +{gain:.3f})")
            for v in sorted(versions):
                yield RawFinding("MTQA602", sentence.index, start, end, message, version=v,
                                 evidence=versions[v], confidence=round(min(0.9, 0.5 + 20 * gain), 2))
