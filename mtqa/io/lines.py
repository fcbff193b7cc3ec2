"""The lines of a text file, one at a time: ``read_text``'s decoding without holding the file.

For ``mtqa score`` on files of millions of lines. A file is decoded as ``read_text`` decodes it
(a byte-order mark, else UTF-8, or the ``--encoding`` given; ``\\r\\n`` and ``\\r`` end lines too;
a lone surrogate becomes U+FFFD) and split at ``\\n`` only; a final newline starts no line. The
binary-file checks look at the file's first 64 KiB. A file that cannot be decoded, or is empty, is
an ``InputError``: the very one ``read_text`` gives, where the file is within its size limit.
"""

from __future__ import annotations

import codecs
import io
import stat
from pathlib import Path
from typing import Iterator

from mtqa.errors import InputError
from mtqa.io.plaintext import (_BYTE_ORDER_MARKS, _CONTROLS_MESSAGE, MAX_FILE_BYTES, _has_many_controls, _read_bytes,
                               _reject_binary, check_encoding, read_text)
from mtqa.io.surrogates import replace_surrogates

HEAD_BYTES = 64 * 1024


def iter_lines(path: str | Path, encoding: str | None = None) -> Iterator[str]:
    """Each line of the file, without its line end."""
    file = Path(path)
    codec, skip, label = _codec(file, encoding, path)
    text_seen = False
    try:
        with file.open("rb") as handle:
            handle.seek(skip)
            with io.TextIOWrapper(handle, encoding=codec, errors="strict", newline=None) as lines:
                for line in lines:
                    line = line[:-1] if line.endswith("\n") else line
                    text_seen = text_seen or not line.isspace() and line != ""
                    yield replace_surrogates(line)[0]
    except UnicodeDecodeError:
        _exact_error(file, encoding, path)
        raise InputError(f"is not valid {label}; save it as UTF-8, or pass its encoding with --encoding",
                         path) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from None
    if not text_seen:
        _exact_error(file, encoding, path)
        raise InputError("is empty (it contains only whitespace)", path)


def count_lines(path: str | Path, encoding: str | None = None) -> int:
    """How many lines ``iter_lines`` gives (and so every decoding error, before any line is used)."""
    return sum(1 for _ in iter_lines(path, encoding))


def _codec(file: Path, encoding: str | None, path: str | Path) -> tuple[str, int, str]:
    """(codec, bytes to skip, name for messages), after the checks ``read_text`` makes on the file's head."""
    head = _head(file, path)
    if encoding:
        codec = codecs.lookup(check_encoding(encoding)).name
        codec, skip, label = ("utf-8-sig" if codec == "utf-8" else encoding), 0, encoding
    else:
        codec, skip, label = next(((enc, len(mark), name) for mark, enc, name in _BYTE_ORDER_MARKS
                                   if head.startswith(mark)), ("utf-8", 0, "UTF-8"))
        if skip == 0:
            _reject_binary(head, file, path)
    sample = head[skip:].decode(codec, errors="ignore")
    if skip or encoding:
        if "\x00" in sample or _has_many_controls(sample):
            raise InputError(_CONTROLS_MESSAGE, path)
    return codec, skip, label


def _head(file: Path, path: str | Path) -> bytes:
    try:
        regular = stat.S_ISREG(file.stat().st_mode)
    except OSError:
        regular = False
    if not regular:
        _read_bytes(file, path)  # a missing file, a folder, a device: its own message
    try:
        with file.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from None
    if not head:
        raise InputError("is empty", path)
    return head


def _small(file: Path) -> bool:
    try:
        return file.stat().st_size <= MAX_FILE_BYTES
    except OSError:
        return True


def _exact_error(file: Path, encoding: str | None, path: str | Path) -> None:
    """Raise ``read_text``'s error for a file within its size limit (it says where a decoding fails)."""
    if _small(file):
        read_text(path, encoding)
