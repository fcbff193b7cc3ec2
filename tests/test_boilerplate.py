"""Tests for mtqa.boilerplate: each kind of page furniture, and content that must stay content."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.boilerplate import boilerplate_reason

REASONS = {"language-menu", "dateline", "photo-credit", "section-label", "url", "byline"}


@pytest.mark.parametrize(
    "line",
    [
        "EnglishDeutschFrançais日本語한국어РусскийPortuguêsΕλληνικάItalianoSvenska",
        "العربيةTürkçeNederlandsPolskiČeštinaMagyarTiếng ViệtBahasa Indonesia",
        "English | Deutsch | Français | 中文",
        "Español · Português · Italiano",
        "English / 简体中文",
        "DanskNorskSuomi",
        # Unknown names, but six scripts in a row without sentence punctuation.
        "Abcdef Жзийкл Ωψχφυ ქართ אבגד हिन्दी",
    ],
)
def test_language_menu(line: str) -> None:
    assert boilerplate_reason(line, "en") == "language-menu"


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("2024-08-25", "de"),
        ("25.08.2024", "de"),
        ("25.08.2024, 14:30 Uhr", "de"),
        ("Berlin, 25.08.2024", "de"),
        ("Aktualisiert am 25. August 2024 um 14:30 Uhr", "de"),
        ("August 25, 2024", "en"),
        ("Sunday, August 25, 2024 at 3:45 p.m.", "en"),
        ("NEW YORK, Aug. 25, 2024", "en"),
        ("le 25 août 2024", "fr"),
        ("Publié le 3 mars 2023 à 10:15", "fr"),
        ("12 de marzo de 2022", "es"),
        ("25 августа 2024 г.", "ru"),
        ("2024年8月25日", "zh"),
        ("2024年8月25日 星期日 10:30", "zh"),
        ("北京 2024年8月25日", "zh"),
        ("2024年8月25日(日)", "ja"),
    ],
)
def test_dateline(line: str, lang: str) -> None:
    assert boilerplate_reason(line, lang) == "dateline"


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("IC-Foto", "de"),
        ("Foto: dpa", "de"),
        ("(Foto: Erika Beispiel/AFP)", "de"),
        ("Bild: Keystone", "de"),
        ("Photo: Reuters", "en"),
        ("Getty Images", "en"),
        ("AFP Photo", "en"),
        ("© AFP", "fr"),
        ("Copyright 2024 Example Media", "en"),
        ("Crédit : Jean Exemple", "fr"),
        ("图片来源：IC photo", "zh"),
        ("图：视觉中国", "zh"),
        ("（新华社记者 王明 摄）", "zh"),
        ("Фото: ТАСС", "ru"),
    ],
)
def test_photo_credit(line: str, lang: str) -> None:
    assert boilerplate_reason(line, lang, paragraph_sentence_count=2) == "photo-credit"


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Nachricht", "de"),
        ("Politik", "de"),
        ("News", "en"),
        ("Top News", "en"),
        ("Actualités", "fr"),
        ("新闻", "zh"),
        ("国际新闻", "zh"),
    ],
)
def test_section_label_when_alone_in_its_paragraph(line: str, lang: str) -> None:
    assert boilerplate_reason(line, lang, paragraph_sentence_count=1) == "section-label"
    assert boilerplate_reason(line, lang, paragraph_sentence_count=3) is None


@pytest.mark.parametrize(
    "line", ["Teilen", "Drucken", "Share", "Teilen | Drucken | E-Mail", "分享", "Mehr lesen"]
)
def test_widget_lines_are_section_labels_anywhere(line: str) -> None:
    assert boilerplate_reason(line, "de", paragraph_sentence_count=4) == "section-label"


@pytest.mark.parametrize(
    "line",
    [
        "https://example.com/nachrichten/artikel?id=42",
        "http://www.example.org",
        "www.example.net/politik/",
        "example.com/politik/artikel-1",
        "redaktion@example.de",
        "<https://example.com/a>",
    ],
)
def test_url_or_email(line: str) -> None:
    assert boilerplate_reason(line, "de", paragraph_sentence_count=3) == "url"


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Von Anna Beispiel", "de"),
        ("Von Anna Beispiel und Jan Muster", "de"),
        ("By Jane Roe and John Doe", "en"),
        ("Par Jean Exemple", "fr"),
        ("Autor: Tomasz Przykład", "pl"),
        ("记者 王明", "zh"),
        ("（记者 王明、李华）", "zh"),
        ("责任编辑：张伟", "zh"),
    ],
)
def test_byline(line: str, lang: str) -> None:
    assert boilerplate_reason(line, lang) == "byline"


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("US-Medien: Chinesische Unternehmen machen damit US-Beschränkungen bedeutungslos", "de"),
        ("Das Foto zeigt den Minister bei der Ankunft.", "de"),
        ("Er kam.", "de"),
        ("Ja!", "de"),
        ("Nein.", "de"),
        ("Am 25. August 2024 unterzeichnete der Präsident das Gesetz in Berlin.", "de"),
        ("Er kam am 25.08.2024", "de"),
        ("Minister zurückgetreten", "de"),
        ("Die Bildung ist wichtig.", "de"),
        ("Copyright-Verletzungen nehmen zu.", "de"),
        ("Von Berlin nach Hamburg fährt der Zug.", "de"),
        ("Sie spricht Deutsch, Englisch und Französisch.", "de"),
        ("Die Seite example.com ist seit gestern erreichbar.", "de"),
        ("He died on August 25, 2024", "en"),
        ("Mr. Smith met Dr. Jones in Berlin on 25.08.2024 to discuss the deal.", "en"),
        ("By the way, it works.", "en"),
        ("Image recognition works", "en"),
        ("She speaks English, French and Spanish fluently.", "en"),
        ("The photo by Getty Images shows the harbour at dawn.", "en"),
        ("Le 25 août 2024, le président a signé la loi.", "fr"),
        ("M. Dupont est arrivé à Paris le 3 mars.", "fr"),
        ("Oui !", "fr"),
        ("他于2024年8月25日去世", "zh"),
        ("他于2024年8月25日去世。", "zh"),
        ("我们走吧！", "zh"),
        ("这张照片拍摄于北京。", "zh"),
        ("新华社北京8月25日电 国务院总理今天会见了代表团。", "zh"),
    ],
)
def test_ordinary_sentences_are_content(sentence: str, lang: str) -> None:
    assert boilerplate_reason(sentence, lang, paragraph_sentence_count=1) is None
    assert boilerplate_reason(sentence, lang, paragraph_sentence_count=3) is None


@pytest.mark.parametrize("sentence", ["", "   ", "\n"])
def test_empty_sentence_is_not_boilerplate(sentence: str) -> None:
    assert boilerplate_reason(sentence, "de") is None


@settings(max_examples=200, deadline=None)
@given(
    sentence=st.text(max_size=80),
    lang=st.sampled_from(["de", "en", "fr", "zh", "ru", "qx", ""]),
    count=st.integers(1, 5),
)
def test_any_text_gives_a_known_reason_or_none(sentence: str, lang: str, count: int) -> None:
    reason = boilerplate_reason(sentence, lang, paragraph_sentence_count=count)
    assert reason is None or reason in REASONS
    assert boilerplate_reason(sentence, lang, paragraph_sentence_count=count) == reason
