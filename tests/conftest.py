"""Shared fixtures for the command-line tests: run ``mtqa`` as a user would, in a subprocess.

Every run gets ``MTQA_CACHE_DIR`` and ``XDG_CACHE_HOME`` pointing into pytest's temporary
folder, so no test reads or writes ``~/.cache`` even if it forgets ``--cache-dir``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

MINI_DIR = Path(__file__).parent / "data" / "mini"
REPO_ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT_S = 300


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a test that takes more than about 30 seconds")


@dataclass
class Run:
    """What a finished ``mtqa`` process left behind."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def stderr_lines(self) -> list[str]:
        return self.stderr.splitlines()

    def describe(self) -> str:
        return (f"mtqa {' '.join(self.args)} -> exit {self.returncode}\n"
                f"--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}")


@pytest.fixture(scope="session")
def mtqa_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home_cache = tmp_path_factory.mktemp("xdg-cache")
    env = dict(os.environ)
    env["MTQA_CACHE_DIR"] = str(home_cache / "mtqa")
    env["XDG_CACHE_HOME"] = str(home_cache)
    env["PYTHONIOENCODING"] = "utf-8"
    # The repository root on the path, so `python -m mtqa.cli` finds this checkout's mtqa.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


@pytest.fixture(scope="session")
def mtqa(mtqa_env: dict[str, str]) -> Callable[..., Run]:
    """``mtqa(*args, cwd=None, entry_point=False)`` runs the CLI in a subprocess and returns a ``Run``.

    By default it runs ``python -m mtqa.cli``; with ``entry_point=True`` the installed ``mtqa``
    console script next to this Python.
    """
    import time

    def run(*args: str | Path, cwd: str | Path | None = None, entry_point: bool = False,
            timeout: float = RUN_TIMEOUT_S) -> Run:
        str_args = [str(a) for a in args]
        if entry_point:
            script = Path(sys.executable).parent / "mtqa"
            assert script.exists(), f"console script not installed at {script}"
            command = [str(script), *str_args]
        else:
            command = [sys.executable, "-m", "mtqa.cli", *str_args]
        started = time.monotonic()
        done = subprocess.run(command, cwd=cwd, env=mtqa_env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=timeout)
        return Run(str_args, done.returncode, done.stdout, done.stderr, time.monotonic() - started)

    return run


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedding cache shared by runs whose embeddings may be reused (never ~/.cache)."""
    return tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture(scope="session")
def mini_texts() -> dict[str, str]:
    """The small invented corpus: German target (8 sentences, 3 paragraphs), English, French."""
    return {lang: (MINI_DIR / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("de", "en", "fr")}


def write_corpus(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``folder`` with the given files (str is written as UTF-8, bytes as they are)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return folder


@pytest.fixture(scope="session")
def make_corpus() -> Callable[[Path, dict[str, str | bytes]], Path]:
    return write_corpus


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def load_rows() -> Callable[[Path], list[dict[str, Any]]]:
    """``load_rows(report_dir)``: the rows of ``report_dir/sentences.jsonl``."""
    return lambda report_dir: read_jsonl(Path(report_dir) / "sentences.jsonl")


def squash(text: str) -> str:
    """The text with all whitespace removed, for whitespace-insensitive comparisons."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def assert_target_covered() -> Callable[[list[dict[str, Any]], str, str], None]:
    """``assert_target_covered(rows, target_text, lang)``: each target sentence exactly once, in
    order, ids ``<lang>:0..``, and together (whitespace aside) exactly the target text."""

    def check(rows: list[dict[str, Any]], target_text: str, lang: str = "de") -> None:
        targets = [r for r in rows if r["kind"] == "target"]
        assert targets, "no target rows in the report"
        assert [r["id"] for r in targets] == [f"{lang}:{i}" for i in range(len(targets))]
        assert [r["index"] for r in targets] == list(range(len(targets)))
        assert all(r["lang"] == lang for r in targets)
        rebuilt = "".join(squash(r["text"]) for r in targets)
        expected = squash(target_text)
        if rebuilt != expected:
            at = next((i for i, (a, b) in enumerate(zip(rebuilt, expected)) if a != b),
                      min(len(rebuilt), len(expected)))
            pytest.fail(f"target sentences do not rebuild the target text: first difference at "
                        f"{at}: report {rebuilt[at:at + 60]!r} vs file {expected[at:at + 60]!r} "
                        f"(lengths {len(rebuilt)} and {len(expected)})")

    return check


@pytest.fixture(scope="session")
def version_indices() -> Callable[[list[dict[str, Any]], str], list[int]]:
    """``version_indices(rows, lang)``: every index of a ``lang`` version sentence the report shows,
    sorted, repeats kept: the version side of each aligned unit (from target rows'
    ``versions[lang].sentences``) plus the unaligned-version rows.

    A unit with n target sentences shows up in n consecutive target rows with the same entry; it
    is counted once, and the run must be exactly as long as the unit's ``n-m`` alignment says.
    """

    def collect(rows: list[dict[str, Any]], lang: str) -> list[int]:
        indices: list[int] = []
        targets = [r for r in rows if r["kind"] == "target"]
        k = 0
        while k < len(targets):
            entry = targets[k]["versions"][lang]
            run = 1
            while k + run < len(targets) and targets[k + run]["versions"][lang] == entry:
                run += 1
            n_target, n_version = (int(x) for x in entry["alignment"].split("-"))
            if entry["sentences"]:
                assert run == n_target, f"{lang} unit {entry} spans {run} target rows from {targets[k]['id']}"
            assert len(entry["sentences"]) == n_version, f"{lang} entry {entry} at {targets[k]['id']}"
            indices.extend(entry["sentences"])
            k += run if entry["sentences"] else 1
        indices += [r["index"] for r in rows if r["kind"] == "unaligned-version" and r["lang"] == lang]
        return sorted(indices)

    return collect
