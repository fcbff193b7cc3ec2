"""The index of a run of many documents: one entry per document, and the run's own files.

``index.jsonl`` has one entry per document (in the run's order), ``index.html`` the same as a
table linking each report, ``summary.json`` the run's totals and the gate's verdict, naming the
documents that fail it and those whose input was bad. None of them holds a time or a duration, so
the same documents and options give the same files, whether checked at once, resumed or on a cluster.
"""

from __future__ import annotations

from html import escape
from typing import Callable
from urllib.parse import quote

from mtqa.wording import plural

STATUSES = ("ok", "review", "critical")
FAILING_SHOWN = 10  # failing sentence ids an entry lists; the document's own report has them all


def document_entry(name: str, counts: dict, gate) -> dict:
    """A checked document's entry, from its report's counts and gate verdict (``mtqa.gate.GateResult``)."""
    status = counts["status"]
    worst = next((s for s in reversed(STATUSES) if status[s]), "ok")
    return {"document": name, "report": f"{name}/", "target": counts["target"]["file"],
            "target_lang": counts["target"]["lang"], "versions": list(counts["versions"]), "status": worst,
            "sentences": counts["target"]["sentences"], **{s: status[s] for s in STATUSES},
            "findings": counts["findings"],
            "gate": {"passed": gate.passed, "failing_sentences": len(gate.failures),
                     "first_failing": list(gate.failures)[:FAILING_SHOWN]},
            "error": None}


def error_entry(name: str, target: str, message: str) -> dict:
    """The entry of a document whose input was bad: no report, the one-line error instead."""
    return {"document": name, "report": None, "target": target, "target_lang": None, "versions": [],
            "status": "error", "sentences": 0, **{s: 0 for s in STATUSES}, "findings": 0,
            "gate": None, "error": message}


def run_summary(entries: list[dict], gate_settings: str) -> dict:
    """The run's totals: documents by status, sentences by status, findings, the gate, the bad inputs."""
    checked = [e for e in entries if e["error"] is None]
    failing = [e["document"] for e in checked if not e["gate"]["passed"]]
    return {"documents": len(entries),
            "status": {s: sum(e["status"] == s for e in entries) for s in (*STATUSES, "error")},
            "sentences": {"total": sum(e["sentences"] for e in checked),
                          **{s: sum(e[s] for e in checked) for s in STATUSES}},
            "findings": sum(e["findings"] for e in checked),
            "gate": {"settings": gate_settings, "passed": not failing, "failing_documents": failing},
            "input_errors": [{"document": e["document"], "error": e["error"]} for e in entries if e["error"]]}


def index_files(entries: list[dict], summary: dict, title: str, report_file: str | None) -> dict[str, Callable[[], str]]:
    """The run's files by name, each as a function that makes it (as ``mtqa.pipeline.render`` gives
    a report's); ``report_file`` is the page each document's link opens (its folder where None)."""
    from mtqa.report.writers import json_text, jsonl_text

    return {"index.jsonl": lambda: jsonl_text(entries), "summary.json": lambda: json_text(summary),
            "index.html": lambda: index_html(entries, summary, title, report_file)}


def summary_line(summary: dict) -> str:
    """``12 documents: 8 ok, 3 review, 1 critical, 0 with an input error; 340 sentences, 27 findings``."""
    status = summary["status"]
    return (f"{plural(summary['documents'], 'document')}: {status['ok']} ok, {status['review']} review, "
            f"{status['critical']} critical, {status['error']} with an input error; "
            f"{plural(summary['sentences']['total'], 'sentence')}, {plural(summary['findings'], 'finding')}")


def index_html(entries: list[dict], summary: dict, title: str, report_file: str | None) -> str:
    """A self-contained page: the run's totals and gate, then one table row per document, linked."""
    gate = summary["gate"]
    verdict = ("passed" if gate["passed"] else
               f"failed by {plural(len(gate['failing_documents']), 'document')}") if gate["settings"] != "none" else "not set"
    rows = "\n".join(_html_row(entry, report_file) for entry in entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: left; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
.critical, .error {{ color: #b00020; font-weight: bold; }}
.review {{ color: #8a5a00; }}
</style>
</head>
<body>
<h1>{escape(title)}</h1>
<p>{escape(summary_line(summary))}.</p>
<p>Gate ({escape(gate['settings'])}): {escape(verdict)}.</p>
<table>
<thead><tr><th>document</th><th>status</th><th>target</th><th>versions</th><th>sentences</th><th>ok</th><th>review</th><th>critical</th><th>findings</th><th>gate</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _html_row(entry: dict, report_file: str | None) -> str:
    name = escape(entry["document"])
    status = entry["status"]
    if entry["error"] is not None:
        return (f'<tr><td>{name}</td><td class="error">error</td><td>{escape(entry["target"])}</td>'
                f'<td colspan="7" class="error">{escape(entry["error"])}</td></tr>')
    link = quote(entry["report"]) + quote(report_file or "")
    gate = "passed" if entry["gate"]["passed"] else f"failed ({entry['gate']['failing_sentences']})"
    numbers = "".join(f'<td class="n">{entry[key]}</td>' for key in ("sentences", *STATUSES, "findings"))
    return (f'<tr><td><a href="{link}">{name}</a></td><td class="{status}">{status}</td>'
            f'<td>{escape(entry["target"] or "")}</td><td>{escape(", ".join(entry["versions"]))}</td>{numbers}'
            f'<td>{gate}</td></tr>')
