"""Hand-worked checks of the alignment scoring in metrics/align_benchmark.py (no benchmark data needed)."""

from __future__ import annotations


import pytest
from scripts import load_metrics_script



@pytest.fixture(scope="module")
def bench():
    return load_metrics_script("align_benchmark")


def u(src, tgt):
    return (tuple(src), tuple(tgt))


def assert_scores(res, p_strict, r_strict, p_lax, r_lax):
    assert res["precision_strict"] == pytest.approx(p_strict)
    assert res["recall_strict"] == pytest.approx(r_strict)
    assert res["precision_lax"] == pytest.approx(p_lax)
    assert res["recall_lax"] == pytest.approx(r_lax)
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    assert res["f1_strict"] == pytest.approx(f(p_strict, r_strict))
    assert res["f1_lax"] == pytest.approx(f(p_lax, r_lax))


def test_parse_alignment_lines(bench):
    assert bench.parse_alignment_line("[0]:[0]") == ((0,), (0,))
    assert bench.parse_alignment_line("[1,2]:[3]\n") == ((1, 2), (3,))
    assert bench.parse_alignment_line("[6, 7]:[9, 10]") == ((6, 7), (9, 10))
    assert bench.parse_alignment_line("[]:[4]") == ((), (4,))
    assert bench.parse_alignment_line("[5]:[]") == ((5,), ())
    with pytest.raises(ValueError):
        bench.parse_alignment_line("0-0")


def test_exact_match_including_deletions_is_perfect(bench):
    gold = [u([0], [0]), u([1, 2], [1]), u([], [2]), u([3], [3, 4]), u([4], [])]
    res = bench.score_alignments([gold], [list(gold)])
    assert_scores(res, 1.0, 1.0, 1.0, 1.0)
    assert res["f1_strict"] == 1.0 and res["f1_lax"] == 1.0
    # precision counts all 5 test units (deletions too); recall only the 3 gold units with two sides
    assert res["n_test_units"] == 5
    assert res["n_gold_units"] == 3


def test_two_to_one_predicted_as_one_to_one_plus_deletion(bench):
    gold = [u([0], [0]), u([1, 2], [1]), u([3], [2])]
    test = [u([0], [0]), u([1], [1]), u([2], []), u([3], [2])]
    res = bench.score_alignments([gold], [test])
    # precision, 4 test units: [0]:[0] and [3]:[2] exact; [1]:[1] strict miss but lax hit
    # (gold links 1 -> 1); the deletion [2]:[] matches no gold unit and links nothing: miss both.
    # recall, 3 gold units vs test without its deletion: [1,2]:[1] strict miss, lax hit via 1 -> 1.
    assert_scores(res, p_strict=2 / 4, r_strict=2 / 3, p_lax=3 / 4, r_lax=3 / 3)
    assert res["f1_strict"] == pytest.approx(4 / 7)
    assert res["f1_lax"] == pytest.approx(6 / 7)


def test_gold_deletion_not_in_recall_and_swallowed_by_a_merge(bench):
    gold = [u([0], [0]), u([], [1]), u([1], [2])]
    test = [u([0], [0]), u([1], [1, 2])]
    res = bench.score_alignments([gold], [test])
    # precision: [0]:[0] exact; [1]:[1,2] lax hit (gold links 1 -> 2)
    # recall: the gold insertion []:[1] is not counted; [1]:[2] lax hit (test links 1 -> 1,2)
    assert_scores(res, p_strict=1 / 2, r_strict=1 / 2, p_lax=2 / 2, r_lax=2 / 2)


def test_correct_deletion_is_a_precision_hit(bench):
    gold = [u([0], [0]), u([1], [])]
    test = [u([0], [0]), u([1], [])]
    res = bench.score_alignments([gold], [test])
    assert_scores(res, 1.0, 1.0, 1.0, 1.0)
    assert res["n_test_units"] == 2 and res["n_gold_units"] == 1


def test_spurious_deletions_cost_precision_and_recall(bench):
    gold = [u([0], [0]), u([1], [1])]
    test = [u([0], [0]), u([1], []), u([], [1])]
    res = bench.score_alignments([gold], [test])
    # precision: 1 exact of 3; the two deletions miss strict and lax (nothing to link)
    # recall: [1]:[1] has no test link at all (test deletions are dropped) -> miss both
    assert_scores(res, p_strict=1 / 3, r_strict=1 / 2, p_lax=1 / 3, r_lax=1 / 2)


def test_documents_are_pooled_micro(bench):
    gold_a, test_a = [u([0], [0])], [u([0], [0])]
    gold_b = [u([0], [0]), u([1], [1]), u([2], [2])]
    test_b = [u([0], [1]), u([1], [2]), u([2], [0])]  # all wrong, no lax overlap either
    res = bench.score_alignments([gold_a, gold_b], [test_a, test_b])
    # micro: 1 hit of 4 units on each side (a macro average would give 0.5)
    assert_scores(res, 1 / 4, 1 / 4, 1 / 4, 1 / 4)
    # and the document boundary matters: ids are per document
    assert bench.score_alignments([gold_b], [gold_b])["f1_strict"] == 1.0


def test_empty_units_ignored_and_duplicates_counted_once(bench):
    gold = [u([0], [0]), u([], []), u([1], [1])]
    test = [u([0], [0]), u([0], [0]), u([], []), u([1], [1])]
    assert_scores(bench.score_alignments([gold], [test]), 1.0, 1.0, 1.0, 1.0)


def test_nothing_to_score_gives_zero(bench):
    res = bench.score_alignments([[]], [[]])
    assert_scores(res, 0.0, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        bench.score_alignments([[]], [])


def test_unit_side_order_matters_for_strict(bench):
    # the original compares tuples as written; ids are kept in file order
    res = bench.score_alignments([[u([0, 1], [0])]], [[u([1, 0], [0])]])
    assert_scores(res, 0.0, 0.0, 1.0, 1.0)


def test_merge_units_by_verse(bench):
    src_verse = ["A", "A", "B", "C", "C"]
    tgt_verse = ["A", "B", "B", "C", "C"]
    test = [u([0], [0]), u([1], []), u([2], [1]), u([], [2]), u([3], [3]), u([4], [4])]
    merged = bench.merge_units_by_verse(test, src_verse, tgt_verse)
    assert merged == [u([0, 1], [0]), u([2], [1, 2]), u([3, 4], [3, 4])]


def test_merge_stops_at_units_spanning_verses(bench):
    src_verse = ["A", "B", "B", "B"]
    tgt_verse = ["A", "B", "B", "B"]
    # [0,1]:[0] spans A and B: no verse; the next unit starts afresh even though it is in B,
    # then the following B units join it
    test = [u([0, 1], [0]), u([2], [1]), u([], [2]), u([3], [3])]
    assert bench.merge_units_by_verse(test, src_verse, tgt_verse) == [u([0, 1], [0]), u([2, 3], [1, 2, 3])]
    # two units whose sides sit in different verses are not merged with each other
    test = [u([1], [0]), u([2], [0])]
    assert bench.merge_units_by_verse(test, src_verse, tgt_verse) == [u([1], [0]), u([2], [0])]


def test_merge_then_score_bible_like(bench):
    src_verse = ["v1", "v2", "v2"]
    tgt_verse = ["v1", "v2", "v2", "v2"]
    gold = [u([0], [0]), u([1, 2], [1, 2, 3])]
    test = [u([0], [0]), u([1], [1]), u([2], [2, 3])]
    assert bench.score_alignments([gold], [test])["f1_strict"] < 1.0
    merged = bench.merge_units_by_verse(test, src_verse, tgt_verse)
    assert merged == gold
    assert bench.score_alignments([gold], [merged])["f1_strict"] == 1.0


def test_published_rows_are_read_from_tsv(bench, tmp_path):
    tsv = tmp_path / "ref.tsv"
    tsv.write_text(
        "benchmark\ttest_set\tlp\tsystem\tmetric\tvalue\tsource\tnotes\n"
        "WMT20-QE-T1\ttest20\tro-en\tX\tpearson\t0.9\tsomewhere\t\n"
        "Text+Berg de-fr\tsame\tde-fr\tSysA\tF1 strict / lax\t0.900 / 0.950\trepoA README\tP 0.910/0.960, R 0.890/0.940\n"
        "Bible zh-en (...)\tbible\tzh-en\tSysB\tF1 strict / lax\t0.970 / 1.000\trepoB README\tSysC 0.800/0.900; Sys-D 0.700/0.850\n",
        encoding="utf-8")
    rows = bench.load_published_rows(tsv)
    assert [(r.dataset, r.system) for r in rows] == [
        ("Text+Berg de-fr", "SysA"), ("Bible zh-en", "SysB"), ("Bible zh-en", "SysC"), ("Bible zh-en", "Sys-D")]
    a = rows[0]
    assert (a.p_strict, a.r_strict, a.f_strict, a.p_lax, a.r_lax, a.f_lax) == (0.91, 0.89, 0.9, 0.96, 0.94, 0.95)
    assert a.source == "repoA README"
    assert (rows[3].f_strict, rows[3].f_lax) == (0.7, 0.85)


def test_missing_bench_dir_exits_2(bench, tmp_path, capsys):
    assert bench.main(["--bench-dir", str(tmp_path / "nope"), "--out", str(tmp_path / "o.md")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not found" in err
    assert not (tmp_path / "o.md").exists()


def test_memo_encoder_reuses_arrays(bench):
    calls = []

    class Fake:
        name = "fake-1"

        def encode(self, texts):
            calls.append(list(texts))
            return [len(t) for t in texts]

    enc = bench.MemoEncoder(Fake())
    assert enc.name == "fake-1"
    first = enc.encode(["a", "bb"])
    assert enc.encode(["a", "bb"]) is first
    enc.encode(["c"])
    assert calls == [["a", "bb"], ["c"]]
