"""Word forms and their opposites ("stieg" / "sank", "hired" / "fired", 增加 / 减少), per language.

``mtqa/data/opposites.json`` lists pairs of the same grammatical form with opposite meanings (written
for mtqa, CC0). Training uses them to make synthetic errors (``mtqa.qe.synthetic``); the check
``mtqa.checks.opposites`` uses them to ask whether a version says the opposite of the target.
Forms are matched as whole words, or as substrings in languages written without spaces.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from mtqa.words import SIMPLE_WORD, UNSEGMENTED

OPPOSITES_FILE = Path(__file__).parent / "data" / "opposites.json"


@lru_cache(maxsize=1)
def opposite_forms() -> dict[str, dict[str, str]]:
    """Per language, each listed word form mapped to its opposite (both directions of every pair)."""
    table = json.loads(OPPOSITES_FILE.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for lang, pairs in table.items():
        if not lang.startswith("_"):
            forms = out.setdefault(lang, {})
            for a, b in pairs:
                forms.setdefault(a, b)
                forms.setdefault(b, a)
    return out


def opposite_spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, opposite) of each listed form in ``text``; a sentence-initial capital is kept."""
    forms = opposite_forms().get(lang, {})
    if lang in UNSEGMENTED:
        return sorted({(m.start(), m.end(), forms[form]) for form in forms if len(form) >= 2
                       for m in re.finditer(re.escape(form), text)})
    found = []
    for match in SIMPLE_WORD.finditer(text):
        a, b = match.span()
        word = text[a:b]
        lowered = word[:1].lower() + word[1:]
        if word in forms:
            found.append((a, b, forms[word]))
        elif a == 0 and word[:1].isupper() and lowered in forms:
            new = forms[lowered]
            found.append((a, b, new[:1].upper() + new[1:]))
    return found
