"""The jobs behind the CLI commands, from paths to written reports.

Kept apart from ``mtqa.cli`` so the command line stays a thin layer and these steps can be
called (and tested) without Typer.
"""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping

from mtqa.baseline import filter_rows, load_baseline
from mtqa.config import CheckConfig
from mtqa.errors import InputError
from mtqa.gate import GateResult, evaluate_gate, junit_xml
from mtqa.documents import Document
from mtqa.io.bilingual import is_bilingual_path, read_bilingual, to_documents
from mtqa.io.files import MiB, read_limited
from mtqa.langid import base_language, lang_from_filename
from mtqa.segcache import segmentation_cache
from mtqa.stageclock import stage
from mtqa.units import split_long_units, unit_offsets
from mtqa.wording import plural

if TYPE_CHECKING:
    from mtqa.api import CheckResult

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
REPORT_FORMATS = ("jsonl", "csv", "json", "md", "junit", "xlsx", "html")
DEFAULT_TARGET = "de"
SHORT_VERSION_RATIO = 0.5
MAX_REPORT_BYTES = 1024 * MiB  # sentences.jsonl read by 'mtqa baseline'
HEARTBEAT_S = 30.0  # seconds between "still ..." progress lines when stderr is not a terminal


def find_corpus_files(folder: Path, target_lang: str | None, warn: Callable[[str], None]) -> tuple[Path, list[Path], str]:
    """The target file and the version files of a corpus folder (``<lang>.txt`` each)."""
    if not folder.exists():
        raise InputError("folder not found", folder)
    by_lang: dict[str, Path] = {}
    for file in sorted(folder.iterdir()):
        if not file.is_file() or file.name.startswith("."):
            continue
        lang = lang_from_filename(file) if file.suffix.lower() in TEXT_SUFFIXES else None
        if lang is None:
            if file.suffix.lower() in TEXT_SUFFIXES:
                warn(f"{file}: ignored, the file name is not a language code (name versions like en.txt)")
            continue
        if lang in by_lang:
            raise InputError(f"two files for language '{lang}': {by_lang[lang].name} and {file.name}", folder)
        by_lang[lang] = file
    if not by_lang:
        raise InputError("no texts named by their language in the folder (name them like de.txt and en.txt)", folder)
    target_lang = base_language(target_lang or DEFAULT_TARGET)
    if target_lang not in by_lang:
        found = ", ".join(sorted(by_lang))
        raise InputError(f"no target text {target_lang}.txt in the folder (languages found: {found}); "
                         f"add it, or pass --target-lang with one of the languages found", folder)
    target = by_lang.pop(target_lang)
    return target, [by_lang[lang] for lang in sorted(by_lang)], target_lang


def _html(rows: list[dict], summary: dict, title: str) -> Iterator[str]:
    from mtqa.report.html import html_pieces

    return html_pieces(rows, summary, title)


def _xlsx(rows: list[dict], version_langs: list[str]) -> bytes:
    from mtqa.report.xlsx import workbook_bytes

    return workbook_bytes(rows, version_langs)


@dataclass(frozen=True)
class _Steps:
    """Progress as a run reports it: calling it starts the next step; ``detail`` says how far a long
    step has got (a plain line off a terminal; nothing on a bar, which shows time instead)."""

    start: Callable[[str], None]
    detail: Callable[[str], None] = lambda message: None

    def __call__(self, message: str) -> None:
        self.start(message)


@contextmanager
def _progress(quiet: bool, steps: int, still: Callable[[str], str] | None = None) -> Iterator[_Steps]:
    """Progress on stderr, advanced once per step with the step's name (silent when quiet).

    A progress bar on a terminal; elsewhere (a CI log, a file) a plain line per step, since a bar
    redrawn in place shows nothing there. ``still`` makes a heartbeat line from the last step's
    name [default: ``still <step>``].
    """
    if quiet:
        yield _Steps(lambda message: None)
    elif sys.stderr.isatty():
        with _progress_bar(steps) as step:
            yield step
    else:
        with _progress_lines(steps, still=still) as step:
            yield step


@contextmanager
def _progress_lines(steps: int, heartbeat_s: float = HEARTBEAT_S,
                    still: Callable[[str], str] | None = None) -> Iterator[_Steps]:
    """A step function that prints ``mtqa: [k/steps] <step> (<seconds> s)`` on stderr, and while a
    step runs, a ``still <step>`` line every ``heartbeat_s`` seconds, so a CI log never goes quiet."""
    started = time.monotonic()
    state = {"done": 0, "step": ""}
    stop = threading.Event()

    def say(text: str) -> None:
        print(f"mtqa: [{state['done']}/{steps}] {text} ({time.monotonic() - started:.0f} s)", file=sys.stderr,
              flush=True)

    def step(message: str) -> None:
        state["done"] += 1
        state["step"] = message
        say(message)

    def beat() -> None:
        while not stop.wait(heartbeat_s):
            if state["step"]:
                say(still(state["step"]) if still else f"still {state['step']}")

    beater = threading.Thread(target=beat, daemon=True)
    beater.start()
    try:
        yield _Steps(step, say)
    finally:
        stop.set()
        beater.join()


@contextmanager
def _progress_bar(steps: int) -> Iterator[_Steps]:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<28}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=steps)
        started = False

        def step(message: str) -> None:
            nonlocal started
            if started:
                bar.advance(task)
            started = True
            bar.update(task, description=message)

        yield _Steps(step)
        bar.update(task, completed=steps)


def config_options(config: CheckConfig) -> dict[str, object]:
    """The check settings that change a report, for its signature."""
    options: dict[str, object] = {}
    if config.select is not None:
        options["select"] = ",".join(config.select)
    if config.ignore:
        options["ignore"] = ",".join(config.ignore)
    for code, severity in sorted(config.severity.items()):
        options[f"severity.{code}"] = severity
    for name, value in sorted(config.thresholds.items()):
        options[f"threshold.{name}"] = value
    if config.glossary_files:
        options["glossary"] = ",".join(Path(p).name for p in config.glossary_files)
    return options


def default_report_dir(path: Path) -> Path:
    name = path.resolve().name if path.is_dir() else (path.resolve().parent.name if lang_from_filename(path) else path.stem)
    return Path("reports") / (name or "report")


@dataclass(frozen=True)
class CheckRequest:
    """Everything ``mtqa check`` is asked to do: the inputs, how to analyse them, the gate, the report."""

    path: Path
    versions: tuple[Path, ...] = ()
    version_langs: Mapping[Path, str] = field(default_factory=dict)  # from --version LANG=FILE
    target_lang: str | None = None
    source_lang: str | None = None
    encoding: str | None = None
    aligned: bool = False
    encoder: str = "auto"
    second_opinion: bool = False  # e5's cosine per unit, shown in the report; no check reads it
    quality_estimation: str | None = "qe"
    back_translation: tuple[str, ...] = ()
    cache_dir: str | None = None
    config: CheckConfig = field(default_factory=CheckConfig)
    baseline: Path | None = None
    fail_on: str | None = None
    max_risk: float | None = None
    output: Path | None = None
    formats: tuple[str, ...] | None = None
    xliff_out: Path | None = None
    quiet: bool = True


@dataclass
class Inputs:
    """The documents read for a request, and what else the later stages need from the input side."""

    target: Document
    versions: list[Document]
    report_dir: Path
    bilingual: object | None = None  # the translation file read (``mtqa.io.bilingual``), if one was given
    unit_starts: dict[int, int] = field(default_factory=dict)  # where each translation unit starts
    back_translation_models: dict[str, str] = field(default_factory=dict)
    suppressions: object | None = None  # the baseline (``mtqa.baseline``), read before the long run


@dataclass
class Analysis:
    """The alignment, quality estimates and findings of a run, as report rows."""

    result: CheckResult
    rows: list[dict]
    qe_name: str | None


@dataclass
class Decision:
    """The rows after suppressions, their counts, the report's signature and the gate's verdict."""

    rows: list[dict]
    counts: dict
    signature: str
    summary_data: dict
    gate: GateResult


def run_check(request: CheckRequest, warn: Callable[[str], None]) -> tuple[Path, str, GateResult]:
    """Read, analyse, decide, render, publish; returns the report folder, a summary and the gate's verdict."""
    inputs = read_inputs(request, warn)
    analysis = analyse(inputs, request)
    decision = decide(analysis, inputs, request)
    publish(inputs, request, decision, render(decision, inputs, request))
    return inputs.report_dir, summary_text(decision, inputs), decision.gate


def read_inputs(request: CheckRequest, warn: Callable[[str], None]) -> Inputs:
    """Check the request against the files, read and segment them; warnings go to ``warn``.

    Everything a user gave is read or checked here, so that a bad file fails before the long run.
    """
    from mtqa.reading import read_document

    bilingual, target_path, versions, target_lang = _locate_inputs(request, warn)
    request.config.load_glossaries()
    suppressions = load_baseline(request.baseline) if request.baseline else None
    aligned = request.aligned or bilingual is not None  # translation units are already paired
    with stage("read and segment"), segmentation_cache(request.cache_dir):
        if bilingual is not None:
            target, source = to_documents(bilingual)
            version_docs = [source]
        else:
            target_lang = _language_of(target_path, target_lang, "name it like de.txt or pass --target-lang")
            target = read_document(target_path, target_lang, presegmented=aligned, encoding=request.encoding)
            version_docs = [_read_version(v, request.version_langs.get(v), aligned, request.encoding) for v in versions]
    unit_starts: dict[int, int] = {}
    if aligned:
        for doc in version_docs:
            if len(doc.sentences) != len(target.sentences):
                raise InputError(f"--aligned needs the same number of lines as the target "
                                 f"({len(doc.sentences)} against {len(target.sentences)})", doc.path)
        unit_starts = unit_offsets(target)
        target, version_docs = split_long_units(target), [split_long_units(doc) for doc in version_docs]
    back_translation_models = {}
    if request.back_translation:
        from mtqa.qe.versions import parse_back_translation_specs

        back_translation_models = parse_back_translation_specs(list(request.back_translation),
                                                               [d.lang for d in version_docs])
    report_dir = request.output or default_report_dir(request.path)
    _probe_output_dir(report_dir)
    _check_versions(target, version_docs)
    for doc in [target, *version_docs]:
        for message in doc.warnings:
            warn(f"{doc.path}: {message}")
    return Inputs(target, version_docs, report_dir, bilingual, unit_starts, back_translation_models, suppressions)


def _locate_inputs(request: CheckRequest, warn: Callable[[str], None]) -> tuple:
    """(translation file read or None, target file, version files, target language) for the request's path."""
    path, versions, target_lang = request.path, list(request.versions), request.target_lang
    target_path = None
    if not path.exists():
        raise InputError("not found", path)
    bilingual = None
    if path.is_file() and is_bilingual_path(path):
        if versions:
            raise InputError("a translation file (XLIFF, TMX, PO, CSV) carries its own source; drop --version", path)
        bilingual = read_bilingual(path, source_lang=request.source_lang, target_lang=target_lang)
        if request.xliff_out and not bilingual.is_xliff:
            raise InputError("--xliff-out needs an XLIFF file as input", path)
    elif request.xliff_out:
        raise InputError("--xliff-out needs an XLIFF file as input", path)
    elif path.is_dir():
        if versions:
            raise InputError("give either a corpus folder or a target file with --version files, not both", path)
        target_path, versions, target_lang = find_corpus_files(path, target_lang, warn)
        if not versions:
            raise InputError("no versions to compare with: the folder has only the target text (add e.g. en.txt)", path)
    else:
        target_path = path
        if not versions:
            raise InputError("no versions to compare with; pass --version FILE (or give a corpus folder)", path)
    return bilingual, target_path, versions, target_lang


def _check_versions(target: Document, versions: list[Document]) -> None:
    """One version per language; a version with far fewer sentences than the target gets a warning."""
    seen = {target.lang}
    target_content = sum(1 for s in target.sentences if not s.boilerplate)
    for doc in versions:
        if doc.lang in seen:
            raise InputError(f"a second text in language '{doc.lang}'; each version needs its own language", doc.path)
        seen.add(doc.lang)
        content = sum(1 for s in doc.sentences if not s.boilerplate)
        if content < SHORT_VERSION_RATIO * target_content:
            doc.warnings.append(f"has {plural(content, 'content sentence')} against {target_content} in the target; "
                                "much of the target will have no counterpart")


def analyse(inputs: Inputs, request: CheckRequest) -> Analysis:
    """Align (or pair) the target with every version, estimate quality, run the checks: report rows."""
    from mtqa.api import check
    from mtqa.checks import run_checks
    from mtqa.checks.view import document_view
    from mtqa.report.table import build_rows

    aligned = request.aligned or inputs.bilingual is not None
    config, cache_dir = request.config, request.cache_dir
    steps = len(inputs.versions) + 1 + bool(request.quality_estimation) + bool(inputs.back_translation_models)
    with _progress(request.quiet, steps) as step:
        result = check(inputs.target, inputs.versions, encoder=request.encoder,
                       second_encoder="e5" if request.second_opinion else None, cache_dir=cache_dir,
                       presegmented_pairs=aligned, progress=step, detail=step.detail)
        view = document_view(result)
        view.cache_dir = cache_dir
        qe_name = None
        if request.quality_estimation:
            from mtqa.checks.quality import estimate_quality

            step(f"estimating quality ({plural(sum(1 for s in view.content() if s.text), 'sentence')})")
            with stage("quality estimation"):
                qe_name = estimate_quality(view, cache_dir=cache_dir, model=request.quality_estimation,
                                           detail=step.detail)
        step("checking")
        findings = run_checks(view, config)
        with stage("rows"):
            rows = build_rows(result, findings, config.threshold("review_risk"), view.quality)
            if aligned:
                rows = _without_blank_lines(rows)
        if inputs.back_translation_models:
            from mtqa.qe.versions import add_back_translations

            step("back-translating")
            with stage("back-translation"):
                add_back_translations(rows, inputs.target.lang, inputs.back_translation_models)
    return Analysis(result, rows, qe_name)


def decide(analysis: Analysis, inputs: Inputs, request: CheckRequest) -> Decision:
    """Suppress the baseline's findings, count, sign the settings and apply the gate."""
    from mtqa.report.table import summary_counts
    from mtqa.signature import format_signature, signature_fields

    config, result, rows = request.config, analysis.result, analysis.rows
    with stage("decide"):
        if inputs.suppressions is not None:
            rows = filter_rows(rows, inputs.suppressions, config.threshold("review_risk"))
        counts = summary_counts(result, rows)
        options = {**result.options, **config_options(config)}
        if analysis.qe_name:
            options["qe"] = analysis.qe_name
        if inputs.back_translation_models:
            options["back_translation"] = ",".join(f"{lang}={Path(d).name}"
                                                   for lang, d in sorted(inputs.back_translation_models.items()))
        if request.baseline:
            options["baseline"] = request.baseline.name
        fields = signature_fields(inputs.target.lang, [d.lang for d in inputs.versions], result.encoders, options)
        signature = format_signature(fields)
        gate = evaluate_gate(rows, request.fail_on, request.max_risk)
        summary_data = {**counts, "gate": {"passed": gate.passed, "settings": gate.settings, "failures": gate.failures},
                        "signature": signature, "signature_fields": fields}
    return Decision(rows, counts, signature, summary_data, gate)


# Each report format and the file it is written to, in the order they are made.
REPORT_FILES = {"jsonl": "sentences.jsonl", "csv": "sentences.csv", "json": "summary.json", "md": "summary.md",
                "junit": "junit.xml", "xlsx": "sentences.xlsx", "html": "report.html"}


def render(decision: Decision, inputs: Inputs, request: CheckRequest) -> dict[str, Callable[[], str | bytes]]:
    """The report files asked for, by file name, each as a function that makes it: ``publish`` makes
    and writes them one at a time, so a large report holds one file in memory, not all of them."""
    from mtqa.report.table import csv_text
    from mtqa.report.writers import json_text, jsonl_text, summary_markdown

    rows, langs, target = decision.rows, [d.lang for d in inputs.versions], inputs.target
    renderers = {
        "jsonl": lambda: jsonl_text(rows),
        "csv": lambda: csv_text(rows, langs),
        "json": lambda: json_text(decision.summary_data),
        "md": lambda: summary_markdown(decision.counts, decision.signature),
        "junit": lambda: junit_xml(rows, decision.gate, target.path or target.lang),
        "xlsx": lambda: _xlsx(rows, langs),
        "html": lambda: _html(rows, decision.summary_data, f"mtqa report: {target.path or target.lang}"),
    }
    return {REPORT_FILES[name]: _timed(f"render {name}", renderers[name]) for name in request.formats or REPORT_FILES}


def _timed(name: str, make: Callable[[], str | bytes | Iterator[str]]) -> Callable[[], str | bytes | Iterator[str]]:
    """``make``, its time counted as stage ``name`` (also while a file made in pieces is being made)."""
    def timed() -> str | bytes | Iterator[str]:
        with stage(name):
            made = make()
        return made if isinstance(made, (str, bytes)) else _timed_pieces(name, made)
    return timed


def _timed_pieces(name: str, pieces: Iterator[str]) -> Iterator[str]:
    while True:
        with stage(name):
            piece = next(pieces, None)
        if piece is None:
            return
        yield piece


def publish(inputs: Inputs, request: CheckRequest, decision: Decision,
            files: dict[str, Callable[[], str | bytes]]) -> None:
    """Put the report files in place (and the annotated XLIFF copy, if asked for)."""
    with stage("publish"):
        _publish_report(inputs.report_dir, files)
        if request.xliff_out is not None and inputs.bilingual is not None:
            from mtqa.io.xliff_writer import write_xliff_with_findings

            units = _findings_by_unit(decision.rows, inputs.bilingual.units, inputs.unit_starts)
            write_xliff_with_findings(request.path, request.xliff_out, units)


def summary_text(decision: Decision, inputs: Inputs) -> str:
    """What the console shows after a run: the counts, the flagged sentences and the signature."""
    from mtqa.report.writers import flagged_lines

    counts, target = decision.counts, inputs.target
    status = counts["status"]
    return "\n".join([f"{plural(counts['target']['sentences'], f'{target.lang} sentence')} checked against "
                      f"{', '.join(d.lang for d in inputs.versions)}: {status['ok']} ok, {status['review']} review, "
                      f"{status['critical']} critical", *("  " + line for line in flagged_lines(counts["flagged"])),
                      decision.signature])


def _findings_by_unit(rows: list[dict], units: list, unit_starts: dict[int, int]) -> dict[str, list[dict]]:
    """Each translation unit's findings, offsets into the unit's text (a unit cut into parts has
    several rows; a part's findings are shifted by where the part starts in its unit)."""
    by_unit: dict[str, list[dict]] = {}
    for row in rows:
        if row["kind"] != "target" or not row["findings"]:
            continue
        shift = row["start"] - unit_starts[row["paragraph"]]
        found = [{**f, "start": f["start"] + shift, "end": f["end"] + shift} for f in row["findings"]]
        by_unit.setdefault(units[row["paragraph"]].id, []).extend(found)
    return by_unit


def _without_blank_lines(rows: list[dict]) -> list[dict]:
    """Line-paired rows without the target's blank lines, which are no sentences to count or test.

    The other rows keep their ids, which are line numbers (from 0), so nothing is renumbered. A
    version's text opposite a blank target line stays, as an unaligned-version row; a blank line
    that a check flagged stays too, so that no finding is lost.
    """
    return [row for row in rows if row["kind"] != "target" or row["text"] or row["findings"]]


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, deepest first."""
    return [p for p in (folder, *folder.parents) if not p.exists()]


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:  # not empty, or never made: keep it and everything above it
            return


def _probe_output_dir(folder: Path) -> None:
    """Fail now, before the long run, if the report folder cannot be written, but leave no folder behind.

    The folder is made only when the report is published, so an interrupted run leaves none.
    """
    from mtqa.report.writers import clear_stale_staging, prepare_output_dir

    clear_stale_staging(folder)
    missing = _missing_folders(folder)
    try:
        prepare_output_dir(folder)
    finally:
        _remove_empty(missing)


def _publish_report(folder: Path, files: dict[str, Callable[[], str | bytes]]) -> Path:
    """Make the report folder and move the files into it; a folder made here goes again if that fails."""
    from mtqa.report.writers import prepare_output_dir, publish

    missing = _missing_folders(folder)
    try:
        publish(prepare_output_dir(folder), files)
    except BaseException:
        _remove_empty(missing)
        raise
    return folder


def _language_of(path: Path, given: str | None, advice: str) -> str | None:
    """The language given for a file, else the one its name declares; an ``InputError`` with ``advice`` if neither.

    Only for an existing file: a missing one is reported as missing when it is read.
    """
    lang = given or lang_from_filename(path)
    if lang is None and path.is_file():
        raise InputError(f"cannot tell its language from the file name; {advice}", path)
    return lang


def _read_version(path: Path, lang: str | None, aligned: bool, encoding: str | None):
    """Read one version file; its language is ``lang`` (from ``--version LANG=FILE``) or its file name's."""
    from mtqa.reading import read_document

    advice = f"name it like en.txt or give its language, e.g. --version en={path}"
    return read_document(path, _language_of(path, lang, advice), presegmented=aligned, encoding=encoding)


def _guess_language(path: Path, encoding: str | None) -> str:
    """The language a file's name declares, else the one its text is detected as ('und' if neither)."""
    from mtqa.io.plaintext import read_text
    from mtqa.langid import detect_language

    declared = lang_from_filename(path)
    if declared:
        return declared
    guess = detect_language(read_text(path, encoding))
    return guess.lang if guess else "und"


def run_baseline(report: Path | None, output: Path, decisions: list[Path]) -> str:
    """Add a report's findings and/or reviewer decisions to the baseline file; returns a summary line."""
    import json

    from mtqa.baseline import Baseline, baseline_from_rows, read_decisions_json, save_baseline

    current = load_baseline(output) if output.exists() else Baseline()
    recorded = 0
    if report is not None:
        rows_file = report / "sentences.jsonl" if report.is_dir() else report
        if not rows_file.exists():
            raise InputError("no sentences.jsonl here; give a report folder written by 'mtqa check'", report)
        raw = read_limited(rows_file, "report", MAX_REPORT_BYTES)
        try:
            # split at "\n" only: the JSON Lines keep U+2028 and other line separators raw inside strings
            rows = [json.loads(line) for line in raw.decode("utf-8").split("\n") if line.strip()]
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
            raise InputError(f"is not an mtqa report ({error.__class__.__name__})", rows_file) from None
        found = baseline_from_rows(rows)
        recorded = len(found)
        current.merge(found)
    added = removed = 0
    for path in decisions:
        if path.suffix.lower() == ".xlsx":
            from mtqa.report.xlsx import read_decisions as read
        else:
            read = read_decisions_json
        stats = current.add_decisions(read(path))
        added, removed = added + stats.added + stats.updated, removed + stats.removed
    save_baseline(output, current)
    return (f"{output}: {plural(len(current), 'suppressed finding')} ({recorded} from the report, "
            f"{plural(added, 'reviewer decision')} applied, {removed} removed)")


def run_align(source: Path, target: Path, *, presegmented: bool, src_lang: str | None, tgt_lang: str | None,
              encoder: str, cache_dir: str | None, with_text: bool, encoding: str | None = None) -> list[str]:
    """Align two files and format each unit as ``[i,j]:[k]`` (plus the texts with ``with_text``)."""
    from mtqa.api import align_sentences
    from mtqa.encoders import get_encoder
    from mtqa.reading import read_document

    src_doc, tgt_doc = (read_document(path, lang or _guess_language(path, encoding), presegmented=presegmented,
                                      check_language=False, encoding=encoding)
                        for path, lang in ((source, src_lang), (target, tgt_lang)))
    src = [s.text for s in src_doc.sentences]
    tgt = [s.text for s in tgt_doc.sentences]
    units = align_sentences(src, tgt, get_encoder(encoder, [src_doc.lang, tgt_doc.lang], cache_dir))
    lines = []
    for unit in units:
        line = f"[{','.join(map(str, unit.source))}]:[{','.join(map(str, unit.target))}]"
        if with_text:
            line += "\t" + " ".join(src[i] for i in unit.source) + "\t" + " ".join(tgt[j] for j in unit.target)
        lines.append(line)
    return lines
