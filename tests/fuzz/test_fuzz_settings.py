"""Fuzzing the settings file, the glossaries and the baseline: read, or refused with an ``InputError``.

Settings are generated as TOML from the known setting names with values of every type (and some
unknown names), so most examples reach the schema rather than stopping at the TOML parser; a
setting that loads must be usable: a non-empty selection of known codes, finite thresholds and
known severities.
"""

from __future__ import annotations

import json
import math

from fuzzing import FUZZ, plain_text, scratch_file
from hypothesis import given
from hypothesis import strategies as st

from mtqa.baseline import load_baseline
from mtqa.config import DEFAULT_THRESHOLDS, SEVERITIES, load_config
from mtqa.errors import InputError
from mtqa.glossary import load_glossary

SCALARS = (st.integers(min_value=-10**6, max_value=10**6) | st.floats(allow_nan=True, allow_infinity=True)
           | st.booleans() | plain_text(max_size=12) | st.sampled_from(["MTQA1", "MTQA101", "mtqa5", "critical",
                                                                       "Major", "", ","]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from([*DEFAULT_THRESHOLDS, "MTQA101", "x"]), inner, max_size=3),
                      max_leaves=8)
NAMES = st.sampled_from(["select", "ignore", "severity", "thresholds", "glossary", "colour"])


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value == math.inf else "-inf" if value == -math.inf
                                                 else repr(value))
    if isinstance(value, (int, str)):
        return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


@FUZZ
@given(table=st.dictionaries(NAMES, VALUES, max_size=4))
def test_any_settings_file_loads_usable_settings_or_is_an_input_error(table):
    text = "".join(f"{name} = {_toml_value(value)}\n" for name, value in table.items())
    with scratch_file("mtqa.toml", text) as path:
        try:
            config = load_config(path)
        except InputError as error:
            assert error.path == str(path) and "\n" not in error.message
            return
    assert config.select is None or (config.select and all(isinstance(c, str) for c in config.select))
    assert all(math.isfinite(config.threshold(name)) for name in DEFAULT_THRESHOLDS)
    assert set(config.severity.values()) <= set(SEVERITIES)


@FUZZ
@given(text=plain_text(max_size=200))
def test_any_text_as_settings_is_loaded_or_an_input_error(text):
    with scratch_file("mtqa.toml", text) as path:
        try:
            load_config(path)
        except InputError as error:
            assert "\n" not in error.message


GLOSSARY_HEADER = st.sampled_from(["source_lang,source,target_lang,target\n", "", "a,b\n"])


@FUZZ
@given(header=GLOSSARY_HEADER, body=plain_text(max_size=200), suffix=st.sampled_from([".csv", ".tbx"]))
def test_any_glossary_is_read_or_an_input_error(header, body, suffix):
    with scratch_file(f"terms{suffix}", header + body) as path:
        try:
            terms = load_glossary(path)
        except InputError as error:
            assert "\n" not in error.message
            return
    assert all(term.source and term.target for term in terms)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | plain_text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["version", "entries", "code", "sentence", "span", "decision", "comment"]),
                        inner, max_size=5), max_leaves=10)


@FUZZ
@given(data=JSON)
def test_any_json_baseline_is_read_or_an_input_error(data):
    with scratch_file("baseline.json", json.dumps(data, ensure_ascii=False)) as path:
        try:
            load_baseline(path)
        except InputError as error:
            assert "\n" not in error.message


@FUZZ
@given(entries=st.lists(st.fixed_dictionaries({"code": st.sampled_from(["MTQA101", "MTQA502"]),
                                               "sentence": plain_text(), "span": plain_text()}), max_size=4))
def test_a_valid_baseline_keeps_every_entry(entries):
    with scratch_file("baseline.json", json.dumps({"version": 1, "entries": entries})) as path:
        baseline = load_baseline(path)
    assert len(baseline) <= len(entries)  # entries that normalise alike are one
    assert (len(baseline) == 0) == (len(entries) == 0)
