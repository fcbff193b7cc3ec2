"""From text to Document: offsets index the decoded text exactly, paragraphs are kept, boilerplate marked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.reading import document_from_text, read_document

GERMAN = (
    "Nachrichten\n\n2023-03-14\n\n"
    "Am 3. März stellte der 1. FC Köln einen neuen Trainer vor. Dr. Meier sagte z. B., er sei „sehr froh“.\n\n"
    "Die Mannschaft trainiert ab Montag. Foto: dpa\n"
)


def test_sentences_index_the_text_and_keep_paragraphs():
    doc = document_from_text(GERMAN, "de-DE")
    assert doc.lang == "de"
    for sentence in doc.sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text
    assert [s.text for s in doc.sentences] == [
        "Nachrichten", "2023-03-14",
        "Am 3. März stellte der 1. FC Köln einen neuen Trainer vor.",
        "Dr. Meier sagte z. B., er sei „sehr froh“.",
        "Die Mannschaft trainiert ab Montag.", "Foto: dpa",
    ]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 2, 2, 3, 3]
    assert [s.boilerplate for s in doc.sentences] == ["section-label", "dateline", None, None, None, "photo-credit"]


def test_presegmented_lines_are_sentences_numbered_by_line():
    doc = document_from_text("Eins.  Zwei.\n\n  Drei\n", "de", presegmented=True)
    assert [(s.index, s.text) for s in doc.sentences] == [(0, "Eins.  Zwei."), (1, ""), (2, "Drei")]
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


def test_markdown_markup_stays_out_of_sentences_but_in_the_text():
    text = "# Titel der Seite\n\nErster Absatz. Zweiter Satz.\n\n- ein Punkt\n- noch einer\n"
    doc = document_from_text(text, "de", markdown=True)
    assert [s.text for s in doc.sentences] == ["Titel der Seite", "Erster Absatz.", "Zweiter Satz.", "ein Punkt", "noch einer"]
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=80), min_size=1, max_size=6),
       st.sampled_from(["de", "en", "zh", "fr", "xx"]))
def test_every_non_space_character_lands_in_exactly_one_sentence(paragraphs, lang):
    text = "\n\n".join(paragraphs)
    doc = document_from_text(text, lang)
    covered = [0] * len(text)
    for sentence in doc.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for k in range(sentence.start, sentence.end):
            covered[k] += 1
    for k, char in enumerate(text):
        if not char.isspace():
            assert covered[k] == 1


def test_read_document_warns_about_the_wrong_language(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text("Die Regierung hat heute ein neues Gesetz beschlossen. Es tritt im Januar in Kraft.", encoding="utf-8")
    doc = read_document(path)
    assert doc.lang == "fr"
    assert any("'de'" in w and "'fr'" in w for w in doc.warnings)
