"""``mtqa check docs/ --recursive`` and ``mtqa check manifest.csv``: many documents in one run, serially.

Every run works in its own temporary folder with relative paths, as a user would, so that the
reports of two runs can be compared byte for byte.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from batchdocs import FAST, MINI_DIR, make_docs, tree_bytes
from conftest import read_jsonl


@pytest.fixture(scope="module")
def first_run(mtqa, tmp_path_factory):
    """docs/ checked once, with the gate set; the run folder is copied aside before later tests touch it."""
    work = tmp_path_factory.mktemp("many")
    make_docs(work)
    cache = work / "cache"
    run = mtqa("check", "docs", "--recursive", "-o", "out", "--cache-dir", cache, "--fail-on", "major", *FAST, cwd=work)
    shutil.copytree(work / "out", work / "first")
    return work, run


def test_every_corpus_folder_gets_its_report_and_a_line_in_the_index(first_run):
    work, run = first_run
    assert "Traceback" not in run.stderr, run.describe()
    entries = read_jsonl(work / "first" / "index.jsonl")
    assert [e["document"] for e in entries] == ["a", "b/c", "bad"]
    a, c, bad = entries
    assert (a["target"], a["versions"], a["sentences"], a["status"]) == ("docs/a/de.txt", ["en", "fr"], 8, "review")
    assert c["sentences"] == 9 and c["report"] == "b/c/"
    for entry in (a, c):
        summary = json.loads((work / "first" / entry["report"] / "summary.json").read_text(encoding="utf-8"))
        assert entry["sentences"] == summary["target"]["sentences"]
        assert [entry[s] for s in ("ok", "review", "critical")] == [summary["status"][s] for s in ("ok", "review", "critical")]
    assert bad["status"] == "error" and bad["report"] is None
    assert bad["error"].startswith("docs/bad: no target text de.txt in the folder")
    assert not (work / "first" / "bad").exists() and not (work / "first" / "notes").exists()
    html = (work / "first" / "index.html").read_text(encoding="utf-8")
    assert 'href="a/report.html"' in html and 'href="b/c/report.html"' in html and "no target text de.txt" in html


def test_a_bad_input_exits_2_after_the_run_and_the_gate_names_failing_documents(first_run):
    work, run = first_run
    assert run.returncode == 2, run.describe()  # a bad input wins over the failed gate
    assert "mtqa: error: docs/bad: no target text de.txt" in run.stderr
    gate_lines = [line for line in run.stderr_lines if line.startswith("mtqa: gate failed")]
    assert gate_lines == ["mtqa: gate failed (fail-on major): 1 document: b/c (1 sentence)"], run.describe()
    summary = json.loads((work / "first" / "summary.json").read_text(encoding="utf-8"))
    assert summary["gate"] == {"settings": "fail-on major", "passed": False, "failing_documents": ["b/c"]}
    assert summary["documents"] == 3 and summary["status"]["error"] == 1
    assert summary["sentences"]["total"] == 17
    assert [e["document"] for e in summary["input_errors"]] == ["bad"]
    assert "mtqa: [3/3]" in run.stderr


def test_each_report_is_the_one_a_single_check_writes(first_run, mtqa):
    work, _ = first_run
    single = mtqa("check", "docs/b/c", "-o", "single", "--cache-dir", work / "cache", "--fail-on", "major", *FAST,
                  cwd=work)
    assert single.returncode == 1, single.describe()
    batch = tree_bytes(work / "first" / "b" / "c")
    assert batch.pop("resume.json")
    assert batch == tree_bytes(work / "single")


def test_a_rerun_skips_unchanged_documents_and_reruns_a_changed_one(first_run, mtqa):
    work, _ = first_run
    shutil.rmtree(work / "out")
    shutil.copytree(work / "first", work / "out")
    (work / "docs" / "bad" / "de.txt").write_bytes((MINI_DIR / "de.txt").read_bytes())
    run = mtqa("check", "docs", "--recursive", "-o", "out", "--cache-dir", work / "cache", "--fail-on", "major", *FAST,
               cwd=work)
    assert run.returncode == 1, run.describe()
    assert "a: skipped, unchanged since its report" in run.stderr and "b/c: skipped" in run.stderr
    assert "bad: 8 sentences" in run.stderr
    assert "2 unchanged since their reports" in run.stdout
    first, now = tree_bytes(work / "first"), tree_bytes(work / "out")
    assert {k: v for k, v in now.items() if k.startswith(("a/", "b/"))} == \
           {k: v for k, v in first.items() if k.startswith(("a/", "b/"))}
    assert (work / "out" / "bad" / "report.html").is_file()
    assert read_jsonl(work / "out" / "index.jsonl")[2]["error"] is None
    changed = mtqa("check", "docs", "--recursive", "-o", "out", "--cache-dir", work / "cache", "--fail-on", "critical",
                   *FAST, cwd=work)
    assert changed.returncode == 0 and "skipped" not in changed.stderr, changed.describe()  # the gate is a setting


def test_a_manifest_lists_documents_with_versions_languages_and_names(mtqa, tmp_path):
    docs = make_docs(tmp_path)
    shutil.copy(MINI_DIR / "en.txt", docs / "a" / "notes.txt")
    (tmp_path / "runs.csv").write_text(
        "target,versions,target_lang,name\n"
        "docs/a/de.txt,en=docs/a/notes.txt;docs/a/fr.txt,,first\n"
        "docs/b/c,,,\n"
        "docs/missing.txt,docs/a/en.txt,de,\n", encoding="utf-8")
    run = mtqa("check", tmp_path / "runs.csv", "-o", tmp_path / "out", "--cache-dir", tmp_path / "cache", *FAST)
    assert run.returncode == 2, run.describe()
    entries = read_jsonl(tmp_path / "out" / "index.jsonl")
    assert [e["document"] for e in entries] == ["first", "docs/b/c", "docs/missing"]  # the target path by default
    assert entries[0]["versions"] == ["en", "fr"] and entries[0]["sentences"] == 8
    assert entries[1]["sentences"] == 9
    assert entries[2]["error"] == f"{tmp_path}/docs/missing.txt: not found"
    assert (tmp_path / "out" / "first" / "sentences.jsonl").is_file()
    assert (tmp_path / "out" / "docs" / "b" / "c" / "sentences.jsonl").is_file()


@pytest.mark.parametrize("content, message", [
    ("target,language\nx,de\n", "runs.csv: manifest header must name 'target'"),
    ("target\n", "runs.csv: manifest lists no documents"),
    ("target,target_lang\na,german\n", "runs.csv: line 2: target_lang 'german' is not a language code"),
    ("target,name\na,../up\n", "runs.csv: line 2: the report folder '../up' must be a relative path"),
    ("target,name\na,x\nb,x/y\n", "one inside the other"),
])
def test_a_bad_manifest_is_one_line_and_exit_2(mtqa, tmp_path, content, message):
    (tmp_path / "runs.csv").write_text(content, encoding="utf-8")
    run = mtqa("check", "runs.csv", "--no-qe", cwd=tmp_path)
    assert run.returncode == 2 and len(run.stderr_lines) == 1, run.describe()
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("args, message", [
    (("docs/a", "--workers", "2"), "--workers and --scheduler are for many documents"),
    (("docs", "--recursive", "--version", "docs/a/en.txt"), "--version is for one document"),
    (("docs/a/de.txt", "--recursive"), "docs/a/de.txt: --recursive needs a folder"),
    (("docs/notes", "--recursive"), "docs/notes: no corpus folders below it"),
])
def test_options_that_do_not_fit_a_run_of_many_are_usage_errors(mtqa, tmp_path, args, message):
    make_docs(tmp_path)
    run = mtqa("check", *args, "--no-qe", cwd=tmp_path)
    assert run.returncode == 2 and message in run.stderr, run.describe()
    assert len(run.stderr_lines) == 1
