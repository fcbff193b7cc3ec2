"""Findings as the reports show them: a plain-language reason first, one finding per error.

Checks word their messages for people who know the check (z-scores, P(bad), quality cuts). A
report leads each finding with a ``reason`` a reader needs no jargon for ("The English says
'1,200', the German '1.300'."), built here from the finding's code, its span and what each
version says; the check's own ``message``, confidence and evidence stay as secondary detail.

One error, one finding: findings whose target spans overlap and that are of the same kind (both
about meaning, or both about form) are merged into one. The merged finding takes the most
severe part's code, severity, category and reason; ``codes`` lists every check that fired,
``checks`` keeps each part as the check wrote it, and its span covers all of them. A sentence's
status and risk are computed from the parts (the checks' independent evidence), so merging
changes neither, nor which sentences a ``--fail-on`` gate fails.
"""

from __future__ import annotations

import re
from typing import Any

from mtqa.checks.consensus import combined_confidence
from mtqa.documents import Finding

#: Every score a report writes (similarity, confidence, quality, risk) is rounded to this many
#: decimals: encoders give slightly different floats on different machines, and two decimals keep
#: a report byte-identical across them (four did not).
DECIMALS = 2
SEVERITY_RANK = {"critical": 3, "major": 2, "minor": 1}
FORM_CATEGORIES = ("fluency", "locale-convention", "style")

LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish", "th": "Thai",
    "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}
_VERSIONS_NOTE = re.compile(r"\s*\[\d+ of \d+ versions?:.*\]\s*$", re.S)
_CONFIDENCE_NOTE = re.compile(r"\s*\(confidence [\d.]+\)")


def rounded(value: Any) -> float | None:
    """A score as reports write it (``DECIMALS`` places), or None."""
    return None if value is None else round(float(value), DECIMALS)


def language_name(code: str) -> str:
    """``"zh-CN"`` -> ``"Chinese"``; an unknown code is shown as itself."""
    return LANGUAGE_NAMES.get(str(code).split("-")[0].split("_")[0].lower(), str(code))


# ---------------------------------------------------------------------------------------------
# Plain-language reasons


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


def _names(langs: list[str]) -> str:
    """``["en", "fr"]`` -> ``"the English and French"``."""
    names = [language_name(lang) for lang in langs]
    if not names:
        return ""
    if len(names) == 1:
        return "the " + names[0]
    return "the " + ", ".join(names[:-1]) + " and " + names[-1]


def _grouped(evidence: dict[str, str]) -> list[tuple[list[str], str]]:
    """Versions grouped by what they say, in language order: ``[(["en", "fr"], "Wall Street Journal")]``."""
    groups: dict[str, list[str]] = {}
    for lang, text in sorted(evidence.items()):
        groups.setdefault(str(text), []).append(lang)
    return [(langs, text) for text, langs in groups.items()]


def _say(evidence: dict[str, str]) -> str:
    """``"the English and French say 'X', the Chinese 'Y'"``."""
    parts = []
    for k, (langs, text) in enumerate(_grouped(evidence)):
        verb = "" if k else (" says " if len(langs) == 1 else " say ")
        parts.append(f"{_names(langs)}{verb}{_quote(text)}")
    return ", ".join(parts)


def _plain_message(message: str) -> str:
    """The check's message without the consensus note (``[2 of 3 versions: ...]``), capitalised, with a full stop."""
    text = _CONFIDENCE_NOTE.sub("", _VERSIONS_NOTE.sub("", message)).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


_QUOTES_VERSIONS = frozenset({"MTQA101", "MTQA301", "MTQA302", "MTQA402", "MTQA406"})
_TARGET_ONLY = frozenset({"MTQA201", "MTQA202", "MTQA303", "MTQA407"})


def _template_fits(code: str, versions: list[str], evidence: dict[str, str]) -> bool:
    """Whether the code's template has what it quotes: the versions' words, or at least the versions."""
    if code in _QUOTES_VERSIONS:
        return bool(evidence)
    return bool(versions) or code in _TARGET_ONLY


def finding_reason(finding: Finding, span: str, target_lang: str) -> str:
    """One plain sentence saying what is wrong, in the reader's terms: the versions' words against the target's."""
    code, evidence = finding.code, {k: v for k, v in finding.evidence.items() if v}
    versions = sorted(finding.evidence)
    target = "the " + language_name(target_lang)
    by_code = {
        "MTQA101": lambda: f"{_say(evidence)}, {target} {_quote(span)}",
        "MTQA102": lambda: (f"{target} writes this name {_quote(span)} here and differently elsewhere"
                            + (f"; {_say(evidence)}" if evidence else "")),
        "MTQA201": lambda: (f"{_quote(span)} is Chinese written in Latin letters, left untranslated"
                            + (f"; {_say(evidence)}" if evidence else "")),
        "MTQA202": lambda: (f"{_quote(span)} is copied from {_names(versions) or 'another language'}, "
                            "left untranslated"),
        "MTQA203": lambda: f"the sentence is identical to {_names(versions)}: it was not translated",
        "MTQA301": lambda: f"{_say(evidence)}, {target} {_quote(span)}",
        "MTQA302": lambda: f"{_say(evidence)}; {target} has no such number",
        "MTQA303": lambda: f"{target} has {_quote(span)}, which {_names(versions) or 'no version'} does not have",
        "MTQA401": lambda: f"this sentence has no counterpart in {_names(versions)}: it may be an addition",
        "MTQA402": lambda: f"{target} leaves out a sentence that follows here: {_say(evidence)}",
        "MTQA403": lambda: f"this sentence reads unlike {_names(versions)}, much more than the rest of the document does",
        "MTQA404": lambda: f"this sentence is much shorter than {_names(versions)}: something may be missing",
        "MTQA405": lambda: f"this sentence is much longer than {_names(versions)}: something may be added",
        "MTQA406": lambda: f"{_say(evidence)}; nothing in {target} renders it",
        "MTQA407": lambda: f"{_quote(span)} has no counterpart in {_names(versions) or 'the versions'}",
        "MTQA508": lambda: f"the sentence breaks off after {_quote(span)}, where {_names(versions)} "
                           + ("goes on" if len(versions) == 1 else "go on"),
        "MTQA602": lambda: (f"{_names(versions)} {'seems' if len(versions) == 1 else 'seem'} to say the opposite "
                            f"of {_quote(span)}"),
        "MTQA701": lambda: f"no version supports this sentence: against {_names(versions)} it reads as mistranslated",
        "MTQA702": lambda: f"nothing in {_names(versions)} seems to support {_quote(span)}",
    }
    make = by_code.get(code)
    if make is not None and _template_fits(code, versions, evidence):
        return _sentence(make())
    return _plain_message(finding.message) or _sentence(code)


# ---------------------------------------------------------------------------------------------
# Finding dicts and merging


def finding_dict(finding: Finding, text: str, target_lang: str) -> dict[str, Any]:
    """One check's finding as a report writes it (the JSONL ``findings`` items before merging)."""
    span = text[finding.start : finding.end]
    return {"code": finding.code, "severity": finding.severity, "category": finding.category,
            "reason": finding_reason(finding, span, target_lang), "message": finding.message,
            "start": finding.start, "end": finding.end, "span": span,
            "confidence": rounded(finding.confidence), "evidence": dict(finding.evidence)}


def _kind(finding: dict[str, Any]) -> str:
    return "form" if str(finding.get("category", "")).startswith(FORM_CATEGORIES) else "meaning"


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Spans share a character, or an empty span lies inside (or at) the other."""
    if a["start"] == a["end"] == b["start"] == b["end"]:
        return True
    return a["start"] < b["end"] and b["start"] < a["end"]


def _clusters(parts: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Groups of findings linked by overlapping spans of the same kind (transitively)."""
    clusters: list[list[dict[str, Any]]] = []
    for part in parts:
        joined = [c for c in clusters if any(_kind(o) == _kind(part) and _overlap(o, part) for o in c)]
        merged = [part]
        for cluster in joined:
            merged = cluster + merged
            clusters.remove(cluster)
        clusters.append(merged)
    return clusters


def _primary(cluster: list[dict[str, Any]]) -> dict[str, Any]:
    """The part that leads: most severe, then most confident, then the lowest code."""
    return min(cluster, key=lambda f: (-SEVERITY_RANK.get(f["severity"], 0), -(f["confidence"] or 0), f["code"]))


def _combine(cluster: list[dict[str, Any]], text: str) -> dict[str, Any]:
    lead = _primary(cluster)
    ordered = [lead] + sorted((f for f in cluster if f is not lead),
                              key=lambda f: (-SEVERITY_RANK.get(f["severity"], 0), f["code"], f["start"]))
    start, end = min(f["start"] for f in cluster), max(f["end"] for f in cluster)
    codes = list(dict.fromkeys(f["code"] for f in ordered))
    return {**lead, "codes": codes, "start": start, "end": end, "span": text[start:end],
            "confidence": rounded(combined_confidence(f["confidence"] or 0.0 for f in cluster)),
            "checks": ordered}


def merge_overlapping(parts: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """One finding per error (see the module docstring), in text order."""
    merged = [_combine(cluster, text) for cluster in _clusters(parts)]
    return sorted(merged, key=lambda f: (f["start"], f["end"], f["code"]))


def finding_parts(finding: dict[str, Any]) -> list[dict[str, Any]]:
    """The checks' own findings inside a report finding (itself where it is not merged or predates merging)."""
    return [p for p in finding.get("checks") or [] if isinstance(p, dict)] or [finding]


def finding_codes(finding: dict[str, Any]) -> list[str]:
    """Every check code a report finding stands for."""
    return [str(c) for c in finding.get("codes") or [finding.get("code")]]


def headline(finding: dict[str, Any]) -> str:
    """``"MTQA101+MTQA102 critical: The English says …"``: codes, severity, then the reason (a report
    written before reasons existed: the message)."""
    return f"{'+'.join(finding_codes(finding))} {finding.get('severity')}: {finding.get('reason') or finding.get('message')}"
