"""Large corpus folders for the speed benchmarks, built from the seed article the project ships.

The seed article (``corpora/seed-article/``: German, English, French, Chinese, paragraph-aligned)
is repeated until the German text has the requested number of sentences. Each copy ``k`` of
paragraph ``p`` gets the code ``k-p`` before the closing punctuation of every one of its sentences,
in every language, so that no two sentences of the corpus are the same: a cold embedding cache then
has to encode every sentence, as it would for a real document. Paragraphs stay aligned across the
languages, sentence counts per paragraph differ as they do in the seed (1-2 and 2-1 alignments).
"""

from __future__ import annotations

import re
from pathlib import Path

from mtqa.io.plaintext import split_paragraphs
from mtqa.segment import split_sentences

SEED_DIR = Path(__file__).resolve().parent.parent / "corpora" / "seed-article"
TARGET = "de"
# The closing punctuation (and quotes) at the end of a sentence, before which the code goes.
_CLOSING = re.compile(r"[.!?。！？…:：;；\"'“”„»«」』）)]*$")


def seed_paragraphs(lang: str) -> list[list[str]]:
    """The seed article in ``lang`` as paragraphs of sentences."""
    text = (SEED_DIR / f"{lang}.txt").read_text(encoding="utf-8")
    return [[text[p + s:p + e] for s, e in split_sentences(text[p:q], lang)] for p, q in split_paragraphs(text)]


def coded(sentence: str, code: str, lang: str) -> str:
    """``sentence`` with ``code`` in brackets before its closing punctuation."""
    body = _CLOSING.sub("", sentence)
    tail = sentence[len(body):]
    mark = f"（{code}）" if lang in ("zh", "ja") else f" ({code})"
    return f"{body}{mark}{tail}"


def build_corpus(folder: Path, target_sentences: int, version_langs: list[str]) -> int:
    """Write ``de.txt`` and one file per version language into ``folder``; returns the German
    sentence count (the first whole copy of the seed at or above ``target_sentences``, paragraph by
    paragraph)."""
    seeds = {lang: seed_paragraphs(lang) for lang in [TARGET, *version_langs]}
    paragraphs = min(len(p) for p in seeds.values())
    texts: dict[str, list[str]] = {lang: [] for lang in seeds}
    count = copy = 0
    while count < target_sentences:
        for p in range(paragraphs):
            if count >= target_sentences:
                break
            code = f"{copy + 1}-{p + 1}"
            for lang, seed in seeds.items():
                joiner = "" if lang in ("zh", "ja") else " "
                texts[lang].append(joiner.join(coded(s, code, lang) for s in seed[p]))
            count += len(seeds[TARGET][p])
        copy += 1
    folder.mkdir(parents=True, exist_ok=True)
    for lang, paras in texts.items():
        (folder / f"{lang}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return count
