#!/usr/bin/env python3
"""Many documents and long ``score`` files: serial against a local Dask cluster of 1 and 2 workers.

The documents are built from the seed article the project ships (``metrics/bench_corpus.py``), each
made unique by its number in every sentence's code, so that the embedding cache of a run has to
encode every sentence; the ``score`` file pairs the seed's English and German paragraphs, one per
line, each coded apart. Every measured command is a fresh ``mtqa`` process with an empty cache
folder; a sampler reads the resident memory of the process and of every process it starts (the
Dask workers) every 0.2 s, so the table gives the peak of the main process and of the largest worker.

The Dask overhead is the 1-worker run's time over that of a serial run with numpy's BLAS held to one
thread, minus one: Dask's nanny starts each worker with OMP_NUM_THREADS=1 (and the MKL and OpenBLAS
equivalents), so that is the like-for-like serial run. It includes starting the cluster and loading
the models in the worker. The plain serial run, which lets BLAS use every core, is in the table too. The 50-worker line is arithmetic, not a
measurement: the per-document time of the 1-worker run divided by 50, plus the scheduler's own cost
per task (Dask's documentation gives about 1 ms), as if the cores, the file system and the cache
kept up.

Run from the repository root on a quiet machine::

    .venv/bin/python metrics/scale_benchmark.py                       # 200 documents, 20,000 lines; writes metrics/results/scale.md
    .venv/bin/python metrics/scale_benchmark.py --documents 3 --sentences 10 --lines 50 --out /tmp/scale.md   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "metrics"))
DEFAULT_OUT = REPO_ROOT / "metrics" / "results" / "scale.md"
SCHEDULER_COST_S = 0.001  # per task, from Dask's documentation ("Overhead: around 1ms per task")
TARGET_WORKERS = 50
_CODE = re.compile(r"([（(])(\d+-\d+)([）)])")


def build_documents(root: Path, documents: int, sentences: int) -> int:
    """``documents`` corpus folders (de, en, fr) under ``root``; returns the German sentences in all."""
    from bench_corpus import build_corpus

    template = root / ".template"
    count = build_corpus(template, sentences, ["en", "fr"])
    for i in range(documents):
        folder = root / f"doc{i:05d}"
        folder.mkdir(parents=True)
        for file in template.iterdir():
            text = _CODE.sub(lambda m: f"{m[1]}{i}.{m[2]}{m[3]}", file.read_text(encoding="utf-8"))
            (folder / file.name).write_text(text, encoding="utf-8")
    return count * documents


def build_lines(folder: Path, lines: int) -> tuple[Path, Path]:
    """``src.en`` and ``mt.de``, ``lines`` paragraph pairs of the seed, each coded apart."""
    from bench_corpus import coded, seed_paragraphs

    english, german = (seed_paragraphs(lang) for lang in ("en", "de"))
    pairs = min(len(english), len(german))
    source, target = folder / "src.en", folder / "mt.de"
    with source.open("w", encoding="utf-8") as src, target.open("w", encoding="utf-8") as tgt:
        for i in range(lines):
            p, code = i % pairs, f"{i // pairs + 1}-{i % pairs + 1}"
            src.write(" ".join(coded(s, code, "en") for s in english[p]) + "\n")
            tgt.write(" ".join(coded(s, code, "de") for s in german[p]) + "\n")
    return source, target


class PeakMemory:
    """The peak resident memory of a process and, separately, of the largest of its descendants."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process, self.own, self.child = psutil.Process(pid), 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.wait(0.2):
            try:
                self.own = max(self.own, self.process.memory_info().rss)
                for child in self.process.children(recursive=True):
                    self.child = max(self.child, child.memory_info().rss)
            except psutil.Error:
                pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}


def measure(args: list[str], cwd: Path, one_thread: bool = False) -> dict:
    """Wall time and peak memory of one ``mtqa`` command, with an empty cache folder of its own
    (``one_thread``: numpy's BLAS held to one thread, as Dask holds each worker's)."""
    cache = tempfile.mkdtemp(prefix="cache-", dir=cwd)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
           **(ONE_THREAD if one_thread else {})}
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "mtqa.cli", *args, "--cache-dir", cache], cwd=cwd, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(child.pid)
    _, stderr = child.communicate()
    memory.stop()
    seconds = time.monotonic() - started
    if child.returncode not in (0, 1):
        raise SystemExit(f"mtqa {' '.join(args)} failed ({child.returncode}):\n{stderr[-2000:]}")
    return {"seconds": seconds, "main_mb": memory.own / 2**20, "worker_mb": memory.child / 2**20}


def run(options: argparse.Namespace) -> str:
    work = Path(tempfile.mkdtemp(prefix="mtqa-scale-"))
    sentences = build_documents(work / "docs", options.documents, options.sentences)
    build_lines(work, options.lines)
    check = ["check", "docs", "--recursive", "-q", *(() if options.qe else ("--no-qe",))]
    score = ["score", "-s", "src.en", "-t", "mt.de", "--src-lang", "en", "--tgt-lang", "de", "--scorer", options.scorer]
    rows = []
    runs = [("serial", (), False), (SERIAL_ONE_THREAD, (), True),
            *((f"{n} worker{'s' * (n > 1)}", ("--workers", str(n)), False) for n in options.workers)]
    for label, extra, one_thread in runs:
        doc = measure([*check, *extra, "-o", f"out-{label.replace(' ', '-').replace(',', '')}"], work, one_thread)
        lines = measure([*score, *extra], work, one_thread)
        rows.append((label, doc, lines))
    return report(options, sentences, rows)


SERIAL_ONE_THREAD = "serial, one BLAS thread"


def report(options: argparse.Namespace, sentences: int, rows: list) -> str:
    serial = next(doc for label, doc, _ in rows if label == SERIAL_ONE_THREAD)["seconds"]
    one = next((doc for label, doc, _ in rows if label == "1 worker"), None)
    lines = [f"# Many documents and Dask: `mtqa check --recursive`, `mtqa score`", "",
             f"{_dt.date.today()}, {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}; {options.documents} documents of {options.sentences}+ German "
             f"sentences (de, en, fr; {sentences} German sentences in all), quality estimation "
             f"{'on' if options.qe else 'off'}; `score --scorer {options.scorer}` on {options.lines} lines. "
             "Every run in a fresh process with an empty cache folder.", "",
             "| run | check: s | documents/s | sentences/s | peak MB main | peak MB per worker | score: s | lines/s | "
             "peak MB main | peak MB per worker |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label, doc, score in rows:
        lines.append(f"| {label} | {doc['seconds']:.1f} | {options.documents / doc['seconds']:.2f} | "
                     f"{sentences / doc['seconds']:.1f} | {doc['main_mb']:.0f} | {doc['worker_mb']:.0f} | "
                     f"{score['seconds']:.1f} | {options.lines / score['seconds']:.1f} | {score['main_mb']:.0f} | "
                     f"{score['worker_mb']:.0f} |")
    if one is not None:
        per_document = one["seconds"] / options.documents
        projected = options.documents * (per_document / TARGET_WORKERS + SCHEDULER_COST_S)
        lines += ["", f"Dask overhead at 1 worker against the serial run with one BLAS thread, as a Dask worker has: "
                  f"{100 * (one['seconds'] / serial - 1):+.0f} % (starting the cluster and loading the models in the "
                  "worker included); the plain serial run (first row) lets numpy use every core.", "",
                  f"On paper, {TARGET_WORKERS} workers: {per_document:.2f} s per document and worker, plus "
                  f"{SCHEDULER_COST_S * 1000:.0f} ms of scheduler time per task, gives {projected:.1f} s for "
                  f"{options.documents} documents, about {options.documents / projected:.1f} documents/s; the "
                  f"scheduler alone would cap a run at about {1 / SCHEDULER_COST_S:.0f} tasks/s. Not measured: it "
                  "assumes that the file system and each worker's cache keep up."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200, help="generated documents [200]")
    parser.add_argument("--sentences", type=int, default=10, help="German sentences per document, at least [10]")
    parser.add_argument("--lines", type=int, default=20_000, help="lines of the score file [20000; 100000 takes ~75 min a row here]")
    parser.add_argument("--workers", type=lambda v: [int(n) for n in v.split(",")], default=[1, 2],
                        help="local Dask cluster sizes, comma-separated [1,2]")
    parser.add_argument("--scorer", default="qe-fast",
                        help="the score command's scorer [qe-fast; qe, the default of score, takes ~3 h a row here]")
    parser.add_argument("--qe", action="store_true", help="quality estimation in the check runs too")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the table [{DEFAULT_OUT.relative_to(REPO_ROOT)}]")
    options = parser.parse_args()
    text = run(options)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
