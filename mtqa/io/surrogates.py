"""Lone surrogates: code points U+D800..U+DFFF that are no characters and cannot be written as UTF-8.

A decoder can still produce them (UTF-7, an XLIFF 2 ``<cp hex="D800"/>``), and then every later
``str.encode`` fails: the embedding cache's key, the tokenizers, the report files. Readers replace
each with U+FFFD (one code point for one, so offsets into the text stay valid) and say how many
they replaced, so nothing is dropped silently and nothing crashes later.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every surrogate code point replaced by U+FFFD, and how many were replaced."""
    return _SURROGATE.subn(REPLACEMENT, text)


def surrogate_warning(count: int, where: str = "") -> str:
    """The warning for ``count`` replaced surrogates, ``where`` saying where (e.g. " in unit 3")."""
    noun = "lone surrogate code point" if count == 1 else "lone surrogate code points"
    return f"{count} {noun} (U+D800..U+DFFF, not valid Unicode text) replaced with U+FFFD{where}"
