"""Coverage checks from word alignment: a clause of a version that nothing in the target renders
(an omission), or a clause of the target that nothing in any version supports (an addition).

Words are aligned with ``mtqa.wordalign`` (SimAlign's ArgMax over e5's token embeddings). A *gap* is a
run of consecutive words that are linked to nothing and only weakly similar to any word on the other
side, at least ``MIN_GAP_WORDS`` long and holding at least ``MIN_CONTENT_WORDS`` content words, whose
mean best similarity stays under the ``coverage_weak`` threshold: function words ("the", "of", "的")
and a reworded phrase go unlinked in good translations all the time, whole clauses do not. Only 1-1 units are read; a merged
unit's extra sentence would look like a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from mtqa.checks.base import DocumentView, RawFinding, SentenceView, rule
from mtqa.config import CheckConfig

MIN_CONTENT_WORDS = 3  # chosen on the challenge set's dev split (metrics/challenge_benchmark.py)
MIN_GAP_WORDS = 3
FUNCTION_WORD_ZIPF = 5.3  # wordfreq zipf at or above which a word counts as a function word


@dataclass(frozen=True)
class Gap:
    """Words ``first..last`` (inclusive) of one side, their text span and mean coverage."""

    start: int
    end: int
    content_words: int
    coverage: float


def _is_content(word: str, lang: str) -> bool:
    from mtqa.checks.transliteration import word_zipf

    if not any(c.isalpha() for c in word):
        return any(c.isdigit() for c in word)
    if all("\u3040" <= c <= "\u309f" for c in word):
        return False  # hiragana alone: Japanese particles and endings (は, を, ました)
    zipf = word_zipf(word.lower(), lang)
    return zipf is None or zipf < FUNCTION_WORD_ZIPF


def find_gaps(text: str, lang: str, spans: list[tuple[int, int]], unlinked: list[int],
              coverage: np.ndarray, weak: float) -> list[Gap]:
    """Maximal runs of unlinked words that hold enough content words, with mean coverage below ``weak``."""
    gaps, run = [], []
    unlinked_set = set(unlinked)
    for index in range(len(spans) + 1):
        if index < len(spans) and index in unlinked_set:
            run.append(index)
            continue
        content = sum(_is_content(text[slice(*spans[k])], lang) for k in run)
        mean = float(np.mean([coverage[k] for k in run])) if run else 1.0
        if content >= MIN_CONTENT_WORDS and len(run) >= MIN_GAP_WORDS and mean < weak:
            gaps.append(Gap(spans[run[0]][0], spans[run[-1]][1], content, mean))
        run = []
    return gaps


def _one_to_one(sentence: SentenceView) -> dict[str, str]:
    return {lang: part.text for lang, part in sentence.counterparts.items() if part.text and part.alignment == "1-1"}


@rule("MTQA406", "omitted-words", "major", "accuracy/omission",
      summary="Words of a version (a clause, an object, a condition) that nothing in the target sentence renders, found by word alignment.",
      why="A dropped clause with no number or name in it leaves the sentence fluent and the alignment intact; only word by word comparison shows what is gone.",
      example="en: 'The school closed because the roads were icy.'  de: 'Die Schule schloss.' -> MTQA406 naming 'because the roads were icy'.")
@rule("MTQA407", "added-words", "major", "accuracy/addition",
      summary="Words of the target (a clause, a qualifier) that no word of any version supports, found by word alignment.",
      why="An added clause reads naturally and states something the original never said.",
      example="en: 'The council approved the plan.'  de: 'Der Rat billigte den Plan, obwohl viele Bürger protestierten.' -> MTQA407 on 'obwohl viele Bürger protestierten'.")
def coverage_gaps(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    from mtqa.wordalign import default_aligner

    aligner = default_aligner()
    weak = config.threshold("coverage_weak")
    for sentence in view.content():
        versions = _one_to_one(sentence)
        if not versions:
            continue
        alignments = {lang: aligner.align(text, lang, sentence.text, view.target_lang) for lang, text in versions.items()}
        for lang, alignment in alignments.items():
            text = versions[lang]
            for gap in find_gaps(text, lang, alignment.source, alignment.unlinked_source(), alignment.source_coverage, weak):
                missing = text[gap.start : gap.end]
                yield RawFinding("MTQA406", sentence.index, 0, len(sentence.text),
                                 f"nothing in the target renders '{missing}'", version=lang, evidence=missing,
                                 confidence=0.6)
        yield from _additions(sentence, view.target_lang, alignments, weak)


def _additions(sentence: SentenceView, target_lang: str, alignments: dict, weak: float) -> Iterable[RawFinding]:
    """Target gaps against every version at once: a target word any version links is supported."""
    first = next(iter(alignments.values()))
    spans = first.target
    linked = {j for alignment in alignments.values() for _, j in alignment.links}
    coverage = np.max(np.stack([a.target_coverage for a in alignments.values()]), axis=0)
    unlinked = [j for j in range(len(spans)) if j not in linked]
    for gap in find_gaps(sentence.text, target_lang, spans, unlinked, coverage, weak):
        added = sentence.text[gap.start : gap.end]
        for lang in alignments:
            yield RawFinding("MTQA407", sentence.index, gap.start, gap.end,
                             f"'{added}' has no counterpart in the versions", version=lang, confidence=0.6)
