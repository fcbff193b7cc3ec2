"""Settings: files, select/ignore prefixes, severity overrides, errors for bad settings."""

from __future__ import annotations

from pathlib import Path

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


# ------------------------------------------------------------------ the schema: wrong types and values


@pytest.mark.parametrize("content, message", [
    ("thresholds = 5\n", "thresholds must be a table ([thresholds]), got 5"),
    ("severity = [1]\n", "severity must be a table ([severity]), got a list"),
    ("select = [1, 2]\n", "select[0] must be a string, got 1"),
    ("select = 7\n", "select must be a list of strings, got 7"),
    ("ignore = [true]\n", "ignore[0] must be a string, got true"),
    ("glossary = [1]\n", "glossary[0] must be a string, got 1"),
    ('select = [""]\n', "select[0] is empty"),
    ('[thresholds]\nreview_risk = "high"\n', 'thresholds.review_risk must be a number, got "high"'),
    ("[thresholds]\nreview_risk = true\n", "thresholds.review_risk must be a number, got true"),
    ("[thresholds]\nreview_risk = nan\n", "thresholds.review_risk must be a finite number, got nan"),
    ("[thresholds]\nsimilarity_z = -inf\n", "thresholds.similarity_z must be a finite number, got -inf"),
    ('select = ["MTQA1O1"]\n', "select: no rule code starts with \"MTQA1O1\""),
    ('ignore = ["XYZ"]\n', "ignore: no rule code starts with \"XYZ\""),
    ("select = []\n", "select is empty, so no check would run"),
    ('[severity]\nMTQA101 = "fatal"\n', 'severity.MTQA101 must be one of critical, major, minor, got "fatal"'),
    ("[severity]\nMTQA101 = 3\n", "severity.MTQA101 must be one of critical, major, minor, got 3"),
    ('[severity]\nMTQA999 = "major"\n', "severity.MTQA999: unknown rule code"),
    ('[thresholds]\nreview_risk = "a\\nb"\n', 'got "a\\nb"'),
])
def test_settings_of_the_wrong_type_or_value_name_the_setting(tmp_path, content, message):
    path = tmp_path / "mtqa.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert caught.value.path == str(path)
    assert message in caught.value.message
    assert "\n" not in str(caught.value)


def test_a_single_select_string_is_one_code_not_its_letters(tmp_path):
    path = tmp_path / "mtqa.toml"
    path.write_text('select = "MTQA1"\nignore = "MTQA102"\n', encoding="utf-8")
    config = load_config(path)
    assert config.select == ["MTQA1"] and config.ignore == ["MTQA102"]
    assert config.enabled("MTQA101") and not config.enabled("MTQA102") and not config.enabled("MTQA401")


def test_severity_names_are_accepted_in_any_letter_case(tmp_path):
    path = tmp_path / "mtqa.toml"
    path.write_text('[severity]\nMTQA101 = "Critical"\nmtqa102 = " MINOR "\n', encoding="utf-8")
    assert load_config(path).severity == {"MTQA101": "critical", "MTQA102": "minor"}


def test_a_pyproject_tool_mtqa_that_is_not_a_table_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool]\nmtqa = "yes"\n', encoding="utf-8")
    with pytest.raises(InputError, match='tool.mtqa must be a table'):
        load_config(folder=tmp_path)


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_config_that_is_not_a_regular_file_is_refused_without_reading(tmp_path, kind):
    # /dev/null rather than /dev/zero: were the check to regress, the test fails instead of reading without end
    path = tmp_path / "cfg" if kind == "folder" else Path("/dev/null")
    if kind == "folder":
        path.mkdir()
    with pytest.raises(InputError, match="folder, not a file" if kind == "folder" else "not a regular file"):
        load_config(path)


def test_config_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "mtqa.toml"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    with pytest.raises(InputError, match="too large"):
        load_config(path)


def test_an_integer_threshold_too_large_for_a_float_is_an_input_error(tmp_path):
    path = tmp_path / "mtqa.toml"
    path.write_text("[thresholds]\nreview_risk = 1" + "0" * 400 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="must be a finite number, got 10{20,}\\.\\.\\.$"):
        load_config(path)


def test_an_opt_in_rule_runs_only_when_selected_by_its_full_code():
    from mtqa.config import OPT_IN_RULES, CheckConfig

    assert "MTQA602" in OPT_IN_RULES
    assert not CheckConfig().enabled("MTQA602") and CheckConfig().enabled("MTQA603")
    assert not CheckConfig(select=["MTQA6"]).enabled("MTQA602")
    assert CheckConfig(select=["MTQA", "MTQA602"]).enabled("MTQA602")
    assert not CheckConfig(select=["MTQA602"], ignore=["MTQA60"]).enabled("MTQA602")
