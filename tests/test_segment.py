"""Tests for mtqa.segment: examples per language and property tests of the span contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa import segment
from mtqa.segment import base_language, split_sentences

PROPERTY_LANGUAGES = ["de", "en", "zh", "fr", "ru", "qx-unknown"]


def sentence_texts(text: str, lang: str, **kwargs: int) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, lang, **kwargs)]


def assert_span_contract(text: str, spans: list[tuple[int, int]], max_chars: int) -> None:
    previous_end = 0
    covered = set()
    for start, end in spans:
        assert previous_end <= start < end <= len(text), (spans, text)
        piece = text[start:end]
        assert piece.strip() == piece, f"whitespace at the edge of {piece!r}"
        assert end - start <= max_chars
        covered.update(range(start, end))
        previous_end = end
    uncovered = [i for i, char in enumerate(text) if not char.isspace() and i not in covered]
    assert not uncovered, f"characters {uncovered} of {text!r} are in no span: {spans}"


# --------------------------------------------------------------------------- German / English


@pytest.mark.parametrize(
    "expected",
    [
        ["Am 23. August Ortszeit stellte der Minister den Plan vor.", "Danach reiste er ab."],
        ["Der 1. FC Köln gewann am 3. Juli 2024 knapp.", "Die Fans jubelten."],
        ["Das gilt z. B. für Nr. 7 bzw. Nr. 8, u. a. laut Dr. Weber und Prof. Lange.", "Gut so."],
        ["Sie sagte: „Wir gehen.“", "Dann war es still."],
        ["»Kommst du?« fragte er.", "«Nein.»", "Sie blieb.", "‚Schade.‘", "Er ging."],
        ['Er rief "Halt!" und lief los.', "Niemand folgte."],
        ["Und dann ... nichts.", "Wirklich nichts…", "Ende."],
    ],
)
def test_german_sentences(expected: list[str]) -> None:
    assert sentence_texts(" ".join(expected), "de") == expected


@pytest.mark.parametrize("lang", ["de", "en", "fr", "ru", "qx-unknown"])
def test_single_newlines_are_spaces(lang: str) -> None:
    text = "Alpha beta\ngamma delta\nepsilon.\nZeta eta."
    assert sentence_texts(text, lang) == ["Alpha beta\ngamma delta\nepsilon.", "Zeta eta."]


def test_german_space_before_final_period_is_split_consistently() -> None:
    text = "Wir trainieren eigene Modelle . Oder nutzen Sie fertige?"
    first = sentence_texts(text, "de")
    assert first == ["Wir trainieren eigene Modelle .", "Oder nutzen Sie fertige?"]
    assert sentence_texts(text, "de") == first


@pytest.mark.parametrize(
    "expected",
    [
        ["Mr. Smith met Dr. Jones in the U.S. on Jan. 5.", "They talked."],
        ['"Really?" she asked.', "It was 3.5 p.m. then."],
        ["Wait... what?", "Yes!"],
    ],
)
def test_english_sentences(expected: list[str]) -> None:
    assert sentence_texts(" ".join(expected), "en") == expected


def test_somajo_failure_falls_back_to_sentencex(monkeypatch: pytest.MonkeyPatch) -> None:
    class BrokenTokenizer:
        def tokenize_text(self, paragraphs: list[str]) -> list[list[object]]:
            raise AssertionError("offset alignment failed")

    monkeypatch.setattr(segment, "_somajo_tokenizer", lambda model: BrokenTokenizer())
    assert sentence_texts("Der 1. FC Köln siegte. Die Fans jubelten.", "de") == [
        "Der 1. FC Köln siegte.",
        "Die Fans jubelten.",
    ]


def test_somajo_tokenizer_is_built_once_per_model() -> None:
    assert segment._somajo_tokenizer("de_CMC") is segment._somajo_tokenizer("de_CMC")
    assert segment._somajo_tokenizer("de_CMC") is not segment._somajo_tokenizer("en_PTB")


# --------------------------------------------------------------------------- Chinese / Japanese


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["他说：“你好。”", "我们走吧！"]),
        ("zh", ["收入达3.5亿元。", "增长了百分之五！"]),
        ("zh-Hant", ["真的吗？！", "当然。"]),
        ("zh_CN", ["他去了U.S.的总部。", "然后回家。"]),
        ("zh", ["是的……", "他走了（马上）。", "走吧"]),
        ("zh", ["我想……，算了。", "走吧"]),
        ("zh", ["《新闻》报道：“股市大涨！”", "（记者李明）。", "完"]),
        ("zh", ["数值为３．５。", "好。"]),
        ("ja", ["「行こう。」と彼は言った。", "本当？", "はい！"]),
        ("yue", ["佢話：「好啊。」", "我哋走啦！"]),
    ],
)
def test_cjk_sentences(lang: str, expected: list[str]) -> None:
    assert sentence_texts("".join(expected), lang) == expected


def test_cjk_newline_inside_a_sentence_and_latin_sentences() -> None:
    assert sentence_texts("第一行\n继续。第二句。", "zh") == ["第一行\n继续。", "第二句。"]
    text = "他说 it is fine. Then 他走了。Mr. Li 来了。"
    assert sentence_texts(text, "zh") == ["他说 it is fine.", "Then 他走了。", "Mr. Li 来了。"]


# --------------------------------------------------------------------------- sentencex languages


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["M. Dupont est arrivé.", "Il a vu Mme Durand, p. ex. hier.", "Oui."]),
        ("fr", ["Le 1er mai, J.-C. Martin est venu.", "Il est là.", "Bien."]),
        (
            "ru",
            [
                "Это т. е. пример.",
                "В г. Казань живёт проф. Петров.",
                "А. С. Пушкин писал в 1830 г. в Болдине.",
                "Да.",
            ],
        ),
        ("es", ["El Sr. Gómez llegó ayer.", "Vea pág. 12 del informe.", "Sí."]),
        ("it", ["Il Dott. Neri è arrivato.", "Vedi pag. 4 ecc. e altro.", "Va bene."]),
        ("pt", ["A Dra. Lima chegou.", "Veja pág. 9 p. ex. aqui.", "Sim."]),
        ("nl", ["Dhr. Visser en mevr. de Boer kwamen, bijv. gisteren.", "Ja."]),
        ("da", ["Den 3. juli kom han hjem.", "Det var godt."]),
        ("lb", ["Der 1. FC Düdelingen spielt.", "Am 23. August kam er."]),
        # Sentence ends that must stay: a number before a capital outside German, a
        # capital letter after a lower-case word, a short word before a capital.
        ("da", ["Han var nr. 1.", "Det var godt."]),
        ("qx", ["I took vitamin C.", "Then I left."]),
        ("fr", ["Il est là.", "Oui."]),
        ("qx-unknown", ["Dr. Who met Mr. Smith.", "Fine."]),
    ],
)
def test_sentencex_languages(lang: str, expected: list[str]) -> None:
    assert sentence_texts(" ".join(expected), lang) == expected


@pytest.mark.parametrize(
    ("previous", "following", "lang", "joined"),
    [
        ("Это т. е.", "пример.", "ru", True),
        ("Voir p.", "12 du rapport.", "fr", True),
        ("Le 3.", "mai il part.", "fr", True),
        ("Rencontre avec M.", "Dupont.", "fr", True),
        ("Il a dit oui.", "Dupont est venu.", "fr", False),
        ("Vi tæller til 3.", "Så går det løs.", "da", False),
        ("Der 3.", "Oktober ist ein Feiertag.", "de", True),
        ("Es endet in 2024.", "Then more.", "en", False),
        ("They saw it etc.", "Then more.", "en", False),
        ("Das Ende!", "und weiter", "de", False),
    ],
)
def test_join_rule(previous: str, following: str, lang: str, joined: bool) -> None:
    assert segment._should_join(previous, following, lang) is joined


# --------------------------------------------------------------------------- general contract


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de-DE", "de"),
        ("DE", "de"),
        ("zh_CN", "zh"),
        ("zh-Hant-TW", "zh"),
        (" en ", "en"),
        ("", ""),
        ("yue", "yue"),
    ],
)
def test_base_language(lang: str, expected: str) -> None:
    assert base_language(lang) == expected


@pytest.mark.parametrize("lang", ["de-DE", "DE", "de_AT"])
def test_language_tags_use_the_base_language_splitter(lang: str) -> None:
    text = "Der 1. FC Köln siegte. Die Fans jubelten."
    assert sentence_texts(text, lang) == ["Der 1. FC Köln siegte.", "Die Fans jubelten."]


@pytest.mark.parametrize("lang", [*PROPERTY_LANGUAGES, ""])
@pytest.mark.parametrize("text", ["", " ", "\n\t \u3000\u00a0"])
def test_empty_or_whitespace_text_has_no_sentences(text: str, lang: str) -> None:
    assert split_sentences(text, lang) == []


@pytest.mark.parametrize("lang", PROPERTY_LANGUAGES)
def test_odd_characters_are_kept(lang: str) -> None:
    text = "😀 \x00 . ! \u200b\u0301 ¿? «» … \ufeff x. \x07"
    spans = split_sentences(text, lang)
    assert_span_contract(text, spans, 2000)
    rejoined = "".join(text[start:end] for start, end in spans)
    assert rejoined.replace(" ", "") == text.replace(" ", "")


def test_long_sentence_is_cut_at_the_last_whitespace_before_the_limit() -> None:
    text = "abcd efgh ijkl mnop"
    assert sentence_texts(text, "en", max_chars=12) == ["abcd efgh", "ijkl mnop"]
    assert sentence_texts(text, "en", max_chars=9) == ["abcd efgh", "ijkl mnop"]
    assert sentence_texts(text, "en", max_chars=8) == ["abcd", "efgh", "ijkl", "mnop"]


def test_long_run_without_whitespace_is_hard_cut() -> None:
    assert sentence_texts("x" * 25, "fr", max_chars=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError):
        split_sentences("Ein Satz.", "de", max_chars=0)


@pytest.mark.parametrize("lang", PROPERTY_LANGUAGES)
def test_200_kb_without_punctuation_is_capped(lang: str) -> None:
    text = " ".join(f"wort{i % 97}" for i in range(30_000))
    assert len(text) > 200_000
    spans = split_sentences(text, lang)
    assert_span_contract(text, spans, 2000)
    assert all(end - start > 1900 for start, end in spans[:-1])


def test_200_kb_without_whitespace_is_hard_cut() -> None:
    text = "字" * 200_000
    spans = split_sentences(text, "de", max_chars=2000)
    assert spans == [(i, i + 2000) for i in range(0, 200_000, 2000)]


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("de", "Am 3. Juli traf Dr. Weber u. a. den Minister, der z. B. „Ja.“ sagte. "),
        ("en", "On Jan. 5 Mr. Smith met the U.S. envoy, who said \"Fine.\" again. "),
        ("fr", "Le 3 mai, M. Dupont a vu Mme Durand, p. ex. au marché. "),
        ("zh", "他说：“你好。”收入达3.5亿元！"),
    ],
)
def test_windowing_does_not_change_the_result(
    monkeypatch: pytest.MonkeyPatch, lang: str, sentence: str
) -> None:
    text = sentence * 60
    whole = split_sentences(text, lang, max_chars=10_000)
    monkeypatch.setattr(segment, "WINDOW_CHARS", 400)
    monkeypatch.setattr(segment, "LOOKAHEAD_CHARS", 120)
    windowed = split_sentences(text, lang, max_chars=10_000)
    assert windowed == whole
    assert len(whole) >= 60


def test_importing_does_not_load_the_splitters() -> None:
    code = (
        "import sys, mtqa.segment, mtqa.boilerplate; "
        "print('somajo' in sys.modules, 'sentencex' in sys.modules)"
    )
    repository_root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=repository_root,
    )
    assert result.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- property tests

WORDS = """
Haus laufen der Köln Straße z. B. Dr. Nr. bzw. u. a. 1. 23. 3.5 Mr. U.S. e.g. M. p. ex.
т. е. г. Москва пример il est là 中文 你好 亿 日本語 😀 Ünïcode 2024 ... … - – , : ;
""".split()
ENDINGS = [".", "!", "?", "?!", "...", "。", "！", "？", "．", ".“", ".”", "!«", "?»", "。”", "！」"]
ENDINGS += ["", " ."]
OPENINGS = ["", "„", "»", "«", "\"", "‚", "“", "「", "(", "¿"]
SEPARATORS = [" ", " ", " ", "  ", "\n", " \u00a0", "\t", ""]


@st.composite
def realistic_paragraphs(draw: st.DrawFn) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 8))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
        separator = draw(st.sampled_from(SEPARATORS))
        body = separator.join(words) if separator else " ".join(words)
        sentences.append(draw(st.sampled_from(OPENINGS)) + body + draw(st.sampled_from(ENDINGS)))
    joiner = draw(st.sampled_from([" ", "\n", "", "  "]))
    edges = st.sampled_from(["", " ", "\n"])
    return draw(edges) + joiner.join(sentences) + draw(edges)


PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("lang", PROPERTY_LANGUAGES)
@PROPERTY_SETTINGS
@given(text=st.text(max_size=200), max_chars=st.sampled_from([1, 3, 17, 2000]))
def test_span_contract_on_arbitrary_unicode(lang: str, text: str, max_chars: int) -> None:
    assert_span_contract(text, split_sentences(text, lang, max_chars), max_chars)


@pytest.mark.parametrize("lang", PROPERTY_LANGUAGES)
@PROPERTY_SETTINGS
@given(text=realistic_paragraphs(), max_chars=st.sampled_from([5, 40, 2000]))
def test_span_contract_on_realistic_text(lang: str, text: str, max_chars: int) -> None:
    spans = split_sentences(text, lang, max_chars)
    assert_span_contract(text, spans, max_chars)
    assert split_sentences(text, lang, max_chars) == spans  # deterministic


@pytest.mark.parametrize("lang", ["de", "zh", "ru"])
@settings(max_examples=15, deadline=None)
@given(text=realistic_paragraphs(), repeat=st.integers(30, 80))
def test_span_contract_on_long_paragraphs(lang: str, text: str, repeat: int) -> None:
    long_text = (text.strip() + " ") * repeat
    assert_span_contract(long_text, split_sentences(long_text, lang, 300), 300)


def test_no_sentence_break_inside_a_token():
    text = "01.AI, a start-up, trains models. Its founder spoke."
    assert [text[a:b] for a, b in split_sentences(text, "en")] == [
        "01.AI, a start-up, trains models.",
        "Its founder spoke.",
    ]


@pytest.mark.parametrize("lang,model", [("de", "de_CMC"), ("en", "en_PTB")])
def test_skipping_the_emoji_search_keeps_somajos_sentences(lang, model):
    """SoMaJo's emoji splitter is skipped for tokens without emoji; with emoji it runs as before."""
    from somajo import SoMaJo

    from mtqa.segment import _somajo_tokenizer

    texts = ["Der 1. FC Köln gewann. Dann regnete es 😀 den ganzen Tag. Ende.",
             "Wir lieben das ❤️! Ja wirklich ☺. Und dann?",
             "Im Jahr 2024 stieg der Umsatz um 3,5 %. Das war gut (sagte Dr. Meier).",
             "Flags 🇩🇪🇫🇷 and faces 👩‍👩‍👧 are graphemes. A lone \ufe0f here. The end."]
    plain = SoMaJo(model, split_sentences=True, character_offsets=True)

    def sentences(tokenizer, text):
        return [[(t.text, t.character_offset) for t in s] for s in tokenizer.tokenize_text([text])]

    for text in texts:
        assert sentences(_somajo_tokenizer(model), text) == sentences(plain, text)
