"""Sentence splits kept in the cache folder, so that a rerun on the same document (or on an edited
one: only the paragraphs that changed) does not segment it again; SoMaJo is the slowest part of
reading a long document.

``with segmentation_cache(cache_dir):`` makes ``paragraph_sentences`` read and write the splits in
``<cache_dir>/segments-….sqlite``, named by mtqa's, SoMaJo's and sentencex's versions and
``mtqa.segment.RULES_VERSION``; outside it (or with no folder) every paragraph is split afresh. The
cache never changes a result: a value that does not decode is split again.
"""

from __future__ import annotations

from array import array
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator

from mtqa.segment import Span, split_sentences

_ACTIVE: ContextVar["SegmentCache | None"] = ContextVar("segmentation_cache", default=None)


class SegmentCache:
    """``cache.spans(paragraphs, lang)`` → each paragraph's sentence spans, from disk where known."""

    def __init__(self, cache_dir: str) -> None:
        from mtqa.blobstore import BlobStore

        self._store = BlobStore(Path(cache_dir) / _file_name(), "segmentation cache")

    def spans(self, paragraphs: list[str], lang: str) -> list[list[Span]]:
        from mtqa.blobstore import text_key

        keys = [text_key(paragraph, lang) for paragraph in paragraphs]
        found = self._store.read(sorted(set(keys)), _decode)
        new: dict[bytes, bytes] = {}
        out = []
        for key, paragraph in zip(keys, paragraphs):
            if key not in found:
                found[key] = split_sentences(paragraph, lang)
                new[key] = _encode(found[key])
            out.append(found[key])
        if new:
            self._store.write(new)
        return out


def paragraph_sentences(paragraphs: list[str], lang: str) -> list[list[Span]]:
    """The sentence spans of each paragraph (``mtqa.segment.split_sentences``), cached where a
    ``segmentation_cache`` is open."""
    cache = _ACTIVE.get()
    if cache is None:
        return [split_sentences(paragraph, lang) for paragraph in paragraphs]
    return cache.spans(paragraphs, lang)


@contextmanager
def segmentation_cache(cache_dir: str | None) -> Iterator[None]:
    token = _ACTIVE.set(SegmentCache(cache_dir) if cache_dir else None)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _file_name() -> str:
    from importlib.metadata import version

    from mtqa import __version__
    from mtqa.segment import RULES_VERSION

    return (f"segments-mtqa{__version__}-r{RULES_VERSION}-somajo{version('somajo')}"
            f"-sentencex{version('sentencex')}.sqlite")


def _encode(spans: list[Span]) -> bytes:
    return array("I", [offset for span in spans for offset in span]).tobytes()


def _decode(data: object) -> list[Span] | None:
    if not isinstance(data, bytes) or len(data) % 8:
        return None
    offsets = array("I")
    offsets.frombytes(data)
    spans = [(offsets[k], offsets[k + 1]) for k in range(0, len(offsets), 2)]
    if any(a >= b for a, b in spans) or any(b > c for (_, b), (c, _) in zip(spans, spans[1:])):
        return None
    return spans
