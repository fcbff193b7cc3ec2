"""Checks fed by the shipped QE model: a low estimated quality (MTQA701) and likely-bad words (MTQA702).

``estimate_quality(view)`` runs the model once over every (version text, target sentence) pair and
stores the verdicts in ``view.quality``; the rules below only read them, so a view built without
quality estimation (``--no-qe``) gets no MTQA7xx findings.
"""

from __future__ import annotations

from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.config import CheckConfig
from mtqa.qe.features import token_runs


def estimate_quality(view: DocumentView, cache_dir: str | None = None) -> None:
    """Fill ``view.quality`` with the QE model's assessment of each content sentence against each version."""
    from mtqa.qe.model import load_default_model

    model = load_default_model(cache_dir=cache_dir)
    for lang in view.version_langs:
        pairs = [(s.index, s.counterparts[lang].text, s.text) for s in view.content()
                 if lang in s.counterparts and s.counterparts[lang].text.strip() and s.text.strip()]
        if not pairs:
            continue
        verdicts = model.assess([p[1] for p in pairs], [p[2] for p in pairs], lang, view.target_lang)
        for (index, _, _), verdict in zip(pairs, verdicts):
            if verdict is not None:
                view.quality.setdefault(index, {})[lang] = verdict


@rule("MTQA701", "low-estimated-quality", "minor", "accuracy/mistranslation",
      summary="The QE model estimates a low chance that a reader would judge this translation good, against every version it was scored with.",
      why="Errors no specific rule knows (a wrong word sense, a garbled clause) still lower the learned quality estimate; "
          "flagging the weakest sentences puts them in front of an editor.",
      example="en: 'The committee postponed the vote.'  de: 'Der Ausschuss stimmte dem Aufschub zu.' -> MTQA701 (quality 0.12).")
def low_quality(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    limit = config.threshold("qe_quality")
    for sentence in view.content():
        verdicts = view.quality.get(sentence.index, {})
        if not verdicts or max(v.quality for v in verdicts.values()) >= limit:
            continue  # one version vouching for the sentence is enough to stay quiet
        for lang, verdict in sorted(verdicts.items()):
            yield RawFinding("MTQA701", sentence.index, 0, len(sentence.text),
                             f"estimated quality below {limit:.2f} against every version",
                             version=lang, evidence=f"quality {verdict.quality:.2f}",
                             confidence=round(1.0 - verdict.quality, 4), topic="quality")


@rule("MTQA702", "likely-bad-words", "minor", "accuracy/mistranslation",
      summary="The QE model's word tagger marks these words as likely part of an error, against at least two versions (or the only one).",
      why="Points the editor at where in a weak sentence to look; requiring agreement across versions keeps false alarms down.",
      example="en: 'Wall Street Journal'  de: 'Wall Street Times' -> MTQA702 on 'Times'.")
def likely_bad_words(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    cut = config.threshold("qe_word_probability")
    for sentence in view.content():
        verdicts = view.quality.get(sentence.index, {})
        needed = min(2, len(verdicts))
        votes: dict[tuple[int, int], dict[str, float]] = {}  # token span -> {version: P(bad)}
        for lang, verdict in verdicts.items():
            for start, end, probability in verdict.word_probabilities:
                if probability >= cut:
                    votes.setdefault((start, end), {})[lang] = probability
        flagged = sorted(token for token, by_lang in votes.items() if len(by_lang) >= needed)
        for run in token_runs(sentence.text, flagged):
            start, end = run[0][0], run[-1][1]
            langs = sorted({lang for token in run for lang in votes[token]})
            for lang in langs:
                probability = max(votes[token].get(lang, 0.0) for token in run)
                yield RawFinding("MTQA702", sentence.index, start, end,
                                 f"'{sentence.text[start:end]}' is likely part of an error (P(bad) >= {cut:.2f})",
                                 version=lang, evidence=f"P={probability:.2f}",
                                 confidence=round(probability, 4), topic="words")

