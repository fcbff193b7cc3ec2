#!/usr/bin/env python3
"""Assemble ``challenge.jsonl`` from the hand-written parts and split it, once, into dev and test.

The parts (``parts/<lang>.jsonl``, one per source language) were written by people who did not read
mtqa's check code. The first, smaller set (``parts/v1.jsonl``) was looked at while the checks were
written, so all of it goes to dev; so do parts written after the split was drawn (``parts/<lang>2.jsonl``),
so the test split never changes. Every other pair is assigned by a hash of its id within its stratum
(source language x label x category or trap), half to dev and half to test, so the split is stable
and does not depend on file order. Run it only when a part is added; never to move an item.

    python corpora/challenge/build.py
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ("v1", "en", "zh", "fr", "ja", "en2", "zh2", "fr2", "ja2", "en3", "zh3", "fr3", "ja3", "en4", "zh4", "fr4", "ja4", "en5", "zh5", "fr5", "ja5", "xt5", "en6", "zh6", "fr6", "ja6", "xt6", "en7", "zh7", "fr7", "ja7", "xt7", "en8", "zh8", "fr8", "ja8", "xt8", "en9", "zh9", "fr9", "ja9", "xt9", "en10", "zh10", "fr10", "ja10", "xt10", "en11", "zh11", "fr11", "ja11", "xt11", "en12", "zh12", "fr12", "ja12", "xt12", "en13", "zh13", "fr13", "ja13", "xt13", "en14", "zh14", "fr14", "ja14", "xt14")
SPLIT_PARTS = ("en", "zh", "fr", "ja")  # the parts the frozen split was drawn from; every other part is dev only
V1_SEVERITY = {"entity": "critical", "number": "critical", "negation": "critical", "fluency": "minor"}


def _from_v1(pair: dict) -> dict:
    """The first set's fields in the current schema; its ids gain a ``v1-`` prefix."""
    error = pair["label"] == "error"
    return {**pair, "id": f"v1-{pair['id']}",
            "severity": V1_SEVERITY.get(pair["category"], "major") if error else None,
            "src_span": None, "trap": None if error else "unlabelled", "group": "main"}


def _stratum(pair: dict) -> tuple:
    return pair["src_lang"], pair["group"], pair["label"], pair["category"] or pair["trap"]


def assign_splits(pairs: list[dict]) -> None:
    strata: dict[tuple, list[dict]] = defaultdict(list)
    for pair in pairs:
        if pair["id"].split("-")[0] in SPLIT_PARTS:
            strata[_stratum(pair)].append(pair)
        else:
            pair["split"] = "dev"
    for members in strata.values():
        members.sort(key=lambda p: hashlib.sha256(p["id"].encode()).hexdigest())
        for k, pair in enumerate(members):
            pair["split"] = "dev" if k % 2 == 0 else "test"


def main() -> None:
    pairs = []
    for name in ORDER:
        path = HERE / "parts" / f"{name}.jsonl"
        if not path.exists():
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        pairs.extend(_from_v1(r) for r in rows) if name == "v1" else pairs.extend(rows)
    assign_splits(pairs)
    for pair in pairs:
        if pair["error_span"] is not None:
            assert pair["tgt"].count(pair["error_span"]) == 1, pair["id"]
    out = HERE / "challenge.jsonl"
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    counts = defaultdict(int)
    for pair in pairs:
        counts[pair["split"], pair["label"]] += 1
    print(f"{out.name}: {len(pairs)} pairs;", ", ".join(f"{s} {l} {n}" for (s, l), n in sorted(counts.items())))


if __name__ == "__main__":
    main()
