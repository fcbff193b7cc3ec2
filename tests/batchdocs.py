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
