"""Reading a small user-given file (settings, glossary, baseline) with the checks the text reader has.

``read_limited`` refuses what is not a regular file (a folder, ``/dev/zero``, a pipe) and what is
over a size limit, and never reads more than the limit plus one byte, so a device that never ends
cannot exhaust memory. Every refusal is an ``InputError`` naming the file and saying what it is.
"""

from __future__ import annotations

import stat
from pathlib import Path

from mtqa.errors import InputError

MiB = 1024 * 1024


def read_limited(path: str | Path, what: str, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); ``what`` names it in messages."""
    path = Path(path)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{what} not found", path) from None
    except OSError as error:
        raise InputError(f"cannot read {what} ({error.strerror or error})", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{what} path is a folder, not a file", path)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{what} is not a regular file (a device, pipe or socket)", path)
    if info.st_size > limit:
        raise InputError(_too_large(what, info.st_size, limit), path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # one byte over the limit notices a file that grew after stat()
    except OSError as error:
        raise InputError(f"cannot read {what} ({error.strerror or error})", path) from None
    if len(data) > limit:
        raise InputError(_too_large(what, len(data), limit), path)
    return data


def _too_large(what: str, size: int, limit: int) -> str:
    return f"{what} is too large ({size} bytes; the limit is {limit // MiB} MiB)"
