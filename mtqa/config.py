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

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.errors import InputError

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
        return self.select is None or any(code.startswith(prefix) for prefix in self.select)

    def threshold(self, name: str, model_default: float | None = None) -> float:
        """The setting ``name``: as configured, else the model's own default where given, else mtqa's."""
        fallback = DEFAULT_THRESHOLDS[name] if model_default is None else model_default
        return float(self.thresholds.get(name, fallback))


def _from_table(table: dict, source: str) -> CheckConfig:
    known = {"select", "ignore", "severity", "thresholds", "glossary"}
    unknown = set(table) - known
    if unknown:
        raise InputError(f"unknown setting(s): {', '.join(sorted(unknown))} (known: {', '.join(sorted(known))})", source)
    thresholds = dict(table.get("thresholds", {}))
    for name in thresholds:
        if name not in DEFAULT_THRESHOLDS:
            raise InputError(f"unknown threshold '{name}' (known: {', '.join(sorted(DEFAULT_THRESHOLDS))})", source)
    base = Path(source).parent
    return CheckConfig(
        select=list(table["select"]) if "select" in table else None,
        ignore=list(table.get("ignore", [])),
        severity=dict(table.get("severity", {})),
        thresholds=thresholds,
        glossary_files=[str(base / g) for g in table.get("glossary", [])],
        source=source,
    )


def load_config(path: str | Path | None = None, folder: str | Path = ".") -> CheckConfig:
    """The settings from ``path``, else from ``mtqa.toml`` / ``pyproject.toml`` in ``folder``, else defaults."""
    candidates = [Path(path)] if path else [Path(folder) / "mtqa.toml", Path(folder) / "pyproject.toml"]
    for candidate in candidates:
        if not candidate.exists():
            if path:
                raise InputError("config file not found", candidate)
            continue
        try:
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise InputError(f"is not valid TOML ({error})", candidate) from None
        if candidate.name == "pyproject.toml":
            data = data.get("tool", {}).get("mtqa")
            if data is None:
                continue
        return _from_table(data, str(candidate))
    return CheckConfig()
