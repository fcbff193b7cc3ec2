"""Check many documents in one run: each as ``mtqa check`` checks one, then the run's index.

Every document is one call of ``check_document``, which reads, analyses, decides, renders and
publishes its report and returns its index entry; the run calls it for each document in turn, or
hands each to a Dask worker as one task (``mtqa.cluster``). Since a task does exactly what the
serial run does, the reports are the same byte for byte either way.

A document whose input is bad is listed in the index with its one-line error; the run goes on. Each
report holds ``resume.json``, its fingerprint (``mtqa.fingerprint``) and its index entry, published
with the report; a rerun skips a document whose fingerprint is unchanged and lists it from there.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from mtqa.batch import BatchDocument, find_documents, read_manifest
from mtqa.errors import InputError
from mtqa.gate import evaluate_gate
from mtqa.pipeline import (CheckRequest, _probe_output_dir, _progress, _publish_report, analyse, decide,
                           REPORT_FILES, default_report_dir, publish, read_inputs, render)
from mtqa.runindex import document_entry, error_entry, index_files, run_summary
from mtqa.wording import plural

RESUME_FILE = "resume.json"


@dataclass(frozen=True)
class BatchRequest:
    """A run of many documents: the settings they share (``request``, whose path is the folder or the
    manifest and whose output is the run's folder), and how to run them."""

    request: CheckRequest
    recursive: bool = False  # the path is a folder to search for corpus folders, else a manifest
    workers: int | None = None  # a local Dask cluster of this many worker processes
    scheduler: str | None = None  # the address of a running Dask scheduler
    resume: bool = True  # skip documents whose fingerprint is unchanged


@dataclass(frozen=True)
class DocumentJob:
    """One document's check: its name in the run, and its request (its report folder as output)."""

    name: str
    request: CheckRequest
    resume: bool = True


@dataclass
class DocumentOutcome:
    """What checking one document gave: its index entry, its warnings, whether it was skipped."""

    entry: dict
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False


@dataclass
class RunResult:
    """A finished run: its folder, every document's entry (in the run's order) and the totals."""

    folder: Path
    entries: list[dict]
    summary: dict
    skipped: int


def check_document(job: DocumentJob) -> DocumentOutcome:
    """Check one document and publish its report, or skip it when its last report is up to date.

    Runs where the run is (serially) or on a Dask worker; warnings come back in the outcome.
    """
    from mtqa.fingerprint import document_fingerprint

    request, found = job.request, []
    with warnings.catch_warnings():
        if request.quiet:
            warnings.simplefilter("ignore")
        try:
            fingerprint = document_fingerprint(request)
            recorded = _recorded_entry(request, fingerprint) if job.resume else None
            if recorded is not None:
                return DocumentOutcome(recorded, skipped=True)
            inputs = read_inputs(request, found.append)
            decision = decide(analyse(inputs, request), inputs, request)
            entry = document_entry(job.name, decision.counts, decision.gate)
            files = render(decision, inputs, request)
            files[RESUME_FILE] = lambda: json.dumps({"fingerprint": fingerprint, "entry": entry},
                                                    ensure_ascii=False, indent=2) + "\n"
            publish(inputs, request, decision, files)
        except InputError as error:
            return DocumentOutcome(error_entry(job.name, str(request.path), str(error)), found)
    return DocumentOutcome(entry, found)


def _recorded_entry(request: CheckRequest, fingerprint: str) -> dict | None:
    """The index entry the report folder records for this fingerprint, if its report files are all there."""
    folder = request.output
    names = [REPORT_FILES[name] for name in request.formats or REPORT_FILES]
    if not all((folder / name).is_file() for name in names):
        return None
    try:
        record = json.loads((folder / RESUME_FILE).read_text(encoding="utf-8"))
        return record["entry"] if record["fingerprint"] == fingerprint else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_batch(batch: BatchRequest, warn: Callable[[str], None],
              task: Callable[[DocumentJob], DocumentOutcome] = check_document) -> RunResult:
    """Check every document of the run, then write its index; ``warn`` gets each document's warnings.

    ``task`` checks one document (tests pass one that fails on purpose).
    """
    request = batch.request
    documents = find_documents(request.path) if batch.recursive else read_manifest(request.path)
    folder = request.output or default_report_dir(request.path)
    _probe_output_dir(folder)
    jobs = [DocumentJob(doc.name, _document_request(request, doc, folder), batch.resume) for doc in documents]
    entries: list[dict | None] = [None] * len(jobs)
    skipped = done = 0

    def still(_: str) -> str:
        return f"still checking, {plural(len(jobs) - done, 'document')} to go"

    with _progress(request.quiet, len(jobs), still) as step:
        for i, outcome in _outcomes(jobs, batch, task):
            entries[i], skipped, done = outcome.entry, skipped + outcome.skipped, done + 1
            for message in outcome.warnings:
                warn(message)
            step(_progress_line(outcome))
    summary = run_summary(entries, evaluate_gate([], request.fail_on, request.max_risk).settings)
    report_file = "report.html" if "html" in (request.formats or REPORT_FILES) else None
    _publish_report(folder, index_files(entries, summary, f"mtqa run: {request.path}", report_file))
    return RunResult(folder, entries, summary, skipped)


def _document_request(shared: CheckRequest, doc: BatchDocument, folder: Path) -> CheckRequest:
    return replace(shared, path=doc.path, versions=doc.versions, version_langs=doc.version_langs,
                   target_lang=doc.target_lang or shared.target_lang, source_lang=doc.source_lang or shared.source_lang,
                   output=folder / doc.name, quiet=True)


def _outcomes(jobs: list[DocumentJob], batch: BatchRequest,
              task: Callable[[DocumentJob], DocumentOutcome]) -> Iterator[tuple[int, DocumentOutcome]]:
    """(job's position, its outcome) for every job: in order here, as they finish on a Dask cluster."""
    if batch.workers is None and batch.scheduler is None:
        for i, job in enumerate(jobs):
            yield i, task(job)
        return
    from mtqa.cluster import LostTask, dask_client, run_tasks

    with dask_client(batch.workers, batch.scheduler, quiet=batch.request.quiet) as client:
        for i, outcome in run_tasks(client, task, jobs):
            if isinstance(outcome, LostTask):
                outcome = DocumentOutcome(error_entry(jobs[i].name, str(jobs[i].request.path), outcome.message))
            yield i, outcome


def _progress_line(outcome: DocumentOutcome) -> str:
    entry = outcome.entry
    if entry["error"] is not None:
        return f"{entry['document']}: input error: {entry['error']}"
    counts = f"{entry['ok']} ok, {entry['review']} review, {entry['critical']} critical"
    if outcome.skipped:
        return f"{entry['document']}: skipped, unchanged since its report ({counts})"
    return f"{entry['document']}: {plural(entry['sentences'], 'sentence')}, {counts}"

