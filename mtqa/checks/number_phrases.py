"""Number phrases that are not plain numbers: decades, centuries, fractions, multipliers and "half a
million", read in each language so that a translation that writes them differently is not taken for a
changed or missing number.

"the 1970s" = "die 70er-Jahre" = "die Siebzigerjahre" = 七十年代 (a decade: 1970, or 70 where the century is unsaid); "the 19th century" =
"das 19. Jahrhundert" = 十九世纪 (a century, 19); "a third" = "ein Drittel" = 三分之一 = 3分の1 (a fraction,
1/3, also equal to "33 %"; "three-quarters" = "Dreiviertel"); "doubled" = "verdoppelt" = 翻了一番 = 2倍 (a multiplier, 2, also equal to "an
increase of 100 %"); "half a million" = "eine halbe Million" (500,000); 令和7年 = 2025 (a Japanese era year).

``read_number_phrases(scanner)`` adds each as a ``Quantity`` of kind ``decade``, ``century``,
``fraction``, ``multiplier`` or ``number`` and claims its span, so the plain-number readers skip it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

CN = "〇零一二两三四五六七八九十百"
_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10},
    "de": {"ein": 1, "eine": 1, "einem": 1, "einen": 1, "einer": 1, "eines": 1, "zwei": 2, "drei": 3, "vier": 4,
           "fünf": 5, "zehn": 10},
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10},
    "es": {"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "diez": 10},
    "it": {"un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "dieci": 10},
}
DENOMINATORS = {
    "en": {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
           "sixth": 6, "sixths": 6, "seventh": 7, "eighth": 8, "tenth": 10, "tenths": 10},
    "de": {"hälfte": 2, "drittel": 3, "viertel": 4, "fünftel": 5, "sechstel": 6, "siebtel": 7, "achtel": 8,
           "zehntel": 10},
    "fr": {"moitié": 2, "tiers": 3, "quart": 4, "quarts": 4, "cinquième": 5, "cinquièmes": 5, "dixième": 10},
    # "una cuarta parte" = a quarter
    "es": {"mitad": 2, "tercio": 3, "tercios": 3, "tercera parte": 3, "terceras partes": 3, "cuarto": 4,
           "cuartos": 4, "cuarta parte": 4, "cuartas partes": 4, "quinto": 5, "quinta parte": 5, "décimo": 10,
           "décima parte": 10},
    "it": {"metà": 2, "terzo": 3, "terzi": 3, "quarto": 4, "quarti": 4, "quinto": 5, "quinti": 5, "decimo": 10},
}
DECADE_WORDS = {
    "en": {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
           "eighties": 80, "nineties": 90},
    "fr": {"années vingt": 20, "années trente": 30, "années quarante": 40, "années cinquante": 50,
           "années soixante": 60, "années soixante-dix": 70, "années quatre-vingt": 80, "années quatre-vingts": 80,
           "années quatre-vingt-dix": 90},
    "es": {"años veinte": 20, "años treinta": 30, "años cuarenta": 40, "años cincuenta": 50, "años sesenta": 60,
           "años setenta": 70, "años ochenta": 80, "años noventa": 90},
    "it": {"anni venti": 20, "anni trenta": 30, "anni quaranta": 40, "anni cinquanta": 50, "anni sessanta": 60,
           "anni settanta": 70, "anni ottanta": 80, "anni novanta": 90},
    "de": {"zwanziger": 20, "dreißiger": 30, "vierziger": 40, "fünfziger": 50, "sechziger": 60, "siebziger": 70,
           "achtziger": 80, "neunziger": 90},
}
MULTIPLIER_WORDS = {
    "en": {r"doubl\w*|twice": 2, r"tripl\w*|threefold": 3, r"quadrupl\w*|fourfold": 4},
    "de": {r"verdoppel\w*|doppelt\s+so|zweifach\w*": 2, r"verdreifach\w*|dreifach\w*": 3,
           r"vervierfach\w*|vierfach\w*": 4},
    "fr": {r"doubl[ée]\w*": 2, r"tripl[ée]\w*": 3, r"quadrupl[ée]\w*": 4},
    "es": {r"duplic\w*|el doble": 2, r"triplic\w*|el triple": 3, r"cuadruplic\w*": 4},
    "it": {r"raddoppi\w*|il doppio": 2, r"triplic\w*|il triplo": 3, r"quadruplic\w*": 4},
}
TIMES = {"en": r"times", "de": r"[-\s]?mal\s+so|-?fache[nmrs]?", "fr": r"fois", "es": r"veces", "it": r"volte"}
SCALES = {"en": {"million": 1e6, "billion": 1e9}, "de": {"million": 1e6, "milliarde": 1e9},
          "fr": {"million": 1e6, "milliard": 1e9}, "es": {"millón": 1e6, "millardo": 1e9},
          "it": {"milione": 1e6, "miliardo": 1e9}}
HALF = {"en": r"half\s+an?", "de": r"(?:eine[nmr]?\s+)?halbe[nm]?", "fr": r"(?:un\s+)?demi-?", "es": r"medio",
        "it": r"mezzo"}
# "the half" alone, as "die Hälfte" and 一半 are read: "more than half", "la moitié", "la mitad"
THE_HALF = {"en": r"\b(?:(?:more|less|fewer) than|almost|nearly|about|roughly|around|over|under|some|just)\s+half\b"
                  r"|(?<!first )(?<!second )(?<!other )(?<!latter )(?<!former )\bhalf\s+(?:of|the)\b",
            "de": r"\b(?:die|der)\s+Hälfte\b", "fr": r"\bla\s+moitié\b", "es": r"\bla\s+mitad\b",
            "it": r"\b(?:la\s+)?metà\b"}
# halving is a change by a half, as "50 %" or "um die Hälfte" says
HALVED = {"en": r"\bhalv(?:e|es|ed|ing)\b", "de": r"\bhalbier\w*", "fr": r"\bdivis\w*\s+par\s+deux\b",
          "es": r"\breduc\w*\s+a\s+la\s+mitad\b", "it": r"\bdimezz\w*", "zh": r"减半|腰斩", "ja": r"半減"}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}  # Japanese eras: year 1 of each


def cjk_number(text: str) -> float | None:
    """ASCII digits or a small Chinese numeral (一 .. 九十九) as a number."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if not text or any(c not in _CN_DIGIT and c != "十" for c in text):
        return None
    if "十" not in text:
        return float(_CN_DIGIT[text]) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return float((_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(units, 0) if units else 0))


def _roman(text: str) -> int | None:
    if not re.fullmatch(r"[IVXL]+", text):
        return None
    total, previous = 0, 0
    for char in reversed(text):
        value = ROMAN[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def _century(match: re.Match[str]) -> float | None:
    """A century written in digits or Roman numerals ("19e", "XIXe siècle", "siglo XIX")."""
    written = match.group("century")
    value = int(written) if written.isdigit() else _roman(written)
    return float(value) if value else None


def _words(table: dict[str, int]) -> str:
    return "|".join(sorted(map(re.escape, table), key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[re.Pattern[str], str, Callable[[re.Match[str]], float | None]]]:
    """(pattern, kind, value of a match) for ``lang``; longer readings first."""
    found: list[tuple[str, str, Callable]] = []
    small, denominators = SMALL.get(lang, {}), DENOMINATORS.get(lang, {})
    if lang in HALVES:  # three and a half = dreieinhalb = trois ... et demie
        found.append((HALVES[lang], "number", lambda m: _half_more(m, small)))
    if lang in HALF:
        scales = SCALES[lang]
        found.append((rf"\b{HALF[lang]}\s+(?P<scale>{'|'.join(scales)})\w*", "number",
                      lambda m: 0.5 * scales[m.group("scale").lower()]))
    if small and denominators:
        found.append((rf"\b(?P<count>{_words(small)})[\s-]*(?P<part>{_words(denominators)})\b", "fraction",
                      lambda m: small[m.group("count").lower()] / denominators[m.group("part").lower()]))
    if lang in HALVED:
        found.append((HALVED[lang], "fraction", lambda m: 0.5))
    if lang in THE_HALF:
        found.append((THE_HALF[lang], "fraction", lambda m: 0.5))
    if lang == "de":
        found.append((r"(?<!\d)(?P<c>1\d|20)?(?P<d>\d)0er(?:[\s-]*Jahr\w*)?", "decade", _decade))
        # the 2000s and 2010s: "Nullerjahre", "Zehnerjahre" (a "Zehner" alone is a ten-euro note)
        found.append((r"\b(?P<word>Nuller|Zehner)[\s-]?Jahr\w*", "decade",
                      lambda m: 0.0 if m.group("word").lower() == "nuller" else 10.0))
        found.append((r"\b(?P<century>\d{1,2})\.\s*Jahrhundert\w*", "century", lambda m: float(m.group("century"))))
    if lang == "en":
        found.append((r"(?<![\d'’])(?:(?P<c>1\d|20)(?P<d>\d)0|['’](?P<e>\d)0)['’]?s\b", "decade", _decade))
        found.append((r"\b(?P<century>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", "century",
                      lambda m: float(m.group("century"))))
    if lang in ("fr", "es", "it"):  # les années 1990, los años 90, gli anni '90
        found.append((r"\b(?:années|años|anni)\s+['’]?(?:(?P<c>1\d|20)(?P<d>\d)0|(?P<e>\d)0)\b", "decade", _decade))
    if lang == "fr":
        found.append((r"\b(?P<century>\d{1,2}|[IVXL]+)(?:e|ème)\s+siècle", "century", _century))
    if lang == "es":  # "el siglo XIX"
        found.append((r"\bsiglo\s+(?P<century>(?-i:[IVXL]+)|\d{1,2})\b", "century", _century))
    if lang == "it":  # "il XIX secolo", "il secolo XIX"
        found.append((r"\b(?P<century>(?-i:[IVXL]+))\s+secolo\b", "century", _century))
        found.append((r"\bsecolo\s+(?P<century>(?-i:[IVXL]+))\b", "century", _century))
    if lang == "es":  # "a finales de los noventa": the decade without "años", where no noun follows
        bare = {k.split()[1]: v for k, v in DECADE_WORDS["es"].items()}
        found.append((rf"(?<=\blos\s)(?P<word>{_words(bare)})\b(?=\s*(?:[,.;:)]|$|\s(?:y|o|cuando|del|en)\b))",
                      "decade", lambda m: float(bare[m.group("word").lower()])))
    if lang in DECADE_WORDS:
        decades = DECADE_WORDS[lang]
        spaced = _words(decades).replace("\\ ", r"\s+").replace(" ", r"\s+")
        found.append((rf"\b(?P<word>{spaced})n?(?:jahr\w*|\s+Jahr\w*)?\b", "decade",
                      lambda m: float(decades[" ".join(m.group("word").lower().split())])))
    if lang in ("zh", "ja"):  # 2兆5000億 = 2.5 trillion; 增加了一倍 (increased by one fold) = doubled
        found.append((r"(?P<a>\d+(?:\.\d+)?)兆(?P<b>\d+(?:\.\d+)?)[億亿]", "number",
                      lambda m: float(m.group("a")) * 1e12 + float(m.group("b")) * 1e8))
        found.append((rf"(?:增加|增长|提高|上升|扩大|上涨)了?(?P<times>\d+(?:\.\d+)?|[{CN}]+)倍", "multiplier",
                      lambda m: (cjk_number(m.group("times")) or 0) + 1 or None))
    if lang == "fr":  # soixante-dix, quatre-vingt-dix-sept
        found.append((FRENCH_COMPOUND, "number", _french_compound))
    if lang == "ja":  # era years: 令和7年 = 2025, 平成元年 = 1989
        found.append((rf"(?P<era>{'|'.join(ERAS)})(?P<year>\d{{1,2}}|元)年(?!代)", "year",
                      lambda m: float(ERAS[m.group("era")] + (1 if m.group("year") == "元" else int(m.group("year"))) - 1)))
    if lang in ("zh", "ja"):  # 四个半小时, 两年半, 4時間半 = four and a half (hours, years)
        found.append((rf"(?P<n>\d+|[{CN}]+)(?:个|個)半(?=小时|小時|钟头|月|星期)", "number",
                      lambda m: (cjk_number(m.group("n")) or 0) + 0.5 or None))
        found.append((rf"(?P<n>\d+|[{CN}]+)(?:年|天|周|時間|か月|ヶ月|ヵ月|週間|日)半", "number",
                      lambda m: (cjk_number(m.group("n")) or 0) + 0.5 or None))
    if lang in ("zh", "ja"):
        number = rf"\d+(?:\.\d+)?|[{CN}]+"
        found.append((rf"(?P<den>{number})分[之の](?P<num>{number})", "fraction", _cjk_fraction))
        found.append((r"一半|半数|半分", "fraction", lambda m: 0.5))
        found.append((r"(?<!\d)(?P<c>\d\d)?(?P<d>\d)0年代", "decade", _decade))
        found.append((r"(?P<d>[一二三四五六七八九])[十〇]年代", "decade", lambda m: 10.0 * _CN_DIGIT[m.group("d")]))
        found.append((rf"(?P<century>\d{{1,2}}|[{CN}]+)(?:世纪|世紀)", "century", lambda m: cjk_number(m.group("century"))))
        found.append((r"翻了?一番|翻番", "multiplier", lambda m: 2.0))
        found.append((r"翻了?两番", "multiplier", lambda m: 4.0))
        found.append((rf"(?P<times>{number})倍", "multiplier", lambda m: cjk_number(m.group("times"))))
    if lang in MULTIPLIER_WORDS:
        for phrase, value in MULTIPLIER_WORDS[lang].items():
            found.append((rf"\b(?:{phrase})\b", "multiplier", lambda m, value=value: float(value)))
        found.append((rf"\b(?P<times>\d+(?:[.,]\d+)?|{_words(small)})\s*(?:{TIMES[lang]})\b", "multiplier",
                      lambda m: _times_value(m.group("times"), small)))
    return [(re.compile(p, re.IGNORECASE), kind, value) for p, kind, value in found]


def _decade(match: re.Match[str]) -> float:
    """1970 for "1970s", 70 for "'70s" (the century unsaid); see ``same_decade``."""
    groups = match.groupdict()
    decade = 10 * int(groups.get("d") or groups.get("e"))
    return float(int(groups["c"]) * 100 + decade if groups.get("c") else decade)


def same_decade(a: float, b: float) -> bool:
    """1970 = 70 (one side leaves the century unsaid), 1970 ≠ 1870."""
    return a == b or ((a < 100 or b < 100) and a % 100 == b % 100)


def _cjk_fraction(match: re.Match[str]) -> float | None:
    denominator, numerator = cjk_number(match.group("den")), cjk_number(match.group("num"))
    return numerator / denominator if denominator and numerator else None


HALVES = {
    "en": r"\b(?P<count>one|two|three|four|five|six|seven|eight|nine|ten|\d+) and a half\b",
    "de": r"\b(?:(?P<count>ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)einhalb|(?P<one>anderthalb))\b",
    "fr": r"\b(?P<count>une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d+)\s+\w+\s+et\s+demie?\b",
}
_HALF_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
                "neun": 9, "zehn": 10, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
                "huit": 8, "neuf": 9, "dix": 10}


def _half_more(match: re.Match[str], small: dict[str, int]) -> float | None:
    if match.groupdict().get("one"):
        return 1.5
    count = match.group("count").lower()
    value = float(count) if count.isdigit() else _HALF_COUNTS.get(count)
    return None if value is None else value + 0.5


_FRENCH_UNITS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
                 "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
                 "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19}
_FRENCH_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "quatre-vingt": 80,
                "quatre-vingts": 80}
FRENCH_COMPOUND = (rf"\b(?P<tens>{'|'.join(sorted(_FRENCH_TENS, key=len, reverse=True))})"
                   rf"(?:(?:-et-|-| et )(?P<units>{'|'.join(sorted(_FRENCH_UNITS, key=len, reverse=True))}))?\b")


def _french_compound(match: re.Match[str]) -> float | None:
    """soixante-dix = 70, quatre-vingt-dix-sept = 97, vingt-et-un = 21; a bare "vingt" is left to the plain reader."""
    tens, units = match.group("tens").lower(), (match.group("units") or "").lower()
    if not units and not tens.startswith("quatre"):
        return None
    return float(_FRENCH_TENS[tens] + _FRENCH_UNITS.get(units, 0))


def _times_value(text: str, small: dict[str, int]) -> float | None:
    if text.lower() in small:
        return float(small[text.lower()]) if small[text.lower()] > 1 else None
    return float(text.replace(",", "."))


SHORT_YEAR_RANGE = re.compile(r"(?<![\d.,])(?P<first>(?:19|20)\d\d)\s?[/–-]\s?(?P<second>\d\d)(?![\d.,])")


def _year_ranges(scanner) -> None:
    """"2025/26" (a season, a school year) is 2025 and 2026, as "2025-2026" is."""
    for match in SHORT_YEAR_RANGE.finditer(scanner.masked()):
        first = int(match.group("first"))
        second = first // 100 * 100 + int(match.group("second"))
        if second != first + 1:
            continue
        scanner.add(first, "year", match.start("first"), match.end("first"))
        scanner.add(second, "year", match.start("second"), match.end("second"))
        scanner.claim(match.start(), match.end())


# Phrases with a number that no other language writes the same way: claimed, so their digits are not
# read as plain numbers, and left out (昭和40年代 is 1965-1974, no Western decade).
INCOMPARABLE = {"ja": re.compile(rf"(?:{'|'.join(ERAS)})\d{{1,2}}年代")}


def read_number_phrases(scanner) -> None:
    """Add every decade, century, fraction, multiplier, half-scale phrase and short year range; claim their spans."""
    if scanner.lang in INCOMPARABLE:
        for match in INCOMPARABLE[scanner.lang].finditer(scanner.masked()):
            scanner.claim(match.start(), match.end())
    _year_ranges(scanner)
    for pattern, kind, value_of in _patterns(scanner.lang):
        for match in pattern.finditer(scanner.masked()):
            if not scanner.free(match.start(), match.end()):
                continue
            value = value_of(match)
            if value is None:
                continue
            # decades and centuries are as firm as digits; fractions and multipliers may be reworded
            scanner.add(value, kind, match.start(), match.end(), spelled=kind in ("fraction", "multiplier"),
                        soft=kind == "multiplier")
            scanner.claim(match.start(), match.end())
    _soften_centuries_of_decades(scanner)


CENTURY_DECADE_GAP = 6  # characters between a decade and its century ("Neunzigerjahren des 20. Jahrhunderts")


def _soften_centuries_of_decades(scanner) -> None:
    """A century said with its decade (二十世纪八十年代, "die Neunzigerjahre des 20. Jahrhunderts") is only the
    decade's century, which "the 80s" leaves unsaid: it may be missing on the other side (soft)."""
    from dataclasses import replace

    decades = [q for q in scanner.out if q.kind == "decade"]
    for k, q in enumerate(scanner.out):
        if q.kind == "century" and any(max(q.start, d.start) - min(q.end, d.end) <= CENTURY_DECADE_GAP for d in decades):
            scanner.out[k] = replace(q, soft=True)
