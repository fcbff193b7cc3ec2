"""Bilingual translation-unit files: reading every format, refusing bad XML, ITS round trips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from mtqa.errors import InputError
from mtqa.io.bilingual import flatten, read_bilingual, to_documents
from mtqa.io.xliff_writer import ITS_NS, write_xliff_with_findings

DATA = Path(__file__).parent / "data" / "bilingual"
ITS = f"{{{ITS_NS}}}"


def test_xliff_12_units_languages_notes_and_flattened_inline_tags():
    bf = read_bilingual(DATA / "sample-12.xlf")
    assert (bf.format, bf.version, bf.source_lang, bf.target_lang) == ("xliff-1.2", "1.2", "en", "de")
    assert [u.id for u in bf.units] == ["t1", "t2", "t3", "t4", "t5"]
    t1, t2, t3, t4, t5 = bf.units
    assert t1.source == "Water the tomatoes twice a week."
    assert t1.target == "Gießen Sie die Tomaten zweimal pro Woche."
    assert t1.note == "Keep the bold on the vegetable name."
    # <ph>/<bpt>/<ept> hold native code (<b>, <i>), which is not text; <x/> is nothing.
    assert t2.target == "Drücken Sie Speichern, um Ihren Plan zu behalten."
    assert t3.target == "Die Rosa canina blüht im Juni."
    assert t3.note == "Latin name stays in italics.\nChecked by the botanist."
    assert t4.target == "Ernten Sie 8 kg Bohnen."  # unit inside a <group>, nested <g> and <x/>
    assert (t5.target, t5.note) == ("", None)  # no <target>: kept, empty


def test_xliff_2_segments_inline_codes_and_languages():
    bf = read_bilingual(DATA / "sample-21.xlf")
    assert (bf.format, bf.version, bf.source_lang, bf.target_lang) == ("xliff-2", "2.1", "en", "de")
    assert [u.id for u in bf.units] == ["u1", "u2#a", "u2#b", "u3", "u4"]
    by_id = {u.id: u for u in bf.units}
    assert by_id["u1"].source == "The harbour opens at 6 a.m."
    assert by_id["u1"].target == "Der Hafen öffnet um 7 Uhr."
    assert by_id["u1"].note == "Headline of the page."
    assert by_id["u2#b"].target == "Tickets kosten zwölf Euro\u00ad."  # <sc/>/<ec/> dropped, <cp/> is its char
    assert by_id["u3"].target == ""
    assert by_id["u4"].target == "Hunde müssen an der Leine geführt werden."


def test_tmx_picks_source_and_german_target_among_three_languages():
    bf = read_bilingual(DATA / "sample.tmx")
    assert (bf.format, bf.source_lang, bf.target_lang) == ("tmx", "en", "de")
    assert [u.id for u in bf.units] == ["101", "102", "103", "104"]
    assert bf.units[0].target == "Das Museum ist montags geschlossen."  # <hi> keeps its text
    assert bf.units[0].note == "From the museum brochure."
    assert bf.units[1].source == "Click here for tickets."  # <bpt>/<ept> code dropped
    assert bf.units[2].note == "Reviewed."
    assert bf.units[3].target == ""
    assert read_bilingual(DATA / "sample.tmx", target_lang="fr").units[0].target == "Le musée est fermé le lundi."


def test_po_entries_plurals_context_and_language_header():
    bf = read_bilingual(DATA / "sample.po")
    assert (bf.format, bf.source_lang, bf.target_lang) == ("po", "en", "de")
    units = {u.id: u for u in bf.units}
    assert units["Today will be sunny."].target == "Heute wird es sonnig."
    assert units["Today will be sunny."].note == "Shown on the start screen."
    assert units["button\x04Refresh"].target == "Aktualisieren"
    assert units["One day of rain[1]"].source == "%d days of rain"
    assert units["One day of rain[1]"].target == "%d Regentage"
    assert units["Wind from the north-east."].target == ""
    assert len(bf.units) == 5  # header and obsolete entry skipped


def test_csv_with_header_and_tsv_with_two_columns():
    bf = read_bilingual(DATA / "sample.csv")
    assert (bf.format, bf.source_lang, bf.target_lang) == ("csv", "en", "de")
    assert [u.id for u in bf.units] == ["c1", "c2", "c3"]
    assert bf.units[0].target == "Die Bäckerei öffnet um 7, nicht um 8."
    assert bf.units[1].note == "slogan"
    assert (bf.units[2].source, bf.units[2].target) == ('Quote "this" line.', "")
    tsv = read_bilingual(DATA / "sample.tsv")
    assert [(u.source, u.target) for u in tsv.units] == [("Good morning.", "Guten Morgen."),
                                                         ("See you tomorrow.", "Bis morgen.")]
    assert tsv.target_lang is None
    with pytest.raises(InputError, match="target language"):
        to_documents(tsv)
    target, source = to_documents(tsv, source_lang="en", target_lang="de-CH")
    assert (target.lang, source.lang) == ("de", "en")


def test_to_documents_one_sentence_per_unit_with_offsets():
    bf = read_bilingual(DATA / "sample-12.xlf")
    target, source = to_documents(bf)
    assert (target.lang, source.lang) == ("de", "en")
    assert target.text == "\n".join(u.target for u in bf.units)
    for i, (t, s) in enumerate(zip(target.sentences, source.sentences)):
        assert (t.index, t.paragraph, s.index, s.paragraph) == (i, i, i, i)
        assert target.text[t.start : t.end] == t.text == bf.units[i].target
        assert source.text[s.start : s.end] == s.text == bf.units[i].source
    assert target.sentences[-1].text == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.xlf", r"malformed XML: mismatched tag: line 6"),
        ("bomb.xlf", r"entity declaration \('lol'\)"),
        ("xxe.xlf", r"external entity \('secret' pointing to 'file:///etc/passwd'\)"),
        ("empty.xlf", r"empty"),
        ("notes.docx", r"unsupported bilingual file type '\.docx'"),
        ("malformed.po", r"malformed PO file: .*line 3"),
        ("missing.xlf", r"not found"),
    ],
)
def test_bad_files_are_one_line_input_errors(name, expected):
    with pytest.raises(InputError, match=expected) as caught:
        read_bilingual(DATA / name)
    assert caught.value.path == str(DATA / name)
    assert "\n" not in str(caught.value)
    assert "root:" not in str(caught.value)  # /etc/passwd never read


def test_bad_files_are_refused_by_the_writer_too(tmp_path):
    for name in ("bomb.xlf", "xxe.xlf", "malformed.xlf"):
        with pytest.raises(InputError):
            write_xliff_with_findings(DATA / name, tmp_path / "out.xlf", {"1": [_finding(0, 1)]})
    assert not list(tmp_path.iterdir())


def test_no_units_and_wrong_root_are_input_errors(tmp_path):
    (tmp_path / "a.xlf").write_text('<?xml version="1.0"?><html/>', encoding="utf-8")
    with pytest.raises(InputError, match="not an XLIFF file"):
        read_bilingual(tmp_path / "a.xlf")
    (tmp_path / "b.csv").write_text("source,target\n", encoding="utf-8")
    with pytest.raises(InputError, match="no translation units"):
        read_bilingual(tmp_path / "b.csv")
    (tmp_path / "c.csv").write_text("a,b,c\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1 has 3 columns"):
        read_bilingual(tmp_path / "c.csv")


# --------------------------------------------------------------------------------------------
# Writing ITS annotations


def _finding(start, end, code="MTQA101", severity="major", category="accuracy/mistranslation"):
    return {"code": code, "severity": severity, "category": category, "message": f"Check {code} here.",
            "start": start, "end": end, "span": ""}


FINDINGS_12 = {
    "t1": [_finding(15, 22)],  # "Tomaten", inside <g>
    "t2": [_finding(12, 30, "MTQA503", "minor", "fluency"),  # crosses <ph> and <x/>
           _finding(0, 7, "MTQA502", "critical", "locale-convention")],
    "t4": [_finding(11, 15, "MTQA201", "critical", "accuracy/omission"), _finding(16, 16, "MTQA505", "minor", "style")],
    "t5": [_finding(0, 0, "MTQA301", "major", "accuracy/untranslated")],  # no <target>
}
FINDINGS_2 = {
    "u1": [_finding(17, 22), _finding(4, 9, "MTQA401", "minor", "terminology")],
    "u2#b": [_finding(15, 25, "MTQA501", "minor", "characters")],  # crosses <sc/>/<ec/>
    "u3": [_finding(0, 0, "MTQA301", "major", "accuracy/untranslated")],  # empty <target>
}
EXPECTED_TYPES = {"MTQA101": ("mistranslation", "70"), "MTQA503": ("other", "30"),
                  "MTQA502": ("locale-violation", "100"), "MTQA201": ("omission", "100"),
                  "MTQA505": ("style", "30"), "MTQA301": ("untranslated", "70"),
                  "MTQA401": ("terminology", "30"), "MTQA501": ("typographical", "30")}


def _added_by_writer(el):
    name = etree.QName(el).localname
    return (name == "mrk" and el.get("mtype") == "x-its") or \
        (name == "sm" and (el.get("id") or "").startswith("mtqa-lqi-")) or \
        (name == "em" and (el.get("startRef") or "").startswith("mtqa-lqi-"))


def _strip_its(root):
    """Remove what the writer adds: ITS attributes, x-its <mrk> wrappers, mtqa <sm/>/<em/>."""
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in elements:
        for key in list(el.attrib):
            if key.startswith(ITS):
                del el.attrib[key]
    for el in [el for el in elements if _added_by_writer(el)]:
        parent, index = el.getparent(), el.getparent().index(el)
        previous = parent[index - 1] if index > 0 else None
        _append_text(parent, previous, el.text or "")
        children = list(el)
        for offset, child in enumerate(children):
            parent.insert(index + offset, child)
        if children:
            children[-1].tail = (children[-1].tail or "") + (el.tail or "")
        else:
            _append_text(parent, previous, el.tail or "")
        el.tail = None
        parent.remove(el)


def _append_text(parent, previous, text):
    if not text:
        return
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text


def _shape(element):
    """A comparable picture of a tree: tag, attributes, text, children, tail (comments included)."""
    return (str(element.tag), dict(element.attrib), element.text or "",
            [_shape(child) for child in element], element.tail or "")


def _parse(path):
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


@pytest.mark.parametrize(("name", "findings"), [("sample-12.xlf", FINDINGS_12), ("sample-21.xlf", FINDINGS_2)])
def test_round_trip_keeps_everything_and_adds_its_annotations(tmp_path, name, findings):
    source = tmp_path / name
    shutil.copy(DATA / name, source)
    out = tmp_path / f"annotated-{name}"
    added = write_xliff_with_findings(source, out, findings)
    assert added == sum(len(f) for f in findings.values())
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    # (a) it parses, with the same units, texts and notes
    before, after = read_bilingual(source), read_bilingual(out)
    assert after.units == before.units
    assert (after.source_lang, after.target_lang) == (before.source_lang, before.target_lang)

    # (b) without the ITS markup the tree is the input's
    tree = _parse(out)
    _strip_its(tree)
    assert _shape(tree) == _shape(_parse(source))
    # ... and lines without annotations are byte-identical
    old_lines, new_lines = source.read_bytes().split(b"\n"), out.read_bytes().split(b"\n")
    assert len(old_lines) == len(new_lines)
    changed = [new for old, new in zip(old_lines, new_lines) if old != new]
    assert len(changed) == 1 + len(findings)  # the root start tag and one line per annotated unit
    assert all(b"its" in line for line in changed)

    # (c) one annotation per finding with the right type, severity and comment
    root = _parse(out)
    marks = [el for el in root.iter() if isinstance(el.tag, str) and el.get(f"{ITS}locQualityIssueComment")]
    assert len(marks) == added
    for mark in marks:
        comment = mark.get(f"{ITS}locQualityIssueComment")
        code = comment.rsplit("[", 1)[1].rstrip("]")
        assert comment == f"Check {code} here. [{code}]"
        issue_type, severity = EXPECTED_TYPES[code]
        assert mark.get(f"{ITS}locQualityIssueType") == issue_type
        assert mark.get(f"{ITS}locQualityIssueSeverity") == severity
    assert root.nsmap.get("its") == ITS_NS


def test_span_text_is_marked_exactly(tmp_path):
    out12, out2 = tmp_path / "a.xlf", tmp_path / "b.xlf"
    write_xliff_with_findings(DATA / "sample-12.xlf", out12, {"t1": [_finding(15, 22)]})
    mrk = next(el for el in _parse(out12).iter(etree.Element) if etree.QName(el).localname == "mrk")
    assert flatten(mrk, "xliff-1.2") == "Tomaten"
    assert _parse(out12).get(f"{ITS}version") == "2.0"

    write_xliff_with_findings(DATA / "sample-21.xlf", out2, {"u1": [_finding(17, 22)]})
    target = next(el for el in _parse(out2).iter(etree.Element) if etree.QName(el).localname == "target")
    sm = next(el for el in target.iter() if etree.QName(el).localname == "sm")
    assert (sm.get("type"), sm.get("id")) == ("its:any", "mtqa-lqi-1")
    # the text between <sm/> and <em/> is the finding's span
    text, inside = [], False
    for node in target.iter():
        name = etree.QName(node).localname
        if name == "sm":
            inside = True
        elif name == "em":
            break
        elif inside and node.text and name != "target":
            text.append(node.text)
        if inside and node.tail:
            text.append(node.tail)
    assert "".join(text) == "um 7 "


def test_without_findings_the_output_is_an_exact_copy(tmp_path):
    for name in ("sample-12.xlf", "sample-21.xlf"):
        out = tmp_path / name
        assert write_xliff_with_findings(DATA / name, out, {"t1": []}) == 0
        assert out.read_bytes() == (DATA / name).read_bytes()


def test_findings_for_unknown_units_are_refused(tmp_path):
    with pytest.raises(InputError, match="'nope'"):
        write_xliff_with_findings(DATA / "sample-21.xlf", tmp_path / "o.xlf", {"nope": [_finding(0, 1)]})
    assert not (tmp_path / "o.xlf").exists()


# ------------------------------------------------------------------ deep nesting (issue 14)

DEPTH = 5000


@pytest.mark.parametrize("suffix, template, open_tag, close_tag", [
    (".xlf", '<xliff version="1.2"><file source-language="en" target-language="de"><body><trans-unit id="1">'
             "<source>Hello</source><target>{}</target></trans-unit></body></file></xliff>", '<g id="g">', "</g>"),
    (".xlf", '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
             '<file id="f"><unit id="1"><segment><source>Hello</source><target>{}</target></segment></unit>'
             "</file></xliff>", '<pc id="p">', "</pc>"),
    (".tmx", '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hello</seg></tuv>'
             '<tuv xml:lang="de"><seg>{}</seg></tuv></tu></body></tmx>', "<hi>", "</hi>"),
])
def test_thousands_of_nested_inline_tags_keep_their_text(tmp_path, suffix, template, open_tag, close_tag):
    path = tmp_path / f"deep{suffix}"
    inner = "".join(f"{open_tag}{i} " for i in range(DEPTH))
    path.write_text(template.format(inner + "Hallo" + close_tag * DEPTH), encoding="utf-8")
    bf = read_bilingual(path)
    assert bf.units[0].target == "".join(f"{i} " for i in range(DEPTH)) + "Hallo"


def test_the_writer_marks_a_span_in_a_deeply_nested_unit(tmp_path):
    path = tmp_path / "deep.xlf"
    inner = '<g id="g">' * 200 + "Hallo Welt" + "</g>" * 200
    path.write_text('<xliff version="1.2"><file source-language="en" target-language="de"><body><trans-unit id="1">'
                    f"<source>Hello world</source><target>{inner}</target></trans-unit></body></file></xliff>",
                    encoding="utf-8")
    finding = {"code": "MTQA101", "severity": "major", "category": "accuracy", "message": "m", "start": 6, "end": 10}
    added = write_xliff_with_findings(path, tmp_path / "out.xlf", {"1": [finding]})
    assert added == 1
    assert read_bilingual(tmp_path / "out.xlf").units[0].target == "Hallo Welt"


def test_the_writer_refuses_nesting_beyond_its_parser_limit_in_one_line(tmp_path):
    path = tmp_path / "deep.xlf"
    inner = '<g id="g">' * 300 + "Hallo" + "</g>" * 300
    path.write_text('<xliff version="1.2"><file source-language="en" target-language="de"><body><trans-unit id="1">'
                    f"<source>Hello</source><target>{inner}</target></trans-unit></body></file></xliff>",
                    encoding="utf-8")
    assert read_bilingual(path).units[0].target == "Hallo"
    with pytest.raises(InputError, match="nested more than 256 deep"):
        write_xliff_with_findings(path, tmp_path / "out.xlf", {"1": []})


# ------------------------------------------------------------------ lone surrogates (issue 14)

def test_a_cp_surrogate_becomes_a_replacement_character_with_a_warning(tmp_path):
    path = tmp_path / "cp.xlf"
    path.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">'
                    '<file id="f"><unit id="u1"><segment><source>Good.</source><target>Gut<cp hex="D800"/>.</target>'
                    '</segment></unit><unit id="u2"><segment><source>Yes.</source><target>Ja.</target></segment></unit>'
                    "</file></xliff>", encoding="utf-8")
    bf = read_bilingual(path)
    assert [u.target for u in bf.units] == ["Gut\ufffd.", "Ja."]
    assert len(bf.warnings) == 1 and "1 lone surrogate" in bf.warnings[0] and "u1" in bf.warnings[0]
    target, _source = to_documents(bf)
    assert target.warnings == bf.warnings
    target.text.encode("utf-8")  # nothing later can fail on it


def test_a_utf7_po_file_with_a_lone_surrogate_is_read_with_a_warning(tmp_path):
    path = tmp_path / "de.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-7\\n"\n"Language: de\\n"\n\n'
                     b'msgid "+2AA-Hello"\nmsgstr "+2AA-Hallo"\n')
    bf = read_bilingual(path)
    assert [(u.id, u.source, u.target) for u in bf.units] == [("\ufffdHello", "\ufffdHello", "\ufffdHallo")]
    assert "3 lone surrogate code points" in bf.warnings[0]


# ------------------------------------------------------------------ PO files polib misread (issue 14)

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c"])
def test_po_strings_may_hold_characters_that_splitlines_breaks_at(tmp_path, char):
    path = tmp_path / "de.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "One{char}two"\nmsgstr "Eins{char}zwei"\n',
                    encoding="utf-8")
    bf = read_bilingual(path)
    assert [(u.source, u.target) for u in bf.units] == [(f"One{char}two", f"Eins{char}zwei")]


def test_po_content_that_names_a_file_is_parsed_not_opened(tmp_path):
    other = tmp_path / "other.po"
    other.write_text('msgid "secret"\nmsgstr "geheim"\n', encoding="utf-8")
    path = tmp_path / "de.po"
    path.write_text(str(other), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_bilingual(path)
    assert "geheim" not in str(caught.value) and "secret" not in str(caught.value)
    assert caught.value.path == str(path)


# ------------------------------------------------------------------ languages the file declares (issue 14)

LANGUAGE_FILES = {
    "xlf": '<xliff version="1.2"><file source-language="{src}" target-language="{trg}"><body><trans-unit id="1">'
           "<source>Hello</source><target>Hallo</target></trans-unit></body></file></xliff>",
    "tmx": '<tmx version="1.4"><header srclang="{src}"/><body><tu><tuv xml:lang="{src}"><seg>Hello</seg></tuv>'
           '<tuv xml:lang="{trg}"><seg>Hallo</seg></tuv></tu></body></tmx>',
    "csv": "source_lang,source,target_lang,target\n{src},Hello,{trg},Hallo\n",
    "po": 'msgid ""\nmsgstr ""\n"Language: {trg}\\n"\n"X-Source-Language: {src}\\n"\n\nmsgid "Hello"\nmsgstr "Hallo"\n',
}


@pytest.mark.parametrize("suffix", sorted(LANGUAGE_FILES))
@pytest.mark.parametrize("src, trg, option", [("en", "qaa", "--target-lang"), ("en", "xx", "--target-lang"),
                                              ("zz", "de", "--source-lang"), ("en", "mis", "--target-lang")])
def test_a_declared_language_that_is_no_code_is_an_input_error(tmp_path, suffix, src, trg, option):
    path = tmp_path / f"file.{suffix}"
    path.write_text(LANGUAGE_FILES[suffix].format(src=src, trg=trg), encoding="utf-8")
    with pytest.raises(InputError, match=f"declares the language '({src}|{trg})'.*{option}") as caught:
        to_documents(read_bilingual(path))
    assert caught.value.path == str(path)


def test_a_declared_code_given_right_on_the_command_line_is_used(tmp_path):
    path = tmp_path / "file.xlf"
    path.write_text(LANGUAGE_FILES["xlf"].format(src="en", trg="qaa"), encoding="utf-8")
    target, source = to_documents(read_bilingual(path, target_lang="de"))
    assert (target.lang, source.lang) == ("de", "en")
