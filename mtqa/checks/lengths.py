"""How long a translation usually is against a version: the centre and spread of log(target characters /
version characters), the length model of Gale and Church (1993), spaces not counted.

Where a document has enough 1-1 units (``MIN_UNITS``) they are measured directly (median and
1.4826 · MAD, so outliers cannot hide themselves), which adapts to the text type and the translator;
otherwise the language pair's figures from ``mtqa/data/length_ratios.json`` stand in (each
language's length relative to English, measured on public train/dev data by
``metrics/length_ratios.py``). Length is only ever supporting evidence: a short sentence may be a
good, concise translation, so the coverage checks use it only together with words that nothing renders.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtqa.langid import base_language

MIN_UNITS = 8
MIN_SPREAD = 0.1  # a document of near-identical ratios must not make every small difference extreme
TABLE = Path(__file__).resolve().parent.parent / "data" / "length_ratios.json"


def visible_length(text: str) -> int:
    """Characters other than whitespace: what a length ratio between languages counts."""
    return sum(not c.isspace() for c in text)


def log_ratio(target: str, version: str) -> float | None:
    t, v = visible_length(target), visible_length(version)
    return math.log(t / v) if t and v else None


@dataclass(frozen=True)
class LengthModel:
    centre: float
    spread: float

    def z(self, target: str, version: str) -> float | None:
        ratio = log_ratio(target, version)
        return None if ratio is None else (ratio - self.centre) / self.spread


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, float]]:
    return json.loads(TABLE.read_text(encoding="utf-8"))["languages"]


def pair_model(version_lang: str, target_lang: str) -> LengthModel | None:
    """The language pair's model from the measured table, or None for a language it lacks."""
    table = _table()
    version, target = (table.get(base_language(lang)) for lang in (version_lang, target_lang))
    if version is None or target is None:
        return None
    spread = math.hypot(version["spread"], target["spread"])
    return LengthModel(target["log_ratio"] - version["log_ratio"], max(MIN_SPREAD, spread))


def document_model(pairs: list[tuple[str, str]], version_lang: str, target_lang: str) -> LengthModel | None:
    """From the document's own (target, version) units when it has enough, else the language pair's."""
    ratios = [r for r in (log_ratio(t, v) for t, v in pairs) if r is not None]
    if len(ratios) < MIN_UNITS:
        return pair_model(version_lang, target_lang)
    centre = statistics.median(ratios)
    spread = 1.4826 * statistics.median(abs(r - centre) for r in ratios)
    return LengthModel(centre, max(MIN_SPREAD, spread))
