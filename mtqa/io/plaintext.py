"""Plain-text and Markdown input: decode a file exactly and cut it into paragraph spans.

``read_text`` produces the one string every later stage indexes into, so it only removes a
byte-order mark and turns ``\\r\\n``/``\\r`` into ``\\n``; every other character is kept.
``split_paragraphs`` returns code-point spans into that string rather than copies, and Markdown
markup stays inside the spans; ``markdown_content_span`` narrows a span to the prose after it.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from mtqa.errors import InputError
from mtqa.io.surrogates import replace_surrogates, surrogate_warning

MAX_FILE_BYTES = 50 * 1024 * 1024
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# The UTF-32 LE mark begins with the UTF-16 LE one, so the 4-byte marks are tried first.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
)

_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "DOC/XLS"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "GZIP"),
    (b"7z\xbc\xaf\x27\x1c", "7Z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\x7fELF", "ELF executable"),
)

# Office and e-book formats are ZIP containers; naming the format helps more than "ZIP".
_ZIP_FORMATS_BY_SUFFIX = {
    ".docx": "DOCX",
    ".xlsx": "XLSX",
    ".pptx": "PPTX",
    ".odt": "ODT",
    ".ods": "ODS",
    ".epub": "EPUB",
}

_TEXT_CONTROLS = "\t\n\r\f\v"
_CONTROL_CHARACTERS = tuple(
    chr(code) for code in [*range(0x20), 0x7F] if chr(code) not in _TEXT_CONTROLS
)
_CONTROL_SAMPLE_CHARS = 64 * 1024
_MAX_CONTROL_SHARE = 0.05

_BINARY_HINT = "expected UTF-8 or UTF-16 text; export or save it as plain text"
_CONTROLS_MESSAGE = f"looks like a binary file (control characters), {_BINARY_HINT}"

_SAVE_HINT = "save it as UTF-8 or UTF-16 with BOM"
_ENCODING_HINTS = {
    "UTF-8": f"{_SAVE_HINT}, or pass its encoding (e.g. --encoding cp1252)",
    "UTF-16": _SAVE_HINT,
    "UTF-32": _SAVE_HINT,
}
_OWN_ENCODING_HINT = "pass the encoding it was saved in with --encoding, or save it as UTF-8"

_HEADING = re.compile(r"[ \t]*#{1,6}(?=[ \t]|$)")
# At most three digits, so that a hard-wrapped line starting with a year ("1984. ") stays prose.
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])(?=[ \t]|$)")
_QUOTE = re.compile(r"[ \t]*>")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")


def is_markdown_path(path: str | Path) -> bool:
    """Whether a file name says Markdown (``.md`` or ``.markdown``, any case)."""
    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES


def read_text(path: str | Path, encoding: str | None = None, warnings: list[str] | None = None) -> str:
    """Decode a UTF-8, UTF-16 or UTF-32 text file into a string with ``\\n`` line endings.

    UTF-8 may have a byte-order mark; UTF-16 and UTF-32 must have one. The mark is removed and
    ``\\r\\n`` and ``\\r`` become ``\\n``; nothing else is changed. With ``encoding`` (a Python
    codec name such as ``cp1252``) the file is decoded with that codec instead, never guessed.
    Lone surrogates (which some codecs, such as UTF-7, let through) become U+FFFD, with a message
    appended to ``warnings``. Raises ``InputError`` with a one-line message for a missing,
    unreadable, too large, binary, undecodable or empty file.
    """
    file = Path(path)
    raw = _read_bytes(file, path)
    if not raw:
        raise InputError("is empty", path)
    text = _decode_as(raw, encoding, path) if encoding else _decode(raw, file, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, surrogates = replace_surrogates(text)
    if surrogates and warnings is not None:
        warnings.append(surrogate_warning(surrogates))
    if not text:
        raise InputError("is empty", path)
    if text.isspace():
        raise InputError("is empty (it contains only whitespace)", path)
    return text


def _read_bytes(file: Path, path: str | Path) -> bytes:
    try:
        info = file.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError("file not found", path) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", path) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, expected a text file", path)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            "is not a regular file (a device, pipe or socket), expected a text file", path
        )
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(_too_large_message(info.st_size), path)
    try:
        with file.open("rb") as handle:
            # One byte over the limit is enough to notice a file that grew after stat().
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise InputError("cannot be read (permission denied)", path) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(_too_large_message(len(raw)), path)
    return raw


def _too_large_message(size: int) -> str:
    mebibytes = MAX_FILE_BYTES // (1024 * 1024)
    return (
        f"is too large ({size / (1024 * 1024):.1f} MiB, the limit is {mebibytes} MiB); "
        "split it into smaller files"
    )


def _decode(raw: bytes, file: Path, path: str | Path) -> str:
    for mark, encoding, label in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            text = _decode_strict(raw, len(mark), encoding, label, path)
            if "\x00" in text or _has_many_controls(text[:_CONTROL_SAMPLE_CHARS]):
                raise InputError(_CONTROLS_MESSAGE, path)
            return text
    _reject_binary(raw, file, path)
    return _decode_strict(raw, 0, "utf-8", "UTF-8", path)


def check_encoding(name: str) -> str:
    """The codec name if Python knows it as a text encoding, else an ``InputError`` naming ``--encoding``."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputError(f"--encoding '{name}' is not a known text encoding (e.g. utf-8, cp1252, latin-1, utf-16)")
    return name


def _decode_as(raw: bytes, encoding: str, path: str | Path) -> str:
    """Decode with the codec the user named; a UTF-8 byte-order mark is still dropped."""
    codec = codecs.lookup(check_encoding(encoding)).name
    text = _decode_strict(raw, 0, "utf-8-sig" if codec == "utf-8" else encoding, encoding, path)
    if "\x00" in text or _has_many_controls(text[:_CONTROL_SAMPLE_CHARS]):
        raise InputError(_CONTROLS_MESSAGE, path)
    return text


def _decode_strict(raw: bytes, offset: int, encoding: str, label: str, path: str | Path) -> str:
    try:
        return raw[offset:].decode(encoding)
    except UnicodeDecodeError as error:
        position = offset + error.start
        line = raw.count(b"\n", 0, position) + 1
        if label in ("UTF-16", "UTF-32"):
            detail = f"{error.reason} at offset {position}"
        else:
            detail = f"byte 0x{raw[position]:02X} at offset {position}, line {line}"
        raise InputError(f"is not valid {label} ({detail}); {_ENCODING_HINTS.get(label, _OWN_ENCODING_HINT)}",
                         path) from None


def _reject_binary(raw: bytes, file: Path, path: str | Path) -> None:
    """Raise for a file without a byte-order mark that is not text."""
    for magic, kind in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            if kind == "ZIP":
                kind = _ZIP_FORMATS_BY_SUFFIX.get(file.suffix.lower(), kind)
            raise InputError(f"looks like a binary file ({kind}), {_BINARY_HINT}", path)
    if raw.startswith(b"{\\rtf"):
        raise InputError(
            "is an RTF document, expected plain text; save it as plain text (UTF-8)", path
        )
    if b"\x00" in raw:
        if _looks_like_utf16_without_bom(raw):
            raise InputError(
                "looks like UTF-16 without a byte-order mark; save it as UTF-8 or UTF-16 with BOM",
                path,
            )
        raise InputError(f"looks like a binary file (contains NUL bytes), {_BINARY_HINT}", path)
    # Latin-1 maps bytes to code points one to one, and UTF-8 never uses bytes below 0x80
    # inside a multi-byte character, so this counts the same control characters UTF-8 would.
    if _has_many_controls(raw[:_CONTROL_SAMPLE_CHARS].decode("latin-1")):
        raise InputError(_CONTROLS_MESSAGE, path)


def _looks_like_utf16_without_bom(raw: bytes) -> bool:
    """Mostly-Latin UTF-16 has a NUL in nearly every other byte and almost none in between."""
    sample = raw[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return False
    shares = sorted((even.count(0) / len(even), odd.count(0) / len(odd)))
    return shares[0] < 0.02 and shares[1] > 0.3


def _has_many_controls(sample: str) -> bool:
    controls = sum(sample.count(character) for character in _CONTROL_CHARACTERS)
    return controls > _MAX_CONTROL_SHARE * len(sample)


@dataclass(frozen=True)
class _Unit:
    """A line, or a whole fenced code block, with what kind of Markdown block it starts."""

    start: int
    end: int
    kind: str  # blank | text | heading | item | quote | fence


def split_paragraphs(text: str, markdown: bool = False) -> list[tuple[int, int]]:
    """Paragraphs as ``(start, end)`` code-point spans into ``text``, without outer whitespace.

    If a blank line (empty or only whitespace) separates two non-blank lines, paragraphs are
    the blocks between blank lines and single newlines are hard wraps. Otherwise every
    non-blank line is a paragraph. With ``markdown``, headings, list items and block-quote
    lines also start a paragraph, and each fenced code block is one paragraph.
    Together the spans cover every non-whitespace character exactly once.
    """
    units = _units(text, markdown)
    blocks = _has_separating_blank_line(units)
    paragraphs: list[tuple[int, int]] = []
    current: list[_Unit] = []

    def close_current() -> None:
        if current:
            paragraphs.append(_strip_span(text, current[0].start, current[-1].end))
            current.clear()

    for unit in units:
        if unit.kind == "blank":
            close_current()
        elif not blocks or unit.kind in ("fence", "heading"):
            close_current()
            paragraphs.append(_strip_span(text, unit.start, unit.end))
        else:
            if unit.kind in ("item", "quote"):
                close_current()
            current.append(unit)
    close_current()
    return paragraphs


def _units(text: str, markdown: bool) -> list[_Unit]:
    lines = _line_spans(text)
    units: list[_Unit] = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        line = text[start:end]
        if not line.strip():
            units.append(_Unit(start, end, "blank"))
        elif not markdown:
            units.append(_Unit(start, end, "text"))
        elif fence := _FENCE.match(line):
            index = _closing_fence_index(text, lines, index, fence.group(1))
            units.append(_Unit(start, lines[index][1], "fence"))
        else:
            units.append(_Unit(start, end, _markdown_line_kind(line)))
        index += 1
    return units


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _closing_fence_index(text: str, lines: list[tuple[int, int]], opening: int, fence: str) -> int:
    """Index of the line closing a fence; an unclosed fence runs to the end of the text."""
    for index in range(opening + 1, len(lines)):
        candidate = text[lines[index][0] : lines[index][1]].strip()
        if len(candidate) >= len(fence) and candidate == fence[0] * len(candidate):
            return index
    return len(lines) - 1


def _markdown_line_kind(line: str) -> str:
    if _HEADING.match(line):
        return "heading"
    if _LIST_ITEM.match(line):
        return "item"
    if _QUOTE.match(line):
        return "quote"
    return "text"


def _has_separating_blank_line(units: list[_Unit]) -> bool:
    """Whether a blank line sits between content; blank lines at either end do not count."""
    content = [index for index, unit in enumerate(units) if unit.kind != "blank"]
    if not content:
        return False
    return any(unit.kind == "blank" for unit in units[content[0] : content[-1]])


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_fenced_code(text: str, start: int, end: int) -> bool:
    """Whether the paragraph ``text[start:end]`` is a fenced code block."""
    return _FENCE.match(text, start, end) is not None


def markdown_content_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a Markdown paragraph span to its content, skipping the leading markup.

    Skips block-quote markers (``>``, nested too), then a heading's ``#`` run (and its optional
    closing ``#`` run) or a list marker (``-``, ``*``, ``+``, ``1.``, ``1)``), then whitespace.
    For a fenced code block it returns the code between the fence lines. Inline markup
    (emphasis, links) is left in place. The result may be empty (``start == end``).
    """
    first_line_end = text.find("\n", start, end)
    if first_line_end == -1:
        first_line_end = end
    if fence := _FENCE.match(text, start, first_line_end):
        return _fenced_code_span(text, first_line_end, end, fence.group(1))

    position = start
    while quote := _QUOTE.match(text, position, first_line_end):
        position = quote.end()
    heading = _HEADING.match(text, position, first_line_end)
    marker = heading or _LIST_ITEM.match(text, position, first_line_end)
    if marker:
        position = marker.end()
    content_start, content_end = _strip_span(text, position, end)
    if heading:
        closing = _CLOSING_HASHES.search(text[content_start:content_end])
        if closing:
            closing_start = content_start + closing.start()
            content_start, content_end = _strip_span(text, content_start, closing_start)
    return content_start, content_end


def _fenced_code_span(text: str, first_line_end: int, end: int, fence: str) -> tuple[int, int]:
    code_end = end
    last_line_start = text.rfind("\n", first_line_end, end) + 1
    if last_line_start > first_line_end:
        last_line = text[last_line_start:end].strip()
        if len(last_line) >= len(fence) and last_line == fence[0] * len(last_line):
            code_end = last_line_start
    return _strip_span(text, min(first_line_end, code_end), code_end)
