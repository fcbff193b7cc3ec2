"""The segmentation cache: a rerun reads the sentence splits back instead of splitting again."""

from __future__ import annotations

import mtqa.segcache as segcache
from mtqa.reading import document_from_text
from mtqa.segcache import segmentation_cache

TEXT = ("Die Firma wurde 2019 gegründet. Sie wächst schnell.\n\n"
        "Am 3. Mai sagte Dr. Weber, das Werk bleibe offen. Das freut die Belegschaft.\n")


def _sentences(text: str) -> list[str]:
    return [s.text for s in document_from_text(text, "de").sentences]


def _count_splits(monkeypatch) -> list[str]:
    split = []
    original = segcache.split_sentences

    def counting(paragraph, lang, *args, **kwargs):
        split.append(paragraph)
        return original(paragraph, lang, *args, **kwargs)

    monkeypatch.setattr(segcache, "split_sentences", counting)
    return split


def test_a_rerun_reads_the_splits_back_and_gets_the_same_sentences(tmp_path, monkeypatch):
    fresh = _sentences(TEXT)
    split = _count_splits(monkeypatch)
    with segmentation_cache(str(tmp_path)):
        first = _sentences(TEXT)
    assert first == fresh and len(split) == 2
    with segmentation_cache(str(tmp_path)):
        again = _sentences(TEXT)
    assert again == fresh and len(split) == 2  # nothing split the second time


def test_only_an_edited_paragraph_is_split_again(tmp_path, monkeypatch):
    with segmentation_cache(str(tmp_path)):
        _sentences(TEXT)
    split = _count_splits(monkeypatch)
    edited = TEXT.replace("Das freut die Belegschaft.", "Das freut die Belegschaft sehr. Der Rat stimmt zu.")
    with segmentation_cache(str(tmp_path)):
        sentences = _sentences(edited)
    assert split == [edited.split("\n\n")[1].strip()] and sentences == _sentences(edited)


def test_a_damaged_value_is_split_again():
    assert segcache._decode(b"\x01\x00\x00") is None
    assert segcache._decode(segcache._encode([(5, 2)])) is None  # an empty span
    assert segcache._decode(segcache._encode([(0, 9), (4, 12)])) is None  # overlapping spans
    assert segcache._decode(segcache._encode([(0, 9), (10, 12)])) == [(0, 9), (10, 12)]


def test_without_a_cache_folder_nothing_is_kept(tmp_path, monkeypatch):
    split = _count_splits(monkeypatch)
    with segmentation_cache(None):
        _sentences(TEXT)
        _sentences(TEXT)
    assert len(split) == 4 and list(tmp_path.iterdir()) == []
