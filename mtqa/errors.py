"""Errors a user can act on: each carries the file (if any) and a one-line message.

The CLI turns every ``InputError`` into ``mtqa: error: <path>: <message>`` on stderr and
exit status 2; nothing else about it is shown, so the message must say what to fix. Control
characters in either part (a file name with a newline or an ANSI escape) are printed escaped,
so the error stays one line and the terminal shows the name as it is.
"""

from __future__ import annotations

from pathlib import Path

from mtqa.safetext import printable


class InputError(Exception):
    """A problem with something the user gave us: a file, a folder or an option."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        return printable(f"{self.path}: {self.message}" if self.path else self.message)
