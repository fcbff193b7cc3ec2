"""Wall time per stage of a run, for ``metrics/pipeline_benchmark.py`` and anyone profiling a run.

Code marks its stages with ``with stage("align"):``. Outside a ``StageClock`` that costs nothing and
records nothing; inside one, each stage's time is added up under its name, *excluding* the stages
nested in it (the encoding inside an alignment counts as "encode", not twice), so the stages of a
run add up to its wall time.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

_ACTIVE: ContextVar["StageClock | None"] = ContextVar("mtqa_stage_clock", default=None)


class StageClock:
    """``with StageClock() as clock: ...`` then ``clock.seconds`` → {stage: seconds, in first-seen order}."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._nested: list[float] = []  # per open stage, the time spent in the stages inside it
        self._token = None

    def __enter__(self) -> "StageClock":
        self._token = _ACTIVE.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _ACTIVE.reset(self._token)

    def _open(self) -> None:
        self._nested.append(0.0)

    def _close(self, name: str, elapsed: float) -> None:
        inner = self._nested.pop()
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed - inner
        if self._nested:
            self._nested[-1] += elapsed


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Count the time of the ``with`` block as stage ``name`` on the active clock (if any)."""
    clock = _ACTIVE.get()
    if clock is None:
        yield
        return
    clock._open()
    started = time.perf_counter()
    try:
        yield
    finally:
        clock._close(name, time.perf_counter() - started)
