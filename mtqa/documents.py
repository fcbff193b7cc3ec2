"""The data model every stage shares: documents, sentences, aligned units, findings.

Offsets are code-point offsets (Python ``str`` indices). A sentence's ``start``/``end`` index
the decoded document text (BOM removed), so ``doc.text[s.start:s.end] == s.text`` always holds;
a finding's ``start``/``end`` index its sentence's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, located by code-point offsets into the document text."""

    index: int
    paragraph: int
    text: str
    start: int
    end: int
    boilerplate: str | None = None  # why this is not article content (menu, dateline, credit)
    unit: str | None = None  # the translation file's own unit id (XLIFF/TMX/PO/CSV), else None


@dataclass
class Document:
    """A decoded text in one language, cut into paragraphs and sentences."""

    lang: str
    text: str
    sentences: list[Sentence]
    path: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path or f"<{self.lang}>"

    def span_text(self, indices: tuple[int, ...] | list[int]) -> str:
        """The text from the first to the last of these sentences, as in the file ("" for none)."""
        if not indices:
            return ""
        return self.text[self.sentences[indices[0]].start : self.sentences[indices[-1]].end]


@dataclass(frozen=True)
class AlignedUnit:
    """A group of target sentences paired with a group of sentences of one version.

    Either side may be empty (a 1-0 or 0-1 unit). ``similarity`` is the cosine of the two
    sides' embeddings (None when a side is empty); ``confidence`` is in 0..1.
    """

    target: tuple[int, ...]
    version: tuple[int, ...]
    similarity: float | None
    confidence: float

    @property
    def kind(self) -> str:
        return f"{len(self.target)}-{len(self.version)}"


@dataclass(frozen=True)
class Finding:
    """One suspected problem in a target sentence; ``start``/``end`` index the sentence text."""

    code: str
    severity: str  # critical | major | minor
    category: str  # MQM category, e.g. accuracy/mistranslation
    message: str
    start: int
    end: int
    confidence: float = 1.0
    evidence: dict[str, str] = field(default_factory=dict)
