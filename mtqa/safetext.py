"""Text made safe for a destination that cannot hold every character a user's file may contain.

* ``printable``: a terminal line (error and warning messages): control characters, line breaks and
  bidirectional overrides are written as ``\\x1b``-style escapes, so a file name can neither
  break the line nor send escape sequences to the terminal.
* ``xml_safe``: text for XML 1.0 (``junit.xml``, XLIFF annotations, XLSX cells), which cannot
  hold C0 controls other than tab/newline/CR, U+FFFE, U+FFFF or lone surrogates; each is
  written as the same kind of escape.
* ``csv_cell``: OWASP's advice against CSV injection: a cell a spreadsheet would read as a
  formula gets a leading ``'``.

The escapes are text, so they are lossy only in that ``\\x07`` and a literal backslash-x-0-7 look
alike; ``sentences.jsonl`` keeps every character as it was.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, line/paragraph separators and the bidi embedding/override/isolate marks.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What XML 1.0's Char production excludes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_char(char: str) -> str:
    """``\\n``, ``\\x07``, ``\\u2028``: the character as Python's ``ascii()`` writes it."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def printable(text: str) -> str:
    """``text`` as one safe terminal line: every control character escaped."""
    return _UNPRINTABLE.sub(_escape, text)


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold escaped (still needs XML escaping)."""
    return _NOT_XML.sub(_escape, text)


def csv_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading ``'``; other values stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
