"""The parts of a run of many documents, in process: finding documents, manifests, fingerprints, models."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from batchdocs import make_docs
from mtqa.batch import find_documents, is_manifest, read_manifest
from mtqa.errors import InputError
from mtqa.fingerprint import document_fingerprint
from mtqa.pipeline import CheckRequest


def test_find_documents_lists_corpus_folders_in_path_order_and_refuses_nested_reports(tmp_path):
    docs = make_docs(tmp_path)
    assert [(d.name, d.path) for d in find_documents(docs)] == [
        ("a", docs / "a"), ("b/c", docs / "b" / "c"), ("bad", docs / "bad")]
    (docs / "b" / "de.txt").write_text("Ein Satz.\n", encoding="utf-8")
    with pytest.raises(InputError, match="'b' and 'b/c', one inside the other"):
        find_documents(docs)


def test_a_manifest_is_told_from_a_bilingual_csv_by_its_header(tmp_path):
    (tmp_path / "m.csv").write_text("target,versions\na,b\n", encoding="utf-8")
    (tmp_path / "t.csv").write_text("source,target\nHello,Hallo\n", encoding="utf-8")
    assert is_manifest(tmp_path / "m.csv") and not is_manifest(tmp_path / "t.csv")


def test_manifest_paths_are_relative_to_it_and_names_default_to_the_target(tmp_path):
    (tmp_path / "m.csv").write_text("\ufefftarget,versions,target_lang\n"
                                    "x/de.txt,en=x/notes.txt;x/fr.txt,\n"
                                    "y/article.txt,y/en.txt,de\n", encoding="utf-8")
    first, second = read_manifest(tmp_path / "m.csv")
    assert (first.name, first.path, first.versions) == ("x", tmp_path / "x/de.txt",
                                                        (tmp_path / "x/notes.txt", tmp_path / "x/fr.txt"))
    assert first.version_langs == {tmp_path / "x/notes.txt": "en"}
    assert (second.name, second.target_lang) == ("y/article", "de")


def test_the_fingerprint_follows_inputs_and_settings_not_where_the_report_goes(tmp_path):
    docs = make_docs(tmp_path)
    request = CheckRequest(docs / "a", quality_estimation=None, output=tmp_path / "out")
    fingerprint = document_fingerprint(request)
    assert fingerprint == document_fingerprint(replace(request, output=tmp_path / "other", cache_dir="c", quiet=False))
    assert fingerprint != document_fingerprint(replace(request, fail_on="major"))
    (docs / "a" / ".hidden").write_text("x", encoding="utf-8")
    assert fingerprint == document_fingerprint(request)
    (docs / "a" / "en.txt").write_text("Another text.\n", encoding="utf-8")
    assert fingerprint != document_fingerprint(request)


def test_an_encoder_is_built_once_per_process(tmp_path):
    from mtqa.encoders import get_encoder

    assert get_encoder("use") is get_encoder("auto", ["de", "en"])
    assert get_encoder("use", cache_dir=str(tmp_path / "a")).inner is get_encoder("use", cache_dir=str(tmp_path / "b")).inner
