"""Organisations across languages and scripts (``mtqa/data/organisations.json``, written for mtqa,
CC0): which organisations a name can denote.

"Weltgesundheitsorganisation", "OMS" and 世界卫生组织 all name the WHO; "Welthandelsorganisation"
names the WTO, never the WHO. So a translation that writes one where its source writes the other has
swapped an organisation, while one that writes the German form of the source's has not. Companies,
newspapers, universities, public bodies, parties, clubs and generic ministries ("Finanzministerium",
财政部, 財務省) are listed with their forms in each language's press.

Two questions are asked of a text, strictly and leniently:

- ``mentions``: where the text names a listed organisation. Latin-script forms match as whole
  words with the capitals the form has (so "orange" is a colour, "Orange" the operator); a one-word
  form may take a genitive ("Huaweis", "WHO's"), every word of a longer one a German ending ("der
  Europäischen Zentralbank"); a one-word form that is a common word of the text's language ("Bahn"
  in German) is passed over unless written in capitals. Chinese and Japanese forms match where a
  word begins (jieba's words, or Janome's for Japanese) and ends, or before a company suffix:
  京东 in 北京东部 and 财政部 in 财政部门 are none, 腾讯 in 腾讯控股 is one.
- ``names_any``: whether the text names one of some organisations at all, in any case, inside a
  compound ("Huawei-Chef") or with any ending; this is the question "is it rendered?", where a
  missed rendering would make a false alarm.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ORGANISATIONS_FILE = Path(__file__).parent / "data" / "organisations.json"
OFFICES_FILE = Path(__file__).parent / "data" / "offices.json"  # "Bürgermeisterin", "maire", 市長 ...
_WORD = re.compile(r"\w+(?:[.&’']\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# a run of characters with the Latin letters and digits glued to it: a form may mix them ("JR東日本", "LVMH集团")
_CJK_RUN = re.compile(r"[A-Za-z0-9]*(?:[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af][A-Za-z0-9]*)+")
GENITIVE = ("'s", "’s", "'", "’", "s")
ENDINGS = ("'s", "es", "en", "er", "em", "s", "n", "e")  # longest first (fold writes ’ as ')
MIN_WORD_LIKE_ACRONYM = 4  # "ENGIE", "NATO" are written "Engie", "Nato"; "WHO" is not "Who"
COMMON_WORD_ZIPF = 4.0  # a one-word form this common in the text's language (and rarer elsewhere) may be a word
MIN_COMPOUND_HEAD = 4  # "Huawei-Chef", "Siemensaktie": a form this long may begin a compound
# Kinds confused with one another: a swap is reported within a group only.
KIND_GROUPS = {"university": "academic", "research": "academic", "international": "public",
               "government": "public", "ministry": "public"}


@dataclass(frozen=True)
class Mention:
    """An organisation's name in a text: its character span and the organisations it can denote."""

    start: int
    end: int
    ids: frozenset[str]


@dataclass(frozen=True)
class _Form:
    words: tuple[str, ...]  # as written in the list
    ids: frozenset[str]


@dataclass(frozen=True)
class _Index:
    latin: dict[tuple[str, ...], _Form]  # folded words (of a longer form: stems) -> the form
    longest: dict[str, int]  # a form's first folded word or stem -> the most words of a form beginning with it
    cjk: dict[str, frozenset[str]]
    cjk_lengths: tuple[int, ...]  # longest first
    kinds: dict[str, str]
    forms_of: dict[str, tuple[tuple[str, ...], ...]]  # id -> every Latin form's folded words
    cjk_of: dict[str, tuple[str, ...]]  # id -> every form in characters


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c)).casefold().replace("’", "'")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A folded word without one German or French ending: "deutschen" and "deutsche" are "deutsch"."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    """Words, hyphens splitting them ("Huawei-Chef"), a French or Italian elided article cut off ("l'OMS")."""
    from mtqa.words import ELIDED_ARTICLE

    found = []
    for match in _WORD.finditer(text.replace("-", " ")):
        cut = ELIDED_ARTICLE.match(match.group())
        start = match.start() + (cut.end() if cut else 0)
        found.append(_Word(text[start : match.end()], start, match.end()))
    return found


def _form_words(form: str) -> tuple[str, ...]:
    """The words of a listed form, as ``_words`` reads a text."""
    from mtqa.words import ELIDED_ARTICLE

    words = []
    for word in _WORD.findall(form.replace("-", " ")):
        cut = ELIDED_ARTICLE.match(word)
        words.append(word[cut.end():] if cut else word)
    return tuple(words)


def _key(words: tuple[str, ...]) -> tuple[str, ...]:
    """How a form is looked up: one word as it is, the words of a longer form by their stems
    ("der Europäischen Zentralbank"), since German inflects every word of a name."""
    return words if len(words) == 1 else tuple(stem(w) for w in words)


def _entries() -> list[dict]:
    """The organisations, and the offices (kind "office"), whose swaps are read the same way."""
    organisations = json.loads(ORGANISATIONS_FILE.read_text(encoding="utf-8"))["organisations"]
    return organisations + _offices()["offices"]


@lru_cache(maxsize=1)
def _offices() -> dict:
    """``OFFICES_FILE`` read once: its offices and the generic ones among them."""
    return json.loads(OFFICES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _load() -> _Index:
    latin: dict[tuple[str, ...], set[str]] = {}
    written: dict[tuple[str, ...], tuple[str, ...]] = {}
    cjk: dict[str, set[str]] = {}
    kinds, forms_of, cjk_of = {}, {}, {}
    for entry in _entries():
        kinds[entry["id"]] = entry["kind"]
        forms = sorted({form for names in entry["names"].values() for form in names})  # sorted: one run like the next
        latin_forms = set()
        for form in forms:
            if _CJK.search(form):  # a form with characters is matched as characters, Latin letters in it too ("JR東日本")
                cjk.setdefault(form, set()).add(entry["id"])
                continue
            words = _form_words(form)
            if words:
                folded = tuple(fold(w) for w in words)
                key = _key(folded)
                latin.setdefault(key, set()).add(entry["id"])
                if key not in written or (words != written[key] and _capitals(words) < _capitals(written[key])):
                    written[key] = words  # a form listed in lower case too may be written either way ("maire", "Maire")
                latin_forms.add(folded)
        forms_of[entry["id"]] = tuple(sorted(latin_forms))
        cjk_of[entry["id"]] = tuple(form for form in forms if _CJK.search(form))
    longest: dict[str, int] = {}
    for key in latin:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return _Index({key: _Form(written[key], frozenset(ids)) for key, ids in latin.items()}, longest,
                  {form: frozenset(ids) for form, ids in cjk.items()},
                  tuple(sorted({len(form) for form in cjk}, reverse=True)), kinds, forms_of, cjk_of)


def _capitals(words: tuple[str, ...]) -> int:
    return sum(c.isupper() for word in words for c in word)


def _written_alike(form_word: str, text_word: str) -> bool:
    """The text writes the word with the form's capitals: all of them for "WHO", the first for "Orange";
    a word-like form in capitals of four letters or more may be written as a word ("Engie", "Nato")."""
    if form_word.isupper() and len(form_word) > 1:
        as_word = len(form_word) >= MIN_WORD_LIKE_ACRONYM and text_word[:1].isupper() and any(c in "AEIOUY" for c in form_word)
        return as_word or text_word[: len(form_word)].isupper()
    return not form_word[:1].isupper() or text_word[:1].isupper()


def _common_word(word: str, lang: str) -> bool:
    """A word common in its language and not used as much in another: "Bahn" or "Total" in German
    are words, "Apple" and "Amazon" are names."""
    from mtqa.checks.transliteration import common_in_language

    return not word.isupper() and common_in_language(word, lang, COMMON_WORD_ZIPF)


def _one_word_form(word: str, folded: str, lang: str, index: _Index) -> _Form | None:
    """The one-word form a word writes, perhaps in the genitive ("Huaweis", "Siemens'", "WHO's"),
    unless the word is a common one of the language ("Bahn" in German)."""
    for ending in ("", *GENITIVE):
        if folded.endswith(ending) and len(folded) - len(ending) >= 2:
            form = index.latin.get((folded[: len(folded) - len(ending)],))
            if form is not None:
                if all(index.kinds[i] == "office" for i in form.ids):
                    return form  # an office is named by common words of its language ("maire", "Bürgermeister")
                return None if _common_word(word[: len(word) - len(ending)], lang) else form
    return None


def _latin_mentions(text: str, lang: str) -> list[Mention]:
    index = _load()
    words = _words(text)
    folded = [fold(w.text) for w in words]
    found, k = [], 0
    while k < len(words):
        longest = max(index.longest.get(folded[k], 0), index.longest.get(stem(folded[k]), 0), 1)
        for n in range(min(longest, len(words) - k), 0, -1):
            span = words[k : k + n]
            form = (index.latin.get(_key(tuple(folded[k : k + n]))) if n > 1
                    else _one_word_form(span[0].text, folded[k], lang, index))
            if form is not None and all(_written_alike(f, w.text) for f, w in zip(form.words, span)):
                found.append(Mention(span[0].start, span[-1].end, form.ids))
                k += n - 1
                break
        k += 1
    return found


# What may follow a name inside one word: 华为技术有限公司, 腾讯控股 (but not 门 in 财政部门, "department")
ORGANISATION_SUFFIX = re.compile(r"(?:技术|科技|股份|有限|责任|控股|集团|集團|公司|银行|銀行|汽车|汽車|电子|電子|株式会社|グループ|ホールディングス)+$")


def _cjk_mentions(text: str, lang: str) -> list[Mention]:
    from mtqa.words import word_spans

    index = _load()
    spans = word_spans(text, lang if lang in ("zh", "ja") else "zh")
    word_end = {a: b for a, b in spans}
    ends = set(word_end.values())
    found = []
    for run in _CJK_RUN.finditer(text):
        position = run.start()
        while position < run.end():
            for length in index.cjk_lengths:
                ids = index.cjk.get(text[position : position + length]) if position + length <= run.end() else None
                end = position + length
                if ids and position in word_end and (end in ends or _suffix_follows(text, end, word_end, position)):
                    found.append(Mention(position, position + length, ids))
                    position += length
                    break
            else:
                position += 1
    return found


def _suffix_follows(text: str, end: int, word_end: dict[int, int], start: int) -> bool:
    """The name ends inside a word whose rest is an organisation's suffix (公司, 集团 ...)."""
    rest_end = max((b for a, b in word_end.items() if a <= start and b > end), default=end)
    return bool(ORGANISATION_SUFFIX.fullmatch(text[end:rest_end]))


def mentions(text: str, lang: str) -> list[Mention]:
    """The listed organisations ``text`` names, in order of their place in it."""
    if not _CJK.search(text):
        return _latin_mentions(text, lang)
    return sorted(_cjk_mentions(text, lang) + _latin_mentions(text, lang), key=lambda m: m.start)


def _word_renders(form_word: str, text_word: str, last: bool) -> bool:
    if stem(text_word) == stem(form_word) or text_word.startswith(form_word) and text_word[len(form_word):] in ENDINGS:
        return True
    return last and len(form_word) >= MIN_COMPOUND_HEAD and text_word.startswith(form_word)


def names_any(text: str, ids: frozenset[str]) -> bool:
    """Whether ``text`` names any of the organisations ``ids`` in any of their forms, leniently:
    in any case, with endings, the last word perhaps beginning a compound ("Huawei-Chef")."""
    index = _load()
    if any(form in text for i in ids for form in index.cjk_of.get(i, ())):
        return True
    words = [fold(w.text) for w in _words(text)]
    for form in (f for i in ids for f in index.forms_of.get(i, ())):
        for k in range(len(words) - len(form) + 1):
            if all(_word_renders(f, w, j == len(form) - 1) for j, (f, w) in enumerate(zip(form, words[k:]))):
                return True
    return False


MAX_SPECIFIC_OFFICES = 3  # a form naming more offices than this ("president", 長官) says no office in particular


def general_office(ids: frozenset[str]) -> bool:
    """Offices a translation may use for any head's title: a generic head ("Leiter", "director", "CEO") or a
    form that names many offices at once."""
    kinds = _load().kinds
    if not ids or any(kinds[i] != "office" for i in ids):
        return False
    return len(ids) > MAX_SPECIFIC_OFFICES or bool(ids & _generic_offices())


@lru_cache(maxsize=1)
def _generic_offices() -> frozenset[str]:
    return frozenset(_offices()["generic"])


def kind_groups(ids: frozenset[str]) -> frozenset[str]:
    """The groups of kinds (company, media, academic, public body ...) the organisations belong to."""
    kinds = _load().kinds
    return frozenset(KIND_GROUPS.get(kinds[i], kinds[i]) for i in ids)
