"""Made-up translation errors with their spans tagged, for training the cross-encoder (as MetricX-23
and xCOMET do): a good translation is damaged in one known way, and the damage is labelled.

``perturb(pair, kind, pool, rng)`` returns a ``Perturbed`` (the new target, the character spans of the
damaged words in it, whether something was dropped, the severity) or None where the kind does not
apply to that sentence (no number to change, no clause to drop). ``pool`` holds other translations in
the same language: where replacement words, added clauses and unrelated sentences come from.

Severities follow MQM: minor (1 point), major (5), critical (25); ``CRITICAL_KINDS`` are those the
WMT21 critical-error task counts as critical (numbers, names, negation, hallucinated or copied output).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from mtqa.opposites import opposite_spans
from mtqa.words import SIMPLE_WORD, UNSEGMENTED, jieba_module

PENALTY = {"minor": 1.0, "major": 5.0, "critical": 25.0}
SEVERITY = {
    "number": "major", "name": "major", "negation": "critical", "word": "major", "omission": "major",
    "addition": "major", "untranslated": "major", "fluency": "minor", "copy-source": "critical",
    "unrelated": "critical", "opposite": "critical",
}
KINDS = tuple(SEVERITY)
CRITICAL_KINDS = frozenset({"number", "name", "negation", "copy-source", "unrelated", "opposite"})

# Negation by language: (affirmative form, negated form) pairs, tried in both directions.
NEGATIONS = {
    "en": [(" is ", " is not "), (" are ", " are not "), (" was ", " was not "), (" were ", " were not "),
           (" can ", " cannot "), (" will ", " will not "), (" has ", " has not "), (" have ", " have not "),
           (" does ", " does not "), (" should ", " should not ")],
    "de": [(" ist ", " ist nicht "), (" sind ", " sind nicht "), (" war ", " war nicht "), (" hat ", " hat nicht "),
           (" wird ", " wird nicht "), (" kann ", " kann nicht "), (" können ", " können nicht "),
           (" haben ", " haben nicht "), (" wurde ", " wurde nicht "), (" ein ", " kein "), (" eine ", " keine ")],
    "fr": [(" est ", " n'est pas "), (" sont ", " ne sont pas "), (" a ", " n'a pas "), (" peut ", " ne peut pas ")],
    "ru": [(" был ", " не был "), (" была ", " не была "), (" может ", " не может "), (" будет ", " не будет "),
           (" есть ", " нет ")],
    "cs": [(" je ", " není "), (" byl ", " nebyl "), (" bude ", " nebude "), (" může ", " nemůže ")],
    "zh": [("是", "不是"), ("有", "没有"), ("会", "不会"), ("能", "不能"), ("可以", "不可以")],
    "ja": [("です", "ではありません"), ("ます", "ません"), ("ある", "ない")],
}
ARTICLES = {
    "de": ["der", "die", "das", "den", "dem", "des"], "en": ["a", "the"], "fr": ["le", "la", "les"],
    "it": ["il", "la", "lo"], "es": ["el", "la", "los", "las"],
}
CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|[，；、：]")  # "1,2" is a number, not two clauses
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    src_lang: str
    tgt_lang: str


@dataclass(frozen=True)
class Perturbed:
    target: str
    bad_spans: tuple[tuple[int, int], ...]
    omission: bool
    kind: str
    severity: str

    @property
    def critical(self) -> bool:
        return self.kind in CRITICAL_KINDS


def words(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each word: jieba's segmentation for Chinese and Japanese, else letters and digits."""
    if lang in UNSEGMENTED:
        return [(start, end) for _, start, end in jieba_module().tokenize(text) if text[start:end].strip()
                and not CLAUSE_BREAK.fullmatch(text[start:end])]
    return [m.span() for m in SIMPLE_WORD.finditer(text)]


def mqm_score(penalty: float, target: str, lang: str) -> float:
    """The WMT MQM segment score: 100 − 100 · penalty / words, floored at −150."""
    return max(-150.0, 100.0 - 100.0 * penalty / max(len(words(target, lang)), 1))


def _replace(text: str, start: int, end: int, new: str) -> tuple[str, tuple[int, int]]:
    return text[:start] + new + text[end:], (start, start + len(new))


def _number(pair: Pair, pool, rng) -> Perturbed | None:
    found = list(NUMBER.finditer(pair.target))
    if not found:
        return None
    match = found[rng.integers(len(found))]
    old = match.group()
    digits = [i for i, ch in enumerate(old) if ch.isdigit()]
    position = digits[rng.integers(len(digits))]
    new_digit = str((int(old[position]) + int(rng.integers(1, 10))) % 10)
    if position == 0 and new_digit == "0" and len(digits) > 1:
        new_digit = "9"
    new = old[:position] + new_digit + old[position + 1:]
    target, span = _replace(pair.target, *match.span(), new)
    return Perturbed(target, (span,), False, "number", SEVERITY["number"])


def _name(pair: Pair, pool, rng) -> Perturbed | None:
    if pair.tgt_lang in UNSEGMENTED:
        return None
    spans = [(a, b) for a, b in words(pair.target, pair.tgt_lang)[1:]
             if pair.target[a].isupper() and pair.target[a:b] in pair.source and b - a > 2]
    if not spans:
        return None
    start, end = spans[rng.integers(len(spans))]
    candidates = _pool_words(pool, pair.tgt_lang, lambda w: w[0].isupper() and len(w) > 2 and w != pair.target[start:end])
    if not candidates:
        return None
    target, span = _replace(pair.target, start, end, candidates[rng.integers(len(candidates))])
    return Perturbed(target, (span,), False, "name", SEVERITY["name"])


def _negation(pair: Pair, pool, rng) -> Perturbed | None:
    padded = f" {pair.target} "
    options = []
    for plain, negated in NEGATIONS.get(pair.tgt_lang, []):
        for old, new in ((negated, plain), (plain, negated)):
            at = padded.find(old)
            if at >= 0:
                options.append((at, old, new))
    if not options:
        return None
    at, old, new = options[rng.integers(len(options))]
    changed = padded[:at] + new + padded[at + len(old):]
    target = changed[1:-1]
    start, end = max(at - 1, 0), min(at - 1 + len(new), len(target))
    while start < end and target[start].isspace():
        start += 1
    while end > start and target[end - 1].isspace():
        end -= 1
    return Perturbed(target, ((start, end),), False, "negation", SEVERITY["negation"])


def _pool_words(pool: list[str], lang: str, keep) -> list[str]:
    out = []
    for text in pool:
        out.extend(w for w in (text[a:b] for a, b in words(text, lang)) if keep(w))
    return sorted(set(out))


def _word(pair: Pair, pool, rng) -> Perturbed | None:
    spans = [(a, b) for a, b in words(pair.target, pair.tgt_lang)
             if (b - a >= 4 or (pair.tgt_lang in UNSEGMENTED and b - a >= 2)) and pair.target[a:b].isalpha()]
    if not spans:
        return None
    start, end = spans[rng.integers(len(spans))]
    old = pair.target[start:end]

    def same_kind(w: str) -> bool:  # same capitalisation and length class; same ending where words inflect
        if w.lower() == old.lower() or not w.isalpha() or w[0].isupper() != old[0].isupper():
            return False
        if pair.tgt_lang in UNSEGMENTED:
            return len(w) == len(old)
        return abs(len(w) - len(old)) <= 3 and w[-2:] == old[-2:]

    candidates = _pool_words(pool, pair.tgt_lang, same_kind)
    if not candidates:
        return None
    target, span = _replace(pair.target, start, end, candidates[rng.integers(len(candidates))])
    return Perturbed(target, (span,), False, "word", SEVERITY["word"])


def _opposite(pair: Pair, pool, rng) -> Perturbed | None:
    """A word replaced by its opposite ("rose" → "fell"): the sentence stays fluent, its meaning flips."""
    spans = opposite_spans(pair.target, pair.tgt_lang)
    if not spans:
        return None
    start, end, new = spans[rng.integers(len(spans))]
    target, span = _replace(pair.target, start, end, new)
    return Perturbed(target, (span,), False, "opposite", SEVERITY["opposite"])


def _clauses(text: str) -> list[tuple[int, int]]:
    """[start, end) of each clause, a break character ending the clause before it."""
    cuts = [m.end() for m in CLAUSE_BREAK.finditer(text)]
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _omission(pair: Pair, pool, rng) -> Perturbed | None:
    clauses = _clauses(pair.target)
    if len(clauses) >= 2:
        start, end = clauses[1 + rng.integers(len(clauses) - 1)]
    else:
        spans = words(pair.target, pair.tgt_lang)
        if len(spans) < 6:
            return None
        size = max(2, len(spans) // 3)
        first = 1 + int(rng.integers(len(spans) - size))
        start, end = spans[first][0], spans[first + size - 1][1]
    target = (pair.target[:start].rstrip(" ,;，；、") + pair.target[end:]).strip()
    if not target or target == pair.target:
        return None
    if not re.search(r"[.!?。！？]$", target) and re.search(r"[.!?。！？]$", pair.target):
        target += pair.target[-1]
    return Perturbed(target, (), True, "omission", SEVERITY["omission"])


def _addition(pair: Pair, pool, rng) -> Perturbed | None:
    donors = [t for t in pool if t != pair.target and len(words(t, pair.tgt_lang)) >= 4]
    if not donors:
        return None
    donor = donors[rng.integers(len(donors))]
    spans = words(donor, pair.tgt_lang)
    size = int(min(len(spans), rng.integers(3, 8)))
    first = int(rng.integers(len(spans) - size + 1))
    chunk = donor[spans[first][0]:spans[first + size - 1][1]].rstrip(".!?。！？,;，；、 ")
    joiner = "，" if pair.tgt_lang in UNSEGMENTED else ", "
    body = pair.target.rstrip()
    end_mark = re.search(r"[.!?。！？]+$", body)
    insert_at = end_mark.start() if end_mark else len(body)
    new = joiner + chunk
    target = body[:insert_at] + new + body[insert_at:]
    start = insert_at + len(joiner)
    return Perturbed(target, ((start, start + len(chunk)),), False, "addition", SEVERITY["addition"])


def _untranslated(pair: Pair, pool, rng) -> Perturbed | None:
    source_words = words(pair.source, pair.src_lang)
    target_words = words(pair.target, pair.tgt_lang)
    if len(source_words) < 4 or len(target_words) < 4:
        return None
    size = int(rng.integers(2, 4))
    first = int(rng.integers(len(source_words) - size + 1))
    chunk = pair.source[source_words[first][0]:source_words[first + size - 1][1]]
    at = min(int(first * len(target_words) / len(source_words)), len(target_words) - size)
    start, end = target_words[at][0], target_words[at + size - 1][1]
    if pair.target[start:end] == chunk:
        return None
    if pair.tgt_lang in UNSEGMENTED:
        chunk = f" {chunk} "
    target, span = _replace(pair.target, start, end, chunk)
    a, b = span
    while pair.tgt_lang in UNSEGMENTED and target[a] == " ":
        a += 1
    return Perturbed(target, ((a, b - 1 if pair.tgt_lang in UNSEGMENTED else b),), False, "untranslated",
                     SEVERITY["untranslated"])


def _fluency(pair: Pair, pool, rng) -> Perturbed | None:
    spans = words(pair.target, pair.tgt_lang)
    articles = ARTICLES.get(pair.tgt_lang, [])
    article_spans = [(a, b) for a, b in spans if pair.target[a:b].lower() in articles]
    if article_spans and rng.random() < 0.5:
        start, end = article_spans[rng.integers(len(article_spans))]
        old = pair.target[start:end]
        others = [a for a in articles if a != old.lower()]
        new = others[rng.integers(len(others))]
        new = new.capitalize() if old[0].isupper() else new
        target, span = _replace(pair.target, start, end, new)
        return Perturbed(target, (span,), False, "fluency", SEVERITY["fluency"])
    if len(spans) < 3:
        return None
    k = int(rng.integers(len(spans) - 1))
    (a1, b1), (a2, b2) = spans[k], spans[k + 1]
    first, second = pair.target[a1:b1], pair.target[a2:b2]
    if first == second:
        return None
    target = pair.target[:a1] + second + pair.target[b1:a2] + first + pair.target[b2:]
    return Perturbed(target, ((a1, b2),), False, "fluency", SEVERITY["fluency"])


def _copy_source(pair: Pair, pool, rng) -> Perturbed | None:
    if pair.source.strip() == pair.target.strip():
        return None
    return Perturbed(pair.source, ((0, len(pair.source)),), False, "copy-source", SEVERITY["copy-source"])


def _unrelated(pair: Pair, pool, rng) -> Perturbed | None:
    donors = [t for t in pool if t != pair.target]
    if not donors:
        return None
    donor = donors[rng.integers(len(donors))]
    return Perturbed(donor, ((0, len(donor)),), False, "unrelated", SEVERITY["unrelated"])


MAKERS = {
    "number": _number, "name": _name, "negation": _negation, "word": _word, "omission": _omission,
    "addition": _addition, "untranslated": _untranslated, "fluency": _fluency, "copy-source": _copy_source,
    "unrelated": _unrelated, "opposite": _opposite,
}


def perturb(pair: Pair, kind: str, pool: list[str], rng: np.random.Generator) -> Perturbed | None:
    """``pair.target`` damaged in the way ``kind`` names, or None where that cannot be done to it."""
    result = MAKERS[kind](pair, pool, rng)
    if result is None or result.target.strip() == pair.target.strip():
        return None
    return result
