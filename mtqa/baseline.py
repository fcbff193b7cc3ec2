"""Baselines: findings a reviewer has accepted, suppressed on later runs (like ruff's / Xbench's).

A baseline file is JSON::

    {"version": 1,
     "entries": [{"code": "MTQA502", "sentence": "...", "span": " .",
                  "decision": "baseline", "comment": ""}]}

``sentence`` is the target sentence's text and ``span`` the finding's span text. A finding is
matched by ``(code, sentence, span)`` with whitespace normalised (runs of whitespace become one
space; the sentence is also stripped) and Unicode NFC applied, so it survives edits elsewhere
in the document (sentence numbers and offsets may shift) but not an edit of its own sentence.
One entry suppresses every finding with the same key (the same code on the same span text
twice in one sentence is one entry).

Entries are suppressions: ``decision`` is ``baseline`` (accepted wholesale by ``mtqa baseline``)
or ``not an error`` (a reviewer's verdict). Reviewer decisions ``error`` and ``fixed`` are not
suppressions: applying them removes a matching entry.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from mtqa.errors import InputError
from mtqa.io.atomic import write_atomically
from mtqa.io.files import MiB, read_limited

BASELINE_VERSION = 1
MAX_JSON_BYTES = 200 * MiB
BASELINE = "baseline"
NOT_AN_ERROR = "not an error"
ERROR = "error"
FIXED = "fixed"
#: Decisions a reviewer may give (the XLSX drop-down offers these).
REVIEW_DECISIONS = (NOT_AN_ERROR, ERROR, FIXED)
#: Decisions that suppress a finding.
SUPPRESSING = (BASELINE, NOT_AN_ERROR)
#: Everything accepted on input (decision files may also carry ``baseline`` entries).
ALL_DECISIONS = (BASELINE, NOT_AN_ERROR, ERROR, FIXED)

_WHITESPACE = re.compile(r"\s+")
# C0 controls other than tab/newline/CR (which \s covers); XLSX cannot store them either.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def normalise_sentence(text: str) -> str:
    """The sentence text as matched: NFC, control characters as spaces, whitespace collapsed, stripped."""
    return _WHITESPACE.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", text))).strip()


def normalise_span(text: str) -> str:
    """The span text as matched: like the sentence, but not stripped (a span such as ``" ."`` keeps its space)."""
    return _WHITESPACE.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", text)))


def normalise_decision(value: str) -> str | None:
    """``"Not-an error "`` -> ``"not an error"``; ``None`` if it is not a known decision."""
    text = _WHITESPACE.sub(" ", str(value).replace("-", " ").replace("_", " ")).strip().lower()
    return text if text in ALL_DECISIONS else None


@dataclass(frozen=True)
class Decision:
    """A reviewer's verdict on one finding, from the XLSX findings sheet or a JSON file."""

    code: str
    sentence_text: str
    span_text: str
    decision: str  # one of ALL_DECISIONS (normalised)
    comment: str = ""


@dataclass(frozen=True)
class BaselineEntry:
    code: str
    sentence: str  # normalised target sentence text
    span: str  # normalised span text
    decision: str = BASELINE
    comment: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.sentence, self.span)

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "sentence": self.sentence, "span": self.span,
                "decision": self.decision, "comment": self.comment}


def finding_key(code: str, sentence_text: str, span_text: str) -> tuple[str, str, str]:
    return (str(code).strip(), normalise_sentence(sentence_text), normalise_span(span_text))


def _parts(finding: dict[str, Any]) -> list[dict[str, Any]]:
    from mtqa.report.findings import finding_parts

    return finding_parts(finding)


def _span_of(finding: dict[str, Any], sentence_text: str) -> str:
    span = finding.get("span")
    if span is None:
        span = sentence_text[finding["start"] : finding["end"]]
    return span


class DecisionStats(NamedTuple):
    added: int  # new suppressions
    updated: int  # existing entries whose decision/comment changed
    removed: int  # entries removed by "error" / "fixed"


class Baseline:
    """A set of suppressions keyed by ``(code, sentence, span)`` (normalised)."""

    def __init__(self, entries: Iterable[BaselineEntry] = ()) -> None:
        self._entries: dict[tuple[str, str, str], BaselineEntry] = {}
        for entry in entries:
            self.add(entry)

    @property
    def entries(self) -> list[BaselineEntry]:
        """Entries sorted by (code, sentence, span): the order they are saved in."""
        return [self._entries[k] for k in sorted(self._entries)]

    def __len__(self) -> int:
        return len(self._entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Baseline) and self._entries == other._entries

    def __repr__(self) -> str:
        return f"Baseline({len(self)} entries)"

    def add(self, entry: BaselineEntry) -> None:
        """Add or replace an entry (its fields are normalised here)."""
        code, sentence, span = finding_key(entry.code, entry.sentence, entry.span)
        normalised = BaselineEntry(code, sentence, span, entry.decision, entry.comment)
        self._entries[normalised.key] = normalised

    def merge(self, other: Baseline) -> None:
        """Add ``other``'s entries that are not here yet; entries already here (and their comments) are kept."""
        for key, entry in other._entries.items():
            self._entries.setdefault(key, entry)

    def lookup(self, code: str, sentence_text: str, span_text: str) -> BaselineEntry | None:
        return self._entries.get(finding_key(code, sentence_text, span_text))

    def suppresses(self, finding: dict[str, Any], sentence_text: str) -> bool:
        """Whether a report finding (a dict) in a sentence with this text is suppressed: its own key
        matches, or (for findings merged from several checks) every check's key does."""
        if self.lookup(finding["code"], sentence_text, _span_of(finding, sentence_text)) is not None:
            return True
        parts = _parts(finding)
        return parts != [finding] and all(self.suppresses(part, sentence_text) for part in parts)

    def add_decisions(self, decisions: Iterable[Decision]) -> DecisionStats:
        """Apply reviewer decisions in order: ``not an error`` (or ``baseline``) adds/updates a suppression;
        ``error`` and ``fixed`` remove a matching suppression if there is one."""
        added = updated = removed = 0
        for decision in decisions:
            value = normalise_decision(decision.decision)
            if value is None:
                raise ValueError(f"unknown decision {decision.decision!r}; expected one of {', '.join(ALL_DECISIONS)}")
            key = finding_key(decision.code, decision.sentence_text, decision.span_text)
            if value in SUPPRESSING:
                entry = BaselineEntry(*key, decision=value, comment=(decision.comment or "").strip())
                previous = self._entries.get(key)
                if previous is None:
                    added += 1
                elif previous != entry:
                    updated += 1
                self._entries[key] = entry
            elif self._entries.pop(key, None) is not None:
                removed += 1
        return DecisionStats(added, updated, removed)

    def to_json(self) -> dict[str, Any]:
        return {"version": BASELINE_VERSION, "entries": [e.to_json() for e in self.entries]}


def baseline_from_rows(rows: Iterable[dict[str, Any]]) -> Baseline:
    """Every finding of every target row as a ``baseline`` suppression."""
    baseline = Baseline()
    for row in rows:
        if row.get("kind", "target") != "target":
            continue
        text = row["text"]
        for finding in row.get("findings", []):
            baseline.add(BaselineEntry(finding["code"], text, _span_of(finding, text)))
    return baseline


def unused_entries(rows: Iterable[dict[str, Any]], baseline: Baseline) -> list[BaselineEntry]:
    """Entries that match no finding in these rows (stale: the sentence was edited or the check no longer fires)."""
    used = set()
    for row in rows:
        text = row.get("text", "")
        for finding in row.get("findings", []):
            for one in [finding, *_parts(finding)]:
                used.add(finding_key(one["code"], text, _span_of(one, text)))
    return [e for e in baseline.entries if e.key not in used]


def filter_rows(rows: Iterable[dict[str, Any]], baseline: Baseline,
                review_risk: float = 0.2) -> list[dict[str, Any]]:
    """New rows without the suppressed findings, each with ``suppressed`` (how many were removed).

    ``status``/``risk`` are recomputed (with ``review_risk``, as in ``build_rows``) only for rows
    that lost a finding, so rows untouched by the baseline keep exactly what the run produced.
    The input rows are not modified.
    """
    from mtqa.report.table import status_and_risk_of_dicts

    out = []
    for row in rows:
        text = row.get("text", "")
        findings = row.get("findings", [])
        kept = [f for f in findings if not baseline.suppresses(f, text)]
        new = dict(row)
        new["findings"] = kept
        new["suppressed"] = len(findings) - len(kept)
        if new["suppressed"]:
            new["status"], new["risk"] = status_and_risk_of_dicts(kept, review_risk)
        out.append(new)
    return out


# --- files -----------------------------------------------------------------------------------


def save_baseline(path: str | Path, baseline: Baseline) -> None:
    """Write the baseline as sorted, indented JSON (same baseline, same bytes), atomically."""
    text = json.dumps(baseline.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, text)


def _read_json(path: Path, what: str) -> Any:
    raw = read_limited(path, f"{what} file", MAX_JSON_BYTES)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{what} file is not UTF-8 text", path) from None
    except json.JSONDecodeError as error:
        raise InputError(f"{what} file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
                         path) from None
    except RecursionError:
        raise InputError(f"{what} file is not valid JSON (nested too deeply)", path) from None


def _entries_of(data: Any, path: Path, what: str, allow_list: bool) -> list[Any]:
    if allow_list and isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InputError(f'{what} file must be a JSON object {{"version": 1, "entries": [...]}}', path)
    if data.get("version") != BASELINE_VERSION:
        raise InputError(f"{what} file has version {data.get('version')!r}; this mtqa reads version {BASELINE_VERSION}",
                         path)
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise InputError(f'{what} file needs an "entries" list', path)
    return entries


def _check_entry(item: Any, number: int, path: Path, what: str, allowed: tuple[str, ...],
                 default_decision: str | None) -> tuple[str, str, str, str, str]:
    if not isinstance(item, dict):
        raise InputError(f"{what} entry {number} is not a JSON object", path)
    for field in ("code", "sentence", "span"):
        if not isinstance(item.get(field), str):
            raise InputError(f'{what} entry {number}: "{field}" must be a string', path)
    if not item["code"].strip():
        raise InputError(f'{what} entry {number}: "code" is empty', path)
    raw_decision = item.get("decision", default_decision)
    if raw_decision is None:
        raise InputError(f'{what} entry {number}: "decision" is missing', path)
    if not isinstance(raw_decision, str):
        raise InputError(f'{what} entry {number}: "decision" must be a string', path)
    decision = normalise_decision(raw_decision)
    if decision not in allowed:
        raise InputError(f"{what} entry {number}: decision {raw_decision!r} is not one of: {', '.join(allowed)}", path)
    comment = item.get("comment", "")
    if comment is None:
        comment = ""
    if not isinstance(comment, str):
        raise InputError(f'{what} entry {number}: "comment" must be a string', path)
    return item["code"], item["sentence"], item["span"], decision, comment


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; ``InputError`` naming the file if it is not valid JSON of the documented shape."""
    path = Path(path)
    entries = _entries_of(_read_json(path, "baseline"), path, "baseline", allow_list=False)
    baseline = Baseline()
    for number, item in enumerate(entries, 1):
        code, sentence, span, decision, comment = _check_entry(item, number, path, "baseline", SUPPRESSING, BASELINE)
        baseline.add(BaselineEntry(code, sentence, span, decision, comment))
    return baseline


def read_decisions_json(path: str | Path) -> list[Decision]:
    """Reviewer decisions from JSON: a baseline-shaped object or a bare list of the same entry objects
    (``decision`` required: ``not an error``, ``error``, ``fixed`` or ``baseline``)."""
    path = Path(path)
    entries = _entries_of(_read_json(path, "decisions"), path, "decisions", allow_list=True)
    out = []
    for number, item in enumerate(entries, 1):
        code, sentence, span, decision, comment = _check_entry(item, number, path, "decisions", ALL_DECISIONS, None)
        out.append(Decision(code, sentence, span, decision, comment))
    return out
