"""``mtqa score`` streamed: chunks in, chunks out, in order, in memory that does not grow with the file."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest

from mtqa.io.lines import count_lines, iter_lines
from mtqa.scoring import ScoreJob, line_chunks, scored_chunks, write_json, write_text

SOURCES = ["The dog sleeps in the garden.", "", "Prices fell sharply today.", "Hello.", "The town hall was rebuilt.",
           "We meet at noon."]
TARGETS = ["Der Hund schläft im Garten.", "Leer", "Die Preise sind heute stark gefallen.", "Hallo.",
           "Das Rathaus wurde wieder aufgebaut.", ""]


@pytest.fixture()
def pair(tmp_path) -> tuple[Path, Path]:
    source, target = tmp_path / "src.en", tmp_path / "mt.de"
    source.write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    target.write_bytes(("\r\n".join(TARGETS) + "\r\n").encode("utf-8-sig"))
    return source, target


def outputs(job: ScoreJob, pair, size: int, client=None) -> tuple[str, str]:
    text, data = io.StringIO(), io.StringIO()
    write_text(scored_chunks(job, line_chunks(*pair, None, size), client), text)
    write_json(scored_chunks(job, line_chunks(*pair, None, size), client), data, lambda enc: f"enc:{enc}", True)
    return text.getvalue(), data.getvalue()


def test_lines_are_read_as_read_text_splits_them(pair):
    assert list(iter_lines(pair[0])) == SOURCES
    assert list(iter_lines(pair[1])) == TARGETS  # BOM dropped, CRLF ends lines
    assert [len(s) for s, _ in line_chunks(*pair, None, 4)] == [4, 2]


def test_counting_lines_holds_one_piece_of_the_file_not_the_file(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Ein Satz, der sich oft wiederholt, aber nie gleich lang bleibt.\n" * 200_000, encoding="utf-8")
    assert big.stat().st_size > 12_000_000
    tracemalloc.start()
    try:
        assert count_lines(big) == 200_000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


def test_a_file_within_one_chunk_is_scored_as_one_call(pair):
    """The output ``mtqa score`` gave before it streamed: one call of the scorer for the whole file."""
    import math

    import numpy as np

    from mtqa.qe import get_scorer

    scorer = get_scorer("qe-fast")
    values = [None if math.isnan(v) else float(v) for v in scorer.quality(scorer.score(SOURCES, TARGETS, "en", "de"))]
    present = [v for v in values if v is not None]
    expected = "".join(f"Segment {i}\tscore: {'null' if v is None else f'{v:.4f}'}\n" for i, v in enumerate(values))
    expected += f"System score: {float(np.mean(present)):.4f}\n"
    text, data = outputs(ScoreJob("qe-fast", None, "en", "de"), pair, 1000)
    assert text == expected
    assert data.startswith('{"segments": [' + ", ".join("null" if v is None else repr(v) for v in values) + "], ")
    assert f'"system": {float(np.mean(present))!r}, ' in data


def test_chunks_of_two_give_the_same_scores_up_to_the_models_batching(pair):
    job = ScoreJob("qe-fast", None, "en", "de")
    one_text, one_json = outputs(job, pair, 1000)
    two_text, two_json = outputs(job, pair, 2)
    assert two_text == one_text
    one, two = json.loads(one_json), json.loads(two_json)
    assert two["segments"] == pytest.approx(one["segments"], abs=1e-6) and two["signature"] == one["signature"]


def test_a_cluster_scores_the_chunks_in_order(pair):
    distributed = pytest.importorskip("distributed")
    job = ScoreJob("qe-fast", None, "en", "de")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        spread_text, spread_json = outputs(job, pair, 1, client)
    here_text, here_json = outputs(job, pair, 1)
    assert spread_text == here_text
    spread, here = json.loads(spread_json), json.loads(here_json)
    # a worker runs one BLAS thread: float32 products may round differently from here, and only so
    assert spread["segments"] == pytest.approx(here["segments"], abs=1e-6)
    assert spread["raw"] == pytest.approx(here["raw"], abs=2e-6)  # printed to six places
    assert spread["system"] == pytest.approx(here["system"], abs=1e-6) and spread["signature"] == here["signature"]
