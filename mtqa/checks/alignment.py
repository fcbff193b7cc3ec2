"""Checks read off the alignment itself: sentences with no counterpart, and aligned units whose
similarity or length stands out from the rest of the document.

The outlier checks (MTQA403-405) need a document: where the units were paired by the user
(``--aligned``, XLIFF, TMX, PO) they may be unrelated strings, and a z-score over them is not
evidence about any one, so those checks stay silent there (MTQA406/407 read each unit on its own).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.config import CheckConfig


def _aligned_share(view: DocumentView, lang: str) -> float:
    """Share of the target's content sentences that this version covers (1.0 = all)."""
    content = [s for s in view.content()]
    if not content:
        return 0.0
    covered = sum(1 for s in content if lang in s.counterparts and s.counterparts[lang].text)
    return covered / len(content)


@rule("MTQA401", "no-counterpart", "major", "accuracy/addition",
      summary="A target sentence has no counterpart in a version: the translation may add content.",
      why="Sentences that exist only in the translation are either additions or misplaced content; either way a reviewer should look.",
      example="de: '... Das Treffen war ein Erfolg. Die Preise stiegen stark.'  en has only the first sentence -> MTQA401 on the second.")
@rule("MTQA402", "omitted-sentence", "major", "accuracy/omission",
      summary="A version sentence has no counterpart in the target: the translation may have dropped it.",
      why="A dropped sentence is invisible in the translation alone; only the versions show it.",
      example="en: 'Sales rose. Profits fell.'  de: 'Der Umsatz stieg.' -> MTQA402 on 'Der Umsatz stieg.' quoting 'Profits fell.'")
def unaligned_sentences(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    shares = {lang: _aligned_share(view, lang) for lang in view.version_langs}
    for sentence in view.content():
        for lang, part in sentence.counterparts.items():
            if not part.text:
                # A version that covers little of the target says little about any one sentence.
                yield RawFinding("MTQA401", sentence.index, 0, len(sentence.text),
                                 f"no counterpart in the {lang} version",
                                 version=lang, evidence="", confidence=0.5 * part.confidence * shares[lang])
    content_indices = [s.index for s in view.content()]
    for extra in view.unaligned:
        if len(extra.text.split()) < 3 and len(extra.text) < 12 or not content_indices:
            continue  # a stray label or date line in the version is no omission
        following = [i for i in content_indices if i > extra.after_target]
        anchor = max([i for i in content_indices if i <= extra.after_target], default=following[0] if following else None)
        if anchor is None:
            continue
        text = view.sentences[anchor].text
        yield RawFinding("MTQA402", anchor, 0, len(text),
                         f"the target has nothing for a {extra.lang} sentence that follows here",
                         version=extra.lang, evidence=extra.text, confidence=0.5 * shares[extra.lang])


def _robust_zscores(values: dict[int, float], floor: float) -> dict[int, float]:
    """(value - median) / (1.4826 * MAD), the spread floored: one outlier cannot hide itself
    by inflating the standard deviation, as it does with mean and SD in a short document."""
    if len(values) < 5:
        return {}
    median = statistics.median(values.values())
    mad = statistics.median(abs(v - median) for v in values.values())
    spread = max(1.4826 * mad, floor)
    return {key: (value - median) / spread for key, value in values.items()}


@rule("MTQA403", "low-similarity", "minor", "accuracy/mistranslation",
      summary="An aligned unit is far less similar to its version than the document's other units are (robust z-score).",
      why="A weak, general signal for garbled or mistranslated sentences that no specific rule catches.",
      example="A sentence whose cross-lingual similarity is 2.5 standard deviations below the document's mean -> MTQA403.")
@rule("MTQA404", "shorter-than-versions", "minor", "accuracy/omission",
      summary="A target sentence is much shorter than its counterpart, relative to the document's usual length ratio.",
      why="Content lost inside a sentence keeps the alignment but shortens the sentence.",
      example="en: 'Sales rose 5% in March, driven by exports to Asia.'  de: 'Der Umsatz stieg.' -> MTQA404.")
@rule("MTQA405", "longer-than-versions", "minor", "accuracy/addition",
      summary="A target sentence is much longer than its counterpart, relative to the document's usual length ratio.",
      why="Content added inside a sentence keeps the alignment but lengthens the sentence.",
      example="en: 'Sales rose.'  de: 'Der Umsatz stieg, wie alle Experten seit Jahren vorhergesagt hatten.' -> MTQA405.")
def unit_outliers(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    if view.paired_units:
        return  # independent units (a translation memory, a list of strings) have no "usual" to stand out from
    similarity: dict[str, dict[int, float]] = defaultdict(dict)
    log_ratio: dict[str, dict[int, float]] = defaultdict(dict)
    for sentence in view.content():
        for lang, part in sentence.counterparts.items():
            if part.similarity is None or part.alignment != "1-1":
                continue  # merged units mix sentences; only 1-1 units compare cleanly
            similarity[lang][sentence.index] = part.similarity
            log_ratio[lang][sentence.index] = math.log((len(sentence.text) + 1) / (len(part.text) + 1))
    low = config.threshold("similarity_z")
    far = config.threshold("length_z")
    for lang in view.version_langs:
        for index, z in _robust_zscores(similarity[lang], floor=0.05).items():
            if z < low:
                text = view.sentences[index].text
                yield RawFinding("MTQA403", index, 0, len(text), f"similarity z-score below {low:g}",
                                 version=lang, evidence=f"z={z:.1f}", confidence=min(1.0, 0.3 * (low - z) + 0.3))
        for index, z in _robust_zscores(log_ratio[lang], floor=0.15).items():
            if abs(z) > far:
                text = view.sentences[index].text
                code = "MTQA404" if z < 0 else "MTQA405"
                word = "shorter" if z < 0 else "longer"
                yield RawFinding(code, index, 0, len(text), f"much {word} than its counterpart (length z-score {z:+.1f})",
                                 version=lang, evidence=view.sentences[index].counterparts[lang].text,
                                 confidence=min(1.0, 0.2 * (abs(z) - far) + 0.4))
