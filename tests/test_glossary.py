"""Glossary files and the glossary check."""

from __future__ import annotations

import re

import pytest
from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig
from mtqa.errors import InputError
from mtqa.glossary import Term, load_glossary


def test_load_glossary_reads_terms_and_normalises_languages(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("\ufeffsource_lang,source,target_lang,target,note\nen-GB,firewall,de-DE,Firewall,keep\nzh,防火墙,de,Firewall,\n",
                    encoding="utf-8")
    assert load_glossary(path) == [Term("en", "firewall", "de", "Firewall"), Term("zh", "防火墙", "de", "Firewall")]


@pytest.mark.parametrize("content, message", [
    ("a,b\n1,2\n", "lacks the column"),
    ("source_lang,source,target_lang,target\nen,,de,X\n", "line 2 has an empty source"),
])
def test_bad_glossaries_are_input_errors(tmp_path, content, message):
    path = tmp_path / "g.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_glossary(path)
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "missing.csv")


def test_required_rendering_missing_is_flagged_and_inflected_use_is_not():
    config = CheckConfig(select=["MTQA103"], glossary=[Term("en", "power bank", "de", "Powerbank"),
                                                       Term("zh", "充电宝", "de", "Powerbank")])
    doc = view("de", [
        ("Der Akku-Pack lädt zwei Telefone.", {"en": "The power bank charges two phones.", "zh": "这个充电宝能给两部手机充电。"}),
        ("Beide Powerbanks sind ausverkauft.", {"en": "Both power banks are sold out.", "zh": "两个充电宝都卖完了。"}),
        ("Das Telefon ist neu.", {"en": "The phone is new.", "zh": "手机是新的。"}),
    ])
    found = run_checks(doc, config)
    assert list(found) == [0]
    assert found[0][0].evidence == {"en": "power bank", "zh": "充电宝"}


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1">
  <langSet xml:lang="en"><tig><term>power bank</term></tig></langSet>
  <langSet xml:lang="de-DE"><tig><term>Powerbank</term></tig><tig><term>Akkupack</term></tig></langSet>
  <langSet xml:lang="zh"><tig><term>充电宝</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def test_tbx_entries_give_every_language_pair(tmp_path):
    path = tmp_path / "terms.tbx"
    path.write_text(TBX, encoding="utf-8")
    terms = load_glossary(path)
    assert Term("en", "power bank", "de", "Powerbank") in terms
    assert Term("zh", "充电宝", "de", "Powerbank") in terms
    assert len(terms) == 6  # 3 languages, ordered pairs; only the first German term is preferred


def test_tbx_with_an_entity_bomb_or_external_entity_is_refused(tmp_path):
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                    "<martif><text><body><termEntry><langSet xml:lang=\"en\"><tig><term>&b;</term></tig>"
                    "</langSet></termEntry></body></text></martif>", encoding="utf-8")
    with pytest.raises(InputError, match="not valid or safe"):
        load_glossary(bomb)
    external = tmp_path / "ext.tbx"
    external.write_text('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        "<martif><text><body><termEntry><langSet xml:lang=\"en\"><tig><term>&x;</term></tig>"
                        "</langSet></termEntry></body></text></martif>", encoding="utf-8")
    with pytest.raises(InputError, match="not valid or safe"):
        load_glossary(external)


def test_a_glossary_field_over_the_csv_field_limit_is_an_input_error(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("source_lang,source,target_lang,target\nen,\"" + "x" * (200 * 1024) + "\",de,X\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="not valid CSV.*field limit"):
        load_glossary(path)


@pytest.mark.parametrize("name", ["x.tbx", "x.csv"])
def test_a_folder_named_like_a_glossary_is_an_input_error(tmp_path, name):
    (tmp_path / name).mkdir()
    with pytest.raises(InputError, match="folder, not a file"):
        load_glossary(tmp_path / name)


@pytest.mark.parametrize("name", ["/dev/null"])
def test_a_device_as_glossary_is_refused_without_reading(name):
    with pytest.raises(InputError, match="not a regular file"):
        load_glossary(name)


def test_a_glossary_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "g.csv"
    with open(path, "wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    with pytest.raises(InputError, match="too large"):
        load_glossary(path)


@pytest.mark.parametrize("encoding", ["UTF-9", "x-unknown"])
def test_a_tbx_with_an_unknown_declared_encoding_is_an_input_error(tmp_path, encoding):
    path = tmp_path / "g.tbx"
    path.write_text(f'<?xml version="1.0" encoding="{encoding}"?>' + TBX.split("?>", 1)[1], encoding="utf-8")
    with pytest.raises(InputError, match=f"unknown encoding '{encoding}'"):
        load_glossary(path)


@pytest.mark.parametrize("code", ["qaa", "xx", "../x", "german"])
def test_a_glossary_language_that_is_no_language_code_is_an_input_error(tmp_path, code):
    path = tmp_path / "g.csv"
    path.write_text(f"source_lang,source,target_lang,target\nen,firewall,de,Firewall\nen,weather,{code},Wetter\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=f'line 3: "{re.escape(code)}" is not a language code'):
        load_glossary(path)
    tbx = tmp_path / "g.tbx"
    tbx.write_text(TBX.replace('xml:lang="zh"', f'xml:lang="{code}"'), encoding="utf-8")
    with pytest.raises(InputError, match="is not a language code"):
        load_glossary(tbx)


def test_a_glossary_term_may_hold_a_line_separator(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("source_lang,source,target_lang,target\nen,fire\u2028wall,de,Feuer\u2028wand\n", encoding="utf-8")
    assert load_glossary(path) == [Term("en", "fire\u2028wall", "de", "Feuer\u2028wand")]
