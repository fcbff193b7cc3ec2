"""The rule registry and the runner: every check module registers its rules on import.

``run_checks(view, config)`` runs each enabled rule, validates the spans it reports, and merges
the raw findings by consensus into ``{sentence index: [Finding, ...]}``.
"""

from __future__ import annotations

import importlib

from mtqa.checks.base import REGISTRY, DocumentView, RawFinding, Rule
from mtqa.checks.consensus import merge_findings
from mtqa.config import CheckConfig
from mtqa.documents import Finding
from mtqa.stageclock import stage

CHECK_MODULES = ("entities", "transliteration", "language", "numbers", "alignment", "coverage", "form", "grammar", "truncation", "negation", "opposites", "polarity", "false_friends", "terminology", "quality")


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by code (importing the check modules registers them)."""
    for name in CHECK_MODULES:
        try:
            importlib.import_module(f"mtqa.checks.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"mtqa.checks.{name}":
                raise
    return dict(sorted(REGISTRY.items()))


def _valid(finding: RawFinding, view: DocumentView) -> bool:
    text = view.sentences[finding.sentence].text
    return 0 <= finding.start <= finding.end <= len(text)


def run_checks(view: DocumentView, config: CheckConfig) -> dict[int, list[Finding]]:
    """Findings per target sentence index, from every enabled rule."""
    rules = all_rules()
    raw: list[RawFinding] = []
    checks_run = set()
    try:
        for code, rule in rules.items():
            if not config.enabled(code) or rule.check in checks_run:
                continue
            checks_run.add(rule.check)  # a check function may serve several codes
            with stage(f"check {code}"):
                for finding in rule.check(view, config):
                    if config.enabled(finding.code):
                        if not _valid(finding, view):
                            raise ValueError(f"{finding.code} reported span {finding.start}:{finding.end} outside sentence {finding.sentence}")
                        raw.append(finding)
    finally:
        view.save_caches()
    with stage("merge findings"):
        return merge_findings(raw, rules, config, view.version_langs)


__all__ = ["all_rules", "run_checks"]
