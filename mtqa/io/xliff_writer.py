"""Write an XLIFF file back with mtqa's findings as ITS 2.0 Localization Quality Issue markup.

The file is parsed with lxml (after the same defusedxml safety check as the reader; entities
are never resolved, nothing is fetched) to find the units and place the annotations, but the
output is the input's bytes with only two kinds of change spliced in (byte offsets from expat):
the root start tag gains ``xmlns:its="..."`` (and, for XLIFF 1.2, ``its:version="2.0"``), and
the content of each annotated ``<target>`` is replaced by its lxml serialisation (in those
elements only, character references such as ``&#160;`` become the characters). Every other
byte, including whitespace, comments, the declaration and attribute quoting, is kept. With no
findings the output is an exact copy. Only for a non-UTF-8 file, or one that binds the ``its``
prefix to another namespace, is the whole tree serialised by lxml instead.

Representation (ITS 2.0, namespace ``http://www.w3.org/2005/11/its``, prefix ``its`` declared on
the root element), one annotation per finding with the ITS *local* attributes
``its:locQualityIssueType``, ``its:locQualityIssueSeverity`` and ``its:locQualityIssueComment``:

* XLIFF 2.x: a ``<sm id="mtqa-lqi-N" type="its:any" its:.../>`` start marker and an
  ``<em startRef="mtqa-lqi-N"/>`` end marker placed at the finding's offsets in ``<target>``
  (the XLIFF 2.1 ITS Module form; markers are empty elements, so spans may cross inline codes
  and overlap each other). ``N`` never repeats an id already used in the unit.
* XLIFF 1.2: ``<mrk mtype="x-its" its:...>`` wrapping the finding's span in ``<target>`` (the
  ITS 2.0 / XLIFF 1.2 mapping), and ``its:version="2.0"`` on ``<xliff>``. A span that would
  cross an inline element's boundary is widened to the smallest well-formed range around it.

A finding on a unit without a ``<target>`` marks the whole ``<source>`` instead. Offsets are
code-point offsets into the unit's plain target text as ``mtqa.io.bilingual.read_bilingual``
gives it; they are clamped to the text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mtqa.errors import InputError
from mtqa.io.atomic import write_atomically
from mtqa.safetext import xml_safe
from mtqa.io.bilingual import (
    inline_pieces,
    iter_xliff_units,
    parse_xml_safely,
    read_bytes,
    xliff_format,
)

ITS_NS = "http://www.w3.org/2005/11/its"
ITS = f"{{{ITS_NS}}}"
ID_PREFIX = "mtqa-lqi-"

SEVERITY_SCORES = {"critical": "100", "major": "70", "minor": "30"}

# mtqa (MQM) categories -> ITS 2.0 locQualityIssueType values.
ITS_TYPES = {
    "accuracy/mistranslation": "mistranslation",
    "accuracy/omission": "omission",
    "accuracy/addition": "addition",
    "accuracy/untranslated": "untranslated",
    "terminology": "terminology",
    "characters": "typographical",
    "formatting": "typographical",
    "fluency": "other",
    "style": "style",
    "locale-convention": "locale-violation",
}


def its_type(category: str | None) -> str:
    """The ITS issue type for an mtqa category; the part after ``/`` is tried too."""
    category = (category or "").strip().lower()
    if category in ITS_TYPES:
        return ITS_TYPES[category]
    tail = category.rsplit("/", 1)[-1]
    if tail in ITS_TYPES:
        return ITS_TYPES[tail]
    head = category.split("/", 1)[0]
    return ITS_TYPES.get(head, "uncategorized")


def its_severity(severity: str | None) -> str:
    return SEVERITY_SCORES.get((severity or "").strip().lower(), "30")


def its_comment(finding: dict[str, Any]) -> str:
    """The finding's plain-language reason (or, in older reports, its message), then its check codes."""
    message = " ".join(str(finding.get("reason") or finding.get("message") or "").split())
    codes = "+".join(str(c) for c in finding.get("codes") or [finding.get("code")] if c)
    return xml_safe(f"{message} [{codes}]" if codes else message)


def write_xliff_with_findings(path_in: str | Path, path_out: str | Path,
                              findings_by_unit: dict[str, list[dict[str, Any]]]) -> int:
    """Copy ``path_in`` to ``path_out`` with ITS annotations for the findings; the count added.

    Keys of ``findings_by_unit`` are unit ids as ``read_bilingual`` gives them; an id not in the
    file is an ``InputError``. The output is written to a temporary file next to ``path_out``
    and moved into place, so a failure never leaves half a file.
    """
    from lxml import etree

    path_in = Path(path_in)
    data = read_bytes(path_in)
    parse_xml_safely(path_in, data)  # refuses entity declarations and external references
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_blank_text=False, remove_comments=False, remove_pis=False,
                             strip_cdata=False)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as error:
        if "Excessive depth" in str(error):  # libxml2's limit; the reader (expat) has none
            raise InputError("elements are nested more than 256 deep; --xliff-out cannot annotate this file "
                             "(the report is not affected)", path_in) from None
        raise InputError(f"malformed XML: {' '.join(str(error).split())}", path_in) from None
    root = tree.getroot()
    fmt, _ = xliff_format(root, path_in)
    units = {u.id: u for u in iter_xliff_units(root, fmt)}
    unknown = [key for key, found in findings_by_unit.items() if found and key not in units]
    if unknown:
        raise InputError(f"findings for unit ids not in the file: {', '.join(map(repr, unknown[:5]))}", path_in)

    annotated: list[Any] = []
    elements = [el for el in root.iter() if isinstance(el.tag, str)]  # before any is added
    if any(findings_by_unit.values()):
        _declare_its_prefix(tree)
    added = 0
    for unit_id, found in findings_by_unit.items():
        if not found:
            continue
        unit = units[unit_id]
        container = unit.target if unit.target is not None else unit.source
        if container is None:
            continue
        whole_source = unit.target is None
        used_ids = {el.get("id") for el in unit.unit.iter() if isinstance(el.tag, str) and el.get("id")}
        for finding in found:
            start, end = _span(finding, container, fmt, whole_source)
            attrs = {
                f"{ITS}locQualityIssueType": its_type(finding.get("category")),
                f"{ITS}locQualityIssueSeverity": its_severity(finding.get("severity")),
                f"{ITS}locQualityIssueComment": its_comment(finding),
            }
            if fmt == "xliff-2":
                _insert_markers(container, fmt, start, end, _fresh_id(used_ids), attrs)
            else:
                _wrap_span(container, fmt, start, end, attrs)
            added += 1
        annotated.append(container)

    if not added:
        output = data  # nothing to add: an exact copy
    else:
        root_attrs = {}
        if fmt == "xliff-1.2" and root.get(f"{ITS}version") is None:
            root.set(f"{ITS}version", "2.0")
            root_attrs["version"] = "2.0"
        output = _splice(data, root, elements, annotated, root_attrs)
        if output is None:
            output = _serialize(tree, data)
    write_atomically(path_out, output)
    return added


# --------------------------------------------------------------------------------------------
# Text positions


def _slots(container: Any, fmt: str) -> list[tuple[Any, int, int, str]]:
    """Every text node of ``container``'s flattened text: (element, slot, flat offset, string).

    Slot -1 is ``element.text``; slot ``k`` is the tail of ``element``'s child ``k``. Empty
    strings are included, so every boundary between inline elements is a position.
    """
    result: list[tuple[Any, int, int, str]] = []
    offset = 0
    for element, slot, text in inline_pieces(container, fmt):
        if slot is not None:  # a <cp/> character takes up flat text but is no slot
            result.append((element, slot, offset, text))
        offset += len(text)
    return result


def _text_length(container: Any, fmt: str) -> int:
    slots = _slots(container, fmt)
    last = slots[-1]
    return last[2] + len(last[3])


def _span(finding: dict[str, Any], container: Any, fmt: str, whole: bool) -> tuple[int, int]:
    length = _text_length(container, fmt)
    if whole:
        return 0, length
    try:
        start = int(finding.get("start") or 0)
        end = int(finding.get("end") if finding.get("end") is not None else start)
    except (TypeError, ValueError):
        return 0, length
    start = max(0, min(start, length))
    return start, max(start, min(end, length))


def _locate(container: Any, fmt: str, point: int, prefer_later: bool) -> tuple[Any, int, int]:
    """(element, slot, offset in that slot's string) for a flat offset.

    At a boundary between two text nodes, ``prefer_later`` picks the node after it (for span
    starts), otherwise the one before (for span ends), keeping spans as tight as possible.
    """
    slots = _slots(container, fmt)
    candidates = [s for s in slots if s[2] <= point <= s[2] + len(s[3])]
    chosen = candidates[-1] if prefer_later else candidates[0]
    return chosen[0], chosen[1], point - chosen[2]


def _slot_text(element: Any, slot: int) -> str:
    return (element.text if slot < 0 else element[slot].tail) or ""


def _set_slot_text(element: Any, slot: int, text: str) -> None:
    value = text or None
    if slot < 0:
        element.text = value
    else:
        element[slot].tail = value


def _insert_empty(element: Any, slot: int, offset: int, new: Any) -> None:
    """Put the empty element ``new`` at ``offset`` in the text node (``element``, ``slot``)."""
    text = _slot_text(element, slot)
    _set_slot_text(element, slot, text[:offset])
    new.tail = text[offset:] or None
    element.insert(slot + 1, new)


# --------------------------------------------------------------------------------------------
# XLIFF 2: <sm/> ... <em/>


def _fresh_id(used: set[str]) -> str:
    number = 1
    while f"{ID_PREFIX}{number}" in used:
        number += 1
    marker_id = f"{ID_PREFIX}{number}"
    used.add(marker_id)
    return marker_id


def _insert_markers(container: Any, fmt: str, start: int, end: int, marker_id: str,
                    attrs: dict[str, str]) -> None:
    from lxml import etree

    namespace = container.tag[1:].split("}")[0] if container.tag.startswith("{") else None
    qualify = (lambda name: f"{{{namespace}}}{name}") if namespace else (lambda name: name)
    start_marker = etree.Element(qualify("sm"), {"id": marker_id, "type": "its:any", **attrs})
    end_marker = etree.Element(qualify("em"), {"startRef": marker_id})
    element, slot, offset = _locate(container, fmt, start, prefer_later=True)
    _insert_empty(element, slot, offset, start_marker)
    if end == start:
        parent = start_marker.getparent()
        end_marker.tail, start_marker.tail = start_marker.tail, None
        parent.insert(parent.index(start_marker) + 1, end_marker)
        return
    element, slot, offset = _locate(container, fmt, end, prefer_later=False)
    _insert_empty(element, slot, offset, end_marker)


# --------------------------------------------------------------------------------------------
# XLIFF 1.2: <mrk mtype="x-its">...</mrk>


def _wrap_span(container: Any, fmt: str, start: int, end: int, attrs: dict[str, str]) -> None:
    from lxml import etree

    first = _locate(container, fmt, start, prefer_later=True)
    last = first if end == start else _locate(container, fmt, end, prefer_later=False)
    (a_el, a_slot, a_off), (b_el, b_slot, b_off) = first, last
    if a_el is not b_el:
        common = _common_ancestor(a_el, b_el, container)
        if a_el is not common:
            child = _child_towards(common, a_el)
            index = common.index(child)
            a_el, a_slot = common, index - 1
            a_off = len(_slot_text(common, a_slot))
        if b_el is not common:
            child = _child_towards(common, b_el)
            b_el, b_slot, b_off = common, common.index(child), 0
    element = a_el
    namespace = container.tag[1:].split("}")[0] if container.tag.startswith("{") else None
    mrk = etree.Element(f"{{{namespace}}}mrk" if namespace else "mrk", {"mtype": "x-its", **attrs})
    if a_slot == b_slot:
        text = _slot_text(element, a_slot)
        _set_slot_text(element, a_slot, text[:a_off])
        mrk.text = text[a_off:b_off] or None
        mrk.tail = text[b_off:] or None
        element.insert(a_slot + 1, mrk)
        return
    head = _slot_text(element, a_slot)
    moved = list(element)[a_slot + 1 : b_slot + 1]
    last_tail = moved[-1].tail or ""
    _set_slot_text(element, a_slot, head[:a_off])
    mrk.text = head[a_off:] or None
    mrk.tail = last_tail[b_off:] or None
    for child in moved:
        mrk.append(child)  # lxml moves the child, with its tail
    moved[-1].tail = last_tail[:b_off] or None
    element.insert(a_slot + 1, mrk)


def _common_ancestor(a: Any, b: Any, stop: Any) -> Any:
    ancestors = []
    node = a
    while node is not None:
        ancestors.append(node)
        if node is stop:
            break
        node = node.getparent()
    node = b
    while node is not None:
        if any(node is x for x in ancestors):
            return node
        node = node.getparent()
    return stop


def _child_towards(ancestor: Any, descendant: Any) -> Any:
    node = descendant
    while node.getparent() is not ancestor:
        node = node.getparent()
    return node


# --------------------------------------------------------------------------------------------
# Output


def _declare_its_prefix(tree: Any) -> None:
    """Declare ``xmlns:its`` once on the root instead of on every annotated element."""
    from lxml import etree

    root = tree.getroot()
    if ITS_NS in root.nsmap.values():
        return
    if "its" in root.nsmap:  # the prefix means something else here; let lxml pick one
        return
    prefixes = {prefix for el in root.iter() if isinstance(el.tag, str) for prefix in el.nsmap if prefix}
    etree.cleanup_namespaces(tree, top_nsmap={"its": ITS_NS}, keep_ns_prefixes=sorted(prefixes | {"its"}))


def _splice(original: bytes, root: Any, elements: list[Any], annotated: list[Any], root_its_attrs: dict[str, str]) -> bytes | None:
    """The input bytes with only the annotated elements' content and the root start tag changed.

    Byte offsets come from expat (elements in document order match lxml's); each annotated
    element keeps its original start and end tags and gets its content serialised by lxml, without
    the namespace declarations already in scope. None when this cannot be done safely (an
    encoding other than UTF-8/ASCII, or an ``its`` prefix that means another namespace), in which
    case the caller serialises the whole tree.
    """
    import xml.parsers.expat
    from xml.sax.saxutils import escape

    from lxml import etree

    encoding = (root.getroottree().docinfo.encoding or "UTF-8").upper().replace("-", "")
    prefix = next((p for p, uri in root.nsmap.items() if uri == ITS_NS and p), None)
    if encoding not in {"UTF8", "USASCII", "ASCII"} or prefix is None:
        return None
    starts: list[int] = []
    ends: dict[int, int] = {}
    stack: list[int] = []
    parser = xml.parsers.expat.ParserCreate()

    def on_start(name: str, attributes: Any) -> None:
        stack.append(len(starts))
        starts.append(parser.CurrentByteIndex)

    def on_end(name: str) -> None:
        ends[stack.pop()] = parser.CurrentByteIndex

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    try:
        parser.Parse(original, True)
    except xml.parsers.expat.ExpatError:
        return None
    if len(elements) != len(starts):
        return None
    number = {id(el): k for k, el in enumerate(elements)}
    edits: list[tuple[int, int, bytes]] = []

    root_tag_end = _tag_end(original, starts[0])
    declared = original[starts[0]:root_tag_end]
    addition = ""
    if not re.search(rb"xmlns:" + re.escape(prefix.encode()) + rb"\s*=", declared):
        addition += f' xmlns:{prefix}="{ITS_NS}"'
    for name, value in root_its_attrs.items():
        addition += f' {prefix}:{name}="{value}"'
    closing = root_tag_end - (1 if original[root_tag_end - 1:root_tag_end] == b"/" else 0)
    if addition:
        edits.append((closing, closing, addition.encode("utf-8")))

    in_scope = {(p, uri) for p, uri in root.nsmap.items()}
    declaration = re.compile(r'\sxmlns(?::([\w.-]+))?="([^"]*)"')

    def drop_known(match: re.Match[str]) -> str:
        return "" if (match.group(1), match.group(2)) in in_scope else match.group(0)

    def clean(markup: str) -> str:
        return re.sub(r"<[^>]*>", lambda tag: declaration.sub(drop_known, tag.group(0)), markup)

    for element in annotated:
        k = number[id(element)]
        if k == 0:
            return None
        in_scope = {(p, uri) for p, uri in element.nsmap.items()}
        start_tag_end = _tag_end(original, starts[k])
        content = escape(element.text or "") + "".join(
            clean(etree.tostring(child, encoding="unicode", with_tail=True)) for child in element)
        if original[start_tag_end - 1:start_tag_end] == b"/":  # <target/>: open it up
            qname = re.match(rb"<([^\s/>]+)", original[starts[k]:]).group(1)
            tag = original[starts[k]:start_tag_end - 1].rstrip() + b">"
            edits.append((starts[k], start_tag_end + 1,
                          tag + content.encode("utf-8") + b"</" + qname + b">"))
        else:
            edits.append((start_tag_end + 1, ends[k], content.encode("utf-8")))
    result = original
    for begin, finish, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        result = result[:begin] + replacement + result[finish:]
    return result


def _tag_end(data: bytes, start: int) -> int:
    """The index of the ``>`` closing the tag that begins at ``start``, quotes respected."""
    quote = None
    for index in range(start, len(data)):
        char = data[index]
        if quote is not None:
            if char == quote:
                quote = None
        elif char in (0x22, 0x27):
            quote = char
        elif char == 0x3E:
            return index
    raise ValueError("unterminated tag")


_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")


def _serialize(tree: Any, original: bytes) -> bytes:
    """The tree as bytes, with the input's XML declaration, BOM and trailing whitespace."""
    from lxml import etree

    encoding = (tree.docinfo.encoding or "UTF-8").upper()
    if encoding.replace("-", "") not in {"UTF8", "USASCII", "ASCII"}:
        return etree.tostring(tree, encoding=encoding, xml_declaration=True)
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    prefix = b""
    match = _DECLARATION.match(original)
    if match:
        prefix = match.group(0) + re.match(rb"[ \t\r\n]*", original[match.end():]).group(0)
    elif original.startswith(b"\xef\xbb\xbf"):
        prefix = b"\xef\xbb\xbf"
    trailing = original[len(original.rstrip(b" \t\r\n")):]
    return prefix + body + trailing


