"""A damaged embedding cache heals itself in the same run (issue 14, item 10).

Every variant must give exactly the vectors a healthy cache gives: bad entries (NULL, wrong
length, another dtype, NaN) are recomputed and written again; a file that is no database, is
truncated or has another schema is moved aside with one warning; a locked cache is waited for
briefly, then bypassed.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time

import numpy as np
import pytest

from mtqa.encoders import CachedEncoder
from fake_encoders import CountingEncoder

TEXTS = [f"Satz Nummer {i} über {'x' * (i % 7)}" for i in range(300)]


def healthy(texts=TEXTS) -> np.ndarray:
    return CountingEncoder().encode(texts)


@pytest.fixture
def cache(tmp_path):
    """A cache folder filled by a healthy run; returns the folder and its sqlite file."""
    first = CachedEncoder(CountingEncoder(), tmp_path)
    first.encode(TEXTS)
    first.close()
    return tmp_path, first.path


def damage_rows(path, data_by_index: dict[int, object]) -> None:
    from mtqa.encoders.cache import _key

    with sqlite3.connect(path) as db:
        for index, data in data_by_index.items():
            db.execute("UPDATE vec SET data = ? WHERE key = ?", (data, _key(TEXTS[index])))
    db.close()


def run_again(folder, caplog=None):
    inner = CountingEncoder()
    vectors = CachedEncoder(inner, folder).encode(TEXTS)
    return vectors, inner


def test_bad_entries_are_recomputed_and_healed(cache):
    folder, path = cache
    nan = np.full(8, np.nan, dtype=np.float32).tobytes()
    float64 = np.ones(8, dtype=np.float64).tobytes()
    damage_rows(path, {0: None, 1: b"", 2: b"\x00\x01\x02", 3: np.ones(5, np.float32).tobytes(), 4: nan,
                       5: float64, 6: "text", 7: 12})
    vectors, inner = run_again(folder)
    assert np.array_equal(vectors, healthy())
    assert sorted(inner.encoded()) == sorted(TEXTS[:8])
    vectors, inner = run_again(folder)  # healed: nothing to recompute
    assert np.array_equal(vectors, healthy()) and inner.encoded() == []


def test_a_cache_of_only_wrong_dtype_entries_is_recomputed(cache):
    folder, path = cache
    damage_rows(path, {i: np.ones(8, dtype=np.float64).tobytes() for i in range(len(TEXTS))})
    vectors, inner = run_again(folder)
    assert np.array_equal(vectors, healthy()) and len(inner.encoded()) == len(TEXTS)


@pytest.mark.parametrize("variant", ["garbage", "truncated", "empty-header", "schema", "other-table"])
def test_an_unreadable_file_is_moved_aside_with_one_warning(cache, caplog, variant):
    folder, path = cache
    data = path.read_bytes()
    if variant == "garbage":
        path.write_bytes(b"this is no database\n" * 500)
    elif variant == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif variant == "empty-header":
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 84 + data[100:])
    else:
        path.unlink()
        with sqlite3.connect(path) as db:
            if variant == "schema":
                db.execute("CREATE TABLE vec (key TEXT, data BLOB, extra INTEGER)")
            else:
                db.execute("CREATE TABLE vec (k BLOB PRIMARY KEY, v BLOB)")
        db.close()
    with caplog.at_level(logging.WARNING, logger="mtqa.cache"):
        vectors, inner = run_again(folder)
    assert np.array_equal(vectors, healthy())
    warnings = [r.getMessage() for r in caplog.records]
    if variant == "truncated" and not warnings:
        # SQLite may read a truncated file's first pages fine: then the entries it lost are recomputed.
        assert inner.encoded()
    else:
        assert len(warnings) == 1, warnings
        assert warnings[0].startswith(f"mtqa: warning: {path}: embedding cache unreadable (")
        assert "moved aside to counting-1.sqlite.broken" in warnings[0]
        assert path.with_name(path.name + ".broken").exists()
    vectors, inner = run_again(folder)  # rebuilt: the next run reads it
    assert np.array_equal(vectors, healthy()) and inner.encoded() == []


def test_a_locked_cache_is_bypassed_after_a_short_wait(cache, caplog):
    folder, path = cache
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        inner = CountingEncoder()
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="mtqa.cache"):
            vectors = CachedEncoder(inner, folder, lock_wait_s=0.3).encode(TEXTS)
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert np.array_equal(vectors, healthy()) and len(inner.encoded()) == len(TEXTS)
    assert [r.getMessage() for r in caplog.records] == [
        f"mtqa: warning: {path}: embedding cache locked by another process for 0.3 s; running without it"]
    assert path.exists() and not path.with_name(path.name + ".broken").exists()


def test_a_lock_released_in_time_is_waited_for(cache):
    folder, path = cache
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    releaser = threading.Timer(0.2, lambda: holder.execute("ROLLBACK"))
    releaser.start()
    inner = CountingEncoder()
    vectors = CachedEncoder(inner, folder, lock_wait_s=3).encode(TEXTS)
    releaser.join()
    holder.close()
    assert np.array_equal(vectors, healthy()) and inner.encoded() == []


def test_padded_rows_of_the_qe_model_are_checked_up_to_their_padding():
    from mtqa.qe.crossencoder import SCORE_KINDS, _PairRunner

    kinds = len(SCORE_KINDS)
    good = np.array([0.1] * kinds + [0.2, 0.3] + [np.nan] * 4, dtype=np.float32)
    assert _PairRunner.valid_cached(good)
    assert not _PairRunner.valid_cached(np.array([np.nan] * (kinds + 3), dtype=np.float32))
    holed = good.copy()
    holed[kinds] = np.nan
    assert not _PairRunner.valid_cached(holed)
    infinite = good.copy()
    infinite[0] = np.inf
    assert not _PairRunner.valid_cached(infinite)


# --- end to end: a run on a damaged cache writes the report a healthy cache gives ---------------------


def _damage_every_cache_file(folder, how: str) -> None:
    for path in sorted(folder.glob("*.sqlite")):
        if how == "garbage":
            path.write_bytes(b"\x00garbage" * 1000)
            continue
        with sqlite3.connect(path) as db:
            keys = [key for (key,) in db.execute("SELECT key FROM vec ORDER BY key")]
            for n, key in enumerate(keys):
                bad = [None, b"\x01\x02", np.full(4, np.nan, np.float32).tobytes()][n % 3]
                db.execute("UPDATE vec SET data = ? WHERE key = ?", (bad, key))
        db.close()


def test_check_on_a_damaged_cache_writes_the_healthy_report(mtqa, tmp_path):
    from conftest import MINI_DIR

    cache_dir = tmp_path / "cache"
    reports = {}
    for step in ("healthy", "entries", "garbage"):
        if step != "healthy":
            _damage_every_cache_file(cache_dir, step)
        out = tmp_path / step
        run = mtqa("check", MINI_DIR, "-o", out, "--cache-dir", cache_dir, "--format", "jsonl")
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.describe()
        reports[step] = (out / "sentences.jsonl").read_bytes()
        if step == "garbage":
            assert "embedding cache unreadable" in run.stderr, run.describe()
    assert reports["entries"] == reports["healthy"] and reports["garbage"] == reports["healthy"]
