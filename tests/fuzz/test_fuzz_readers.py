"""Fuzzing the input readers: valid generated files keep every unit, hostile bytes give an ``InputError``.

Properties: a generated valid XLIFF 1.2/2.0, TMX, PO or CSV file is read with one unit per
generated unit and the same text; arbitrary bytes under any reader's suffix are either read or
refused with an ``InputError`` (never another exception), and whatever is read can be written as
UTF-8 (no lone surrogates survive).
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

import polib
import pytest
from fuzzing import FUZZ, plain_text, scratch_file, xml_text
from hypothesis import given
from hypothesis import strategies as st

from mtqa.errors import InputError
from mtqa.io.bilingual import read_bilingual, to_documents
from mtqa.io.plaintext import read_text

PAIRS = st.lists(st.tuples(xml_text(), xml_text()), min_size=1, max_size=6)
NESTING = st.integers(min_value=0, max_value=3)
G_OPEN = '<g id="g">'
PC_OPEN = '<pc id="p">'


def _inline(text: str, depth: int, open_tag: str, close_tag: str) -> str:
    return open_tag * depth + escape(text) + close_tag * depth


def _xliff12(pairs: list[tuple[str, str]], depth: int) -> str:
    units = "".join(f'<trans-unit id="u{i}"><source>{escape(s)}</source>'
                    f"<target>{_inline(t, depth, G_OPEN, '</g>')}</target></trans-unit>"
                    for i, (s, t) in enumerate(pairs))
    return f'<xliff version="1.2"><file source-language="en" target-language="de"><body>{units}</body></file></xliff>'


def _xliff2(pairs: list[tuple[str, str]], depth: int) -> str:
    units = "".join(f'<unit id="u{i}"><segment><source>{escape(s)}</source>'
                    f"<target>{_inline(t, depth, PC_OPEN, '</pc>')}</target></segment></unit>"
                    for i, (s, t) in enumerate(pairs))
    return ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
            f'<file id="f">{units}</file></xliff>')


def _tmx(pairs: list[tuple[str, str]], depth: int) -> str:
    units = "".join(f'<tu tuid="u{i}"><tuv xml:lang="en"><seg>{escape(s)}</seg></tuv>'
                    f'<tuv xml:lang="de"><seg>{_inline(t, depth, "<hi>", "</hi>")}</seg></tuv></tu>'
                    for i, (s, t) in enumerate(pairs))
    return f'<tmx version="1.4"><header srclang="en"/><body>{units}</body></tmx>'


@FUZZ
@given(pairs=PAIRS, depth=NESTING, kind=st.sampled_from(["xliff-1.2", "xliff-2", "tmx"]))
def test_valid_xml_files_keep_every_unit_and_its_text(pairs, depth, kind):
    build, suffix = {"xliff-1.2": (_xliff12, ".xlf"), "xliff-2": (_xliff2, ".xlf"), "tmx": (_tmx, ".tmx")}[kind]
    with scratch_file(f"file{suffix}", build(pairs, depth)) as path:
        bf = read_bilingual(path)
    assert [(u.source, u.target) for u in bf.units] == pairs
    target, source = to_documents(bf)
    assert len(target.sentences) == len(source.sentences) == len(pairs)


@FUZZ
@given(hexes=st.lists(st.integers(min_value=0, max_value=0x10FFFF), min_size=1, max_size=5))
def test_any_xliff2_cp_value_is_read_as_writable_text(hexes):
    target = "".join(f'<cp hex="{value:04X}"/>' for value in hexes)
    document = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
                f'<file id="f"><unit id="1"><segment><source>x</source><target>{target}</target></segment></unit>'
                "</file></xliff>")
    with scratch_file("cp.xlf", document) as path:
        bf = read_bilingual(path)
    assert len(bf.units[0].target) == len(hexes)
    bf.units[0].target.encode("utf-8")


def _po_string(text: str) -> str:
    return '"' + polib.escape(text) + '"'


@FUZZ
@given(entries=st.lists(st.tuples(plain_text(min_size=1), plain_text()), min_size=1, max_size=6))
def test_valid_po_files_keep_every_entry_and_its_text(entries):
    body = "".join(f"msgid {_po_string(s)}\nmsgstr {_po_string(t)}\n\n" for s, t in entries)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
    with scratch_file("de.po", header + body) as path:
        bf = read_bilingual(path)
    assert [(u.source, u.target) for u in bf.units] == entries


CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r;\t"), max_size=30)


@FUZZ
@given(rows=st.lists(st.tuples(CELL, CELL), min_size=1, max_size=6))
def test_valid_csv_files_with_a_header_keep_every_row(rows):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["source", "target"])
    writer.writerows(rows)
    with scratch_file("file.csv", out.getvalue()) as path:
        try:
            bf = read_bilingual(path, source_lang="en", target_lang="de")
        except InputError as error:
            assert "no translation units" in error.message and all(not (s + t).strip() for s, t in rows)
            return
    kept = [(s, t) for s, t in rows if (s + t).strip()]  # blank rows are no units
    assert [(u.source, u.target) for u in bf.units] == [(s.replace("\r\n", "\n"), t) for s, t in kept]


SUFFIXES = [".xlf", ".xliff", ".tmx", ".po", ".csv", ".tsv"]
PREFIXES = [b"", b'<?xml version="1.0" encoding="UTF-8"?>', b"<xliff version=\"1.2\">", b"<tmx>", b'msgid ""\n',
            b"source,target\n", b'<?xml version="1.0" encoding="UTF-7"?>']


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_with_an_input_error(suffix, prefix, data):
    with scratch_file(f"file{suffix}", prefix + data) as path:
        try:
            bf = read_bilingual(path, source_lang="en", target_lang="de")
        except InputError as error:
            assert "\n" not in error.message
            return
    for unit in bf.units:
        (unit.id + unit.source + unit.target + (unit.note or "")).encode("utf-8")


@FUZZ
@given(data=st.binary(max_size=300), encoding=st.sampled_from([None, "utf-7", "cp1252", "utf-16"]))
def test_plain_text_is_read_as_writable_text_or_refused(data, encoding):
    with scratch_file("de.txt", data) as path:
        try:
            text = read_text(path, encoding)
        except InputError as error:
            assert "\n" not in error.message
            return
    text.encode("utf-8")


@pytest.mark.parametrize("name", ["sample-12.xlf", "sample-21.xlf", "sample.tmx", "sample.po", "sample.csv"])
def test_the_sample_files_still_read(name):
    from pathlib import Path

    assert read_bilingual(Path(__file__).parent.parent / "data" / "bilingual" / name).units
