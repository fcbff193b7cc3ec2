"""Back-translation in ``mtqa check``: each target sentence is translated into each version's
language with a local model and compared with what that version says (sentence chrF and BLEU).

``--back-translation DIR`` gives one (multilingual, e.g. NLLB) model for every version;
``--back-translation en=DIR`` gives a model for one version (e.g. a Marian de→en model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mtqa.errors import InputError


def parse_back_translation_specs(specs: list[str], version_langs: list[str]) -> dict[str, str]:
    """``["DIR"]`` or ``["en=DIR", ...]`` → {version language: model directory}."""
    chosen: dict[str, str] = {}
    for spec in specs:
        lang, sep, directory = spec.partition("=")
        if sep and lang and "/" not in lang and not Path(spec).exists():
            if lang not in version_langs:
                raise InputError(f"--back-translation {spec}: there is no '{lang}' version "
                                 f"(versions: {', '.join(version_langs)})")
            chosen[lang] = directory
        else:
            for version in version_langs:
                chosen.setdefault(version, spec)
    from mtqa.qe.backtranslation import check_model_dir

    for directory in sorted(set(chosen.values())):
        check_model_dir(directory)  # fail before the long alignment, not after it
    return chosen


def add_back_translations(rows: list[dict[str, Any]], target_lang: str, models: dict[str, str]) -> None:
    """Add ``back_translation``, ``bt_chrf`` and ``bt_bleu`` to each target row's version entries."""
    from mtqa.qe.backtranslation import BackTranslationScorer

    scorers: dict[str, BackTranslationScorer] = {}
    for lang, directory in sorted(models.items()):
        scorer = scorers.setdefault(directory, BackTranslationScorer(directory))
        entries = [(row, row["versions"][lang]) for row in rows
                   if row["kind"] == "target" and lang in row["versions"] and row["versions"][lang]["text"].strip()
                   and row["text"].strip()]
        if not entries:
            continue
        compared = scorer.compare([entry["text"] for _, entry in entries], [row["text"] for row, _ in entries],
                                  lang, target_lang)
        for (_, entry), result in zip(entries, compared):
            entry["back_translation"] = result["back_translation"]
            entry["bt_chrf"] = round(float(result["chrf"]), 2)
            entry["bt_bleu"] = round(float(result["bleu"]), 2)
