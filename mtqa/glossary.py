"""Glossaries: required renderings of terms, per language pair, from CSV or TBX files.

A CSV glossary is a UTF-8 file with a header row and the columns ``source_lang``, ``source``,
``target_lang``, ``target`` (any extra columns, such as a note, are ignored)::

    source_lang,source,target_lang,target,note
    en,text-to-video,de,Text-zu-Video,
    zh,文生视频,de,Text-zu-Video,
    en,The Wall Street Journal,de,Wall Street Journal,newspaper: never translated

A TBX file (``.tbx``, TBX-Basic / ISO 30042 ``martif`` or TBX v3 ``tbx``) gives, for each concept
entry, the preferred (first) term of every language; every ordered pair of its languages becomes
a term. It is parsed with ``defusedxml``, so external entities and entity expansion are refused.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from mtqa.errors import InputError
from mtqa.io.files import MiB, read_limited
from mtqa.langid import language_code

MAX_GLOSSARY_BYTES = 50 * MiB
REQUIRED_COLUMNS = ("source_lang", "source", "target_lang", "target")


@dataclass(frozen=True)
class Term:
    """One required rendering: ``source`` in ``source_lang`` is ``target`` in ``target_lang``."""

    source_lang: str
    source: str
    target_lang: str
    target: str


def load_glossary(path: str | Path) -> list[Term]:
    """The terms of one CSV or TBX glossary, or an ``InputError`` naming the file and the problem."""
    path = Path(path)
    data = read_limited(path, "glossary", MAX_GLOSSARY_BYTES)
    if path.suffix.lower() == ".tbx":
        return _load_tbx(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"glossary cannot be read as UTF-8 text (byte {error.start})", path) from None
    rows = _csv_rows(text, path)
    header = rows[0].keys() if rows else csv.DictReader(io.StringIO(text, newline="")).fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"glossary lacks the column(s) {', '.join(missing)} (needs {', '.join(REQUIRED_COLUMNS)})", path)
    terms = []
    for number, row in enumerate(rows, start=2):
        values = [(row.get(c) or "").strip() for c in REQUIRED_COLUMNS]
        if not all(values):
            raise InputError(f"glossary line {number} has an empty {REQUIRED_COLUMNS[values.index('')]}", path)
        terms.append(Term(_code(values[0], f"line {number}", path), values[1], _code(values[2], f"line {number}", path),
                          values[3]))
    return terms


def _code(tag: str, where: str, path: Path) -> str:
    """The base code of a known language tag; anything else would silently never match."""
    code = language_code(tag.strip())
    if code is None:
        shown = json.dumps(tag[:40], ensure_ascii=False)
        raise InputError(f"glossary {where}: {shown} is not a language code (use ISO 639 codes such as de, en or zh-CN)",
                         path)
    return code


def _csv_rows(text: str, path: Path) -> list[dict[str, str]]:
    # newline="" lets the csv module find line ends, so U+2028 or a form feed inside a field is kept
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:  # e.g. a field over the csv module's 128 KiB limit
        raise InputError(f"glossary is not valid CSV ({error})", path) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _load_tbx(path: Path, data: bytes) -> list[Term]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    from mtqa.io.bilingual import declared_encoding

    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as error:
        raise InputError(f"glossary is not valid or safe TBX/XML ({error.__class__.__name__}: {error})", path) from None
    except LookupError:
        raise InputError(f"glossary declares an unknown encoding {declared_encoding(data)!r}; save it as UTF-8",
                         path) from None
    except (ValueError, UnicodeError) as error:
        raise InputError(f"glossary is not valid TBX/XML ({' '.join(str(error).split())})", path) from None
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    terms = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        preferred: dict[str, str] = {}
        for lang_set in entry:
            if _local(lang_set.tag) not in ("langSet", "langSec"):
                continue
            lang = lang_set.get(lang_attr) or lang_set.get("lang")
            first = next((t.text.strip() for t in lang_set.iter() if _local(t.tag) == "term" and t.text and t.text.strip()), None)
            if lang and first:
                preferred.setdefault(_code(lang, "xml:lang", path), first)
        for source_lang, source in preferred.items():
            for target_lang, target in preferred.items():
                if source_lang != target_lang:
                    terms.append(Term(source_lang, source, target_lang, target))
    if not terms:
        raise InputError("glossary has no term entry with two or more languages", path)
    return terms
