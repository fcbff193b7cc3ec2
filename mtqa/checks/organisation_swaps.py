"""Organisation and office swaps for MTQA101: the target names a listed organisation or office no version
names, where a version names one of the same kind that the target does not render ("Welthandelsorganisation"
for "World Health Organization", "Asahi Shimbun" for 日本経済新聞, "Außenministerium" for 财政部, "Präfektin"
for "maire"). A target's generic head ("Leiterin", "director", "CEO") may render any title and is no swap.

Both sides must differ, as for cities: an organisation the target adds on its own (an explanation)
or one it leaves implicit ("der Konzern") is no swap; and the two must be of one kind (companies,
media, universities and institutes, public bodies ...), since a translation that drops a company
and names a newspaper has not mistaken the one for the other. Whether the target renders the
version's organisation is asked leniently (any form, any case, any ending, inside a compound), so
that an unusual rendering does not read as a swap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from mtqa.checks.base import DocumentView


@dataclass(frozen=True)
class OrganisationSwap:
    sentence: int
    start: int
    end: int
    lang: str  # the version that names another organisation
    unrendered: tuple[str, ...]  # the version's names the target does not render
    what: str = "organisation"  # or "office" ("Präfektin" for "maire")


def organisation_swaps(view: DocumentView) -> Iterable[OrganisationSwap]:
    from mtqa.organisations import general_office, kind_groups, mentions, names_any

    for sentence in view.content():
        named = mentions(sentence.text, view.target_lang)
        if not named:
            continue
        versions = {lang: (part.text, mentions(part.text, lang)) for lang, part in sentence.counterparts.items()
                    if part.text}
        for mention in named:
            if general_office(mention.ids) or any(names_any(text, mention.ids) for text, _ in versions.values()):
                continue
            groups = kind_groups(mention.ids)
            for lang, (text, theirs) in sorted(versions.items()):
                unrendered = tuple(text[m.start : m.end] for m in theirs
                                   if kind_groups(m.ids) & groups and not names_any(sentence.text, m.ids)
                                   and text[m.start : m.end] not in sentence.text)
                if unrendered:
                    what = "office" if groups == {"office"} else "organisation"
                    yield OrganisationSwap(sentence.index, mention.start, mention.end, lang, unrendered, what)
