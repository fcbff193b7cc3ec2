"""A review workbook (XLSX) from the report rows, and the reviewer's decisions read back from it.

Sheet ``sentences``: one row per report row (id, kind, status, risk, QE quality, target text, one column per
version language, findings as text). Sheet ``findings``: one row per finding, with empty
``decision`` (a drop-down: ``not an error``, ``error``, ``fixed``) and ``comment`` columns for the
reviewer; ``read_decisions`` reads those back as ``mtqa.baseline.Decision`` objects.

Written with XlsxWriter (openpyxl, which reads the decisions back, took ten times as long to style
a large sheet cell by cell). The same rows give the same bytes: the document properties carry a
fixed date and every zip member a fixed timestamp. The file is written to a temporary name next to
the target and moved into place.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from mtqa.baseline import REVIEW_DECISIONS, Decision, normalise_decision
from mtqa.errors import InputError
from mtqa.io.atomic import write_atomically
from mtqa.report.findings import finding_parts, headline
from mtqa.safetext import xml_safe

SENTENCES_SHEET = "sentences"
FINDINGS_SHEET = "findings"
FINDINGS_HEADER = ("sentence id", "code", "severity", "category", "confidence", "span", "message",
                   "evidence", "target sentence", "decision", "comment")
#: Columns ``read_decisions`` needs (found by header name, so a reviewer may reorder or add columns).
REQUIRED_FINDINGS_COLUMNS = ("code", "span", "target sentence", "decision", "comment")
FIXED_DATE = datetime.datetime(2000, 1, 1, 0, 0, 0)
MAX_CELL = 32767  # Excel's limit on characters in a cell

SEVERITY_FILL = {"critical": "FFC7CE", "major": "FCE4D6", "minor": "FFF2CC"}
STATUS_FILL = {"critical": "FFC7CE", "review": "FFF2CC"}
HEADER_FILL = "D9D9D9"
# Characters an XLSX cell cannot hold (openpyxl raises on them). Controls are written as spaces,
# which is also how mtqa.baseline normalises them, so matching is unaffected; U+FFFE, U+FFFF and
# lone surrogates, which it does not normalise, as ``\ufffe``-style escapes that
# ``read_decisions`` turns back into the characters.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPED = re.compile(r"\\u(fff[ef]|d[89a-f][0-9a-f]{2})")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = xml_safe(_ILLEGAL.sub(" ", value))
        if len(value) > MAX_CELL:
            value = value[: MAX_CELL - 1] + "…"
    return value


def _findings_text(findings: list[dict[str, Any]]) -> str:
    return "\n".join(f"{headline(f)} [{f.get('span', '')!r}]" for f in findings)


def _message_text(finding: dict[str, Any]) -> str:
    """The plain-language reason, then what each check said (a merged finding has several)."""
    checks = "\n".join(f"{p.get('code')}: {p.get('message')}" for p in finding_parts(finding))
    return f"{finding['reason']}\n{checks}" if finding.get("reason") else checks


def _evidence_text(evidence: dict[str, Any] | None) -> str:
    return "\n".join(f"{lang}: {text}" for lang, text in (evidence or {}).items())


class _Formats:
    """The workbook's cell formats, one per (fill, number format, bold) combination, made on first use."""

    def __init__(self, workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple, Any] = {}

    def __call__(self, fill: str | None = None, number: str | None = None, bold: bool = False):
        key = (fill, number, bold)
        if key not in self._made:
            spec: dict[str, Any] = {"text_wrap": True, "valign": "top"}
            if fill:
                spec.update(pattern=1, bg_color=f"#{fill}")
            if number:
                spec["num_format"] = number
            if bold:
                spec["bold"] = True
            self._made[key] = self._workbook.add_format(spec)
        return self._made[key]


def _put(ws, row: int, column: int, value: Any, cell_format) -> None:
    """One cell (0-based): text is always text, never a formula or a link; None is an empty cell."""
    value = _clean(value)
    if value is None or value == "":
        ws.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        ws.write_string(row, column, str(value), cell_format)
    else:
        ws.write_number(row, column, value, cell_format)


def _header(ws, formats: _Formats, names: list[str], widths: list[float]) -> None:
    for column, (name, width) in enumerate(zip(names, widths)):
        ws.write_string(0, column, name, formats(HEADER_FILL, bold=True))
        ws.set_column(column, column, width)
    ws.freeze_panes(1, 0)


def _sentence_cells(row: dict[str, Any], version_langs: list[str], with_suppressed: bool) -> list[tuple[Any, str | None]]:
    """(value, number format) for each column of a row of the sentences sheet."""
    cells: list[tuple[Any, str | None]] = [(row.get("id"), None), (row.get("kind"), None), (row.get("status"), None),
                                           (row.get("risk"), "0.00"), (row.get("quality"), "0.00"), (None, None)]
    texts = {lang: (entry or {}).get("text") for lang, entry in (row.get("versions") or {}).items()}
    if row.get("kind") == "unaligned-version" and row.get("lang") in version_langs:
        texts[row["lang"]] = row.get("text")  # a version sentence: in its own column
    else:
        cells[5] = (row.get("text"), None)
    cells += [(texts.get(lang), None) for lang in version_langs]
    cells.append((_findings_text(row.get("findings") or []), None))
    if with_suppressed:
        cells.append((row.get("suppressed", 0), None))
    return cells


def _write_sentences(ws, formats: _Formats, rows: list[dict[str, Any]], version_langs: list[str]) -> None:
    with_suppressed = any("suppressed" in r for r in rows)
    names = ["id", "kind", "status", "risk", "quality", "text", *version_langs, "findings"]
    widths = [10, 10, 9, 7, 8, 60, *([50] * len(version_langs)), 60]
    if with_suppressed:
        names.append("suppressed")
        widths.append(11)
    _header(ws, formats, names, widths)
    for r, row in enumerate(rows, 1):
        fill = STATUS_FILL.get(row.get("status"))
        for column, (value, number) in enumerate(_sentence_cells(row, version_langs, with_suppressed)):
            _put(ws, r, column, value, formats(fill, number))
    ws.autofilter(0, 0, max(len(rows), 1), len(names) - 1)


def _write_findings(ws, formats: _Formats, rows: list[dict[str, Any]]) -> None:
    _header(ws, formats, list(FINDINGS_HEADER), [10, 10, 9, 18, 10, 20, 40, 40, 60, 14, 40])
    r = 0
    for row in rows:
        text = row.get("text", "")
        for finding in row.get("findings") or []:
            r += 1
            span = finding.get("span")
            if span is None:
                span = text[finding["start"] : finding["end"]]
            fill = SEVERITY_FILL.get(finding.get("severity"))
            values = (row.get("id"), finding.get("code"), finding.get("severity"), finding.get("category"),
                      finding.get("confidence"), span, _message_text(finding),
                      _evidence_text(finding.get("evidence")), text, None, None)  # decision, comment: for the reviewer
            for column, value in enumerate(values):
                _put(ws, r, column, value, formats(fill, "0.00" if column == 4 else None))
    ws.data_validation(1, 9, max(r, 1), 9, {
        "validate": "list", "source": list(REVIEW_DECISIONS), "ignore_blank": True,
        "error_title": "mtqa decision", "error_message": "Choose: " + ", ".join(REVIEW_DECISIONS),
        "input_title": "decision", "input_message": ", ".join(REVIEW_DECISIONS)})
    ws.autofilter(0, 0, r, len(FINDINGS_HEADER) - 1)


def workbook_bytes(rows: list[dict[str, Any]], version_langs: list[str]) -> bytes:
    """The review workbook as bytes (identical for identical rows: a fixed creation date, and zip members
    stamped 1980-01-01 as XlsxWriter does in memory)."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.set_properties({"title": "mtqa review", "author": "mtqa", "created": FIXED_DATE})
    formats = _Formats(workbook)
    _write_sentences(workbook.add_worksheet(SENTENCES_SHEET), formats, rows, version_langs)
    _write_findings(workbook.add_worksheet(FINDINGS_SHEET), formats, rows)
    workbook.close()
    return out.getvalue()


def write_xlsx(path: str | Path, rows: list[dict[str, Any]], version_langs: list[str]) -> None:
    """Write the review workbook to ``path`` atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    write_atomically(path, workbook_bytes(rows, version_langs))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), str(value))


def read_decisions(path: str | Path) -> list[Decision]:
    """The reviewer's decisions from a workbook written by ``write_xlsx`` (rows with an empty decision are skipped).

    ``InputError`` naming the file if it cannot be read as XLSX, is not an mtqa review workbook
    (no ``findings`` sheet with the expected header), or holds a decision outside the list.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("workbook not found" if not path.exists() else "workbook path is not a file", path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (BadZipFile, KeyError, InvalidFileException, ...)
        raise InputError(f"not a readable .xlsx workbook ({type(error).__name__}: {error})", path) from None
    try:
        if FINDINGS_SHEET not in wb.sheetnames:
            raise InputError(f"not an mtqa review workbook: no '{FINDINGS_SHEET}' sheet", path)
        rows = wb[FINDINGS_SHEET].iter_rows(values_only=True)
        header = next(rows, None) or ()
        columns = {}
        for index, name in enumerate(header):
            if isinstance(name, str):
                columns.setdefault(name.strip().lower(), index)
        missing = [name for name in REQUIRED_FINDINGS_COLUMNS if name not in columns]
        if missing:
            raise InputError("not an mtqa review workbook: the findings sheet lacks column(s) "
                             + ", ".join(repr(m) for m in missing), path)

        def get(values: tuple, name: str) -> str:
            index = columns[name]
            return _text(values[index]) if index < len(values) else ""

        decisions = []
        for number, values in enumerate(rows, 2):
            raw = get(values, "decision").strip()
            if not raw:
                continue
            decision = normalise_decision(raw)
            if decision not in REVIEW_DECISIONS:
                raise InputError(f"findings row {number}: decision {raw!r} is not one of: "
                                 + ", ".join(REVIEW_DECISIONS), path)
            code = get(values, "code").strip()
            if not code:
                raise InputError(f"findings row {number}: has a decision but no code", path)
            decisions.append(Decision(code, get(values, "target sentence"), get(values, "span"), decision,
                                      get(values, "comment").strip()))
        return decisions
    finally:
        wb.close()
