"""Settings: files, select/ignore prefixes, severity overrides, errors for bad settings."""

from __future__ import annotations

import pytest

from mtqa.config import CheckConfig, load_config
from mtqa.errors import InputError


def test_defaults_when_no_file():
    config = load_config(folder="/nonexistent-folder-for-mtqa")
    assert config.enabled("MTQA101") and config.threshold("similarity_z") == -2.0


def test_mtqa_toml_and_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\nignore = ["MTQA5"]\n', encoding="utf-8")
    config = load_config(folder=tmp_path)
    assert not config.enabled("MTQA501") and config.enabled("MTQA101")
    (tmp_path / "mtqa.toml").write_text('select = ["MTQA1"]\n[severity]\nMTQA101 = "major"\n[thresholds]\nsimilarity_z = -3\n', encoding="utf-8")
    config = load_config(folder=tmp_path)
    assert config.enabled("MTQA102") and not config.enabled("MTQA401")
    assert config.severity == {"MTQA101": "major"} and config.threshold("similarity_z") == -3.0


def test_select_and_ignore_prefixes():
    config = CheckConfig(select=["MTQA1", "MTQA401"], ignore=["MTQA102"])
    assert [c for c in ("MTQA101", "MTQA102", "MTQA401", "MTQA402") if config.enabled(c)] == ["MTQA101", "MTQA401"]


@pytest.mark.parametrize("content, message", [
    ("colour = 1\n", "unknown setting"),
    ("[thresholds]\nfoo = 1\n", "unknown threshold"),
    ("select = [\n", "not valid TOML"),
])
def test_bad_settings_are_input_errors(tmp_path, content, message):
    path = tmp_path / "mtqa.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_config(path)


def test_missing_explicit_file():
    with pytest.raises(InputError, match="not found"):
        load_config("/nonexistent/mtqa.toml")
