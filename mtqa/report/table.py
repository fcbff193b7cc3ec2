"""The per-sentence report: one row per target sentence, plus rows for version sentences left unaligned.

This module turns a ``CheckResult`` into plain dicts (the JSONL schema documented in the README)
and into a flat pandas table for CSV and spreadsheets.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from mtqa.api import CheckResult
from mtqa.documents import Finding

SEVERITY_WEIGHT = {"critical": 0.9, "major": 0.6, "minor": 0.25}


def status_and_risk(findings: list[Finding], review_risk: float = 0.2) -> tuple[str, float]:
    """Risk in 0..1 combines the findings (severity weight times confidence, as independent evidence).

    ``critical`` if any finding is critical; ``review`` if any is major or the risk reaches
    ``review_risk``; else ``ok``.
    """
    risk_ok = 1.0
    for finding in findings:
        risk_ok *= 1.0 - SEVERITY_WEIGHT.get(finding.severity, 0.25) * finding.confidence
    risk = round(1.0 - risk_ok, 4)
    severities = {f.severity for f in findings}
    if "critical" in severities:
        return "critical", risk
    if "major" in severities or (findings and risk >= review_risk):
        return "review", risk
    return "ok", risk


def _finding_dict(finding: Finding, text: str) -> dict[str, Any]:
    return {"code": finding.code, "severity": finding.severity, "category": finding.category,
            "message": finding.message, "start": finding.start, "end": finding.end,
            "span": text[finding.start : finding.end],
            "confidence": round(finding.confidence, 4), "evidence": finding.evidence}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _quality_fields(verdicts: dict[str, Any]) -> dict[str, Any]:
    if not verdicts:
        return {"quality": None, "quality_by_version": {}}
    by_version = {lang: round(v.quality, 4) for lang, v in sorted(verdicts.items())}
    return {"quality": round(sum(by_version.values()) / len(by_version), 4), "quality_by_version": by_version}


def build_rows(result: CheckResult, findings: dict[int, list[Finding]] | None = None,
               review_risk: float = 0.2, quality: dict[int, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Report rows in target order; a version's unaligned sentences follow the target sentence before them.

    ``quality`` (from ``mtqa.checks.quality.estimate_quality``) adds each target row's ``quality``:
    the QE model's calibrated 0..1 estimate, the mean over the versions, and ``quality_by_version``.
    """
    findings = findings or {}
    quality = quality or {}
    target = result.target
    per_sentence: dict[int, dict[str, Any]] = {s.index: {} for s in target.sentences}
    unaligned_after: dict[int, list[dict[str, Any]]] = {}
    for alignment in result.alignments:
        version = alignment.version
        for k, unit, last_target in alignment.walk():
            entry = {
                "text": version.span_text(unit.version),
                "sentences": list(unit.version),
                "alignment": unit.kind,
                "confidence": _rounded(unit.confidence),
                "similarity": _rounded(unit.similarity),
                "similarity_second": _rounded(alignment.second_opinion.get(k)),
            }
            for i in unit.target:
                per_sentence[i][version.lang] = entry
            if not unit.target:
                j = unit.version[0]
                sentence = version.sentences[j]
                unaligned_after.setdefault(last_target, []).append({
                    "id": f"{version.lang}:{j}", "kind": "unaligned-version", "lang": version.lang,
                    "index": j, "paragraph": sentence.paragraph, "text": sentence.text,
                    "boilerplate": sentence.boilerplate, "status": "ok", "risk": 0.0, "findings": [],
                    "versions": {}, "confidence": _rounded(unit.confidence),
                })
    rows: list[dict[str, Any]] = list(unaligned_after.get(-1, []))
    for sentence in target.sentences:
        sentence_findings = findings.get(sentence.index, [])
        status, risk = status_and_risk(sentence_findings, review_risk)
        rows.append({
            "id": f"{target.lang}:{sentence.index}", "kind": "target", "lang": target.lang,
            "index": sentence.index, "paragraph": sentence.paragraph, "text": sentence.text,
            "start": sentence.start, "end": sentence.end, "boilerplate": sentence.boilerplate,
            "status": status, "risk": risk, **_quality_fields(quality.get(sentence.index, {})),
            "findings": [_finding_dict(f, sentence.text) for f in sentence_findings],
            "versions": per_sentence[sentence.index],
        })
        rows.extend(unaligned_after.get(sentence.index, []))
    return rows


def flat_table(rows: list[dict[str, Any]], version_langs: list[str]):
    """One flat row per report row, with ``<lang>_text`` etc. columns per version (a pandas DataFrame)."""
    import pandas as pd

    back_translated = {lang for row in rows for lang, entry in row.get("versions", {}).items() if "back_translation" in entry}
    flat = []
    for row in rows:
        item = {key: row.get(key) for key in ("id", "kind", "lang", "index", "paragraph", "status", "risk", "quality",
                                              "boilerplate", "text")}
        item["finding_codes"] = " ".join(f["code"] for f in row["findings"])
        item["findings"] = " | ".join(f"{f['code']} {f['severity']}: {f['message']}" for f in row["findings"])
        for lang in version_langs:
            entry = row["versions"].get(lang, {})
            item[f"{lang}_text"] = entry.get("text")
            item[f"{lang}_alignment"] = entry.get("alignment")
            item[f"{lang}_confidence"] = entry.get("confidence")
            item[f"{lang}_similarity"] = entry.get("similarity")
            item[f"{lang}_similarity_second"] = entry.get("similarity_second")
            item[f"{lang}_quality"] = row.get("quality_by_version", {}).get(lang)
            if lang in back_translated:
                for key in ("back_translation", "bt_chrf", "bt_bleu"):
                    item[f"{lang}_{key}"] = entry.get(key)
        flat.append(item)
    return pd.DataFrame(flat)


def summary_counts(result: CheckResult, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for summary.md / summary.json."""
    target_rows = [r for r in rows if r["kind"] == "target"]
    versions = {}
    for alignment in result.alignments:
        kinds = Counter(u.kind for u in alignment.units)
        sims = [u.similarity for u in alignment.units if u.similarity is not None]
        versions[alignment.version.lang] = {
            "file": alignment.version.path,
            "sentences": sum(1 for s in alignment.version.sentences if s.text),  # not --aligned's blank lines
            "alignment_types": dict(sorted(kinds.items())),
            "target_unaligned": sum(len(u.target) for u in alignment.units if not u.version),
            "version_unaligned": sum(len(u.version) for u in alignment.units if not u.target),
            "mean_similarity": round(sum(sims) / len(sims), 4) if sims else None,
            "low_confidence_units": sum(1 for u in alignment.units if u.confidence < 0.5),
            "warnings": list(alignment.version.warnings),
        }
    return {
        "target": {"file": result.target.path, "lang": result.target.lang,
                   "sentences": len(target_rows),
                   "boilerplate": dict(sorted(Counter(r["boilerplate"] for r in target_rows if r["boilerplate"]).items())),
                   "warnings": list(result.target.warnings)},
        "status": {s: sum(1 for r in target_rows if r["status"] == s) for s in ("ok", "review", "critical")},
        "findings": sum(len(r["findings"]) for r in target_rows),
        "versions": versions,
    }
