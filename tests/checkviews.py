"""Helpers that build DocumentViews by hand for the check tests."""

from __future__ import annotations

from mtqa.checks.base import Counterpart, DocumentView, SentenceView, UnalignedVersionSentence


def view(target_lang: str, rows: list[tuple[str, dict[str, str]]], unaligned: list[UnalignedVersionSentence] = (),
         similarity: float = 0.8) -> DocumentView:
    """One target sentence per row, each with its 1-1 counterparts {lang: text}."""
    langs = sorted({lang for _, parts in rows for lang in parts})
    sentences = [
        SentenceView(i, text, None, {lang: Counterpart(lang, part, "1-1" if part else "1-0",
                                                       similarity if part else None, 1.0)
                                     for lang, part in parts.items()})
        for i, (text, parts) in enumerate(rows)
    ]
    return DocumentView(target_lang, sentences, langs, list(unaligned))
