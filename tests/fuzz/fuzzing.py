"""Shared pieces of the fuzz harness: the Hypothesis settings and a scratch file per example.

Two profiles, chosen with ``MTQA_FUZZ_PROFILE``: ``ci`` (the default: a fixed seed and a small
example budget, so the suite stays fast and every run tries the same inputs) and ``long`` (random
seeds, many examples, for a local hunt: ``MTQA_FUZZ_PROFILE=long pytest tests/fuzz``). The
settings are applied per test with ``@FUZZ`` rather than loaded globally, so the other tests that
use Hypothesis keep their own.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROFILES = {
    "ci": settings(max_examples=40, derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow]),
    "long": settings(max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]),
}
FUZZ = PROFILES[os.environ.get("MTQA_FUZZ_PROFILE", "ci")]


@contextmanager
def scratch_file(name: str, data: bytes | str) -> Iterator[Path]:
    """``data`` written to a file called ``name`` in a fresh folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="mtqa-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        yield path


def xml_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text XML 1.0 can carry as character data (no ``\\r``, which parsers turn into ``\\n``)."""
    return st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\ufffe\uffff",
                                 min_codepoint=0x09).filter(lambda c: c in "\t\n" or c >= " "),
                   min_size=min_size, max_size=max_size)


def plain_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text a UTF-8 file can hold, without NUL (surrogates cannot be written as UTF-8)."""
    return st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   min_size=min_size, max_size=max_size)
