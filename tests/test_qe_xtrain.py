"""Training the cross-encoder: inputs and labels, the batch order, and a resumed run that ends exactly
where an uninterrupted one does (on a few handmade pairs, top layer only)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from mtqa.qe.crossencoder import piece_tokenizer  # noqa: E402
from mtqa.qe.xdata import Example  # noqa: E402
from mtqa.qe.xtrain import Settings, encode_all, encode_example, epoch_batches, fit  # noqa: E402

PAIRS = [
    ("The council approved the budget.", "Der Rat billigte den Haushalt.", (), False, 0.5),
    ("The council approved the budget.", "Der Rat lehnte den Haushalt ab.", ((8, 13),), False, -1.0),
    ("Heavy rain caused floods.", "Starker Regen verursachte Überschwemmungen.", (), False, 0.7),
    ("Heavy rain caused floods in three villages.", "Starker Regen verursachte Überschwemmungen.", (), True, -0.5),
    ("She sold the house.", "Sie verkaufte das Haus.", (), False, 0.6),
    ("She sold the house.", "She sold the house.", ((0, 19),), False, -2.0),
    ("Prices rose by 3 percent.", "Die Preise stiegen um 8 Prozent.", ((21, 22),), False, -1.2),
    ("Prices rose by 3 percent.", "Die Preise stiegen um 3 Prozent.", (), False, 0.4),
]


def _examples() -> list[Example]:
    return [Example(s, t, "en", "de", {"mqm": score, "critical": float(score < -1)}, spans, omission)
            for s, t, spans, omission, score in PAIRS]


def test_labels_mark_the_pieces_inside_bad_spans_and_omission_on_the_last_token():
    tokenizer = piece_tokenizer()
    ids, labels, first = encode_example(tokenizer, _examples()[6])
    pieces = tokenizer.encode(PAIRS[6][1])
    bad = [k for k, (a, b) in enumerate(pieces.spans) if a < 22 and 21 < b]
    assert labels[:first].tolist() == [-1] * first  # source and separators carry no label
    assert [k for k, value in enumerate(labels[first:-1]) if value == 1] == bad
    assert labels[-1] == 0
    _, labels, _ = encode_example(tokenizer, _examples()[3])
    assert labels[-1] == 1 and not labels[:-1].clip(0).any()
    unlabelled = Example("a", "b", "en", "de", {"da": 0.0})
    assert set(encode_example(tokenizer, unlabelled)[1].tolist()) == {-1}


def test_epoch_batches_cover_every_example_once_in_a_seeded_order():
    lengths = np.random.default_rng(0).integers(5, 100, 1000)
    batches = epoch_batches(lengths, 16, seed=3, epoch=0)
    assert sorted(np.concatenate(batches).tolist()) == list(range(1000))
    assert all(len(b) <= 16 for b in batches)
    again = epoch_batches(lengths, 16, seed=3, epoch=0)
    assert all(np.array_equal(a, b) for a, b in zip(batches, again))
    other = epoch_batches(lengths, 16, seed=3, epoch=1)
    assert not all(np.array_equal(a, b) for a, b in zip(batches, other))
    spread = np.mean([lengths[b].max() - lengths[b].min() for b in batches])
    assert spread < 10  # length-sorted pools: little padding


SETTINGS = Settings(seed=1, batch=4, total_steps=4, freeze=11, checkpoint_every=2, dev_every=1000, warmup=1)


def _weights(path):
    state = torch.load(path, weights_only=False)
    return state["step"], state["model"]


def test_a_resumed_run_ends_where_an_uninterrupted_one_does(tmp_path, monkeypatch):
    encoded = encode_all(_examples(), tmp_path / "data.pkl")
    straight = tmp_path / "straight"
    straight.mkdir()
    assert fit(encoded, {}, straight, SETTINGS) == 4

    interrupted = tmp_path / "interrupted"
    interrupted.mkdir()
    import mtqa.qe.xtrain as xtrain

    original_save = xtrain.save_atomic

    def save_then_stop(obj, path):
        original_save(obj, path)
        if obj["step"] == 2:
            raise KeyboardInterrupt  # the session ends right after the step-2 checkpoint

    monkeypatch.setattr(xtrain, "save_atomic", save_then_stop)
    with pytest.raises(KeyboardInterrupt):
        fit(encoded, {}, interrupted, SETTINGS)
    monkeypatch.setattr(xtrain, "save_atomic", original_save)
    with pytest.raises(SystemExit, match="--resume"):
        fit(encoded, {}, interrupted, SETTINGS)
    assert fit(encoded, {}, interrupted, SETTINGS, resume=True) == 4

    step_a, a = _weights(straight / "last.pt")
    step_b, b = _weights(interrupted / "last.pt")
    assert step_a == step_b == 4 and a.keys() == b.keys()
    for name in a:
        assert torch.equal(a[name], b[name]), name
    assert any(not torch.equal(a[name], torch.zeros_like(a[name])) for name in a)


def _challenge_row(pair_id, split="dev", group="main", **error):
    row = {"id": pair_id, "src_lang": "en", "src": "The council approved the budget on Monday.", "tgt_lang": "de",
           "tgt": "Der Rat billigte den Haushalt am Montag.", "label": "correct", "category": None, "severity": None,
           "error_span": None, "src_span": None, "trap": "plain", "group": group, "split": split, "note": ""}
    if error:
        row.update(label="error", trap=None, **error)
    return row


def test_challenge_pairs_train_on_dev_hold_out_the_last_parts_and_never_read_test(tmp_path):
    import json

    from mtqa.qe.xdata import load_challenge

    rows = [_challenge_row("en3-001"),
            _challenge_row("en3-002", tgt="Der Rat lehnte den Haushalt am Montag ab.", category="negation",
                           severity="critical", error_span="lehnte"),
            _challenge_row("zh4-001", tgt="Der Rat billigte den Haushalt.", category="omission", severity="major",
                           src_span="on Monday"),
            _challenge_row("v1-en-001", tgt="Der Rat billigte den Haushalt am Montag , sagte er .", group="tokenised"),
            _challenge_row("fr9-001"),
            _challenge_row("xt19-001", tgt="Der Rat billigte den Haushalt am Freitag.", category="number",
                           severity="critical", error_span="Freitag"),
            _challenge_row("ja5-001", split="test")]
    path = tmp_path / "challenge.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    train, held = load_challenge(path, (-2.0, 0.025))

    assert [e.target for e in held] == [rows[4]["tgt"]]  # part fr9: held out
    assert len(train) == 4  # no tokenised pair, no test pair
    correct, negated, omitted, swapped = train
    assert correct.bad_spans == () and correct.omission is False and correct.scores == {"mqm": 0.5, "critical": 0.0}
    assert negated.target[slice(*negated.bad_spans[0])] == "lehnte" and negated.scores["critical"] == 1.0
    assert negated.scores["mqm"] < correct.scores["mqm"]
    assert omitted.omission is True and omitted.bad_spans == () and omitted.scores["critical"] == 0.0
    assert swapped.target[slice(*swapped.bad_spans[0])] == "Freitag"  # part xt19 is not part 9
    assert all(e.origin == "challenge en>de" for e in train)  # not an "en-de" pair the model was judged on
