"""The release gate: does a report pass the thresholds a pipeline set?

``--fail-on SEVERITY`` fails on any finding of that severity or worse; ``--max-risk X`` fails
on any sentence whose risk exceeds X. A failed gate makes ``mtqa check`` exit with status 1.
A finding merged from several checks carries the highest of their severities, so ``--fail-on``
fails the same sentences whether or not findings are merged; each reason is the finding's
headline (codes, severity, plain-language reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from mtqa.report.findings import headline
from mtqa.safetext import xml_safe

SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3}


@dataclass
class GateResult:
    """Whether the gate passed, and for each failing sentence id, why."""

    passed: bool
    failures: dict[str, list[str]] = field(default_factory=dict)
    settings: str = "none"


def evaluate_gate(rows: list[dict[str, Any]], fail_on: str | None = None, max_risk: float | None = None) -> GateResult:
    """Check every target row against the thresholds (none set: the gate passes)."""
    settings = ", ".join(filter(None, [f"fail-on {fail_on}" if fail_on else "", f"max-risk {max_risk:g}" if max_risk is not None else ""]))
    failures: dict[str, list[str]] = {}
    for row in rows:
        if row["kind"] != "target":
            continue
        reasons = []
        if fail_on:
            reasons += [headline(f) for f in row["findings"]
                        if SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK[fail_on]]
        if max_risk is not None and row["risk"] > max_risk:
            reasons.append(f"risk {row['risk']:.2f} above {max_risk:g}")
        if reasons:
            failures[row["id"]] = reasons
    return GateResult(not failures, failures, settings or "none")


def escape(text: str) -> str:
    """XML character data; characters XML 1.0 cannot hold (BEL, U+FFFF) become ``\\x07``-style escapes."""
    return _escape(xml_safe(text))


def quoteattr(text: str) -> str:
    """A quoted XML attribute value, safe as ``escape``."""
    return _quoteattr(xml_safe(text))


def junit_xml(rows: list[dict[str, Any]], gate: GateResult, suite: str) -> str:
    """A JUnit report: one test case per target sentence, failed where the gate failed it."""
    cases = []
    targets = [r for r in rows if r["kind"] == "target"]
    for row in targets:
        name = quoteattr(f"{row['id']} {row['text'][:60]}")
        reasons = gate.failures.get(row["id"])
        if reasons:
            body = escape("\n".join(reasons))
            cases.append(f'  <testcase classname={quoteattr(suite)} name={name}>\n'
                         f'    <failure message={quoteattr(reasons[0][:200])}>{body}</failure>\n  </testcase>')
        else:
            cases.append(f"  <testcase classname={quoteattr(suite)} name={name}/>")
    header = (f'<testsuite name={quoteattr("mtqa " + suite)} tests="{len(targets)}" failures="{len(gate.failures)}" '
              f'errors="0" skipped="0">')
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + header + "\n" + "\n".join(cases) + "\n</testsuite>\n"
