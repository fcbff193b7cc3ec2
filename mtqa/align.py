"""Sentence alignment of two texts from their sentence embeddings (Vecalign/Bertalign class).

Dynamic programming over a band of the (source × target) grid picks the best sequence of units
1-1, 1-2, 2-1, 2-2 (optionally up to 3 sentences a side), 1-0 and 0-1. The band comes from
a coarse-to-fine search: both texts are repeatedly halved by merging neighbouring sentences'
embeddings, the small problem is aligned in full, and its path, projected back and widened,
bounds the search at the next finer level. Work is therefore linear in document length times
the band width.

A unit's score is its cosine similarity with a margin correction (subtracting how similar each
side is to its neighbourhood, which cancels "hub" sentences similar to everything), less a
length-ratio penalty and a small penalty per extra sentence merged. Merged sides are embedded
as the normalised sum of their sentences' vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

@dataclass(frozen=True)
class AlignParams:
    """Tunable weights of the unit score; defaults from ``metrics/tune_aligner.py`` (Text+Berg dev only)."""

    max_side: int = 4  # most sentences on one side of a unit
    skip: float = -0.48  # score of a 1-0 or 0-1 unit for a sentence of typical similarity
    skip_relief: float = 0.91  # times how much less similar to anything than typical the sentence is
    merge_penalty: float = 0.04  # per sentence beyond the first on each side
    length_weight: float = 0.50  # times |log length ratio - document's mean log ratio|
    margin_k: int = 2  # neighbours used for the margin correction
    margin_weight: float = 0.47
    lexical_weight: float = 0.10  # times the cosine of shared numbers/names (see mtqa.anchors)
    full_cells: int = 600_000  # align in full when rows*cols is at most this
    window: int = 8  # band half-width (sentences) around a projected coarse path


@dataclass(frozen=True)
class Unit:
    """Indices of the sentences on each side (either may be empty) and the unit's cosine."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    similarity: float | None
    score: float


def _normalise(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


class _SpanSums:
    """Normalised sums of runs of 1..``k`` consecutive rows, for a window of prefix ends at a time.

    They used to be stored for every end and size: ``k`` times the rows' memory for each side, for
    the embeddings and again for the anchor bags (over 3 GB for a unit of 33,000 sentences). The
    DP reads the ends of one band row at a time, moving forward, so the sums are made for a block
    of ``BLOCK`` ends at a time and the last block is kept.
    """

    BLOCK = 1024

    def __init__(self, rows: np.ndarray, k: int):
        self.rows, self.k = rows, k
        self.first, self.block = 0, np.zeros((0, k, rows.shape[1]), dtype=np.float32)

    def window(self, lo: int, hi: int) -> np.ndarray:
        """``[hi - lo, k, dim]``: entry ``[e - lo, a - 1]`` is the normalised sum of rows ``e-a .. e-1``
        (zero where ``e < a``)."""
        if not (self.first <= lo and hi <= self.first + len(self.block)):
            self.first = lo
            self.block = self._sums(lo, min(len(self.rows) + 1, max(hi, lo + self.BLOCK)))
        return self.block[lo - self.first:hi - self.first]

    def _sums(self, lo: int, hi: int) -> np.ndarray:
        start = max(0, lo - self.k)
        dim = self.rows.shape[1]
        csum = np.vstack([np.zeros((1, dim), np.float64), np.cumsum(self.rows[start:hi - 1], axis=0, dtype=np.float64)])
        out = np.zeros((hi - lo, self.k, dim), dtype=np.float32)
        ends = np.arange(lo, hi)
        for a in range(1, self.k + 1):
            fits = ends >= a
            e = ends[fits] - start
            out[fits, a - 1] = _normalise((csum[e] - csum[e - a]).astype(np.float32))
        return out


class _Scorer:
    """Every quantity a unit score needs, precomputed for one pair of texts at one resolution.

    Arrays are indexed by prefix end: row ``i`` of a size-``a`` array describes sentences
    ``i-a .. i-1``. Span arrays are stacked as ``[end, size-1, ...]`` so that a band of ends
    is one contiguous slice.
    """

    def __init__(self, src: np.ndarray, tgt: np.ndarray, src_len: np.ndarray, tgt_len: np.ndarray,
                 params: AlignParams, src_lex: np.ndarray | None = None, tgt_lex: np.ndarray | None = None):
        self.params = params
        sizes = range(1, params.max_side + 1)
        self.src = _SpanSums(src, params.max_side)
        self.tgt = _SpanSums(tgt, params.max_side)
        self.lexical = src_lex is not None and tgt_lex is not None and params.lexical_weight > 0
        if self.lexical:
            self.src_lex = _SpanSums(src_lex, params.max_side)
            self.tgt_lex = _SpanSums(tgt_lex, params.max_side)
        self.src_len = np.stack([_span_totals(src_len, a) for a in sizes], axis=1)
        self.tgt_len = np.stack([_span_totals(tgt_len, b) for b in sizes], axis=1)
        self.mean_log_ratio = float(np.log((src_len.sum() + 1) / (tgt_len.sum() + 1)))
        src_nbr = _neighbourhood_similarity(src, tgt, params.margin_k)
        tgt_nbr = _neighbourhood_similarity(tgt, src, params.margin_k)
        self.src_nbr = np.stack([_span_max(src_nbr, a) for a in sizes], axis=1)
        self.tgt_nbr = np.stack([_span_max(tgt_nbr, b) for b in sizes], axis=1)
        # A sentence unlike anything on the other side (an addition) is cheap to leave unaligned.
        typical = float(np.median(np.concatenate([src_nbr, tgt_nbr]))) if len(src_nbr) + len(tgt_nbr) else 0.0
        self.src_skip = params.skip + params.skip_relief * np.maximum(typical - src_nbr, 0.0)
        self.tgt_skip = params.skip + params.skip_relief * np.maximum(typical - tgt_nbr, 0.0)
        self.tgt_skip_cum = np.concatenate([[0.0], np.cumsum(self.tgt_skip)])
        grid = np.add.outer(np.arange(1, params.max_side + 1), np.arange(1, params.max_side + 1))
        self.merge_cost = params.merge_penalty * (grid - 2)[:, :, None]  # [a-1, b-1, 1]

    def row_scores(self, i: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """Cosine and score of every unit ending at source prefix ``i`` and target prefixes lo..hi-1.

        Both arrays have shape ``[a-1, b-1, j-lo]``.
        """
        p = self.params
        k, width = p.max_side, hi - lo
        cos = (self.tgt.window(lo, hi).reshape(width * k, -1) @ self.src.window(i, i + 1)[0].T
               ).reshape(width, k, k).transpose(2, 1, 0)
        margin = (self.src_nbr[i][:, None, None] + self.tgt_nbr[lo:hi].T[None, :, :]) / 2
        log_ratio = np.log((self.src_len[i][:, None, None] + 1) / (self.tgt_len[lo:hi].T[None, :, :] + 1))
        score = (cos - p.margin_weight * margin - p.length_weight * np.abs(log_ratio - self.mean_log_ratio)
                 - self.merge_cost)
        if self.lexical:
            lex = (self.tgt_lex.window(lo, hi).reshape(width * k, -1) @ self.src_lex.window(i, i + 1)[0].T
                   ).reshape(width, k, k).transpose(2, 1, 0)
            score = score + p.lexical_weight * lex
        return cos, score


def _span_max(values: np.ndarray, size: int) -> np.ndarray:
    """Row ``i`` holds the max of ``values[i-size .. i-1]`` (zero where the span does not fit).

    A merged side's margin is its most "hub-like" sentence's: taking the mean instead would let
    an unrelated extra sentence (low similarity to everything) make a merge look better.
    """
    out = np.zeros(len(values) + 1, dtype=np.float64)
    if size <= len(values):
        windows = np.lib.stride_tricks.sliding_window_view(np.asarray(values, dtype=np.float64), size)
        out[size:] = windows.max(axis=1)
    return out


def _span_totals(values: np.ndarray, size: int) -> np.ndarray:
    """Row ``i`` holds the sum of ``values[i-size .. i-1]`` (zero where the span does not fit)."""
    csum = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    out = np.zeros(len(values) + 1, dtype=np.float64)
    out[size:] = csum[size:] - csum[:-size]
    return out


def _neighbourhood_similarity(x: np.ndarray, y: np.ndarray, k: int, radius: int = 32) -> np.ndarray:
    """Mean cosine of each row of ``x`` with its ``k`` most similar rows of ``y`` near the diagonal."""
    n, m = len(x), len(y)
    if n == 0 or m == 0 or k == 0:
        return np.zeros(n, dtype=np.float64)
    out = np.empty(n, dtype=np.float64)
    scale = m / n
    for start in range(0, n, 256):
        rows = np.arange(start, min(n, start + 256))
        centre = int(rows.mean() * scale)
        lo = max(0, int(start * scale) - radius)
        hi = min(m, int(rows[-1] * scale) + radius + 1)
        if hi - lo < 1:
            lo, hi = max(0, centre - radius), min(m, centre + radius + 1)
        sims = x[rows] @ y[lo:hi].T
        kk = min(k, sims.shape[1])
        top = -np.partition(-sims, kk - 1, axis=1)[:, :kk]
        out[rows] = top.mean(axis=1)
    return out


def _banded_dp(scorer: _Scorer, n: int, m: int, lo: np.ndarray, hi: np.ndarray) -> list[Unit]:
    """Best path through the band ``lo[i] <= j < hi[i]`` (row i = i source sentences consumed)."""
    p = scorer.params
    k = p.max_side
    moves_a = np.repeat(np.arange(1, k + 1), k)  # move index = (a-1)*k + (b-1)
    moves_b = np.tile(np.arange(1, k + 1), k)
    skip_src, skip_tgt = k * k, k * k + 1  # codes of 1-0 and 0-1
    widths = hi - lo
    max_width = int(widths.max())
    # Row i's values sit at value[i, 1 : 1 + width_i]; the -inf border (and the spare last row)
    # make out-of-band lookups land on -inf without any bounds checks.
    value = np.full((n + 2, max_width + 2), -np.inf)
    code = np.zeros((n + 1, max_width), dtype=np.int8)
    cosine = np.zeros((n + 1, max_width), dtype=np.float32)
    offsets = np.arange(max_width)
    for i in range(n + 1):
        l, width = int(lo[i]), int(widths[i])
        cols = l + offsets[:width]
        if i == 0:
            best = np.where(cols == 0, 0.0, -np.inf)
            best_code = np.zeros(width, dtype=np.int8)
            best_cos = np.zeros(width, dtype=np.float32)
        else:
            cos, score = scorer.row_scores(i, l, l + width)
            prev_rows = i - moves_a
            usable = prev_rows >= 0
            rows = np.where(usable, prev_rows, n + 1)
            starts = l - moves_b - lo[np.maximum(prev_rows, 0)] + 1
            idx = np.clip(starts[:, None] + offsets[None, :width], 0, max_width + 1)
            cand = value[rows[:, None], idx] + score.reshape(k * k, width)
            chosen = np.argmax(cand, axis=0)
            best = cand[chosen, np.arange(width)]
            best_code = chosen.astype(np.int8)
            best_cos = cos.reshape(k * k, width)[chosen, np.arange(width)].astype(np.float32)
            up = value[i - 1, np.clip(l - lo[i - 1] + 1 + offsets[:width], 0, max_width + 1)] + scorer.src_skip[i - 1]
            better = up > best
            best = np.where(better, up, best)
            best_code[better] = skip_src
        # 0-1 moves chain along the row: v[j] = max(best[j], v[j-1] + skip of target sentence j-1),
        # i.e. v[j] = C[j] + max over k <= j of (best[k] - C[k]) with C the running sum of skips.
        steps = scorer.tgt_skip_cum[l : l + width]
        chained = np.maximum.accumulate(best - steps) + steps
        from_left = np.zeros(width, dtype=bool)
        from_left[1:] = chained[:-1] + scorer.tgt_skip[l : l + width - 1] > best[1:]
        value[i, 1 : 1 + width] = np.where(from_left, chained, best)
        best_code[from_left] = skip_tgt
        code[i, :width] = best_code
        cosine[i, :width] = best_cos

    if not (lo[n] <= m < hi[n] and np.isfinite(value[n, m - lo[n] + 1])):
        raise RuntimeError("alignment band does not reach the end of both texts")
    units: list[Unit] = []
    i, j = n, m
    while i > 0 or j > 0:
        c = int(code[i, j - lo[i]])
        if c == skip_src:
            units.append(Unit((i - 1,), (), None, float(scorer.src_skip[i - 1])))
            i -= 1
        elif c == skip_tgt:
            units.append(Unit((), (j - 1,), None, float(scorer.tgt_skip[j - 1])))
            j -= 1
        else:
            a, b = int(moves_a[c]), int(moves_b[c])
            units.append(Unit(tuple(range(i - a, i)), tuple(range(j - b, j)), float(cosine[i, j - lo[i]]), 0.0))
            i, j = i - a, j - b
    units.reverse()
    return units


def _band_from_path(units: list[Unit], n: int, m: int, factor_src: int, factor_tgt: int,
                    fine_n: int, fine_m: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Project a coarse path onto the finer grid and widen it by ``window`` on each side."""
    lo = np.full(fine_n + 1, fine_m + 1, dtype=np.int64)
    hi = np.zeros(fine_n + 1, dtype=np.int64)
    i = j = 0
    corners = [(0, 0)]
    for unit in units:
        i += len(unit.source)
        j += len(unit.target)
        corners.append((i, j))
    for (i0, j0), (i1, j1) in zip(corners, corners[1:]):
        r0, r1 = min(i0 * factor_src, fine_n), min(i1 * factor_src, fine_n)
        c0, c1 = min(j0 * factor_tgt, fine_m), min(j1 * factor_tgt, fine_m)
        for r in range(r0, r1 + 1):
            lo[r] = min(lo[r], c0)
            hi[r] = max(hi[r], c1 + 1)
    rows = np.arange(fine_n + 1)
    lo_w = np.full(fine_n + 1, fine_m + 1, dtype=np.int64)
    hi_w = np.zeros(fine_n + 1, dtype=np.int64)
    for r in rows:  # widen vertically as well as horizontally
        a, b = max(0, r - window), min(fine_n, r + window)
        lo_w[r] = max(0, lo[a : b + 1].min() - window)
        hi_w[r] = min(fine_m + 1, hi[a : b + 1].max() + window)
    lo_w[0] = 0
    hi_w[-1] = fine_m + 1
    return lo_w, hi_w


def _coarsen(emb: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(emb)
    pad = n % 2
    if pad:
        emb = np.vstack([emb, np.zeros((1, emb.shape[1]), emb.dtype)])
        lengths = np.concatenate([lengths, [0.0]])
    merged = _normalise(emb[0::2] + emb[1::2])
    return merged.astype(np.float32), lengths[0::2] + lengths[1::2]


def _align(src: np.ndarray, tgt: np.ndarray, src_len: np.ndarray, tgt_len: np.ndarray,
           params: AlignParams, src_lex: np.ndarray | None = None,
           tgt_lex: np.ndarray | None = None) -> list[Unit]:
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Unit((i,), (), None, params.skip) for i in range(n)] + [
            Unit((), (j,), None, params.skip) for j in range(m)]
    if (n + 1) * (m + 1) <= params.full_cells:
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m + 1, dtype=np.int64)
    else:
        # Halve the longer text (both if similar in length) and align the coarse problem first.
        halve_src = n >= m / 1.5
        halve_tgt = m >= n / 1.5
        c_src, c_src_len = _coarsen(src, src_len) if halve_src else (src, src_len)
        c_tgt, c_tgt_len = _coarsen(tgt, tgt_len) if halve_tgt else (tgt, tgt_len)
        coarse = _align(c_src, c_tgt, c_src_len, c_tgt_len, params,
                        src_lex=_coarsen(src_lex, src_len)[0] if halve_src and src_lex is not None else src_lex,
                        tgt_lex=_coarsen(tgt_lex, tgt_len)[0] if halve_tgt and tgt_lex is not None else tgt_lex)
        lo, hi = _band_from_path(coarse, len(c_src), len(c_tgt), 2 if halve_src else 1,
                                 2 if halve_tgt else 1, n, m, params.window)
    scorer = _Scorer(src, tgt, src_len, tgt_len, params, src_lex, tgt_lex)
    return _banded_dp(scorer, n, m, lo, hi)


def align_embeddings(src: np.ndarray, tgt: np.ndarray, src_lengths: Sequence[float],
                     tgt_lengths: Sequence[float], params: AlignParams | None = None,
                     src_anchors: np.ndarray | None = None,
                     tgt_anchors: np.ndarray | None = None) -> list[Unit]:
    """Align two texts given unit-length sentence embeddings and sentence lengths in characters.

    ``src_anchors``/``tgt_anchors`` are optional unit-length bags of tokens that survive
    translation (see ``mtqa.anchors``). Returns units in document order; every sentence index
    of either side occurs in exactly one unit.
    """
    params = params or AlignParams()
    if len(src) != len(src_lengths) or len(tgt) != len(tgt_lengths):
        raise ValueError("each text needs one length per sentence embedding")
    return _align(np.asarray(src, dtype=np.float32), np.asarray(tgt, dtype=np.float32),
                  np.asarray(src_lengths, dtype=np.float64), np.asarray(tgt_lengths, dtype=np.float64),
                  params, src_lex=src_anchors, tgt_lex=tgt_anchors)


def unit_confidences(units: Sequence[Unit], src: np.ndarray, tgt: np.ndarray, k: int = 4) -> list[float]:
    """How sure each unit is, 0..1, from how far its cosine stands above the sentences' neighbourhoods.

    An aligned unit scores 1 when its margin (cosine minus the mean similarity of its sentences to
    their nearest neighbours on the other side) is at least the document's median margin. A 1-0 or
    0-1 unit is sure when its sentence has no comparably close partner on the other side.
    """
    src_nbr = _neighbourhood_similarity(src, tgt, k)
    tgt_nbr = _neighbourhood_similarity(tgt, src, k)
    src_best = _neighbourhood_similarity(src, tgt, 1)
    tgt_best = _neighbourhood_similarity(tgt, src, 1)
    margins = []
    for unit in units:
        if unit.similarity is None:
            margins.append(None)
            continue
        neighbourhood = (src_nbr[list(unit.source)].mean() + tgt_nbr[list(unit.target)].mean()) / 2
        margins.append(unit.similarity - neighbourhood)
    aligned = [m for m in margins if m is not None]
    typical = max(float(np.median(aligned)) if aligned else 0.05, 0.05)
    out = []
    for unit, margin in zip(units, margins):
        if margin is not None:
            out.append(float(np.clip(margin / typical, 0.0, 1.0)))
        elif unit.source:
            i = unit.source[0]
            out.append(float(np.clip(1.0 - (src_best[i] - src_nbr[i]) / typical, 0.0, 1.0)))
        else:
            j = unit.target[0]
            out.append(float(np.clip(1.0 - (tgt_best[j] - tgt_nbr[j]) / typical, 0.0, 1.0)))
    return out
