"""Wording shared by console and summary text: a count with the right form of its noun."""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 sentence``, ``0 sentences``, ``2 sentences``; ``plural_form`` where adding "s" is wrong."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"
