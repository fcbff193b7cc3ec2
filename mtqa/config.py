"""Check settings: which rules run, severities, thresholds and glossaries.

Read from ``mtqa.toml`` or the ``[tool.mtqa]`` table of ``pyproject.toml`` (the first found in the
current folder), or from ``--config FILE``; command-line ``--select``/``--ignore`` add to it::

    select = ["MTQA1", "MTQA3"]        # code prefixes; default: every rule
    ignore = ["MTQA502"]
    glossary = ["terms.csv"]           # required renderings (see mtqa.glossary)

    [severity]                          # per-rule overrides
    MTQA501 = "major"

    [thresholds]
    similarity_z = -2.0                 # MTQA402: flag below this z-score of the document
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.errors import InputError
from mtqa.io.files import read_limited

DEFAULT_THRESHOLDS = {
    "similarity_z": -2.0,  # MTQA402: cosine z-score below which a unit is flagged
    "length_z": 3.0,  # MTQA403: |z| of the log length ratio above which a unit is flagged
    "review_risk": 0.2,  # status "review" from this risk on (if no finding is critical)
    # MTQA701/702: by default each QE model's own, chosen on dev data (see mtqa.checks.quality); these
    # apply only where a model states none
    "qe_quality": 0.15,  # MTQA701: calibrated QE quality below which (against every version) a sentence is flagged
    "qe_word_probability": 0.43,  # MTQA702: P(bad) from which a word is flagged
}


@dataclass
class CheckConfig:
    """Settings the checks read; everything has a default."""

    select: list[str] | None = None  # code prefixes to run; None runs every rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    glossary_files: list[str] = field(default_factory=list)
    source: str | None = None  # the file this came from, for messages and the signature
    glossary: list = field(default_factory=list)  # mtqa.glossary.Term, loaded from glossary_files

    def load_glossaries(self) -> None:
        """Read every glossary file (an ``InputError`` names a bad one)."""
        from mtqa.glossary import load_glossary

        self.glossary = [term for path in self.glossary_files for term in load_glossary(path)]

    def enabled(self, code: str) -> bool:
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        if code in OPT_IN_RULES:  # runs only where ``select`` names it in full
            return self.select is not None and code in self.select
        return self.select is None or any(code.startswith(prefix) for prefix in self.select)

    def threshold(self, name: str, model_default: float | None = None) -> float:
        """The setting ``name``: as configured, else the model's own default where given, else mtqa's."""
        fallback = DEFAULT_THRESHOLDS[name] if model_default is None else model_default
        return float(self.thresholds.get(name, fallback))


# Rules off unless selected by their full code: MTQA602 embeds minimal pairs with e5, half of a cold
# run's time, for 2 more catches among 565 dev errors than the lexicon's MTQA603 makes alone
OPT_IN_RULES = frozenset({"MTQA602"})
SEVERITIES = ("critical", "major", "minor")
MAX_CONFIG_BYTES = 1024 * 1024
KNOWN_SETTINGS = ("select", "ignore", "severity", "thresholds", "glossary")


def _shown(value: object) -> str:
    """A TOML value as a one-line message quotes it: strings in double quotes, tables and lists by kind."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (str, bool)):
        text = json.dumps(value, ensure_ascii=False)  # escapes newlines and control characters
        return text if len(text) <= 60 else text[:57] + '..."'
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _name(key: str) -> str:
    """A setting name as a one-line message shows it: bare when it is a plain TOML key, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,60}", key) else _shown(key)


def _string_list(table: dict, name: str, source: str) -> list[str]:
    """A list of non-empty strings; a single string is one item (``select = "MTQA1"`` is ``["MTQA1"]``)."""
    value = table[name]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InputError(f"{name} must be a list of strings, got {_shown(value)}", source)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise InputError(f"{name}[{index}] must be a string, got {_shown(item)}", source)
        if not item.strip():
            raise InputError(f"{name}[{index}] is empty", source)
    return [item.strip() for item in items]


def rule_prefixes(codes: list[str], name: str, source: str | None = None) -> list[str]:
    """``codes`` upper-cased, each the prefix of a known rule code; an empty list is an error."""
    from mtqa.checks import all_rules

    if not codes:
        consequence = ", so no check would run" if name.endswith("select") else ""
        raise InputError(f"{name} is empty{consequence}; give rule codes such as MTQA1 (see 'mtqa rules')", source)
    known = all_rules()
    upper = [code.strip().upper() for code in codes]
    for code in upper:
        if not any(rule_code.startswith(code) for rule_code in known):
            raise InputError(f"{name}: no rule code starts with {_shown(code)} (see 'mtqa rules')", source)
    return upper


def _table(table: dict, name: str, source: str) -> dict:
    value = table.get(name, {})
    if not isinstance(value, dict):
        raise InputError(f"{name} must be a table ([{name}]), got {_shown(value)}", source)
    return value


def _severities(table: dict, source: str) -> dict[str, str]:
    """``[severity]``: known rule codes to critical/major/minor, in any letter case."""
    from mtqa.checks import all_rules

    known = all_rules()
    severities = {}
    for code, value in _table(table, "severity", source).items():
        if code.upper() not in known:
            raise InputError(f"severity.{_name(code)}: unknown rule code (see 'mtqa rules')", source)
        if not isinstance(value, str) or value.strip().lower() not in SEVERITIES:
            raise InputError(f"severity.{_name(code)} must be one of {', '.join(SEVERITIES)}, got {_shown(value)}", source)
        severities[code.upper()] = value.strip().lower()
    return severities


def _thresholds(table: dict, source: str) -> dict[str, float]:
    """``[thresholds]``: known names to finite numbers."""
    thresholds = {}
    for name, value in _table(table, "thresholds", source).items():
        if name not in DEFAULT_THRESHOLDS:
            raise InputError(f"unknown threshold {_name(name)} (known: {', '.join(sorted(DEFAULT_THRESHOLDS))})", source)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"thresholds.{name} must be a number, got {_shown(value)}", source)
        if not _finite(value):
            raise InputError(f"thresholds.{name} must be a finite number, got {_shown(value)}", source)
        thresholds[name] = value
    return thresholds


def _from_table(table: dict, source: str) -> CheckConfig:
    """The settings of one table, validated: every wrong name, type or value is an ``InputError``."""
    unknown = set(table) - set(KNOWN_SETTINGS)
    if unknown:
        names = ", ".join(_name(key) for key in sorted(unknown))
        raise InputError(f"unknown setting(s): {names} (known: {', '.join(sorted(KNOWN_SETTINGS))})", source)
    select = rule_prefixes(_string_list(table, "select", source), "select", source) if "select" in table else None
    ignore = _string_list(table, "ignore", source) if "ignore" in table else []
    ignore = rule_prefixes(ignore, "ignore", source) if ignore else []
    glossary = _string_list(table, "glossary", source) if "glossary" in table else []
    base = Path(source).parent
    return CheckConfig(
        select=select,
        ignore=ignore,
        severity=_severities(table, source),
        thresholds=_thresholds(table, source),
        glossary_files=[str(base / g) for g in glossary],
        source=source,
    )


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(read_limited(path, "config file", MAX_CONFIG_BYTES).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"is not valid TOML ({' '.join(str(error).split())})", path) from None
    except RecursionError:
        raise InputError("is not valid TOML (nested too deeply)", path) from None


def _tool_table(data: dict, path: Path) -> dict | None:
    """``[tool.mtqa]`` of a pyproject.toml, None when absent."""
    tool = data.get("tool", {})
    table = tool.get("mtqa") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise InputError(f"tool.mtqa must be a table ([tool.mtqa]), got {_shown(table)}", path)
    return table


def load_config(path: str | Path | None = None, folder: str | Path = ".") -> CheckConfig:
    """The settings from ``path``, else from ``mtqa.toml`` / ``pyproject.toml`` in ``folder``, else defaults."""
    candidates = [Path(path)] if path else [Path(folder) / "mtqa.toml", Path(folder) / "pyproject.toml"]
    for candidate in candidates:
        if not path and not candidate.exists():
            continue
        data = _read_toml(candidate)
        if candidate.name == "pyproject.toml":
            data = _tool_table(data, candidate)
            if data is None:
                continue
        return _from_table(data, str(candidate))
    return CheckConfig()
