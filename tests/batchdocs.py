"""A small tree of documents for the runs of many documents (serial and on Dask), and how to compare runs.

``docs/a`` is the mini corpus, ``docs/b/c`` the mini corpus with another first German sentence,
``docs/bad`` a corpus folder without its target (an input error), ``docs/notes`` no corpus folder.
"""

from __future__ import annotations

from pathlib import Path

MINI_DIR = Path(__file__).parent / "data" / "mini"
FAST = ("--no-qe", "--format", "jsonl,json,md,html")


def make_docs(root: Path) -> Path:
    """The tree under ``root/docs``; returns that folder."""
    docs = root / "docs"
    for name in ("a", "b/c"):
        (docs / name).mkdir(parents=True)
        for lang in ("de", "en", "fr"):
            (docs / name / f"{lang}.txt").write_bytes((MINI_DIR / f"{lang}.txt").read_bytes())
    target = docs / "b" / "c" / "de.txt"
    target.write_text("Eine ganz neue Zeile steht am Anfang. " + target.read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "bad").mkdir()
    (docs / "bad" / "en.txt").write_bytes((MINI_DIR / "en.txt").read_bytes())
    (docs / "notes").mkdir()
    (docs / "notes" / "readme.md").write_text("Not a corpus folder.\n", encoding="utf-8")
    return docs


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def crash_first_try(job):
    """``check_document``, except that the first try at document ``b/c`` kills its process, as an
    out-of-memory kill would (a worker on Dask; the marker file says it has been tried)."""
    import os

    from mtqa.batchrun import check_document

    marker = Path(job.request.path) / ".crashed"  # hidden: mtqa neither reads nor hashes it
    if job.name == "b/c" and not marker.exists():
        marker.touch()
        os._exit(1)
    return check_document(job)


class Interrupted(Exception):
    """Stands for Ctrl-C (a real KeyboardInterrupt would stop a Dask worker's event loop, not the task)."""


def fail_after_the_others(job):
    """``check_document``, except that document ``b/c`` fails (an interrupted run) once every other
    document that has a target has its report."""
    import time

    from mtqa.batchrun import RESUME_FILE, check_document

    if job.name != "b/c":
        return check_document(job)
    others = Path(job.request.output).parent.parent / "a" / RESUME_FILE
    deadline = time.monotonic() + 120
    while not others.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    raise Interrupted(job.name)
