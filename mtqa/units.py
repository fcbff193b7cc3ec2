"""Long translation units, cut into sentences so that no stage ever handles more than one sentence.

In paired input (``--aligned`` lines, XLIFF/TMX/PO/CSV units) each unit is one sentence of its
document, whatever its length; a 2 MB unit would be encoded, scored and checked whole. A unit
longer than ``MAX_UNIT_CHARS`` is therefore segmented as plain text is (``split_sentences``: the
language's sentence splitter, then cuts at a space so that no part exceeds 2,000 characters),
with a warning naming it. Nothing is lost: every part is a sentence of its own and a row of the
report. The parts keep the unit's number as their ``paragraph``, so that ``mtqa.api`` pairs
them with the parts of the same unit of each version (aligning the parts within the unit), and
their ids name the unit and the part (``de:12#2``, ``de:welcome.title#2``); the other units keep
their ids.
"""

from __future__ import annotations

from dataclasses import replace

from mtqa.documents import Document, Sentence
from mtqa.segment import split_sentences
from mtqa.wording import plural

MAX_UNIT_CHARS = 2000


def split_long_units(doc: Document, max_chars: int = MAX_UNIT_CHARS) -> Document:
    """``doc`` with each sentence longer than ``max_chars`` cut into parts (a warning each); unchanged if none is."""
    if all(len(s.text) <= max_chars for s in doc.sentences):
        return doc
    sentences: list[Sentence] = []
    for sentence in doc.sentences:
        label = sentence.unit if sentence.unit is not None else str(sentence.index)
        if len(sentence.text) <= max_chars:
            sentences.append(replace(sentence, index=len(sentences), unit=label))
            continue
        parts = _parts(sentence, doc.lang, max_chars)
        doc.warnings.append(f"unit {doc.lang}:{label} has {len(sentence.text):,} characters; cut into "
                            f"{plural(len(parts), 'part')} of at most {max_chars:,} characters, each a row "
                            f"of the report ({doc.lang}:{label}#1 ...)")
        for number, (start, end) in enumerate(parts, 1):
            sentences.append(replace(sentence, index=len(sentences), text=sentence.text[start:end],
                                     start=sentence.start + start, end=sentence.start + end,
                                     unit=f"{label}#{number}"))
    doc.sentences = sentences
    return doc


def _parts(sentence: Sentence, lang: str, max_chars: int) -> list[tuple[int, int]]:
    return split_sentences(sentence.text, lang, max_chars=max_chars) or [(0, len(sentence.text))]


def unit_offsets(doc: Document) -> dict[int, int]:
    """Each unit's (paragraph's) start offset in the document text, before any cutting."""
    return {s.paragraph: s.start for s in doc.sentences}
