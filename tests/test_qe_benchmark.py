"""Word-level meta-evaluation in metrics/qe_benchmark.py: hand-worked MCC, span F1, offsets and readers.

Nothing here reads ../shared: the script is imported by path and fed tiny files written here. (The
sentence-level helpers of the same script are tested in tests/test_qe.py.)
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scripts import load_metrics_script



@pytest.fixture(scope="module")
def bench():
    return load_metrics_script("qe_benchmark")


# ---------------------------------------------------------------- MCC

def test_mcc_of_a_known_confusion_matrix(bench):
    # tp=6 tn=3 fp=1 fn=2: (6*3 - 1*2) / sqrt(7 * 8 * 4 * 5) = 16 / sqrt(1120)
    assert bench.mcc_from_counts(6, 3, 1, 2) == pytest.approx(16 / math.sqrt(1120))
    gold = [1] * 8 + [0] * 4            # 8 BAD, 4 OK
    pred = [1] * 6 + [0] * 2 + [1] + [0] * 3
    value, n = bench.binary_mcc(gold, pred)
    assert n == 12 and value == pytest.approx(16 / math.sqrt(1120))


def test_mcc_matches_sklearn(bench):
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(7)
    gold = (rng.random(500) < 0.1).astype(int)
    pred = np.where(rng.random(500) < 0.8, gold, 1 - gold)
    assert bench.binary_mcc(gold, pred)[0] == pytest.approx(metrics.matthews_corrcoef(gold, pred))


def test_mcc_edge_cases(bench):
    gold = [0, 1, 0, 0, 1]
    assert bench.binary_mcc(gold, [0] * 5)[0] == 0.0          # all OK: MCC 0, not a division by zero
    assert bench.binary_mcc(gold, [1] * 5)[0] == 0.0          # all BAD too
    assert bench.binary_mcc(gold, gold)[0] == pytest.approx(1.0)
    assert bench.binary_mcc(gold, [1 - g for g in gold])[0] == pytest.approx(-1.0)
    # the value does not depend on which class is "positive"
    pred = [0, 1, 1, 0, 0]
    assert bench.binary_mcc(gold, pred)[0] == pytest.approx(
        bench.binary_mcc([1 - g for g in gold], [1 - p for p in pred])[0])
    with pytest.raises(ValueError):
        bench.binary_mcc([0, 1], [0, 1, 1])


# ---------------------------------------------------------------- tags, tokens, <EOS>

def test_tags_to_bad(bench):
    assert bench.tags_to_bad(["OK", "BAD", "ok", "bad", "GOOD"]) == [0, 1, 0, 1, 0]
    with pytest.raises(ValueError, match="line 3"):
        bench.tags_to_bad(["OK", "GAP"], "line 3")


def test_read_token_lines_ignores_stray_spaces(bench, tmp_path):
    path = tmp_path / "x.tags"
    path.write_text("OK BAD OK \nOK\n\n", encoding="utf-8")
    assert bench.read_token_lines(path) == [["OK", "BAD", "OK"], ["OK"], []]


def test_check_token_counts_fails_loudly(bench):
    bench.check_token_counts([["a", "<EOS>"], ["b", "c", "<EOS>"]], [["OK", "OK"], ["OK", "BAD", "OK"]], "x")
    with pytest.raises(ValueError, match=r"line 2: 3 tokens / 2 tags"):
        bench.check_token_counts([["a", "<EOS>"], ["b", "c", "<EOS>"]], [["OK", "OK"], ["OK", "BAD"]], "x")
    with pytest.raises(ValueError, match="2 token lines but 1 tag lines"):
        bench.check_token_counts([["a"], ["b"]], [["OK"]], "x")


def test_strip_eos_and_unescape(bench):
    assert bench.strip_eos(["Hallo", "Welt", "<EOS>"]) == ["Hallo", "Welt"]
    assert bench.strip_eos(["<EOS>"]) == []
    with pytest.raises(ValueError, match="does not end with <EOS>"):
        bench.strip_eos(["Hallo", "Welt"], "line 1")
    assert bench.unescape_tokens(["&quot;", "AT&amp;T", "&apos;s", "&#91;", "x"]) == ['"', "AT&T", "'s", "[", "x"]


def test_predicted_tags_with_eos(bench):
    # at the threshold counts as BAD; <EOS> is always OK
    assert bench.predicted_tags_with_eos([0.1, 0.5, 0.49, 0.9], 0.5) == [0, 1, 0, 1, 0]
    assert bench.predicted_tags_with_eos([], 0.5) == [0]


# ---------------------------------------------------------------- tokens -> character spans

def test_token_offsets_with_punctuation(bench):
    text = 'Er sagte: "Nein!" (2023)'
    tokens = ["Er", "sagte", ":", '"', "Nein", "!", '"', "(", "2023", ")"]
    offsets = bench.token_offsets(tokens, text)
    assert [text[s:e] for s, e in offsets] == tokens
    assert offsets[:4] == [(0, 2), (3, 8), (8, 9), (10, 11)]
    assert offsets[-1] == (23, 24)


def test_token_offsets_escapes_and_unspaced_scripts(bench):
    assert bench.token_offsets(["&quot;", "ja", "&quot;"], '"ja"') == [(0, 1), (1, 3), (3, 4)]
    assert bench.token_offsets(["我们", "走", "。"], "我们走。") == [(0, 2), (2, 3), (3, 4)]
    with pytest.raises(ValueError, match="token 1 'Welt' not found"):
        bench.token_offsets(["Hallo", "Welt"], "Hallo Erde")


def test_bad_token_spans_merge_adjacent_tokens(bench):
    text = "Das ist ein sehr gutes Haus ."
    offsets = bench.token_offsets(text.split(), text)
    p = [0.1, 0.8, 0.9, 0.2, 0.6, 0.7, 0.0]
    spans = bench.bad_token_spans(offsets, p, 0.5)
    assert spans == [(4, 11, "major"), (17, 27, "major")]
    assert [text[s:e] for s, e, _ in spans] == ["ist ein", "gutes Haus"]
    # the run's highest P(bad) decides the severity
    assert bench.bad_token_spans(offsets, p, 0.5, minor_below=0.75) == [(4, 11, "major"), (17, 27, "minor")]
    assert bench.bad_token_spans(offsets, [0.0] * 7, 0.5) == []
    assert bench.bad_token_spans(offsets, [1.0] * 7, 0.5) == [(0, len(text), "major")]
    with pytest.raises(ValueError):
        bench.bad_token_spans(offsets, [0.0] * 6, 0.5)


# ---------------------------------------------------------------- span F1 (WMT23 task 2)

def test_parse_error_spans(bench):
    assert bench.parse_error_spans("-1", "-1", "no-error") == []
    assert bench.parse_error_spans("0 10", "4 12", "minor major") == [(0, 4, "minor"), (10, 12, "major")]
    with pytest.raises(ValueError, match="severity"):
        bench.parse_error_spans("0", "4", "critical")
    with pytest.raises(ValueError, match="2 starts"):
        bench.parse_error_spans("0 5", "4", "minor")


def test_char_severity_marks(bench):
    major, minor = bench.char_severity_marks(5, [(1, 3, "major"), (0, 0, "minor"), (5, 5, "major"), (4, 99, "minor")])
    assert major.tolist() == [False, True, True, False, False, True]   # slot 5 = omission after the end
    assert minor.tolist() == [True, False, False, False, True, False]  # zero-width at 0; end cut to the text
    major, minor = bench.char_severity_marks(3, [(3, 1, "major")])      # start > end marks nothing
    assert not major.any() and not minor.any()


def test_span_counts_severity_credit(bench):
    # gold: major 2-6, minor 6-8; system: major 4-8
    # chars 4,5: gold major, sys major -> 1 each; chars 6,7: gold minor, sys major -> 0.5 each
    tp, gold, system = bench.span_counts(10, [(2, 6, "major"), (6, 8, "minor")], [(4, 8, "major")])
    assert (tp, gold, system) == (3.0, 6, 4)
    # a character that gold marks both major and minor gets full credit for either severity
    assert bench.span_counts(4, [(0, 2, "major"), (1, 3, "minor")], [(1, 2, "minor")]) == (1.0, 3, 1)
    # an omission (zero-width span) matched by a zero-width prediction at the same place
    assert bench.span_counts(6, [(6, 6, "major")], [(6, 6, "major")]) == (1.0, 1, 1)


def test_span_f1_is_micro_averaged(bench):
    segments = [
        (10, [(2, 6, "major"), (6, 8, "minor")], [(4, 8, "major")]),   # tp 3, gold 6, sys 4
        (5, [], [(0, 2, "major")]),                                      # tp 0, gold 0, sys 2
        (5, [], []),                                                     # nothing either side
    ]
    f1, precision, recall = bench.span_f1(segments[:1])
    assert (precision, recall) == (0.75, 0.5) and f1 == pytest.approx(0.6)
    f1, precision, recall = bench.span_f1(segments)
    assert (precision, recall) == (0.5, 0.5) and f1 == pytest.approx(0.5)
    assert bench.span_f1([(10, [(0, 3, "major")], [])]) == (0.0, 0.0, 0.0)  # no prediction: F1 0, no crash


def test_csv_unquote(bench):
    assert bench.csv_unquote('"Er sagte ""ja""."') == 'Er sagte "ja".'
    assert bench.csv_unquote("plain") == "plain"
    assert bench.csv_unquote('"') == '"'


# ---------------------------------------------------------------- readers and the whole run on tiny files

def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def fake_bench(tmp_path) -> Path:
    root = tmp_path / "bench"
    w22 = root / "wmt22-qe/test_data-gold_labels/task1_word-level/en-de"
    _write(w22 / "test.2022.src", "Hello world.\nGood morning.\n")
    _write(w22 / "test.2022.mt_tok", "Hallo Welt . <EOS>\nGuten &quot;Morgen&quot; <EOS>\n")
    _write(w22 / "test.2022.en-de.tags", "OK BAD OK OK\nOK OK BAD \n")  # the omission is tagged on <EOS>
    inputs = root / "wmt23-qe/test_data_2023"
    _write(inputs / "task2/en-de/test.ende.final.src", "That is good.\nx\nHe said \"yes\".\n")
    _write(inputs / "task2/en-de/test.ende.final.mt", 'Das ist gut.\nHALLU HALLU\nEr sagte "ja".\n')
    _write(inputs / "task1_word_level/en-de/test.ende.final.tok.mt",
           'Das ist gut . <EOS>\nHALLU HALLU <EOS>\nEr sagte " ja " . <EOS>\n')
    gold = root / "wmt23-qe/gold_labels"
    _write(gold / "hallucinations_idx.tsv", "lp\tsid\nen-de\t1\n")
    _write(gold / "hallucinations_gold_T1w_header.tsv",
           "lp\tgold\tsid\tmt\tmttok\ttags\n"
           "en-de\tgold\t0\tDas ist gut.\tDas ist gut . <EOS>\tOK OK BAD OK OK\n"
           "en-de\tgold\t1\thallucination\thallucination\thallucination\n"
           'en-de\tgold\t2\t"Er sagte ""ja""."\t"Er sagte "" ja "" . <EOS>"\tOK OK OK BAD OK OK OK\n')
    _write(gold / "hallucinations_gold_T2_header.tsv",
           "lp\tgold\tsid\tmt\tstart_id\tend_id\terror\n"
           "en-de\tgold\t0\tDas ist gut.\t8\t11\tmajor\n"
           "en-de\tgold\t1\thallucination\t-1\t-1\tno-error\n"
           'en-de\tgold\t2\t"Er sagte ""ja""."\t10\t12\tminor\n')
    refs = root / "reference-results"
    _write(refs / "recomputed_from_official_submissions.tsv",
           "benchmark\ttask\tlp\tsystem\tmetric\tvalue\tn\n"
           "WMT22\ttask1_word-level\ten-de\tOrganizersBaselines\tmcc\t0.1824\t13857\n"
           "WMT23\tT1_word\ten-de\tIST-Unbabel\tmcc\t0.246\t38949\n"
           "WMT23\tT2_error_span\ten-de\tbaseline\tf1\t0.1669\t1887\n"
           "WMT23\tT2_error_span\the-en\tbaseline\tf1\t0.2353\t1134\n")
    _write(refs / "published_reference_numbers.tsv",
           "benchmark\ttest_set\tlp\tsystem\tmetric\tvalue\tsource\tnotes\n"
           "WMT22-QE-T1-word\ttask1_word-level\ten-de\tNJUNLP (best)\tmcc\t0.3519\tsame\t\n"
           "WMT22-QE-T1-MQM\ttask1_mqm\ten-de\tNJUNLP\tspearman\t0.6347\tsame\t\n")
    return root


class FakeTagger:
    name = "fake-words"
    threshold = 0.5
    BAD = frozenset({"Welt", '"Morgen"', "gut", "ja"})

    def __init__(self):
        self.calls = []

    def bad_probabilities(self, sources, target_tokens, src_lang, tgt_lang):
        self.calls.append((list(sources), [list(t) for t in target_tokens], src_lang, tgt_lang))
        return [np.array([0.9 if t in self.BAD else 0.1 for t in tokens]) for tokens in target_tokens]


def test_load_wmt22_word(bench, fake_bench):
    ws = bench.load_wmt22_word(fake_bench, "en-de")
    assert ws.tokens == [["Hallo", "Welt", "."], ["Guten", '"Morgen"']]   # no <EOS>, escapes undone
    assert ws.gold_tags == [[0, 1, 0, 0], [0, 0, 1]]                     # <EOS> kept in the gold
    assert ws.sources == ["Hello world.", "Good morning."]


def test_load_wmt22_word_fails_on_count_mismatch(bench, fake_bench):
    folder = fake_bench / "wmt22-qe/test_data-gold_labels/task1_word-level/en-de"
    _write(folder / "test.2022.en-de.tags", "OK BAD OK OK\nOK OK\n")
    with pytest.raises(ValueError, match=r"line 2: 3 tokens / 2 tags"):
        bench.load_wmt22_word(fake_bench, "en-de")


def test_load_wmt23_word_drops_hallucinations(bench, fake_bench):
    ws = bench.load_wmt23_word(fake_bench, "en-de")
    assert ws.sids == [0, 2]
    assert ws.texts == ["Das ist gut.", 'Er sagte "ja".']                # the unquoted test MT
    assert ws.tokens[1] == ["Er", "sagte", '"', "ja", '"', "."]
    assert ws.gold_tags == [[0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 0, 0]]
    assert ws.gold_spans == [[(8, 11, "major")], [(10, 12, "minor")]]
    short = bench.word_subset(ws, 1)
    assert short.sids == [0] and short.gold_spans == [[(8, 11, "major")]]


def test_tagger_output_shape_is_checked(bench, fake_bench):
    class Short(FakeTagger):
        def bad_probabilities(self, sources, target_tokens, src_lang, tgt_lang):
            return [np.zeros(max(0, len(t) - 1)) for t in target_tokens]

    ws = bench.load_wmt22_word(fake_bench, "en-de")
    with pytest.raises(ValueError, match="segment 0: tagger returned 2 probabilities for 3 tokens"):
        bench.tag_probabilities(Short(), ws)


def test_word_reference_rows(bench, fake_bench):
    refs = bench.read_reference_numbers(fake_bench)
    assert [r[:2] for r in bench.word_reference_rows(refs, "WMT22 word", "en-de")] == [
        ("OrganizersBaselines", "0.1824"), ("NJUNLP (best)", "0.3519")]
    assert [r[:2] for r in bench.word_reference_rows(refs, "WMT23 word", "en-de")] == [("IST-Unbabel", "0.246")]
    assert [r[:2] for r in bench.word_reference_rows(refs, "WMT23 error spans", "en-de")] == [("baseline", "0.1669")]


def test_main_word_level_on_tiny_files(bench, fake_bench, tmp_path, monkeypatch):
    fake = FakeTagger()

    def load(name):
        if name == "fake":
            return fake
        raise RuntimeError("no model | yet")

    monkeypatch.setattr(bench, "load_word_tagger", load)
    out = tmp_path / "qe.md"
    assert bench.main(["--quick", "--scorers", "", "--word-taggers", "fake,qe", "--threads", "0",
                       "--bench-dir", str(fake_bench), "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "by `python metrics/qe_benchmark.py --quick --scorers '' --word-taggers fake,qe" in text
    # WMT22: tp 1 (Welt), fp 1 ("Morgen"), fn 1 (the <EOS> omission), tn 4 -> (4 - 1) / sqrt(2*2*5*5) = 0.3
    assert "| WMT22 word | en-de | MCC | **mtqa `fake`** | 0.3000 | 7 tokens, 2 segs;" in text
    assert "| WMT23 word | en-de | MCC | **mtqa `fake`** | 1.0000 | 12 tokens, 2 segs;" in text
    # spans: "gut" major vs major (3 chars), "ja" major vs gold minor (2 chars at half credit): tp 4 of 5 and 5
    assert "| WMT23 error spans | en-de | span F1 | **mtqa `fake`** | 0.8000 (P 0.8000, R 0.8000) | 2 segs |" in text
    assert "| WMT22 word | en-de | MCC | **mtqa `qe`** | skipped: RuntimeError: no model / yet | - | - |" in text
    assert "| WMT22 word | en-de | MCC | NJUNLP (best) | 0.3519 | full |" in text
    assert "| WMT23 error spans | en-de | span F1 | baseline | 0.1669 | full |" in text
    assert not [line for line in text.splitlines() if line.startswith("| WMT") and "| en-de |" not in line]
    assert "| `fake` word tagger |" in text and "tokens/s" in text
    # the tagger saw raw sources, tokens without <EOS> (escapes undone) and the language pair
    sources, tokens, src_lang, tgt_lang = fake.calls[1]
    assert sources == ["Hello world.", "Good morning."] and tokens[1] == ["Guten", '"Morgen"']
    assert (src_lang, tgt_lang) == ("en", "de")


def test_main_word_limit_and_skip_word(bench, fake_bench, tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "load_word_tagger", lambda name: FakeTagger())
    out = tmp_path / "qe.md"
    bench.main(["--quick", "--scorers", "", "--word-taggers", "fake", "--word-limit", "1", "--threads", "0",
                "--bench-dir", str(fake_bench), "--output", str(out)])
    text = out.read_text(encoding="utf-8")
    assert "the first 1 segments per word-level set" in text
    assert "| WMT22 word | en-de | MCC | **mtqa `fake`** | 1.0000 | 4 tokens, 1 segs;" in text

    empty = tmp_path / "empty"  # --skip-word needs no word-level data at all
    _write(empty / "reference-results/none.tsv", "benchmark\tlp\n")
    bench.main(["--scorers", "", "--skip-word", "--threads", "0", "--bench-dir", str(empty), "--output", str(out)])
    text = out.read_text(encoding="utf-8")
    assert "Skipped (`--skip-word`)." in text and "| WMT22 word |" not in text


# ---------------------------------------------------------------- calibration

def test_calibration_stats_of_a_perfect_and_an_overconfident_scorer(bench):
    good = [1, 1, 0, 0, float("nan")]
    perfect = bench.calibration_stats([1.0, 1.0, 0.0, 0.0, 0.5], good)
    assert perfect["n"] == 4 and perfect["brier"] == 0.0 and perfect["ece"] == 0.0 and perfect["good_rate"] == 0.5
    overconfident = bench.calibration_stats([0.9, 0.9, 0.9, 0.9], [1, 0, 0, 0])
    assert overconfident["brier"] == pytest.approx((0.01 + 3 * 0.81) / 4)
    assert overconfident["ece"] == pytest.approx(0.9 - 0.25)
    assert bench.calibration_stats([], [])["n"] == 0


def test_judged_good_keeps_missing_scores_missing(bench):
    flags = bench.judged_good([95.0, 70.0, 69.9, float("nan")], 70.0)
    assert flags[:3].tolist() == [1.0, 1.0, 0.0] and math.isnan(flags[3])


# ---------------------------------------------------------------- critical errors

def test_mcc_threshold_finds_the_cut_that_separates_errors(bench):
    raw = np.array([0.1, 0.2, 0.3, 0.9, 0.8, 0.7, 0.6, 0.95])
    errors = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    cut, mcc = bench.mcc_threshold(raw, errors)
    assert mcc == pytest.approx(1.0) and 0.3 < cut <= 0.6
    assert bench.binary_mcc(errors, raw < cut)[0] == pytest.approx(1.0)


def test_read_ced_and_run_critical_on_tiny_files(bench, tmp_path):
    folder = tmp_path / "mlqe-pe/catastrophic_errors"
    _write(folder / "ende_majority_dev.tsv",
           "1\tGood.\tGut.\t[0, 0, 0]\tNOT\n2\tNot bad.\tSchlecht.\t[1, 1, 1]\tERR\n3\tYes.\tJa.\t[0, 0, 0]\tNOT\n")
    _write(folder / "ende_majority_test_blind.tsv", "7\tNo.\tJa.\n8\tFine.\tGut.\n")
    _write(folder / "ende_majority_test_goldlabels/test21.tags", "ERR\nNOT\n")
    sources, targets, labels = bench.read_ced(tmp_path, "en-de", "test")
    assert sources == ["No.", "Fine."] and targets == ["Ja.", "Gut."] and labels.tolist() == [1, 0]

    class Flipped:  # low scores for the two pairs whose meaning is turned round
        def score(self, sources, targets, src_lang, tgt_lang):
            wrong = {("Not bad.", "Schlecht."), ("No.", "Ja.")}
            return np.array([0.0 if pair in wrong else 1.0 for pair in zip(sources, targets)])

    [(dev_mcc, test_mcc, cut, n)] = bench.run_critical(Flipped(), tmp_path, ["en-de"], None).values()
    assert n == 2 and dev_mcc == pytest.approx(1.0) and test_mcc == pytest.approx(1.0)
