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
as the normalised sum of their sentences' vectors unless the caller supplies real embeddings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

SpanEmbedder = Callable[[int, int], np.ndarray]


@dataclass(frozen=True)
class AlignParams:
    """Tunable weights of the unit score; defaults were tuned on Text+Berg dev only."""

    max_side: int = 2  # most sentences on one side of a unit
    skip: float = -0.30  # score of a 1-0 or 0-1 unit
    merge_penalty: float = 0.06  # per sentence beyond the first on each side
    length_weight: float = 0.25  # times |log length ratio - document's mean log ratio|
    margin_k: int = 4  # neighbours used for the margin correction
    margin_weight: float = 0.5
    lexical_weight: float = 0.0  # times the cosine of shared numbers/names (see mtqa.anchors)
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


def _span_sums(emb: np.ndarray, size: int) -> np.ndarray:
    """Row ``i`` holds the normalised sum of rows ``i-size .. i-1`` (row i indexes a prefix end)."""
    n, dim = emb.shape
    out = np.zeros((n + 1, dim), dtype=np.float32)
    if size <= n:
        csum = np.vstack([np.zeros((1, dim), np.float32), np.cumsum(emb, axis=0, dtype=np.float64)])
        out[size:] = _normalise((csum[size:] - csum[:-size]).astype(np.float32))
    return out


def _prefix_lengths(lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])


class _Scorer:
    """Precomputed views of one pair of texts at one resolution."""

    def __init__(self, src: np.ndarray, tgt: np.ndarray, src_len: np.ndarray, tgt_len: np.ndarray,
                 params: AlignParams, src_spans: SpanEmbedder | None, tgt_spans: SpanEmbedder | None,
                 src_lex: np.ndarray | None = None, tgt_lex: np.ndarray | None = None):
        self.params = params
        self.lexical = src_lex is not None and tgt_lex is not None and params.lexical_weight > 0
        if self.lexical:
            self.src_lex = {a: _span_sums(src_lex, a) for a in range(1, params.max_side + 1)}
            self.tgt_lex = {b: _span_sums(tgt_lex, b) for b in range(1, params.max_side + 1)}
        self.sizes = range(1, params.max_side + 1)
        self.src = {a: _span_sums(src, a) for a in self.sizes}
        self.tgt = {b: _span_sums(tgt, b) for b in self.sizes}
        if src_spans is not None:
            for a in self.sizes[1:]:
                for i in range(a, len(src) + 1):
                    self.src[a][i] = src_spans(i - a, i)
        if tgt_spans is not None:
            for b in self.sizes[1:]:
                for j in range(b, len(tgt) + 1):
                    self.tgt[b][j] = tgt_spans(j - b, j)
        self.src_plen = _prefix_lengths(src_len)
        self.tgt_plen = _prefix_lengths(tgt_len)
        total_src, total_tgt = self.src_plen[-1], self.tgt_plen[-1]
        self.mean_log_ratio = float(np.log((total_src + 1) / (total_tgt + 1)))
        self.src_margin = _neighbourhood_similarity(src, tgt, params.margin_k)
        self.tgt_margin = _neighbourhood_similarity(tgt, src, params.margin_k)
        self.src_margin_c = np.concatenate([[0.0], np.cumsum(self.src_margin)])
        self.tgt_margin_c = np.concatenate([[0.0], np.cumsum(self.tgt_margin)])

    def unit_scores(self, i: int, a: int, b: int, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cosine and score of the units (rows i-a..i-1) × (cols j-b..j-1) for each end column j."""
        p = self.params
        cos = self.tgt[b][cols] @ self.src[a][i]
        margin = ((self.src_margin_c[i] - self.src_margin_c[i - a]) / a
                  + (self.tgt_margin_c[cols] - self.tgt_margin_c[cols - b]) / b) / 2
        src_len = self.src_plen[i] - self.src_plen[i - a]
        tgt_len = self.tgt_plen[cols] - self.tgt_plen[cols - b]
        log_ratio = np.log((src_len + 1) / (tgt_len + 1)) - self.mean_log_ratio
        score = (cos - p.margin_weight * margin
                 - p.length_weight * np.abs(log_ratio)
                 - p.merge_penalty * (a + b - 2))
        if self.lexical:
            score = score + p.lexical_weight * (self.tgt_lex[b][cols] @ self.src_lex[a][i])
        return cos, score


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
    moves = [(a, b) for a in scorer.sizes for b in scorer.sizes]
    neg = -np.inf
    value = [np.full(hi[i] - lo[i], neg) for i in range(n + 1)]
    back = [np.zeros(hi[i] - lo[i], dtype=np.int8) for i in range(n + 1)]
    cosines = [np.full(hi[i] - lo[i], np.nan, dtype=np.float32) for i in range(n + 1)]
    move_codes = {(a, b): k for k, (a, b) in enumerate(moves)}
    code_skip_src = len(moves)  # 1-0
    code_skip_tgt = len(moves) + 1  # 0-1

    def lookup(row: int, cols: np.ndarray) -> np.ndarray:
        idx = cols - lo[row]
        ok = (idx >= 0) & (idx < hi[row] - lo[row])
        out = np.full(cols.shape, neg)
        out[ok] = value[row][idx[ok]]
        return out

    for i in range(n + 1):
        cols = np.arange(lo[i], hi[i])
        best = np.full(cols.shape, neg)
        best_code = np.zeros(cols.shape, dtype=np.int8)
        best_cos = np.full(cols.shape, np.nan, dtype=np.float32)
        if i == 0:
            best[cols == 0] = 0.0
        for a, b in moves:
            if i < a:
                continue
            valid = cols >= b
            if not valid.any():
                continue
            c = cols[valid]
            prev = lookup(i - a, c - b)
            if not np.isfinite(prev).any():
                continue
            cos, score = scorer.unit_scores(i, a, b, c)
            cand = prev + score
            sub = best[valid]
            better = cand > sub
            idx = np.flatnonzero(valid)[better]
            best[idx] = cand[better]
            best_code[idx] = move_codes[(a, b)]
            best_cos[idx] = cos[better]
        if i >= 1:
            cand = lookup(i - 1, cols) + p.skip
            better = cand > best
            best[better] = cand[better]
            best_code[better] = code_skip_src
        # 0-1 moves chain along the row: v[j] = max(best[j], v[j-1] + skip).
        steps = np.arange(len(cols)) * p.skip
        chained = np.maximum.accumulate(best - steps) + steps
        from_left = np.zeros(len(cols), dtype=bool)
        from_left[1:] = chained[:-1] + p.skip > best[1:]
        best = np.where(from_left, chained, best)
        best_code[from_left] = code_skip_tgt
        value[i], back[i], cosines[i] = best, best_code, best_cos

    units: list[Unit] = []
    i, j = n, m
    if not (lo[n] <= m < hi[n] and np.isfinite(value[n][m - lo[n]])):
        raise RuntimeError("alignment band does not reach the end of both texts")
    while i > 0 or j > 0:
        k = j - lo[i]
        code = back[i][k]
        if code == code_skip_src:
            units.append(Unit((i - 1,), (), None, p.skip))
            i -= 1
        elif code == code_skip_tgt:
            units.append(Unit((), (j - 1,), None, p.skip))
            j -= 1
        else:
            a, b = moves[code]
            cos = float(cosines[i][k])
            units.append(Unit(tuple(range(i - a, i)), tuple(range(j - b, j)), cos, 0.0))
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
           params: AlignParams, src_spans: SpanEmbedder | None = None,
           tgt_spans: SpanEmbedder | None = None, src_lex: np.ndarray | None = None,
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
    scorer = _Scorer(src, tgt, src_len, tgt_len, params, src_spans, tgt_spans, src_lex, tgt_lex)
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
