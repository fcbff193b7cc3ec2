"""What every check is built from: the rule record, the view of the document it reads, the raw
finding it yields, and the registry that lists them (``mtqa rules``).

A check is a function ``(doc: DocumentView, config: CheckConfig) -> Iterable[RawFinding]``
registered with ``@rule(...)``. It looks at the target sentences and what each version says at
the same place, and yields raw findings, one per version that supports it (``version`` names
it) or with ``version=None`` for findings about the target alone (form, consistency). The
consensus step (``mtqa.checks.consensus``) merges raw findings about the same span into one
``Finding``, quoting every version that agrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from mtqa.qe.model import Assessment
    from mtqa.wordalign import WordAlignment, WordAlignments

SEVERITIES = ("critical", "major", "minor")
# What each severity means (MQM's definitions); every rule's default severity follows it, and
# ``mtqa rule`` and the README quote it, so a release gate knows what ``--fail-on`` stops.
SEVERITY_POLICY = {
    "critical": "misleads a reader or could cause harm: a wrong number, amount, date or name, a flipped "
                "statement, a sentence the reader cannot read (another language)",
    "major": "meaning changed or lost, but not misleading in itself: an omitted or added clause, an "
             "untranslated or mistranslated phrase, a garbled passage, a likely mistranslation the QE model sees",
    "minor": "form, meaning intact: grammar, spelling, punctuation, spacing; or weak evidence of an error",
}
CATEGORIES = (
    "accuracy/mistranslation", "accuracy/omission", "accuracy/addition", "accuracy/untranslated",
    "terminology", "fluency", "style", "locale-convention",
)


@dataclass(frozen=True)
class Counterpart:
    """What one version says where a target sentence stands."""

    lang: str
    text: str  # the version's aligned text ("" when the target sentence has no counterpart)
    alignment: str  # unit kind, target-version: "1-1", "2-1", "1-0", ...
    similarity: float | None
    confidence: float
    shared: int = 1  # how many target sentences share this counterpart (2 for a 2-1 unit)


@dataclass(frozen=True)
class SentenceView:
    """One target sentence with its counterparts in every version."""

    index: int
    text: str
    boilerplate: str | None
    counterparts: dict[str, Counterpart]
    paragraph: int = 0


@dataclass(frozen=True)
class UnalignedVersionSentence:
    """A version sentence that aligned to no target sentence (a possible omission in the target)."""

    lang: str
    index: int
    text: str
    after_target: int  # the target sentence it follows (-1 before the first)


@dataclass
class DocumentView:
    """The target, sentence by sentence, with its versions: everything a check may read."""

    target_lang: str
    sentences: list[SentenceView]
    version_langs: list[str]
    unaligned: list[UnalignedVersionSentence] = field(default_factory=list)
    # the units were paired by the user (``--aligned``, XLIFF/TMX/PO): each may stand alone, so
    # statistics over the whole file say nothing about one unit
    paired_units: bool = False
    # the QE model's verdict per target sentence and version (``mtqa.checks.quality.estimate_quality``);
    # empty when quality estimation is off
    quality: dict[int, dict[str, "Assessment"]] = field(default_factory=dict)
    # the thresholds chosen on dev data for the model that made ``quality`` (a setting overrides them)
    quality_thresholds: dict[str, float] = field(default_factory=dict)
    # versions in a language the QE model was never trained to read as a source: weaker evidence
    quality_unseen: frozenset[str] = frozenset()
    # the run's embedding cache folder (None: no disk cache), for checks that embed sentences again
    cache_dir: str | None = None
    _word_alignments: "WordAlignments | None" = field(default=None, repr=False, compare=False)

    def align_words(self, version_text: str, lang: str, target_text: str) -> "WordAlignment":
        """The word alignment of a version's text (in ``lang``) with a target text, computed once per run
        (and kept in the cache folder)."""
        if self._word_alignments is None:
            from mtqa.wordalign import WordAlignments

            self._word_alignments = WordAlignments(self.cache_dir)
        return self._word_alignments.align(version_text, lang, target_text, self.target_lang)

    def save_caches(self) -> None:
        """Write what the checks computed and the cache folder does not hold yet."""
        if self._word_alignments is not None:
            self._word_alignments.save()

    def content(self) -> Iterable[SentenceView]:
        """Sentences that are article content (not menus, datelines or credits)."""
        return (s for s in self.sentences if not s.boilerplate)


@dataclass(frozen=True)
class RawFinding:
    """One check's evidence that target sentence ``sentence`` has a problem at ``start:end``."""

    code: str
    sentence: int
    start: int
    end: int
    message: str
    version: str | None = None  # the version that supports it (None: the target alone)
    evidence: str = ""  # what that version says (the name, the number...)
    confidence: float = 1.0
    topic: str = ""  # what the finding is about when several share a span (which number is missing)


@dataclass(frozen=True)
class Rule:
    """A check's stable identity and documentation (what / why / example), as ``mtqa rule CODE`` shows."""

    code: str
    name: str
    severity: str
    category: str
    summary: str
    why: str
    example: str
    check: Callable[..., Iterable[RawFinding]]


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, category: str, summary: str, why: str, example: str):
    """Register the decorated function as the check for ``code``."""
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: unknown severity {severity!r}")
    if category not in CATEGORIES:
        raise ValueError(f"{code}: unknown category {category!r}")

    def register(check: Callable[..., Iterable[RawFinding]]):
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, category, summary, why, example, check)
        return check

    return register
