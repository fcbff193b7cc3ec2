"""``mtqa check`` and ``mtqa align`` end to end, through the command line in a subprocess.

The small corpus in tests/data/mini is invented: a German target of 8 sentences in 3
paragraphs, an English version that splits target sentence 3 in two (a 1-2 unit) and a French
version that merges target sentences 6 and 7 (a 2-1 unit). Runs that several tests read are
module-scoped so the sentence encoder is loaded as few times as possible.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest


MINI_DIR = Path(__file__).parent / "data" / "mini"
REPO_ROOT = Path(__file__).resolve().parent.parent
REPORT_FILES = ("sentences.jsonl", "sentences.csv", "summary.md", "summary.json")
MINI_VERSION_SENTENCES = {"en": 9, "fr": 7}
EXTRA_EN = "The town hall was rebuilt in 1998 by an architect from Hamburg."
SEED = REPO_ROOT / "corpora" / "seed-article"


def squash(text: str) -> str:
    return "".join(text.split())


def without_second_opinion(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        row = json.loads(json.dumps(row))
        for entry in row["versions"].values():
            entry.pop("similarity_second", None)
        out.append(row)
    return out


def assert_ok(run, out: Path) -> None:
    assert run.returncode == 0, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    for name in REPORT_FILES:
        assert (out / name).is_file(), f"{name} missing after\n{run.describe()}"
        assert (out / name).stat().st_size > 0, f"{name} is empty"


# ------------------------------------------------------------------ shared runs of the mini corpus


@pytest.fixture(scope="module")
def mini_cache(tmp_path_factory) -> Path:
    """A cache that starts empty here, so the folder run really encodes everything."""
    return tmp_path_factory.mktemp("mini-cache")


@pytest.fixture(scope="module")
def folder_run(mtqa, tmp_path_factory, mini_cache):
    out = tmp_path_factory.mktemp("folder-run") / "report"
    run = mtqa("check", MINI_DIR, "-o", out, "--cache-dir", mini_cache)  # default options: no second opinion
    return run, out


@pytest.fixture(scope="module")
def folder_rows(folder_run, load_rows):
    run, out = folder_run
    assert_ok(run, out)
    return load_rows(out)


@pytest.fixture(scope="module")
def nocache_run(mtqa, tmp_path_factory):
    out = tmp_path_factory.mktemp("nocache-run") / "report"
    run = mtqa("check", MINI_DIR, "-o", out, "--no-second-opinion", "--no-cache")
    return run, out


@pytest.fixture(scope="module")
def file_run(mtqa, tmp_path_factory, mini_cache, folder_run):
    """The file form, with the e5 second opinion asked for."""
    out = tmp_path_factory.mktemp("file-run") / "report"
    run = mtqa("check", MINI_DIR / "de.txt", "--version", MINI_DIR / "en.txt", "--version",
               MINI_DIR / "fr.txt", "-o", out, "--cache-dir", mini_cache, "--second-opinion")
    return run, out


# ------------------------------------------------------------------ folder form


def test_folder_check_writes_the_four_report_files(folder_run):
    run, out = folder_run
    assert_ok(run, out)
    assert f"report written to {out}" in run.stdout
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["target"]["lang"] == "de"


def test_csv_has_one_row_per_jsonl_row_with_version_columns(folder_run, folder_rows):
    _, out = folder_run
    with open(out / "sentences.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [r["id"] for r in table] == [r["id"] for r in folder_rows]
    for column in ("kind", "status", "risk", "text", "en_text", "en_alignment", "fr_text", "fr_confidence"):
        assert column in table[0], column
    assert [r["text"] for r in table] == [r["text"] for r in folder_rows]


def test_every_target_sentence_once_in_order(folder_rows, mini_texts, assert_target_covered):
    assert_target_covered(folder_rows, mini_texts["de"], "de")
    targets = [r for r in folder_rows if r["kind"] == "target"]
    assert len(targets) == 8
    # Three paragraphs, numbered in order: 3 + 3 + 2 sentences.
    assert [r["paragraph"] for r in targets] == [0, 0, 0, 1, 1, 1, 2, 2]
    for row in targets:
        assert mini_texts["de"][row["start"]:row["end"]] == row["text"]


def test_target_rows_have_the_documented_fields(folder_rows, mini_texts):
    targets = [r for r in folder_rows if r["kind"] == "target"]
    for row in targets:
        assert isinstance(row["paragraph"], int)
        assert row["status"] in {"ok", "review", "critical"}
        assert isinstance(row["risk"], (int, float)) and 0.0 <= row["risk"] <= 1.0
        assert isinstance(row["findings"], list)
        assert set(row["versions"]) == {"en", "fr"}, row["id"]
        for lang, entry in row["versions"].items():
            for key in ("text", "alignment", "confidence", "similarity", "sentences"):
                assert key in entry, (row["id"], lang, key)
            assert re.fullmatch(r"\d+-\d+", entry["alignment"]), entry
            assert 0.0 <= entry["confidence"] <= 1.0, entry
            if entry["sentences"]:
                assert -1.0 <= entry["similarity"] <= 1.0, entry
                # The version text is the version file's own text for those sentences.
                assert squash(entry["text"]) in squash(mini_texts[lang]), entry
            else:
                assert entry["text"] == ""


def test_split_and_merge_are_reported_as_1_2_and_2_1(folder_rows):
    by_id = {r["id"]: r for r in folder_rows}
    split = by_id["de:3"]["versions"]["en"]
    assert (split["alignment"], split["sentences"]) == ("1-2", [3, 4])
    assert "They visit the museum" in split["text"] and "many tourists" in split["text"]
    for target_id in ("de:6", "de:7"):
        merged = by_id[target_id]["versions"]["fr"]
        assert (merged["alignment"], merged["sentences"]) == ("2-1", [6])
    for target_id in ("de:0", "de:1", "de:4", "de:5"):
        for lang in ("en", "fr"):
            assert by_id[target_id]["versions"][lang]["alignment"] == "1-1", (target_id, lang)


def test_every_version_sentence_appears_in_the_report(folder_run, folder_rows, version_indices):
    _, out = folder_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for lang, count in MINI_VERSION_SENTENCES.items():
        assert summary["versions"][lang]["sentences"] == count
        assert version_indices(folder_rows, lang) == list(range(count)), lang


def test_summary_has_the_signature_and_encoder_name(folder_run):
    run, out = folder_run
    summary_md = (out / "summary.md").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    signature = summary["signature"]
    assert signature.startswith("mtqa:")
    lines = [line.strip().strip("`") for line in summary_md.splitlines()]
    assert signature in lines, summary_md
    encoder_name = summary["signature_fields"]["enc.en"]
    assert encoder_name and encoder_name in summary_md
    assert f"enc.en:{encoder_name}" in signature and "target:de" in signature and "versions:en,fr" in signature
    assert "second_opinion:none" in signature
    assert signature in run.stdout


def test_two_runs_give_byte_identical_reports(folder_run, nocache_run):
    (first, first_out), (second, second_out) = folder_run, nocache_run
    assert_ok(first, first_out)
    assert_ok(second, second_out)
    for name in ("sentences.jsonl", "summary.md", "sentences.csv"):
        assert (first_out / name).read_bytes() == (second_out / name).read_bytes(), name


# ------------------------------------------------------------------ file form


def test_file_form_gives_the_same_rows_as_the_folder_form(file_run, folder_rows, load_rows):
    run, out = file_run
    assert_ok(run, out)
    rows = load_rows(out)
    assert without_second_opinion(rows) == without_second_opinion(folder_rows)


def test_the_e5_second_opinion_is_off_unless_asked_for(folder_run, load_rows):
    run, out = folder_run
    assert all(entry["similarity_second"] is None for row in load_rows(out) for entry in row["versions"].values())
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["signature_fields"]["second_opinion"] == "none"
    assert "enc.second_opinion" not in summary["signature_fields"]


def test_file_form_with_second_opinion_scores_every_aligned_unit(file_run, load_rows):
    run, out = file_run
    assert_ok(run, out)
    for row in load_rows(out):
        for entry in row["versions"].values():
            if entry["sentences"]:
                assert isinstance(entry["similarity_second"], float), (row["id"], entry)
                assert -1.0 <= entry["similarity_second"] <= 1.0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["signature_fields"]["second_opinion"] == "e5"
    assert "enc.second_opinion" in summary["signature_fields"]


# ------------------------------------------------------------------ variants of the mini corpus


def test_extra_version_sentence_is_an_unaligned_version_row(mtqa, tmp_path, make_corpus, mini_texts,
                                                            mini_cache, load_rows, assert_target_covered,
                                                            version_indices):
    anchor = "They visit the museum and eat fresh fish."
    assert anchor in mini_texts["en"]
    en = mini_texts["en"].replace(anchor, f"{anchor} {EXTRA_EN}")
    corpus = make_corpus(tmp_path / "extra", {"de.txt": mini_texts["de"], "en.txt": en})
    out = tmp_path / "out"
    run = mtqa("check", corpus, "-o", out, "--no-second-opinion", "--cache-dir", mini_cache)
    assert_ok(run, out)
    rows = load_rows(out)
    assert_target_covered(rows, mini_texts["de"], "de")
    unaligned = [r for r in rows if r["kind"] == "unaligned-version"]
    assert [(r["id"], r["lang"], r["index"], r["text"]) for r in unaligned] == [("en:5", "en", 5, EXTRA_EN)]
    # It sits right after the target sentence it follows in the English text.
    ids = [r["id"] for r in rows]
    assert ids.index("en:5") == ids.index("de:3") + 1
    assert version_indices(rows, "en") == list(range(10))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["versions"]["en"]["version_unaligned"] == 1


def test_markdown_target_in_a_corpus_folder(mtqa, tmp_path, make_corpus, mini_cache, load_rows,
                                            version_indices):
    de_md = ("# Der Hafen von Kiel\n\n"
             "Der kleine Hafen von Kiel erwacht früh am Morgen. Die Fischer laden ihre Netze auf die Boote.\n\n"
             "## Im Sommer\n\n"
             "- Viele Touristen besuchen das Museum.\n"
             "- Am Abend spielt eine Band auf dem Marktplatz.\n"
             "- Die Kinder tanzen bis spät in die Nacht.\n\n"
             "Im Winter wird es ruhig im Hafen.\n")
    en = ("The harbour of Kiel\n\n"
          "The small harbour of Kiel wakes up early in the morning. The fishermen load their nets onto the boats.\n\n"
          "In summer\n\n"
          "Many tourists visit the museum.\nIn the evening a band plays on the market square.\n"
          "The children dance until late at night.\n\n"
          "In winter the harbour becomes quiet.\n")
    corpus = make_corpus(tmp_path / "md", {"de.md": de_md, "en.txt": en})
    out = tmp_path / "out"
    run = mtqa("check", corpus, "-o", out, "--no-second-opinion", "--cache-dir", mini_cache)
    assert_ok(run, out)
    rows = load_rows(out)
    targets = [r for r in rows if r["kind"] == "target"]
    assert [r["id"] for r in targets] == [f"de:{i}" for i in range(len(targets))]
    # The Markdown markup (heading hashes, list dashes) is not part of any sentence ...
    assert all(not r["text"].startswith(("#", "-")) for r in targets), [r["text"] for r in targets]
    # ... and the sentences are exactly the prose of the file.
    prose = re.sub(r"(?m)^(#+|-)[ \t]+", "", de_md)
    assert "".join(squash(r["text"]) for r in targets) == squash(prose)
    texts = [r["text"] for r in targets]
    assert texts[0] == "Der Hafen von Kiel"
    assert "Im Sommer" in texts
    # Heading and each list item are paragraphs of their own.
    paragraph = {r["text"]: r["paragraph"] for r in targets}
    items = ["Viele Touristen besuchen das Museum.", "Am Abend spielt eine Band auf dem Marktplatz.",
             "Die Kinder tanzen bis spät in die Nacht."]
    assert len({paragraph[t] for t in items}) == 3
    assert paragraph["Der Hafen von Kiel"] != paragraph["Der kleine Hafen von Kiel erwacht früh am Morgen."]
    assert version_indices(rows, "en") == list(range(8))
    assert (out / "summary.json").is_file()
    assert "de.md" in (out / "summary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, bom", [("utf-16", (b"\xff\xfe", b"\xfe\xff")), ("utf-8-sig", (b"\xef\xbb\xbf",))],
                         ids=["utf-16-bom", "utf-8-bom"])
def test_bom_encodings_give_the_same_sentences_as_utf8(mtqa, tmp_path, make_corpus, mini_texts, mini_cache,
                                                        load_rows, folder_rows, encoding, bom):
    files = {f"{lang}.txt": text.encode(encoding) for lang, text in mini_texts.items()}
    assert all(data.startswith(bom) for data in files.values())
    corpus = make_corpus(tmp_path / encoding, files)
    out = tmp_path / "out"
    run = mtqa("check", corpus, "-o", out, "--no-second-opinion", "--cache-dir", mini_cache)
    assert_ok(run, out)
    rows = load_rows(out)
    assert rows == folder_rows
    # The BOM is not part of the first sentence, and offsets index the decoded text.
    assert rows[0]["text"].startswith("Der kleine Hafen") and rows[0]["start"] == 0


# ------------------------------------------------------------------ the shipped seed article


@pytest.fixture(scope="module")
def seed_run(mtqa, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "report"
    cache = tmp_path_factory.mktemp("seed-cache")
    run = mtqa("check", SEED, "-o", out, "--no-second-opinion", "--cache-dir", cache)
    return run, out


def test_seed_every_target_sentence_once(seed_run, load_rows, assert_target_covered):
    run, out = seed_run
    assert_ok(run, out)
    assert_target_covered(load_rows(out), (SEED / "de.txt").read_text(encoding="utf-8"), "de")


def test_seed_every_version_sentence_in_the_report(seed_run, load_rows, version_indices):
    run, out = seed_run
    assert_ok(run, out)
    rows = load_rows(out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["versions"]) == {"en", "fr", "zh"}
    for lang, info in summary["versions"].items():
        assert version_indices(rows, lang) == list(range(info["sentences"])), lang


def test_seed_language_menu_and_date_are_boilerplate(seed_run, load_rows):
    run, out = seed_run
    assert_ok(run, out)
    lines = [line.strip() for line in (SEED / "de.txt").read_text(encoding="utf-8").splitlines()]
    date_line = next(line for line in lines if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line))
    menu_line = next(line for line in lines if "Deutsch" in line and "English" in line and "Français" in line)
    targets = {r["text"]: r for r in load_rows(out) if r["kind"] == "target"}
    assert targets[date_line]["boilerplate"] is not None
    assert targets[menu_line]["boilerplate"] is not None
    # Not everything is boilerplate: the article's first sentence is content.
    first = next(t for t in targets if t.startswith("Am 23. August"))
    assert targets[first]["boilerplate"] is None


def test_seed_console_and_summary_md_list_the_flagged_sentences(seed_run, load_rows):
    from mtqa.report.writers import FLAGGED_SHOWN

    run, out = seed_run
    assert_ok(run, out)
    flagged = [r for r in load_rows(out) if r["kind"] == "target" and r["status"] != "ok"]
    assert flagged, "the seed article has flagged sentences"
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    for row in flagged[:FLAGGED_SHOWN]:
        worst = max(row["findings"], key=lambda f: ("minor", "major", "critical").index(f["severity"]))
        line = f"{row['id']} {row['status']}: {'+'.join(worst['codes'])} {worst['severity']}: "
        assert line in run.stdout and line in markdown, line
    more = len(flagged) - FLAGGED_SHOWN
    if more > 0:
        assert f"and {more} more flagged sentence" in run.stdout and f"and {more} more flagged sentence" in markdown
    else:
        assert "more flagged sentence" not in run.stdout + markdown


# ------------------------------------------------------------------ mtqa align --presegmented

UNIT_LINE = re.compile(r"\[(\d+(?:,\d+)*)?\]:\[(\d+(?:,\d+)*)?\]")


def parse_units(stdout: str) -> list[tuple[list[int], list[int]]]:
    units = []
    for line in stdout.splitlines():
        match = UNIT_LINE.fullmatch(line)
        assert match, f"not a unit line: {line!r}"
        units.append(tuple([int(i) for i in group.split(",")] if group else [] for group in match.groups()))
    return units


def test_align_presegmented_covers_each_line_once_in_order(mtqa, tmp_path, mini_cache):
    de = ["Der Hafen erwacht früh am Morgen.", "Die Fischer laden ihre Netze auf die Boote.",
          "Über dem Wasser kreisen Möwen.", "Im Sommer kommen viele Touristen.",
          "Am Abend spielt eine Band.", "Im Winter ist es ruhig."]
    en = ["The harbour wakes up early in the morning.", "The fishermen load their nets onto the boats.",
          "Seagulls circle above the water.", "Many tourists come in summer.",
          "The town hall was rebuilt in 1998 by an architect.", "A band plays in the evening.",
          "It is quiet in winter."]
    (tmp_path / "a.de.txt").write_text("\n".join(de) + "\n", encoding="utf-8")
    (tmp_path / "b.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    run = mtqa("align", "a.de.txt", "b.en.txt", "--presegmented", "--cache-dir", mini_cache, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    units = parse_units(run.stdout)
    assert all(src or tgt for src, tgt in units)
    assert [i for src, _ in units for i in src] == list(range(len(de)))
    assert [j for _, tgt in units for j in tgt] == list(range(len(en)))
    assert ([0], [0]) in units and ([5], [6]) in units
    assert ([], [4]) in units  # the English-only sentence is a 0-1 unit


def test_align_presegmented_indices_are_file_line_indices_with_blank_lines(mtqa, tmp_path, mini_cache):
    # A blank line only in the German file: German line 3 is the counterpart of English line 2.
    de = ["Der Hafen erwacht früh am Morgen.", "Die Fischer laden ihre Netze auf die Boote.", "",
          "Über dem Wasser kreisen Möwen.", "Im Winter ist es ruhig."]
    en = ["The harbour wakes up early in the morning.", "The fishermen load their nets onto the boats.",
          "Seagulls circle above the water.", "It is quiet in winter."]
    (tmp_path / "a.de.txt").write_text("\n".join(de) + "\n", encoding="utf-8")
    (tmp_path / "b.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    run = mtqa("align", "a.de.txt", "b.en.txt", "--presegmented", "--cache-dir", mini_cache, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    units = parse_units(run.stdout)
    seagulls = next(src for src, tgt in units if 2 in tgt)
    assert 3 in seagulls, units  # the line "Über dem Wasser ..." is line 3 of a.de.txt
    assert [i for src, _ in units for i in src] == list(range(len(de)))


# ------------------------------------------------------------------ QE model choice


def test_default_qe_is_the_cross_encoder_and_qe_fast_the_feature_model(folder_run, mtqa, tmp_path, mini_cache, load_rows):
    _, out = folder_run
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["signature_fields"]["qe"].startswith("xqe-")
    fast = tmp_path / "fast"
    run = mtqa("check", MINI_DIR, "-o", fast, "--no-second-opinion", "--cache-dir", mini_cache, "--qe", "qe-fast")
    assert_ok(run, fast)
    assert json.loads((fast / "summary.json").read_text(encoding="utf-8"))["signature_fields"]["qe"].startswith("qe-")
    rows = [r for r in load_rows(fast) if r["kind"] == "target" and r["quality"] is not None]
    assert rows and all(0.0 <= r["quality"] <= 1.0 for r in rows)


def test_unknown_qe_model_is_a_one_line_usage_error(mtqa, tmp_path):
    run = mtqa("check", MINI_DIR, "-o", tmp_path / "out", "--qe", "comet")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr_lines == ["mtqa: error: --qe must be one of qe, qe-fast, not 'comet'"]
    assert not (tmp_path / "out").exists()
