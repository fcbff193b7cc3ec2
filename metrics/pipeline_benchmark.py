#!/usr/bin/env python3
"""Wall time per stage and peak memory of ``mtqa check`` on large documents, cold and warm cache.

The documents are built from the seed article the project ships (``metrics/bench_corpus.py``: the
article repeated, every sentence made unique) with 1 version (English) or 3 (English, French,
Chinese). Each run is a fresh process (``--one``) that runs the pipeline under a
``mtqa.stageclock.StageClock`` and prints its stage times; the parent records the child's peak
resident memory (``wait4``). For each size and version count: a *cold* run with an empty cache
folder, then a *warm* run with the cache it filled. The default options are used (no e5 second
opinion) except quality estimation, which is off for the aims and timed separately with ``--qe``.

The growth exponent of a stage is the slope of log(time) against log(sentences) over the sizes run
(1 = linear; a stage that grows faster than n·log n, about 1.1 over these sizes, is a bug to explain);
stages under 0.2 s at every size are left out as noise.

Run from the repository root::

    .venv/bin/python metrics/pipeline_benchmark.py                        # 1k, 5k, 10k; writes metrics/results/pipeline.md
    .venv/bin/python metrics/pipeline_benchmark.py --sizes 1000 --versions 1 --out /tmp/p.md   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "metrics"))
DEFAULT_OUT = REPO_ROOT / "metrics" / "results" / "pipeline.md"
VERSION_SETS = {1: ["en"], 3: ["en", "fr", "zh"]}
NOISE_S = 0.2


def run_one(folder: Path, cache: Path, report: Path, qe: str | None) -> dict:
    """Run the pipeline in this process; returns the stage seconds and the total."""
    from mtqa.config import CheckConfig
    from mtqa.pipeline import CheckRequest, run_check
    from mtqa.stageclock import StageClock

    request = CheckRequest(folder, cache_dir=str(cache), output=report, quality_estimation=qe, config=CheckConfig())
    started = time.perf_counter()
    with StageClock() as clock:
        run_check(request, warn=lambda message: None)
    total = time.perf_counter() - started
    return {"stages": clock.seconds, "total": total}


def measured_run(folder: Path, cache: Path, report: Path, qe: str | None) -> dict:
    """``run_one`` in a child process; adds its peak resident memory in MB."""
    command = [sys.executable, __file__, "--one", str(folder), "--cache", str(cache), "--report", str(report)]
    if qe:
        command += ["--qe", qe]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=REPO_ROOT)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"run failed ({child.returncode}): {shlex.join(command)}")
    result = json.loads(out)
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def grouped(stages: dict[str, float]) -> dict[str, float]:
    """Stage times with the checks summed into one 'checks' row (each check also kept)."""
    out = dict(stages)
    out["checks (all)"] = sum(v for k, v in stages.items() if k.startswith("check "))
    return out


def exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) on log(size); None when too small to measure."""
    points = [(math.log(n), math.log(s)) for n, s in zip(sizes, seconds) if s > 0]
    if len(points) < 2 or max(seconds) < NOISE_S:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else None


def help_seconds() -> float:
    """Wall time of ``mtqa --help`` (best of 5, a fresh interpreter each time)."""
    best = math.inf
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "mtqa"), "--help"], capture_output=True, check=True, cwd=REPO_ROOT)
        best = min(best, time.perf_counter() - started)
    return best


def run_matrix(sizes: list[int], version_counts: list[int], qe: str | None, work: Path) -> list[dict]:
    from bench_corpus import build_corpus

    rows = []
    for count in version_counts:
        for size in sizes:
            folder = work / f"doc-{size}-{count}"
            sentences = build_corpus(folder, size, VERSION_SETS[count])
            cache = work / f"cache-{size}-{count}"
            shutil.rmtree(cache, ignore_errors=True)  # cold means cold, also in a reused --work folder
            for state in ("cold", "warm"):
                print(f"{sentences} sentences × {count} versions, {state} …", file=sys.stderr, flush=True)
                result = measured_run(folder, cache, work / f"report-{size}-{count}-{state}", qe)
                rows.append({"sentences": sentences, "versions": count, "cache": state, **result})
                print(f"  {result['total']:.1f} s, {result['peak_mb']:.0f} MB", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> list[str]:
    """One column per run, one row per stage (seconds), then total and peak memory."""
    names: list[str] = []
    for row in rows:
        for name in grouped(row["stages"]):
            if name not in names:
                names.append(name)
    names.sort(key=lambda n: (n.startswith("check "), n))
    head = [f"{r['sentences']:,}×{r['versions']} {r['cache']}" for r in rows]
    lines = ["| stage | " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(rows)]
    for name in names:
        values = [grouped(r["stages"]).get(name, 0.0) for r in rows]
        if max(values) < 0.05:
            continue
        lines.append(f"| {name} | " + " | ".join(f"{v:.1f}" for v in values) + " |")
    other = [r["total"] - sum(r["stages"].values()) for r in rows]
    lines.append("| (outside any stage: imports, model loading) | " + " | ".join(f"{v:.1f}" for v in other) + " |")
    lines.append("| **total (s)** | " + " | ".join(f"**{r['total']:.1f}**" for r in rows) + " |")
    lines.append("| peak memory (MB) | " + " | ".join(f"{r['peak_mb']:.0f}" for r in rows) + " |")
    lines.append("| target sentences / s | " + " | ".join(f"{r['sentences'] / r['total']:.0f}" for r in rows) + " |")
    return lines


def exponents(rows: list[dict]) -> list[str]:
    """Growth exponent per stage, per version count and cache state, over the sizes run."""
    lines = []
    for count in sorted({r["versions"] for r in rows}):
        for state in ("cold", "warm"):
            runs = [r for r in rows if r["versions"] == count and r["cache"] == state]
            if len({r["sentences"] for r in runs}) < 2:
                continue
            sizes = [r["sentences"] for r in runs]
            names = sorted({n for r in runs for n in grouped(r["stages"])})
            found = []
            for name in names:
                k = exponent(sizes, [grouped(r["stages"]).get(name, 0.0) for r in runs])
                if k is not None:
                    found.append(f"{name} {k:.2f}")
            lines.append(f"- {count} version(s), {state}: " + ", ".join(found))
    return lines


def write_report(rows: list[dict], help_s: float, command: str, out: Path, qe: str | None) -> None:
    cpu = os.cpu_count()
    lines = [
        "# Pipeline benchmark: wall time per stage and peak memory",
        "",
        f"Generated by `{command}` on {_dt.date.today().isoformat()}, {platform.machine()}, {cpu} CPU cores, "
        f"Python {platform.python_version()}. Documents: the seed article repeated with every sentence made unique "
        "(`metrics/bench_corpus.py`); versions: 1 = English, 3 = English, French, Chinese. Default options "
        f"(no e5 second opinion), quality estimation {'`' + qe + '`' if qe else 'off'}. Cold: an empty cache folder; "
        "warm: the same run again with the cache the cold run filled. Seconds per stage, each stage *excluding* the "
        "stages nested in it (`mtqa.stageclock`).",
        "",
        *table(rows),
        "",
        "Growth exponents (slope of log time on log sentences; 1 = linear):",
        "",
        *exponents(rows),
        "",
        f"`mtqa --help`: {help_s:.2f} s (best of 5).",
        "",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")


def _results_args(argv: list[str]) -> list[str]:
    """The arguments that shape the results (not where the files go), for the table's command line."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--work", "--out"):
            skip = True
        elif not arg.startswith(("--work=", "--out=")):
            out.append(arg)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="target sentence counts, comma-separated")
    parser.add_argument("--versions", default="1,3", help="version counts (1 and/or 3)")
    parser.add_argument("--qe", default=None, help="quality estimation model (qe, qe-fast); default off")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--work", type=Path, default=None, help="folder for the documents, caches and reports")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.cache, args.report, args.qe)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    counts = [int(c) for c in args.versions.split(",")]
    command = "python metrics/pipeline_benchmark.py " + shlex.join(_results_args(sys.argv[1:]))
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as temp:
        work = args.work or Path(temp)
        rows = run_matrix(sizes, counts, args.qe, work)
    write_report(rows, help_seconds(), command.strip(), args.out, args.qe)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
