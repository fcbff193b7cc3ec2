"""Figures converted between unit systems in translation: "70 miles per hour" as "113 km/h", "6 feet"
as "1,80 Meter", "86 °F" as "30 °C", 10英里 as "16 Kilometer". A translator who converts a figure for
the reader gives the same quantity, so the number check must not take the new value for a wrong one.

A pair counts as converted when the unit right after each number (or before it, as in 华氏86度) is
one side of a known conversion and the values agree within rounding (``TOLERANCE``). Either side may
hold the imperial unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOLERANCE = 0.06  # relative: "113 km/h" for 70 mph (112.7), "rund 110 km/h" (2.4 % off)
TEMPERATURE_TOLERANCE = 1.0  # degrees Celsius: 86 °F is 30 °C, "rund 30 Grad"


@dataclass(frozen=True)
class Conversion:
    imperial: re.Pattern[str]
    metric: re.Pattern[str]
    factor: float  # metric value per imperial unit; 0 for Fahrenheit to Celsius


def _unit(pattern: str) -> re.Pattern[str]:
    # a Latin unit ends where the word does ("m" is not "mit"); characters run on (50英里的)
    return re.compile(r"[\s\u00a0\u202f]*(?:" + pattern + r")(?![a-zA-Z\u00c0-\u024f])", re.IGNORECASE)


TEMPERATURE = Conversion(_unit(r"°\s?F|degrees?\s+Fahrenheit|Grad\s+Fahrenheit|degrés?\s+Fahrenheit|华氏度|華氏"),
                         _unit(r"°\s?C?|degrees?(?:\s+Celsius)?|Grad(?:\s+Celsius)?|degrés?(?:\s+Celsius)?|摄氏度|度|℃"), 0.0)
KM = r"km|Kilometern?|kilomètres?|kilómetros?|chilometri|公里|千米|キロメートル|キロ"
KMH = r"km/h|km/std|Stundenkilometern?|Kilometern?\s+(?:pro|je|in\s+der)\s+Stunde|kilomètres?[-\s]heure|km/s?h|公里每小时|时速|キロ"
CONVERSIONS = (
    Conversion(_unit(r"miles?\s+(?:per|an|a)\s+hour|mph|m\.p\.h\.|英里每小时|マイル毎時"), _unit(KMH), 1.609344),
    Conversion(_unit(r"knots?|Knoten|nœuds?|节|ノット"), _unit(KMH), 1.852),
    Conversion(_unit(r"nautical\s+miles?|Seemeilen?|milles?\s+nautiques?|海里"), _unit(KM), 1.852),
    Conversion(_unit(r"miles?|mi|Meilen?|英里|マイル"), _unit(KM), 1.609344),
    Conversion(_unit(r"square\s+(?:feet|foot)|sq\.?\s?ft|平方英尺|平方フィート"),
               _unit(r"m²|m2|Quadratmetern?|mètres?\s+carrés?|平方米|平方メートル"), 0.09290304),
    Conversion(_unit(r"square\s+miles?|sq\.?\s?mi|平方英里"), _unit(r"km²|km2|Quadratkilometern?|kilomètres?\s+carrés?|平方公里"), 2.589988),
    Conversion(_unit(r"feet|foot|ft|Fuß|pieds?|英尺|フィート"), _unit(r"m|Metern?|mètres?|metros?|米|メートル"), 0.3048),
    Conversion(_unit(r"inch(?:es)?|in\.|Zoll|pouces?|英寸|インチ"), _unit(r"cm|Zentimetern?|centimètres?|厘米|センチ(?:メートル)?"), 2.54),
    Conversion(_unit(r"yards?|yd"), _unit(r"m|Metern?|mètres?"), 0.9144),
    Conversion(_unit(r"pounds?|lbs?|磅"), _unit(r"kg|Kilo(?:gramm)?|kilos?|kilogrammes?|公斤|千克|キロ(?:グラム)?"), 0.45359237),
    Conversion(_unit(r"ounces?|oz|Unzen?|onces?|盎司|オンス"), _unit(r"g|Gramm|grammes?|克|グラム"), 28.349523),
    Conversion(_unit(r"(?:US\s+)?gallons?|gal|Gallonen?|加仑|ガロン"), _unit(r"l|Litern?|litres?|升|リットル"), 3.785412),
    Conversion(_unit(r"acres?|英亩|エーカー"), _unit(r"ha|Hektar|hectares?|公顷|ヘクタール"), 0.4046856),
    TEMPERATURE,
)
FAHRENHEIT_BEFORE = re.compile(r"(?:华氏|華氏|カ氏)\s*$")
CELSIUS_BEFORE = re.compile(r"(?:摄氏|攝氏|セ氏|零下)\s*$")


def _after(text: str, start: int, end: int, pattern: re.Pattern[str]) -> bool:
    """The unit follows the figure, or ends it (a figure read with its unit: 50英里)."""
    if pattern.match(text, end) is not None:
        return True
    digits = re.match(r"[\d.,\s]+", text[start:end])
    inside = pattern.match(text[:end], start + digits.end()) if digits else None
    return inside is not None and inside.end() == end


def _agree(imperial: float, metric: float, conversion: Conversion) -> bool:
    if conversion.factor == 0.0:
        return abs((imperial - 32.0) * 5.0 / 9.0 - metric) <= TEMPERATURE_TOLERANCE
    expected = imperial * conversion.factor
    return abs(metric - expected) <= max(TOLERANCE * abs(expected), 0.5 if abs(expected) >= 5 else 0.05)


def _fahrenheit(text: str, start: int, end: int) -> bool:
    return FAHRENHEIT_BEFORE.search(text, 0, start) is not None or _after(text, start, end, TEMPERATURE.imperial)


def converted(first: tuple[str, int, int, float], second: tuple[str, int, int, float]) -> bool:
    """Whether two figures, each (text, start, end, value), are one quantity in two unit systems."""
    for a, b in ((first, second), (second, first)):
        (text_a, start_a, end_a, value_a), (text_b, start_b, end_b, value_b) = a, b
        for conversion in CONVERSIONS:
            if conversion.factor == 0.0:
                imperial = _fahrenheit(text_a, start_a, end_a)
                metric = _after(text_b, start_b, end_b, conversion.metric) or CELSIUS_BEFORE.search(text_b, 0, start_b) is not None
            else:
                imperial = _after(text_a, start_a, end_a, conversion.imperial)
                metric = _after(text_b, start_b, end_b, conversion.metric)
            if imperial and metric and _agree(value_a, value_b, conversion):
                return True
    return False
