"""What a new user meets on the command line (issue 11): bad language codes, help text, blank lines
in ``--aligned`` input, advice in error messages, Ctrl-C, plurals, progress lines, ``--version``,
``-h`` and ``--encoding``. Each test runs ``mtqa`` in a subprocess, as a user or a pipeline would.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtqa import __version__
from mtqa.errors import InputError
from mtqa.io.plaintext import read_text
from mtqa.pipeline import find_corpus_files

FAST = ("--no-second-opinion", "--no-qe")
DE_LINES = ["Die Chicago Tribune meldete am Montag einen Rekord.", "Der Umsatz stieg um 5 %.", "Das Wetter war gut."]
EN_LINES = ["The Boston Globe reported a record on Monday.", "Sales rose by 7%.", "The weather was good."]


def write_lines(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def flat(text: str) -> str:
    """Help text with its line wrapping undone."""
    return " ".join(text.split())


def assert_one_line_error(run, *names: str) -> str:
    assert run.returncode == 2, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    assert len(run.stderr_lines) == 1 and run.stderr_lines[0].startswith("mtqa: error: "), run.describe()
    for name in names:
        assert name in run.stderr_lines[0], f"{name!r} not named in {run.stderr_lines[0]!r}"
    return run.stderr_lines[0]


def target_rows(out: Path) -> list[dict]:
    rows = [json.loads(line) for line in (out / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["kind"] == "target"]


# ------------------------------------------------------------------ bugs 1 and 2: language codes


@pytest.mark.parametrize("args, option, value", [
    pytest.param(["check", "de.txt", "-v", "en.txt", "--target-lang", "xx"], "--target-lang", "xx", id="check-xx"),
    pytest.param(["check", "de.txt", "-v", "en.txt", "--target-lang", "german"], "--target-lang", "german", id="check-german"),
    pytest.param(["check", "de.txt", "-v", "en.txt", "--target-lang", "../x"], "--target-lang", "../x", id="check-path"),
    pytest.param(["check", "de.txt", "-v", "en.txt", "--source-lang", "english"], "--source-lang", "english", id="check-source"),
    pytest.param(["check", "de.txt", "-v", "xx=en.txt"], "--version", "xx", id="check-version-lang"),
    pytest.param(["score", "-s", "en.txt", "-t", "de.txt", "--src-lang", "english"], "--src-lang", "english", id="score-src"),
    pytest.param(["score", "-s", "en.txt", "-t", "de.txt", "--tgt-lang", "xx"], "--tgt-lang", "xx", id="score-tgt"),
    pytest.param(["align", "en.txt", "de.txt", "--src-lang", "german"], "--src-lang", "german", id="align-src"),
])
def test_a_bad_language_code_is_a_one_line_usage_error(mtqa, tmp_path, args, option, value):
    write_lines(tmp_path / "de.txt", DE_LINES)
    write_lines(tmp_path / "en.txt", EN_LINES)
    run = mtqa(*args, "-o", "out", *FAST, cwd=tmp_path) if args[0] == "check" else mtqa(*args, cwd=tmp_path)
    line = assert_one_line_error(run, option, f"'{value}'")
    assert "not a language code" in line
    assert run.stdout == ""
    assert not (tmp_path / "out").exists()


def test_a_region_tag_names_the_target_of_a_corpus_folder(tmp_path):
    for name in ("de.txt", "en.txt"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    target, versions, lang = find_corpus_files(tmp_path, "de-DE", warn=lambda message: None)
    assert (target.name, [v.name for v in versions], lang) == ("de.txt", ["en.txt"], "de")


# ------------------------------------------------------------------ bug 3: help text, --version, -h


def test_help_shows_square_brackets_as_written(mtqa):
    check_help = flat(mtqa("check", "--help").stdout)
    assert "Language of the target text [default: from its file name; 'de' for a corpus folder]." in check_help
    assert "(pip install 'mtqa[mt]')" in check_help
    assert "Report folder [default: reports/<corpus name>/]." in check_help
    assert "Source language [default: from its file name]." in flat(mtqa("score", "--help").stdout)
    align_help = flat(mtqa("align", "--help").stdout)
    assert "Language of the first text [default: from its file name]." in align_help
    assert "print one '[i,j]:[k]' line per unit" in align_help


def test_version_flag_and_short_help(mtqa):
    version = mtqa("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"mtqa {__version__}", version.describe()
    for args in (["-h"], ["check", "-h"], ["score", "-h"]):
        run = mtqa(*args)
        assert run.returncode == 0 and run.stdout.startswith("Usage:"), run.describe()
    assert "-v, --version [LANG=]FILE" in mtqa("check", "-h").stdout  # -v still gives a version file


# ------------------------------------------------------------------ bug 6: blank lines with --aligned


def test_aligned_blank_lines_are_no_sentences_and_keep_the_line_numbers(mtqa, tmp_path):
    write_lines(tmp_path / "de.txt", [DE_LINES[0], "", DE_LINES[1], "", "", DE_LINES[2]])
    write_lines(tmp_path / "en.txt", [EN_LINES[0], "", EN_LINES[1], "", "The sun shone.", EN_LINES[2]])
    run = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", *FAST, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert run.stdout.startswith("3 de sentences checked against en"), run.describe()
    assert [(r["id"], r["text"]) for r in target_rows(tmp_path / "out")] == [
        ("de:0", DE_LINES[0]), ("de:2", DE_LINES[1]), ("de:5", DE_LINES[2])]
    rows = [json.loads(line) for line in (tmp_path / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["text"]) for r in rows if r["kind"] == "unaligned-version"] == [("en:4", "The sun shone.")]
    junit = (tmp_path / "out" / "junit.xml").read_text(encoding="utf-8")
    assert 'tests="3"' in junit and junit.count("<testcase ") == 3
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["target"]["sentences"] == 3 and summary["versions"]["en"]["sentences"] == 4
    # Not a terminal: one plain progress line per stage instead of a bar.
    progress = [line for line in run.stderr_lines if line.startswith("mtqa: [")]
    assert [line.split(" (")[0] for line in progress] == ["mtqa: [1/2] pairing de with en", "mtqa: [2/2] checking"]
    quiet = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "quiet", "-q", *FAST, cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == "", quiet.describe()


# ------------------------------------------------------------------ bug 7: advice that works


def test_a_version_without_a_language_name_can_be_given_as_lang_equals_file(mtqa, tmp_path):
    write_lines(tmp_path / "de.txt", DE_LINES)
    write_lines(tmp_path / "notes.txt", EN_LINES)
    run = mtqa("check", "de.txt", "-v", "notes.txt", "--aligned", "-o", "out", *FAST, cwd=tmp_path)
    line = assert_one_line_error(run, "notes.txt")
    advice = line.split("e.g. ")[1]
    assert advice == "--version en=notes.txt"
    done = mtqa("check", "de.txt", *advice.split(" "), "--aligned", "-o", "out", *FAST, cwd=tmp_path)
    assert done.returncode == 0, done.describe()
    assert "checked against en" in done.stdout
    assert [r["versions"]["en"]["text"] for r in target_rows(tmp_path / "out")] == EN_LINES


def test_folder_advice_fits_what_the_folder_holds(mtqa, tmp_path):
    (tmp_path / "empty").mkdir()
    line = assert_one_line_error(mtqa("check", "empty", "-o", "out", cwd=tmp_path), "empty")
    assert "--target-lang" not in line and "de.txt" in line
    (tmp_path / "other").mkdir()
    write_lines(tmp_path / "other" / "en.txt", EN_LINES)
    write_lines(tmp_path / "other" / "fr.txt", ["Le temps était beau."])
    line = assert_one_line_error(mtqa("check", "other", "-o", "out", cwd=tmp_path), "other")
    assert "languages found: en, fr" in line and "--target-lang" in line


# ------------------------------------------------------------------ bug 8: Ctrl-C


def test_ctrl_c_says_interrupted_exits_130_and_leaves_no_report_folder(mtqa_env, tmp_path):
    write_lines(tmp_path / "de.txt", DE_LINES)
    write_lines(tmp_path / "en.txt", EN_LINES)
    command = [sys.executable, "-m", "mtqa.cli", "check", "de.txt", "-v", "en.txt", "-o", "reports/run", "--no-cache"]
    # A child of a background shell job inherits an ignored SIGINT; restore the default.
    process = subprocess.Popen(command, cwd=tmp_path, env=mtqa_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8",
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first = process.stderr.readline()  # the first progress line: the run is under way
    assert first.startswith("mtqa: [1/"), first
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    stdout, rest = process.communicate(timeout=120)
    assert process.returncode == 130, (first, rest)
    assert rest.splitlines()[-1] == "mtqa: interrupted" and "Traceback" not in rest, rest
    assert stdout == ""
    assert not (tmp_path / "reports").exists()


# ------------------------------------------------------------------ bug 9: plurals


def test_one_of_a_kind_is_singular(mtqa, tmp_path):
    write_lines(tmp_path / "de.txt", [DE_LINES[1]])
    write_lines(tmp_path / "en.txt", [EN_LINES[1]])
    run = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", "--fail-on", "critical",
               "--select", "MTQA301", *FAST, cwd=tmp_path)
    assert run.returncode == 1, run.describe()
    assert run.stdout.startswith("1 de sentence checked against en: 0 ok, 0 review, 1 critical"), run.describe()
    assert "gate failed (fail-on critical): 1 sentence: de:0" in run.stderr
    summary_md = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "Target `de`: 1 sentence." in summary_md and "1 critical; 1 finding." in summary_md
    baseline = mtqa("baseline", "out", "-o", "baseline.json", cwd=tmp_path)
    assert baseline.stdout.strip() == ("baseline.json: 1 suppressed finding (1 from the report, "
                                       "0 reviewer decisions applied, 0 removed)"), baseline.describe()


def test_plural():
    from mtqa.wording import plural

    assert [plural(n, "sentence") for n in (0, 1, 2)] == ["0 sentences", "1 sentence", "2 sentences"]
    assert plural(2, "entry", "entries") == "2 entries"


# ------------------------------------------------------------------ --encoding


CP1252_DE = ["Die Grüße kosten 5 €.", "Das Wetter war gut."]
CP1252_EN = ["The greetings cost 5 €.", "The weather was good."]


def test_encoding_option_reads_a_cp1252_file_and_the_default_says_how(mtqa, tmp_path):
    write_lines(tmp_path / "de.txt", CP1252_DE, "cp1252")
    write_lines(tmp_path / "en.txt", CP1252_EN, "cp1252")
    default = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", *FAST, cwd=tmp_path)
    line = assert_one_line_error(default, "de.txt", "not valid UTF-8")
    assert "--encoding" in line
    assert not (tmp_path / "out").exists()
    run = mtqa("check", "de.txt", "-v", "en.txt", "--aligned", "-o", "out", "--encoding", "cp1252", *FAST,
               cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert [r["text"] for r in target_rows(tmp_path / "out")] == CP1252_DE


def test_encoding_errors_name_the_option_or_the_file(mtqa, tmp_path):
    write_lines(tmp_path / "de.txt", CP1252_DE, "cp1252")
    write_lines(tmp_path / "en.txt", CP1252_EN)
    unknown = mtqa("check", "de.txt", "-v", "en.txt", "-o", "out", "--encoding", "klingon", cwd=tmp_path)
    assert_one_line_error(unknown, "--encoding", "'klingon'")
    wrong = mtqa("score", "-s", "en.txt", "-t", "de.txt", "--encoding", "ascii", cwd=tmp_path)
    line = assert_one_line_error(wrong, "en.txt", "not valid ascii")
    assert "--encoding" in line


def test_read_text_with_an_encoding_is_strict_and_drops_a_utf8_mark(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("Grüße\r\n".encode("latin-1"))
    assert read_text(path, "latin-1") == "Grüße\n"
    path.write_bytes(b"\xef\xbb\xbfGr\xc3\xbc\xc3\x9fe\n")
    assert read_text(path, "utf-8") == "Grüße\n"
    path.write_bytes(b"caf\xe9\n")
    with pytest.raises(InputError, match="byte 0xE9 at offset 3, line 1"):
        read_text(path, "utf-8")


def test_a_translation_file_declaring_no_real_language_is_a_usage_error(mtqa, tmp_path):
    (tmp_path / "doc.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="en" target-language="xx" datatype="plaintext" original="a"><body>\n'
        f'<trans-unit id="u1"><source>{EN_LINES[0]}</source><target>{DE_LINES[0]}</target></trans-unit>\n'
        '</body></file></xliff>\n', encoding="utf-8")
    run = mtqa("check", "doc.xlf", "-o", "out", *FAST, cwd=tmp_path)
    line = assert_one_line_error(run, "doc.xlf", "'xx'")
    assert "--target-lang" in line
    assert not (tmp_path / "out").exists()


def test_progress_lines_keep_a_long_step_audible(capsys):
    from mtqa.pipeline import _progress_lines

    with _progress_lines(2, heartbeat_s=0.05) as step:
        step("aligning de with en")
        time.sleep(0.3)
        step("checking")
    lines = [line.split(" (")[0] for line in capsys.readouterr().err.splitlines()]
    assert lines[0] == "mtqa: [1/2] aligning de with en"
    assert lines.index("mtqa: [1/2] still aligning de with en") < lines.index("mtqa: [2/2] checking")


def test_a_long_encoding_reports_every_chunk_of_sentences_and_keeps_the_vectors(monkeypatch):
    import mtqa.encoders.progress as progress
    from mtqa.api import check
    from mtqa.documents import Document, Sentence

    monkeypatch.setattr(progress, "CHUNK", 2)
    german = ["Der Hund schläft.", "Die Katze spielt.", "Es regnet.", "Wir essen Brot.", "Das Haus ist alt."]
    english = ["The dog sleeps.", "The cat plays.", "It is raining.", "We eat bread.", "The house is old."]

    def document(lang, texts):
        return Document(lang, " ".join(texts), [Sentence(i, 0, t, 0, len(t)) for i, t in enumerate(texts)], f"{lang}.txt")

    said = []
    result = check(document("de", german), [document("en", english)], encoder="use", second_encoder=None,
                   detail=said.append)
    assert [line.split(" (")[0] for line in said] == [f"{n} of 5 sentences encoded" for n in (2, 4, 5)] * 2
    plain = check(document("de", german), [document("en", english)], encoder="use", second_encoder=None)
    # float32 matrix products round differently for other batch sizes on some CPUs: equal up to that
    assert [u.similarity for u in result.alignments[0].units] == pytest.approx(
        [u.similarity for u in plain.alignments[0].units], abs=1e-6)


def test_quality_estimation_reports_every_chunk_and_scores_as_in_one_go(monkeypatch, tmp_path):
    from checkviews import view

    import mtqa.encoders.progress as progress
    from mtqa.checks.quality import estimate_quality

    rows = [("Der Hund schläft.", {"en": "The dog sleeps."}), ("Die Katze spielt.", {"en": "The cat plays."}),
            ("Es regnet.", {"en": "It is raining."})]
    whole = view("de", rows)
    estimate_quality(whole, cache_dir=None)
    monkeypatch.setattr(progress, "CHUNK", 2)
    chunked, said = view("de", rows), []
    estimate_quality(chunked, cache_dir=None, detail=said.append)
    assert said == ["2 of 3 sentences scored against en", "3 of 3 sentences scored against en"]
    assert {i: v["en"].quality for i, v in chunked.quality.items()} == pytest.approx(
        {i: v["en"].quality for i, v in whole.quality.items()}, abs=1e-6)
