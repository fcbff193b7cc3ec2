"""Bilingual translation-unit files: XLIFF 1.2, XLIFF 2.x, TMX 1.4, gettext PO and CSV/TSV.

``read_bilingual`` turns one file into a ``BilingualFile``: its two languages (base codes, as
``mtqa.langid.base_language`` gives them) and its units in file order, each a ``Unit`` with the
source and target as plain text. Units are already paired, so ``to_documents`` builds a target
and a source ``Document`` with one sentence per unit: sentence ``i`` of one pairs with sentence
``i`` of the other, no alignment needed. Units with no or an empty target are kept ("" text).

Plain text is the character content of a ``<source>``/``<target>``/``<seg>`` with inline markup
removed (``flatten``): the text inside ``<g>``, ``<pc>``, ``<mrk>``, ``<hi>`` is kept, placeholders
(``<x/>``, ``<bx/>``, ``<ex/>``, ``<ph/>``, ``<sc/>``, ``<ec/>``, ``<sm/>``, ``<em/>``) count as
nothing, and the native code inside XLIFF 1.2 / TMX ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``,
``<ut>`` is dropped (it is markup such as ``<b>``, not text); an XLIFF 2 ``<cp hex="..."/>`` is
its character. Whitespace is kept as the XML parser reports it, so finding offsets into a unit's
text can be mapped back into the file (``mtqa.io.xliff_writer`` does that with the same walk).

XML is parsed safely: every file is first read with defusedxml (expat), which refuses any entity
declaration (the entity-expansion "billion laughs" bomb, external entities such as
``file:///etc/passwd``) before anything is expanded or fetched; nothing is ever read from the
network. Every problem with the input is an ``InputError`` naming the file.

XLIFF unit ids: the ``trans-unit``/``unit`` id; a multi-segment XLIFF 2 unit gives one unit per
``<segment>`` (``"<unit id>#<segment id or 1-based number>"``); in a file with several ``<file>``
elements each id is prefixed with the file's id (``original`` in 1.2, else its number) and
``/``; a repeated id gets ``~2``, ``~3``... These ids are the keys of ``findings_by_unit`` in
``write_xliff_with_findings``.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

from mtqa.documents import Document, Sentence
from mtqa.errors import InputError
from mtqa.io.surrogates import replace_surrogates, surrogate_warning
from mtqa.langid import base_language, language_code

MAX_FILE_BYTES = 50 * 1024 * 1024

XLIFF_SUFFIXES = frozenset({".xlf", ".xliff", ".sdlxliff", ".mxliff", ".mqxliff"})
TMX_SUFFIXES = frozenset({".tmx"})
PO_SUFFIXES = frozenset({".po", ".pot"})
CSV_SUFFIXES = frozenset({".csv"})
TSV_SUFFIXES = frozenset({".tsv", ".tab"})
BILINGUAL_SUFFIXES = XLIFF_SUFFIXES | TMX_SUFFIXES | PO_SUFFIXES | CSV_SUFFIXES | TSV_SUFFIXES

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Elements whose content is native code (markup of the original format), not translatable text.
_OPAQUE_XLIFF1 = frozenset({"ph", "bpt", "ept", "it", "sub"})
_OPAQUE_TMX = frozenset({"ph", "bpt", "ept", "it", "ut", "sub"})
_OPAQUE_XLIFF2 = frozenset({"ph", "sc", "ec", "sm", "em"})  # empty in valid files anyway


@dataclass(frozen=True)
class Unit:
    """One translation unit: an id unique in its file, source and target as plain text."""

    id: str
    source: str
    target: str
    note: str | None = None


@dataclass
class BilingualFile:
    """The units of one bilingual file, in file order, and its two languages (base codes)."""

    path: str
    format: str  # xliff-1.2 | xliff-2 | tmx | po | csv | tsv
    source_lang: str | None
    target_lang: str | None
    units: list[Unit] = field(default_factory=list)
    version: str | None = None  # the XLIFF/TMX version attribute, e.g. "1.2", "2.1"
    warnings: list[str] = field(default_factory=list)  # what was odd but usable, for the user

    @property
    def is_xliff(self) -> bool:
        return self.format.startswith("xliff")


# --------------------------------------------------------------------------------------------
# Reading


def is_bilingual_path(path: str | Path) -> bool:
    """Whether the file name's extension is one ``read_bilingual`` reads."""
    return Path(path).suffix.lower() in BILINGUAL_SUFFIXES


def read_bilingual(path: str | Path, source_lang: str | None = None,
                   target_lang: str | None = None) -> BilingualFile:
    """Read a bilingual file, chosen by extension; ``source_lang``/``target_lang`` override the file's.

    For TMX, ``target_lang`` also picks the target among several languages; for CSV/TSV they are
    the languages when the file has no ``source_lang``/``target_lang`` columns.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in BILINGUAL_SUFFIXES:
        expected = ", ".join(sorted(BILINGUAL_SUFFIXES))
        raise InputError(f"unsupported bilingual file type '{suffix or path.name}'; expected one of {expected}",
                         path)
    data = read_bytes(path)
    if suffix in XLIFF_SUFFIXES:
        bf = _read_xliff(path, data)
    elif suffix in TMX_SUFFIXES:
        bf = _read_tmx(path, data, source_lang, target_lang)
    elif suffix in PO_SUFFIXES:
        bf = _read_po(path, data)
    else:
        bf = _read_table(path, data, "\t" if suffix in TSV_SUFFIXES else None)
    if source_lang:
        bf.source_lang = base_language(source_lang)
    if target_lang:
        bf.target_lang = base_language(target_lang)
    if not bf.units:
        raise InputError("contains no translation units", path)
    _replace_surrogates(bf)
    return bf


def _replace_surrogates(bf: BilingualFile) -> None:
    """Lone surrogates in any unit (id, source, target, note) become U+FFFD, with one warning."""
    total = 0
    changed: list[str] = []
    for index, unit in enumerate(bf.units):
        fields = {}
        for name in ("id", "source", "target", "note"):
            value = getattr(unit, name)
            if value is not None:
                fields[name], count = replace_surrogates(value)
                total += count
        if fields != {name: getattr(unit, name) for name in fields}:
            bf.units[index] = replace(unit, **fields)
            changed.append(bf.units[index].id)
    if total:
        shown = ", ".join(unit_label(unit_id) for unit_id in changed[:5]) + (" ..." if len(changed) > 5 else "")
        bf.warnings.append(surrogate_warning(total, f" in unit(s) {shown}"))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; an ``InputError`` if it is missing, not a file, too large or empty."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("not found", path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", path)
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(f"too large ({info.st_size} bytes; the limit is {MAX_FILE_BYTES})", path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path) from None
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise InputError("the file is empty", path)
    return data


def parse_xml_safely(path: str | Path, data: bytes) -> Any:
    """The root element (xml.etree) of ``data``, refusing DTD entities and external references.

    defusedxml stops at the first entity declaration, before any expansion or fetch; malformed XML
    gives the expat message with its line and column.
    """
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

    try:
        return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as error:
        kind = "an external entity" if error.sysid or error.pubid else "an entity declaration"
        target = f" pointing to {error.sysid!r}" if error.sysid else ""
        raise InputError(f"refusing XML with {kind} ('{error.name}'{target}); entities are never expanded "
                         "(possible entity-expansion or external-entity attack), remove the DOCTYPE",
                         path) from None
    except ExternalReferenceForbidden as error:
        raise InputError(f"refusing XML with an external reference ({error.sysid!r}); remove the DOCTYPE",
                         path) from None
    except DTDForbidden:
        raise InputError("refusing XML with a DTD; remove the DOCTYPE", path) from None
    except DefusedXmlException as error:
        raise InputError(f"refusing unsafe XML: {type(error).__name__}", path) from None
    except DET.ParseError as error:
        raise InputError(f"malformed XML: {_one_line(str(error))}", path) from None
    except LookupError:
        raise InputError(f"the XML declaration names an unknown encoding {declared_encoding(data)!r}; "
                         "save the file as UTF-8", path) from None
    except (ValueError, UnicodeError) as error:
        raise InputError(f"malformed XML: {_one_line(str(error))}", path) from None


def declared_encoding(data: bytes) -> str:
    """The encoding named in an XML declaration, for messages ("" when none is found)."""
    match = re.search(rb"""encoding\s*=\s*["']([^"'\s]{0,40})""", data[:1024])
    return match.group(1).decode("ascii", "replace") if match else ""


def local_name(tag: Any) -> str | None:
    """``{ns}name`` -> ``name``; None for comments and processing instructions (lxml)."""
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1]


def children(element: Any, name: str) -> list[Any]:
    """The direct child elements of ``element`` with this local name, any namespace."""
    return [child for child in element if local_name(child.tag) == name]


def opaque_names(fmt: str) -> frozenset[str]:
    """The inline elements whose content is not text, for a format (xliff-1.2, xliff-2, tmx)."""
    return {"xliff-1.2": _OPAQUE_XLIFF1, "xliff-2": _OPAQUE_XLIFF2}.get(fmt, _OPAQUE_TMX)


def flatten(element: Any, fmt: str) -> str:
    """The plain text of an inline-content element (see the module docstring)."""
    if element is None:
        return ""
    return "".join(text for _node, _slot, text in inline_pieces(element, fmt))


def inline_pieces(container: Any, fmt: str) -> Iterator[tuple[Any, int | None, str]]:
    """The pieces of ``container``'s plain text in order: ``(element, slot, text)``.

    Slot -1 is ``element.text``; slot ``k`` is the tail of ``element``'s child ``k``; slot None is
    the character of an XLIFF 2 ``<cp/>`` (``element``). Empty strings are included, so every
    boundary between inline elements is a piece. Iterative, so nesting depth is not limited by
    Python's recursion limit (thousands of nested ``<g>`` are valid XML).
    """
    opaque = opaque_names(fmt)
    yield container, -1, container.text or ""
    # each frame: an element, its children still to visit, and its own index in its parent
    stack: list[tuple[Any, Iterator[tuple[int, Any]], int]] = [(container, enumerate(container), -1)]
    while stack:
        node, remaining, node_index = stack[-1]
        for index, child in remaining:
            name = local_name(child.tag)
            if name == "cp" and fmt == "xliff-2":
                yield child, None, cp_char(child)
            elif name is not None and name not in opaque:
                yield child, -1, child.text or ""
                stack.append((child, enumerate(child), index))
                break  # the child's content comes first, its tail once it is done
            yield node, index, child.tail or ""
        else:
            stack.pop()
            if stack:
                yield stack[-1][0], node_index, node.tail or ""


def cp_char(element: Any) -> str:
    """The character an XLIFF 2 ``<cp hex="..."/>`` stands for ("" when the value is unusable)."""
    try:
        return chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        return ""


def xliff_format(root: Any, path: str | Path) -> tuple[str, str | None]:
    """``("xliff-1.2" | "xliff-2", version)`` for an ``<xliff>`` root, else an ``InputError``."""
    if local_name(root.tag) != "xliff":
        raise InputError(f"not an XLIFF file: the root element is <{local_name(root.tag)}>, not <xliff>", path)
    version = root.get("version")
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if (version or "").startswith("2") or namespace.startswith("urn:oasis:names:tc:xliff:document:2"):
        return "xliff-2", version
    return "xliff-1.2", version


@dataclass
class XliffUnit:
    """One unit (1.2 ``trans-unit``, 2.x ``segment``) as found in the tree, for reader and writer."""

    id: str
    unit: Any  # the trans-unit or unit element
    segment: Any  # the trans-unit (1.2) or segment (2.x) element holding source and target
    source: Any
    target: Any | None
    notes: list[str]


def iter_xliff_units(root: Any, fmt: str) -> Iterator[XliffUnit]:
    """Every translation unit of an XLIFF tree (xml.etree or lxml), in document order."""
    files = children(root, "file")
    seen: Counter[str] = Counter()
    for file_number, file_el in enumerate(files, start=1):
        prefix = ""
        if len(files) > 1:
            file_id = file_el.get("id") if fmt == "xliff-2" else file_el.get("original")
            prefix = f"{file_id or file_number}/"
        unit_name = "unit" if fmt == "xliff-2" else "trans-unit"
        for number, unit in enumerate((u for u in file_el.iter() if local_name(u.tag) == unit_name), start=1):
            base_id = prefix + (unit.get("id") or str(number))
            if fmt == "xliff-2":
                notes = [note.text or "" for notes_el in children(unit, "notes")
                         for note in children(notes_el, "note")]
                segments = children(unit, "segment")
                for seg_number, segment in enumerate(segments, start=1):
                    unit_id = base_id
                    if len(segments) > 1:
                        unit_id = f"{base_id}#{segment.get('id') or seg_number}"
                    sources = children(segment, "source")
                    targets = children(segment, "target")
                    yield XliffUnit(_unique(unit_id, seen), unit, segment, sources[0] if sources else None,
                                    targets[0] if targets else None, notes)
            else:
                notes = [note.text or "" for note in children(unit, "note")]
                sources = children(unit, "source")
                targets = children(unit, "target")
                yield XliffUnit(_unique(base_id, seen), unit, unit, sources[0] if sources else None,
                                targets[0] if targets else None, notes)


def _unique(unit_id: str, seen: Counter[str]) -> str:
    seen[unit_id] += 1
    return unit_id if seen[unit_id] == 1 else f"{unit_id}~{seen[unit_id]}"


def _note(notes: list[str]) -> str | None:
    kept = [n.strip() for n in notes if n and n.strip()]
    return "\n".join(kept) if kept else None


def _lang(code: str | None) -> str | None:
    return base_language(code) if code and code.strip() and code.strip() != "*all*" else None


def _read_xliff(path: Path, data: bytes) -> BilingualFile:
    root = parse_xml_safely(path, data)
    fmt, version = xliff_format(root, path)
    if fmt == "xliff-2":
        source_lang, target_lang = _lang(root.get("srcLang")), _lang(root.get("trgLang"))
        if source_lang is None:
            raise InputError("XLIFF 2 file without a srcLang attribute on <xliff>", path)
    else:
        files = children(root, "file")
        if not files:
            raise InputError("XLIFF file without a <file> element", path)
        source_lang = _lang(files[0].get("source-language"))
        target_lang = _lang(files[0].get("target-language"))
    units = [Unit(u.id, flatten(u.source, fmt), flatten(u.target, fmt), _note(u.notes))
             for u in iter_xliff_units(root, fmt)]
    return BilingualFile(str(path), fmt, source_lang, target_lang, units, version)


def _read_tmx(path: Path, data: bytes, source_lang: str | None, target_lang: str | None) -> BilingualFile:
    root = parse_xml_safely(path, data)
    if local_name(root.tag) != "tmx":
        raise InputError(f"not a TMX file: the root element is <{local_name(root.tag)}>, not <tmx>", path)
    headers = children(root, "header")
    header_src = _lang(headers[0].get("srclang")) if headers else None
    bodies = children(root, "body")
    tus = [tu for body in bodies for tu in children(body, "tu")]
    per_tu: list[tuple[Any, dict[str, Any]]] = []
    counts: Counter[str] = Counter()
    first_langs: Counter[str] = Counter()
    for tu in tus:
        variants: dict[str, Any] = {}
        for tuv in children(tu, "tuv"):
            code = tuv.get(XML_LANG) or tuv.get("lang")
            if not code:
                raise InputError(f"a <tuv> without xml:lang in <tu tuid={tu.get('tuid')!r}>", path)
            variants.setdefault(base_language(code), tuv)
        if variants:
            first_langs[next(iter(variants))] += 1
        counts.update(variants.keys())
        per_tu.append((tu, variants))
    src = _lang(source_lang) or header_src or (first_langs.most_common(1)[0][0] if first_langs else None)
    others = [lang for lang, _ in counts.most_common() if lang != src]
    trg = _lang(target_lang) or ("de" if "de" in others else (others[0] if others else None))
    units = []
    for number, (tu, variants) in enumerate(per_tu, start=1):
        notes = [n.text or "" for n in children(tu, "note")]
        target_tuv = variants.get(trg) if trg else None
        if target_tuv is not None:
            notes += [n.text or "" for n in children(target_tuv, "note")]
        units.append(Unit(tu.get("tuid") or str(number), _tuv_text(variants.get(src)), _tuv_text(target_tuv),
                          _note(notes)))
    bf = BilingualFile(str(path), "tmx", src, trg, units, root.get("version"))
    ids: Counter[str] = Counter()
    bf.units = [Unit(_unique(u.id, ids), u.source, u.target, u.note) for u in units]
    return bf


def _tuv_text(tuv: Any | None) -> str:
    if tuv is None:
        return ""
    segs = children(tuv, "seg")
    return flatten(segs[0], "tmx") if segs else ""


def _read_po(path: Path, data: bytes) -> BilingualFile:
    try:
        import polib
    except ImportError:  # pragma: no cover - polib is a dependency
        raise InputError("reading PO files needs the 'polib' package (pip install polib)", path) from None
    try:
        po = _parse_po(polib, _decode_po(data))
    except (OSError, ValueError, UnicodeError) as error:
        raise InputError(f"malformed PO file: {_one_line(str(error))}", path) from None
    units = []
    seen: Counter[str] = Counter()
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and not entry.msgctxt):
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        note = _note([entry.comment or "", entry.tcomment or ""])
        if entry.msgid_plural:
            forms = entry.msgstr_plural or {0: ""}
            for index in sorted(forms):
                source = entry.msgid if index == 0 else entry.msgid_plural
                units.append(Unit(_unique(f"{key}[{index}]", seen), source, forms[index] or "", note))
        else:
            units.append(Unit(_unique(key, seen), entry.msgid, entry.msgstr or "", note))
    target = _lang(po.metadata.get("Language"))
    source = _lang(po.metadata.get("X-Source-Language")) or "en"
    return BilingualFile(str(path), "po", source, target, units)


def _parse_po(polib: Any, text: str) -> Any:
    """The ``polib.POFile`` of PO ``text``, split into lines at line breaks only.

    ``polib.pofile(text)`` would open ``text`` as a file if it names one, and cuts lines with
    ``str.splitlines``, which also breaks at U+2028, U+0085, form feeds and other characters
    that are valid inside a PO string (``msgfmt -c`` accepts them). So the parser gets the
    contents as a list of lines it never takes for a path.
    """
    parser = polib._POFileParser("")  # "" is no file: the parser starts with no lines
    lines = re.split(r"\r\n|\r|\n", text)
    parser.fhandle = lines[:-1] if lines and lines[-1] == "" else lines
    return parser.parse()


def _decode_po(data: bytes) -> str:
    """PO text, decoded with the header's charset (UTF-8 when none or unknown)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # a .pot template's placeholder
        charset = "utf-8"
    try:
        return data.decode(charset)
    except LookupError:
        return data.decode("utf-8")


def _read_table(path: Path, data: bytes, delimiter: str | None) -> BilingualFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-8 (byte {error.start}); save the table as UTF-8", path) from None
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in row]))
    except csv.Error as error:
        raise InputError(f"malformed table at line {reader.line_num}: {error}", path) from None
    fmt = "tsv" if delimiter == "\t" else "csv"
    if not rows:
        return BilingualFile(str(path), fmt, None, None, [])
    header = [cell.strip().lower() for cell in rows[0][1]]
    units: list[Unit] = []
    seen: Counter[str] = Counter()
    source_lang = target_lang = None
    if "source" in header or "target" in header:
        if "source" not in header or "target" not in header:
            raise InputError("the header needs both a 'source' and a 'target' column", path)
        col = {name: header.index(name) for name in ("source", "target", "id", "source_lang", "target_lang",
                                                      "note") if name in header}
        for number, (line, row) in enumerate(rows[1:], start=1):
            if len(row) < len(header):
                row = row + [""] * (len(header) - len(row))
            cell = {name: row[index] for name, index in col.items()}
            source_lang = source_lang or _lang(cell.get("source_lang"))
            target_lang = target_lang or _lang(cell.get("target_lang"))
            unit_id = (cell.get("id") or "").strip() or str(number)
            units.append(Unit(_unique(unit_id, seen), cell["source"], cell["target"], cell.get("note") or None))
    else:
        for number, (line, row) in enumerate(rows, start=1):
            if len(row) != 2:
                raise InputError(f"line {line} has {len(row)} columns; without a header line naming 'source' and "
                                 "'target' the table must have exactly two (source, target)", path)
            units.append(Unit(str(number), row[0], row[1], None))
    return BilingualFile(str(path), fmt, source_lang, target_lang, units)


def _one_line(message: str) -> str:
    return " ".join(message.split())


# --------------------------------------------------------------------------------------------
# Documents


def to_documents(bf: BilingualFile, source_lang: str | None = None,
                 target_lang: str | None = None) -> tuple[Document, Document]:
    """``(target_doc, source_doc)``: one sentence per unit, sentence ``i`` of both from unit ``i``.

    Each document's text is the unit texts joined by ``"\\n"``; sentence ``i`` has index and
    paragraph ``i`` and its offsets into that text. The source document's path is the file's
    path with ``#source`` appended, so messages tell the two apart. Each sentence's ``unit`` is
    its unit's id, so that reports name the units as the file (and a CAT tool) does.
    """
    target_lang = _lang(target_lang) or bf.target_lang
    source_lang = _lang(source_lang) or bf.source_lang
    if not target_lang:
        raise InputError("the file declares no target language; give it with --target-lang", bf.path)
    if not source_lang:
        raise InputError("the file declares no source language; give it with --source-lang", bf.path)
    for lang, option in ((target_lang, "--target-lang"), (source_lang, "--source-lang")):
        if language_code(lang) is None:
            raise InputError(f"the file declares the language '{lang}', which is not a language code; "
                             f"give the right one with {option}", bf.path)
    target = _document([u.target for u in bf.units], target_lang, bf.path)
    target.warnings.extend(bf.warnings)
    source = _document([u.source for u in bf.units], source_lang, f"{bf.path}#source")
    return _with_unit_ids(target, bf), _with_unit_ids(source, bf)


def unit_label(unit_id: str) -> str:
    """A unit id as reports show it: a PO key's context separator (``msgctxt\\x04msgid``) becomes ``|``."""
    return unit_id.replace("\x04", "|")


def _with_unit_ids(doc: Document, bf: BilingualFile) -> Document:
    doc.sentences = [replace(s, unit=unit_label(u.id)) for s, u in zip(doc.sentences, bf.units)]
    return doc


def _document(texts: list[str], lang: str, path: str) -> Document:
    sentences = []
    offset = 0
    for index, text in enumerate(texts):
        sentences.append(Sentence(index=index, paragraph=index, text=text, start=offset, end=offset + len(text)))
        offset += len(text) + 1
    return Document(lang=lang, text="\n".join(texts), sentences=sentences, path=path)
