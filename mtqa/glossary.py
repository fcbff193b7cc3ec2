"""Glossaries: required renderings of terms, per language pair, from CSV files.

A glossary is a UTF-8 CSV file with a header row and the columns ``source_lang``, ``source``,
``target_lang``, ``target`` (any extra columns, such as a note, are ignored)::

    source_lang,source,target_lang,target,note
    en,text-to-video,de,Text-zu-Video,
    zh,文生视频,de,Text-zu-Video,
    en,The Wall Street Journal,de,Wall Street Journal,newspaper: never translated
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from mtqa.errors import InputError
from mtqa.langid import base_language

REQUIRED_COLUMNS = ("source_lang", "source", "target_lang", "target")


@dataclass(frozen=True)
class Term:
    """One required rendering: ``source`` in ``source_lang`` is ``target`` in ``target_lang``."""

    source_lang: str
    source: str
    target_lang: str
    target: str


def load_glossary(path: str | Path) -> list[Term]:
    """The terms of one CSV glossary, or an ``InputError`` naming the file and the problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("glossary not found", path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"glossary cannot be read as UTF-8 text ({error.__class__.__name__})", path) from None
    rows = list(csv.DictReader(text.splitlines()))
    header = rows[0].keys() if rows else csv.DictReader(text.splitlines()).fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"glossary lacks the column(s) {', '.join(missing)} (needs {', '.join(REQUIRED_COLUMNS)})", path)
    terms = []
    for number, row in enumerate(rows, start=2):
        values = [(row.get(c) or "").strip() for c in REQUIRED_COLUMNS]
        if not all(values):
            raise InputError(f"glossary line {number} has an empty {REQUIRED_COLUMNS[values.index('')]}", path)
        terms.append(Term(base_language(values[0]), values[1], base_language(values[2]), values[3]))
    return terms
