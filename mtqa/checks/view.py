"""Build the ``DocumentView`` the checks read from an alignment result (or from line-paired files)."""

from __future__ import annotations

from mtqa.api import CheckResult
from mtqa.checks.base import Counterpart, DocumentView, SentenceView, UnalignedVersionSentence


def document_view(result: CheckResult) -> DocumentView:
    """What each version says at each target sentence, plus the version sentences aligned to nothing."""
    target = result.target
    counterparts: dict[int, dict[str, Counterpart]] = {s.index: {} for s in target.sentences}
    unaligned: list[UnalignedVersionSentence] = []
    for alignment in result.alignments:
        version = alignment.version
        for _, unit, last_target in alignment.walk():
            if unit.target:
                part = Counterpart(version.lang, version.span_text(unit.version), unit.kind,
                                   unit.similarity, unit.confidence, shared=len(unit.target))
                for i in unit.target:
                    counterparts[i][version.lang] = part
            else:
                for j in unit.version:
                    unaligned.append(UnalignedVersionSentence(version.lang, j, version.sentences[j].text, last_target))
    sentences = [SentenceView(s.index, s.text, s.boilerplate, counterparts[s.index], s.paragraph) for s in target.sentences]
    return DocumentView(target.lang, sentences, [a.version.lang for a in result.alignments], unaligned,
                        paired_units=result.options.get("aligned") == "lines")
