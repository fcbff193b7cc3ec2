"""A self-contained HTML review page for one report: ``render_html(rows, summary, title)``.

The page is one file with inline CSS and JS only (no network, no fonts, no images), so it works
offline and can be attached to a CI run as an artifact. It opens with what a reviewer needs first
(the counts, the gate and the flagged sentences, each with its plain-language reasons and a link
to its row); the sentence table follows, and the details (risk histogram, per-code and per-version
tables, warnings, signature) come last. The CSS names CJK fonts (Noto Sans CJK, WenQuanYi...) so
that Chinese and Japanese render wherever one is installed. Everything a reviewer reads is built here,
in Python: the findings are highlighted at their code-point spans server-side (JS strings are
UTF-16, so splitting there would be wrong after any non-BMP character), and every piece of text
from the report goes through ``html.escape``. The script only shows, hides and reorders rows.

A strict Content-Security-Policy (``default-src 'none'``, scripts and styles allowed by their
SHA-256 hash only) means that even markup that slipped through escaping could neither run nor
load anything.

The page's state can be set from the URL fragment, e.g. ``report.html#status=critical,review&lang=en``;
keys: ``status``, ``severity``, ``category``, ``code`` (a finding must match all three),
``lang`` (visible version columns, comma-separated), ``boilerplate`` (``0`` hides it),
``sort`` (``risk`` or ``doc``), ``q`` (search) and ``keys`` (key presses to replay, e.g. ``jjk``,
which the tests use); ``#r-<row id>`` (what the gate line's and the flagged list's links point to)
scrolls to a sentence's row. JS errors are recorded into ``#js-errors`` and ``body[data-ready]`` is set
once the script has run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
from urllib.parse import quote
from typing import Any, Iterable, Iterator

from mtqa.report.findings import finding_codes, finding_parts, headline

STATUSES = ("ok", "review", "critical")
SEVERITIES = ("critical", "major", "minor")
_SEVERITY_RANK = {"critical": 3, "major": 2, "minor": 1}
HISTOGRAM_BINS = 10
GATE_SHOWN = 5  # failing sentences the gate line quotes a reason for; the rest are listed as links


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


def script_json(data: Any) -> str:
    """JSON safe to place inside a ``<script>`` element (no ``</script>``, no ``<!--``, no JS line breaks)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _attr_json(data: Any) -> str:
    return _e(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _status_class(status: Any) -> str:
    return status if status in STATUSES else "unknown"


def _severity_class(severity: Any) -> str:
    return severity if severity in _SEVERITY_RANK else "other"


def _number(value: Any, digits: int = 2) -> str:
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return "–"


def _risk(row: dict[str, Any]) -> float:
    try:
        return min(max(float(row.get("risk") or 0.0), 0.0), 1.0)
    except (TypeError, ValueError):
        return 0.0


# ---------------------------------------------------------------------------------------------
# Highlighting


def _valid_span(finding: dict[str, Any], length: int) -> tuple[int, int] | None:
    start, end = finding.get("start"), finding.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return None
    if start < 0 or end > length or start > end:
        return None
    return start, end


def highlight(text: str, findings: list[dict[str, Any]], kind: str = "hl") -> str:
    """``text`` as escaped HTML with each finding's span wrapped in a ``<mark>``.

    Offsets are code points (Python indices). Overlapping spans are flattened: the text is cut
    at every span boundary and each piece is marked with all the findings covering it (class of
    the most severe one, data-f listing their indices, the title naming all of them), so marks
    never nest or cross. An empty span (start == end) becomes a small caret mark.
    """
    spans: list[tuple[int, int, int]] = []
    for k, finding in enumerate(findings):
        span = _valid_span(finding, len(text))
        if span is not None:
            spans.append((span[0], span[1], k))
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    out: list[str] = []
    for point_index, point in enumerate(cuts):
        empties = [k for s, e, k in spans if s == e == point]
        if empties:
            out.append(_mark("", empties, findings, kind, empty=True))
        if point_index + 1 == len(cuts):
            break
        nxt = cuts[point_index + 1]
        piece = text[point:nxt]
        covering = [k for s, e, k in spans if s <= point and nxt <= e and s < e]
        out.append(_mark(piece, covering, findings, kind) if covering else _e(piece))
    return "".join(out)


def _mark(piece: str, covering: list[int], findings: list[dict[str, Any]], kind: str, empty: bool = False) -> str:
    worst = max((findings[k].get("severity") for k in covering), key=lambda s: _SEVERITY_RANK.get(s, 0))
    title = "\n".join(headline(findings[k]) for k in covering)
    classes = f"{kind} sev-{_severity_class(worst)}" + (" empty" if empty else "") + (" multi" if len(covering) > 1 else "")
    content = "\u2038" if empty else _e(piece)
    return (f'<mark class="{classes}" data-f="{" ".join(str(k) for k in covering)}" '
            f'title="{_e(title)}">{content}</mark>')


# ---------------------------------------------------------------------------------------------
# Pieces of the page


def _version_langs(rows: list[dict[str, Any]], summary: dict[str, Any]) -> list[str]:
    langs: list[str] = [str(lang) for lang in (summary.get("versions") or {})]
    target_lang = (summary.get("target") or {}).get("lang")
    for row in rows:
        candidates = list(row.get("versions") or {})
        if row.get("kind") == "unaligned-version":
            candidates.append(row.get("lang"))
        for lang in candidates:
            if lang is not None and str(lang) not in langs and lang != target_lang:
                langs.append(str(lang))
    return langs


def _quoted_span(finding: dict[str, Any], text: str) -> str:
    span = _valid_span(finding, len(text))
    if span is None:
        return "no span"
    quoted = text[span[0]:span[1]]
    shown = quoted if len(quoted) <= 60 else quoted[:57] + "…"
    return f"characters {span[0]}–{span[1]}" + (f" «{_e(shown)}»" if quoted else "")


def _evidence_text(evidence: Any) -> str:
    if not isinstance(evidence, dict) or not evidence:
        return ""
    return " · ".join(f"{_e(lang)}: {_e(value)}" for lang, value in sorted(evidence.items()) if value)


def _check_item(part: dict[str, Any]) -> str:
    """One check's own finding inside a (merged) finding: its code, severity, message and evidence."""
    evidence = _evidence_text(part.get("evidence"))
    return (f'<li><span class="code">{_e(part.get("code"))}</span> {_e(part.get("severity"))}: '
            f'{_e(part.get("message"))}' + (f' <span class="evid">(evidence {evidence})</span>' if evidence else "")
            + f' <span class="conf">confidence {_number(part.get("confidence"))}</span></li>')


def _finding_item(k: int, f: dict[str, Any], text: str) -> str:
    codes = finding_codes(f)
    reason = f.get("reason") or f.get("message")
    detail = (f'<span class="code">{_e(" + ".join(codes))}</span> · <span class="sev">{_e(f.get("severity"))}</span>'
              f' · <span class="cat">{_e(f.get("category"))}</span>'
              f' · <span class="where" title="code-point offsets into the sentence">{_quoted_span(f, text)}</span>'
              f' · <span class="conf">confidence {_number(f.get("confidence"))}</span>')
    parts = finding_parts(f)
    checks = (f'<details class="checks"><summary>what each check found ({len(parts)})</summary><ul>'
              + "".join(_check_item(p) for p in parts) + "</ul></details>")
    return (f'<li class="finding sev-{_severity_class(f.get("severity"))}" data-k="{k}">'
            f'<div class="reason">{_e(reason)}</div><div class="detail">{detail}</div>{checks}</li>')


def _finding_list(findings: list[dict[str, Any]], text: str) -> str:
    if not findings:
        return ""
    return '<ul class="findings">' + "".join(_finding_item(k, f, text) for k, f in enumerate(findings)) + "</ul>"


def evidence_marks(lang: str, text: str, findings: list[dict[str, Any]]) -> str:
    """A version's text as escaped HTML with what the findings quote from it highlighted.

    A check's evidence for a version is the version's own wording (a name, a number) or a score;
    the wording is found in the version's text (first occurrence; "万物 (wan wu)" is looked up
    as "万物") and marked with the finding's severity. Scores are not in the text and mark nothing.
    """
    marks: list[dict[str, Any]] = []
    for finding in findings:
        spans = sorted({span for part in finding_parts(finding) if (span := _evidence_span(text, part, lang))})
        marks += [{"codes": finding_codes(finding), "severity": finding.get("severity"),
                   "reason": finding.get("reason") or finding.get("message"), "start": start, "end": end}
                  for start, end in spans]
    return highlight(text, marks, "ev")


def _evidence_span(text: str, part: dict[str, Any], lang: str) -> tuple[int, int] | None:
    evidence = part.get("evidence")
    value = evidence.get(lang) if isinstance(evidence, dict) else None
    if not isinstance(value, str):
        return None
    for wording in dict.fromkeys((value.strip(), value.split(" (")[0].strip())):
        if wording and wording != text.strip():
            # a whole word or number: "7" must not light up inside "2017"
            found = re.search(r"(?<![\w.,])" + re.escape(wording) + r"(?![\w])", text) or re.search(re.escape(wording), text)
            if found:
                return found.span()
    return None


def _version_cell(lang: str, entry: dict[str, Any] | None, same_as_above: bool, findings: list[dict[str, Any]]) -> str:
    if not entry:
        return f'<td class="vcol" data-lang="{_e(lang)}"><span class="none">—</span></td>'
    text = entry.get("text") or ""
    meta = (f'<span class="al" title="alignment: target sentences-version sentences">{_e(entry.get("alignment"))}</span>'
            f' · similarity {_number(entry.get("similarity"))}'
            f' <span title="the same under the e5 encoder, a second opinion">'
            f'(e5 {_number(entry.get("similarity_second"))})</span>'
            f' · alignment confidence {_number(entry.get("confidence"))}')
    marked = evidence_marks(lang, text, findings)
    body = (f'<div class="vtext{" cont" if same_as_above else ""}" lang="{_e(lang)}">{marked}</div>'
            if text else '<div class="vtext none">— no counterpart —</div>')
    note = '<span class="contnote">(same unit as the previous sentence)</span> ' if same_as_above else ""
    return f'<td class="vcol" data-lang="{_e(lang)}">{body}<div class="meta">{note}{meta}</div></td>'


def _row_html(order: int, row: dict[str, Any], langs: list[str], previous_units: dict[str, Any]) -> str:
    kind = row.get("kind")
    status = row.get("status")
    risk = _risk(row)
    text = str(row.get("text") or "")
    findings = [f for f in (row.get("findings") or []) if isinstance(f, dict)]
    boiler = row.get("boilerplate")
    flagged = status in ("review", "critical")
    # a merged finding matches the code filter by any of its checks' codes
    triples = [[str(f.get("severity")), str(f.get("category")), code] for f in findings for code in finding_codes(f)]
    classes = ["row", f"kind-{'target' if kind == 'target' else 'unaligned'}", f"st-{_status_class(status)}"]
    if boiler:
        classes.append("boilerplate")
    attrs = (f'id="r-{_e(row.get("id"))}" class="{" ".join(classes)}" data-order="{order}" '
             f'data-status="{_e(status)}" data-risk="{risk:.4f}" data-flagged="{1 if flagged else 0}" '
             f'data-lang="{_e(row.get("lang"))}" data-f="{_attr_json(triples)}"')
    quality = row.get("quality")
    badge = (f'<span class="badge st-{_status_class(status)}">{_e(status)}</span>'
             f'<div class="risk" title="risk: 0 fine .. 1 almost surely wrong, from the findings">risk {risk:.2f}</div>'
             + (f'<div class="quality" title="estimated quality (QE model): 0 bad .. 1 good">quality {float(quality):.2f}</div>'
                if isinstance(quality, (int, float)) else ""))
    label = f'<div class="rid">{_e(row.get("id"))}</div>'
    bp = f'<div class="bp" title="boilerplate">{_e(boiler)}</div>' if boiler else ""
    if kind == "unaligned-version":
        lang = str(row.get("lang"))
        cells = ['<td class="tcol"><span class="none">—</span></td>']
        for vlang in langs:
            if vlang == lang:
                cells.append(f'<td class="vcol" data-lang="{_e(vlang)}"><span class="unaligned">unaligned</span>'
                             f'<div class="vtext" lang="{_e(lang)}">{_e(text)}</div>'
                             f'<div class="meta">no target counterpart · conf {_number(row.get("confidence"))}</div></td>')
            else:
                cells.append(f'<td class="vcol" data-lang="{_e(vlang)}"></td>')
        return f'<tr {attrs}><td class="idcol">{label}{bp}</td><td class="stcol">{badge}</td>{"".join(cells)}</tr>'
    versions = row.get("versions") or {}
    cells = [f'<td class="tcol"><div class="text" lang="{_e(row.get("lang"))}">{highlight(text, findings)}</div>'
             f'{_finding_list(findings, text)}</td>']
    for vlang in langs:
        entry = versions.get(vlang)
        unit = (entry or {}).get("sentences")
        same = bool(entry and unit and previous_units.get(vlang) == unit)
        previous_units[vlang] = unit
        cells.append(_version_cell(vlang, entry, same, findings))
    return f'<tr {attrs}><td class="idcol">{label}{bp}</td><td class="stcol">{badge}</td>{"".join(cells)}</tr>'


def risk_histogram(risks: Iterable[float]) -> str:
    """An inline SVG bar chart of the risks in ``HISTOGRAM_BINS`` equal bins over 0..1."""
    counts = [0] * HISTOGRAM_BINS
    for risk in risks:
        counts[min(int(risk * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)] += 1
    width, height, bar, top, bottom = 40 * HISTOGRAM_BINS + 20, 150, 36, 20, 20
    biggest = max(counts) or 1
    parts = [f'<svg id="histogram" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="risk histogram">']
    usable = height - top - bottom
    for i, count in enumerate(counts):
        h = round(usable * count / biggest, 1)
        x = 10 + 40 * i
        y = round(top + usable - h, 1)
        red = round(60 + 180 * i / (HISTOGRAM_BINS - 1))
        green = round(170 - 130 * i / (HISTOGRAM_BINS - 1))
        lo, hi = i / HISTOGRAM_BINS, (i + 1) / HISTOGRAM_BINS
        parts.append(f'<rect class="bin" data-count="{count}" x="{x}" y="{y}" width="{bar}" height="{h}" '
                     f'fill="rgb({red},{green},70)"><title>risk {lo:.1f}–{hi:.1f}: {count}</title></rect>')
        parts.append(f'<text x="{x + bar / 2}" y="{y - 4}" text-anchor="middle" font-size="11">{count}</text>')
        parts.append(f'<text x="{x}" y="{height - 5}" font-size="10">{lo:.1f}</text>')
    parts.append(f'<text x="{width - 24}" y="{height - 5}" font-size="10">1.0</text></svg>')
    return "".join(parts)


def row_link(row_id: Any) -> str:
    """A link to a sentence's row (``#r-<id>``; the id percent-encoded, as a URL fragment needs)."""
    return f'<a class="rowlink" href="#r-{_e(quote(str(row_id), safe=":/~|"))}">{_e(row_id)}</a>'


def _gate_html(gate: dict[str, Any]) -> str:
    """The gate's verdict, then each failing sentence (linked to its row) with its reasons, as sentences."""
    passed = bool(gate.get("passed"))
    failures = gate.get("failures") if isinstance(gate.get("failures"), dict) else {}
    verdict = (f'<p class="gate">Gate ({_e(gate.get("settings"))}): <b class="{"pass" if passed else "fail"}">'
               f'{"passed" if passed else "failed"}</b>'
               + (f" for {len(failures)} sentence{'s' if len(failures) != 1 else ''}:" if failures else ".") + "</p>")
    if not failures:
        return verdict
    items = []
    for row_id, reasons in list(failures.items())[:GATE_SHOWN]:
        reasons = reasons if isinstance(reasons, list) else [reasons]
        more = f' <span class="more">(and {len(reasons) - 1} more)</span>' if len(reasons) > 1 else ""
        items.append(f"<li>{row_link(row_id)}: {_e(reasons[0] if reasons else '')}{more}</li>")
    rest = list(failures)[GATE_SHOWN:]
    if rest:  # the rest as links only, so that the flagged sentences stay on the first screen
        items.append(f"<li>and {len(rest)} more: " + ", ".join(row_link(row_id) for row_id in rest) + "</li>")
    return verdict + '<ul class="gate-failures">' + "".join(items) + "</ul>"


def _status_counts(rows: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    target_rows = [r for r in rows if r.get("kind") == "target"]
    counts = summary.get("status") or {s: sum(1 for r in target_rows if r.get("status") == s) for s in STATUSES}
    findings = summary.get("findings", sum(len(r.get("findings") or []) for r in target_rows))
    return ('<div class="counts">' + "".join(
        f'<span class="badge st-{s}">{s}</span> <b id="count-{s}">{_e(counts.get(s, 0))}</b> ' for s in STATUSES)
        + f"· findings <b>{_e(findings)}</b></div>")


def _flagged_item(row: dict[str, Any]) -> str:
    findings = sorted((f for f in row.get("findings") or [] if isinstance(f, dict)),
                      key=lambda f: -_SEVERITY_RANK.get(f.get("severity"), 0))
    reasons = "".join(f'<li class="sev-{_severity_class(f.get("severity"))}">{_e(f.get("reason") or f.get("message"))} '
                      f'<span class="code">{_e(" + ".join(finding_codes(f)))}</span></li>' for f in findings)
    return (f'<tr class="frow st-{_status_class(row.get("status"))}"><td class="fid">{row_link(row.get("id"))}</td>'
            f'<td><span class="badge st-{_status_class(row.get("status"))}">{_e(row.get("status"))}</span></td>'
            f'<td><ul class="freasons">{reasons or "<li>risk above the review threshold</li>"}</ul></td></tr>')


def _overview_html(rows: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    """What a reviewer needs first: the counts, the gate, and every flagged sentence with its reasons."""
    flagged = [r for r in rows if r.get("kind") == "target" and r.get("status") in ("review", "critical")]
    parts = ['<section id="overview">', _status_counts(rows, summary)]
    if isinstance(summary.get("gate"), dict):
        parts.append(_gate_html(summary["gate"]))
    parts.append(f'<h2>Flagged sentences ({len(flagged)})</h2>')
    parts.append('<table id="flagged">' + "".join(_flagged_item(r) for r in flagged) + "</table>"
                 if flagged else '<p class="none">No sentence is flagged.</p>')
    parts.append("</section>")
    return "".join(parts)


def _summary_html(rows: list[dict[str, Any]], summary: dict[str, Any], langs: list[str]) -> str:
    """The details below the sentences: what was read, the risk histogram, per-code and per-version tables, the signature."""
    target_rows = [r for r in rows if r.get("kind") == "target"]
    target = summary.get("target") or {}
    parts = ['<section id="summary"><h2>Details</h2>']
    parts.append(f'<p class="target">Target <b>{_e(target.get("lang"))}</b>'
                 + (f' (<code>{_e(target.get("file"))}</code>)' if target.get("file") else "")
                 + f': {_e(target.get("sentences", len(target_rows)))} sentences; versions: '
                 + (", ".join(f"<b>{_e(lang)}</b>" for lang in langs) or "none") + "</p>")
    parts.append('<div class="panels"><div class="panel"><h3>Risk histogram</h3>'
                 + risk_histogram(_risk(r) for r in target_rows) + "</div>")
    per_code: dict[str, dict[str, Any]] = {}
    for row in target_rows:
        for f in row.get("findings") or []:
            for part in finding_parts(f):
                info = per_code.setdefault(str(part.get("code")), {"n": 0, "sev": set(), "cat": set()})
                info["n"] += 1
                info["sev"].add(str(part.get("severity")))
                info["cat"].add(str(part.get("category")))
    code_rows = "".join(
        f'<tr><td><code>{_e(code)}</code></td><td class="num">{info["n"]}</td>'
        f'<td>{_e(", ".join(sorted(info["sev"])))}</td><td>{_e(", ".join(sorted(info["cat"])))}</td></tr>'
        for code, info in sorted(per_code.items()))
    parts.append('<div class="panel"><h3>Checks that fired, per code</h3><table id="codes"><tr><th>code</th><th>n</th>'
                 '<th>severity</th><th>category</th></tr>' + (code_rows or '<tr><td colspan="4">none</td></tr>')
                 + "</table></div>")
    version_rows = ""
    for lang, info in (summary.get("versions") or {}).items():
        if not isinstance(info, dict):
            continue
        kinds = ", ".join(f"{_e(k)}: {_e(v)}" for k, v in (info.get("alignment_types") or {}).items())
        version_rows += (f'<tr><td><b>{_e(lang)}</b></td><td class="num">{_e(info.get("sentences"))}</td><td>{kinds}</td>'
                         f'<td class="num">{_e(info.get("target_unaligned"))}/{_e(info.get("version_unaligned"))}</td>'
                         f'<td class="num">{_number(info.get("mean_similarity"))}</td>'
                         f'<td class="num">{_e(info.get("low_confidence_units"))}</td></tr>')
    if version_rows:
        parts.append('<div class="panel"><h3>Versions</h3><table id="versions"><tr><th>lang</th><th>sentences</th>'
                     '<th>alignment</th><th>unaligned t/v</th><th>mean sim</th><th>low conf</th></tr>'
                     + version_rows + "</table></div>")
    parts.append("</div>")
    warnings = [(target.get("lang"), w) for w in target.get("warnings") or []]
    for lang, info in (summary.get("versions") or {}).items():
        if isinstance(info, dict):
            warnings += [(lang, w) for w in info.get("warnings") or []]
    parts.append('<div id="warnings"><h3>Warnings</h3>' + (
        "<ul>" + "".join(f"<li><b>{_e(lang)}</b>: {_e(w)}</li>" for lang, w in warnings) + "</ul>"
        if warnings else "<p>none</p>") + "</div>")
    parts.append(f'<p class="sig">Signature: <code id="signature">{_e(summary.get("signature"))}</code></p>')
    parts.append("</section>")
    return "".join(parts)


def _controls_html(rows: list[dict[str, Any]], langs: list[str]) -> str:
    findings = [f for r in rows for f in (r.get("findings") or []) if isinstance(f, dict)]
    severities = sorted({str(f.get("severity")) for f in findings}, key=lambda s: (-_SEVERITY_RANK.get(s, 0), s))
    categories = sorted({str(f.get("category")) for f in findings})
    codes = sorted({code for f in findings for code in finding_codes(f)})

    def select(name: str, values: list[str]) -> str:
        options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
        return f'<label>{name} <select id="f-{name}"><option value="">any</option>{options}</select></label>'

    status_boxes = "".join(f'<label class="chk"><input type="checkbox" class="f-status" value="{s}" checked> '
                           f'<span class="badge st-{s}">{s}</span></label>' for s in STATUSES)
    lang_boxes = "".join(f'<label class="chk"><input type="checkbox" class="f-lang" value="{_e(lang)}" checked> '
                         f'{_e(lang)}</label>' for lang in langs)
    return ('<section id="controls"><div class="group">Status ' + status_boxes + "</div>"
            '<div class="group">' + select("severity", severities) + select("category", categories)
            + select("code", codes) + "</div>"
            '<div class="group">Versions ' + (lang_boxes or "none") + "</div>"
            '<div class="group"><label class="chk"><input type="checkbox" id="f-boilerplate" checked> boilerplate</label>'
            '<button type="button" id="sort-toggle" data-sort="doc">Sort by risk</button>'
            '<input type="search" id="f-q" placeholder="search text and findings" size="28">'
            '<span id="shown-count"></span></div>'
            '<div class="help">Keys: <kbd>j</kbd>/<kbd>n</kbd> next flagged sentence, <kbd>k</kbd>/<kbd>p</kbd> previous.</div>'
            "</section>")


_CSS = """
:root{--ok:#2e7d32;--review:#b26a00;--critical:#c62828;--line:#ddd;--muted:#777}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Noto Sans CJK JP","Source Han Sans SC","WenQuanYi Micro Hei","WenQuanYi Zen Hei","PingFang SC","Hiragino Sans","Microsoft YaHei","Yu Gothic",sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:12px 20px;background:#263238;color:#fff}
header h1{font-size:18px;margin:0}
#overview,#summary,#controls{padding:8px 20px;background:#fff;border-bottom:1px solid var(--line)}
#overview h2,#summary h2{font-size:15px;margin:8px 0 4px}
#flagged{border-collapse:collapse;font-size:13px}
#flagged td{vertical-align:top;padding:2px 8px 2px 0;border-bottom:1px solid #eee}
ul.freasons,ul.gate-failures{margin:0;padding-left:16px}
ul.freasons .code,.gate-failures .more{color:var(--muted);font-size:11px;font-family:ui-monospace,monospace}
ul.freasons li.sev-critical::marker{color:var(--critical)}ul.freasons li.sev-major::marker{color:var(--review)}
a.rowlink{font-family:ui-monospace,monospace}
tr.row{scroll-margin-top:110px}
tr.row:target td{background:#e3f2fd}
#controls{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center}
#controls .help{color:var(--muted);font-size:12px}
.group{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.chk{white-space:nowrap}
.panels{display:flex;flex-wrap:wrap;gap:16px}
.panel h3,#warnings h3{font-size:13px;margin:8px 0 4px}
.panel table{border-collapse:collapse;font-size:12px}
.panel td,.panel th{border:1px solid var(--line);padding:2px 6px;text-align:left}
.num{text-align:right}
.sig code{word-break:break-all;font-size:11px;color:#444}
.gate .pass{color:var(--ok)}.gate .fail{color:var(--critical)}
.badge{display:inline-block;padding:0 6px;border-radius:8px;color:#fff;font-size:11px;font-weight:600;text-transform:uppercase}
.badge.st-ok{background:var(--ok)}.badge.st-review{background:var(--review)}.badge.st-critical{background:var(--critical)}.badge.st-unknown{background:#555}
#sentences{border-collapse:collapse;width:100%;table-layout:fixed;background:#fff}
#sentences th{position:sticky;top:0;background:#eceff1;text-align:left;padding:4px 6px;border-bottom:2px solid #b0bec5}
#sentences td{vertical-align:top;padding:5px 6px;border-bottom:1px solid var(--line)}
#sentences col.idc{width:70px}#sentences col.stc{width:74px}
.rid{font-family:ui-monospace,monospace;font-size:11px;color:var(--muted)}
.bp{font-size:10px;color:var(--muted);font-style:italic}
.risk,.quality{font-family:ui-monospace,monospace;font-size:12px}
tr.boilerplate td{opacity:.5}
tr.kind-unaligned{background:#fff8e1}
tr.st-critical td.stcol{border-left:4px solid var(--critical)}
tr.st-review td.stcol{border-left:4px solid var(--review)}
tr.focused td{background:#e3f2fd}
tr.focused td.idcol{box-shadow:inset 4px 0 0 #1565c0}
tr:focus{outline:none}
.hidden{display:none}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:15px}
.vtext{white-space:pre-wrap;overflow-wrap:anywhere}
.vtext.cont{color:var(--muted)}
.meta{font-size:11px;color:var(--muted)}
.contnote{font-style:italic}
.none{color:#aaa}
.unaligned{display:inline-block;font-size:10px;font-weight:700;color:#fff;background:#8d6e63;border-radius:4px;padding:0 4px;text-transform:uppercase}
mark.hl{padding:0 1px;border-radius:2px;border-bottom:2px solid}
mark.sev-critical{background:#ffcdd2;border-color:var(--critical)}
mark.sev-major{background:#ffe0b2;border-color:var(--review)}
mark.sev-minor,mark.sev-other{background:#fff9c4;border-color:#c0a000}
mark.multi{box-shadow:inset 0 -2px 0 #6a1b9a}
mark.empty{background:none;color:var(--critical);font-weight:700}
mark.ev{padding:0 1px;border-radius:2px;background:#e1f5fe;border-bottom:2px dashed}
mark.ev.sev-critical{border-color:var(--critical)}mark.ev.sev-major{border-color:var(--review)}mark.ev.sev-minor{border-color:#c0a000}
ul.findings{margin:4px 0 0;padding-left:18px;font-size:12px}
.finding .code{font-family:ui-monospace,monospace;font-weight:700}
.finding .sev{font-weight:600}
.finding.sev-critical .sev{color:var(--critical)}.finding.sev-major .sev{color:var(--review)}
.finding .reason{font-size:13px}
.finding .detail,.finding .checks{font-size:11px;color:var(--muted)}
.finding .checks summary{cursor:pointer}
.finding .cat,.finding .where,.finding .conf,.finding .evid{color:var(--muted)}
#js-errors{color:var(--critical)}
"""

_ERROR_JS = """
window.mtqaErrors=[];
window.addEventListener('error',function(ev){
  var box=document.getElementById('js-errors');
  var msg=String(ev.message||ev.type)+' @'+String(ev.lineno||'');
  window.mtqaErrors.push(msg);
  if(box){box.textContent+=msg+'\\n';box.setAttribute('data-count',String(window.mtqaErrors.length));}
});
"""

_MAIN_JS = r"""
(function(){
'use strict';
var table=document.getElementById('sentences');
var tbody=table.tBodies[0];
var rows=Array.prototype.slice.call(tbody.rows);
var info=rows.map(function(tr){return {tr:tr,order:+tr.getAttribute('data-order'),risk:+tr.getAttribute('data-risk'),
  status:tr.getAttribute('data-status'),lang:tr.getAttribute('data-lang'),unaligned:tr.classList.contains('kind-unaligned'),
  boiler:tr.classList.contains('boilerplate'),f:JSON.parse(tr.getAttribute('data-f')||'[]'),text:tr.textContent.toLowerCase()};});
function $(id){return document.getElementById(id);}
function all(sel){return Array.prototype.slice.call(document.querySelectorAll(sel));}
var sortMode='doc';
function state(){
  var st={};
  st.status=all('.f-status').filter(function(b){return b.checked;}).map(function(b){return b.value;});
  st.langs=all('.f-lang').filter(function(b){return b.checked;}).map(function(b){return b.value;});
  st.severity=$('f-severity').value;st.category=$('f-category').value;st.code=$('f-code').value;
  st.boilerplate=$('f-boilerplate').checked;st.q=$('f-q').value.trim().toLowerCase();st.sort=sortMode;
  return st;
}
function matches(r,st){
  if(st.status.indexOf(r.status)<0)return false;
  if(!st.boilerplate&&r.boiler)return false;
  if(r.unaligned&&st.langs.indexOf(r.lang)<0)return false;
  if(st.severity||st.category||st.code){
    var ok=r.f.some(function(t){return (!st.severity||t[0]===st.severity)&&(!st.category||t[1]===st.category)&&(!st.code||t[2]===st.code);});
    if(!ok)return false;
  }
  if(st.q&&r.text.indexOf(st.q)<0)return false;
  return true;
}
function apply(noHash){
  var st=state(),shown=0;
  info.forEach(function(r){var m=matches(r,st);r.tr.classList.toggle('hidden',!m);if(m)shown++;});
  all('#sentences [data-lang]').forEach(function(c){if(c.tagName!=='TR')c.classList.toggle('hidden',st.langs.indexOf(c.getAttribute('data-lang'))<0);});
  var ordered=info.slice();
  if(st.sort==='risk')ordered.sort(function(a,b){return (b.risk-a.risk)||(a.order-b.order);});
  else ordered.sort(function(a,b){return a.order-b.order;});
  ordered.forEach(function(r){tbody.appendChild(r.tr);});
  var btn=$('sort-toggle');btn.setAttribute('data-sort',st.sort);
  btn.textContent=st.sort==='risk'?'Document order':'Sort by risk';
  $('shown-count').textContent=shown+' of '+info.length+' rows shown';
  table.setAttribute('data-shown',String(shown));
  if(!noHash)writeHash(st);
}
function writeHash(st){
  var parts=[];
  if(st.status.length!==3)parts.push('status='+st.status.join(','));
  ['severity','category','code'].forEach(function(k){if(st[k])parts.push(k+'='+encodeURIComponent(st[k]));});
  if(st.langs.length!==all('.f-lang').length)parts.push('lang='+st.langs.map(encodeURIComponent).join(','));
  if(!st.boilerplate)parts.push('boilerplate=0');
  if(st.sort==='risk')parts.push('sort=risk');
  if(st.q)parts.push('q='+encodeURIComponent(st.q));
  try{history.replaceState(null,'',parts.length?'#'+parts.join('&'):location.pathname+location.search);}catch(e){}
}
function setSelect(sel,v){for(var i=0;i<sel.options.length;i++){if(sel.options[i].value===v){sel.value=v;return;}}}
function readHash(){
  var h=location.hash.replace(/^#/,''),p={},keys='';
  if(!h)return '';
  h.split('&').forEach(function(kv){var i=kv.indexOf('=');if(i<0)return;
    var k=kv.slice(0,i),v;try{v=decodeURIComponent(kv.slice(i+1).replace(/\+/g,' '));}catch(e){v='';}p[k]=v;});
  if('status' in p){var s=p.status.split(',');all('.f-status').forEach(function(b){b.checked=s.indexOf(b.value)>=0;});}
  if('lang' in p){var l=p.lang.split(',');all('.f-lang').forEach(function(b){b.checked=l.indexOf(b.value)>=0;});}
  ['severity','category','code'].forEach(function(k){if(k in p)setSelect($('f-'+k),p[k]);});
  if('boilerplate' in p)$('f-boilerplate').checked=p.boilerplate!=='0';
  if('sort' in p)sortMode=p.sort==='risk'?'risk':'doc';
  if('q' in p)$('f-q').value=p.q;
  if('keys' in p)keys=p.keys;
  return keys;
}
var focused=null;
function move(dir){
  var flagged=Array.prototype.slice.call(tbody.rows).filter(function(tr){return tr.getAttribute('data-flagged')==='1'&&!tr.classList.contains('hidden');});
  if(!flagged.length)return;
  var i=focused?flagged.indexOf(focused):-1,next;
  if(i<0){
    if(focused){ /* focused row now hidden: go to the nearest flagged row after/before it in view order */
      var pos=Array.prototype.indexOf.call(tbody.rows,focused);
      var after=flagged.filter(function(tr){return Array.prototype.indexOf.call(tbody.rows,tr)>pos;});
      var before=flagged.filter(function(tr){return Array.prototype.indexOf.call(tbody.rows,tr)<pos;});
      next=dir>0?(after[0]||flagged[flagged.length-1]):(before[before.length-1]||flagged[0]);
    }else next=dir>0?flagged[0]:flagged[flagged.length-1];
  }else next=flagged[Math.min(Math.max(i+dir,0),flagged.length-1)];
  if(focused){focused.classList.remove('focused');focused.removeAttribute('aria-current');}
  focused=next;focused.classList.add('focused');focused.setAttribute('aria-current','true');
  focused.setAttribute('tabindex','-1');
  try{focused.focus({preventScroll:true});}catch(e){}
  focused.scrollIntoView({block:'center'});
  table.setAttribute('data-focused',focused.id);
}
function onKey(ev){
  if(ev.ctrlKey||ev.metaKey||ev.altKey)return;
  var t=ev.target&&ev.target.tagName;
  if(t==='INPUT'||t==='SELECT'||t==='TEXTAREA')return;
  if(ev.key==='j'||ev.key==='n'){move(1);ev.preventDefault();}
  else if(ev.key==='k'||ev.key==='p'){move(-1);ev.preventDefault();}
}
document.addEventListener('keydown',onKey);
all('.f-status,.f-lang,#f-boilerplate,#f-severity,#f-category,#f-code').forEach(function(el){el.addEventListener('change',function(){apply();});});
$('f-q').addEventListener('input',function(){apply();});
$('sort-toggle').addEventListener('click',function(){sortMode=sortMode==='risk'?'doc':'risk';apply();});
window.addEventListener('hashchange',function(){readHash();apply(true);});
var replay=readHash();
apply(true);
for(var i=0;i<replay.length;i++){document.dispatchEvent(new KeyboardEvent('keydown',{key:replay.charAt(i),bubbles:true}));}
document.body.setAttribute('data-ready','1');
})();
"""


def render_html(rows: list[dict], summary: dict, title: str) -> str:
    """One self-contained HTML page reviewing ``rows`` (sentences.jsonl) with ``summary`` (summary.json)."""
    return "".join(html_pieces(rows, summary, title))


def html_pieces(rows: list[dict], summary: dict, title: str) -> Iterator[str]:
    """``render_html``'s page in pieces (the head, each row, the tail), to be written as they are made."""
    summary = summary or {}
    langs = _version_langs(rows, summary)
    target_lang = (summary.get("target") or {}).get("lang") or next(
        (r.get("lang") for r in rows if r.get("kind") == "target"), "")
    previous_units: dict[str, Any] = {}
    header_cells = (f'<th>id</th><th>status</th><th class="tcol">target <b>{_e(target_lang)}</b></th>'
                    + "".join(f'<th class="vcol" data-lang="{_e(lang)}">{_e(lang)}</th>' for lang in langs))
    cols = '<col class="idc"><col class="stc"><col>' + "".join("<col>" for _ in langs)
    csp = ("default-src 'none'; script-src " + _sha256(_ERROR_JS) + " " + _sha256(_MAIN_JS)
           + "; style-src " + _sha256(_CSS) + "; img-src data:; base-uri 'none'; form-action 'none'")
    yield (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)}</title>"
        f"<style>{_CSS}</style>"
        f"<script>{_ERROR_JS}</script>"
        "</head>\n<body>"
        f'<header><h1>{_e(title)}</h1></header>'
        f"{_overview_html(rows, summary)}"
        f"{_controls_html(rows, langs)}"
        f'<table id="sentences"><colgroup>{cols}</colgroup><thead><tr>{header_cells}</tr></thead>\n<tbody>\n'
    )
    for order, row in enumerate(rows):  # one row per line
        yield ("\n" if order else "") + _row_html(order, row, langs, previous_units)
    yield ("\n</tbody></table>"
           f"{_summary_html(rows, summary, langs)}"
           '<pre id="js-errors" class="hidden" data-count="0"></pre>'
           f"<script>{_MAIN_JS}</script>"
           "</body></html>\n")
