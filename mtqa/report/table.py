"""The per-sentence report: one row per target sentence, plus rows for version sentences left unaligned.

This module turns a ``CheckResult`` into plain dicts (the JSONL schema documented in the README)
and into a flat pandas table for CSV and spreadsheets.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from mtqa.api import CheckResult
from mtqa.documents import Finding, Sentence
from mtqa.report.findings import (SEVERITY_RANK, finding_codes, finding_dict, finding_parts, headline,
                                  merge_overlapping, rounded)

SEVERITY_WEIGHT = {"critical": 0.9, "major": 0.6, "minor": 0.25}


def status_and_risk(findings: list[Finding], review_risk: float = 0.2) -> tuple[str, float]:
    """Risk in 0..1 combines the findings (severity weight times confidence, as independent evidence).

    ``critical`` if any finding is critical; ``review`` if any is major or the risk reaches
    ``review_risk``; else ``ok``.
    """
    risk_ok = 1.0
    for finding in findings:
        risk_ok *= 1.0 - SEVERITY_WEIGHT.get(finding.severity, 0.25) * finding.confidence
    risk = round(1.0 - risk_ok, 4)  # compared at this precision, as before; written with ``rounded``
    severities = {f.severity for f in findings}
    if "critical" in severities:
        return "critical", risk
    if "major" in severities or (findings and risk >= review_risk):
        return "review", risk
    return "ok", risk


def status_and_risk_of_dicts(findings: list[dict[str, Any]], review_risk: float = 0.2) -> tuple[str, float]:
    """``status_and_risk`` of report findings: over the checks' own findings inside merged ones."""
    objects = [Finding(code=f["code"], severity=f["severity"], category=f.get("category", ""),
                       message=f.get("message", ""), start=f.get("start", 0), end=f.get("end", 0),
                       confidence=float(f.get("confidence", 1.0)), evidence=dict(f.get("evidence") or {}))
               for finding in findings for f in finding_parts(finding)]
    status, risk = status_and_risk(objects, review_risk)
    return status, rounded(risk)


def _quality_fields(verdicts: dict[str, Any]) -> dict[str, Any]:
    if not verdicts:
        return {"quality": None, "quality_by_version": {}}
    by_version = {lang: v.quality for lang, v in sorted(verdicts.items())}
    return {"quality": rounded(sum(by_version.values()) / len(by_version)),
            "quality_by_version": {lang: rounded(q) for lang, q in by_version.items()}}


def row_id(lang: str, sentence: Sentence) -> str:
    """``de:12`` for a text's sentence 12; ``de:<unit id>`` for a translation file's unit, as the file names it."""
    return f"{lang}:{sentence.index if sentence.unit is None else sentence.unit}"


def build_rows(result: CheckResult, findings: dict[int, list[Finding]] | None = None,
               review_risk: float = 0.2, quality: dict[int, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Report rows in target order; a version's unaligned sentences follow the target sentence before them.

    Findings that explain the same error are merged (``mtqa.report.findings``); status and risk
    come from the checks' findings before merging, so merging changes neither.

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
                "confidence": rounded(unit.confidence),
                "similarity": rounded(unit.similarity),
                "similarity_second": rounded(alignment.second_opinion.get(k)),
            }
            for i in unit.target:
                per_sentence[i][version.lang] = entry
            if not unit.target:
                j = unit.version[0]
                sentence = version.sentences[j]
                unaligned_after.setdefault(last_target, []).append({
                    "id": row_id(version.lang, sentence), "kind": "unaligned-version", "lang": version.lang,
                    "index": j, "paragraph": sentence.paragraph, "text": sentence.text,
                    "boilerplate": sentence.boilerplate, "status": "ok", "risk": 0.0, "findings": [],
                    "versions": {}, "confidence": rounded(unit.confidence),
                })
    rows: list[dict[str, Any]] = list(unaligned_after.get(-1, []))
    for sentence in target.sentences:
        sentence_findings = findings.get(sentence.index, [])
        status, risk = status_and_risk(sentence_findings, review_risk)
        parts = [finding_dict(f, sentence.text, target.lang) for f in sentence_findings]
        rows.append({
            "id": row_id(target.lang, sentence), "kind": "target", "lang": target.lang,
            "index": sentence.index, "paragraph": sentence.paragraph, "text": sentence.text,
            "start": sentence.start, "end": sentence.end, "boilerplate": sentence.boilerplate,
            "status": status, "risk": rounded(risk), **_quality_fields(quality.get(sentence.index, {})),
            "findings": merge_overlapping(parts, sentence.text),
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
        item["finding_codes"] = " ".join(code for f in row["findings"] for code in finding_codes(f))
        item["findings"] = " | ".join(headline(f) for f in row["findings"])
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


def csv_text(rows: list[dict[str, Any]], version_langs: list[str]) -> str:
    """``sentences.csv``: ``flat_table`` with every text cell a spreadsheet would run as a formula
    (``=``, ``+``, ``-``, ``@``, tab, CR first) prefixed with ``'`` (OWASP); the JSONL is lossless."""
    from mtqa.safetext import csv_cell

    table = flat_table(rows, version_langs)
    return table.map(csv_cell).to_csv(index=False, lineterminator="\n")


def flagged_entry(row: dict[str, Any]) -> dict[str, Any]:
    """A flagged sentence for summaries: id, status and its first (most severe) finding."""
    findings = sorted(row["findings"], key=lambda f: -SEVERITY_RANK.get(f["severity"], 0))
    return {"id": row["id"], "status": row["status"], "finding": headline(findings[0]) if findings else None}


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
            "mean_similarity": rounded(sum(sims) / len(sims)) if sims else None,
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
        "flagged": [flagged_entry(r) for r in target_rows if r["status"] != "ok"],
        "versions": versions,
    }
