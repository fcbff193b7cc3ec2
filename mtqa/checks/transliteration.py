"""Untranslated text: romanised Chinese (pinyin), runs copied from another version, whole sentences
left in another language.

Three rules, all ``accuracy/untranslated``:

- ``MTQA201`` pinyin-transliteration: Hanyu Pinyin in the target where the meaning should have been
  translated ("Zero One Wanwu" for 零一万物 / 01.AI).
- ``MTQA202`` untranslated-text: three or more words copied from a Latin-script version that are
  words of that version's language, not of the target's.
- ``MTQA203`` identical-to-source: the whole target sentence is the same as a version's sentence.

Word frequencies come from ``wordfreq`` when it is installed (``zipf_frequency``: 7 for "the",
3 for a word met once per million words, 0 for an unknown word); without it a small built-in list
of common words stands in, and names the versions do not also write are more often flagged.
The pinyin syllable inventory and the readings of Han characters come from ``pypinyin``'s
character table, read once and cached (about half a second).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from mtqa.checks.base import Counterpart, DocumentView, RawFinding, SentenceView, rule
from mtqa.config import CheckConfig
from mtqa.places import cities_named
from mtqa.words import ELIDED_ARTICLE

# --------------------------------------------------------------------------------------------
# Pinyin syllables
# --------------------------------------------------------------------------------------------

# Readings in pypinyin's table that are no syllables of standard Hanyu Pinyin, or interjections
# without a vowel: they would let almost any consonant cluster segment.
_NON_SYLLABLES = frozenset({"m", "n", "ng", "hm", "hng", "e\u0302", "ê"})
# Syllables that a non-initial syllable of a word may not start with: in pinyin orthography a
# syllable starting with a, o or e after another one is written after an apostrophe (Xi'an), and
# i, u, ü never start a syllable (they are written y, w, yu).
_VOWEL_INITIALS = frozenset("aoeiuv")
_MAX_SYLLABLE = 6  # zhuang, chuang, shuang


def _toneless(reading: str) -> str:
    """``"lǚ"`` -> ``"lv"``, ``"wàn"`` -> ``"wan"``: strip tone marks, write ü as v."""
    decomposed = unicodedata.normalize("NFD", reading.strip().lower()).replace("u\u0308", "v")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # imported here: ~0.3 s, only when a rule runs

    return pinyin_dict


@lru_cache(maxsize=1)
def pinyin_inventory() -> frozenset[str]:
    """The toneless Hanyu Pinyin syllables (about 410), from pypinyin's readings of every Han
    character it knows, ü written ``v`` (plus ``lu``/``nu``-style spellings without the diaeresis).

    Readings that only one rare character has (``fiao``, ``bong``, ...) and vowelless
    interjections (``m``, ``ng``, ``hm``) are left out.
    """
    counts: dict[str, int] = {}
    for readings, chars in Counter(_pinyin_table().values()).items():
        for reading in readings.split(","):
            syllable = _toneless(reading)
            counts[syllable] = counts.get(syllable, 0) + chars
    inventory = {
        s for s, n in counts.items()
        if n > 1 and s not in _NON_SYLLABLES and s.isascii() and s.isalpha() and any(c in "aeiouv" for c in s)
    }
    inventory |= {s.replace("v", "u") for s in inventory if "v" in s}  # lv -> lu, nve -> nue
    return frozenset(inventory)


_TONE_MARKS = "\u0300\u0301\u0304\u030c"  # grave, acute, macron, caron


def _marked_letters(word: str) -> tuple[str, tuple[bool, ...]] | None:
    """A Latin word as bare lower-case pinyin letters (tone marks stripped, ü as v, ’ as '), with
    which letters carried a tone mark; None when it has a letter pinyin never uses (ä, ß, ç...)."""
    letters: list[str] = []
    marked: list[bool] = []
    for ch in unicodedata.normalize("NFD", word.lower().replace("\u2019", "'")):
        if ch in _TONE_MARKS and letters:
            marked[-1] = True
        elif ch == "\u0308" and letters and letters[-1] == "u":
            letters[-1] = "v"
        elif ("a" <= ch <= "z") or ch == "'":
            letters.append(ch)
            marked.append(False)
        else:
            return None
    text = "".join(letters)
    if not re.fullmatch(r"[a-z]+(?:'[a-z]+)*", text):
        return None
    return text, tuple(marked)


def _normalise_latin(word: str) -> str | None:
    found = _marked_letters(word)
    return found[0] if found else None


@lru_cache(maxsize=65536)
def segment_pinyin(word: str) -> tuple[str, ...] | None:
    """Split ``word`` into pinyin syllables, or None if it is not a string of syllables.

    Dynamic programming over the letters: the fewest syllables win, ties go to the longer first
    syllable (so ``"xian"`` is one syllable, ``"Wensheng"`` is ``("wen", "sheng")``). A syllable
    after the first may not start with a vowel unless an apostrophe stands before it
    (``"Xi'an"`` -> ``("xi", "an")``), as in pinyin orthography. Case is ignored; ü may be written
    ``ü``, ``v`` or ``u``. Tone marks are accepted as pinyin writes them, at most one a syllable and
    on all syllables but one at most (``"Wànwù"``), so French ``"sécurité"`` is no pinyin.
    """
    found = _marked_letters(word)
    if found is None:
        return None
    text, marked = found
    inventory = pinyin_inventory()
    syllables: list[str] = []
    for part in text.split("'"):
        n = len(part)
        best: list[tuple[int, int] | None] = [None] * (n + 1)  # (count, previous cut) per prefix
        best[0] = (0, -1)
        for end in range(1, n + 1):
            for start in range(max(0, end - _MAX_SYLLABLE), end):
                if best[start] is None:
                    continue
                piece = part[start:end]
                if piece not in inventory or (start > 0 and piece[0] in _VOWEL_INITIALS):
                    continue
                candidate = (best[start][0] + 1, start)
                # fewer syllables first; on a tie the earlier cut wins (longer syllables early)
                if best[end] is None or candidate < best[end]:
                    best[end] = candidate
        if best[n] is None:
            return None
        cuts = []
        end = n
        while end > 0:
            start = best[end][1]
            cuts.append(part[start:end])
            end = start
        syllables.extend(reversed(cuts))
    if any(marked):
        marks, pos = [], 0
        for syllable in syllables:
            while text[pos] == "'":
                pos += 1
            marks.append(sum(marked[pos:pos + len(syllable)]))
            pos += len(syllable)
        if max(marks) > 1 or marks.count(0) > 1:
            return None
    return tuple(syllables)


# Spellings that European words rarely have: a syllable starting with zh, x or qi, or ending in one
# of these finals. A run with none of them ("Wanwu", "Keji") is only flagged when the Chinese
# version spells it; rare European words that happen to segment ("Adenin", "Manipuliere") have
# none of them either.
_STRONG_INITIALS = ("zh", "x", "qi")
_STRONG_FINALS = ("iu", "uo", "iao", "iang", "iong", "uang", "uai", "ong", "eng", "ang", "ian", "uan", "ao")


def distinctly_pinyin(syllables: Iterable[str]) -> bool:
    """Whether some syllable has a spelling typical of pinyin and rare in European words
    (``"Zhineng"``, ``"Dianshang"``, but not ``"Wanwu"``); a word whose first syllable is a bare
    vowel (``"e"``, ``"a"``, ``"o"``: "Exide") never is."""
    syllables = list(syllables)
    if not syllables or syllables[0] in {"a", "e", "o"}:
        return False
    return any(s.startswith(_STRONG_INITIALS) or s.endswith(_STRONG_FINALS) for s in syllables)


@lru_cache(maxsize=None)
def han_readings(char: str) -> tuple[str, ...]:
    """The toneless pinyin readings of one Han character (every reading, so polyphones such as
    长 chang/zhang match either way), with ü also as u; () for anything else."""
    value = _pinyin_table().get(ord(char)) if len(char) == 1 else None
    if not value:
        return ()
    readings: list[str] = []
    for reading in value.split(","):
        syllable = _toneless(reading)
        for spelling in (syllable, syllable.replace("v", "u")):
            if spelling not in readings and spelling.isascii() and spelling.isalpha():
                readings.append(spelling)
    return tuple(readings)


@dataclass(frozen=True)
class HanMatch:
    """Han characters ``text[start:end]`` whose readings spell a romanised word."""

    start: int
    end: int
    chars: str
    syllables: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.chars} ({' '.join(self.syllables)})"


def find_han_spelling(text: str, letters: str) -> HanMatch | None:
    """The first run of Han characters in ``text`` whose pinyin readings, joined, are ``letters``
    (lower-case, no spaces: ``"wanwu"`` finds 万物 in 零一万物)."""
    if not letters:
        return None

    def spell(pos: int, rest: str) -> tuple[str, ...] | None:
        if not rest:
            return ()
        if pos >= len(text):
            return None
        for reading in han_readings(text[pos]):
            if rest.startswith(reading):
                tail = spell(pos + 1, rest[len(reading):])
                if tail is not None:
                    return (reading, *tail)
        return None

    for start, char in enumerate(text):
        if any(letters.startswith(r) for r in han_readings(char)):
            found = spell(start, letters)
            if found is not None:
                end = start + len(found)
                return HanMatch(start, end, text[start:end], found)
    return None


# --------------------------------------------------------------------------------------------
# Word frequencies
# --------------------------------------------------------------------------------------------

# Stand-in when wordfreq is not installed: the most common words (and common words that are also
# pinyin syllables) of the languages the corpora use. Anything listed counts as zipf 6.
_FALLBACK_COMMON = {
    "en": """the of and to a in is it you that he was for on are with as i his they be at one have
        this from or had by not word but what some we can out other were all there when up use your
        how said an each she which do their time if will way about many then them write would like
        so these her long make thing see him two has look more day could go come did number sound no
        most people my over know water than call first who may down side been now find new good
        after also man men long change hang ran gen chi yen sun pan bang die
        tang ping hong kong ma pa ban fan can dig bad bed big china""",
    "de": """der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch
        es an er hat aus bei sie nach wird um noch wie einem über einen so zum war haben nur oder
        aber vor zur bis mehr durch man sein wurde sei am ihre neue werden ich wir ihr hier dann
        schon wenn was diese dieser sehr gegen unter sagen leben gen bank long hang ran lang
        man denn doch ja nie genie bienen danke kann kommen china""",
    "fr": """le la les de des du un une et en est que qui dans pour pas sur au avec ce il elle ne se
        plus par son sa ses on mais ou nous vous ils elles été ont sont aux cette comme tout bien
        fait entre deux après sans sous chez dit leur leurs aussi je tu mon ma mes ton ta tes
        nouveau nouvelle long change pan lu bon chine""",
}
_FALLBACK = {lang: frozenset(words.split()) for lang, words in _FALLBACK_COMMON.items()}


def _base_lang(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=1)
def _wordfreq():
    try:
        import wordfreq  # noqa: PLC0415
    except ImportError:  # pragma: no cover - exercised by forcing the fallback in a test
        return None
    return wordfreq


_FORCE_FALLBACK = False  # tests set this to exercise the built-in list


@lru_cache(maxsize=200000)
def _zipf_cached(word: str, lang: str, fallback: bool) -> float | None:
    lang = _base_lang(lang)
    if fallback:
        common = _FALLBACK.get(lang)
        if common is None:
            return None
        return 6.0 if word.lower() in common else 0.0
    module = _wordfreq()
    try:
        return float(module.zipf_frequency(word, lang))
    except (LookupError, ValueError, ImportError):  # ImportError: Japanese and Korean need MeCab
        return None


def word_zipf(word: str, lang: str) -> float | None:
    """Zipf frequency of ``word`` in ``lang`` (wordfreq, or the built-in list without it); None
    when the language is unknown to both."""
    fallback = _FORCE_FALLBACK or _wordfreq() is None
    return _zipf_cached(word, lang, fallback)


def common_in_language(word: str, lang: str, min_zipf: float) -> bool:
    """``word`` is at least ``min_zipf`` common in ``lang`` and clearly rarer (by 1.5) in another
    language (English, or French for English): "Bahn", "Essen" are German words, "Apple" a name."""
    native = word_zipf(word, lang) or 0.0
    other = word_zipf(word, "en" if lang != "en" else "fr") or 0.0
    return native >= min_zipf and other < native - 1.5


def _zipf0(word: str, lang: str) -> float:
    value = word_zipf(word, lang)
    return 0.0 if value is None else value


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_LATIN_LETTER = r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_WORD = re.compile(rf"[{_LATIN_LETTER}]+(?:['\u2019][{_LATIN_LETTER}]+)*")
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_QUOTED = re.compile(
    r"\"[^\"]*\"|\u201e[^\u201c\u201d]*[\u201c\u201d]|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb"
    r"|\u00bb[^\u00ab]*\u00ab|\u201a[^\u2018\u2019]*[\u2018\u2019]|\u2018[^\u2019]*\u2019|\u2039[^\u203a]*\u203a"
    r"|\([^()]*\)|\[[^\[\]]*\]"
)
# Lower-case words that may stand inside a multiword name ("Bank of China", "Made in China").
_NAME_CONNECTORS = frozenset(
    "of the and for in on at to by a an de la le les des du et van von der den zu y del da di".split()
)


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0002ffff"


def _is_kana(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff"


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f") / len(letters)


def _is_chinese(lang: str, text: str) -> bool:
    base = _base_lang(lang)
    if base in {"zh", "cmn", "yue", "wuu"}:
        return True
    if base in {"ja", "ko"}:
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters or any(_is_kana(c) for c in letters):
        return False
    return sum(1 for c in letters if _is_han(c)) / len(letters) >= 0.5


def _version_texts(doc: DocumentView) -> dict[str, list[str]]:
    """Every text each version has in the document: counterparts and unaligned sentences."""
    texts: dict[str, list[str]] = {lang: [] for lang in doc.version_langs}
    for sentence in doc.sentences:
        for lang, counterpart in sentence.counterparts.items():
            if counterpart.text:
                texts.setdefault(lang, []).append(counterpart.text)
    for extra in doc.unaligned:
        texts.setdefault(extra.lang, []).append(extra.text)
    return texts


def _script_of_versions(doc: DocumentView) -> tuple[set[str], set[str]]:
    """(Latin-script versions, Chinese versions), judged on all each version says."""
    latin, chinese = set(), set()
    for lang, texts in _version_texts(doc).items():
        joined = " ".join(texts)
        if _is_chinese(lang, joined):
            chinese.add(lang)
        elif joined and _latin_share(joined) >= 0.5:
            latin.add(lang)
    return latin, chinese


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _name_like(words: list[str]) -> bool:
    """Every word capitalised (or a connector such as "of"), or nothing but digits: a name or title."""
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    if not lettered:
        return True
    return all(_capitalised(w) or w.lower() in _NAME_CONNECTORS for w in lettered) and any(
        _capitalised(w) for w in lettered
    )


def _inside_quotes_or_brackets(text: str, start: int, end: int) -> bool:
    return any(m.start() < start and end <= m.end() for m in _QUOTED.finditer(text))


_CJK_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|\"[^\"]*\"")


def _quoted_in_chinese(text: str, chars: str) -> bool:
    """Whether ``chars`` alone make up a quotation in ``text`` (“晴晴”, not “文生视频”: a coined term)."""
    return any(m.group()[1:-1] == chars for m in _CJK_QUOTED.finditer(text))


def _quoted_whole(text: str, start: int, end: int) -> bool:
    """Whether the span ``start:end`` of ``text`` is all of what a pair of quotation marks holds."""
    return any(m.group()[1:-1].strip() == text[start:end] for m in _QUOTED.finditer(text))


# --------------------------------------------------------------------------------------------
# MTQA201 pinyin-transliteration
# --------------------------------------------------------------------------------------------

CORE_COMMON_ZIPF = 2.0  # a multi-syllable word this frequent in the target language or English is a word/name
EXTEND_COMMON_ZIPF = 3.0  # a single syllable this frequent in the target language does not join a run
# The most common Chinese surnames: a surname and a two-syllable given name ("Zhang Xiaoming")
# is a person's name, which pinyin is the right way to write.
_SURNAMES = frozenset(
    """wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang
    xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su
    lu ding ren shen yao lv fan fu zhong lu jin qian qin bai shi kong mao""".split()
)


@dataclass
class _Token:
    start: int
    end: int
    word: str
    syllables: tuple[str, ...] | None
    legit: bool

    @property
    def letters(self) -> str:
        return "".join(self.syllables or ())


def _latin_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _LATIN_WORD.finditer(text)]


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.end:right.start]
    return gap in {" ", "-", "\u00a0", "\u2011"} or (gap.strip() == "" and 0 < len(gap) <= 2)


@lru_cache(maxsize=4096)
def _legit_vocabulary_of(texts: tuple[str, ...]) -> frozenset[str]:
    vocabulary: set[str] = set()
    for text in texts:
        words = [_normalise_latin(w) or w.lower() for _, _, w in _latin_tokens(text)]
        vocabulary.update(words)
        vocabulary.update(a + b for a, b in zip(words, words[1:]))  # "Xiao Ming" legitimises "Xiaoming"
    return frozenset(vocabulary)


def _person_name(tokens: list[_Token]) -> bool:
    if len(tokens) != 2 or not all(_capitalised(t.word) for t in tokens):
        return False
    a, b = tokens
    for surname, given in ((a, b), (b, a)):
        if (
            surname.syllables and len(surname.syllables) == 1 and surname.letters in _SURNAMES
            and given.syllables and len(given.syllables) <= 2
        ):
            return True
    return False


@dataclass(frozen=True)
class PinyinRun:
    """A suspect run of pinyin words in one sentence: ``text[start:end]``."""

    start: int
    end: int
    words: tuple[str, ...]
    syllables: tuple[str, ...]


def find_pinyin_runs(text: str, target_lang: str, legit: frozenset[str] = frozenset(),
                     han_texts: Iterable[str] = ()) -> list[tuple[PinyinRun, list[HanMatch | None]]]:
    """Suspect pinyin runs in ``text`` and, for each, what each of ``han_texts`` spells it with.

    ``legit`` is the lower-case vocabulary of the Latin-script versions: a word they write too is an
    established name. A run needs a core word (two or more syllables, not a common word of the
    target language or English, not in ``legit``); neighbouring pinyin words join it when they are
    not common in the target language, or when a Chinese text spells the longer run.
    """
    han_texts = list(han_texts)
    tokens: list[_Token] = []
    for start, end, word in _latin_tokens(text):
        syllables = None
        if not (word.isupper() and len(word) <= 4):  # acronyms: AI, BYD, HSBC
            syllables = segment_pinyin(word)
        key = _normalise_latin(word) or word.lower()
        tokens.append(_Token(start, end, word, syllables, key.replace("'", "") in legit or key in legit))

    def core(t: _Token) -> bool:
        return (
            t.syllables is not None and len(t.syllables) >= 2 and not t.legit
            and max(_zipf0(t.word, target_lang), _zipf0(t.word, "en")) < CORE_COMMON_ZIPF
        )

    def joinable(t: _Token) -> bool:
        return t.syllables is not None and not t.legit

    runs: list[tuple[PinyinRun, list[HanMatch | None]]] = []
    i = 0
    while i < len(tokens):
        if not joinable(tokens[i]):
            i += 1
            continue
        j = i + 1  # group = maximal adjacent pinyin, non-legit tokens[i:j]
        while j < len(tokens) and joinable(tokens[j]) and _adjacent(text, tokens[j - 1], tokens[j]):
            j += 1
        group = tokens[i:j]
        cores = [k for k, t in enumerate(group) if core(t)]
        if cores:
            first, last = cores[0], cores[-1]
            case = _capitalised(group[first].word)

            def extends(t: _Token) -> bool:
                return _capitalised(t.word) == case and _zipf0(t.word, target_lang) < EXTEND_COMMON_ZIPF

            lo, hi = first, last + 1
            while lo > 0 and extends(group[lo - 1]):
                lo -= 1
            while hi < len(group) and extends(group[hi]):
                hi += 1
            # the longest sub-run around the cores that a Chinese text spells
            matches: list[HanMatch | None] = [None] * len(han_texts)
            spans = sorted(
                ((a, b) for a in range(0, first + 1) for b in range(last + 1, len(group) + 1)),
                key=lambda ab: ab[0] - ab[1],
            )
            for h, han in enumerate(han_texts):
                for a, b in spans:
                    found = find_han_spelling(han, "".join(t.letters for t in group[a:b]))
                    if found:
                        matches[h] = found
                        lo, hi = min(lo, a), max(hi, b)
                        break
            chosen = group[lo:hi]
            if not any(_person_name(group[a:b]) for a, b in ((lo, hi), (lo - 1, hi), (lo, hi + 1)) if a >= 0):
                run = PinyinRun(
                    chosen[0].start, chosen[-1].end, tuple(t.word for t in chosen),
                    tuple(s for t in chosen for s in t.syllables or ()),
                )
                runs.append((run, matches))
        i = j
    return runs


@rule(
    "MTQA201",
    "pinyin-transliteration",
    "major",
    "accuracy/untranslated",
    summary=(
        "Romanised Chinese (Hanyu Pinyin) left in the target where the words should have been "
        "translated: a run of words that are pinyin syllables or strings of syllables (Wanwu = "
        "wan+wu), such as a machine translation writes for a Chinese company or product name, or "
        "for an ordinary phrase it did not understand."
    ),
    why=(
        "A reader of the target cannot understand pinyin: 'Wensheng Video' means nothing in German, "
        "while 'Text-zu-Video' does, and '01.AI' is the name the company uses abroad, not "
        "'Zero One Wanwu'. Suspects are found in the target, then weighed against the versions. "
        "(1) A word counts only if it segments into syllables of pypinyin's inventory (a later "
        "syllable may not start with a vowel, as in pinyin spelling). (2) The core of a run has two or "
        "more syllables and is no common word of the target language or English (wordfreq zipf < 2: "
        "China, Diese, Leben, Shanghai, Huawei, Xiaomi are common enough to pass); single syllables "
        "(Die, Man, Bei, Long) only join a run next to a core, and only when rare in the target "
        "language or spelled by the Chinese version. (3) A word that a Latin-script version writes too, "
        "anywhere in the document, is an established name (Kuaishou, Xi Jinping) and never flagged, "
        "nor is a surname with a given name ('Zhang Xiaoming'). (4) When the Chinese version has "
        "characters whose pinyin readings spell the run (万物 -> wanwu), that version is quoted and "
        "confidence is high. When a Chinese version exists but spells nothing of the kind, nothing is "
        "flagged; when there is none, only runs with spellings rare in European words (zh, x, qi, "
        "-ang, -ong, -iao...) are flagged, with moderate confidence, so 'Wanwu' alone needs the "
        "Chinese version."
    ),
    example=(
        "target (de): Das Start-up Zero One Wanwu stellte ein neues Modell vor.\n"
        "en:          The start-up 01.AI unveiled a new model.\n"
        "zh:          零一万物发布了新模型。\n"
        "-> MTQA201 'Wanwu' (zh: 万物 (wan wu)). 'Shanghai' or 'Baidu' in the same place, written the "
        "same way by the English version, would not be flagged."
    ),
)
def check_pinyin(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    latin, chinese = _script_of_versions(doc)
    texts = _version_texts(doc)
    legit = _legit_vocabulary_of(tuple(t for lang in sorted(latin) for t in texts.get(lang, ())))
    chinese_langs = sorted(chinese)
    whole_chinese = {lang: "\n".join(texts.get(lang, ())) for lang in chinese_langs}
    # romanised Japanese ("Aomori", "Hakodate") often splits into pinyin syllables too
    japanese = any(_base_lang(lang) == "ja" for lang in doc.version_langs)
    for sentence in doc.content():
        if not any(c.isascii() and c.isalpha() for c in sentence.text):
            continue
        local = [_counterpart_text(sentence, lang) for lang in chinese_langs]
        found = find_pinyin_runs(sentence.text, doc.target_lang, legit, local)
        for run, matches in found:
            shown = sentence.text[run.start:run.end]
            spelled = "\u00b7".join(run.syllables)
            supported = False
            for lang, match in zip(chinese_langs, matches):
                confidence = 0.9
                if match is None:
                    # the counterpart may be misaligned: look through everything the version says
                    match = find_han_spelling(whole_chinese[lang], "".join(run.syllables))
                    confidence = 0.7
                if match is None:
                    continue
                supported = True
                chinese_text = _counterpart_text(sentence, lang) or whole_chinese[lang]
                if chinese_name(chinese_text, match.chars):
                    continue  # a person's or place's name is rightly romanised ("Ouyang Xiaofeng", "Zhangjiakou")
                if _quoted_whole(sentence.text, run.start, run.end) and _quoted_in_chinese(chinese_text, match.chars):
                    continue  # a name both sides quote, and nothing else: a panda's, a ship's („Qingqing“ for “晴晴”)
                yield RawFinding(
                    "MTQA201", sentence.index, run.start, run.end,
                    f"'{shown}' is romanised Chinese ({spelled}) for {match.chars}, left untranslated",
                    version=lang, evidence=match.describe(), confidence=confidence,
                )
            if not supported and not chinese_langs and not japanese and distinctly_pinyin(run.syllables):
                confidence = 0.45 + (0.1 if len(run.syllables) >= 3 else 0.0) + (0.1 if latin else 0.0)
                yield RawFinding(
                    "MTQA201", sentence.index, run.start, run.end,
                    f"'{shown}' looks like romanised Chinese ({spelled}), left untranslated",
                    confidence=round(confidence, 2),
                )


# Common Chinese surnames, compound ones first: a person's name is a surname and one or two characters.
# administrative units, and features of the land a name is given to (山, 峰, 岛: "Yaomei-Gipfel" for 幺妹峰)
_PLACE_SUFFIXES = frozenset("区县市省州镇乡村旗盟山峰岭河江湖岛湾峡谷站")  # 站: 汉口站, Hankou station
_LANDFORM_SUFFIXES = frozenset("山峰岭岛湖峡")  # ending a name of three characters or more: a mountain, island, lake, gorge
_CRAFT_WORDS = ("飞船", "火箭", "卫星", "探测器", "空间站")  # spacecraft, rockets, satellites and probes bear names
_NAMING_WORDS = ("名叫", "名为", "叫做", "取名", "命名为", "称为", "绰号")  # "called", "named"
_REIGN_WORDS = ("年间", "年號", "年号", "皇帝", "时期")  # 乾隆年间: in the Qianlong reign
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "夏侯", "司徒", "慕容", "长孙", "令狐", "宇文", "尉迟", "公孙")
_HAN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯邓曹彭曾萧肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜"
    "崔谭廖范汪陆金石戴贾韦夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱覃武严莫孔向常汤康易乔赖文施洪"
    "牛庞樊殷兰齐聂葛焦鲁柳岳翟单包柯谷车关裴管祝阎温褚卫蒙"
)


def chinese_name(text: str, chars: str) -> bool:
    """Whether ``chars`` in the Chinese ``text`` are a place (jieba tags it ``ns``, a place word follows it, or
    it is a city that opens an organisation's name) or a person's name
    (jieba tags it a name, ``nr``/``nrt``, and it is a common surname and one or two characters, as
    郝建军 or 司马静怡): names are rightly romanised, common words and company names (比亚迪) are not."""
    position = text.find(chars)
    if position < 0:
        return False
    end, at, flags, opening = position + len(chars), 0, set(), set()
    for word, flag in _posseg(text):
        start, at = at, at + len(word)
        if start < end and at > position:
            flags.add(flag)
            if start == position:
                opening.add(flag)
    if "ns" in flags or text[end:end + 1] in _PLACE_SUFFIXES:
        return True  # a place: tagged so, or followed by 区, 县, 市, 峰, 岛 ... (崇礼区, 幺妹峰)
    if len(chars) >= 3 and chars[-1] in _LANDFORM_SUFFIXES:
        return True  # a mountain's or island's name romanised whole ("Huaniaoshan" for 花鸟山); 火山, 半岛 are too short
    if text[end:end + 1] in "号號" or text.startswith(_CRAFT_WORDS, end):
        return True  # a train's, ship's or spacecraft's name (复兴号, 雪龙号, 神舟飞船)
    if text[:position].endswith(_NAMING_WORDS) or text.startswith(_REIGN_WORDS, end):
        return True  # what something is called (一个名叫加榜的村寨), or a reign's name (乾隆年间)
    if cities_named(chars):
        return True  # a city GeoNames knows by these characters (包头), or one opening an institution's name (酒泉卫星发射中心)
    surname = next((s for s in _COMPOUND_SURNAMES if chars.startswith(s)), chars[:1])
    person_shaped = (surname in _COMPOUND_SURNAMES or surname in _HAN_SURNAMES) and 1 <= len(chars) - len(surname) <= 2
    return person_shaped and bool(flags & {"nr", "nrt", "nrfg"})


@lru_cache(maxsize=4096)
def _posseg(text: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg

    from mtqa.words import jieba_module

    jieba_module()  # quiet jieba's logging before its first use
    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text))


def _counterpart_text(sentence: SentenceView, lang: str) -> str:
    counterpart: Counterpart | None = sentence.counterparts.get(lang)
    return counterpart.text if counterpart else ""


# --------------------------------------------------------------------------------------------
# MTQA202 untranslated-text / MTQA203 identical-to-source
# --------------------------------------------------------------------------------------------

FOREIGN_MIN_ZIPF = 3.0  # common in the version's language...
FOREIGN_MARGIN = 1.0  # ...and at least this much more common there than in the target language
MIN_COPIED_WORDS = 2  # "board members", "hiring freeze"; a lone word only under SINGLE_WORD_* below
SINGLE_WORD_MIN_LETTERS = 6
# A lone copied word must be rare in the target language: rarer than the anglicisms German really
# writes in lower case ("relaxed", "stylish" at about 2.4), as "stranded" (2.1) or "intempéries" (0) are.
SINGLE_WORD_TARGET_ZIPF = 2.3
# A shorter one counts where the target language hardly knows it and its own language uses it far more
# ("grêle", "pluie" in German: a word met in German text only inside quotations and names)
SHORT_WORD_MIN_LETTERS = 4
SHORT_WORD_TARGET_ZIPF = 2.0
SHORT_WORD_LEAD = 2.5
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


def _foreign_lead(word: str, version_lang: str, target_lang: str) -> float | None:
    """How much more common ``word`` is in ``version_lang`` than in ``target_lang``, where it is a
    common word of ``version_lang``; None otherwise."""
    if not any(c.isalpha() for c in word):
        return None
    there, here = word_zipf(word, version_lang), word_zipf(word, target_lang)
    if there is None or here is None or there < FOREIGN_MIN_ZIPF:
        return None
    return there - here


RARE_FOREIGN_MIN_LETTERS = 8  # a long word of the version's language the target's does not know at all is foreign


def _foreign(word: str, version_lang: str, target_lang: str) -> bool:
    """``word`` is a common word of ``version_lang`` and clearly less common in ``target_lang``, or a long
    word of ``version_lang`` that ``target_lang`` does not know at all ("desalination")."""
    lead = _foreign_lead(word, version_lang, target_lang)
    if lead is not None:
        return lead >= FOREIGN_MARGIN
    there, here = word_zipf(word, version_lang), word_zipf(word, target_lang)
    return (sum(c.isalpha() for c in word) >= RARE_FOREIGN_MIN_LETTERS and there is not None
            and there >= LEANING_MIN_ZIPF and here == 0)


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())




def _word_spans(text: str) -> list[tuple[int, int, str]]:
    """Words with their spans, an elided article cut off the word it is joined to."""
    spans = []
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        elided = ELIDED_ARTICLE.match(word)
        if elided:
            start, word = start + elided.end(), word[elided.end():]
        spans.append((start, match.end(), word))
    return spans


def common_runs(a: list[str], b: list[str], min_len: int = MIN_COPIED_WORDS) -> list[tuple[int, int, int]]:
    """Maximal runs of equal (case-folded) tokens in ``a`` and ``b``: (start in a, start in b, length),
    longest first, no two overlapping in ``a``."""
    fa, fb = [t.casefold() for t in a], [t.casefold() for t in b]
    lengths = [[0] * (len(fb) + 1) for _ in range(len(fa) + 1)]
    found = []
    for i in range(len(fa) - 1, -1, -1):
        for j in range(len(fb) - 1, -1, -1):
            if fa[i] == fb[j]:
                lengths[i][j] = lengths[i + 1][j + 1] + 1
    for i in range(len(fa)):
        for j in range(len(fb)):
            n = lengths[i][j]
            if n >= min_len and (i == 0 or j == 0 or fa[i - 1] != fb[j - 1]):
                found.append((i, j, n))
    found.sort(key=lambda r: -r[2])
    taken: set[int] = set()
    chosen = []
    for i, j, n in found:
        if taken.isdisjoint(range(i, i + n)):
            chosen.append((i, j, n))
            taken.update(range(i, i + n))
    return sorted(chosen)


def _identical(sentence: SentenceView, counterpart: Counterpart) -> bool:
    return bool(counterpart.text) and _normalised(sentence.text) == _normalised(counterpart.text)


@rule(
    "MTQA202",
    "untranslated-text",
    "major",
    "accuracy/untranslated",
    summary=(
        "Words of the target left untranslated: two or more consecutive words (or one long lower-case "
        "word) copied from a Latin-script version that are words of the version's language and not of "
        "the target's, or Chinese, Japanese or Korean characters inside a sentence of a Latin-script target."
    ),
    why=(
        "A machine translation that fails on part of a sentence may copy it through, leaving an "
        "English clause in a German text ('Die Firma said that the results were good'). The run must "
        "appear word for word (case aside) in the version's counterpart sentence, and after trimming "
        "words the two languages share ('in', 'so', 'was'), at least two words, and at least 60% of "
        "the run, must be common in the version's language (wordfreq zipf >= 3) and at least ten times "
        "rarer in the target language ('die board members', 'einen hiring freeze'). A single word counts "
        "only if it is written in lower case and has six or more letters and the target language hardly "
        "uses it (zipf < 2.3: 'wegen intempéries', 'die stranded Fahrgäste'), or four or more, zipf < 2 in the "
        "target language and 2.5 more in its own ('Opfer der grêle'); a French or Italian elided "
        "article is not part of the word ('d'intempéries'); loanwords the target really uses (Software, Team, "
        "Start-up) are common there and never count. Characters of a CJK script inside a Latin-script "
        "sentence ('das neue 数据中心') are untranslated too. Names and titles stay untouched: a run whose words are all "
        "capitalised ('World Artificial Intelligence Conference', 'South China Morning Post'), or one "
        "inside quotation marks or brackets, is not flagged; hyphenated compounds count as one word. "
        "A sentence that is identical as a whole is left to MTQA203."
    ),
    example=(
        "target (de): Die Firma said that the results were good, hieß es.\n"
        "en:          The company said that the results were good.\n"
        "-> MTQA202 'said that the results were good' (en). 'Laut der South China Morning Post' is fine."
    ),
)
def check_untranslated(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    latin, _ = _script_of_versions(doc)
    for sentence in doc.content():
        for lang in sorted(latin):
            counterpart = sentence.counterparts.get(lang)
            if counterpart is None or not counterpart.text or _base_lang(lang) == _base_lang(doc.target_lang):
                continue
            if not _identical(sentence, counterpart):
                yield from _copied_phrases(sentence, counterpart, lang, doc.target_lang)
        if _latin_share(sentence.text) >= 0.5:
            yield from _foreign_script(sentence, doc)


def _copied_phrases(sentence: SentenceView, counterpart: Counterpart, lang: str, target: str) -> Iterator[RawFinding]:
    """Runs copied word for word from a Latin-script version that are words of its language, not the target's."""
    mine = _word_spans(sentence.text)
    theirs = _word_spans(counterpart.text)
    for i, j, n in common_runs([w for _, _, w in mine], [w for _, _, w in theirs], min_len=1):
        words = [w for _, _, w in mine[i:i + n]]
        flags = [_foreign(w, lang, target) for w in words]
        if True not in flags or (n >= 2 and i > 0 and _capitalised(words[0]) and not cities_named(words[0])):
            # a name kept in its language, capitalised as French writes them ("Office national des
            # forêts"); a place followed by copied words is a place and a copied phrase ("Paris pour la première fois")
            continue
        # beside a foreign word, one merely more common in the version's language is foreign too
        # ("security checkpoint": German corpora know "Checkpoint", but not as English prose)
        # (not in a run with a capital: "Union sport & cycle" is a name)
        if not any(w[:1].isupper() for w in words):
            flags = [flag or _leans_foreign(w, lang, target) for w, flag in zip(words, flags)]
        a = flags.index(True)
        b = len(flags) - flags[::-1].index(True)
        words, flags = words[a:b], flags[a:b]
        if sum(flags) < 0.6 * len(words) or _name_like(words):
            continue
        if sum(flags) < MIN_COPIED_WORDS and not _lone_foreign_word(words, lang, target):
            continue
        start, end = mine[i + a][0], mine[i + b - 1][1]
        if _inside_quotes_or_brackets(sentence.text, start, end):
            continue
        evidence = counterpart.text[theirs[j + a][0]:theirs[j + b - 1][1]]
        yield RawFinding(
            "MTQA202", sentence.index, start, end,
            f"'{sentence.text[start:end]}' is {lang} text copied from the {lang} version, left untranslated",
            version=lang, evidence=evidence, confidence=0.8 if sum(flags) >= 3 else 0.7,
        )


LEANING_MIN_ZIPF = 2.0  # beside a foreign word, a rarer word of the version's language leans foreign too ("desalination plant")


def _leans_foreign(word: str, version_lang: str, target_lang: str) -> bool:
    there, here = word_zipf(word, version_lang), word_zipf(word, target_lang)
    return (any(c.isalpha() for c in word) and there is not None and here is not None
            and there >= LEANING_MIN_ZIPF and there > here)


def _lone_foreign_word(words: list[str], lang: str, target: str) -> bool:
    """A single copied word counts when it is written in lower case and long and all but unknown in the
    target, or shorter, rarer still in the target and far more common in its own language."""
    if len(words) != 1:
        return False
    word = words[0]
    letters, here = sum(c.isalpha() for c in word), _zipf0(word, target)
    short_and_foreign = (letters >= SHORT_WORD_MIN_LETTERS and here < SHORT_WORD_TARGET_ZIPF
                         and _zipf0(word, lang) - here >= SHORT_WORD_LEAD)
    return word[:1].islower() and ((letters >= SINGLE_WORD_MIN_LETTERS and here < SINGLE_WORD_TARGET_ZIPF)
                                   or short_and_foreign)


def _foreign_script(sentence: SentenceView, doc: DocumentView) -> Iterator[RawFinding]:
    """Chinese, Japanese or Korean characters inside a sentence of a Latin-script target (outside
    quotation marks and brackets, where an original term is often given on purpose)."""
    for match in _CJK_RUN.finditer(sentence.text):
        start, end = match.span()
        if _inside_quotes_or_brackets(sentence.text, start, end):
            continue
        sources = [lang for lang, part in sentence.counterparts.items() if match.group() in part.text]
        message = f"'{match.group()}' is left in its original script"
        if not sources:
            yield RawFinding("MTQA202", sentence.index, start, end, message, confidence=0.8)
        for lang in sources:
            yield RawFinding("MTQA202", sentence.index, start, end, message + f", copied from the {lang} version",
                             version=lang, evidence=match.group(), confidence=0.9)


@rule(
    "MTQA203",
    "identical-to-source",
    "major",
    "accuracy/untranslated",
    summary=(
        "The whole target sentence is the same (whitespace and case aside) as what another-language "
        "version says there: the sentence was not translated at all."
    ),
    why=(
        "A translation pipeline that fails on a sentence often passes it through unchanged, so a "
        "German article carries an English sentence. Only sentences with at least three words of "
        "letters count, URLs and e-mail addresses aside, and not those whose words are all "
        "capitalised (names, titles, credits such as 'South China Morning Post'), so dates, "
        "bylines and picture credits that are rightly the same in every language are not flagged; "
        "boilerplate (menus, datelines) is skipped."
    ),
    example=(
        "target (de): The new model will be released next month.\n"
        "en:          The new model will be released next month.\n"
        "-> MTQA203 (en). '2024-08-25' or 'Sensor Tower' identical in both is fine."
    ),
)
def check_identical(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    for sentence in doc.content():
        words = [w for _, _, w in _word_spans(_URL.sub(" ", sentence.text)) if sum(c.isalpha() for c in w) >= 2]
        if len(words) < 3 or _name_like(words):
            continue
        for lang, counterpart in sorted(sentence.counterparts.items()):
            if _base_lang(lang) == _base_lang(doc.target_lang) or not _identical(sentence, counterpart):
                continue
            stripped = sentence.text.strip()
            start = sentence.text.index(stripped) if stripped else 0
            yield RawFinding(
                "MTQA203", sentence.index, start, start + len(stripped),
                f"the sentence is identical to the {lang} version: not translated",
                version=lang, evidence=counterpart.text, confidence=0.95 if len(words) >= 5 else 0.8,
            )
