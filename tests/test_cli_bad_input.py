"""Bad input through the command line, as a user sees it: a subprocess, its exit status and stderr.

An input error must end with exit status 2 and exactly one stderr line ``mtqa: error: ...`` that
names the offending file or folder, never a traceback, and no report. Inputs that are odd but
usable (a version in the wrong language, far too short, only boilerplate, one enormous
"sentence") must give a report, exit 0, and say what is odd.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

MINI_DIR = Path(__file__).parent / "data" / "mini"
REPORT_FILES = ("sentences.jsonl", "sentences.csv", "summary.md", "summary.json")


def squash(text: str) -> str:
    return "".join(text.split())


def assert_input_error(run, *names: str) -> str:
    """Exit 2, one ``mtqa: error:`` line on stderr naming each of ``names``, no traceback."""
    assert run.returncode == 2, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    assert len(run.stderr_lines) == 1, run.describe()
    line = run.stderr_lines[0]
    assert line.startswith("mtqa: error: "), run.describe()
    for name in names:
        assert name in line, f"{name!r} not named in {line!r}"
    assert run.stdout == "", run.describe()
    return line


def assert_no_report(out: Path) -> None:
    for name in REPORT_FILES:
        assert not (out / name).exists(), f"{name} written despite the error"


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {lang: (MINI_DIR / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("de", "en", "fr")}


# ------------------------------------------------------------------ input errors: exit 2

RANDOM_BINARY = bytes(random.Random(1).randrange(256) for _ in range(4096)) + b"\x00" * 16
FAKE_PDF = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"stream\n\x78\x9c\x00\x01\xff\xfe\nendstream\n%%EOF\n")


@pytest.mark.parametrize("files, offending, says", [
    pytest.param({"de.txt": b"", "en.txt": "EN"}, "de.txt", "empty", id="empty-target"),
    pytest.param({"de.txt": "DE", "en.txt": b""}, "en.txt", "empty", id="empty-version"),
    pytest.param({"de.txt": "DE", "en.txt": b"  \n\t\n   \r\n\n"}, "en.txt", "whitespace", id="whitespace-only-version"),
    pytest.param({"de.txt": b" \n\n \t ", "en.txt": "EN"}, "de.txt", "whitespace", id="whitespace-only-target"),
    pytest.param({"de.txt": "DE", "en.txt": RANDOM_BINARY}, "en.txt", "binary", id="binary-version-with-nuls"),
    pytest.param({"de.txt": "DE", "en.txt": FAKE_PDF}, "en.txt", "PDF", id="pdf-version"),
    pytest.param({"de.txt": "Der Hafen von Kiel erwacht früh. Über dem Wasser kreisen Möwen; es ist schön.\n"
                  .encode("latin-1"), "en.txt": "EN"}, "de.txt", "UTF-8", id="latin1-target"),
    pytest.param({"de.txt": "DE", "en.txt": "The café in Köln serves crème brûlée à la carte.\n"
                  .encode("latin-1")}, "en.txt", "UTF-8", id="latin1-version"),
    pytest.param({"de.txt": "DE", "en.txt": "SPARSE"}, "en.txt", "too large", id="too-large-version"),
])
def test_bad_file_is_an_input_error(mtqa, tmp_path, texts, files, offending, says):
    """Exit 2 and one line that names the file and says what is wrong with it."""
    for name, content in files.items():
        if content == "SPARSE":  # 51 MiB without writing 51 MiB: over the 50 MiB limit
            with open(tmp_path / name, "wb") as handle:
                handle.truncate(51 * 1024 * 1024)
            continue
        data = {"DE": texts["de"], "EN": texts["en"]}.get(content, content) if isinstance(content, str) else content
        (tmp_path / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    run = mtqa("check", "de.txt", "--version", "en.txt", "-o", "out", "--no-second-opinion", "--no-cache",
               cwd=tmp_path)
    line = assert_input_error(run, offending)
    assert says in line, line
    assert_no_report(tmp_path / "out")


def test_bad_file_in_a_corpus_folder_is_an_input_error(mtqa, tmp_path, texts, make_corpus):
    corpus = make_corpus(tmp_path / "corpus", {"de.txt": texts["de"], "en.txt": texts["en"], "fr.txt": FAKE_PDF})
    run = mtqa("check", "corpus", "-o", "out", "--no-second-opinion", "--no-cache", cwd=tmp_path)
    line = assert_input_error(run, str(Path("corpus") / "fr.txt"))
    assert "PDF" in line
    assert_no_report(tmp_path / "out")
    assert corpus.is_dir()


def test_missing_version_file(mtqa, tmp_path, texts):
    (tmp_path / "de.txt").write_text(texts["de"], encoding="utf-8")
    run = mtqa("check", "de.txt", "--version", "it.txt", "-o", "out", "--no-second-opinion", "--no-cache",
               cwd=tmp_path)
    line = assert_input_error(run, "it.txt")
    assert "not found" in line
    assert_no_report(tmp_path / "out")


def test_missing_target_file(mtqa, tmp_path, texts):
    (tmp_path / "en.txt").write_text(texts["en"], encoding="utf-8")
    run = mtqa("check", "nowhere/de.txt", "--version", "en.txt", "-o", "out", "--no-second-opinion",
               "--no-cache", cwd=tmp_path)
    line = assert_input_error(run, str(Path("nowhere") / "de.txt"))
    assert "not found" in line
    assert_no_report(tmp_path / "out")


def test_missing_folder(mtqa, tmp_path):
    run = mtqa("check", "no-such-corpus", "-o", "out", "--no-second-opinion", "--no-cache", cwd=tmp_path)
    assert_input_error(run, "no-such-corpus")
    assert_no_report(tmp_path / "out")


def test_missing_folder_message_says_not_found(mtqa, tmp_path):
    run = mtqa("check", "no-such-corpus", "-o", "out", "--no-second-opinion", "--no-cache", cwd=tmp_path)
    line = assert_input_error(run, "no-such-corpus")
    assert "not found" in line


def test_input_error_creates_no_output_folder(mtqa, tmp_path, texts):
    (tmp_path / "en.txt").write_text(texts["en"], encoding="utf-8")
    (tmp_path / "de.txt").write_bytes(b"")
    run = mtqa("check", "de.txt", "--version", "en.txt", "-o", "out", "--no-second-opinion", "--no-cache",
               cwd=tmp_path)
    assert_input_error(run, "de.txt")
    assert not (tmp_path / "out").exists()


def test_folder_without_target_text(mtqa, tmp_path, texts, make_corpus):
    make_corpus(tmp_path / "corpus", {"en.txt": texts["en"], "fr.txt": texts["fr"]})
    run = mtqa("check", "corpus", "-o", "out", "--no-second-opinion", "--no-cache", cwd=tmp_path)
    line = assert_input_error(run, "corpus")
    assert "de.txt" in line and "en" in line and "fr" in line  # what is missing and what was found
    assert_no_report(tmp_path / "out")


def test_folder_with_only_the_target_is_an_input_error(mtqa, tmp_path, texts, make_corpus):
    make_corpus(tmp_path / "corpus", {"de.txt": texts["de"]})
    run = mtqa("check", "corpus", "-o", "out", "--no-second-opinion", "--no-cache", cwd=tmp_path)
    assert_input_error(run, "corpus")
    assert_no_report(tmp_path / "out")


def test_output_inside_a_regular_file(mtqa, tmp_path, texts):
    (tmp_path / "de.txt").write_text(texts["de"], encoding="utf-8")
    (tmp_path / "en.txt").write_text(texts["en"], encoding="utf-8")
    (tmp_path / "somefile.txt").write_text("not a folder\n", encoding="utf-8")
    run = mtqa("check", "de.txt", "-v", "en.txt", "-o", "somefile.txt/sub", "--no-second-opinion", "--no-cache",
               cwd=tmp_path)
    assert_input_error(run, str(Path("somefile.txt") / "sub"))
    assert (tmp_path / "somefile.txt").read_text(encoding="utf-8") == "not a folder\n"


def test_output_is_an_existing_regular_file(mtqa, tmp_path, texts):
    (tmp_path / "de.txt").write_text(texts["de"], encoding="utf-8")
    (tmp_path / "en.txt").write_text(texts["en"], encoding="utf-8")
    (tmp_path / "report.txt").write_text("keep me\n", encoding="utf-8")
    run = mtqa("check", "de.txt", "-v", "en.txt", "-o", "report.txt", "--no-second-opinion", "--no-cache",
               cwd=tmp_path)
    assert_input_error(run, "report.txt")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("entry_point", [False, True], ids=["python-m", "console-script"])
def test_target_without_versions(mtqa, tmp_path, texts, entry_point):
    (tmp_path / "de.txt").write_text(texts["de"], encoding="utf-8")
    run = mtqa("check", "de.txt", "-o", "out", "--no-cache", cwd=tmp_path, entry_point=entry_point)
    line = assert_input_error(run, "de.txt")
    assert "--version" in line  # tells the user how to give one
    assert_no_report(tmp_path / "out")


# ------------------------------------------------------------------ odd but usable: a sane report


def assert_report(run, out: Path) -> None:
    assert run.returncode == 0, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    for name in REPORT_FILES:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name


def target_rows(out: Path) -> list[dict]:
    rows = [json.loads(line) for line in (out / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["kind"] == "target"]


def warnings_in(run, out: Path) -> tuple[list[str], str]:
    stderr_warnings = [line for line in run.stderr_lines if line.startswith("mtqa: warning: ")]
    summary_md = (out / "summary.md").read_text(encoding="utf-8")
    return stderr_warnings, summary_md


def test_version_in_the_wrong_language_is_warned_about(mtqa, tmp_path, texts, make_corpus, shared_cache):
    make_corpus(tmp_path / "corpus", {"de.txt": texts["de"], "en.txt": texts["en"], "fr.txt": texts["de"]})
    out = tmp_path / "out"
    run = mtqa("check", "corpus", "-o", out, "--no-second-opinion", "--cache-dir", shared_cache, cwd=tmp_path)
    assert_report(run, out)
    stderr_warnings, summary_md = warnings_in(run, out)
    fr_warnings = [w for w in stderr_warnings if "fr.txt" in w]
    assert fr_warnings and all("'fr'" in w and "'de'" in w for w in fr_warnings), run.describe()
    warning_section = summary_md.split("## Warnings", 1)[-1]
    assert "## Warnings" in summary_md and "fr.txt" in warning_section and "'de'" in warning_section
    assert not any("en.txt" in w for w in stderr_warnings), "the faithful English version got a warning"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["versions"]["fr"]["warnings"] and not summary["versions"]["en"]["warnings"]


def test_version_far_shorter_than_the_target(mtqa, tmp_path, texts, make_corpus, shared_cache):
    one = "The small harbour of Kiel wakes up early in the morning.\n"
    make_corpus(tmp_path / "corpus", {"de.txt": texts["de"], "en.txt": one})
    out = tmp_path / "out"
    run = mtqa("check", "corpus", "-o", out, "--no-second-opinion", "--cache-dir", shared_cache, cwd=tmp_path)
    assert_report(run, out)
    stderr_warnings, summary_md = warnings_in(run, out)
    assert any("en.txt" in w and "1" in w and "8" in w for w in stderr_warnings), run.describe()
    assert "en.txt" in summary_md.split("## Warnings", 1)[-1] and "## Warnings" in summary_md
    rows = target_rows(out)
    assert [r["id"] for r in rows] == [f"de:{i}" for i in range(8)]
    assert "".join(squash(r["text"]) for r in rows) == squash(texts["de"])
    shown = sorted({i for r in rows for i in r["versions"]["en"]["sentences"]})
    assert shown == [0]
    assert rows[0]["versions"]["en"]["sentences"] == [0]


def test_target_that_is_only_boilerplate(mtqa, tmp_path, texts, make_corpus, shared_cache):
    de = "2024-08-25\n\nEnglish | Deutsch | Français | Español | Italiano\n"
    make_corpus(tmp_path / "corpus", {"de.txt": de, "en.txt": texts["en"]})
    out = tmp_path / "out"
    run = mtqa("check", "corpus", "-o", out, "--no-second-opinion", "--cache-dir", shared_cache, cwd=tmp_path)
    assert_report(run, out)
    stderr_warnings, summary_md = warnings_in(run, out)
    assert any("de.txt" in w and "no article content" in w for w in stderr_warnings), run.describe()
    assert "no article content" in summary_md
    rows = target_rows(out)
    assert [r["text"] for r in rows] == ["2024-08-25", "English | Deutsch | Français | Español | Italiano"]
    assert all(r["boilerplate"] for r in rows)


def test_one_huge_sentence_without_punctuation(mtqa, tmp_path, make_corpus, shared_cache):
    rng = random.Random(20240825)
    words = ("haus baum wasser stadt hafen schiff fisch morgen abend kinder musik strasse brücke "
             "wolke sonne regen wind möwe netz boot").split()
    pieces, size = [], 0
    while size < 200_000:
        pieces.append(rng.choice(words))
        size += len(pieces[-1].encode("utf-8")) + 1
    de = " ".join(pieces)
    assert len(de.encode("utf-8")) >= 200_000 and not any(c in de for c in ".!?;:")
    make_corpus(tmp_path / "corpus", {"de.txt": de, "en.txt": "The harbour is beautiful in the morning.\n"})
    out = tmp_path / "out"
    run = mtqa("check", "corpus", "-o", out, "--no-second-opinion", "--cache-dir", tmp_path / "cache",
               cwd=tmp_path, timeout=240)
    assert_report(run, out)
    rows = target_rows(out)
    assert "".join(squash(r["text"]) for r in rows) == squash(de)
    assert [r["id"] for r in rows] == [f"de:{i}" for i in range(len(rows))]
