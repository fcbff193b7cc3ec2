"""Number checks: amounts, percentages, dates and years that the target changes, drops or adds.

Every sentence is read into a list of ``Quantity`` values, normalised across locales, so that
"3,5 Millionen", "3.5 million", "3,5 millions" and "350万" all become 3 500 000 and "23. August",
"August 23", "23 août" and "8月23日" all become the date 08-23. The target sentence's quantities
are then compared, as multisets, with those of each version's counterpart.

What ``extract_quantities`` reads (``lang`` picks the decimal convention and the words):

* Digit numbers with the language's decimal convention: comma-decimal languages (de, fr, es,
  it, pt, nl, ru, pl, tr, ...) read "1.000,50" as 1000.5, dot-decimal ones (en, zh, ja, ko, ...)
  read "1,000.50". A number that is invalid under the convention but valid under the other one
  ("3.5" in German) is read the other way. No-break, narrow no-break and thin spaces and
  apostrophes group thousands everywhere; a plain space ("1 000") only in languages that write
  it so (fr, ru, pl, sv, es, pt, ...).
* Scale words and abbreviations: million/billion/bn, Millionen/Milliarden/Billionen/Mio./Mrd.,
  millions/milliards, millones/mil millones, milioni/miliardi, млн/млрд, ... and the CJK scales
  万/亿/萬/億/兆/만/억/조 (also "千万", "3亿5000万", "300多万"). "Billion" is 10^12 in de/fr/es.
  Glued: "$3m", "1.2m" (English news: million), "5bn"; glued units keep the number ("5km", "80GB").
* Percentages: "%", "Prozent", "percent", "per cent", "pour cent", "por ciento", "百分之二十",
  percentage points ("Prozentpunkte", "个百分点") count as percent too; so do tenths: Chinese
  七成 (70 %), Japanese 3割 or 三割 (30 %), 3割5分 (35 %).
* Dates (kind "date", value month*100 + day, month 0 when only the day is written): "23. August",
  "Am 3. Juli", "23.08.2024", "August 23", "Aug. 23, 2024", "23rd of August", "23 août",
  "1er août", "23 de agosto", "23 agosto", "23 augustus", "23 августа", "8月23日", "八月二十三日",
  "23日" (day only), "8월 23일", "2024-08-25", day ranges ("23.–25. August", "August 23-25",
  "du 23 au 25 août", "8月23日至25日"). A year written with a date is a separate, *soft*
  quantity: its absence is not reported (translations often drop it).
* Years (kind "year"): a four-digit integer 1000-2100 without separators, "2024年", "2024년",
  "二〇二四年", decades ("1990s", "1990er").
* Ordinals (kind "ordinal"): "3.", "3rd", "3e", "1er", "3º", "第3", "第三".
* Spelled numbers, only where the word cannot be an article: en two..twelve, thirteen..nineteen,
  tens and "twenty-five", "a/one/two hundred", "a dozen"; de zwei..zwölf, -zehn, tens and
  "dreiundzwanzig", "sechsmal"/"dreifach", "hundert"/"zweihundert", "tausend"; fr deux..douze
  (not "neuf", which also means "new"), -ze, tens, "cent", "mille"; es/it/pt/nl two..twelve
  ("sei" excluded in it). The
  one-words ("one", "ein/eine", "un/une", ...) count only before a scale ("eine Million",
  "a billion"). A spelled number followed by a scale ("drei Millionen") or percent word is a
  full quantity; a bare one (and any ordinal) is *weak*: it is compared when the other side has a
  number to compare it with, but is never reported as missing or added on its own.
* Chinese numerals (zh, ja): 一..十, 两, 百/千/万/亿 combinations ("三十", "二十多", "一万两千"),
  only before a measure word or unit ("三家", "十个", "两倍", "五年"), with 万/亿, after 第 or 百分之.
  The numeral 一 alone is never a quantity ("一些", "一个", "统一"); runs of bare digits
  ("三四个", "十四五") are approximate or names and are skipped, except a four-digit year.

What it leaves out, on purpose (conservative: a false alarm costs more than a miss):

* Alphanumeric codes: a number glued to Latin letters or joined by a hyphen to a preceding word
  ("A100", "910B", "H20", "GPT-4", "COVID-19", "5G", "01.AI"), with a leading zero ("007"), or a
  plain integer right after an all-caps acronym that is not a currency ("WAIC 2024", "CES 2025",
  "RTX 4090"; but "EU 20 Milliarden" is an amount). They are names, compared by the entity
  checks, not numbers. Their digits still *explain* a number on the other side (below).
* Clock times ("14:30", "15 Uhr", "3 p.m.", "15h30", "下午3点", "15時"): 12/24-hour conversions
  would be noise; scores and ratios ("4:2", written "四比二" in Chinese). Months without a day
  ("8月", "August 2024" gives only the year).

The check (``number_checks``) compares each content sentence with each version's counterpart:
values are equal within a relative 1e-6; a percent also equals the same plain number and a date
equals a plain number or ordinal that is its day (lenient second pass). What remains unmatched
on both sides (after removing, for a shared counterpart, what the neighbour target sentences
account for) is paired by kind and closest magnitude (dates: same day first): a pair is MTQA301
(value changed), a
target leftover MTQA303 (added), a version leftover MTQA302 (missing, only for clean units:
a counterpart shared by several target sentences may hold the neighbour's numbers). A leftover
is not reported when the other side "explains" it: the same value elsewhere in the other
sentence, the same digit run inside a code ("WAIC 2024"), a number word for it ("one", "both",
"twice", "一", "两"), "this year"/"今年" for a year, "today"/a weekday for a date.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from mtqa.checks.base import Counterpart, DocumentView, RawFinding, SentenceView, rule
from mtqa.checks.number_phrases import read_number_phrases, same_decade
from mtqa.config import CheckConfig

REL_TOL = 1e-6


@dataclass(frozen=True)
class Quantity:
    """A number expression in a text, normalised: ``value`` in plain units (3.5e6 for
    "3,5 Millionen", 20 for "20 %", month*100+day for a date), ``start``/``end`` code-point
    offsets of ``surface`` in the text."""

    value: float
    kind: str  # number | percent | date | year | ordinal | decade | century | fraction | multiplier
    start: int
    end: int
    surface: str
    spelled: bool = False  # written in words ("drei", "三十")
    soft: bool = False  # absence is not an omission (the year of a full date)

    @property
    def weak(self) -> bool:
        """Too ambiguous to report alone: an ordinal, or a spelled number without a scale."""
        return self.kind == "ordinal" or (self.spelled and self.kind != "percent" and self.value < 1e6)


# --------------------------------------------------------------------------------------------
# Language tables

COMMA_DECIMAL = frozenset(
    "de fr es it pt nl ru pl tr cs sk sl hr sr bs bg uk be ro hu sv da nb nn no fi et lv lt el "
    "id vi is ca gl eu az kk ka hy sq mk lb rm".split()
)
SPACE_GROUPING = frozenset("fr ru pl cs sk sv nb nn no fi et lv lt uk bg hu pt es be kk ca".split())
DOT_ORDINAL = frozenset("de da nb nn no fi cs sk sl hr sr bs pl hu tr et lv is lb".split())
DOT_DATE = frozenset("de da nb nn no fi cs sk sl hr sr bs pl hu tr et lv is lb ru uk be bg ro".split())
HAN = frozenset("zh ja yue wuu lzh".split())

SCALES: dict[str, list[tuple[str, float]]] = {
    "en": [(r"trillions?", 1e12), (r"billions?", 1e9), (r"millions?", 1e6), (r"thousands?", 1e3),
           (r"tn", 1e12), (r"bn", 1e9), (r"mn", 1e6), (r"mln", 1e6)],
    "de": [(r"Billion(?:en)?", 1e12), (r"Milliarden?", 1e9), (r"Mrd\.?", 1e9), (r"Million(?:en)?", 1e6),
           (r"Mio\.?", 1e6), (r"Tausend", 1e3), (r"Tsd\.?", 1e3)],
    "fr": [(r"billions?", 1e12), (r"milliards?", 1e9), (r"Mrds?\.?", 1e9), (r"Mds?\.?", 1e9),
           (r"millions?", 1e6), (r"mille", 1e3), (r"M(?=\s?[€$£])", 1e6), (r"k(?=\s?[€$£])", 1e3)],
    "es": [(r"billón|billones", 1e12), (r"mil\s+millones", 1e9), (r"millón|millones", 1e6), (r"mil", 1e3)],
    "it": [(r"miliardo|miliardi", 1e9), (r"mld\.?", 1e9), (r"milione|milioni", 1e6), (r"mln\.?", 1e6), (r"mila", 1e3)],
    "pt": [(r"bilião|biliões", 1e12), (r"bilhão|bilhões", 1e9), (r"mil\s+milhões", 1e9),
           (r"milhão|milhões", 1e6), (r"mil", 1e3)],
    "nl": [(r"biljoen", 1e12), (r"miljard", 1e9), (r"mld\.?", 1e9), (r"miljoen", 1e6), (r"mln\.?", 1e6), (r"duizend", 1e3)],
    "ru": [(r"трлн\.?", 1e12), (r"триллион\w*", 1e12), (r"млрд\.?", 1e9), (r"миллиард\w*", 1e9),
           (r"млн\.?", 1e6), (r"миллион\w*", 1e6), (r"тыс\.?", 1e3), (r"тысяч\w*", 1e3)],
    "pl": [(r"bilion\w*", 1e12), (r"mld\.?", 1e9), (r"miliard\w*", 1e9), (r"mln\.?", 1e6),
           (r"milion\w*", 1e6), (r"tys\.?", 1e3), (r"tysi\w*", 1e3)],
}
CJK_SCALES = [("万亿", 1e12), ("萬億", 1e12), ("千亿", 1e11), ("百亿", 1e10), ("十亿", 1e9), ("千万", 1e7),
              ("千萬", 1e7), ("百万", 1e6), ("百萬", 1e6), ("十万", 1e5), ("十萬", 1e5), ("亿", 1e8), ("億", 1e8),
              ("万", 1e4), ("萬", 1e4), ("兆", 1e12), ("千", 1e3), ("조", 1e12), ("억", 1e8), ("만", 1e4), ("천", 1e3)]
PERCENT_WORDS = (
    r"%|percentage\s+points?|per\s?cent(?:age)?|percent|Prozentpunkte?n?|Prozent|points?\s+de\s+pourcentage|"
    r"pour\s?cent|puntos\s+porcentuales|por\s?ciento|punti\s+percentuali|per\s?cento|pontos\s+percentuais|"
    r"por\s?cento|procentpunt(?:en)?|procent|procento|prosent|процентн\w+\s+пункт\w*|процент\w*|"
    r"个百分点|個百分點|百分点|百分點|パーセント|퍼센트|퍼센트포인트"
)
PERCENT_AFTER = re.compile(r"[ \u00a0\u202f\u2009]?(?:" + PERCENT_WORDS + r")(?![^\W\d_])", re.IGNORECASE)

# Glued Latin suffixes that leave a number a measured number (not a code).
UNITS = frozenset(  # case matters: "5g" is five grams, "5G" a network standard
    "km m cm mm nm µm kg g mg t kt Mt Gt l ml kWh MWh GWh TWh W kW MW GW TW V kV Hz kHz MHz GHz kB KB MB GB TB PB "
    "bit kbit Mbit Gbit Mbps Gbps kbps fps ms min mph kmh kph ha qm x".split()
)
ORDINAL_SUFFIX = {
    "en": {"st", "nd", "rd", "th"},
    "fr": {"er", "re", "e", "ème", "eme", "nd", "nde", "è"},
    "es": {"º", "ª", "o", "a", "er"}, "it": {"º", "ª", "o", "a"}, "pt": {"º", "ª", "o", "a"},
    "nl": {"e", "ste", "de"},
}
CURRENCY_CODES = frozenset("USD EUR CNY RMB GBP JPY CHF HKD KRW INR AUD CAD SGD RUB TWD SEK NOK DKK PLN BRL US".split())
CURRENCY_SIGNS = "$€£¥₩₹"

MONTHS: dict[str, dict[str, int]] = {
    "en": {"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
           "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
           "Jan.": 1, "Jan": 1, "Feb.": 2, "Feb": 2, "Mar.": 3, "Apr.": 4, "Apr": 4, "Jun.": 6, "Jul.": 7,
           "Aug.": 8, "Aug": 8, "Sept.": 9, "Sept": 9, "Sep.": 9, "Sep": 9, "Oct.": 10, "Oct": 10,
           "Nov.": 11, "Nov": 11, "Dec.": 12, "Dec": 12},
    "de": {"Januar": 1, "Jänner": 1, "Februar": 2, "Feber": 2, "März": 3, "April": 4, "Mai": 5, "Juni": 6,
           "Juli": 7, "August": 8, "September": 9, "Oktober": 10, "November": 11, "Dezember": 12,
           "Jan.": 1, "Feb.": 2, "Mär.": 3, "Apr.": 4, "Jun.": 6, "Jul.": 7, "Aug.": 8, "Sep.": 9, "Sept.": 9,
           "Okt.": 10, "Nov.": 11, "Dez.": 12},
    "fr": {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
           "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
           "décembre": 12, "decembre": 12, "janv.": 1, "févr.": 2, "avr.": 4, "juil.": 7, "sept.": 9,
           "oct.": 10, "nov.": 11, "déc.": 12},
    "es": {"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
           "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12},
    "it": {"gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
           "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12},
    "pt": {"janeiro": 1, "fevereiro": 2, "março": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7,
           "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12},
    "nl": {"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
           "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12},
    "ru": {"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
           "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12},
}
MONTH_CASE_SENSITIVE = frozenset({"en", "de"})  # "may", "march" are verbs; German months are capitalised
DAY_FORM = {  # how a day number is written before/after a month name
    "en": r"(\d{1,2})(?:st|nd|rd|th)?", "de": r"(\d{1,2})\.", "fr": r"(\d{1,2})(?:er|re)?",
    "es": r"(\d{1,2})(?:º|°)?", "it": r"(\d{1,2})(?:º|°)?", "pt": r"(\d{1,2})(?:º|°)?",
    "nl": r"(\d{1,2})(?:e|ste|de)?", "ru": r"(\d{1,2})(?:-го)?",
}
DAY_MONTH_LINK = {"en": r"(?:\s+of)?\s+", "de": r"\s?", "es": r"\s+de\s+", "pt": r"\s+de\s+"}
RANGE_SEP = (r"\s*(?:[-–—‐‑]|bis(?:\s+zum)?|und|to|and|through|au|et|al|a|y|e|tot|en|до|по|и)\s*")

SPELLED: dict[str, dict[str, int]] = {
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19},
    "de": {"zwei": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
           "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
           "siebzehn": 17, "achtzehn": 18, "neunzehn": 19},
    "fr": {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "dix": 10,
           "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "dix-sept": 17,
           "dix-huit": 18, "dix-neuf": 19, "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingts": 80,
           "quatre-vingt-dix": 90},
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
           "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
           "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veintiuno": 21, "veintidós": 22, "veintitrés": 23,
           "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28,
           "veintinueve": 29},
    "it": {"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
           "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16,
           "diciassette": 17, "diciotto": 18, "diciannove": 19},
    "pt": {"dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7, "oito": 8,
           "nove": 9, "dez": 10, "onze": 11, "doze": 12, "vinte": 20, "trinta": 30},
    "nl": {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
           "tien": 10, "elf": 11, "twaalf": 12, "twintig": 20, "dertig": 30},
}
TENS = {
    "en": {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90},
    "de": {"zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
           "siebzig": 70, "achtzig": 80, "neunzig": 90},
    "fr": {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60},
    "es": {"veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
           "ochenta": 80, "noventa": 90},
    "it": {"venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60, "settanta": 70,
           "ottanta": 80, "novanta": 90},
}
UNIT_WORDS = {
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9},
    "de": {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9},
    "fr": {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9},
    "es": {"uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9},
    "it": {"uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9},
}
LOWERCASE_ONLY = frozenset({"acht", "elf", "otto"})  # "Acht" (heed), "Elf" (a team), "Otto" (a name)
HUNDRED = {"en": r"hundred", "de": r"hundert", "fr": r"cents?"}
THOUSAND = {"en": r"thousand", "de": r"tausend", "fr": r"mille"}
ONE_WORDS = r"a|an|one|ein|eine|einer|einen|einem|un|une|uno|una|um|uma|een|один|одна"
FRACTION_AFTER = re.compile(
    r"[\s-]+(?:thirds?|quarters?|fifths?|halves|Drittel|Viertel|Fünftel|Hälften|tiers|quarts|cinquièmes?)\b", re.IGNORECASE
)
DOZEN = re.compile(r"\b(?:a|one)\s+dozen\b|\bein\s+Dutzend\b|\bune\s+douzaine\b", re.IGNORECASE)

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)
CN_UNITS = sorted(
    """个月 个小时 分钟 小时 公里 千米 厘米 毫米 公斤 千克 美元 欧元 英镑 日元 港元 韩元 季度 人次 星期 周年 个 名 位 人 项 种 次 年 天 岁
    倍 元 块 米 吨 件 台 座 条 款 所 部 辆 架 场 届 批 家 只 篇 本 张 份 周 层 枚 颗 艘 支 例 起 幅 页 章 轮 期 趟 首 套 栋 间 亩 秒 级 級
    か月 ヶ月 カ月 週間 日間 時間 つ 回 社 個 歳 円 ドル 人 件 年 倍 台 位""".split(),
    key=len, reverse=True,
)
CN_UNIT_RE = "|".join(map(re.escape, CN_UNITS))

# Words that account for a number the other side writes in digits (never extracted themselves).
NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    1: ("one", "a", "an", "single", "ein", "eine", "einer", "eines", "einem", "einen", "eins", "einzige", "un", "une",
        "seul", "seule", "uno", "una", "um", "uma", "een", "один", "одна", "一", "壹", "单",
        # a rate: "158 Yen je Dollar" for "1ドル=158円", "5 euros par personne"
        "je", "pro", "per", "par", "each"),
    2: ("two", "both", "twice", "double", "doubled", "pair", "couple", "zwei", "beide", "beiden", "zweimal", "doppelt",
        "doppelte", "verdoppelt", "paar", "deux", "double", "doublé", "ambos", "entrambi",
        "twee", "beide", "два", "две", "оба", "二", "两", "兩", "双", "雙"),
    3: ("three", "triple", "tripled", "drei", "dreifach", "trois", "tres", "tre", "três", "drie", "три", "三"),
    12: ("dozen", "Dutzend", "douzaine", "docena", "dozzina", "dúzia"),
    # ten years and a hundred: 十年 as "ein Jahrzehnt", "a century" for 100 years
    10: ("decade", "decades", "Jahrzehnt", "Jahrzehnte", "Jahrzehnten", "Jahrzehnts", "décennie", "décennies",
         "década", "decennio", "decennium", "十年", "10年"),
    100: ("century", "centuries", "Jahrhundert", "Jahrhunderte", "Jahrhunderten", "Jahrhunderts", "siècle", "siècles",
          "siglo", "secolo", "eeuw", "世纪", "世紀", "百年"),
    24: ("rund um die Uhr", "around the clock", "24/7", "jour et nuit", "día y noche", "giorno e notte", "全天候", "昼夜"),
}
RELATIVE_YEAR = re.compile(
    r"this\s+year|last\s+year|next\s+year|dieses\s+Jahr|diesen\s+Jahres|diesem\s+Jahr|vergangenen\s+Jahr|letzten\s+Jahr|"
    r"nächsten\s+Jahr|Vorjahr|cette\s+année|l['’]année\s+(?:dernière|prochaine)|l['’]an\s+dernier|este\s+año|"
    r"quest['’]anno|今年|去年|明年|本年|前年|올해|작년|昨年|来年", re.IGNORECASE)
RELATIVE_DAY = re.compile(
    r"\b(?:today|yesterday|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|heute|gestern|morgen|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|aujourd['’]hui|hier|demain|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|dimanche|hoy|ayer|oggi|ieri)\b|今天|昨天|明天|今日|昨日|本周|星期|周[一二三四五六日]",
    re.IGNORECASE)


def base_lang(lang: str) -> str:
    """"de-CH" -> "de", "zh_Hans" -> "zh"."""
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] if lang else ""


def _normalise(text: str) -> str:
    """The text with every decimal digit as ASCII and full-width '%'/'.' folded; same length."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif ch == "％":
            out.append("%")
        elif ch == "．":
            out.append(".")
        else:
            digit = unicodedata.decimal(ch, None)
            out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def _is_word_letter(ch: str) -> bool:
    """A letter of a space-separated script (Latin, Cyrillic, Greek...), not CJK."""
    return ch.isalpha() and ord(ch) < 0x2E80 and not ("\u1100" <= ch <= "\u11ff")


def _leading_word_letters(text: str) -> str:
    """The run of space-script letters ``text`` starts with ("km" of "km长", "" of "亿")."""
    end = 0
    while end < len(text) and _is_word_letter(text[end]):
        end += 1
    return text[:end]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9)


def parse_chinese_numeral(s: str) -> float | None:
    """Value of a Chinese numeral ("三十" 30, "一万两千" 12000, "三亿五千万" 3.5e8), None if malformed.

    Two bare digits in a row ("三四", "十四五") are an approximation or a name, not a number,
    except four digits read as a year ("二〇二四" 2024).
    """
    if s and all(ch in CN_DIGITS for ch in s):
        if len(s) == 1:
            return float(CN_DIGITS[s])
        if len(s) == 4:
            return float("".join(str(CN_DIGITS[ch]) for ch in s))
        return None
    total, section, number = 0.0, 0.0, None
    biggest = 0.0
    previous_digit = False
    for ch in s:
        if ch in CN_DIGITS:
            if previous_digit and not (number == 0 or CN_DIGITS[ch] == 0):
                return None
            number = CN_DIGITS[ch] if CN_DIGITS[ch] else number
            previous_digit = True
            continue
        previous_digit = False
        if ch in CN_SMALL:
            section += (number if number is not None else 1) * CN_SMALL[ch]
            number = None
        elif ch in CN_BIG:
            big = CN_BIG[ch]
            section += number or 0
            number = None
            if section == 0 and total == 0:
                return None
            if big > biggest:
                total = (total + section) * big
                biggest = big
            else:
                total += section * big
            section = 0.0
        else:
            return None
    return total + section + (number or 0)


# --------------------------------------------------------------------------------------------
# Extraction


class _Scanner:
    """Claims spans of one text step by step, so that later, looser readings skip them."""

    def __init__(self, text: str, lang: str):
        self.text = text
        self.t = _normalise(text)
        self.lang = base_lang(lang)
        self.taken = [False] * len(text)
        self.out: list[Quantity] = []
        self._masked: str | None = None  # ``masked()`` until the next claim

    def free(self, a: int, b: int) -> bool:
        return not any(self.taken[a:b])

    def claim(self, a: int, b: int) -> None:
        for i in range(a, b):
            self.taken[i] = True
        self._masked = None

    def add(self, value: float, kind: str, a: int, b: int, spelled: bool = False, soft: bool = False) -> None:
        self.out.append(Quantity(float(value), kind, a, b, self.text[a:b], spelled, soft))

    def masked(self) -> str:
        """The normalised text with claimed characters blanked, so no match crosses them."""
        if self._masked is None:
            self._masked = "".join("\x00" if taken else ch for ch, taken in zip(self.t, self.taken))
        return self._masked


@lru_cache(maxsize=None)
def _month_alternation(lang: str) -> tuple[str, dict[str, int]]:
    names = MONTHS[lang]
    alternation = "|".join(re.escape(n) + ("" if n.endswith(".") else r"(?![^\W\d_])")
                           for n in sorted(names, key=len, reverse=True))
    return alternation, names


def _month_of(names: dict[str, int], surface: str) -> int:
    if surface in names:
        return names[surface]
    lowered = {k.lower(): v for k, v in names.items()}
    return lowered.get(surface.lower(), 0)


def _add_date(sc: _Scanner, month: int, day: int, a: int, b: int) -> bool:
    if not (1 <= day <= 31 and 0 <= month <= 12):
        return False
    sc.add(month * 100 + day, "date", a, b)
    return True


def _year_value(surface: str) -> int | None:
    if surface.isdigit() and len(surface) == 4 and 1000 <= int(surface) <= 2100:
        return int(surface)
    return None


def _times(sc: _Scanner) -> None:
    """Clock times, scores and ratios are claimed and dropped: "14:30", "15 Uhr", "3 p.m.", "15h30",
    "下午3点", "4:2"."""
    patterns = [
        r"(?<![\d.,])\d{1,2}:\d{2}(?!\d)(?:\s?(?:a\.\s?m\.|p\.\s?m\.|am|pm|Uhr|h)(?![^\W\d_]))?",
        r"(?<![\d.,:])\d{1,3}\s?:\s?\d{1,3}(?![\d:])",  # scores and ratios ("4:2"), written "四比二" elsewhere
        r"(?<![\d.,])\d{1,2}\.\d{2}\s?(?:Uhr|h|a\.\s?m\.|p\.\s?m\.|am|pm)(?![^\W\d_])",  # "8.30 pm"
        r"\b(?:alle|dalle|ore|a las|de las|desde las|às|das)\s+\d{1,2}[.:]\d{2}(?!\d)",  # "alle 6.15", "a las 6.15"
        r"(?<![\d.,])\d{1,2}\s?(?:Uhr|heures?\s+\d{2}|h\s?\d{2}|h|a\.\s?m\.|p\.\s?m\.|am|pm|o['’]clock)(?![^\W\d_])",
        r"(?:上午|下午|凌晨|早上|晚上|中午|傍晚|午前|午後)?(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"
        r"(?:(?:点|點)(?![〇零一二三四五六七八九\d])|(?:点|點)(?=\d{1,2}分|[一二三四五六七八九十]{1,3}分)|時|时|시)"
        r"(?:\d{1,2}分|[一二三四五六七八九十]{1,3}分|半)?(?!间|間|간|代)",  # 下午3点30分: 点 then minutes
    ]
    for pattern in patterns:
        for m in re.finditer(pattern, sc.masked()):
            sc.claim(m.start(), m.end())


def _numeric_dates(sc: _Scanner) -> None:
    """ISO dates (all languages), "23.08.2024" / "23.8." (dot-date languages), "23/08/2024"."""
    for m in re.finditer(r"(?<![\d.])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", sc.masked()):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and _add_date(sc, month, day, m.start(), m.end()):
            sc.add(year, "year", m.start(1), m.end(1), soft=True)
            sc.claim(m.start(), m.end())
    if sc.lang in DOT_DATE:
        pattern = r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(?:(\d{4})(?![\d])|(?=[ \u00a0]+\S))"
        for m in re.finditer(pattern, sc.masked()):
            day, month = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12 and _add_date(sc, month, day, m.start(), m.end()):
                if m.group(3):
                    sc.add(int(m.group(3)), "year", m.start(3), m.end(3), soft=True)
                sc.claim(m.start(), m.end())
    for m in re.finditer(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])", sc.masked()):
        first, second = int(m.group(1)), int(m.group(2))
        month, day = (first, second) if sc.lang == "en" and first <= 12 else (second, first)
        if 1 <= month <= 12 and _add_date(sc, month, day, m.start(), m.end()):
            sc.add(int(m.group(3)), "year", m.start(3), m.end(3), soft=True)
            sc.claim(m.start(), m.end())


CN_DAYNUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"


def _with_decimals(whole: float, digits: str) -> float:
    """``whole`` with Chinese digits after the point: 三点五 (3, "五") = 3.5, 十秒零二 (10, "零二") = 10.02."""
    decimals = "".join(str(CN_DIGITS[ch]) for ch in digits if ch in CN_DIGITS)
    return float(f"{int(whole)}.{decimals}") if decimals else whole


def _cn_small(s: str) -> int:
    if s.isdigit():
        return int(s)
    value = parse_chinese_numeral(s)
    return int(value) if value is not None else -1


def _cjk_dates(sc: _Scanner) -> None:
    """"2024年8月23日", "8月23日至25日", "23日" (day only), "8월 23일", "2024年"; a bare "8月" is claimed."""
    year_part = r"(?:(\d{4}|[〇零一二三四五六七八九]{4})\s?(?:年|년)\s?)?"
    pattern = year_part + r"(" + CN_DAYNUM + r")\s?(?:月|월)\s?(" + CN_DAYNUM + r")\s?(?:日|号|號|일)(?!元|圆|本|语|文|报|間|间)"
    for m in re.finditer(pattern, sc.masked()):
        month, day = _cn_small(m.group(2)), _cn_small(m.group(3))
        if 1 <= month <= 12 and _add_date(sc, month, day, m.start(2), m.end()):
            if m.group(1):
                year = m.group(1) if m.group(1).isdigit() else str(int(parse_chinese_numeral(m.group(1)) or 0))
                sc.add(int(year), "year", m.start(1), m.start(2), soft=True)
            sc.claim(m.start(), m.end())
    # the second day of a range, or a day alone: "至25日", "23日，"
    for m in re.finditer(r"(?<![\d.])(" + CN_DAYNUM + r")\s?(?:日|号|號|일)(?!元|圆|本|语|文|报|間|间|간|\d)", sc.masked()):
        if not m.group(1)[0].isdigit() and not re.search(r"(?:至|到|[-–—~～])\s?$", sc.t[max(0, m.start() - 8) : m.start()]):
            continue  # "三日" alone may be "three days"
        month = 0
        for q in sc.out:  # "8月23日至25日": the second day takes the range's month
            if q.kind == "date" and q.end <= m.start() and re.fullmatch(r"\s?(?:至|到|[-–—~～])\s?", sc.t[q.end : m.start()]):
                month = _date_parts(q)[0]
        if _add_date(sc, month, _cn_small(m.group(1)), m.start(), m.end()):
            sc.claim(m.start(), m.end())
    # months without a day are not compared ("im August" carries no digit), so claim and drop them
    for m in re.finditer(r"(?<![\d.])(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?(?:月|월)(?!份额)", sc.masked()):
        sc.claim(m.start(), m.end())
    for m in re.finditer(r"(\d{4}|[〇零一二三四五六七八九]{4})\s?(?:年|년)(?!代)", sc.masked()):
        value = int(m.group(1)) if m.group(1).isdigit() else int(parse_chinese_numeral(m.group(1)) or 0)
        if 1000 <= value <= 2100:
            sc.add(value, "year", m.start(), m.end())
            sc.claim(m.start(), m.end())


def _month_dates(sc: _Scanner) -> None:
    """Dates with a month name, day first or (English) month first, with day ranges and a year."""
    if sc.lang not in MONTHS:
        return
    _, names = _month_alternation(sc.lang)
    for order, pattern in _month_date_patterns(sc.lang):
        for m in pattern.finditer(sc.masked()):
            if order == "day":
                first, second, month_name, year_text = m.group(1), m.group(2), m.group(3), m.group(4)
                month = _month_of(names, month_name)
                if not month:
                    continue
                if first:
                    if not _add_date(sc, month, int(first), m.start(1), m.end(1)):
                        continue
                main_start = m.start(2)
                if not _add_date(sc, month, int(second), main_start, m.end(3)):
                    continue
            else:
                month_name, first, second, year_text = m.group(1), m.group(2), m.group(3), m.group(4)
                month = _month_of(names, month_name)
                if not month or not _add_date(sc, month, int(first), m.start(1), m.end(2)):
                    continue
                if second:
                    _add_date(sc, month, int(second), m.start(3), m.end(3))
            if year_text:
                sc.add(int(year_text), "year", m.start(4), m.end(4), soft=True)
            sc.claim(m.start(), m.end())


@lru_cache(maxsize=None)
def _month_date_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """("day", pattern) for day-first dates and, in English, ("month", pattern) for month-first ones."""
    alternation, _ = _month_alternation(lang)
    flags = 0 if lang in MONTH_CASE_SENSITIVE else re.IGNORECASE
    day = DAY_FORM[lang]
    link = DAY_MONTH_LINK.get(lang, r"\s+")
    year = r"(?:,?\s+(?:de\s+|del\s+)?(\d{4})(?![\d]))?"
    day_first = re.compile(r"(?<![\d.,])(?:" + day + RANGE_SEP + r")?" + day + link + r"(" + alternation + r")" + year, flags)
    not_amount = r"(?![\d])(?![.,]\d)(?!\s?(?:%|percent|per\s?cent|million|billion|thousand|trillion|bn)(?![^\W\d_]))"
    month_first = re.compile(r"(" + alternation + r")\s+" + day + r"(?:" + RANGE_SEP + day + r")?" + not_amount + year, flags)
    return (("day", day_first),) + ((("month", month_first),) if lang == "en" else ())


# Days of the month as words: "am fünften Juni", "the fifth of June", "June the fifth", "le premier mai".
_DE_ORDINAL_STEMS = ("erst zweit dritt viert fünft sechst siebt acht neunt zehnt elft zwölft dreizehnt vierzehnt "
                     "fünfzehnt sechzehnt siebzehnt achtzehnt neunzehnt zwanzigst").split()
_EN_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_DE_UNITS = ("ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_EN_UNITS = _EN_ORDINALS[:9]  # "twenty-first" ... "twenty-ninth"


def _day_words(lang: str) -> dict[str, int]:
    """The words for the days 1 to 31 of a month in ``lang`` (de, en: ordinals; fr: "premier" and the
    cardinals, as French writes dates)."""
    if lang == "de":
        stems = dict(zip(_DE_ORDINAL_STEMS, range(1, 21)))
        stems.update({f"{unit}undzwanzigst": 21 + k for k, unit in enumerate(_DE_UNITS)})
        stems.update({"dreißigst": 30, "einunddreißigst": 31, "siebent": 7})
        return {stem + ending: day for stem, day in stems.items() for ending in ("e", "en", "er", "em", "es")}
    if lang == "en":
        words = dict(zip(_EN_ORDINALS, range(1, 21)))
        words.update({f"twenty-{unit}": 21 + k for k, unit in enumerate(_EN_UNITS)})
        words.update({"thirtieth": 30, "thirty-first": 31})
        return words
    if lang == "fr":
        words = {word: value for word, value in _spelled_table("fr").items() if 2 <= value <= 31}
        return {**words, "premier": 1}
    return {}


def _spelled_month_dates(sc: _Scanner) -> None:
    """Dates whose day is a word: "am fünften Juni", "the fifth of June", "June the fifth", "le cinq juin"."""
    days, patterns = _spelled_date_patterns(sc.lang)
    if not days or not _month_name(sc.lang).search(sc.masked()):
        return
    names = MONTHS[sc.lang]
    for order, pattern in enumerate(patterns):
        for m in pattern.finditer(sc.masked()):
            day_word, month_name = (m.group(1), m.group(2)) if order == 0 else (m.group(2), m.group(1))
            month = _month_of(names, month_name)
            if month and _add_date(sc, month, days[day_word.lower()], m.start(), m.end()):
                sc.claim(m.start(), m.end())


@lru_cache(maxsize=None)
def _month_name(lang: str) -> re.Pattern[str]:
    """Any month name of ``lang``: the quick test before the date patterns are tried."""
    alternation, _ = _month_alternation(lang)
    return re.compile(alternation, 0 if lang in MONTH_CASE_SENSITIVE else re.IGNORECASE)


@lru_cache(maxsize=None)
def _spelled_date_patterns(lang: str) -> tuple[dict[str, int], tuple[re.Pattern[str], ...]]:
    """The day words of ``lang`` and its patterns for day-first and (English) month-first dates, built once."""
    days = _day_words(lang) if lang in MONTHS else {}
    if not days:
        return {}, ()
    alternation, _ = _month_alternation(lang)
    flags = 0 if lang in MONTH_CASE_SENSITIVE else re.IGNORECASE
    day = "(" + "|".join(sorted(map(re.escape, days), key=len, reverse=True)) + r")(?![^\W\d_])"
    link = r"\s+of\s+" if lang == "en" else r"\s+"  # "the first May Day rally" names no date
    patterns = [re.compile(r"(?<![^\W\d_])" + day + link + "(" + alternation + ")", flags | re.IGNORECASE)]
    if lang == "en":
        patterns.append(re.compile("(" + alternation + r")\s+(?:the\s+)?" + day, flags))
    return days, tuple(patterns)


# Tenths: Chinese 七成 (70 %), Japanese 3割 / 三割 (30 %), 3割5分 (35 %). Not 一成不变 (unchanged),
# 割合 (ratio) or 割れ (falling below).
TENTHS = {"zh": "成", "ja": "割"}


def _tenths(sc: _Scanner) -> None:
    """Shares in tenths as percentages: 七成 = 70 %, 3割5分 = 35 %."""
    unit = TENTHS.get(sc.lang)
    if unit is None:
        return
    numeral = r"(\d{1,2}|十|[一二两兩三四五六七八九]十?)"
    pattern = numeral + unit + (r"(?:(\d|[一二三四五六七八九])分)?(?![合れ])" if unit == "割" else r"(?!不变|不變)")
    for m in re.finditer(pattern, sc.masked()):
        tenths = int(m.group(1)) if m.group(1).isdigit() else parse_chinese_numeral(m.group(1))
        if not tenths or tenths > 10:
            continue
        hundredths = m.group(2) if unit == "割" else None
        value = 10 * tenths + (int(hundredths) if hundredths and hundredths.isdigit() else CN_DIGITS.get(hundredths or "", 0))
        sc.add(value, "percent", m.start(), m.end(), spelled=not m.group(1).isdigit())
        sc.claim(m.start(), m.end())


def _percent_prefix(sc: _Scanner) -> None:
    """"百分之二十", "百分之3.5"."""
    for m in re.finditer(r"百分之(\d+(?:\.\d+)?|[" + CN_CHARS + r"点點]+)", sc.masked()):
        number = m.group(1)
        if number[0].isdigit():
            value: float | None = float(number)
        else:
            whole, _, frac = number.replace("點", "点").partition("点")
            value = parse_chinese_numeral(whole) if whole else None
            if value is not None and frac:
                value = _with_decimals(value, frac)
        if value is not None:
            sc.add(value, "percent", m.start(), m.end())
            sc.claim(m.start(), m.end())


def _group_value(raw: str, decimal: str, thousands: str) -> float | None:
    """The value of "1.000,50" under one convention, None if it does not fit it."""
    if raw.count(decimal) > 1:
        return None
    whole, _, frac = raw.partition(decimal)
    groups = re.split("[" + re.escape(thousands) + "]", whole)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    if not all(g.isdigit() for g in groups) or (frac and not frac.isdigit()):
        return None
    return float("".join(groups) + ("." + frac if frac else ""))


def parse_number(raw: str, lang: str) -> float | None:
    """The value of a digit group with separators, by the language's convention first."""
    lang = base_lang(lang)
    raw = re.sub(r"[\u00a0\u202f\u2009 ]", "", raw)
    if raw.isdigit():
        return float(raw)
    comma_first = lang in COMMA_DECIMAL
    conventions = [(",", ".'’"), (".", ",'’")] if comma_first else [(".", ",'’"), (",", ".'’")]
    for decimal, thousands in conventions:
        value = _group_value(raw, decimal, thousands)
        if value is not None:
            return value
    return None


def _split_spaced(raw: str, start: int, lang: str) -> list[tuple[int, int]]:
    """Offsets of the numbers in a digit run joined by spaces: one number if the spaces group
    thousands ("1 000 000"), else one per space-separated piece ("2024 100")."""
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^\u00a0\u202f\u2009 ]+", raw)]
    if len(pieces) == 1:
        return [(start, start + len(raw))]
    texts = [raw[a:b] for a, b in pieces]
    joinable = re.fullmatch(r"\d{1,3}", texts[0]) and all(re.fullmatch(r"\d{3}", t) for t in texts[1:-1]) \
        and re.fullmatch(r"\d{3}(?:[.,]\d+)?", texts[-1])
    if joinable:
        return [(start, start + len(raw))]
    return [(start + a, start + b) for a, b in pieces]


LOWER_DIGITS = re.compile(r"(\d+)(千|万|萬|만|천)?(?![\d.,年月日号號歳岁時时%％])")


def _lower_digits(text: str, scale: float) -> tuple[float, int] | None:
    """The digits after a scale character that complete the number below it: 8000 in 1万8000,
    5000万 in 3亿5000万; (their value, their length)."""
    more = LOWER_DIGITS.match(text)
    if not more:
        return None
    value = float(more.group(1)) * dict(CJK_SCALES).get(more.group(2) or "", 1.0)
    return (value, more.end()) if value < scale else None


def _digit_numbers(sc: _Scanner) -> None:
    """Digit numbers with their context: codes dropped, scale, percent, year, ordinal."""
    lang = sc.lang
    spaces = "\u00a0\u202f\u2009" + (" " if lang in SPACE_GROUPING else "")
    number_re = re.compile(r"(?<![\d])\d+(?:(?:[.,'’]|[" + spaces + r"](?=\d{3}(?!\d)))\d+)*")
    scale_list = SCALES.get(lang, SCALES["en"])
    scale_re = re.compile(
        r"[ \u00a0\u202f\u2009]*(?:" + "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(scale_list)) + r")(?![^\W\d_])",
        re.IGNORECASE if lang not in ("de",) else 0,
    )
    cjk_scale_re = re.compile(r"(?:多|余|餘)?(" + "|".join(re.escape(s) for s, _ in CJK_SCALES) + r")(?!米|克|瓦|伏|赫|字|兆赫)")
    cjk_scale = dict(CJK_SCALES)
    t = sc.masked()
    for m in number_re.finditer(t):
        for a, b in _split_spaced(m.group(), m.start(), lang):
            raw = t[a:b]
            if not sc.free(a, b):
                continue
            value = parse_number(raw, lang)
            left, right = t[max(0, a - 40) : a], t[b : b + 60]
            # -- codes: glued to letters, joined by a hyphen, or after an acronym
            if value is None or (a > 0 and _is_word_letter(t[a - 1])) \
                    or (a > 1 and t[a - 1] in "-‐‑" and _is_word_letter(t[a - 2])) \
                    or (len(raw) > 1 and raw[0] == "0" and raw[1].isdigit()) \
                    or re.match(r"\.[^\W\d_]", right) and _is_word_letter(right[1]):  # "01.AI", "007"
                sc.claim(a, b)
                continue
            acronym = re.search(r"(?<![^\W\d_])([A-Z][A-Z&]+)[ \u00a0]$", left)
            if acronym and acronym.group(1) not in CURRENCY_CODES and raw.isdigit() \
                    and not PERCENT_AFTER.match(right) and not scale_re.match(right):
                sc.claim(a, b)  # "WAIC 2024", "RTX 4090" (but "EU 20 Milliarden" is an amount)
                continue
            kind, end, spelled_scale = "number", b, 1.0
            glued_text = _leading_word_letters(right)
            if glued_text:
                low = glued_text.lower()
                currency_before = a > 0 and t[a - 1] in CURRENCY_SIGNS
                if low in ORDINAL_SUFFIX.get(lang, set()) or (lang not in ORDINAL_SUFFIX and low in ORDINAL_SUFFIX["en"]):
                    if raw.isdigit():
                        sc.add(value, "ordinal", a, b + len(glued_text))
                    sc.claim(a, b + len(glued_text))
                    continue
                if low in {"s", "er", "ern", "ers"} and _year_value(raw) and int(raw) % 10 == 0:
                    sc.add(value, "year", a, b + len(glued_text))
                    sc.claim(a, b + len(glued_text))
                    continue
                if low in {"bn", "tn", "mn", "mln", "mrd", "mio"} or (currency_before and low in {"m", "k", "b"}) \
                        or (lang == "en" and glued_text == "m"):  # English news: "1.2m cars", "£3m"
                    spelled_scale = {"bn": 1e9, "tn": 1e12, "mn": 1e6, "mln": 1e6, "mrd": 1e9, "mio": 1e6,
                                     "m": 1e6, "k": 1e3, "b": 1e9}[low]
                    end = b + len(glued_text)
                elif glued_text in UNITS:
                    end = b + len(glued_text)
                else:  # "910B", "5G", "3D", "4o": a code
                    sc.claim(a, b + len(glued_text))
                    continue
            # -- percent, scale
            pct = PERCENT_AFTER.match(right) if end == b else None
            scale = None if (pct or end != b) else scale_re.match(right)
            cjk = None if (pct or end != b or scale) else cjk_scale_re.match(right)
            if pct:
                kind, end = "percent", b + pct.end()
            elif scale:
                name = next(k for k, v in scale.groupdict().items() if v)
                value *= scale_list[int(name[1:])][1]
                end = b + scale.end()
            elif cjk:
                value *= cjk_scale[cjk.group(1)]
                end = b + cjk.end()
                more = _lower_digits(t[end : end + 20], cjk_scale[cjk.group(1)]) if cjk_scale[cjk.group(1)] >= 1e4 else None
                if more:  # "3亿5000万", "1万8000", "1万8千"
                    value += more[0]
                    end += more[1]
                tail = PERCENT_AFTER.match(t[end : end + 40])
                if tail and tail.group().strip() == "%":
                    kind, end = "percent", end + tail.end()
            else:
                value *= spelled_scale
                if spelled_scale == 1.0 and end == b:
                    if lang in DOT_ORDINAL and raw.isdigit() and len(raw) <= 3 \
                            and re.match(r"\.[ \u00a0]+[^\W\d_]", right) and not re.match(r"\.[ \u00a0]+(?:Jh|Jahrh)", right):
                        kind, end = "ordinal", b + 1
                    elif left.endswith("第"):
                        kind = "ordinal"
                        a -= 1
                    elif _year_value(raw):
                        kind = "year"
                    if re.match(r"\s?(?:年|년)(?!代)", right) and _year_value(raw):
                        end = b + re.match(r"\s?(?:年|년)", right).end()
            sc.add(value, kind, a, end)
            sc.claim(a, end)


@lru_cache(maxsize=None)
def _spelled_table(lang: str) -> dict[str, int]:
    """Every spelled number word of ``lang`` and its value, built once (callers must not change it)."""
    words = dict(SPELLED.get(lang, {}))
    tens = TENS.get(lang, {})
    words.update(tens)
    units = {k: v for k, v in UNIT_WORDS.get(lang, {}).items()}
    for ten, tv in tens.items():
        for unit, uv in units.items():
            if lang == "en":
                words[f"{ten}-{unit}"] = tv + uv
            elif lang == "de":
                words[f"{unit}und{ten}"] = tv + uv
            elif lang == "fr" and unit != "neuf":
                words[f"{ten}-{unit}"] = tv + uv
            elif lang == "es" and tv >= 30:  # 21-29 are one word each ("veintidós")
                words[f"{ten} y {unit}"] = tv + uv
            elif lang == "it":  # the ten's last vowel goes before uno and otto: "trentuno", "ventotto"
                joined = (ten[:-1] if unit in ("uno", "otto") else ten) + ("tré" if unit == "tre" else unit)
                words[joined] = tv + uv
    if lang == "en":
        for word, value in list(words.items()):
            if value >= 2:  # "fortyfold", "ten-fold": so many times
                words[word + "fold"] = words[word + "-fold"] = value
    if lang == "de":
        for word, value in list(words.items()):
            if value <= 12 or value % 10 == 0:  # "sechsmal", "dreifach", "vierzigfach"
                for suffix in ("mal", "fach", "fache", "fachen", "facher", "faches"):
                    words[word + suffix] = value
        for unit, uv in list(units.items()) + [("", 1)]:
            words[f"{unit}hundert"] = uv * 100
            words[f"{unit}tausend"] = uv * 1000
    return words


@lru_cache(maxsize=None)
def _spelled_patterns(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """For ``lang``, built once: the pattern of "one" before a scale word ("eine Million"), and the pattern
    of a spelled number with its hundred, thousand or scale word (None where the language has none)."""
    table = _spelled_table(lang)
    scale_alt = "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(SCALES.get(lang, [])))
    hundred, thousand = HUNDRED.get(lang), THOUSAND.get(lang)
    singular = (re.compile(r"(?<![^\W\d_])(?:" + ONE_WORDS + r")\s+(?:" + scale_alt + r")(?![^\W\d_])", re.IGNORECASE)
                if scale_alt else None)
    if not table:
        return singular, None
    words = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    extra = ""
    if hundred:
        extra += r"(?:\s+(?P<hundred>" + hundred + r"))?"
    if thousand:
        extra += r"(?:\s+(?P<thousand>" + thousand + r"))?"
    scale_part = r"(?:[ \u00a0]+(?:" + scale_alt + r")(?![^\W\d_]))?" if scale_alt else ""
    pattern = re.compile(r"(?<![^\W\d_])(?P<word>" + words + r")(?![^\W\d_])" + extra + scale_part, re.IGNORECASE)
    return singular, pattern


def _spelled(sc: _Scanner) -> None:
    """Spelled numbers where unambiguous, with an optional scale or percent word after them."""
    lang = sc.lang
    table = _spelled_table(lang)
    scale_list = SCALES.get(lang, [])
    singular, pattern = _spelled_patterns(lang)
    hundred = HUNDRED.get(lang)
    t = sc.masked()
    for m in DOZEN.finditer(t):
        if sc.free(m.start(), m.end()):
            sc.add(12, "number", m.start(), m.end(), spelled=True)
            sc.claim(m.start(), m.end())
    if singular:  # "eine Million", "a billion", "un milliard"
        for m in singular.finditer(sc.masked()):
            name = next(k for k, v in m.groupdict().items() if v)
            mult = scale_list[int(name[1:])][1]
            if mult >= 1e6:
                sc.add(mult, "number", m.start(), m.end(), spelled=True)
                sc.claim(m.start(), m.end())
    if hundred:  # "a hundred", "one hundred", "cent" (fr, alone)
        lead = r"(?:a|one)\s+" if lang == "en" else ""
        for m in re.finditer(r"(?<![^\W\d_])" + lead + r"(?:" + hundred + r")(?![^\W\d_])", sc.masked(), re.IGNORECASE):
            if lang == "fr" and re.search(r"pour\s*$", t[max(0, m.start() - 12) : m.start()], re.IGNORECASE):
                continue
            if lang != "fr" or m.group().lower() == "cent":
                sc.add(100, "number", m.start(), m.end(), spelled=True)
                sc.claim(m.start(), m.end())
    if pattern is None:
        return
    for m in pattern.finditer(sc.masked()):
        word = m.group("word")
        if word.lower() in LOWERCASE_ONLY and word != word.lower():
            continue
        if not sc.free(m.start(), m.end()):
            continue
        if FRACTION_AFTER.match(t, m.end("word")):
            continue
        value = float(table[word.lower()])
        if m.groupdict().get("hundred"):
            value *= 100
        if m.groupdict().get("thousand"):
            value *= 1000
        scale_name = next((k for k, v in m.groupdict().items() if v and k.startswith("s")), None)
        if scale_name:
            value *= scale_list[int(scale_name[1:])][1]
        end = m.end()
        kind = "number"
        pct = PERCENT_AFTER.match(t, end)
        if pct and not scale_name:
            kind, end = "percent", pct.end()
        sc.add(value, kind, m.start(), end, spelled=True)
        sc.claim(m.start(), end)


def _chinese_numerals(sc: _Scanner) -> None:
    """Chinese numerals before a measure word or unit, with 万/亿, or after 第."""
    if sc.lang not in HAN:
        return
    t = sc.masked()
    for m in re.finditer("[" + CN_CHARS + "]+", t):
        a, b = m.start(), m.end()
        run = m.group()
        if run[0] not in "一二两兩三四五六七八九十" or not sc.free(a, b):
            continue
        value = parse_chinese_numeral(run)
        if value is None or value == 0:
            continue
        left, right = t[max(0, a - 8) : a], t[b : b + 20]
        if re.search(r"(?:星期|礼拜|禮拜|周|週)$", left):
            continue
        if left.endswith("数") or re.match(r"市(?!民|场|場|内|外)|町(?!民)|村(?!民)|川", right):
            sc.claim(a, b)  # 数十万 is "several hundred thousand", no figure; 四万十市 is a city's name
            continue
        if left.endswith("第"):
            if value > 1 or len(run) > 1:
                sc.add(value, "ordinal", a - 1, b, spelled=True)
            sc.claim(a - 1, b)
            continue
        has_big = any(ch in CN_BIG for ch in run)
        decimal = None if has_big else re.match(r"[点點]([〇零一二三四五六七八九]+)", right)
        if decimal:  # "三点五亿"
            value = _with_decimals(value, decimal.group(1))
            b += decimal.end()
            right = t[b : b + 20]
        big = None if has_big else re.match(r"(?:多|余|餘)?(万亿|萬億|亿|億|万|萬)", right)
        if big:  # "二十多万", "三点五亿"
            value *= {"万亿": 1e12, "萬億": 1e12, "亿": 1e8, "億": 1e8, "万": 1e4, "萬": 1e4}[big.group(1)]
            has_big = True
            b += big.end()
            right = t[b : b + 20]
        elif decimal:
            continue  # "三点五" alone is a time or a score, not checked
        after = re.match(r"(?:多|余|餘|来|來)?(" + CN_UNIT_RE + r"|%)", right)
        if re.match(r"(?:(?:多|余)?几|幾)", right):
            continue
        if not (after or has_big):
            continue
        if value == 1 and not has_big and len(run) == 1:
            continue
        end = b
        kind = "number"
        hundredths = re.match(r"[零〇一二三四五六七八九]+", right[after.end():]) if after and after.group(1) == "秒" else None
        if hundredths:  # a race time: 十秒零二 = 10.02 s, 九秒五八 = 9.58 s
            value = _with_decimals(value, hundredths.group())
            end = b + after.end() + hundredths.end()
        if after and after.group(1) == "%":
            kind, end = "percent", b + after.end()
        elif after and after.group(1) in ("年",) and len(run) == 4 and all(ch in CN_DIGITS for ch in run):
            kind, end = "year", b + after.end()
        # characters are how Chinese writes a number with its unit: 六百公里 is as plain as 600 km; only a
        # lone digit (一个, 三家) is as ambiguous as a spelled "one"
        sc.add(value, kind, a, end, spelled=value < 10)
        sc.claim(a, end)


def extract_quantities(text: str, lang: str) -> list[Quantity]:
    """Every number expression in ``text`` (written in ``lang``), normalised, in text order.

    See the module docstring for what is read and what is left out (codes, clock times).
    """
    sc = _Scanner(text, lang)
    _times(sc)
    _numeric_dates(sc)
    _cjk_dates(sc)
    _month_dates(sc)
    _spelled_month_dates(sc)
    _percent_prefix(sc)
    _tenths(sc)
    read_number_phrases(sc)
    _digit_numbers(sc)
    _spelled(sc)
    _chinese_numerals(sc)
    return sorted(sc.out, key=lambda q: (q.start, q.end, q.kind))


# --------------------------------------------------------------------------------------------
# Comparison


def _cls(q: Quantity) -> str:
    return q.kind if q.kind in ("date", "percent", "decade") else "num"


def _date_parts(q: Quantity) -> tuple[int, int]:
    value = int(round(q.value))
    return value // 100, value % 100


def same_quantity(a: Quantity, b: Quantity, lenient: bool = False) -> bool:
    """Whether two quantities say the same thing; ``lenient`` also lets a percent equal the same
    plain number and a date equal a plain number or ordinal that is its day."""
    ca, cb = _cls(a), _cls(b)
    if ca == "date" and cb == "date":
        (ma, da), (mb, db) = _date_parts(a), _date_parts(b)
        return da == db and (ma == mb or ma == 0 or mb == 0)
    if ca == cb == "decade":
        return same_decade(a.value, b.value)
    if ca == cb:
        return _close(a.value, b.value)
    if not lenient:
        return False
    if {ca, cb} == {"decade", "num"}:  # "les années quatre-vingt" is read as 80
        return same_decade(a.value, b.value)
    if {ca, cb} == {"percent", "num"}:
        percent, other = (a, b) if ca == "percent" else (b, a)
        if other.kind == "fraction":  # "die Hälfte" for "50 %"
            return _close(percent.value, 100 * other.value)
        if other.kind == "multiplier":  # "um 50 Prozent gestiegen" for "1.5倍", "um 100 %" for "doubled"
            return _close(percent.value, 100 * (other.value - 1)) or _close(percent.value, 100 * other.value)
        return _close(a.value, b.value)
    if ca == "date" and b.kind in ("number", "ordinal"):
        return _close(_date_parts(a)[1], b.value)
    if cb == "date" and a.kind in ("number", "ordinal"):
        return _close(_date_parts(b)[1], a.value)
    return False


def match_quantities(target: Sequence[Quantity], version: Sequence[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Pair equal quantities one to one (strict pass, then lenient); the unmatched of each side."""
    t_left = list(target)
    v_left = list(version)
    for lenient in (False, True):
        remaining = []
        for q in t_left:
            hit = next((i for i, v in enumerate(v_left) if same_quantity(q, v, lenient)), None)
            if hit is None:
                remaining.append(q)
            else:
                v_left.pop(hit)
        t_left = remaining
    return t_left, v_left


def _pair_cost(t: Quantity, v: Quantity) -> float | None:
    """How plausible it is that target ``t`` is a changed rendering of version ``v`` (None: not)."""
    if _cls(t) != _cls(v):
        return None
    if (t.weak or v.weak) and (t.kind != v.kind or t.value > 100 or v.value > 100):
        return None
    if _cls(t) == "date":
        (tm, td), (vm, vd) = _date_parts(t), _date_parts(v)
        return (0.0 if tm == vm else 0.5) + (0.0 if td == vd else 0.25)
    if (t.kind == "year") != (v.kind == "year"):
        other = v if t.kind == "year" else t
        if not (other.value.is_integer() and 1000 <= other.value <= 2100):
            return None
    if t.value <= 0 or v.value <= 0:
        return 5.0
    return abs(math.log10(t.value / v.value)) + (0.0 if t.kind == v.kind else 0.3)


def _pairs(t_left: list[Quantity], v_left: list[Quantity]) -> list[tuple[Quantity, Quantity]]:
    candidates = []
    for i, t in enumerate(t_left):
        for j, v in enumerate(v_left):
            cost = _pair_cost(t, v)
            if cost is not None:
                candidates.append((cost, i, j))
    used_t, used_v, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_t and j not in used_v:
            used_t.add(i)
            used_v.add(j)
            pairs.append((t_left[i], v_left[j]))
    return sorted(pairs, key=lambda p: p[0].start)


def _words_for(value: int, lang: str | None) -> tuple[str, ...]:
    """Words that can stand for ``value`` in ``lang`` (any supported language when None):
    "vier" for 4 in German, "四" in Chinese, "both" for 2, "a" for 1."""
    key = (value, lang)
    if key not in _WORDS_CACHE:
        words = set(NUMBER_WORDS.get(value, ()))
        langs = list(SPELLED) if lang is None else [lang]
        for code in langs:
            for table in (SPELLED.get(code, {}), TENS.get(code, {})):
                words.update(w for w, v in table.items() if v == value)
        if 0 < value <= 10 and (lang is None or lang in HAN):
            words.add("一二三四五六七八九十"[value - 1])
        _WORDS_CACHE[key] = tuple(sorted(words))
    return _WORDS_CACHE[key]


_WORDS_CACHE: dict[tuple[int, str | None], tuple[str, ...]] = {}


# A German number word joined to what it counts: "zwölftägig", "dreijährige", "zweimal", "vierköpfig"
COUNTED = r"(?:tägig|jährig|stündig|wöchig|monatig|minütig|köpfig|fach|mal|prozentig|stellig|teilig|seitig|sprachig|stöckig|spurig|sitzig)\w*"


def _word_present(word: str, text: str) -> bool:
    if not word.isascii() and not any(_is_word_letter(ch) for ch in word):
        return word in text
    return re.search(r"(?<![^\W\d_])" + re.escape(word) + rf"(?:{COUNTED})?(?![^\W\d_])", text, re.IGNORECASE) is not None


def _ordinal_patterns() -> dict[str, dict[int, re.Pattern[str]]]:
    stems = {
        "de": [(stem, r"(?:e|en|er|em|es)") for stem in _DE_ORDINAL_STEMS[:12]],
        "en": [(word, "") for word in _EN_ORDINALS[:12]],
        "fr": [("premi", r"(?:er|ère|ers|ères)"), ("(?:deux|second)", r"(?:ième|e)s?")] + [
            (stem, r"ièmes?") for stem in "trois quatr cinqu six sept huit neuv dix onz douz".split()],
        "es": [(stem, r"(?:o|a|os|as)?") for stem in
               "primer segund tercer cuart quint sext séptim octav noven décim undécim duodécim".split()],
        "it": [(stem, r"(?:o|a|i|e)") for stem in
               "prim second terz quart quint sest settim ottav non decim undicesim dodicesim".split()],
    }
    return {lang: {k + 1: re.compile(rf"(?<![^\W\d_]){stem}{ending}(?![^\W\d_])", re.IGNORECASE)
                   for k, (stem, ending) in enumerate(table)} for lang, table in stems.items()}


ORDINAL_WORDS = _ordinal_patterns()  # a count may be said as an ordinal: "for the third year" = "three years running"


# A share in percent that a fraction word renders: 五成 (50 %) as "halb so viele", 25 % as "ein Viertel".
FRACTION_WORDS: dict[float, re.Pattern[str]] = {
    value: re.compile(r"(?<![^\W\d_])(?:" + words + r")(?![^\W\d_])", re.IGNORECASE) for value, words in {
        50.0: r"half|halb\w*|hälfte|moitié|mitad|metà|metade|helft|半",
        25.0: r"quarter|viertel|quart|cuarto|quarto|kwart|四分之一|4分の1",
        75.0: r"three[- ]quarters|dreiviertel|drei viertel|trois quarts|tres cuartos|四分之三|4分の3",
        20.0: r"fifth|fünftel|cinquième|quinto|vijfde|五分之一|5分の1",
    }.items()
}


def explained_by(q: Quantity, other_text: str, other_lang: str | None = None) -> bool:
    """Whether ``other_text`` accounts for ``q`` without a matching quantity: the same digit run
    (inside a code such as "WAIC 2024" or a clock time), a word for it ("one", "both", "两"),
    a relative year for a year, a relative day or weekday for a date, a fraction word for a share
    ("halb so viele" for 五成, 50 %)."""
    norm = _normalise(other_text)
    if q.kind == "date":
        return RELATIVE_DAY.search(norm) is not None
    value = q.value
    if value.is_integer() and value < 1e6:
        digits = str(int(value))
        if re.search(rf"(?<![\d.,]){digits}(?![\d]|[.,]\d)", norm):
            return True
        for word in _words_for(int(value), base_lang(other_lang) if other_lang else None):
            if _word_present(word, norm):
                return True
    ordinal = ORDINAL_WORDS.get(base_lang(other_lang) if other_lang else "", {}).get(int(value)) if value.is_integer() else None
    if q.kind == "number" and ordinal and ordinal.search(norm):
        return True  # a count said as an ordinal: 3年連続 = "das dritte Jahr in Folge"
    if q.kind == "year" and RELATIVE_YEAR.search(norm):
        return True
    if q.kind == "percent" and value in FRACTION_WORDS and FRACTION_WORDS[value].search(norm):
        return True
    return False


def describe(q: Quantity) -> str:
    """A quantity's normalised value for messages: "3,500,000", "20%", "08-23", "2024"."""
    if q.kind == "date":
        month, day = _date_parts(q)
        return f"{month:02d}-{day:02d}" if month else f"day {day}"
    if q.kind == "year":
        return str(int(q.value))
    if q.kind == "decade":
        return f"the {int(q.value):02d}s"
    if q.kind == "century":
        return f"century {int(q.value)}"
    if q.kind == "fraction":
        return f"fraction {q.value:.3g}"
    if q.kind == "multiplier":
        return f"×{q.value:g}"
    text = f"{q.value:,.0f}" if q.value.is_integer() else f"{q.value:,.6g}"
    return text + ("%" if q.kind == "percent" else "")


def _alignment_sizes(alignment: str) -> tuple[int, int]:
    try:
        target, version = alignment.split("-", 1)
        return int(target), int(version)
    except ValueError:
        return 1, 1


def _neighbours(doc: DocumentView, position: int, lang: str) -> list[SentenceView]:
    """The other target sentences that share this sentence's counterpart in ``lang``."""
    here = doc.sentences[position].counterparts[lang]
    out = []
    for step in (-1, 1):
        k = position + step
        while 0 <= k < len(doc.sentences):
            other = doc.sentences[k].counterparts.get(lang)
            if other is None or other.text != here.text or other.alignment != here.alignment:
                break
            out.append(doc.sentences[k])
            k += step
    return out


def _confidence(base: float, counterpart: Counterpart, clean: bool) -> float:
    alignment = max(0.0, min(1.0, counterpart.confidence))
    return round(base * (0.5 + 0.5 * alignment) * (1.0 if clean else 0.8), 4)


def _without_conversions(t_left: list[Quantity], target_text: str, v_left: list[Quantity],
                         version_text: str) -> tuple[list[Quantity], list[Quantity]]:
    """The unmatched figures less those that render each other in another unit ("113 km/h" for 70 mph)."""
    from mtqa.checks.conversions import converted

    t_rest, v_rest = list(t_left), list(v_left)
    for t in t_left:
        v = next((v for v in v_rest if converted((target_text, t.start, t.end, t.value),
                                                 (version_text, v.start, v.end, v.value))), None)
        if v is not None:
            t_rest.remove(t)
            v_rest.remove(v)
    return t_rest, v_rest


# Units written right after a number, per language: "zehn Wochen" for "dix jours" or "11 Kilogramm" for
# "11 tonnes" keeps the number and changes the quantity. Chinese and Japanese only where the unit cannot
# make a date (十天, 3か月). One-letter symbols ("m", "g", "t") are left out ("5m" may be five million).
UNITS: dict[str, dict[str, str]] = {
    "de": {"minute": "Minuten?", "hour": "Stunden?", "day": "Tagen?|Tage?", "week": "Wochen?",
           "month": "Monaten?|Monate?", "year": "Jahren?|Jahre?",
           "tonne": "Tonnen?", "kilogram": "Kilogramm|Kilo|kg", "gram": "Gramm",
           "kilometre": "Kilometern?|km", "metre": "Metern?", "centimetre": "Zentimetern?|cm", "mile": "Meilen?"},
    "en": {"minute": "minutes?", "hour": "hours?", "day": "days?", "week": "weeks?", "month": "months?",
           "year": "years?",
           "tonne": "tonnes?|tons?", "kilogram": "kilograms?|kilogrammes?|kilos?|kg", "gram": "grams?|grammes?",
           "kilometre": "kilometres?|kilometers?|km", "metre": "metres?|meters?", "centimetre": "centimetres?|centimeters?|cm", "mile": "miles?"},
    "fr": {"minute": "minutes?", "hour": "heures?", "day": "jours?|journées?", "week": "semaines?", "month": "mois",
           "year": "ans|années?",
           "tonne": "tonnes?", "kilogram": "kilogrammes?|kilos?|kg", "gram": "grammes?",
           "kilometre": "kilomètres?|km", "metre": "mètres?", "centimetre": "centimètres?|cm", "mile": "milles?"},
    "es": {"minute": "minutos?", "hour": "horas?", "day": "días?", "week": "semanas?", "month": "meses|mes",
           "year": "años?",
           "tonne": "toneladas?", "kilogram": "kilogramos?|kilos?|kg", "gram": "gramos?",
           "kilometre": "kilómetros?|km", "metre": "metros?", "centimetre": "centímetros?|cm", "mile": "millas?"},
    "it": {"minute": "minuti|minuto", "hour": "ore|ora", "day": "giorni|giorno", "week": "settimane|settimana",
           "month": "mesi|mese", "year": "anni|anno",
           "tonne": "tonnellate|tonnellata", "kilogram": "chilogrammi|chilogrammo|chili|chilo|kg", "gram": "grammi|grammo",
           "kilometre": "chilometri|chilometro|km", "metre": "metri|metro", "centimetre": "centimetri|centimetro|cm", "mile": "miglia|miglio"},
    "zh": {"minute": "分钟", "hour": "小时|个小时", "day": "天", "week": "周(?!岁)|个星期|星期", "month": "个月", "year": "年",
           "tonne": "吨", "kilogram": "公斤|千克", "gram": "克",
           "kilometre": "公里|千米", "metre": "米", "centimetre": "厘米", "mile": "英里"},
    "ja": {"minute": "分間", "hour": "時間", "day": "日間", "week": "週間", "month": "か月|ヶ月|カ月|ケ月|箇月",
           "year": "年間|年",
           "tonne": "トン", "kilogram": "キログラム", "gram": "グラム",
           "kilometre": "キロメートル", "metre": "メートル", "centimetre": "センチメートル|センチ", "kilo": "キロ", "mile": "マイル"},
}
# units that may be either of several: Japanese キロ is a kilogram or a kilometre
AMBIGUOUS_UNITS = {"kilo": frozenset({"kilogram", "kilometre"})}


def _same_unit(a: str, b: str) -> bool:
    return a == b or b in AMBIGUOUS_UNITS.get(a, ()) or a in AMBIGUOUS_UNITS.get(b, ())


# per language, (unit, pattern) read right at a number's end: a space-separated word, or glued in Han scripts
_UNIT_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    lang: [(unit, re.compile(f"(?:{words})" if lang in HAN else rf"\s+(?:{words})\b", re.IGNORECASE))
           for unit, words in units.items()]
    for lang, units in UNITS.items()
}


def unit_after(text: str, q: Quantity, lang: str) -> tuple[str, int] | None:
    """The unit ("day", "week", "kilogram" ...) that follows the quantity ``q`` in ``text``, and where it ends
    (a number that looks like a year is a number when a unit follows: "1731 grams")."""
    if q.kind not in ("number", "year"):
        return None
    for unit, pattern in _UNIT_PATTERNS.get(base_lang(lang), ()):
        found = pattern.match(text, q.end)
        if found:
            return unit, found.end()
    return None


def unit_swaps(target: tuple[str, str, Sequence[Quantity]],
               version: tuple[str, str, Sequence[Quantity]]) -> list[tuple[tuple[int, int], str]]:
    """Each (text, lang, quantities) side's value written with different units, where the version has that
    value with the target's unit nowhere: "zehn Wochen" for "dix jours", "11 Kilogramm" for "11 tonnes". Gives the target's span
    (number and unit) and the version's words."""
    (target_text, target_lang, t_all), (version_text, lang, v_all) = target, version
    swaps = []
    for t in t_all:
        written = unit_after(target_text, t, target_lang)
        if written is None:
            continue
        same_value = [(v, unit_after(version_text, v, lang)) for v in v_all
                      if v.kind in ("number", "year") and _close(v.value, t.value)]
        if same_value and all(other is not None and not _same_unit(other[0], written[0]) for _, other in same_value):
            v, (_, v_end) = same_value[0]
            swaps.append(((t.start, written[1]), version_text[v.start:v_end]))
    return swaps


def compare_sentence(target_text: str, target_lang: str, counterpart: Counterpart, sentence: int,
                     neighbour_texts: Sequence[str] = (), cache: dict | None = None) -> list[RawFinding]:
    """Raw MTQA301/302/303 findings for one target sentence against one version counterpart."""
    cache = {} if cache is None else cache

    def quantities(text: str, lang: str) -> list[Quantity]:
        key = (text, lang)
        if key not in cache:
            cache[key] = extract_quantities(text, lang)
        return cache[key]

    n_target, n_version = _alignment_sizes(counterpart.alignment)
    if not counterpart.text.strip() or n_version == 0:
        return []
    lang = counterpart.lang
    clean = counterpart.shared <= 1 and n_target <= 1
    t_all = quantities(target_text, target_lang)
    v_all = quantities(counterpart.text, lang)
    if not t_all and not v_all:
        return []
    v_pool = list(v_all)
    if not clean:  # take away what the neighbours sharing this counterpart account for
        for text in neighbour_texts:
            _, v_pool = match_quantities(quantities(text, target_lang), v_pool)
    t_left, v_left = match_quantities(t_all, v_pool)
    t_left, v_left = _without_conversions(t_left, target_text, v_left, counterpart.text)
    findings: list[RawFinding] = []
    paired_t, paired_v = set(), set()
    for t, v in _pairs(t_left, v_left):
        paired_t.add(id(t))
        paired_v.add(id(v))
        t_explained, v_explained = explained_by(t, counterpart.text, lang), explained_by(v, target_text, target_lang)
        if (t_explained and v_explained) or ((t.weak or v.weak) and (t_explained or v_explained)):
            continue
        findings.append(RawFinding(
            "MTQA301", sentence, t.start, t.end,
            f"'{t.surface}' ({describe(t)}) does not match the version's '{v.surface}' ({describe(v)})",
            version=lang, evidence=v.surface, confidence=_confidence(0.9 if not (t.weak or v.weak) else 0.6, counterpart, clean),
        ))
    for t in t_left:
        if id(t) in paired_t or t.weak or t.soft:
            continue
        if any(same_quantity(t, v, lenient=True) for v in v_all) or explained_by(t, counterpart.text, lang):
            continue
        findings.append(RawFinding(
            "MTQA303", sentence, t.start, t.end,
            f"'{t.surface}' ({describe(t)}) has no counterpart in the version",
            version=lang, evidence="", confidence=_confidence(0.6, counterpart, clean),
        ))
    if clean:
        for (start, end), said in unit_swaps((target_text, target_lang, t_all), (counterpart.text, lang, v_all)):
            findings.append(RawFinding(
                "MTQA301", sentence, start, end, f"'{target_text[start:end]}' where the version says '{said}'",
                version=lang, evidence=said, confidence=_confidence(0.8, counterpart, clean),
            ))
        for v in v_left:
            if id(v) in paired_v or v.weak or v.soft:
                continue
            if any(same_quantity(t, v, lenient=True) for t in t_all) or explained_by(v, target_text, target_lang):
                continue
            findings.append(RawFinding(
                "MTQA302", sentence, 0, len(target_text),
                f"the version's '{v.surface}' ({describe(v)}) is missing from the target",
                version=lang, evidence=v.surface, confidence=_confidence(0.7, counterpart, clean),
                topic=describe(v),
            ))
    return findings


@rule("MTQA301", "number-mismatch", "critical", "accuracy/mistranslation",
      summary="A number, amount, percentage, date or year in the target differs from the one the versions give at the "
              "same place. Values are compared after normalising locale conventions (decimal comma, thousands "
              "separators, scale words such as Millionen/milliards/万/亿, percent words, month names), so only a "
              "change of value is reported, or the same number with another unit ('zehn Wochen' for 'dix "
              "jours', '11 Kilogramm' for '11 tonnes').",
      why="A wrong figure is a factual error that reads as perfectly fluent text: a reader cannot notice it, and "
          "it is the error most likely to be quoted onwards. Magnitude slips (million vs billion, 3亿 = 300 million) "
          "and decimal-convention slips (3,5 vs 3.5) are the typical machine-translation failures.",
      example="en: 'Sales rose to 4.5 million units.'  de: 'Der Absatz stieg auf 3,5 Millionen Einheiten.' "
              "-> MTQA301 on '3,5 Millionen' (3,500,000 vs 4,500,000). Not reported: 'auf 4,5 Millionen', "
              "'450万台' (zh).")
@rule("MTQA302", "number-missing", "major", "accuracy/omission",
      summary="A number the version has at this place appears nowhere in the target sentence, and the target has "
              "no other number that could be its (changed) rendering. Reported on the whole sentence, naming the "
              "missing number. Only for clean counterparts: when one version unit covers several target sentences, "
              "the number may belong to the neighbour.",
      why="A dropped figure silently removes information (a price, a date, a share) the source gave; nothing in the "
          "translation hints that something is missing.",
      example="en: 'The plant opened on August 23 with 1,200 workers.'  de: 'Das Werk wurde am 23. August eröffnet.' "
              "-> MTQA302 on the sentence: '1,200' (1,200) is missing.")
@rule("MTQA303", "number-added", "minor", "accuracy/addition",
      summary="A number in the target that none of the version's numbers accounts for, when the version has text "
              "at this place. Numbers the version spells out, writes inside a code ('WAIC 2024'), or implies "
              "('both' for 2, 'this year' for a year) are not reported.",
      why="An invented figure is a hallucination: it states as fact something the source never said.",
      example="en: 'The company hired more engineers.'  de: 'Das Unternehmen stellte 300 weitere Ingenieure ein.' "
              "-> MTQA303 on '300'.")
def number_checks(doc: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    """MTQA301/302/303 for every content sentence against every version counterpart."""
    cache: dict = {}
    position = {id(s): k for k, s in enumerate(doc.sentences)}
    for sentence in doc.content():
        for lang, counterpart in sentence.counterparts.items():
            n_target, _ = _alignment_sizes(counterpart.alignment)
            neighbours: list[str] = []
            if counterpart.shared > 1 or n_target > 1:
                neighbours = [s.text for s in _neighbours(doc, position[id(sentence)], lang)]
            yield from compare_sentence(sentence.text, doc.target_lang, counterpart, sentence.index, neighbours, cache)


__all__ = [
    "Quantity", "extract_quantities", "parse_number", "parse_chinese_numeral", "same_quantity", "match_quantities",
    "explained_by", "describe", "compare_sentence", "number_checks",
]
