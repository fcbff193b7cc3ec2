"""The documents of one run of many: every corpus folder below a folder, or the rows of a manifest.

A manifest is a CSV file (UTF-8, header row) with one row per document:

- ``target`` (required): a corpus folder, a target text or a translation file (XLIFF, TMX, PO, CSV);
- ``versions``: the target's version files, separated by ``;``, each ``FILE`` or ``LANG=FILE``;
- ``target_lang``, ``source_lang``: as ``--target-lang`` and ``--source-lang`` for this row;
- ``name``: the document's report folder below the run's [default: the target's path without its
  suffix; for a file named by its language, such as ``a1/de.txt``, its folder ``a1``].

Paths are relative to the manifest's folder. A CSV file whose header has a ``target`` column but no
``source`` column is a manifest; one with both is a bilingual translation file.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Mapping

from mtqa.errors import InputError
from mtqa.io.files import MiB, read_limited
from mtqa.langid import is_language_tag, lang_from_filename, language_code
from mtqa.pipeline import TEXT_SUFFIXES

MANIFEST_COLUMNS = ("target", "versions", "target_lang", "source_lang", "name")
MAX_MANIFEST_BYTES = 64 * MiB
RUN_FILES = ("index.html", "index.jsonl", "summary.json")  # the run's own files, beside the reports


@dataclass(frozen=True)
class BatchDocument:
    """One document of a run: what ``mtqa check`` would be given for it, and its name in the run."""

    name: str  # its report folder below the run's, a relative POSIX path
    path: Path
    versions: tuple[Path, ...] = ()
    version_langs: Mapping[Path, str] = field(default_factory=dict)
    target_lang: str | None = None
    source_lang: str | None = None


def find_documents(root: Path) -> list[BatchDocument]:
    """Every corpus folder at or below ``root`` (one holding a text named by its language), in path order.

    Hidden folders are passed over and symbolic links to folders are not followed. A folder that has
    such texts but no target or no version is still a document: its run reports why.
    """
    if not root.is_dir():
        raise InputError("--recursive needs a folder" if root.exists() else "folder not found", root)
    documents = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        if any(_is_language_text(Path(folder) / name) for name in files if not name.startswith(".")):
            relative = Path(folder).relative_to(root).as_posix()
            name = (root.resolve().name or "root") if relative == "." else relative
            documents.append(BatchDocument(name, Path(folder)))
    if not documents:
        raise InputError("no corpus folders below it (folders with texts named by their language, like de.txt)", root)
    return _unique(documents, root)


def _is_language_text(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES and lang_from_filename(path) is not None and path.is_file()


def is_manifest(path: Path) -> bool:
    """Whether ``path`` is a manifest: a ``.csv`` file whose header names ``target`` and not ``source``."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            header = next(csv.reader([handle.readline()]), [])
    except OSError:
        return False
    columns = {column.strip().lower() for column in header}
    return "target" in columns and "source" not in columns


def read_manifest(path: Path) -> list[BatchDocument]:
    """The documents a manifest lists; an ``InputError`` naming the manifest (and the line) if it is bad."""
    raw = read_limited(path, "manifest", MAX_MANIFEST_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"manifest is not UTF-8 (byte {error.start})", path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip().lower() for column in next(reader, [])]
    unknown = [column for column in header if column not in MANIFEST_COLUMNS]
    if unknown or "target" not in header or len(set(header)) != len(header):
        raise InputError(f"manifest header must name 'target' and may name {', '.join(MANIFEST_COLUMNS[1:])} "
                         f"(each once); found: {', '.join(header) or 'nothing'}", path)
    base = path.parent
    documents = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(row) != len(header):
            raise InputError(f"line {line} has {len(row)} columns, the header {len(header)}", path)
        documents.append(_manifest_document(dict(zip(header, (cell.strip() for cell in row))), base, f"line {line}",
                                            path))
    if not documents:
        raise InputError("manifest lists no documents", path)
    return _unique(documents, path)


def _manifest_document(cells: dict[str, str], base: Path, where: str, manifest: Path) -> BatchDocument:
    if not cells["target"]:
        raise InputError(f"{where}: no target", manifest)
    langs = {}
    for option in ("target_lang", "source_lang"):
        value = cells.get(option) or None
        if value is not None and language_code(value) is None:
            raise InputError(f"{where}: {option} '{value}' is not a language code (an ISO 639 code such as de)", manifest)
        langs[option] = value
    versions, version_langs = [], {}
    for value in filter(None, (part.strip() for part in cells.get("versions", "").split(";"))):
        file, lang = version_file(value, base)
        if lang is not None and language_code(lang) is None:
            raise InputError(f"{where}: version '{value}': '{lang}' is not a language code", manifest)
        versions.append(file)
        if lang is not None:
            version_langs[file] = lang
    target = PurePosixPath(cells["target"].replace("\\", "/"))
    name = cells.get("name") or _default_name(target, base)
    if not _safe_name(name):
        raise InputError(f"{where}: the report folder '{name}' must be a relative path inside the run's folder"
                         + ("" if cells.get("name") else "; give the row a name"), manifest)
    return BatchDocument(PurePosixPath(name).as_posix(), base / cells["target"], tuple(versions), version_langs,
                         langs["target_lang"], langs["source_lang"])


def version_file(value: str, base: Path) -> tuple[Path, str | None]:
    """A version's file and the language given for it, from ``FILE`` or ``LANG=FILE`` (relative to ``base``).

    ``LANG=`` is read as a language only where the whole value is no existing file.
    """
    lang, sep, name = value.partition("=")
    if sep and not (base / value).exists() and is_language_tag(lang):
        return base / name, lang.strip()
    return base / value, None


def _default_name(target: PurePosixPath, base: Path) -> str:
    if (base / target).is_dir() or not target.suffix:
        return target.as_posix()
    if lang_from_filename(Path(target.name)) and target.parent != PurePosixPath("."):
        return target.parent.as_posix()
    return target.with_suffix("").as_posix()


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return bool(parts) and not name.startswith(("/", "\\")) and ".." not in parts and ":" not in parts[0]


def _unique(documents: list[BatchDocument], source: Path) -> list[BatchDocument]:
    """``documents``, refused where two would write the same report folder or one inside another's
    (a report folder is swapped whole when it is published), or one would take a run file's name."""
    for doc in documents:
        if doc.name in RUN_FILES:
            raise InputError(f"document {doc.path} would write its report to '{doc.name}', a file of the run's "
                             "index; name it otherwise", source)
    names = sorted(documents, key=lambda d: d.name)
    for before, after in zip(names, names[1:]):
        if after.name == before.name or after.name.startswith(before.name + "/"):
            raise InputError(f"documents {before.path} and {after.path} would write their reports to "
                             f"'{before.name}' and '{after.name}', one inside the other; "
                             "check them in separate runs or name them apart in a manifest", source)
    return documents
