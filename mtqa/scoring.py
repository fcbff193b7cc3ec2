"""``mtqa score`` streamed: line pairs are read, scored and written a chunk at a time, in order.

Memory does not grow with the number of lines: at most a few chunks of ``CHUNK_LINES`` pairs are
held (on a Dask cluster, two per worker in flight), and the ``--json`` output's ``raw`` list, which
follows the segments, waits in a temporary file. A file shorter than a chunk is scored in one call,
as before streaming; the system score is the sum of each chunk's sum over the number of scores, so
the same files give the same output on one machine or on a cluster.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, Any, Callable, Iterator

CHUNK_LINES = 2000
# a chunk's scores, its raw scores where the output lists them, and the scorer's encoder (known once it has scored)
Chunk = tuple[list, "list | None", "str | None"]


@dataclass(frozen=True)
class ScoreJob:
    """How to score: the scorer's name, its cache, the two languages, raw or calibrated scores."""

    scorer: str
    cache_dir: str | None
    src_lang: str
    tgt_lang: str
    raw: bool = False


@lru_cache(maxsize=4)
def scorer_for(name: str, cache_dir: str | None) -> Any:
    """The scorer, built (and its model loaded) once per process: once per Dask worker."""
    from mtqa.qe import get_scorer

    return get_scorer(name, cache_dir=cache_dir)


def score_chunk(job: ScoreJob, sources: list[str], targets: list[str]) -> Chunk:
    """(scores, raw scores or None, encoder name) of one chunk of line pairs; None where a score is not a number."""
    scorer = scorer_for(job.scorer, job.cache_dir)
    raw_values = scorer.score(sources, targets, job.src_lang, job.tgt_lang)
    calibrate = None if job.raw else getattr(scorer, "quality", None)
    values = raw_values if calibrate is None else calibrate(raw_values)
    segments = [None if math.isnan(float(v)) else float(v) for v in values]
    raws = None if calibrate is None else [None if math.isnan(float(v)) else round(float(v), 6) for v in raw_values]
    return segments, raws, getattr(scorer, "encoder_name", None)


def line_chunks(source: Path, translation: Path, encoding: str | None,
                size: int = CHUNK_LINES) -> Iterator[tuple[list[str], list[str]]]:
    """(source lines, translation lines) ``size`` pairs at a time (the files have as many lines)."""
    from mtqa.io.lines import iter_lines

    pairs = zip(iter_lines(source, encoding), iter_lines(translation, encoding))
    while chunk := list(islice(pairs, size)):
        yield [s for s, _ in chunk], [t for _, t in chunk]


def scored_chunks(job: ScoreJob, chunks: Iterator[tuple[list[str], list[str]]], client: Any = None) -> Iterator[Chunk]:
    """Each chunk scored, in order: here, or as one Dask task per chunk with a few in flight per worker."""
    if client is None:
        for sources, targets in chunks:
            yield score_chunk(job, sources, targets)
        return
    from mtqa.cluster import RETRIES

    window = 2 * max(1, len(client.scheduler_info()["workers"]))
    pending: deque = deque()
    for sources, targets in chunks:
        pending.append(client.submit(score_chunk, job, sources, targets, pure=False, retries=RETRIES))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Mean:
    """The mean of the scores that are numbers, summed a chunk at a time."""

    def __init__(self) -> None:
        self.total, self.count = 0.0, 0

    def add(self, segments: list) -> None:
        import numpy as np

        present = [v for v in segments if v is not None]
        if present:
            self.total += float(np.sum(np.asarray(present, dtype=np.float64)))
            self.count += len(present)

    @property
    def value(self) -> float | None:
        return self.total / self.count if self.count else None


def write_text(chunks: Iterator[Chunk], out: IO[str]) -> None:
    """``Segment i<TAB>score: 0.1234`` per line, then ``System score: ...``."""
    mean, index = _Mean(), 0
    for segments, _, _ in chunks:
        out.write("".join(f"Segment {index + i}\tscore: {'null' if v is None else f'{v:.4f}'}\n"
                          for i, v in enumerate(segments)))
        index += len(segments)
        mean.add(segments)
    out.write(f"System score: {'null' if mean.value is None else f'{mean.value:.4f}'}\n")


def write_json(chunks: Iterator[Chunk], out: IO[str], signature: Callable[[str | None], str], with_raw: bool) -> None:
    """One JSON object: ``segments``, ``system``, ``signature`` (made from the encoder's name) and
    (``with_raw``) ``raw``, written as it comes."""
    mean, encoder = _Mean(), None
    out.write('{"segments": [')
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        first = True
        for segments, raws, encoder in chunks:
            if segments:
                out.write(("" if first else ", ") + ", ".join(json.dumps(v) for v in segments))
                if with_raw:
                    spool.write(("" if first else ", ") + ", ".join(json.dumps(v) for v in raws))
                first = False
            mean.add(segments)
        out.write(f'], "system": {json.dumps(mean.value)}, "signature": {json.dumps(signature(encoder), ensure_ascii=False)}')
        if with_raw:
            spool.seek(0)
            out.write(', "raw": [')
            while piece := spool.read(1 << 20):
                out.write(piece)
            out.write("]")
    out.write("}\n")
