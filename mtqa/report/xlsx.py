"""A review workbook (XLSX) from the report rows, and the reviewer's decisions read back from it.

Sheet ``sentences``: one row per report row (id, kind, status, risk, QE quality, target text, one column per
version language, findings as text). Sheet ``findings``: one row per finding, with empty
``decision`` (a drop-down: ``not an error``, ``error``, ``fixed``) and ``comment`` columns for the
reviewer; ``read_decisions`` reads those back as ``mtqa.baseline.Decision`` objects.

The same rows give the same bytes: the document properties carry a fixed date and every zip
member a fixed timestamp (openpyxl would otherwise stamp the current time in both). The file is
written to a temporary name next to the target and moved into place.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

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
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MAX_CELL = 32767  # Excel's limit on characters in a cell

SEVERITY_FILL = {"critical": "FFC7CE", "major": "FCE4D6", "minor": "FFF2CC"}
STATUS_FILL = {"critical": "FFC7CE", "review": "FFF2CC"}
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
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


def _set(ws, row: int, column: int, value: Any):
    cell = ws.cell(row=row, column=column, value=_clean(value))
    if cell.data_type == "f":  # a text starting with "=" is text here, never a formula
        cell.data_type = "s"
    cell.alignment = _WRAP
    return cell


def _header(ws, names: Iterable[str], widths: Iterable[float]) -> None:
    for column, (name, width) in enumerate(zip(names, widths), 1):
        cell = ws.cell(row=1, column=column, value=name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _fill_row(ws, row: int, columns: int, colour: str | None) -> None:
    if colour:
        fill = PatternFill("solid", fgColor=colour)
        for column in range(1, columns + 1):
            ws.cell(row=row, column=column).fill = fill


def _findings_text(findings: list[dict[str, Any]]) -> str:
    return "\n".join(f"{headline(f)} [{f.get('span', '')!r}]" for f in findings)


def _message_text(finding: dict[str, Any]) -> str:
    """The plain-language reason, then what each check said (a merged finding has several)."""
    checks = "\n".join(f"{p.get('code')}: {p.get('message')}" for p in finding_parts(finding))
    return f"{finding['reason']}\n{checks}" if finding.get("reason") else checks


def _evidence_text(evidence: dict[str, Any] | None) -> str:
    return "\n".join(f"{lang}: {text}" for lang, text in (evidence or {}).items())


def build_workbook(rows: list[dict[str, Any]], version_langs: list[str]) -> Workbook:
    """The review workbook as an openpyxl ``Workbook`` (``write_xlsx`` saves it)."""
    wb = Workbook()
    wb.properties.creator = "mtqa"
    wb.properties.lastModifiedBy = "mtqa"
    wb.properties.title = "mtqa review"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE

    # --- sentences ---
    ws = wb.active
    ws.title = SENTENCES_SHEET
    with_suppressed = any("suppressed" in r for r in rows)
    names = ["id", "kind", "status", "risk", "quality", "text", *version_langs, "findings"]
    widths = [10, 10, 9, 7, 8, 60, *([50] * len(version_langs)), 60]
    if with_suppressed:
        names.append("suppressed")
        widths.append(11)
    _header(ws, names, widths)
    lang_column = {lang: 7 + i for i, lang in enumerate(version_langs)}
    for r, row in enumerate(rows, 2):
        _set(ws, r, 1, row.get("id"))
        _set(ws, r, 2, row.get("kind"))
        _set(ws, r, 3, row.get("status"))
        _set(ws, r, 4, row.get("risk")).number_format = "0.00"
        _set(ws, r, 5, row.get("quality")).number_format = "0.00"
        if row.get("kind") == "unaligned-version" and row.get("lang") in lang_column:
            _set(ws, r, lang_column[row["lang"]], row.get("text"))  # a version sentence: in its own column
        else:
            _set(ws, r, 6, row.get("text"))
        for lang, column in lang_column.items():
            entry = (row.get("versions") or {}).get(lang)
            if entry:
                _set(ws, r, column, entry.get("text"))
        _set(ws, r, 7 + len(version_langs), _findings_text(row.get("findings") or []))
        if with_suppressed:
            _set(ws, r, 8 + len(version_langs), row.get("suppressed", 0))
        _fill_row(ws, r, len(names), STATUS_FILL.get(row.get("status")))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(len(rows) + 1, 1)}"

    # --- findings ---
    wf = wb.create_sheet(FINDINGS_SHEET)
    _header(wf, FINDINGS_HEADER, [10, 10, 9, 18, 10, 20, 40, 40, 60, 14, 40])
    r = 1
    for row in rows:
        text = row.get("text", "")
        for finding in row.get("findings") or []:
            r += 1
            span = finding.get("span")
            if span is None:
                span = text[finding["start"] : finding["end"]]
            values = (row.get("id"), finding.get("code"), finding.get("severity"), finding.get("category"),
                      finding.get("confidence"), span, _message_text(finding),
                      _evidence_text(finding.get("evidence")), text)
            for column, value in enumerate(values, 1):
                _set(wf, r, column, value)
            wf.cell(row=r, column=5).number_format = "0.00"
            for column in (10, 11):  # decision, comment: empty, for the reviewer
                wf.cell(row=r, column=column).alignment = _WRAP
            _fill_row(wf, r, len(FINDINGS_HEADER), SEVERITY_FILL.get(finding.get("severity")))
    validation = DataValidation(type="list", formula1='"' + ",".join(REVIEW_DECISIONS) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="mtqa decision",
                                error="Choose: " + ", ".join(REVIEW_DECISIONS),
                                showInputMessage=True, promptTitle="decision", prompt=", ".join(REVIEW_DECISIONS))
    validation.add(f"J2:J{max(r, 2)}")
    wf.add_data_validation(validation)
    wf.auto_filter.ref = f"A1:{get_column_letter(len(FINDINGS_HEADER))}{r}"
    return wb


def workbook_bytes(rows: list[dict[str, Any]], version_langs: list[str]) -> bytes:
    """The review workbook as bytes (identical for identical rows)."""
    return _workbook_bytes(build_workbook(rows, version_langs))


def _workbook_bytes(wb: Workbook) -> bytes:
    """Serialise without openpyxl's "modified = now", then re-zip with fixed member timestamps."""
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return fixed.getvalue()


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
