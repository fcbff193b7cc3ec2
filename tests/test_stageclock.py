"""Stage timing: exclusive of nested stages, summed per name, nothing recorded outside a clock."""

from __future__ import annotations

import itertools

import pytest

from mtqa import stageclock
from mtqa.stageclock import StageClock, stage


@pytest.fixture
def ticking(monkeypatch):
    """perf_counter advancing by exactly one second per call."""
    ticks = itertools.count()
    monkeypatch.setattr(stageclock.time, "perf_counter", lambda: float(next(ticks)))


def test_nested_stages_are_not_counted_twice(ticking):
    with StageClock() as clock:
        with stage("align"):          # opens at t=0
            with stage("encode"):     # t=1 .. t=2
                pass
            with stage("encode"):     # t=3 .. t=4
                pass
        # align closes at t=5: 5 s in all, 2 of them encoding
    assert clock.seconds == {"encode": 2.0, "align": 3.0}
    assert sum(clock.seconds.values()) == 5.0


def test_without_a_clock_nothing_is_recorded_and_errors_pass_through(ticking):
    with pytest.raises(KeyError):
        with stage("read"):
            raise KeyError("x")
    with StageClock() as clock:
        with pytest.raises(KeyError):
            with stage("read"):
                raise KeyError("x")
    assert clock.seconds == {"read": 1.0}
    with StageClock() as other:
        pass
    assert other.seconds == {}


def test_a_check_run_is_timed_stage_by_stage(tmp_path):
    from mtqa.pipeline import CheckRequest, run_check

    corpus = tmp_path / "doc"
    corpus.mkdir()
    (corpus / "de.txt").write_text("Der Rat billigte den Plan. Die Schule schloss am Montag.\n", encoding="utf-8")
    (corpus / "en.txt").write_text("The council approved the plan. The school closed on Monday.\n", encoding="utf-8")
    request = CheckRequest(corpus, second_opinion=False, quality_estimation=None, cache_dir=str(tmp_path / "cache"),
                           output=tmp_path / "report", formats=("jsonl", "html"))
    with StageClock() as clock:
        run_check(request, warn=lambda message: None)
    stages = set(clock.seconds)
    assert {"read and segment", "embed", "align", "rows", "decide", "render jsonl", "render html", "publish"} <= stages
    assert any(name.startswith("encode (usem3") for name in stages)  # the cold cache made the encoder run
    assert any(name.startswith("check MTQA") for name in stages)
    assert all(seconds >= 0 for seconds in clock.seconds.values())
    assert (tmp_path / "report" / "sentences.jsonl").exists()
