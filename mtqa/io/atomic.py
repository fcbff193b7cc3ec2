"""Write a file atomically: into a temporary file beside it, then ``os.replace`` over it.

A reader sees the old file or the new one, never half of either. Errors become an ``InputError``
naming the file, so the command line reports them in one line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mtqa.errors import InputError


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, newlines untouched)."""
    path = Path(path)
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise InputError(f"cannot be written ({error.strerror or error})", path) from None
    try:
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp's 0600 would make reports private to their writer
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temp, path)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"cannot be written ({error.strerror or error})", path) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
