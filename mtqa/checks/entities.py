"""Entity checks: names the versions agree on (newspapers, companies, people, products) that the
target renders differently, renders inconsistently, or renders against a glossary.

Names are read from versions written in Latin script: runs of capitalised or alphanumeric tokens
("The Wall Street Journal", "01.AI", "Kai-Fu Lee"), joined by short connectors ("Bank of China").
A target sentence renders a name when the name's tokens occur in order, allowing German/French
inflection endings ("des Wall Street Journals"), hyphenation ("Kai Fu Lee"), case, and the
exonyms in ``EXONYMS`` (Peking for Beijing). A mismatch is reported only where the target has a
*substitute*: a window of the target aligned with the name in which at least half of the tokens
agree and the others are different capitalised words ("Wall Street Times"). A name merely
missing is not reported here (it may be translated: "Weltorganisation für geistiges Eigentum").

Cities are also compared by what they denote (``mtqa.places``, GeoNames' names in every language and
script): a city in the target that no version names, where a version names a city the target does
not, is a swap ("Lissabon" for "Porto", "Fukushima" for 福岡市); an exonym is the same city. So are organisations (``mtqa.organisations``, a list of companies,
newspapers, universities and public bodies in each language's forms): "Welthandelsorganisation"
for "World Health Organization" is a swap (``mtqa.checks.organisation_swaps``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.checks.japanese_names import japanese_name_swaps
from mtqa.checks.organisation_swaps import organisation_swaps
from mtqa.config import CheckConfig
from mtqa.words import titles

if TYPE_CHECKING:
    from mtqa.wordalign import WordAlignment

TOKEN = re.compile(r"\w+(?:[.’'&]\w+)*", re.UNICODE)
CONNECTORS = frozenset({"of", "for", "the", "de", "du", "des", "la", "le", "von", "der", "für", "&"})
# "and" joins the parts of one name only inside an institution's name ("Institute of X and Y").
COORDINATORS = frozenset({"and", "et", "und"})
LEADING_FUNCTION_WORDS = frozenset({
    "the", "a", "an", "le", "la", "les", "l", "un", "une", "der", "die", "das", "des", "dem", "den",
    "ein", "eine", "einer", "eines", "einem", "einen", "el", "los", "las", "il", "lo", "gli", "o", "os", "as",
})
ENGLISH_ARTICLES = frozenset({"the", "a", "an"})
CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)
POSSESSIVE = re.compile(r"['’]s?$")
POSSESSIVE_END = re.compile(r"\w['’]s$")  # "Eutelsat's OneWeb" is two names, the owner's and the owned's


def fold(text: str) -> str:
    """Lower-case, without accents or a possessive 's, hyphens as spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text.replace("-", " ").replace("‐", " "))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return POSSESSIVE.sub("", text)


INFLECTION = re.compile(r"(?:s|es|n|en|e|'s|’s|')$")
# Well-established exonyms: a version's name on the left may appear as any name on the right.
EXONYMS: dict[str, frozenset[str]] = {
    key: frozenset(fold(value) for value in values.split("|")) for key, values in {
        "beijing": "peking|pékin", "munich": "münchen|munich", "moscow": "moskau|moscou",
        "vienna": "wien|vienne", "venice": "venedig|venise", "lisbon": "lissabon|lisbonne",
        "cologne": "köln", "prague": "prag", "warsaw": "warschau|varsovie", "rome": "rom",
        "milan": "mailand", "naples": "neapel|naples", "geneva": "genf|genève", "zurich": "zürich",
        "brussels": "brüssel|bruxelles", "copenhagen": "kopenhagen|copenhague", "athens": "athen|athènes",
        "hong kong": "hongkong", "canton": "guangzhou|kanton", "taipei": "taipeh", "seoul": "séoul",
        "tokyo": "tokio", "mexico": "mexiko|mexique", "china": "chine", "germany": "deutschland|allemagne",
        "london": "londres", "washington": "washington", "new york": "new york", "nanking": "nanjing",
        "hague": "haag|den haag|la haye", "the hague": "den haag|la haye",
    }.items()
}
SPELLING_VARIANT = 70  # rapidfuzz ratio from which two name tokens are one name spelled two ways...
SOUND_VARIANT = 80  # ...if their sounds (``_sound``) are at least this close
RARE_NAME_ZIPF = 3.0  # a capitalised word rarer than this in its language is taken for a name
NAME_WORD_ZIPF = 4.0  # a name token more common than this is also an ordinary word ("journal", "president")


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Word tokens with offsets; hyphenated words become separate tokens ("Kai-Fu" -> Kai, Fu)."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)  # every check of a sentence reads its tokens, and those of its versions
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(Token(match.group(), fold(match.group()), match.start(), match.end())
                 for match in TOKEN.finditer(text.replace("-", " ")))


# a number with a suffix is an amount ("310bn"), a decade ("1960s", "60er"), an ordinal ("20th", "3e") or a
# quantity with its unit ("10km", "15h"), never a name; "3M" or "5G" are names
AMOUNT = re.compile(r"\d+(?:[.,]\d+)*(?:bn|mn|m|k|tn|b|bln|mln|s|er|th|st|nd|rd|e|ème|km|kg|mm|cm|ml|h|min|kw|kwh)")


def _is_name_token(token: Token) -> bool:
    text = token.text
    has_digit = any(c.isdigit() for c in text)
    has_alpha = any(c.isalpha() for c in text)
    return ((text[0].isupper() and has_alpha) or (has_digit and has_alpha)) and not AMOUNT.fullmatch(text)


def _is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("LATIN" in unicodedata.name(c, "") for c in letters) / len(letters) > 0.8


@dataclass(frozen=True)
class Name:
    """A name as a version writes it: its surface and its comparison tokens."""

    surface: str
    norms: tuple[str, ...]


def names_in(text: str, lowercase_vocabulary: set[str], name_vocabulary: set[str], lang: str = "en") -> list[Name]:
    """Capitalised or alphanumeric runs in a Latin-script text, leading function words removed.

    A run's first word at the start of the text is kept only if the document also capitalises
    it mid-sentence (``name_vocabulary``), other languages use it as much (a name such as
    "Nintendo") or no language knows it ("Eurotransplant"), so "Selon Winston Ma" yields "Winston Ma".
    A possessive ends a name ("Eutelsat's OneWeb" is two). A lone
    capitalised word counts only if the document never writes it in lower case (so "Other" is
    not a name) and it is not a month or day name.
    """
    found: list[Name] = []
    toks = tokens(text)
    if (toks and _is_name_token(toks[0]) and toks[0].norm not in name_vocabulary
            and not any(c.isdigit() for c in toks[0].norm) and not _is_international_name(toks[0], lang)
            and not _is_rare_everywhere(toks[0], lang)):
        toks = toks[1:]
    i = 0
    while i < len(toks):
        if not _is_name_token(toks[i]):
            i += 1
            continue
        j = i + 1

        def spaced(k: int) -> bool:  # only spaces (or a hyphen) between token k-1 and token k
            return text[toks[k - 1].end : toks[k].start].strip(" -") == ""

        while j < len(toks) and spaced(j) and not POSSESSIVE_END.search(toks[j - 1].text):
            if _is_name_token(toks[j]):
                j += 1
            elif toks[j].norm in CONNECTORS and j + 1 < len(toks) and spaced(j + 1) and _is_name_token(toks[j + 1]):
                j += 2
            elif (toks[j].norm in COORDINATORS and j + 1 < len(toks) and spaced(j + 1) and _is_name_token(toks[j + 1])
                  and any(t.norm in CONNECTORS for t in toks[i + 1 : j])):
                j += 2
            else:
                break
        run = toks[i:j]
        # A capitalised article inside a sentence belongs to the name ("selon Le Monde"), except
        # English "The", which other languages do not keep ("das Wall Street Journal").
        while run and run[0].norm in LEADING_FUNCTION_WORDS and (
                run[0].text[:1].islower() or run[0].start == 0 or run[0].norm in ENGLISH_ARTICLES):
            run = run[1:]
        while run and run[-1].norm in CONNECTORS:
            run = run[:-1]
        if run:
            norms = tuple(t.norm for t in run)
            lone_common = len(run) == 1 and (norms[0] in lowercase_vocabulary or norms[0] in CALENDAR
                                             or not any(c.isdigit() for c in norms[0]) and len(norms[0]) < 2
                                             or lang in COMPOUNDING and _compound_noun(run[0], lang))
            if not lone_common and not (lang in COMPOUNDING and len(run) > 1 and _noun_phrase(run, lang)):
                found.append(Name(text[run[0].start : run[-1].end], norms))
        i = j
    return found


def _same_token(name_norm: str, target_norm: str) -> bool:
    if name_norm == target_norm:
        return True
    if target_norm.startswith(name_norm) and INFLECTION.fullmatch(target_norm[len(name_norm):] or "s"):
        return len(target_norm) - len(name_norm) <= 2
    return False


def find_rendering(name: Name, target_tokens: list[Token]) -> tuple[int, int] | None:
    """Token positions (start, end) where the target writes the name.

    Allowed: inflection, the exonyms in ``EXONYMS``, dropping a leading article ("Le Monde" as
    "Monde"), another romanisation of every token ("Julia Nawalnaja" for "Ioulia Navalnaïa"), and
    for one-word names a close cognate ("Europe" as "Europa").
    """
    from rapidfuzz import fuzz

    joined = " ".join(name.norms)
    alternatives = [name.norms] + [tuple(alt.split()) for alt in EXONYMS.get(joined, ())]
    if len(name.norms) > 1 and name.norms[0] in LEADING_FUNCTION_WORDS:
        alternatives.append(name.norms[1:])
    norms = [t.norm for t in target_tokens]
    for alternative in alternatives:
        n = len(alternative)
        for k in range(len(norms) - n + 1):
            if all(_same_token(a, b) for a, b in zip(alternative, norms[k : k + n])):
                return k, k + n
    n = len(name.norms)
    for k in range(len(norms) - n + 1):  # another romanisation: "Julia Nawalnaja" for "Ioulia Navalnaïa"
        if n > 1 and all(_same_token(a, b) or spelling_variant(a, b) for a, b in zip(name.norms, norms[k : k + n])):
            return k, k + n
    if len(name.norms) == 1 and len(name.norms[0]) >= 4:
        for k, norm in enumerate(norms):
            if fuzz.ratio(name.norms[0], norm) >= 80 or spelling_variant(name.norms[0], norm):
                return k, k + 1
    return None


def find_substitute(name: Name, target_tokens: list[Token], version_norms: set[str],
                    target_lang: str = "de", version_lang: str = "en") -> tuple[int, int] | None:
    """A window of the target that writes the name with some tokens replaced by other names.

    At least half of the name's tokens must match at the same positions (an exonym or another
    spelling of a token matches too: "Inter Mailand" for "Inter Milan"). Every replaced token must
    be capitalised in the target and appear in no version, and the replacement must be a name for a
    name: the version's token is itself a name rather than a common word ("Roland" → "Rudolf"), or
    the target's token is name-like, used across languages or unknown to all of them ("Journal" →
    "Times"). A title or common noun translated into a word of the target language ("US-Präsident
    Donald Trump" for "US President Donald Trump") is no substitute. The name's own replaced tokens
    must be absent from the target.
    """
    n = len(name.norms)
    if n < 2:
        return None
    target_norms = {t.norm for t in target_tokens}
    surface = [t.text.lower() for t in tokens(name.surface)]
    written = surface if len(surface) == n else list(name.norms)  # accents kept: "frères" is a word, "freres" is not
    for k in range(len(target_tokens) - n + 1):
        window = target_tokens[k : k + n]
        matches = [_same_token(a, t.norm) or t.norm in EXONYMS.get(a, ()) or spelling_variant(a, t.norm)
                   for a, t in zip(name.norms, window)]
        if sum(matches) * 2 < n or all(matches):
            continue
        replaced = [(a, t, said) for a, t, said, ok in zip(name.norms, window, written, matches) if not ok]
        if k == 0 and not matches[0]:
            continue  # a capitalised first word of the sentence is no evidence of a name
        if all(_is_name_token(t) and t.norm not in version_norms and a not in target_norms
               and (_is_name_word(said, version_lang) or _is_international_name(t, target_lang) or _is_coined(t, target_lang))
               for a, t, said in replaced):
            return k, k + n
    return None


def spelling_variant(a: str, b: str) -> bool:
    """Two folded name tokens that are one name spelled two ways ("navalnaia"/"nawalnaja",
    "kharkiv"/"charkiw", "saharan"/"sahara"), not one name extended into another ("lagarde"/"lagardere")."""
    from rapidfuzz import fuzz

    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if a.startswith(b) or b.startswith(a) or a[:-2] == b[:-2]:
        return True  # one letter more: "Sahara" for "Saharan"; another ending: "Neuen Museum" for "Neues Museum"
    # close in letters, and closer still once the letters romanisations trade are made one
    # ("kharkiv"/"charkiw" both sound "harkiv"); "garnier"/"gautier" are as close in letters, but two names
    return fuzz.ratio(a, b) >= SPELLING_VARIANT and fuzz.ratio(_sound(a), _sound(b)) >= SOUND_VARIANT


# letters and letter groups that romanisations of one name trade for each other
_SOUNDS = (("tsch", "ch"), ("sch", "sh"), ("kh", "h"), ("ch", "h"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("c", "k"),
           ("q", "k"), ("w", "v"), ("y", "i"), ("j", "i"), ("z", "s"), ("ou", "u"), ("oo", "u"), ("ee", "i"))


def _sound(word: str) -> str:
    for spelled, said in _SOUNDS:
        word = word.replace(spelled, said)
    return re.sub(r"(.)\1", r"\1", word)  # a doubled letter is one


def _is_coined(token: Token, lang: str) -> bool:
    """A short word no frequency list knows, that of ``lang`` included: a coined name ("Wanwu",
    "Bouygues"), not a compound, nor a word of the text's own language ("Sanidad" in Spanish)."""
    return _is_rare_everywhere(token, lang) and len(token.text) <= MAX_COINED_NAME


def _is_name_word(word: str, lang: str) -> bool:
    """A (lower-case) word its language hardly uses as an ordinary word: part of a name ("roland", "infineon")."""
    from mtqa.checks.transliteration import word_zipf

    return (word_zipf(word, lang) or 0.0) < NAME_WORD_ZIPF


# Languages that write nouns capitalised and joined: a version in them capitalises every noun
COMPOUNDING = frozenset({"de"})
COMPOUND_PART_ZIPF = 3.3  # each part of a compound noun this common a word on its own ("Fracht", "Schiffe")
MIN_COMPOUND_PART = 4


def _compound_noun(token: Token, lang: str) -> bool:
    """A word joined from two common words of ``lang`` ("Frachtschiffe", "Industriekunden"): a noun of a
    language that capitalises nouns, not a name, unless other languages use it too ("Volkswagen")."""
    from wordfreq import zipf_frequency

    word = token.text
    if len(word) < 2 * MIN_COMPOUND_PART or not word.isalpha() or _is_international_name(token, lang):
        return False
    return any(min(zipf_frequency(word[:i], lang), zipf_frequency(word[i:], lang)) >= COMPOUND_PART_ZIPF
               for i in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1))


NOUN_PHRASE_WORD_ZIPF = 3.0


def _noun_phrase(run: list[Token], lang: str) -> bool:
    """Capitalised words of a language that capitalises nouns, each a common word of it (a declined
    adjective, a noun) or a compound of its words, none used across languages: a noun phrase such as
    "Statistischen Landesamt", not a name."""
    from wordfreq import zipf_frequency

    if _cities_in_name(" ".join(t.text for t in run)) or any(c.isdigit() for t in run for c in t.text):
        return False  # a place or one named after a place ("Baden-Württemberg", "Hamburger Hafen"), a code ("3M")
    return all(not _is_international_name(t, lang) and (zipf_frequency(t.text.lower(), lang) >= NOUN_PHRASE_WORD_ZIPF
                                                       or _compound_noun(t, lang)) for t in run)


def _is_international_name(token: Token, lang: str) -> bool:
    """A capitalised word that other languages use too (a name), not a common word of ``lang``.

    Proper names are about as frequent in other languages as in their own text's language,
    while common words ("Laut", "Selon", "According") are far more frequent in their own;
    short all-capital acronyms ("KI" for AI) are skipped.
    """
    from wordfreq import zipf_frequency

    word = token.text
    if not _is_name_token(token) or (word.isupper() and len(word) <= 3):
        return False
    others = [other for other in ("en", "fr", "de") if other != lang][:2]
    native = zipf_frequency(word, lang)
    foreign = min(zipf_frequency(word, other) for other in others)
    return foreign >= 2.0 and native <= foreign + 1.0


def _is_rare_everywhere(token: Token, lang: str | None = None) -> bool:
    """A word no frequency list knows (English, French, German and ``lang``'s): a coined name
    ("TotalEnergies", "01.AI") or a transliteration."""
    from wordfreq import zipf_frequency

    langs = {"en", "fr", "de"} | ({lang} if lang else set())
    return max(zipf_frequency(token.text, other) for other in sorted(langs)) < 1.5


def is_proper_name(name: Name, lang: str) -> bool:
    """A one-word name that is really a name: used across languages, unknown to all of them, or a
    word its own language hardly uses except as this name ("Infineon").

    "Chinese", "American" or "Chine" are capitalised words of their language, not names.
    """
    from wordfreq import zipf_frequency

    token = Token(name.surface, name.norms[0], 0, len(name.surface))
    rare_at_home = len(name.surface) >= 4 and zipf_frequency(name.surface, lang) < RARE_NAME_ZIPF
    return _is_international_name(token, lang) or _is_rare_everywhere(token) or rare_at_home


def find_lone_substitute(name: Name, relative_position: float, target_tokens: list[Token],
                         version_norms: set[str], lang: str) -> tuple[int, int] | None:
    """For a name the target lacks entirely: another name in the target that no version mentions.

    Candidates are words other languages use as much as the target's (names), that are not a
    near-spelling of a version word (a cognate such as "Finale" for "final" is a translation).
    The one nearest the name's relative position in the version is taken, if it is near (within
    a third of the sentence); its span grows over neighbouring name-like words, to the right
    ("Zero One Wanwu") and to the left ("Wall Street Journal").
    """
    from rapidfuzz import fuzz

    candidates = []
    places = _cities_in_name(name.surface)
    for position, token in enumerate(target_tokens):
        if token.norm in version_norms or not _is_international_name(token, lang):
            continue
        if any(fuzz.ratio(token.norm, other) >= 75 for other in version_norms):
            continue
        if len(token.norm) >= MIN_COMPOUND_PART and any(other.startswith(token.norm) for other in version_norms):
            continue  # the first part of a version's compound ("Land" of "Landesamt"), rendered on its own
        if places and places & _cities_written(token.text):
            continue  # an exonym: "Rin" for "Rheins"
        candidates.append(position)
    if not candidates:
        return None
    length = max(1, len(target_tokens) - 1)
    nearest = min(candidates, key=lambda p: abs(p / length - relative_position))
    if abs(nearest / length - relative_position) > 1 / 3:
        return None
    def name_like(position: int, coined: bool) -> bool:
        # A coined word no list knows ("Wanwu") may continue a name; long ones are compounds. In place
        # of a name of several words, an uncommon word may too (a surname: "Daniel Barenboim").
        token = target_tokens[position]
        return _is_name_token(token) and (_is_international_name(token, lang) or (
            coined and len(token.text) <= 10 and _is_rare_everywhere(token, lang))
            or (coined and len(name.norms) > 1 and _uncommon(token, lang)))

    start = end = nearest
    while end + 1 < len(target_tokens) and name_like(end + 1, coined=True):
        end += 1
    while start > 0 and name_like(start - 1, coined=False):
        start -= 1
    return start, end + 1


MAX_COINED_NAME = 10  # longer words no list knows are compounds ("Branchenkonferenz"), not names
ALIGNED_NAME_SIMILARITY = 0.75  # a name and the target word it aligns with, less alike than this, are two names


def find_aligned_substitute(name: Name, version: str, alignment: WordAlignment, target_tokens: list[Token],
                            version_norms: set[str], target_lang: str) -> tuple[int, int] | None:
    """The target words that word alignment pairs with the name, where they are another name.

    The word paired with the name's first word must be linked to it both ways yet not alike in
    meaning or spelling, capitalised, not the sentence's first word, written by no version, and
    name-like (used across languages or unknown to all of them). Where that fails, a name of several
    words is still replaced when each of its words pairs so with its own word of one unbroken run,
    each uncommon in the target language ("Fabiano Caruana" for "Hikaru Nakamura"): a translated
    name of common words pairs with common words or one compound ("Schwarzwald" for "Black Forest").
    A one-word name may pair with an uncommon word.
    ``alignment`` aligns the words of ``version`` with those of the target."""
    start = version.find(name.surface)
    if start < 0:
        return None
    if len(name.norms) > 1:
        positions = [_aligned_other_name(name, start + part.start, alignment, target_tokens, version_norms, target_lang,
                                         allow_uncommon=True) for part in tokens(name.surface)]
        if None not in positions and sorted(positions) == list(range(min(positions), min(positions) + len(positions))):
            return min(positions), max(positions) + 1
    first = _aligned_other_name(name, start, alignment, target_tokens, version_norms, target_lang,
                                allow_uncommon=len(name.norms) == 1)
    return None if first is None else (first, first + 1)


def _aligned_other_name(name: Name, offset: int, alignment: WordAlignment, target_tokens: list[Token],
                        version_norms: set[str], target_lang: str, allow_uncommon: bool) -> int | None:
    """The position of the target word paired with the name's word at character ``offset`` of the
    version, where that word is another name (``find_aligned_substitute``); None otherwise."""
    found = alignment.target_word_for(offset)
    if found is None:
        return None
    j, (a, b), mutual = found
    position = next((k for k, t in enumerate(target_tokens) if t.start <= a < t.end), None)
    if position is None or not mutual or position == 0:
        return None
    token = target_tokens[position]
    source_index = next(i for i, (x, y) in enumerate(alignment.source) if x <= offset < y)
    if (alignment.source_coverage[source_index] >= ALIGNED_NAME_SIMILARITY or token.norm in version_norms
            or not _is_name_token(token) or any(spelling_variant(n, token.norm) for n in name.norms)
            or not (_is_international_name(token, target_lang) or _is_coined(token, target_lang)
                    or (allow_uncommon and _uncommon(token, target_lang)))
            or _cities_in_name(name.surface) & _cities_written(token.text)  # an exonym: "Haag" for "Hague"
            or any(_builds_on(n, token.norm) for n in name.norms)):
        return None
    return position


SHARED_STEM = 5  # letters a compound shares with the name it is built on ("Scheldemündung", "Scheldt")


def _builds_on(name: str, word: str) -> bool:
    """``word`` begins with (a spelling of) the name: a compound built on it, not another name."""
    shared = next((k for k, (a, b) in enumerate(zip(name, word)) if a != b), min(len(name), len(word)))
    return shared >= min(SHARED_STEM, len(name))


UNCOMMON_WORD_ZIPF = 4.0
PART_ZIPF = 3.0  # each part of a compound is a word at least this common
ENDINGS = ("s", "n", "e", "en", "es", "er", "ern")  # inflection on a compound's last part ("Autobauers")
LINKS = ("s", "es", "n", "en")  # linking elements between parts ("Rüstungs-konzern")


def _uncommon(token: Token, lang: str) -> bool:
    """A word that is neither common in its language (nor an inflected form of a common one) nor a
    compound of its words: for a one-word name it aligns with, another name ("Hensoldt" for
    "Rheinmetall"), not a description ("des Autobauers", "des Konzerns" for "Renault"). A name of
    several words is left out: its translation is often one compound ("Schwarzwald" for "Black Forest")."""
    from mtqa.checks.transliteration import word_zipf

    word = token.text.lower()
    stems = [word] + [word[: -len(e)] for e in ENDINGS if word.endswith(e) and len(word) - len(e) >= 3]
    return max(word_zipf(stem, lang) or 0.0 for stem in stems) < UNCOMMON_WORD_ZIPF and not _compound(word, lang)


def _compound(word: str, lang: str, depth: int = 0) -> bool:
    """``word`` splits into words of ``lang`` (with linking elements and an inflected last part)."""
    from mtqa.checks.transliteration import word_zipf

    def is_word(part: str, endings: tuple[str, ...]) -> bool:
        forms = [part] + [part[: -len(e)] for e in endings if part.endswith(e) and len(part) - len(e) >= 3]
        return any((word_zipf(form, lang) or 0.0) >= PART_ZIPF for form in forms)

    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if is_word(left, LINKS) and (is_word(right, ENDINGS) or (depth < 2 and _compound(right, lang, depth + 1))):
            return True
    return False


def _version_vocabularies(view: DocumentView) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per version, the words it writes in lower case somewhere (common words), and the words it
    capitalises somewhere other than at a sentence start (names)."""
    lower: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    texts = [(lang, part.text) for s in view.sentences for lang, part in s.counterparts.items()]
    texts += [(extra.lang, extra.text) for extra in view.unaligned]
    for lang, text in texts:
        for position, token in enumerate(tokens(text)):
            if token.text[:1].islower():
                lower[lang].add(token.norm)
            elif position > 0 and _is_name_token(token):
                names[lang].add(token.norm)
    return lower, names


@dataclass(frozen=True)
class Rendering:
    """How one target sentence renders one version name: exactly, by a substitute, or not at all."""

    sentence: int
    lang: str
    name: Name
    span: tuple[int, int] | None  # character span in the target sentence
    exact: bool


def renderings(view: DocumentView) -> list[Rendering]:
    """Every (target sentence, version name) pair and how the target renders the name."""
    lower, capitalised = _version_vocabularies(view)
    out = []
    for sentence in view.content():
        target_tokens = tokens(sentence.text)
        parts = {lang: p for lang, p in sentence.counterparts.items() if p.text and _is_latin(p.text)}
        version_norms = {t.norm for p in sentence.counterparts.values() for t in tokens(p.text)}
        target_titled = bool(titles(sentence.text))
        for lang, part in parts.items():
            part_tokens = tokens(part.text)
            quoted = titles(part.text) if target_titled else []
            for name in names_in(part.text, lower[lang], capitalised[lang], lang):
                if _inside(part.text, name.surface, quoted):
                    continue  # a title both sides quote is translated as a whole ("Der Zauberberg")
                found = find_rendering(name, target_tokens)
                if found:
                    out.append(Rendering(sentence.index, lang, name, (target_tokens[found[0]].start, target_tokens[found[1] - 1].end), True))
                    continue
                substitute = find_substitute(name, target_tokens, version_norms, view.target_lang, lang)
                target_norms = {t.norm for t in target_tokens}
                if (substitute is None and not any(n in target_norms for n in name.norms)
                        and not any(spelling_variant(n, t) for n in name.norms for t in target_norms)
                        and (len(name.norms) > 1 or is_proper_name(name, lang))):
                    where = next((k for k, t in enumerate(part_tokens) if t.norm == name.norms[0]), 0)
                    substitute = find_lone_substitute(name, where / max(1, len(part_tokens) - 1), target_tokens,
                                                      version_norms, view.target_lang)
                    if substitute is None:
                        alignment = view.align_words(part.text, lang, sentence.text)
                        substitute = find_aligned_substitute(name, part.text, alignment, target_tokens,
                                                             version_norms, view.target_lang)
                span = None if substitute is None else (target_tokens[substitute[0]].start, target_tokens[substitute[1] - 1].end)
                if span and _cities_in_name(name.surface) & (
                        _cities_from(sentence.text, target_tokens, substitute[0]) | _places_named_in(sentence.text, view.target_lang)):
                    span = None  # the place the name is named after, in the target's form ("Cologne" for "Kölner",
                    # "Port of Hamburg" for "Hamburger Hafen"): the name is translated around it, not replaced
                out.append(Rendering(sentence.index, lang, name, span, False))
    return out


def _inside(text: str, surface: str, spans: list[tuple[int, int]]) -> bool:
    """The first place ``text`` writes ``surface`` lies inside one of ``spans``."""
    start = text.find(surface)
    return start >= 0 and any(a <= start and start + len(surface) <= b for a, b in spans)


@rule("MTQA101", "entity-mismatch", "critical", "accuracy/mistranslation",
      summary="A name the versions agree on (a newspaper, company, person, product) is written differently in the target.",
      why="A wrong name misinforms the reader and is hard to notice: 'Wall Street Times' reads like a real paper.",
      example="en: 'The Wall Street Journal reported ...'  de: 'Die Wall Street Times berichtete ...' -> MTQA101 on 'Wall Street Times'.")
@rule("MTQA102", "inconsistent-entity", "major", "terminology",
      summary="The target writes a name the versions agree on in different ways in different places.",
      why="Readers take two spellings for two entities; the place that differs is the one to fix.",
      example="de: 'das Wall Street Journal' in one paragraph, 'die Wall Street Times' in another -> MTQA102 on the second.")
def entity_checks(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    romanised = list(_unspelled_romanised_names(view))
    yield from romanised
    found = renderings(view)
    reported = {(r.sentence, r.span) for r in found if r.span is not None and not r.exact}
    reported |= {(f.sentence, (f.start, f.end)) for f in romanised}
    places: set[tuple[int, tuple[int, int]]] = set()  # cities and organisations reported as swaps
    for index, place, lang, unrendered in place_swaps(view):
        if (index, (place.start, place.end)) in reported:
            continue
        surface = view.sentences[index].text[place.start : place.end]
        yield RawFinding("MTQA101", index, place.start, place.end,
                         f"'{surface}' is another place than the {lang} version's '{unrendered[0]}'",
                         version=lang, evidence=", ".join(unrendered), confidence=0.7)
        places.add((index, (place.start, place.end)))
    for index, (start, end), lang, said in demonym_swaps(view):
        if (index, (start, end)) in reported:
            continue
        surface = view.sentences[index].text[start:end]
        yield RawFinding("MTQA101", index, start, end, f"'{surface}' is of another country than the {lang} version's '{said[0]}'",
                         version=lang, evidence=", ".join(said), confidence=0.7)
        places.add((index, (start, end)))
    for swap in japanese_name_swaps(view):
        if any(i == swap.sentence and a < swap.end and swap.start < b for i, (a, b) in reported | places):
            continue
        surface = view.sentences[swap.sentence].text[swap.start : swap.end]
        yield RawFinding("MTQA101", swap.sentence, swap.start, swap.end,
                         f"'{surface}' is no reading of the {swap.lang} version's {swap.name}",
                         version=swap.lang, evidence=swap.name, confidence=0.6)
        places.add((swap.sentence, (swap.start, swap.end)))
    for swap in organisation_swaps(view):
        if any(i == swap.sentence and a < swap.end and swap.start < b for i, (a, b) in reported | places):
            continue  # one finding for one name ("Universität Glasgow" is already another city)
        places.add((swap.sentence, (swap.start, swap.end)))
        surface = view.sentences[swap.sentence].text[swap.start : swap.end]
        yield RawFinding("MTQA101", swap.sentence, swap.start, swap.end,
                         f"'{surface}' is another {swap.what} than the {swap.lang} version's '{swap.unrendered[0]}'",
                         version=swap.lang, evidence=", ".join(swap.unrendered), confidence=0.7)
    # Every way the target writes each name, by sentence: "Zero One Wanwu" here, "Zero-One" there.
    written: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    for item in found:
        if item.span is not None:
            surface = view.sentences[item.sentence].text[item.span[0] : item.span[1]]
            written[item.name.norms].setdefault(fold(surface), item.sentence)
    exact_somewhere = {r.name.norms for r in found if r.exact}
    for item in found:
        if item.span is None or item.exact:
            continue
        text = view.sentences[item.sentence].text
        start, end = item.span
        surface = text[start:end]
        yield RawFinding("MTQA101", item.sentence, start, end,
                         f"'{surface}' where the versions write '{item.name.surface}'",
                         version=item.lang, evidence=item.name.surface, confidence=0.7)
        others = [form for form in written[item.name.norms] if form != fold(surface)]
        if item.name.norms in exact_somewhere:
            yield RawFinding("MTQA102", item.sentence, start, end,
                             f"'{surface}' but elsewhere the text writes '{item.name.surface}'",
                             version=item.lang, evidence=item.name.surface, confidence=0.6)
        elif others:
            yield RawFinding("MTQA102", item.sentence, start, end,
                             f"'{surface}' here, but the same name is written differently in "
                             f"{view.target_lang}:{written[item.name.norms][others[0]]}",
                             version=item.lang, evidence=item.name.surface, confidence=0.5)


@dataclass(frozen=True)
class Place:
    """A city name in a text: its character span and the GeoNames cities it can denote."""

    start: int
    end: int
    cities: frozenset[int]


MAX_PLACE_TOKENS = 3  # "Frankfurt am Main", "Den Haag", "New York"
COMMON_PLACE_WORD_ZIPF = 5.0  # a city name more common than this in the target language may be a word ("Essen", "Ende")


def places_in(text: str, lang: str) -> list[Place]:
    """City names in ``text``: capitalised Latin runs of up to three words (longest first), or names in
    Chinese or Japanese characters."""
    from mtqa.places import cities_in_characters

    found = [Place(a, b, ids) for a, b, ids in cities_in_characters(text, lang)]
    toks = [_without_elision(t) for t in tokens(text)]
    k = 0
    while k < len(toks):
        for n in range(min(MAX_PLACE_TOKENS, len(toks) - k), 0, -1):
            window = toks[k : k + n]
            if not (_is_name_token(window[0]) and _is_name_token(window[-1])) or _inside_longer_name(toks, k, k + n, text, lang):
                continue
            ids = _cities_written(text[window[0].start : window[-1].end])
            if ids and (n > 1 or not _common_word(window[0], lang) or _named_by_position(toks, k, lang)):
                found.append(Place(window[0].start, window[-1].end, ids))
                k += n - 1
                break
        k += 1
    return found


def _without_elision(token: Token) -> Token:
    """"d'Anvers" → "Anvers": a French elided article is not part of the name."""
    from mtqa.words import ELIDED_ARTICLE

    cut = ELIDED_ARTICLE.match(token.text)
    if not cut:
        return token
    return Token(token.text[cut.end():], fold(token.text[cut.end():]), token.start + cut.end(), token.end)


def _cities_written(surface: str) -> frozenset[int]:
    """The cities a name denotes, allowing a genitive s ("Singapurs", "the Rhine's") and a declined
    adjective before a name ("der Inneren Mongolei", "im Schwarzen Meer")."""
    from mtqa.places import cities_named

    ids = cities_named(surface)
    if not ids and surface.endswith(("'s", "’s")):
        ids = cities_named(surface[:-2])
    elif not ids and surface.endswith("s") and len(surface) >= 5:
        ids = cities_named(surface[:-1])
    first, _, rest = surface.partition(" ")
    if not ids and rest and first.endswith(("en", "em", "er", "es")):
        for base in (first[:-1], first[:-2] + "e", first[:-2] + "es", first[:-2] + "er"):
            ids = ids | cities_named(f"{base} {rest}")
    return ids


@lru_cache(maxsize=256)
def _places_named_in(text: str, lang: str) -> frozenset[int]:
    """Every place ``text`` names (see ``places_in``)."""
    return frozenset().union(*(place.cities for place in places_in(text, lang)))


def _cities_from(text: str, toks: list[Token], position: int) -> frozenset[int]:
    """The cities named by the words from ``toks[position]`` on, up to ``MAX_PLACE_TOKENS`` of them:
    an exonym may be longer than the word that differs ("Monaco di Baviera" for "Munich")."""
    found: set[int] = set()
    for n in range(1, min(MAX_PLACE_TOKENS, len(toks) - position) + 1):
        found |= _cities_written(text[toks[position].start : toks[position + n - 1].end])
    return frozenset(found)


def _cities_in_name(surface: str) -> frozenset[int]:
    """The places a name or one of its words denotes ("Wasserstands des Rheins": the Rhine), or that it
    is named after through a city adjective in -er ("Kölner Dom": Köln; "Münchner", "Dresdner":
    München, Dresden; "Bremer": Bremen)."""
    from mtqa.places import cities_named

    found = set(_cities_written(surface))
    for token in tokens(surface):
        word = token.text
        if word[:1].isupper() and word != surface:
            found |= _cities_written(word)
        if len(word) >= 6 and word.endswith("er") and word[0].isupper():
            for stem in (word[:-2], word[:-2] + "en", word[:-3] + "en"):
                found |= cities_named(stem)
    return frozenset(found)


def _inside_longer_name(toks: list[Token], start: int, end: int, text: str, lang: str) -> bool:
    """The words are part of a longer run of capitalised words ("Lawrence Wong", "Inter Mailand"):
    a person, club or company named after a place, not the place (a sentence's first word aside).
    A capitalised common word next to it is no part of a name ("Universität Glasgow", "Hafen Antwerpen")."""
    def name_part(k: int) -> bool:
        return _is_name_token(toks[k]) and not _frequent(toks[k], lang)

    before = start > 1 and name_part(start - 1) and not text[toks[start - 1].end : toks[start].start].strip()
    after = end < len(toks) and name_part(end) and not text[toks[end - 1].end : toks[end].start].strip()
    return before or after


FREQUENT_WORD_ZIPF = 4.0


def _frequent(token: Token, lang: str) -> bool:
    from mtqa.checks.transliteration import word_zipf

    return (word_zipf(token.text, lang) or 0.0) >= FREQUENT_WORD_ZIPF


def _common_word(token: Token, lang: str) -> bool:
    """A capitalised word common in its language and not used as much elsewhere: "Ende", "Essen",
    "Weil" name towns, but in a German sentence they are words; "Berlin" and "Paris" are names."""
    from mtqa.checks.transliteration import common_in_language

    return common_in_language(token.text, lang, COMMON_PLACE_WORD_ZIPF)


# words before a noun in a language that capitalises nouns: "am Ende", "beim Essen" are words, "in Hamburg" a city
DETERMINERS = frozenset(
    "der die das dem den des ein eine einem einen einer eines im am zum zur beim vom ins ans aufs durchs fürs "
    "kein keine keinem keinen keiner keines dieser diese dieses diesem diesen jeder jede jedes jedem jeden "
    "sein seine seinem seinen seiner seines ihr ihre ihrem ihren ihrer ihres unser unsere mein meine".split())


def _named_by_position(toks: list[Token], position: int, lang: str) -> bool:
    """A capitalised word that is a city's name as well as a common word of ``lang`` ("Hamburg",
    "Stuttgart" and "Essen" are frequent German words) names the city where its capital is not owed to
    the sentence's start, nor, in a language that capitalises nouns, to an article before it
    ("am Ende", "beim Essen", "das Weil")."""
    if position == 0:
        return False
    return lang not in COMPOUNDING or toks[position - 1].norm not in DETERMINERS


def _cities_read_leniently(text: str, places: list[Place]) -> frozenset[int]:
    """Every city the text may name: its places, and any capitalised word or run of up to three that
    names a city even where it could be a common word ("München" is frequent in German), or a city
    adjective ("Hamburger Hafen"). Asked of the target when the question is whether it renders a
    version's city, so that a city the strict reading passed over does not look unrendered."""
    toks = [_without_elision(t) for t in tokens(text)]
    cities = set().union(*(p.cities for p in places))
    for k, token in enumerate(toks):
        if not _is_name_token(token):
            continue
        cities |= _cities_in_name(token.text)  # the word itself, or the city of its adjective
        for n in range(2, min(MAX_PLACE_TOKENS, len(toks) - k) + 1):
            cities |= _cities_written(text[token.start : toks[k + n - 1].end])
    return frozenset(cities)


def place_swaps(view: DocumentView) -> Iterable[tuple[int, Place, str, list[str]]]:
    """(sentence, target place, version language, the version's places the target does not render):
    the target names a city no version names, where a version names a city the target does not.

    A city named in other languages ("Lissabon", "Lisbonne", 里斯本) is one place; two names that
    share no city are two ("Lissabon" for "Porto"). Both sides must differ: a city the target adds
    on its own (a capital spelled out) or one it leaves implicit is no swap."""
    for sentence in view.content():
        target_places = places_in(sentence.text, view.target_lang)
        if not target_places:
            continue
        folded_target = {t.norm for t in tokens(sentence.text)}
        versions = {lang: (part.text, places_in(part.text, lang)) for lang, part in sentence.counterparts.items() if part.text}
        named = {t.norm for text, _ in versions.values() for t in tokens(text)}
        all_cities = frozenset().union(*(p.cities for _, places in versions.values() for p in places))
        target_cities = None
        for place in target_places:
            surface = sentence.text[place.start : place.end]
            if place.cities & all_cities or all(t.norm in named for t in tokens(surface)):
                continue
            if target_cities is None:  # read only where a place is in doubt
                target_cities = _cities_read_leniently(sentence.text, target_places)
            for lang, (text, places) in sorted(versions.items()):
                unrendered = [text[p.start : p.end] for p in places
                              if not p.cities & target_cities and _same_kind(p.cities, place.cities)
                              and not _adjective_for(p.cities, folded_target)
                              and not all(t.norm in folded_target for t in tokens(text[p.start : p.end]))]
                if unrendered:
                    yield sentence.index, place, lang, unrendered


def _same_kind(a: frozenset[int], b: frozenset[int]) -> bool:
    """Both name a city, both a territory (a country or region), both a river, lake or sea, or both
    mountains: a swap replaces a place by one of its kind, while a translation may well write the
    country where its source names a city ("nach Japan" for 国内) or the reverse."""
    from mtqa.places import place_kind

    return bool({place_kind(p) for p in a} & {place_kind(p) for p in b})


def _adjective_for(places: frozenset[int], words: set[str]) -> bool:
    """A word that begins as one of the country's names does: its adjective or demonym ("italienischen"
    for イタリア, "Chinese" for 中国) renders the country."""
    from mtqa.places import COUNTRY_STEM, country_words

    stems = set().union(*(country_words(p) for p in places))
    return bool(stems) and any(word[:COUNTRY_STEM] in stems for word in words)


def demonym_swaps(view: DocumentView) -> Iterable[tuple[int, tuple[int, int], str, list[str]]]:
    """(sentence, span of a target word, version language, the version's words the target does not render):
    the target's demonym or adjective of a country ("kenianische") that no version names, where a
    version names another country, by its name or its demonym ("Ethiopian", エチオピア), and the target
    renders that one in no form."""
    from mtqa.places import countries_written_in, country_of_demonym, is_country

    for sentence in view.content():
        target_tokens = tokens(sentence.text)
        demonyms = [(t, country) for t in target_tokens if (country := country_of_demonym(t.text))]
        if not demonyms:
            continue
        folded_target = {t.norm for t in target_tokens}
        target_countries = {c for _, c in demonyms} | _countries_in(sentence.text, view.target_lang)
        for lang, part in sorted(sentence.counterparts.items()):
            if not part.text:
                continue
            said: dict[int, str] = {}
            for token in tokens(part.text):
                if (country := country_of_demonym(token.text)):
                    said.setdefault(country, token.text)
            for place in places_in(part.text, lang):
                for country in filter(is_country, place.cities):
                    said.setdefault(country, part.text[place.start : place.end])
            unrendered = [word for country, word in said.items()
                          if country not in target_countries and not _adjective_for(frozenset({country}), folded_target)]
            named = set(said) | countries_written_in(part.text)
            for token, country in demonyms:
                if country not in named and unrendered:
                    yield sentence.index, (token.start, token.end), lang, unrendered


def _countries_in(text: str, lang: str) -> set[int]:
    from mtqa.places import is_country

    return set(filter(is_country, _places_named_in(text, lang)))


def _unspelled_romanised_names(view: DocumentView) -> Iterable[RawFinding]:
    """MTQA101 for pinyin names the Chinese version has no characters for (``mtqa.checks.romanised_names``)."""
    from mtqa.checks.romanised_names import unspelled_names

    for name in unspelled_names(view):
        version = view.sentences[name.sentence].counterparts[name.lang].text
        alignment = view.align_words(version, name.lang, view.sentences[name.sentence].text)
        nearest = alignment.source_word_for(name.start)
        there = f" (it has {version[nearest[0]:nearest[1]]} here)" if nearest else ""
        yield RawFinding("MTQA101", name.sentence, name.start, name.end,
                         f"'{name.surface}' is a romanised Chinese name, but the {name.lang} version has no "
                         f"characters that spell it{there}",
                         version=name.lang, evidence=version[nearest[0]:nearest[1]] if nearest else "", confidence=0.6)
