"""Merge raw findings about the same problem into one ``Finding`` per span, quoting every version
that supports it; the more versions agree, the higher the confidence."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from mtqa.checks.base import RawFinding, Rule
from mtqa.config import CheckConfig
from mtqa.documents import Finding


def combined_confidence(confidences: Iterable[float]) -> float:
    """Independent-evidence combination: 1 - prod(1 - c)."""
    doubt = 1.0
    for confidence in confidences:
        doubt *= 1.0 - max(0.0, min(1.0, confidence))
    return 1.0 - doubt


def merge_findings(raw: Iterable[RawFinding], rules: dict[str, Rule], config: CheckConfig,
                   version_langs: list[str]) -> dict[int, list[Finding]]:
    """One ``Finding`` per (sentence, code, span, topic); evidence maps each supporting version to its text."""
    groups: dict[tuple[int, str, int, int, str], list[RawFinding]] = defaultdict(list)
    for finding in raw:
        groups[(finding.sentence, finding.code, finding.start, finding.end, finding.topic)].append(finding)
    merged: dict[int, list[Finding]] = defaultdict(list)
    for (sentence, code, start, end, _), items in sorted(groups.items()):
        rule = rules[code]
        evidence = {f.version: f.evidence for f in items if f.version}
        confidence = combined_confidence(f.confidence for f in items)
        message = items[0].message
        if evidence:
            agreeing = ", ".join(f"{lang}: {text}" if text else lang for lang, text in sorted(evidence.items()))
            message = f"{message} [{len(evidence)} of {len(version_langs)} versions: {agreeing}]"
        merged[sentence].append(Finding(
            code=code, severity=config.severity.get(code, rule.severity), category=rule.category,
            message=message, start=start, end=end, confidence=round(confidence, 4), evidence=evidence,
        ))
    return dict(merged)
