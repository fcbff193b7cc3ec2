"""The word alignments of a run: each pair aligned once, kept on disk, damaged rows recomputed."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from mtqa.blobstore import text_key
from mtqa.wordalign import WordAlignment, WordAlignments, alignment_bytes, alignment_from_bytes


def made_up(source: str, target: str) -> WordAlignment:
    """A deterministic alignment of two texts' whitespace words, with coverages that need float32."""
    def spans(text):
        out, at = [], 0
        for word in text.split():
            start = text.index(word, at)
            out.append((start, start + len(word)))
            at = start + len(word)
        return out

    src, tgt = spans(source), spans(target)
    links = frozenset((i, i) for i in range(min(len(src), len(tgt))) if i % 2 == 0)
    return WordAlignment(src, tgt, links, np.linspace(0.1, 0.9, len(src), dtype=np.float32),
                         np.linspace(0.3, 0.7, len(tgt), dtype=np.float32), np.arange(len(tgt)) % max(len(src), 1),
                         np.arange(len(src)) % max(len(tgt), 1))


class CountingAligner:
    def __init__(self):
        self.calls = 0

    def align(self, source, src_lang, target, tgt_lang):
        self.calls += 1
        return made_up(source, target)


def same(a: WordAlignment, b: WordAlignment) -> bool:
    return (a.source == b.source and a.target == b.target and a.links == b.links
            and np.array_equal(a.source_coverage, b.source_coverage) and np.array_equal(a.target_coverage, b.target_coverage)
            and np.array_equal(a.target_best, b.target_best) and np.array_equal(a.source_best, b.source_best))


PAIRS = [(f"The {i} cats sat on mats today", f"Die {i} Katzen saßen heute auf Matten") for i in range(40)] + [("", "Leer"), ("Empty", "")]


@pytest.mark.parametrize("source,target", PAIRS[:3] + PAIRS[-2:])
def test_packing_keeps_every_value(source, target):
    alignment = made_up(source, target)
    assert same(alignment_from_bytes(alignment_bytes(alignment)), alignment)


@pytest.mark.parametrize("data", [None, b"", b"\x00" * 5, "text", 12, b"\xff" * 12,
                                  alignment_bytes(made_up("a b c", "x y z"))[:-4]])
def test_anything_else_unpacks_to_nothing(data):
    assert alignment_from_bytes(data) is None


def test_an_out_of_range_link_or_nan_is_refused():
    packed = bytearray(alignment_bytes(made_up("a b c", "x y z")))
    links_at = 4 * (3 + 6 + 6)
    packed[links_at:links_at + 4] = np.int32(7).tobytes()
    assert alignment_from_bytes(bytes(packed)) is None
    packed = bytearray(alignment_bytes(made_up("a b c", "x y z")))
    coverage_at = 4 * (3 + 6 + 6 + 4)
    packed[coverage_at:coverage_at + 4] = np.float32(np.nan).tobytes()
    assert alignment_from_bytes(bytes(packed)) is None


def test_a_pair_is_aligned_once_per_run_however_often_it_is_asked_for():
    aligner = CountingAligner()
    alignments = WordAlignments(None, lambda: aligner)
    for _ in range(3):
        for source, target in PAIRS:
            alignments.align(source, "en", target, "de")
    assert aligner.calls == len(PAIRS)


def test_a_rerun_reads_the_alignments_from_the_cache_and_decides_the_same(tmp_path):
    first = WordAlignments(str(tmp_path), CountingAligner)
    fresh = [first.align(s, "en", t, "de") for s, t in PAIRS]
    first.save()
    aligner = CountingAligner()
    again = WordAlignments(str(tmp_path), lambda: aligner)
    cached = [again.align(s, "en", t, "de") for s, t in PAIRS]
    assert aligner.calls == 0
    assert all(same(a, b) for a, b in zip(fresh, cached))


def test_the_language_is_part_of_the_key(tmp_path):
    first = WordAlignments(str(tmp_path), CountingAligner)
    first.align("Gift", "en", "Geschenk", "de")
    first.save()
    aligner = CountingAligner()
    WordAlignments(str(tmp_path), lambda: aligner).align("Gift", "de", "Geschenk", "de")
    assert aligner.calls == 1


def test_a_damaged_row_is_recomputed_and_written_again(tmp_path):
    first = WordAlignments(str(tmp_path), CountingAligner)
    first.align(PAIRS[0][0], "en", PAIRS[0][1], "de")
    first.save()
    [path] = tmp_path.glob("wordalign-*.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vec SET data = ? WHERE key = ?", (b"\x01\x02", text_key(PAIRS[0][0], "en", PAIRS[0][1], "de")))
    db.close()
    aligner = CountingAligner()
    healed = WordAlignments(str(tmp_path), lambda: aligner)
    assert same(healed.align(PAIRS[0][0], "en", PAIRS[0][1], "de"), made_up(*PAIRS[0]))
    healed.save()
    aligner.calls = 0
    WordAlignments(str(tmp_path), lambda: aligner).align(PAIRS[0][0], "en", PAIRS[0][1], "de")
    assert aligner.calls == 0


def test_text_keys_keep_the_parts_apart():
    assert text_key("ab", "c") != text_key("a", "bc")
    assert text_key("a\ud800b") != text_key("a\ufffdb")


def test_memory_holds_a_bounded_number_of_alignments_and_the_cache_file_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(WordAlignments, "KEEP", 5)
    monkeypatch.setattr(WordAlignments, "WRITE_EVERY", 3)  # some dropped ones are written, some still pending
    aligner = CountingAligner()
    alignments = WordAlignments(str(tmp_path), lambda: aligner)
    fresh = [alignments.align(s, "en", t, "de") for s, t in PAIRS]
    assert len(alignments._known) == 5
    again = [alignments.align(s, "en", t, "de") for s, t in PAIRS]
    assert aligner.calls == len(PAIRS)  # every dropped one came back from the file or the pending writes
    assert all(same(a, b) for a, b in zip(fresh, again))


def test_without_a_cache_folder_a_dropped_alignment_is_computed_again(monkeypatch):
    monkeypatch.setattr(WordAlignments, "KEEP", 5)
    aligner = CountingAligner()
    alignments = WordAlignments(None, lambda: aligner)
    for _ in range(2):
        for source, target in PAIRS[:10]:
            alignments.align(source, "en", target, "de")
    assert aligner.calls == 20 and len(alignments._known) == 5
