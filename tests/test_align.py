"""Aligner invariants (every sentence in exactly one unit, in order) and behaviour on known structure."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.align import AlignParams, align_embeddings, unit_confidences


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _parallel_texts(rng: np.random.Generator, n: int, dim: int = 64, noise: float = 0.3):
    """n random 'meanings'; the target is a noisy copy of each (a perfect 1-1 gold)."""
    meanings = _unit(rng.normal(size=(n, dim)))
    src = _unit(meanings + noise * rng.normal(size=(n, dim)) / np.sqrt(dim))
    tgt = _unit(meanings + noise * rng.normal(size=(n, dim)) / np.sqrt(dim))
    return meanings, src.astype(np.float32), tgt.astype(np.float32)


def _assert_partition(units, n: int, m: int) -> None:
    src = [i for u in units for i in u.source]
    tgt = [j for u in units for j in u.target]
    assert src == list(range(n))
    assert tgt == list(range(m))
    assert all(u.source or u.target for u in units)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 40), m=st.integers(0, 40), seed=st.integers(0, 10_000), max_side=st.integers(1, 3))
def test_every_sentence_in_exactly_one_unit_in_order(n, m, seed, max_side):
    rng = np.random.default_rng(seed)
    src = _unit(rng.normal(size=(n, 16))).astype(np.float32) if n else np.zeros((0, 16), np.float32)
    tgt = _unit(rng.normal(size=(m, 16))).astype(np.float32) if m else np.zeros((0, 16), np.float32)
    units = align_embeddings(src, tgt, rng.integers(1, 200, n), rng.integers(1, 200, m),
                             AlignParams(max_side=max_side))
    _assert_partition(units, n, m)
    assert all(len(u.source) <= max_side and len(u.target) <= max_side for u in units)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(30, 400), extra=st.integers(-100, 100), seed=st.integers(0, 10_000))
def test_partition_holds_through_coarse_to_fine_search(n, extra, seed):
    # A tiny full_cells limit forces several coarsening levels even for short texts.
    rng = np.random.default_rng(seed)
    m = max(1, n + extra)
    src = _unit(rng.normal(size=(n, 16))).astype(np.float32)
    tgt = _unit(rng.normal(size=(m, 16))).astype(np.float32)
    units = align_embeddings(src, tgt, np.full(n, 50), np.full(m, 50), AlignParams(full_cells=400, window=3))
    _assert_partition(units, n, m)


def test_recovers_one_to_one_alignment():
    _, src, tgt = _parallel_texts(np.random.default_rng(1), 60)
    units = align_embeddings(src, tgt, np.full(60, 80), np.full(60, 80))
    assert [(u.source, u.target) for u in units] == [((i,), (i,)) for i in range(60)]


def test_recovers_merges_deletions_and_insertions():
    rng = np.random.default_rng(7)
    meanings, src, _ = _parallel_texts(rng, 40)
    # Target: sentence 10 is split in two halves, 20 and 21 are merged, 30 is dropped,
    # and an unrelated sentence is inserted after 35.
    parts, gold = [], []
    for i in range(40):
        if i == 10:
            half_a, half_b = _unit(meanings[i] + 0.8 * rng.normal(size=64) / 8), _unit(meanings[i] + 0.8 * rng.normal(size=64) / 8)
            gold.append(((i,), (len(parts), len(parts) + 1)))
            parts += [half_a, half_b]
        elif i == 20:
            gold.append(((20, 21), (len(parts),)))
            parts.append(_unit(meanings[20] + meanings[21]))
        elif i == 21:
            continue
        elif i == 30:
            gold.append(((30,), ()))
        else:
            gold.append(((i,), (len(parts),)))
            parts.append(_unit(meanings[i] + 0.3 * rng.normal(size=64) / 8))
        if i == 35:
            gold.append(((), (len(parts),)))
            parts.append(_unit(rng.normal(size=64)))
    tgt = np.array(parts, dtype=np.float32)
    src_len = np.full(40, 80.0)
    tgt_len = np.array([160.0 if (g[0] == (20, 21)) else 80.0 for g in gold for _ in g[1]])
    tgt_len[gold[10][1][0]] = tgt_len[gold[10][1][1]] = 40.0
    units = align_embeddings(src, tgt, src_len, tgt_len, AlignParams(merge_penalty=0.0))
    predicted = [(u.source, u.target) for u in units]
    assert predicted == gold


def test_long_documents_use_the_band_and_stay_correct():
    _, src, tgt = _parallel_texts(np.random.default_rng(3), 3000, dim=32, noise=0.5)
    units = align_embeddings(src, tgt, np.full(3000, 80), np.full(3000, 80))
    correct = sum(1 for u in units if u.source == u.target and len(u.source) == 1)
    assert correct >= 2950


def test_confidences_are_high_for_true_pairs_and_low_for_a_forced_bad_pair():
    rng = np.random.default_rng(5)
    _, src, tgt = _parallel_texts(rng, 30)
    tgt[12] = _unit(rng.normal(size=64))  # a target sentence unrelated to its source
    units = align_embeddings(src, tgt, np.full(30, 80), np.full(30, 80), AlignParams(skip=-5.0))
    conf = unit_confidences(units, src, tgt)
    assert all(0.0 <= c <= 1.0 for c in conf)
    by_source = {u.source: c for u, c in zip(units, conf)}
    assert by_source[(12,)] < 0.3
    assert np.median(conf) > 0.9


def test_empty_side_gives_only_insertions_or_deletions():
    src = _unit(np.random.default_rng(0).normal(size=(3, 8))).astype(np.float32)
    units = align_embeddings(src, np.zeros((0, 8), np.float32), [10, 10, 10], [])
    assert [(u.source, u.target) for u in units] == [((0,), ()), ((1,), ()), ((2,), ())]
    with pytest.raises(ValueError):
        align_embeddings(src, src, [10, 10, 10], [10, 10], AlignParams())


def test_span_sums_are_the_normalised_sums_of_the_runs_they_end():
    from mtqa.align import _SpanSums

    rows = np.random.default_rng(3).normal(size=(3000, 8)).astype(np.float32)
    spans = _SpanSums(rows, 3)
    for lo, hi in [(0, 5), (2, 40), (30, 60), (1500, 1530), (2990, 3001)]:
        got = spans.window(lo, hi)
        for end in range(lo, hi):
            for size in (1, 2, 3):
                run = rows[end - size:end].sum(axis=0) if end >= size else np.zeros(8)
                expected = run / max(np.linalg.norm(run), 1e-12)
                np.testing.assert_allclose(got[end - lo, size - 1], expected, atol=1e-5)


def test_the_scorer_of_a_long_text_keeps_no_sums_per_sentence_and_size():
    # Every span sum stored for every end and size took max_side times the inputs, per side, for the
    # embeddings and the anchor bags: over 3 GB for a 4 MB translation unit (33,000 parts).
    import tracemalloc

    from mtqa.align import _Scorer
    from mtqa.anchors import anchor_vectors

    n = 10_000
    emb = np.random.default_rng(4).normal(size=(n, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    anchors = anchor_vectors([f"Name{i % 50} {i}" for i in range(n)])
    lengths = np.full(n, 100.0)
    tracemalloc.start()
    try:
        _Scorer(emb, emb, lengths, lengths, AlignParams(), anchors, anchors)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < anchors.nbytes
