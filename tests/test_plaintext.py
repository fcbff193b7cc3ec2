"""Tests for mtqa.io.plaintext: decoding files exactly and cutting text into paragraph spans."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.errors import InputError
from mtqa.io import plaintext
from mtqa.io.plaintext import (
    is_fenced_code,
    is_markdown_path,
    markdown_content_span,
    read_text,
    split_paragraphs,
)

SAMPLE = "Grüße aus Köln!\r\nZweite Zeile\twith tab and\u00a0no-break space.\r\n\r\n中文段落。\r\n"
EXPECTED = "Grüße aus Köln!\nZweite Zeile\twith tab and\u00a0no-break space.\n\n中文段落。\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_text(path)
    error = caught.value
    assert error.path == str(path)
    assert "\n" not in str(error)
    assert str(path) in str(error)
    return error


# --- read_text: accepted encodings -------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        b"\xff\xfe" + SAMPLE.encode("utf-16-le"),
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
        b"\xff\xfe\x00\x00" + SAMPLE.encode("utf-32-le"),
        b"\x00\x00\xfe\xff" + SAMPLE.encode("utf-32-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom"],
)
def test_read_text_decodes_removes_bom_and_normalises_line_endings(tmp_path: Path, encoded: bytes) -> None:
    assert read_text(write(tmp_path, "doc.txt", encoded)) == EXPECTED


def test_read_text_turns_lone_carriage_returns_into_newlines(tmp_path: Path) -> None:
    assert read_text(write(tmp_path, "mac.txt", b"one\rtwo\r\rthree")) == "one\ntwo\n\nthree"


def test_read_text_keeps_every_other_character(tmp_path: Path) -> None:
    text = "  lead\u00a0\u2009\u200b\tx\f\u2028end  \n\n"
    assert read_text(write(tmp_path, "keep.txt", text.encode("utf-8"))) == text


def test_read_text_accepts_str_paths(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"hello")
    assert read_text(str(path)) == "hello"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\r\t ")))
def test_read_text_round_trips_any_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    path = tmp_path_factory.mktemp("roundtrip") / "t.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    if not normalised.strip():
        with pytest.raises(InputError, match="is empty"):
            read_text(path)
    else:
        assert read_text(path) == normalised


# --- read_text: rejected files -----------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert read_error(tmp_path / "nope.txt").message == "file not found"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert read_error(folder).message == "is a folder, expected a text file"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"text")
    if os.geteuid() == 0:  # root reads anything, so simulate what chmod would do
        def deny(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "open", deny)
    else:
        path.chmod(0)
    assert read_error(path).message == "cannot be read (permission denied)"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\xff\xfe"], ids=["zero-bytes", "utf8-bom", "utf16-bom"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert read_error(write(tmp_path, "empty.txt", data)).message == "is empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "blank.txt", " \r\n\t\n\u00a0\n".encode("utf-8")))
    assert error.message.startswith("is empty")


def test_random_bytes_with_nul_are_binary(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = b"\x00" + bytes(rng.randrange(256) for _ in range(4000))
    error = read_error(write(tmp_path, "blob.txt", data))
    assert error.message.startswith("looks like a binary file")
    assert "UTF-8 or UTF-16" in error.message


def test_random_bytes_without_nul_are_binary(tmp_path: Path) -> None:
    rng = random.Random(8)
    data = b"x" + bytes(rng.randrange(1, 256) for _ in range(4000))  # "x": no byte-order mark
    assert read_error(write(tmp_path, "blob.bin", data)).message.startswith("looks like a binary file")


def test_many_control_characters_are_binary(tmp_path: Path) -> None:
    data = b"ab\x01\x02cd\x03\x04ef\x05\x06" * 100
    assert "control characters" in read_error(write(tmp_path, "ctl.txt", data)).message


@pytest.mark.parametrize(
    ("name", "header", "kind"),
    [
        ("paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
        ("letter.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "DOCX"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ],
)
def test_known_binary_formats_are_named(tmp_path: Path, name: str, header: bytes, kind: str) -> None:
    error = read_error(write(tmp_path, name, header + b"rest of the file"))
    assert error.message.startswith(f"looks like a binary file ({kind})")


def test_utf16_without_bom_is_explained(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "nobom.txt", "Hello world, plain text.".encode("utf-16-le")))
    assert "UTF-16 without a byte-order mark" in error.message


def test_latin1_names_the_byte_and_offset(tmp_path: Path) -> None:
    data = "Line one\nSchöne Grüße".encode("latin-1")
    error = read_error(write(tmp_path, "latin1.txt", data))
    assert error.message.startswith("is not valid UTF-8 (byte 0xF6 at offset 12, line 2)")
    assert "save it as UTF-8 or UTF-16 with BOM" in error.message


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfab\xe4"
    assert "byte 0xE4 at offset 5" in read_error(write(tmp_path, "bom.txt", data)).message


def test_truncated_utf16_is_rejected(tmp_path: Path) -> None:
    data = b"\xff\xfe" + "abc".encode("utf-16-le") + b"a"
    assert read_error(write(tmp_path, "odd.txt", data)).message.startswith("is not valid UTF-16")


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: the size is real but no disk is used
        handle.truncate(plaintext.MAX_FILE_BYTES + 1)
    assert read_error(path).message.startswith("is too large (50.0 MiB, the limit is 50 MiB)")


def test_is_markdown_path() -> None:
    assert is_markdown_path("notes/en.md")
    assert is_markdown_path(Path("README.MARKDOWN"))
    assert not is_markdown_path("en.txt")
    assert not is_markdown_path("md")


# --- split_paragraphs --------------------------------------------------------------------


def texts(text: str, markdown: bool = False) -> list[str]:
    return [text[start:end] for start, end in split_paragraphs(text, markdown)]


def test_blank_lines_separate_blocks_and_single_newlines_are_hard_wraps() -> None:
    text = "First paragraph\nwrapped here.\n\nSecond one.\n \t\nThird\nwrapped\ntwice.\n"
    assert texts(text) == ["First paragraph\nwrapped here.", "Second one.", "Third\nwrapped\ntwice."]


def test_without_blank_lines_every_line_is_a_paragraph() -> None:
    assert texts("One.\nTwo.\n  Three.  \n") == ["One.", "Two.", "Three."]


def test_blank_lines_at_the_ends_do_not_switch_to_blocks() -> None:
    assert texts("\n\nOne.\nTwo.\n\n\n") == ["One.", "Two."]


def test_spans_index_the_original_text() -> None:
    text = "  Alpha beta.\n\n\u00a0Gamma\u00a0\n"
    assert split_paragraphs(text) == [(2, 13), (16, 21)]


def test_whitespace_only_text_has_no_paragraphs() -> None:
    assert split_paragraphs(" \n\t\n") == []


def test_markdown_markers_start_paragraphs_inside_blocks() -> None:
    text = (
        "# Title\n"
        "Intro text\n"
        "wrapped.\n"
        "- first item\n"
        "  continues\n"
        "* second item\n"
        "1. numbered\n"
        "> quoted\n"
        "\n"
        "Last paragraph.\n"
    )
    assert texts(text, markdown=True) == [
        "# Title",
        "Intro text\nwrapped.",
        "- first item\n  continues",
        "* second item",
        "1. numbered",
        "> quoted",
        "Last paragraph.",
    ]
    # Without markdown the same text is just two blocks.
    assert len(texts(text)) == 2


def test_markdown_fence_is_one_paragraph_even_with_blank_lines_inside() -> None:
    text = "Before.\n\n```python\nx = 1\n\n# not a heading\n```\nAfter.\n"
    assert texts(text, markdown=True) == ["Before.", "```python\nx = 1\n\n# not a heading\n```", "After."]


def test_markdown_unclosed_fence_runs_to_the_end() -> None:
    assert texts("Text\n~~~\ncode\n\nmore", markdown=True) == ["Text", "~~~\ncode\n\nmore"]


def test_markdown_hashtag_and_year_are_not_markup() -> None:
    text = "Start\n#hashtag here\n1984. That year\n"
    assert texts("Para\n\n" + text, markdown=True) == ["Para", text.strip()]


@pytest.mark.parametrize(
    ("paragraph", "content"),
    [
        ("# Title", "Title"),
        ("### Title ###", "Title"),
        ("# C#", "C#"),
        ("- item text", "item text"),
        ("* item", "item"),
        ("12. item", "item"),
        ("3) item", "item"),
        ("> quoted words", "quoted words"),
        ("> > - nested item", "nested item"),
        ("> # quoted heading", "quoted heading"),
        ("Plain text", "Plain text"),
        ("- item\n  wrapped line", "item\n  wrapped line"),
        ("```js\nlet a;\n```", "let a;"),
        ("#", ""),
        ("-", ""),
    ],
)
def test_markdown_content_span_skips_leading_markup(paragraph: str, content: str) -> None:
    text = f"Intro.\n\n{paragraph}\n"
    start = text.index(paragraph)
    content_start, content_end = markdown_content_span(text, start, start + len(paragraph))
    assert start <= content_start <= content_end <= start + len(paragraph)
    assert text[content_start:content_end] == content


def test_is_fenced_code() -> None:
    text = "```\ncode\n```\n\nprose"
    (fence_start, fence_end), (prose_start, prose_end) = split_paragraphs(text, markdown=True)
    assert is_fenced_code(text, fence_start, fence_end)
    assert not is_fenced_code(text, prose_start, prose_end)


_ALPHABET = st.sampled_from(list("ab #->*1.`~\n\n\n\t\u00a0") + ["```", "# ", "- ", "> ", "1. "])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_ALPHABET, max_size=60), markdown=st.booleans())
def test_spans_are_stripped_ordered_and_cover_all_non_whitespace_once(parts: list[str], markdown: bool) -> None:
    text = "".join(parts)
    spans = split_paragraphs(text, markdown)
    covered = [0] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for index in range(start, end):
            covered[index] += 1
        previous_end = end
        if markdown:
            content_start, content_end = markdown_content_span(text, start, end)
            assert start <= content_start <= content_end <= end
    for index, character in enumerate(text):
        if not character.isspace():
            assert covered[index] == 1, (index, character)


def test_lone_surrogates_from_a_codec_become_replacement_characters(tmp_path):
    path = tmp_path / "de.txt"
    path.write_bytes(b"Gut+2AA-. Ja.\n")
    warnings: list[str] = []
    text = read_text(path, "utf-7", warnings)
    assert text == "Gut\ufffd. Ja.\n"
    assert len(warnings) == 1 and "1 lone surrogate code point" in warnings[0]
