"""Training and dev examples for the cross-encoder, from train/dev splits only (never a test split).

Sources (under ``--bench-dir``, see its INVENTORY.md):

- MLQE-PE train/dev, 7 pairs: DA ``z_mean`` (``da``), HTER (``hter``, negated so higher is better), word
  tags from post-edits (a BAD gap anywhere marks an omission, carried by the final ``</s>``);
- WMT22 MQM dev (en-de, zh-en, en-ru): ``z_score`` (``mqm``) and MQM word tags (the ``<EOS>`` tag marks an
  omission); segments whose index is a multiple of 3 are held out for model choice and calibration;
- WMT21 critical-error train/dev (en-de, en-zh, en-ja, en-cs): ``critical`` (1 = ERR);
- synthetic errors (``mtqa.qe.synthetic``) made from translations judged error-free (MLQE-PE HTER 0, MQM
  score 100), each labelled with its MQM score and spans; the originals are kept with their own labels;
- optionally, the project's challenge set (``corpora/challenge``), **dev split only**: each pair labelled
  with the MQM score its severity gives, the critical flag and its error span (an omission marks the final
  ``</s>``); the parts written last (``CHALLENGE_HELD_OUT``) are held out for model choice. Tokenised
  pairs are left out (the model reads text with its punctuation attached, as ``mtqa check`` feeds it).

Every regression target is "higher is better" and standardised per language pair on its train part.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mtqa.qe.synthetic import KINDS, PENALTY, Pair, mqm_score, perturb

MLQE_PAIRS = ["en-de", "en-zh", "et-en", "ne-en", "ro-en", "ru-en", "si-en"]
MQM_PAIRS = ["en-de", "zh-en", "en-ru"]
CED_PAIRS = ["en-de", "en-zh", "en-ja", "en-cs"]
MQM_HELD_OUT_EVERY = 3
EXTRA_KIND = "opposite"  # tried on every error-free original, besides the drawn kind
MQM_WEIGHT = 3  # MQM rows are few but the closest to what mtqa is measured on
CHALLENGE_HELD_OUT = re.compile(r"(?<!\d)9$")  # part names ending in 9 (en9, xt9 …): the last parts written


@dataclass
class Example:
    source: str
    target: str
    src_lang: str
    tgt_lang: str
    scores: dict[str, float]
    bad_spans: tuple[tuple[int, int], ...] | None = None  # None: no word labels
    omission: bool | None = None
    origin: str = ""
    extra: dict = field(default_factory=dict)


def read_tsv(handle):
    """An MLQE-PE table; quoting off, as its INVENTORY says (default quoting silently drops rows)."""
    import pandas as pd

    return pd.read_csv(handle, sep="\t", quoting=csv.QUOTE_NONE)


def tar_member(path: Path, suffix: str) -> bytes:
    """The bytes of the member of the tarball ``path`` whose name ends in ``suffix``."""
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            if member.name.endswith(suffix):
                return archive.extractfile(member).read()
    raise FileNotFoundError(f"{path}: no member ending in {suffix}")


def tagged_spans(tokens: list[str], tags: list[str], text: str) -> tuple[tuple[int, int], ...] | None:
    """Character spans in ``text`` of the tokens tagged BAD; None where the tokens cannot be found in order."""
    spans, pos = [], 0
    for token, tag in zip(tokens, tags):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        for form in (token, html.unescape(token)):
            if form and text.startswith(form, pos):
                if tag == "BAD":
                    spans.append((pos, pos + len(form)))
                pos += len(form)
                break
        else:
            return None
    return tuple(spans)


def _standardise(values: np.ndarray) -> tuple[float, float]:
    return float(np.mean(values)), float(np.std(values) or 1.0)


def mlqe_files(bench: Path, lp: str, split: str) -> tuple[object, callable]:
    """MLQE-PE ``split`` (train, dev, or test20) of one pair: its DA table and a reader of its post-editing
    files by suffix (``read("mt")`` → lines), wherever the split keeps them (train ones are tarballs)."""
    code = lp.replace("-", "")
    if split == "train":
        da = read_tsv(io.BytesIO(tar_member(bench / f"mlqe-pe/direct-assessments/train/{lp}-train.tar.gz",
                                            f"train.{code}.df.short.tsv")))
        pe_tar = bench / f"mlqe-pe/post-editing/train/{lp}-train.tar.gz"
        return da, lambda name: tar_member(pe_tar, f"train.{name}").decode("utf-8").splitlines()
    da_dir = f"dev/{lp}-dev" if split == "dev" else f"test/{lp}"
    da = read_tsv(bench / f"mlqe-pe/direct-assessments/{da_dir}/{split}.{code}.df.short.tsv")
    pe = bench / f"mlqe-pe/post-editing/{'dev' if split == 'dev' else 'test'}/{lp}-{split}"
    return da, lambda name: (pe / f"{split}.{name}").read_text(encoding="utf-8").splitlines()


def load_mlqe(bench: Path, lp: str, split: str) -> list[Example]:
    """MLQE-PE ``split`` (train, dev, or test20 for the benchmark only) of one pair, its targets
    standardised over that split."""
    src, tgt = lp.split("-")
    da, read = mlqe_files(bench, lp, split)
    mt_lines, tag_lines, hter = read("mt"), read("tags"), np.array([float(x) for x in read("hter")])
    n = min(len(da), len(mt_lines), len(hter))
    z = da["z_mean"].to_numpy(float)[:n]
    stats = {"da": _standardise(z), "hter": _standardise(-hter[:n])}
    examples = []
    for i in range(n):
        tokens, tags = mt_lines[i].split(), tag_lines[i].split()
        target = str(da["translation"][i])
        spans = tagged_spans(tokens, tags[1::2], target) if len(tags) == 2 * len(tokens) + 1 else None
        scores = {"da": (z[i] - stats["da"][0]) / stats["da"][1],
                  "hter": (-hter[i] - stats["hter"][0]) / stats["hter"][1]}
        examples.append(Example(str(da["original"][i]), target, src, tgt, scores, spans,
                                "BAD" in tags[0::2] if spans is not None else None, f"mlqe-{split} {lp}",
                                {"hter": float(hter[i]), "da_mean": float(da["mean"][i])}))
    return examples


def load_mqm(bench: Path, lp: str) -> tuple[list[Example], list[Example]]:
    """WMT22 MQM dev of one pair, as (train part, held-out part)."""
    import pandas as pd

    src, tgt = lp.split("-")
    code = src + tgt
    frame = pd.read_csv(bench / f"wmt22-qe/train-dev_data/task1_mqm/dev/{lp}/{lp}-mqm.2022_dev.csv")
    word_dir = bench / f"wmt22-qe/train-dev_data/task1_word-level/dev/{lp}_mqm"
    mt_lines = (word_dir / f"mqm_dev2022_{code}.mt").read_text(encoding="utf-8").splitlines()
    tag_lines = (word_dir / f"mqm_dev2022_{code}.tags").read_text(encoding="utf-8").splitlines()
    train, held = [], []
    for i in range(len(frame)):
        tokens, tags = mt_lines[i].split(), tag_lines[i].split()
        target = str(frame["mt"][i])
        spans = None
        if tokens and tokens[-1] == "<EOS>" and len(tags) == len(tokens):
            spans = tagged_spans(tokens[:-1], tags[:-1], target)
        example = Example(str(frame["src"][i]), target, src, tgt, {"mqm": float(frame["z_score"][i])}, spans,
                          tags[-1] == "BAD" if spans is not None else None, f"mqm-dev {lp}",
                          {"mqm_score": float(frame["score"][i])})
        (held if i % MQM_HELD_OUT_EVERY == 0 else train).append(example)
    return train, held


def load_ced(bench: Path, lp: str, split: str) -> list[Example]:
    """WMT21 critical-error detection ``split`` (train or dev) of one pair."""
    src, tgt = lp.split("-")
    path = bench / f"mlqe-pe/catastrophic_errors/{src}{tgt}_majority_{split}.tsv"
    examples = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            examples.append(Example(row[1], row[2], src, tgt, {"critical": float(row[-1] == "ERR")},
                                    origin=f"ced-{split} {lp}"))
    return examples


def mqm_to_z(bench: Path) -> tuple[float, float]:
    """(a, b) with z ≈ a + b · MQM score, fitted over the MQM dev sets (z is linear in the score)."""
    import pandas as pd

    frames = [pd.read_csv(bench / f"wmt22-qe/train-dev_data/task1_mqm/dev/{lp}/{lp}-mqm.2022_dev.csv")
              for lp in MQM_PAIRS]
    score = np.concatenate([f["score"].to_numpy(float) for f in frames])
    z = np.concatenate([f["z_score"].to_numpy(float) for f in frames])
    b, a = np.polyfit(score, z, 1)
    return float(a), float(b)


def is_error_free(example: Example) -> bool:
    if "mqm_score" in example.extra:
        return example.extra["mqm_score"] >= 100.0
    return example.extra.get("hter", 1.0) == 0.0


def _damaged_example(example: Example, damaged, to_z: tuple[float, float], origin: str) -> Example:
    a, b = to_z
    score = mqm_score(PENALTY[damaged.severity], damaged.target, example.tgt_lang)
    return Example(example.source, damaged.target, example.src_lang, example.tgt_lang,
                   {"mqm": a + b * score, "critical": float(damaged.critical)},
                   damaged.bad_spans, damaged.omission, f"{origin} {damaged.kind}",
                   {"kind": damaged.kind, "original": example.target})


def synthetic_examples(originals: list[Example], to_z: tuple[float, float], seed: int,
                       origin: str = "synthetic") -> list[Example]:
    """Damaged copies of each error-free original, labelled with its MQM score, critical flag and spans:
    one of a kind drawn at random (up to 3 tries), and one of ``EXTRA_KIND`` where it applies, because
    that kind fits few sentences. The originals get ``mqm`` (score 100) and ``critical`` 0 too."""
    rng = np.random.default_rng(seed)
    extra_rng = np.random.default_rng([seed, 1])
    by_lang: dict[str, list[str]] = {}
    for example in originals:
        by_lang.setdefault(example.tgt_lang, []).append(example.target)
    a, b = to_z
    out = []
    for example in originals:
        if not is_error_free(example):
            continue
        example.scores.setdefault("mqm", a + b * 100.0)
        example.scores.setdefault("critical", 0.0)
        pool_all = by_lang[example.tgt_lang]
        pool = [pool_all[j] for j in rng.integers(0, len(pool_all), 40)]
        pair = Pair(example.source, example.target, example.src_lang, example.tgt_lang)
        drawn = None
        for kind in rng.permutation(KINDS)[:3]:
            drawn = perturb(pair, str(kind), pool, rng)
            if drawn is not None:
                out.append(_damaged_example(example, drawn, to_z, origin))
                break
        if drawn is None or drawn.kind != EXTRA_KIND:
            extra = perturb(pair, EXTRA_KIND, pool, extra_rng)
            if extra is not None:
                out.append(_damaged_example(example, extra, to_z, origin))
    return out


def _challenge_example(row: dict, to_z: tuple[float, float]) -> Example:
    a, b = to_z
    error = row["label"] == "error"
    score = mqm_score(PENALTY[row["severity"] or "major"], row["tgt"], row["tgt_lang"]) if error else 100.0
    spans: tuple[tuple[int, int], ...] = ()
    if error and row["error_span"] and row["tgt"].count(row["error_span"]) == 1:
        start = row["tgt"].index(row["error_span"])
        spans = ((start, start + len(row["error_span"])),)
    elif error and row["category"] != "omission":
        spans = None  # an error somewhere, but not where: no word labels
    # "src>tgt", not "src-tgt": these invented pairs do not count as human-judged MT of that language pair
    return Example(row["src"], row["tgt"], row["src_lang"], row["tgt_lang"],
                   {"mqm": a + b * score, "critical": float(row["severity"] == "critical")}, spans,
                   error and row["category"] == "omission", f"challenge {row['src_lang']}>{row['tgt_lang']}",
                   {"mqm_score": score, "category": row["category"] or "correct"})


def challenge_part(pair_id: str) -> str:
    """The part a challenge pair comes from: "en9-014" → "en9", "v1-en-020" → "v1-en"."""
    return pair_id.rsplit("-", 1)[0]


def load_challenge(path: Path, to_z: tuple[float, float]) -> tuple[list[Example], list[Example]]:
    """The challenge set's dev pairs, untokenised, as (training, held out)."""
    train, held = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["split"] != "dev" or row["group"] == "tokenised":
                continue
            example = _challenge_example(row, to_z)
            (held if CHALLENGE_HELD_OUT.search(challenge_part(row["id"])) else train).append(example)
    return train, held


def training_set(bench: Path, seed: int) -> list[Example]:
    """Every training example, the MQM ones ×``MQM_WEIGHT``."""
    examples = []
    for lp in MLQE_PAIRS:
        examples.extend(load_mlqe(bench, lp, "train"))
    for lp in MQM_PAIRS:
        train, _ = load_mqm(bench, lp)
        examples.extend(train * MQM_WEIGHT)
    for lp in CED_PAIRS:
        part = load_ced(bench, lp, "train")
        errors = [e for e in part if e.scores["critical"] == 1.0]
        fine = [e for e in part if e.scores["critical"] == 0.0]
        keep = np.random.default_rng(seed).permutation(len(fine))[:2 * len(errors)]
        examples.extend(errors + [fine[i] for i in sorted(keep)])
    originals = [e for e in examples if e.origin.startswith(("mlqe-train", "mqm-dev"))]
    unique = list({(e.source, e.target): e for e in originals}.values())
    examples.extend(synthetic_examples(unique, mqm_to_z(bench), seed))
    return examples


def dev_sets(bench: Path, seed: int) -> dict[str, list[Example]]:
    """Held-out sets for model choice, thresholds and calibration, by name."""
    sets: dict[str, list[Example]] = {}
    for lp in MLQE_PAIRS:
        sets[f"mlqe-dev {lp}"] = load_mlqe(bench, lp, "dev")
    for lp in MQM_PAIRS:
        sets[f"mqm-held {lp}"] = load_mqm(bench, lp)[1]
    for lp in CED_PAIRS:
        sets[f"ced-dev {lp}"] = load_ced(bench, lp, "dev")
    originals = [e for name, part in sets.items() if name.startswith("mlqe") for e in part]
    sets["synthetic-dev"] = synthetic_examples(originals, mqm_to_z(bench), seed + 1, "synthetic-dev")
    return sets
